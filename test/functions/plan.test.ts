/** Plan: targets (Organizations, own account), scope filters, partitions, the deterministic scan id. */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlanHandler, type PlanDeps } from '#functions/plan.js';
import { parseUnitKey, scanIdFor, unitKey } from '#functions/shared.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { fakeAssumeRole, metricValues, plannedUnits, recordingTools, simClientsFor } from './helpers.js';

const OWN = '111122223333';
const MEMBER = '222233334444';
const org = mockClient(OrganizationsClient);
let dyn: LocalDynamo;
let s3: LocalS3;
let store: DynamoStore;
let n = 0;

beforeAll(async () => {
  dyn = await startDynalite('perfscan-plan');
  s3 = await startS3();
  store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
});
afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
  org.restore();
});

function setup(env: Record<string, string>, extra: Partial<PlanDeps> = {}) {
  const sims = [
    createSimulatedAccount(),
    createSimulatedAccount({ accountId: MEMBER, seed: 9, enabledRegions: ['eu-west-1', 'ap-southeast-2'] }),
  ];
  const rec = recordingTools();
  const assumeRole = fakeAssumeRole();
  const handler = makePlanHandler({
    env: { TABLE_NAME: dyn.tableName, RUN_BUCKET: s3.bucket, AWS_REGION: 'eu-west-1', ...env },
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor: simClientsFor(sims),
    assumeRole,
    tools: rec.tools,
    ...extra,
  });
  // The handler's result plus the unit list it wrote to the run bucket.
  const plan = async (...args: Parameters<typeof handler>) => {
    const r = await handler(...args);
    return { ...r, units: await plannedUnits(s3, r) };
  };
  const event = (input: Record<string, unknown> = {}) => ({
    input,
    executionId: `arn:aws:states:eu-west-1:${OWN}:execution:perfscan:run-${++n}`,
    startedAt: '2026-11-22T06:00:00.000Z',
  });
  return { plan, event, sims, rec, assumeRole };
}

describe('scan id and unit keys', () => {
  it('the scan id is sortable and the same for the same execution', () => {
    const t = new Date('2026-11-22T06:00:00.123Z');
    const a = scanIdFor(t, 'arn:aws:states:eu-west-1:1:execution:perfscan:a');
    expect(a).toMatch(/^2026-11-22T06-00-00Z-[0-9a-f]{6}$/);
    expect(scanIdFor(t, 'arn:aws:states:eu-west-1:1:execution:perfscan:a')).toBe(a);
    expect(scanIdFor(t, 'arn:aws:states:eu-west-1:1:execution:perfscan:b')).not.toBe(a);
  });

  it('unit keys round-trip, with the global flag', () => {
    for (const u of [
      { accountId: OWN, region: 'us-east-1', global: true },
      { accountId: MEMBER, region: 'ap-southeast-2', global: false },
    ]) {
      expect(parseUnitKey(unitKey(u))).toEqual(u);
    }
    expect(unitKey({ accountId: OWN, region: 'us-east-1', global: true })).toBe(`${OWN}:us-east-1:g`);
    expect(() => parseUnitKey('111122223333/us-east-1')).toThrow(/Not a unit key/);
  });
});

describe('Plan targets', () => {
  it('without targets it scans its own account (STS) in every enabled region', async () => {
    const { plan, event, rec, assumeRole } = setup({});
    const r = await plan(event());
    expect(r.units).toEqual([`${OWN}:eu-central-1`, `${OWN}:eu-west-1`, `${OWN}:us-east-1:g`]);
    expect(assumeRole.calls).toEqual([]);
    expect(await store.getScanHeader(r.scanId)).toMatchObject({
      trigger: 'on-demand',
      accounts: [OWN],
      status: 'running',
    });
    expect(metricValues(rec, 'UnitsPlanned')).toEqual([3]);
  });

  it('lists the ACTIVE accounts of the organization, page by page', async () => {
    org.reset();
    org
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [
          { Id: OWN, State: 'ACTIVE' },
          { Id: '444455556666', Status: 'SUSPENDED', State: 'SUSPENDED' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Accounts: [
          { Id: MEMBER, Status: 'ACTIVE' },
          { Id: '555566667777', State: 'PENDING_CLOSURE' },
        ],
      });
    const { plan, event, assumeRole } = setup(
      { USE_ORGANIZATIONS: 'true', MEMBER_ROLE_NAME: 'PerfscanMemberRole', EXTERNAL_ID: 'ext-9' },
      {
        organizations: new OrganizationsClient({ region: 'us-east-1' }),
      },
    );
    const r = await plan(event());
    const calls = org.commandCalls(ListAccountsCommand);
    // Two pages of at most 20 (the paginator reuses one input object, so only the last token is visible).
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.args[0].input.MaxResults === 20)).toBe(true);
    expect(calls[1]?.args[0].input.NextToken).toBe('page-2');
    expect((await store.getScanHeader(r.scanId))?.accounts).toEqual([OWN, MEMBER]);
    expect(r.units).toEqual([
      `${OWN}:eu-central-1`,
      `${OWN}:eu-west-1`,
      `${OWN}:us-east-1:g`,
      `${MEMBER}:ap-southeast-2:g`,
      `${MEMBER}:eu-west-1`,
    ]);
    expect(assumeRole.calls).toEqual([
      {
        roleArn: `arn:aws:iam::${MEMBER}:role/PerfscanMemberRole`,
        externalId: 'ext-9',
        sessionName: 'perfscan-plan',
      },
    ]);
  });

  it('scope.accounts narrows the configured targets', async () => {
    const { plan, event } = setup({ TARGET_ACCOUNTS: `${OWN},${MEMBER}` });
    const r = await plan(event({ scope: { accounts: [MEMBER] } }));
    expect(r.units.every((u) => u.startsWith(MEMBER))).toBe(true);
    expect((await store.getScanHeader(r.scanId))?.scope.accounts).toEqual([MEMBER]);
  });

  it('uses the partition of its own function ARN for member roles, without calling STS', async () => {
    const { plan, event, sims, assumeRole } = setup({ TARGET_ACCOUNTS: MEMBER, MEMBER_ROLE_NAME: 'Scanner' });
    const context = {
      invokedFunctionArn: `arn:aws-cn:lambda:cn-north-1:${OWN}:function:perfscan-plan`,
    } as Context;
    await plan(event(), context);
    expect(assumeRole.calls[0]?.roleArn).toBe(`arn:aws-cn:iam::${MEMBER}:role/Scanner`);
    expect(sims[0]?.calls.some((c) => c.commandName === 'GetCallerIdentityCommand')).toBe(false);
  });
});

