/**
 * The deployed run, in-process: Plan -> Scan (each unit) -> Digest against simulated accounts, the
 * DynamoDB store on dynalite, Slack on a local webhook (127.0.0.1), SES/SSM/Secrets Manager mocked.
 * Run 1 is the first scan; run 2, a week later on a changed account, shows the diff and the debt
 * register transitions; run 3's Slack answers 500 and everything stays stored.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDigestHandler, type DigestResult } from '#functions/digest.js';
import { makePlanHandler, type PlanResult } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { DebtEntry, ScanHeader } from '#lib/model/index.js';
import { TABLE_DESIGN } from '#lib/model/table.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { ebsSimState } from '#lib/sim/ebs.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import {
  digestMarkdown,
  fakeAssumeRole,
  fakeSlack,
  metricValues,
  plannedUnits,
  recordingTools,
  simClientsFor,
  type FakeSlack,
  type RecordingTools,
} from './helpers.js';

const OWN = '111122223333';
const MEMBER = '222233334444';
const BROKEN = '333344445555';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:perfscan/slack-AbCdEf';
const WEEK = 7 * 86_400_000;
const T1 = new Date('2026-11-22T06:00:00.000Z');
const T2 = new Date(T1.getTime() + WEEK);
const T3 = new Date(T2.getTime() + 3_600_000);

const config = {
  windowDays: 14,
  attestations: [
    {
      item: 'L2-5',
      met: true,
      by: 'perf-team',
      date: '2026-11-01',
      link: 'https://wiki.example.com/load-tests',
      expires: '2027-11-01',
    },
  ],
};

const ssm = mockClient(SSMClient);
const secrets = mockClient(SecretsManagerClient);
const ses = mockClient(SESv2Client);

let dyn: LocalDynamo;
let s3: LocalS3;
let store: DynamoStore;
let slack: FakeSlack;

function accounts(now: Date): SimAccount[] {
  return [
    createSimulatedAccount({ now }),
    createSimulatedAccount({
      accountId: MEMBER,
      seed: 4242,
      now,
      enabledRegions: ['us-east-1', 'eu-west-1'],
      busyRegions: ['eu-west-1'],
    }),
  ];
}

interface Run {
  /** Plan's result plus the unit list it wrote to the run bucket. */
  plan: PlanResult & { units: string[] };
  retriedPlan?: PlanResult;
  headerAfterPlan?: ScanHeader;
  scans: { unit: string; status: string; findings: Record<string, number> }[];
  /** The Digest's result plus the Markdown it wrote to the run bucket. */
  digest: DigestResult & { markdown: string };
  rec: RecordingTools;
  assumeRole: ReturnType<typeof fakeAssumeRole>;
  clientsFor: ReturnType<typeof simClientsFor>;
}

