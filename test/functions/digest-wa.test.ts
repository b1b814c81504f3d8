/**
 * The Digest step's Well-Architected sync (config `integrations.wellArchitected`): off by default (no client,
 * no call); on, the workload is answered from the digest's scores with a milestone per scan (a Step
 * Functions retry of the Digest records no second one); a failing sync is reported, the digest still stored.
 * DynamoDB on dynalite, S3 on s3rver, the Well-Architected Tool on aws-sdk-client-mock.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { WellArchitectedClient } from '@aws-sdk/client-wellarchitected';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeDigestHandler } from '#functions/digest.js';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { fakeWellArchitected, type FakeWa } from '../integrations/fake-wellarchitected.js';
import { fakeAssumeRole, plannedUnits, recordingTools, simClientsFor } from './helpers.js';

const ssm = mockClient(SSMClient);
let dyn: LocalDynamo;
let s3: LocalS3;
let wa: FakeWa;
let n = 0;
const sim = createSimulatedAccount();

beforeAll(async () => {
  dyn = await startDynalite('perfscan-digest-wa');
  s3 = await startS3();
});
afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
  ssm.restore();
});
beforeEach(() => {
  wa = fakeWellArchitected();
});
afterEach(() => wa.mock.restore());

async function planAndScan(at: Date) {
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
  const r = await plan({ input: {}, executionId: `exec-wa-${++n}`, startedAt: at.toISOString() });
  for (const unit of await plannedUnits(s3, r)) await scan({ scanId: r.scanId, unit });
  return r;
}

function digestWith(config: unknown) {
  ssm.reset();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(config) } });
  const made: string[] = [];
  const digest = makeDigestHandler({
    env: {
      TABLE_NAME: dyn.tableName,
      RUN_BUCKET: s3.bucket,
      CONFIG_PARAMETER_NAME: '/perfscan/config',
      AWS_REGION: 'eu-west-1',
    },
    dynamo: dyn.client,
    s3: s3.client,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    clock: () => new Date('2026-12-01T00:00:00Z'),
    tools: recordingTools().tools,
    integrations: {
      wellArchitected: (region) => {
        made.push(region);
        return new WellArchitectedClient({ region });
      },
      sleep: async () => undefined,
    },
  });
  return { digest, made };
}

describe('Digest: Well-Architected sync after the digest', () => {
  it('is off by default: no client made, no call, nothing in the result', async () => {
    const r = await planAndScan(new Date('2026-11-10T06:00:00Z'));
    const { digest, made } = digestWith({});
    const out = await digest({ scanId: r.scanId, unitsKey: r.unitsKey });
    expect(out.integrations).toBeUndefined();
    expect(made).toEqual([]);
    expect(wa.calls).toEqual([]);
  });

  it('on: answers the workload in its region and records one milestone per scan, also on a retry', async () => {
    const w = wa.addWorkload('Checkout');
    const r = await planAndScan(new Date('2026-11-11T06:00:00Z'));
    const config = {
      integrations: { wellArchitected: { enabled: true, workload: 'Checkout', region: 'eu-central-1' } },
    };
    const { digest, made } = digestWith(config);
    const out = await digest({ scanId: r.scanId, unitsKey: r.unitsKey });
    expect(made).toEqual(['eu-central-1']);
    expect(out.integrations).toEqual({
      wellArchitected: {
        state: 'synced',
        workloadId: w.id,
        lensVersion: expect.stringMatching(/^ps-[0-9a-f]{12}$/),
        milestone: `perfscan ${r.scanId}`,
        milestoneCreated: true,
      },
    });
    expect(w.answers.size).toBe(13);
    // The Digest retried by Step Functions: the same scan, no second milestone.
    const again = await digestWith(config).digest({ scanId: r.scanId, unitsKey: r.unitsKey });
    expect(again.integrations?.wellArchitected).toMatchObject({ state: 'synced', milestoneCreated: false });
    expect(w.milestones).toHaveLength(1);
  });

  it('a failing sync is reported with its fix; the digest is still stored and returned', async () => {
    const r = await planAndScan(new Date('2026-11-12T06:00:00Z'));
    const { digest } = digestWith({
      integrations: { wellArchitected: { enabled: true, workload: 'Nowhere' } },
    });
    const out = await digest({ scanId: r.scanId, unitsKey: r.unitsKey });
    expect(out.status).not.toBe('failed');
    expect(out.markdownObject.bytes).toBeGreaterThan(0);
    expect(out.integrations?.wellArchitected).toEqual({
      state: 'failed',
      error: expect.stringContaining("No Well-Architected workload named 'Nowhere' in eu-west-1"),
    });
    expect(JSON.stringify(out.integrations)).toContain('Fix: create a workload named');
    const store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
    expect((await store.getScanHeader(r.scanId))?.finishedAt).toBeDefined();
  });
});
