/**
 * The deployed rescore, through the synthesized state machine run locally (test/helpers/local-sfn.ts) with
 * the real handlers on dynalite + s3rver: a scheduled run stores findings and snapshots; after a threshold
 * change, an execution with `{ "action": "rescore", "scanId": ... }` re-judges the stored snapshots unit by
 * unit (Plan lists the stored units, the Scan Lambda rescores, the Digest rolls up) and reads no account:
 * no simulated AWS call, no client factory, no AssumeRole.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDigestHandler } from '#functions/digest.js';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import type { AssumeRole, ClientsFor } from '#functions/shared.js';
import { PerfscanStack } from '#lib/infra/perfscan-stack.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import {
  runLocally,
  synthesizedMachine,
  type LocalRunResult,
  type SynthesizedMachine,
} from '#test/helpers/local-sfn.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { fakeAssumeRole, recordingTools, simClientsFor } from '../functions/helpers.js';

const OWN = '111122223333';
const REGION = 'eu-west-1';
const AT = new Date('2026-11-22T06:00:00.000Z');
const CHECK = 'ec2-instance-cpu-not-saturated';
const ssm = mockClient(SSMClient);

let dyn: LocalDynamo;
let s3: LocalS3;
let sim: SimAccount;
let machine: SynthesizedMachine;
let store: DynamoStore;
let scanRun: LocalRunResult;
let rescoreRun: LocalRunResult;
let callsBefore = 0;
let accountReads = 0;

function run(input: Record<string, unknown>, name: string, guard: boolean): Promise<LocalRunResult> {
  const common = {
    TABLE_NAME: dyn.tableName,
    RUN_BUCKET: s3.bucket,
    AWS_REGION: REGION,
    CONFIG_PARAMETER_NAME: '/perfscan/config',
  };
  const sims = simClientsFor([sim]);
  // In the rescore, any account read (a client factory or an AssumeRole) is counted and refused.
  const clientsFor: ClientsFor = guard
    ? () => {
        accountReads++;
        throw new Error('a rescore must not read the account');
      }
    : sims;
  const assumeRole: AssumeRole = guard
    ? () => {
        accountReads++;
        throw new Error('a rescore must not assume a role');
      }
    : fakeAssumeRole();
  const deps = {
    dynamo: dyn.client,
    s3: s3.client,
    ssm: new SSMClient({ region: REGION }),
    clientsFor,
    assumeRole,
    tools: recordingTools().tools,
  };
  return runLocally({
    machine,
    handlers: {
      PlanFunction: makePlanHandler({
        ...deps,
        env: { ...common, SERVICES: 'ec2,ebs', REGIONS: REGION },
      }) as never,
      ScanFunction: makeScanHandler({
        ...deps,
        env: { ...common, SNAPSHOT_BUCKET: s3.bucket },
        clock: () => AT,
      }) as never,
      DigestFunction: makeDigestHandler({ ...deps, env: common, clock: () => AT }) as never,
    },
    s3: s3.client,
    input: input as never,
    executionArn: `arn:aws:states:${REGION}:${OWN}:execution:perfscan:${name}`,
    startTime: AT,
    region: REGION,
    accountId: OWN,
    localConcurrency: 2,
    retryDelayMs: 0,
  });
}

beforeAll(async () => {
  [dyn, s3] = await Promise.all([startDynalite('perfscan-rescore-run'), startS3('perfscan-runs-rescore')]);
  store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
  const stack = new PerfscanStack(new App(), 'Perfscan', { env: { account: OWN, region: REGION } });
  machine = synthesizedMachine(Template.fromStack(stack).toJSON() as never, {
    region: REGION,
    accountId: OWN,
    buckets: { RunsBucket: s3.bucket },
  });
  sim = createSimulatedAccount({ now: AT, enabledRegions: ['us-east-1', REGION] });
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '{}' } });
  scanRun = await run({ trigger: 'schedule' }, 'weekly', false);
  callsBefore = sim.calls.length;
  // The release: a stricter threshold in the config.
  ssm.on(GetParameterCommand).resolves({
    Parameter: { Value: JSON.stringify({ thresholds: { [CHECK]: { highCpuPercent: 30 } } }) },
  });
  rescoreRun = await run(
    { action: 'rescore', scanId: (scanRun.output.plan as { scanId: string }).scanId },
    'rescore-1',
    true,
  );
}, 400_000);

afterAll(async () => {
  ssm.restore();
  await dyn?.stop();
  await s3?.stop();
});

describe('the deployed rescore (action: rescore)', () => {
  it('runs Plan -> ScanUnits -> Digest -> Done over the stored units with no account read', () => {
    expect(scanRun.states.map(([n]) => n)).toEqual(['Plan', 'ScanUnits', 'Digest', 'Done']);
    expect(rescoreRun.states.map(([n]) => n)).toEqual(['Plan', 'ScanUnits', 'Digest', 'Done']);
    expect(rescoreRun.map.items).toBe(scanRun.map.items);
    expect(rescoreRun.map.failed).toBe(0);
    // No AWS call on the account: the simulated account saw nothing, no client or role was asked for.
    expect(sim.calls.length).toBe(callsBefore);
    expect(accountReads).toBe(0);
    // The state stays keys and counts.
    expect(Math.max(...rescoreRun.payloads.map((p) => p.bytes))).toBeLessThan(2_048);
  });

  it('stores a new scan <original>-r1 beside the original, judged with the new threshold', async () => {
    const original = (scanRun.output.plan as { scanId: string }).scanId;
    const id = (rescoreRun.output.plan as { scanId: string }).scanId;
    expect(id).toBe(`${original}-r1`);
    const [before, after] = await Promise.all([store.getScanHeader(original), store.getScanHeader(id)]);
    expect(after).toMatchObject({
      rescoreOf: { scanId: original, executionId: expect.stringContaining('rescore-1') },
      previousScanId: original,
      startedAt: before!.startedAt,
      status: before!.status,
    });
    // Both record the checks they were judged with (the scan's Plan as the CLI does), so the rescore's diff
    // can name the threshold change.
    expect(after!.engine?.checks[CHECK]?.thresholds.highCpuPercent).toBe(30);
    expect(before!.engine?.checks[CHECK]?.thresholds.highCpuPercent).toEqual(expect.any(Number));
    expect(before!.engine?.checks[CHECK]?.thresholds.highCpuPercent).not.toBe(30);
    const failing = async (scanId: string) =>
      (await store.getFindings(scanId)).filter((f) => f.checkId === CHECK && f.status === 'fail').length;
    expect(await failing(id)).toBeGreaterThan(await failing(original));
    for (const u of await store.getUnits(id)) expect(u.apiCalls).toBe(0);
  });

  it("shows the threshold change in the digest's diff: the check's problems are new against the original", async () => {
    const id = (rescoreRun.output.plan as { scanId: string }).scanId;
    let newProblems = 0;
    let otherNew = 0;
    for await (const u of store.units(id))
      for (const [checkId, c] of Object.entries(u.aggregate?.checks ?? {}))
        if (checkId === CHECK) newProblems += c.newProblems;
        else otherNew += c.newProblems;
    expect(newProblems).toBeGreaterThan(0);
    expect(otherNew).toBe(0);
    expect(rescoreRun.output.digest).toMatchObject({ status: expect.any(String) });
    // The digest names the checks' change: the snapshots are the same, so the new problems are its doing.
    const { bucket, key } = (rescoreRun.output.digest as { markdownObject: { bucket: string; key: string } })
      .markdownObject;
    const markdown = await (
      await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body!.transformToString();
    const original = (scanRun.output.plan as { scanId: string }).scanId;
    expect(markdown).toMatch(
      new RegExp(
        `\\*\\*Checks changed:\\*\\* Rescore of ${original}, the same snapshots judged with changed checks: ${CHECK}: threshold highCpuPercent \\d+ -\\\\?> 30\\.`,
      ),
    );
  });

  it('rejects a rescore of a scan that does not exist, or with a scope, naming the field', async () => {
    const plan = makePlanHandler({
      dynamo: dyn.client,
      s3: s3.client,
      ssm: new SSMClient({ region: REGION }),
      clientsFor: simClientsFor([sim]),
      tools: recordingTools().tools,
      env: { TABLE_NAME: dyn.tableName, RUN_BUCKET: s3.bucket, AWS_REGION: REGION },
    });
    const ev = (input: Record<string, unknown>) => ({ input, executionId: 'x', startedAt: AT.toISOString() });
    await expect(plan(ev({ action: 'rescore', scanId: '2026-01-01T00-00-00Z-abcdef' }))).rejects.toThrow(
      /input\.scanId: no scan 2026-01-01T00-00-00Z-abcdef/,
    );
    await expect(plan(ev({ action: 'rescore' }))).rejects.toThrow(
      /input\.scanId: required with action 'rescore'/,
    );
    const original = (scanRun.output.plan as { scanId: string }).scanId;
    await expect(
      plan(ev({ action: 'rescore', scanId: original, scope: { regions: [REGION] } })),
    ).rejects.toThrow(/input\.scope: a rescore re-judges the stored scan as it was/);
  });
});
