/**
 * Integrations Lambda (the Security Hub export after the digest): off unless the config switches it on; on,
 * the scan's failing findings of this account go to Security Hub (one record per failing finding, the
 * account's default product), a re-run updates instead of duplicating, and a failure is reported, not thrown.
 * DynamoDB on dynalite, Security Hub on aws-sdk-client-mock. Also: rescore ids (`-r1`) are accepted scan ids.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeDigestHandler } from '#functions/digest.js';
import { makeIntegrationsHandler } from '#functions/integrations.js';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { ScanIdSchema } from '#functions/shared.js';
import { defaultProductArn } from '#lib/integrations/asff.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { fakeSecurityHub, type FakeSecurityHub } from '../integrations/fake-securityhub.js';
import { fakeAssumeRole, plannedUnits, recordingTools, simClientsFor } from './helpers.js';

const ssm = mockClient(SSMClient);
let dyn: LocalDynamo;
let s3: LocalS3;
let hub: FakeSecurityHub;
const sim = createSimulatedAccount();
let scanId: string;

beforeAll(async () => {
  dyn = await startDynalite('perfscan-integrations');
  s3 = await startS3();
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
  const r = await plan({ input: {}, executionId: 'exec-sh', startedAt: '2026-11-20T06:00:00.000Z' });
  for (const unit of await plannedUnits(s3, r)) await scan({ scanId: r.scanId, unit });
  await makeDigestHandler({ ...deps, env, clock: () => new Date('2026-12-01T00:00:00Z') })({
    scanId: r.scanId,
    unitsKey: r.unitsKey,
  });
  scanId = r.scanId;
}, 120_000);
afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
  ssm.restore();
});
beforeEach(() => {
  hub = fakeSecurityHub();
});
afterEach(() => hub.mock.restore());

function handlerWith(config: unknown) {
  ssm.reset();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(config) } });
  const rec = recordingTools();
  const made: string[] = [];
  const handler = makeIntegrationsHandler({
    env: { TABLE_NAME: dyn.tableName, CONFIG_PARAMETER_NAME: '/perfscan/config', AWS_REGION: 'eu-west-1' },
    dynamo: dyn.client,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    securityHub: (region) => {
      made.push(region);
      return new SecurityHubClient({ region });
    },
    clock: () => new Date('2026-12-01T00:00:00Z'),
    tools: rec.tools,
  });
  const context = {
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:${sim.accountId}:function:perfscan-integrations`,
  };
  return { run: () => handler({ scanId }, context as never), made, rec };
}

describe('Integrations Lambda: Security Hub export', () => {
  it('off by default: no client, no call', async () => {
    const h = handlerWith({});
    expect(await h.run()).toEqual({ scanId, securityHub: { state: 'off' } });
    expect(h.made).toEqual([]);
    expect(hub.imports).toEqual([]);
  });

  it("on: this account's failing findings under its default product; a re-run updates, never duplicates", async () => {
    const store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
    const failing = (await store.getFindings(scanId)).filter((f) => f.status === 'fail' && !f.suppressedBy);
    expect(failing.length).toBeGreaterThan(0);
    const h = handlerWith({ integrations: { securityHub: { enabled: true, region: 'eu-central-1' } } });
    const out = await h.run();
    expect(out.securityHub).toEqual({
      state: 'sent',
      sent: failing.length,
      archived: 0,
      failed: 0,
      skippedAccounts: 0,
    });
    expect(h.made).toEqual(['eu-central-1']);
    expect(hub.findings.size).toBe(failing.length);
    const product = defaultProductArn(sim.accountId, 'eu-central-1');
    expect([...hub.findings.values()].every((f) => f.ProductArn === product)).toBe(true);
    const again = await handlerWith({
      integrations: { securityHub: { enabled: true, region: 'eu-central-1' } },
    }).run();
    expect(again.securityHub).toMatchObject({ state: 'sent', sent: failing.length });
    expect(hub.findings.size).toBe(failing.length);
  });

  it('a failing export is reported and counted, not thrown', async () => {
    hub.mock.rejects(
      Object.assign(new Error('Security Hub is not enabled'), { name: 'InvalidAccessException' }),
    );
    const h = handlerWith({ integrations: { securityHub: { enabled: true } } });
    const out = await h.run();
    expect(out.securityHub).toEqual({
      state: 'failed',
      error: expect.stringContaining('Security Hub is not enabled'),
    });
  });
});

describe('scan ids', () => {
  it('accept a rescore suffix (-r1 ... ) and nothing else after the id', () => {
    expect(ScanIdSchema.safeParse('2026-11-22T06-00-00Z-ab12cd-r1').success).toBe(true);
    expect(ScanIdSchema.safeParse('2026-11-22T06-00-00Z-ab12cd-r12').success).toBe(true);
    expect(ScanIdSchema.safeParse('2026-11-22T06-00-00Z-ab12cd-r0').success).toBe(false);
    expect(ScanIdSchema.safeParse('2026-11-22T06-00-00Z-ab12cd-x').success).toBe(false);
  });
});
