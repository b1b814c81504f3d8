/**
 * The Digest Lambda works from the unit aggregates: it never reads a finding (bounded memory at any
 * organization size), each unit's diff against the scan Plan chose reaches the digest, and the config's
 * `maturity.shares` reaches scoring.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDigestHandler } from '#functions/digest.js';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { rollupUnits } from '#lib/digest/rollup.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import type { FindingsStore } from '#lib/store/types.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { digestMarkdown, fakeAssumeRole, plannedUnits, recordingTools, simClientsFor } from './helpers.js';

const ssm = mockClient(SSMClient);
let dyn: LocalDynamo;
let s3: LocalS3;
let store: DynamoStore;
let n = 0;
const sim = createSimulatedAccount();

beforeAll(async () => {
  dyn = await startDynalite('perfscan-digest-agg');
  s3 = await startS3();
  store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
});
afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
  ssm.restore();
});

const env = () => ({
  TABLE_NAME: dyn.tableName,
  AWS_REGION: 'eu-west-1',
  RUN_BUCKET: s3.bucket,
  CONFIG_PARAMETER_NAME: '/perfscan/config',
});

function useConfig(config: unknown): void {
  ssm.reset();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(config) } });
}

async function planAndScan(at: Date) {
  const deps = {
    dynamo: dyn.client,
    s3: s3.client,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    clientsFor: simClientsFor([sim]),
    assumeRole: fakeAssumeRole(),
    tools: recordingTools().tools,
  };
  const plan = makePlanHandler({ ...deps, env: { ...env(), SERVICES: 'ec2,ebs,vpc,cloudwatch' } });
  const scan = makeScanHandler({ ...deps, env: env(), clock: () => sim.options.now });
  const r = await plan({ input: {}, executionId: `exec-${++n}`, startedAt: at.toISOString() });
  for (const unit of await plannedUnits(s3, r)) await scan({ scanId: r.scanId, unit });
  return r;
}

/** The store as the Digest Lambda sees it: reading a finding fails the test. */
function noFindings(s: FindingsStore): FindingsStore {
  return new Proxy(s, {
    get(target, prop, receiver) {
      if (prop === 'getFindings' || prop === 'findings' || prop === 'unitFindings') {
        return () => {
          throw new Error(`the digest read findings (${String(prop)})`);
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function digestHandler() {
  return makeDigestHandler({
    env: env(),
    store: noFindings(store),
    s3: s3.client,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    clock: () => new Date('2026-12-01T00:00:00Z'),
    tools: recordingTools().tools,
  });
}

describe('Digest Lambda from unit aggregates', () => {
  it('reads no finding; the second run diffs against the first (Plan chose it), and the debt register moved per unit', async () => {
    useConfig({});
    const first = await planAndScan(new Date('2026-11-01T06:00:00Z'));
    await digestHandler()({ scanId: first.scanId, unitsKey: first.unitsKey });
    // The second run hides the first run's gp2 findings: they leave the failing list.
    useConfig({
      suppressions: [
        {
          checkId: 'ebs-volume-type-gp3',
          resource: '*',
          reason: 'r',
          owner: 'o@example.com',
          expires: '2099-01-01',
        },
      ],
    });
    const second = await planAndScan(new Date('2026-11-08T06:00:00Z'));
    expect((await store.getScanHeader(second.scanId))?.previousScanId).toBe(first.scanId);
    const out = await digestHandler()({ scanId: second.scanId, unitsKey: second.unitsKey });
    const md = await digestMarkdown(s3, out);
    expect(md).toMatch(new RegExp(`since ${first.scanId}: \\d+ new, \\d+ resolved`));
    const debt = await store.getDebt(sim.accountId);
    expect(debt.some((e) => e.status === 'suppressed')).toBe(true);
    expect(debt.some((e) => e.status === 'open')).toBe(true);
    const header = await store.getScanHeader(second.scanId);
    expect(header).toMatchObject({ status: expect.stringMatching(/complete|partial/) });
    expect(header?.findingCounts?.fail).toBeGreaterThan(0);
  });

  it('maturity.shares from the config reaches the score', async () => {
    const shares = { most: 0.55, all: 0.96, rightSized: 0.6 };
    useConfig({ maturity: { shares } });
    const r = await planAndScan(new Date('2026-11-15T06:00:00Z'));
    const out = await digestHandler()({ scanId: r.scanId, unitsKey: r.unitsKey });
    const md = await digestMarkdown(s3, out);
    const header = (await store.getScanHeader(r.scanId))!;
    const previousHeader = (await store.getScanHeader(header.previousScanId!))!;
    const args = {
      header,
      units: store.units(r.scanId),
      previousHeader,
      previousUnits: store.units(previousHeader.scanId),
      attestations: [],
      scansInHistory: 4,
      now: '2026-12-01T00:00:00.000Z',
    };
    const withShares = await rollupUnits({ ...args, shares });
    const defaults = await rollupUnits({
      ...args,
      units: store.units(r.scanId),
      previousUnits: store.units(previousHeader.scanId),
    });
    // The shares change what the score says, and the stored digest says it the configured way.
    expect(renderMarkdown(withShares)).not.toBe(renderMarkdown(defaults));
    expect(md).toBe(renderMarkdown(withShares));
  });
});
