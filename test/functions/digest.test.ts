/** Digest: units that never reported, delivery switches and failures, the previous scan, Markdown bounds. */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_BYTES, makeDigestHandler, truncateMarkdown } from '#functions/digest.js';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import {
  digestMarkdown,
  fakeAssumeRole,
  metricValues,
  plannedUnits,
  recordingTools,
  simClientsFor,
} from './helpers.js';

const secrets = mockClient(SecretsManagerClient);
const ses = mockClient(SESv2Client);
let dyn: LocalDynamo;
let s3: LocalS3;
let store: DynamoStore;
let n = 0;
const sim = createSimulatedAccount();

beforeAll(async () => {
  dyn = await startDynalite('perfscan-digest');
  s3 = await startS3();
  store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
});
afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
  secrets.restore();
  ses.restore();
});

/** Plan a run at `at` and scan the units `scanUnits` picks (default: all). */
async function planAndScan(at: Date, scanUnits: (units: string[]) => string[] = (u) => u) {
  const env = { TABLE_NAME: dyn.tableName, AWS_REGION: 'eu-west-1', RUN_BUCKET: s3.bucket };
  const deps = {
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor: simClientsFor([sim]),
    assumeRole: fakeAssumeRole(),
    tools: recordingTools().tools,
  };
  const plan = makePlanHandler({ ...deps, env: { ...env, SERVICES: 'ebs,vpc' } });
  const scan = makeScanHandler({ ...deps, env, clock: () => sim.options.now });
  const r = await plan({ input: {}, executionId: `exec-${++n}`, startedAt: at.toISOString() });
  for (const unit of scanUnits(await plannedUnits(s3, r))) await scan({ scanId: r.scanId, unit });
  return r;
}

function digestHandler(env: Record<string, string> = {}) {
  const rec = recordingTools();
  const digest = makeDigestHandler({
    env: { TABLE_NAME: dyn.tableName, RUN_BUCKET: s3.bucket, ...env },
    dynamo: dyn.client,
    s3: s3.client,
    secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
    ses: new SESv2Client({ region: 'eu-west-1' }),
    clock: () => new Date('2026-12-01T00:00:00Z'),
    slackRetry: { retries: 0 },
    tools: rec.tools,
  });
  return { digest, rec };
}