async function run(opts: {
  sims: SimAccount[];
  at: Date;
  executionId: string;
  input: Record<string, unknown>;
  slackUrl: string;
  retryPlan?: boolean;
}): Promise<Run> {
  const rec = recordingTools();
  const clientsFor = simClientsFor(opts.sims);
  const assumeRole = fakeAssumeRole([BROKEN]);
  // The handlers build their DynamoStore from the environment, as deployed; only the client points at dynalite.
  const common = {
    TABLE_NAME: dyn.tableName,
    CONFIG_PARAMETER_NAME: '/perfscan/config',
    AWS_REGION: 'eu-west-1',
    RUN_BUCKET: s3.bucket,
  };
  secrets
    .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
    .resolves({ SecretString: JSON.stringify({ webhookUrl: opts.slackUrl }) });

  const plan = makePlanHandler({
    env: {
      ...common,
      TARGET_ACCOUNTS: `${OWN},${MEMBER},${BROKEN}`,
      MEMBER_ROLE_NAME: 'PerfscanMemberRole',
      EXTERNAL_ID: 'ext-123',
    },
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor,
    assumeRole,
    tools: rec.tools,
  });
  const scan = makeScanHandler({
    env: {
      ...common,
      MEMBER_ROLE_NAME: 'PerfscanMemberRole',
      EXTERNAL_ID: 'ext-123',
      FINDINGS_TTL_DAYS: '30',
    },
    dynamo: dyn.client,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    clientsFor,
    assumeRole,
    clock: () => opts.at,
    tools: rec.tools,
  });
  const digest = makeDigestHandler({
    env: {
      ...common,
      SLACK_SECRET_ARN: SECRET_ARN,
      EMAIL_FROM: 'perf@example.com',
      EMAIL_TO: 'team@example.com,lead@example.com',
    },
    dynamo: dyn.client,
    s3: s3.client,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
    ses: new SESv2Client({ region: 'eu-west-1' }),
    clock: () => new Date(opts.at.getTime() + 600_000),
    slackRetry: { retries: 2, minTimeoutMs: 10 },
    tools: rec.tools,
  });

  const event = { input: opts.input, executionId: opts.executionId, startedAt: opts.at.toISOString() };
  const planResult = await plan(event);
  const planned = { ...planResult, units: await plannedUnits(s3, planResult) };
  const out: Run = { plan: planned, scans: [], digest: undefined as never, rec, assumeRole, clientsFor };
  if (opts.retryPlan) {
    // Step Functions retries a Plan that timed out after writing: the same execution must give the same scan.
    out.retriedPlan = await plan(event);
    out.headerAfterPlan = await store.getScanHeader(planned.scanId);
  }
  for (const unit of planned.units) out.scans.push(await scan({ scanId: planned.scanId, unit }));
  const digested = await digest({ scanId: planned.scanId, unitsKey: planned.unitsKey });
  out.digest = { ...digested, markdown: await digestMarkdown(s3, digested) };
  return out;
}

function entry(debt: DebtEntry[], checkId: string, resourceId: string): DebtEntry | undefined {
  return debt.find((e) => e.checkId === checkId && e.resourceId === resourceId);
}

/** "since <id>: N new, M resolved, P persisting" of one account in the Markdown digest. */
function accountDiff(
  markdown: string,
  accountId: string,
): { new: number; resolved: number; persisting: number } {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(`Account ${accountId}`)) ?? '';
  const m = /since \S+: (\d+) new, (\d+) resolved, (\d+) persisting/.exec(section);
  if (!m) throw new Error(`no diff line for ${accountId}`);
  return { new: Number(m[1]), resolved: Number(m[2]), persisting: Number(m[3]) };
}

const GP2_VOLUME = 'vol-00c2216557149902a';
const GP3_VOLUME = 'vol-00db914db656ec442';

beforeAll(async () => {
  dyn = await startDynalite('perfscan-flow');
  s3 = await startS3();
  store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
  slack = await fakeSlack(200);
  ssm
    .on(GetParameterCommand, { Name: '/perfscan/config' })
    .resolves({ Parameter: { Name: '/perfscan/config', Value: JSON.stringify(config) } });
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
});

afterAll(async () => {
  await slack?.stop();
  await dyn?.stop();
  await s3?.stop();
  ssm.restore();
  secrets.restore();
  ses.restore();
});