describe('Plan scope', () => {
  it('a requested region the account has not enabled is a failed unit with the reason; the others are scanned', async () => {
    const { plan, event } = setup({});
    const r = await plan(event({ scope: { regions: ['eu-west-1', 'ap-southeast-2'] } }));
    expect(r.units).toEqual([`${OWN}:eu-west-1:g`]);
    const header = await store.getScanHeader(r.scanId);
    expect(header?.plannedUnits).toBeUndefined(); // the unit list is in the run bucket
    expect(header).toMatchObject({
      scope: { regions: ['eu-west-1', 'ap-southeast-2'] },
      coverage: { unitsPlanned: 2 },
    });
    const units = await store.getUnits(r.scanId);
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ region: 'ap-southeast-2', status: 'failed' });
    expect(units[0]?.error).toMatch(/Region ap-southeast-2 is not enabled in account 111122223333/);
  });

  it('REGIONS from the environment apply when the event has no scope', async () => {
    const { plan, event } = setup({ REGIONS: 'us-east-1,eu-central-1' });
    const r = await plan(event());
    expect(r.units).toEqual([`${OWN}:us-east-1:g`, `${OWN}:eu-central-1`]);
  });

  it('services are the deployed ones unless the scope narrows them; a service the role does not allow is refused', async () => {
    const { plan, event } = setup({ SERVICES: 'ec2,ebs,rds' });
    const r = await plan(event({ scope: { services: ['ebs'] } }));
    expect((await store.getScanHeader(r.scanId))?.scope.services).toEqual(['ebs']);
    const r2 = await plan(event());
    expect((await store.getScanHeader(r2.scanId))?.scope.services).toEqual(['ec2', 'ebs', 'rds']);
    await expect(plan(event({ scope: { services: ['lambda'] } }))).rejects.toThrow(
      /input\.scope\.services: lambda not deployed/,
    );
  });

  it('a reason is stored with the scan', async () => {
    const { plan, event } = setup({});
    const r = await plan(event({ trigger: 'on-demand', reason: 'new instance family (m8g) released' }));
    expect((await store.getScanHeader(r.scanId))?.reason).toBe('new instance family (m8g) released');
  });

  it("records the checks and thresholds of the deployed config in the header (what a rescore's diff compares)", async () => {
    const ssm = new SSMClient({ region: 'eu-west-1' });
    const ssmMock = mockClient(ssm);
    ssmMock.on(GetParameterCommand).resolves({
      Parameter: {
        Value: JSON.stringify({ thresholds: { 'ec2-instance-cpu-not-saturated': { highCpuPercent: 85 } } }),
      },
    });
    const { plan, event } = setup({ CONFIG_PARAMETER_NAME: '/perfscan/config' }, { ssm });
    const r = await plan(event({ trigger: 'schedule' }));
    const engine = (await store.getScanHeader(r.scanId))?.engine;
    expect(engine?.checks['ec2-instance-cpu-not-saturated']?.thresholds.highCpuPercent).toBe(85);
    expect(Object.keys(engine?.checks ?? {}).length).toBeGreaterThan(10);

    // A config Plan cannot read costs the header its thresholds, never the run (the Scan reports the config).
    ssmMock
      .on(GetParameterCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const r2 = await plan(event({ trigger: 'schedule' }));
    const header = await store.getScanHeader(r2.scanId);
    expect(header?.status).toBe('running');
    expect(header?.engine).toBeUndefined();
    expect(r2.units.length).toBeGreaterThan(0);
  });
});