describe('Digest handler', () => {
  it('planned units without a stored summary count as failed; all units failed = a failed scan', async () => {
    const r = await planAndScan(new Date('2026-11-01T06:00:00Z'), (u) => u.slice(0, 1));
    const { digest } = digestHandler();
    const out = await digest({ scanId: r.scanId, unitsKey: r.unitsKey });
    expect(out).toMatchObject({ status: 'partial', delivered: { slack: 'off', email: 'off' } });
    expect(await digestMarkdown(s3, out)).toContain('No result: the Scan Lambda failed after its retries');
    expect(await store.getScanHeader(r.scanId)).toMatchObject({
      status: 'partial',
      coverage: { unitsPlanned: 3, unitsScanned: 1, unitsFailed: 2 },
    });

    const none = await planAndScan(new Date('2026-11-02T06:00:00Z'), () => []);
    const out2 = await digest({ scanId: none.scanId, unitsKey: none.unitsKey });
    expect(out2).toMatchObject({ status: 'failed', level: null });
    expect(await store.getScanHeader(none.scanId)).toMatchObject({
      status: 'failed',
      coverage: { unitsFailed: 3, unitsScanned: 0 },
    });
  });

  it('compares with the newest finished scan, skipping failed and still-running ones', async () => {
    const finished = await planAndScan(new Date('2026-11-03T06:00:00Z'));
    await digestHandler().digest({ scanId: finished.scanId, unitsKey: finished.unitsKey });
    const failed = await planAndScan(new Date('2026-11-04T06:00:00Z'), () => []);
    await digestHandler().digest({ scanId: failed.scanId, unitsKey: failed.unitsKey });
    await planAndScan(new Date('2026-11-05T06:00:00Z')); // never digested: still 'running'
    const current = await planAndScan(new Date('2026-11-06T06:00:00Z'));
    const out = await digestHandler().digest({ scanId: current.scanId, unitsKey: current.unitsKey });
    expect(await digestMarkdown(s3, out)).toContain(`since ${finished.scanId}: 0 new, 0 resolved`);
  });

  it('email only: SES gets the message; a failing SES is reported, not thrown', async () => {
    const r = await planAndScan(new Date('2026-11-07T06:00:00Z'));
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    const ok = await digestHandler({ EMAIL_FROM: 'perf@example.com', EMAIL_TO: 'a@example.com' }).digest({
      scanId: r.scanId,
    });
    expect(ok.delivered).toEqual({ slack: 'off', email: 'sent' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Destination).toEqual({
      ToAddresses: ['a@example.com'],
    });

    ses.reset();
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    const { digest, rec } = digestHandler({ EMAIL_FROM: 'perf@example.com', EMAIL_TO: 'a@example.com' });
    const bad = await digest({ scanId: r.scanId, unitsKey: r.unitsKey });
    expect(bad.delivered).toEqual({ slack: 'off', email: 'failed' });
    expect(bad.deliveryErrors).toEqual(['email: MessageRejected: Email address is not verified.']);
    expect(metricValues(rec, 'DigestDeliveryFailures')).toEqual([1]);
    expect((await store.getScanHeader(r.scanId))?.status).toBe('complete');
  });

  it('a missing Slack secret is a delivery failure, not a crash', async () => {
    const r = await planAndScan(new Date('2026-11-08T06:00:00Z'));
    secrets.reset();
    secrets.on(GetSecretValueCommand).rejects(
      new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret.",
        $metadata: {},
      }),
    );
    const { digest, rec } = digestHandler({ SLACK_SECRET_ARN: 'perfscan/slack' });
    const out = await digest({ scanId: r.scanId, unitsKey: r.unitsKey });
    expect(out.delivered.slack).toBe('failed');
    expect(out.deliveryErrors?.[0]).toMatch(/^slack: ResourceNotFoundException/);
    expect(metricValues(rec, 'DigestDeliveryFailures')).toEqual([1]);
    expect(await digestMarkdown(s3, out)).toMatch(/^# perfscan digest/);
  });

  it('a secret that is not a webhook URL fails delivery without echoing the secret', async () => {
    const r = await planAndScan(new Date('2026-11-09T06:00:00Z'));
    secrets.reset();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'xoxb-not-a-url-token' });
    const out = await digestHandler({ SLACK_SECRET_ARN: 'perfscan/slack' }).digest({
      scanId: r.scanId,
      unitsKey: r.unitsKey,
    });
    expect(out.delivered.slack).toBe('failed');
    expect(JSON.stringify(out)).not.toContain('xoxb-not-a-url-token');
  });
});

describe('truncateMarkdown', () => {
  it('leaves a small digest alone', () => {
    expect(truncateMarkdown('# perfscan digest\n\nfine\n')).toBe('# perfscan digest\n\nfine\n');
  });

  it('cuts at a line boundary under the byte limit, with multi-byte characters, and says so', () => {
    const line = '| ec2-instance-cpu-not-saturated | encoder · größer | 96.9 % |\n';
    const md = '# perfscan digest\n' + line.repeat(10_000);
    expect(Buffer.byteLength(md)).toBeGreaterThan(MAX_MARKDOWN_BYTES);
    const out = truncateMarkdown(md);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MAX_MARKDOWN_BYTES);
    expect(out).not.toContain('\uFFFD');
    expect(out).toMatch(
      /\| 96\.9 % \|\n\n_\(digest truncated: [\d,]+ more bytes; run `perfscan report` for the full report\)_\n$/,
    );
    expect(out.startsWith('# perfscan digest\n')).toBe(true);
  });
});