describe('plan -> scan -> digest on the simulated accounts', () => {
  let run1: Run;
  let debt1: DebtEntry[];

  it('run 1: plans every enabled (account, region), records the account whose role cannot be assumed, scans and delivers', async () => {
    run1 = await run({
      sims: accounts(T1),
      at: T1,
      executionId: 'arn:aws:states:eu-west-1:111122223333:execution:perfscan:weekly-1',
      input: { trigger: 'schedule' },
      slackUrl: slack.url,
      retryPlan: true,
    });
    const { plan, digest, rec } = run1;

    // Plan: deterministic scan id, compact keys for the enabled regions of the two reachable accounts.
    expect(plan.scanId).toMatch(/^2026-11-22T06-00-00Z-[0-9a-f]{6}$/);
    expect(run1.retriedPlan?.scanId).toBe(plan.scanId);
    expect(plan.units).toEqual([
      `${OWN}:eu-central-1`,
      `${OWN}:eu-west-1`,
      `${OWN}:us-east-1:g`,
      `${MEMBER}:eu-west-1`,
      `${MEMBER}:us-east-1:g`,
    ]);
    expect(run1.headerAfterPlan).toMatchObject({
      status: 'running',
      trigger: 'schedule',
      accounts: [OWN, MEMBER, BROKEN],
      coverage: { unitsPlanned: 6, unitsScanned: 0 },
    });
    // The header stays small: the unit list is in the run bucket, not in the header.
    expect(run1.headerAfterPlan?.plannedUnits).toBeUndefined();
    // Member accounts through the member role with the external id; the own account with its own credentials.
    expect(run1.assumeRole.calls.map((c) => [c.roleArn, c.externalId])).toEqual(
      expect.arrayContaining([
        [`arn:aws:iam::${MEMBER}:role/PerfscanMemberRole`, 'ext-123'],
        [`arn:aws:iam::${BROKEN}:role/PerfscanMemberRole`, 'ext-123'],
      ]),
    );
    expect(run1.assumeRole.calls.some((c) => c.roleArn.includes(OWN))).toBe(false);
    expect(
      run1.clientsFor.created.filter((c) => c.accountId === MEMBER).every((c) => c.withCredentials),
    ).toBe(true);
    expect(run1.clientsFor.created.filter((c) => c.accountId === OWN).some((c) => c.withCredentials)).toBe(
      false,
    );

    // Scan: every unit scanned, findings stored with the configured TTL.
    expect(run1.scans.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const findings = await store.getFindings(plan.scanId);
    const failing = run1.scans.reduce((n, s) => n + (s.findings.fail ?? 0), 0);
    expect(findings.filter((f) => f.status === 'fail' && !f.suppressedBy)).toHaveLength(failing);
    expect(failing).toBeGreaterThan(100);
    // Findings live in their unit's partition (UNIT#<scan>#<account>#<region>), keyed <check>#<resource>.
    const firstUnit = (await store.getUnits(plan.scanId)).find((u) => u.status === 'ok');
    const raw = await dyn.client.send(
      new QueryCommand({
        TableName: dyn.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': { S: `UNIT#${plan.scanId}#${firstUnit?.accountId}#${firstUnit?.region}` },
        },
        Limit: 1,
      }),
    );
    const ttl = Number(raw.Items?.[0]?.[TABLE_DESIGN.ttlAttribute]?.N);
    expect(Math.abs(ttl - (Date.now() / 1000 + 30 * 86_400))).toBeLessThan(3_600);
    expect(metricValues(rec, 'UnitDurationMs')).toHaveLength(5);
    expect(metricValues(rec, 'ApiCalls').every((n) => n > 0)).toBe(true);
    expect(metricValues(rec, 'Findings').reduce((a, b) => a + b, 0)).toBe(failing);

    // Digest: the unreachable account is a failed unit with its reason; the scan is partial, not failed.
    const header = (await store.getScanHeader(plan.scanId)) as ScanHeader;
    expect(header).toMatchObject({
      status: 'partial',
      coverage: { unitsPlanned: 6, unitsScanned: 5, unitsFailed: 1 },
      findingCounts: { fail: failing },
    });
    expect(header.finishedAt).toBeDefined();
    const broken = (await store.getUnits(plan.scanId)).find((u) => u.accountId === BROKEN);
    expect(broken).toMatchObject({ status: 'failed', region: 'eu-west-1' });
    expect(broken?.error).toMatch(
      /Could not assume arn:aws:iam::333344445555:role\/PerfscanMemberRole: AccessDenied/,
    );

    expect(digest).toMatchObject({
      scanId: plan.scanId,
      status: 'partial',
      delivered: { slack: 'sent', email: 'sent' },
    });
    expect(digest.level).toBeGreaterThanOrEqual(1);
    expect(digest.deliveryErrors).toBeUndefined();
    expect(digest.markdown).toMatch(/^# perfscan digest/);
    expect(digest.markdown).toContain('Could not assume');
    expect(Buffer.byteLength(digest.markdown)).toBeLessThan(200_000);
    expect(metricValues(rec, 'DigestDeliveryFailures')).toEqual([0]);
    expect(rec.published).toBe(2 + 5 + 1);

    // Slack got one Block Kit message with the level and a failing finding.
    expect(slack.bodies).toHaveLength(1);
    const blocks = JSON.stringify(slack.bodies[0]?.blocks);
    expect(blocks).toContain(`Level ${digest.level}`);
    const top = findings.find(
      (f) => f.status === 'fail' && blocks.includes(`${f.checkId} · `) && blocks.includes(f.resourceId),
    );
    expect(top, 'a failing finding named in the Slack blocks').toBeDefined();

    // SES: one email to both recipients, HTML and text parts.
    const mails = ses.commandCalls(SendEmailCommand);
    expect(mails).toHaveLength(1);
    const mail = mails[0]?.args[0].input;
    expect(mail).toMatchObject({
      FromEmailAddress: 'perf@example.com',
      Destination: { ToAddresses: ['team@example.com', 'lead@example.com'] },
    });
    expect(mail?.Content?.Simple?.Subject?.Data).toMatch(/^perfscan 3 accounts: Levels/);
    expect(mail?.Content?.Simple?.Body?.Html?.Data).toContain('<html');
    expect(mail?.Content?.Simple?.Body?.Text?.Data).toContain(OWN);

    debt1 = await store.getDebt(OWN);
    expect(debt1.length).toBeGreaterThan(50);
    expect(debt1.every((e) => e.status === 'open' || e.status === 'suppressed')).toBe(true);
    expect(entry(debt1, 'ebs-volume-type-gp3', GP2_VOLUME)).toMatchObject({
      status: 'open',
      firstSeen: T1.toISOString(),
    });
    expect(entry(debt1, 'ebs-volume-type-gp3', GP3_VOLUME)).toBeUndefined();
  }, 120_000);

  it('run 2: a week later, on a changed account, shows the diff and moves the debt register', async () => {
    const sims = accounts(T2);
    const own = sims[0] as SimAccount;
    // Migrate a gp2 volume to gp3 (its finding resolves) and turn a gp3 volume into gp2 (a new finding).
    const volumes = ebsSimState(own, 'eu-west-1').volumes;
    const migrated = volumes.find((v) => v.VolumeId === GP2_VOLUME);
    const regressed = volumes.find((v) => v.VolumeId === GP3_VOLUME);
    expect([migrated?.VolumeType, regressed?.VolumeType]).toEqual(['gp2', 'gp3']);
    Object.assign(migrated as object, { VolumeType: 'gp3' });
    Object.assign(regressed as object, { VolumeType: 'gp2' });

    const run2 = await run({
      sims,
      at: T2,
      executionId: 'arn:aws:states:eu-west-1:111122223333:execution:perfscan:weekly-2',
      input: { trigger: 'schedule' },
      slackUrl: slack.url,
    });
    expect(run2.plan.scanId).not.toBe(run1.plan.scanId);
    const diff = accountDiff(run2.digest.markdown, OWN);
    expect(diff.new).toBeGreaterThanOrEqual(1);
    expect(diff.resolved).toBeGreaterThanOrEqual(1);
    expect(diff.persisting).toBeGreaterThan(50);
    expect(run2.digest.markdown).toContain(`since ${run1.plan.scanId}`);
    expect(accountDiff(run2.digest.markdown, MEMBER)).toMatchObject({ new: 0, resolved: 0 });

    const debt2 = await store.getDebt(OWN);
    expect(entry(debt2, 'ebs-volume-type-gp3', GP2_VOLUME)).toMatchObject({
      status: 'resolved',
      resolvedAt: T2.toISOString(),
      firstSeen: T1.toISOString(),
    });
    expect(entry(debt2, 'ebs-volume-type-gp3', GP3_VOLUME)).toMatchObject({
      status: 'open',
      firstSeen: T2.toISOString(),
      lastSeen: T2.toISOString(),
    });
    const persisting = debt2.find((e) => e.status === 'open' && e.firstSeen === T1.toISOString());
    expect(persisting).toMatchObject({
      lastSeen: T2.toISOString(),
      ageDays: 7,
      lastScanId: run2.plan.scanId,
    });
    expect(slack.bodies).toHaveLength(2);
    expect(await store.listScans()).toHaveLength(2);
  }, 120_000);

  it('run 3: a Slack webhook answering 500 is retried and reported, and the scan stays stored', async () => {
    const failing = await fakeSlack(500);
    try {
      const run3 = await run({
        sims: accounts(T3),
        at: T3,
        executionId: 'arn:aws:states:eu-west-1:111122223333:execution:perfscan:on-demand-3',
        input: {
          trigger: 'on-demand',
          reason: 'new instance family released',
          scope: { accounts: [OWN], regions: ['eu-west-1'], services: ['ec2', 'ebs'] },
        },
        slackUrl: failing.url,
      });
      expect(run3.plan.units).toEqual([`${OWN}:eu-west-1:g`]);
      // 1 attempt + 2 retries, then reported: result, metric and log, never the webhook URL.
      expect(failing.bodies).toHaveLength(3);
      expect(run3.digest.delivered).toEqual({ slack: 'failed', email: 'sent' });
      expect(run3.digest.deliveryErrors?.[0]).toMatch(/^slack: .*HTTP 500/);
      expect(metricValues(run3.rec, 'DigestDeliveryFailures')).toEqual([1]);
      expect(run3.rec.logs.some((l) => l.level === 'error' && l.message === 'digest delivery failed')).toBe(
        true,
      );
      const everything = JSON.stringify(run3.digest) + JSON.stringify(run3.rec.logs);
      expect(everything).not.toContain('very-secret-token');
      expect(everything).not.toContain(failing.url);

      // Everything stored stays stored: final header, findings, the debt register.
      const header = await store.getScanHeader(run3.plan.scanId);
      expect(header).toMatchObject({
        status: 'complete',
        trigger: 'on-demand',
        reason: 'new instance family released',
        scope: { accounts: [OWN], regions: ['eu-west-1'], services: ['ec2', 'ebs'] },
        coverage: { unitsPlanned: 1, unitsScanned: 1, unitsFailed: 0 },
      });
      expect(header?.score?.overall).toBe(run3.digest.level);
      const findings = await store.getFindings(run3.plan.scanId);
      expect(findings.length).toBeGreaterThan(10);
      expect(new Set(findings.map((f) => f.service))).toEqual(new Set(['ec2', 'ebs']));
      expect(run3.digest.markdown).toContain('new instance family released');
      // The account as it was in run 1: the migrated volume is gp2 again (reopened), the regressed one gp3 (resolved).
      const debt3 = await store.getDebt(OWN);
      expect(entry(debt3, 'ebs-volume-type-gp3', GP2_VOLUME)).toMatchObject({
        status: 'open',
        reopened: 1,
        lastScanId: run3.plan.scanId,
        firstSeen: T1.toISOString(),
      });
      expect(entry(debt3, 'ebs-volume-type-gp3', GP3_VOLUME)).toMatchObject({
        status: 'resolved',
        resolvedAt: T3.toISOString(),
      });
    } finally {
      await failing.stop();
    }
  }, 120_000);
});
