/** Scan: one unit with the config from SSM, the plan's services, member credentials, errors that propagate. */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { fakeAssumeRole, metricValues, plannedUnits, recordingTools, simClientsFor } from './helpers.js';

const OWN = '111122223333';
const MEMBER = '222233334444';
const ssm = mockClient(SSMClient);
let dyn: LocalDynamo;
let s3: LocalS3;
let store: DynamoStore;
let sims: SimAccount[];
let n = 0;

const suppression = {
  checkId: 'ebs-volume-type-gp3',
  resource: 'vol-*',
  reason: 'gp3 migration scheduled for Q1',
  owner: 'storage-team',
  expires: '2027-01-31',
};

beforeAll(async () => {
  dyn = await startDynalite('perfscan-scan');
  s3 = await startS3();
  store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
  sims = [
    createSimulatedAccount(),
    createSimulatedAccount({
      accountId: MEMBER,
      seed: 5,
      enabledRegions: ['eu-west-1'],
      busyRegions: ['eu-west-1'],
    }),
  ];
  ssm
    .on(GetParameterCommand)
    .resolves({ Parameter: { Value: JSON.stringify({ suppressions: [suppression], windowDays: 7 }) } });
});
afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
  ssm.restore();
});

async function planned(input: Record<string, unknown>, deny: string[] = []) {
  const env = {
    TABLE_NAME: dyn.tableName,
    AWS_REGION: 'eu-west-1',
    TARGET_ACCOUNTS: `${OWN},${MEMBER}`,
    EXTERNAL_ID: 'ext-1',
    RUN_BUCKET: s3.bucket,
  };
  const plan = makePlanHandler({
    env,
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor: simClientsFor(sims),
    assumeRole: fakeAssumeRole(),
    tools: recordingTools().tools,
  });
  const r = await plan({ input, executionId: `exec-${++n}`, startedAt: '2026-11-22T06:00:00Z' });
  const rec = recordingTools();
  const assumeRole = fakeAssumeRole(deny);
  const clientsFor = simClientsFor(sims);
  const scan = makeScanHandler({
    env: {
      TABLE_NAME: dyn.tableName,
      CONFIG_PARAMETER_NAME: '/perfscan/config',
      AWS_REGION: 'eu-west-1',
      EXTERNAL_ID: 'ext-1',
    },
    dynamo: dyn.client,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    clientsFor,
    assumeRole,
    clock: () => sims[0]?.options.now as Date,
    tools: rec.tools,
  });
  return { ...r, units: await plannedUnits(s3, r), scan, rec, assumeRole, clientsFor };
}

describe('Scan handler', () => {
  it('scans the unit with the planned services and the config suppressions, returning only counts', async () => {
    ssm.resetHistory();
    const p = await planned({ scope: { accounts: [OWN], regions: ['eu-west-1'], services: ['ebs'] } });
    expect(p.units).toEqual([`${OWN}:eu-west-1:g`]);
    const result = await p.scan({ scanId: p.scanId, unit: p.units[0] });
    expect(result).toEqual({
      unit: `${OWN}:eu-west-1:g`,
      status: 'ok',
      findings: expect.objectContaining({ fail: expect.any(Number) }),
    });
    expect(JSON.stringify(result).length).toBeLessThan(200);

    const findings = await store.getFindings(p.scanId);
    expect(new Set(findings.map((f) => f.service))).toEqual(new Set(['ebs']));
    const gp3 = findings.filter((f) => f.checkId === 'ebs-volume-type-gp3' && f.status === 'fail');
    expect(gp3.length).toBeGreaterThan(5);
    expect(gp3.every((f) => f.suppressedBy?.owner === 'storage-team')).toBe(true);
    // Suppressed findings are not counted as failing.
    expect(result.findings.fail).toBe(findings.filter((f) => f.status === 'fail' && !f.suppressedBy).length);
    const [unit] = await store.getUnits(p.scanId);
    expect(unit).toMatchObject({ services: ['ebs'], suppressedCount: gp3.length, global: true });
    // Only the declared actions of the planned service: no EC2 instance or RDS calls.
    const ownCalls = sims[0]?.calls.filter((c) => c.region === 'eu-west-1').map((c) => c.commandName) ?? [];
    expect(ownCalls).toContain('DescribeVolumesCommand');
    expect(ownCalls).not.toContain('DescribeDBInstancesCommand');
    expect(metricValues(p.rec, 'Gaps')).toEqual([0]);
    expect(metricValues(p.rec, 'Findings')).toEqual([result.findings.fail]);
  });

  it('reads the config once per container', async () => {
    ssm.resetHistory();
    const p = await planned({ scope: { accounts: [OWN], services: ['vpc'] } });
    for (const unit of p.units) await p.scan({ scanId: p.scanId, unit });
    expect(p.units.length).toBe(3);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it('scans a member account through its role with the external id', async () => {
    const p = await planned({ scope: { accounts: [MEMBER], services: ['ebs'] } });
    const r = await p.scan({ scanId: p.scanId, unit: `${MEMBER}:eu-west-1:g` });
    expect(r.status).toBe('ok');
    expect(p.assumeRole.calls).toEqual([
      {
        roleArn: `arn:aws:iam::${MEMBER}:role/PerfscanMemberRole`,
        externalId: 'ext-1',
        sessionName: 'perfscan-scan',
      },
    ]);
    expect(
      p.clientsFor.created.find((c) => c.accountId === MEMBER && c.region === 'eu-west-1')?.withCredentials,
    ).toBe(true);
    expect((await store.getFindings(p.scanId)).every((f) => f.accountId === MEMBER)).toBe(true);
  });

  it('a member role that stops working throws (Step Functions retries) and leaves the reason for the digest', async () => {
    const p = await planned({ scope: { accounts: [MEMBER], services: ['ebs'] } }, [MEMBER]);
    await expect(p.scan({ scanId: p.scanId, unit: `${MEMBER}:eu-west-1:g` })).rejects.toThrow(
      /not authorized to perform: sts:AssumeRole/,
    );
    const [unit] = await store.getUnits(p.scanId);
    expect(unit).toMatchObject({ status: 'failed', accountId: MEMBER });
    expect(unit?.error).toMatch(
      /^Could not assume arn:aws:iam::222233334444:role\/PerfscanMemberRole: AccessDenied/,
    );
    expect(await store.getFindings(p.scanId)).toEqual([]);
  });

  it('a unit the plan did not produce is refused', async () => {
    const p = await planned({ scope: { accounts: [OWN], regions: ['eu-west-1'], services: ['ebs'] } });
    await expect(p.scan({ scanId: p.scanId, unit: `${OWN}:eu-central-1` })).rejects.toThrow(
      /Unit 111122223333:eu-central-1 was not planned/,
    );
    expect(await store.getUnits(p.scanId)).toEqual([]);
  });

  it('a store failure propagates instead of being reported as a clean unit', async () => {
    const p = await planned({ scope: { accounts: [OWN], regions: ['eu-west-1'], services: ['ebs'] } });
    const scan = makeScanHandler({
      env: { TABLE_NAME: 'no-such-table', AWS_REGION: 'eu-west-1' },
      dynamo: dyn.client,
      clientsFor: simClientsFor(sims),
      tools: recordingTools().tools,
    });
    await expect(scan({ scanId: p.scanId, unit: p.units[0] })).rejects.toThrow(
      /ResourceNotFound|non-existent table|not found/i,
    );
  });
});
