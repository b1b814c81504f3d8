/**
 * The Digest Lambda at organization size (issue 10): each account's section is stored in the run bucket as it
 * is rolled up, and the digest keeps the organization summary plus the sections of the accounts needing
 * attention most. Four simulated accounts on dynalite and s3rver, the digest keeping two sections: every
 * stored section equals the section the unbounded rollup computes, and the summary counts and ranks all four.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDigestHandler, type DigestResult } from '#functions/digest.js';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { rollupUnits } from '#lib/digest/rollup.js';
import { renderAccountMarkdown } from '#lib/digest/render/markdown.js';
import type { AccountSection, Digest } from '#lib/digest/types.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { debtOutside } from '#lib/store/types.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import {
  digestMarkdown,
  fakeAssumeRole,
  metricValues,
  plannedUnits,
  recordingTools,
  simClientsFor,
  type RecordingTools,
} from './helpers.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
// Different seeds and sizes, so the accounts differ in level and problems.
const sims = ACCOUNTS.map((accountId, i) =>
  createSimulatedAccount({
    accountId,
    seed: 1000 + i * 77,
    scale: 1 + i * 0.5,
    enabledRegions: ['us-east-1', 'eu-west-1'],
  }),
);

let dyn: LocalDynamo;
let s3: LocalS3;
let store: DynamoStore;
let scanId: string;
let out: DigestResult;
let rec: RecordingTools;
let full: Digest;

async function text(key: string): Promise<string> {
  const r = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return (await r.Body?.transformToString('utf8')) ?? '';
}

/** Values of the single-metric records (the score metrics), recorded instead of printed. */
let single: { name: string; value: number; dimensions: string }[] = [];

async function runDigest(accountsKept: number, id: string) {
  const tools = recordingTools();
  const { metrics } = tools.tools;
  const make = metrics.singleMetric.bind(metrics);
  metrics.singleMetric = () => {
    const m = make();
    let dims = '';
    const addDimensions = m.addDimensions.bind(m);
    m.addDimensions = (d) => {
      dims = JSON.stringify(d);
      return addDimensions(d);
    };
    const add = m.addMetric.bind(m);
    m.publishStoredMetrics = () => {
      m.clearMetrics();
      return m;
    };
    m.addMetric = (name, unit, value) => {
      single.push({ name, value, dimensions: dims });
      return add(name, unit, value);
    };
    return m;
  };
  const digest = makeDigestHandler({
    env: { TABLE_NAME: dyn.tableName, RUN_BUCKET: s3.bucket },
    dynamo: dyn.client,
    s3: s3.client,
    clock: () => new Date('2026-11-22T08:00:00Z'),
    tools: tools.tools,
    accountsKept,
  });
  return { out: await digest({ scanId: id }), rec: tools };
}

beforeAll(async () => {
  dyn = await startDynalite('perfscan-digest-org');
  s3 = await startS3();
  store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
  const env = {
    TABLE_NAME: dyn.tableName,
    AWS_REGION: 'eu-west-1',
    RUN_BUCKET: s3.bucket,
    TARGET_ACCOUNTS: ACCOUNTS.join(','),
  };
  const deps = {
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor: simClientsFor(sims),
    assumeRole: fakeAssumeRole(),
    tools: recordingTools().tools,
  };
  const plan = makePlanHandler({ ...deps, env: { ...env, SERVICES: 'ebs,ec2,vpc' } });
  const scan = makeScanHandler({ ...deps, env, clock: () => sims[0]!.options.now });
  const r = await plan({ input: {}, executionId: 'exec-org', startedAt: '2026-11-22T07:00:00.000Z' });
  for (const unit of await plannedUnits(s3, r)) await scan({ scanId: r.scanId, unit });
  scanId = r.scanId;
  single = [];
  ({ out, rec } = await runDigest(2, scanId));
  // The same scan rolled up without a bound: every account's section in one digest.
  const header = (await store.getScanHeader(scanId))!;
  full = await rollupUnits({
    header,
    units: store.units(scanId),
    debtOutside: (a, regions) => debtOutside(store, a, regions),
    attestations: [],
    scansInHistory: 1,
    now: '2026-11-22T08:00:00.000Z',
  });
});
afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
});

describe('Digest Lambda, organization of 4 accounts keeping 2 sections', () => {
  it('the accounts differ (so the ranking below tests something)', () => {
    expect(full.accounts.map((a) => a.accountId)).toEqual(ACCOUNTS);
    expect(new Set(full.accounts.map((a) => a.failing)).size).toBeGreaterThan(1);
  });

  it('every account section is stored as Markdown and JSON, equal to the unbounded rollup', async () => {
    expect(out.sections).toEqual({
      bucket: s3.bucket,
      prefix: `runs/${scanId}/accounts/`,
      accounts: 4,
    });
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: out.sections.prefix }),
    );
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(
      ACCOUNTS.flatMap((a) => [`${out.sections.prefix}${a}.json`, `${out.sections.prefix}${a}.md`]).sort(),
    );
    for (const a of full.accounts) {
      const json = JSON.parse(await text(`${out.sections.prefix}${a.accountId}.json`)) as AccountSection;
      expect(json).toEqual(JSON.parse(JSON.stringify(a)));
      const md = await text(`${out.sections.prefix}${a.accountId}.md`);
      expect(md).toBe(renderAccountMarkdown(a));
      expect(md).toMatch(new RegExp(`^## Account ${a.accountId}: Level ${a.level.current}`));
    }
  });

  it('the organization summary counts and ranks all four; the digest keeps the two needing attention most', async () => {
    const stored = JSON.parse(await text(`runs/${scanId}/accounts/${ACCOUNTS[0]}.json`)) as AccountSection;
    expect(stored.accountId).toBe(ACCOUNTS[0]);
    const md = await digestMarkdown(s3, out);
    expect(md).toContain('## Organization');
    expect(md).toContain('4 accounts: the 2 accounts needing attention most');
    expect(md).toContain(`s3://${s3.bucket}/runs/${scanId}/accounts/{account}.md`);

    const byAttention = [...full.accounts].sort(
      (a, b) =>
        a.level.current - b.level.current || b.failing - a.failing || (a.accountId < b.accountId ? -1 : 1),
    );
    const byFailing = [...full.accounts].sort(
      (a, b) =>
        b.failing - a.failing || a.level.current - b.level.current || (a.accountId < b.accountId ? -1 : 1),
    );
    // Kept sections, in account order inside the digest: the Markdown shows exactly those two in full.
    const kept = byAttention.slice(0, 2).map((a) => a.accountId);
    for (const a of full.accounts) {
      expect(md.includes(`## Account ${a.accountId}:`)).toBe(kept.includes(a.accountId));
    }
    // The ranked lists name every account (topN 10 > 4), in order.
    const lowest = md.slice(md.indexOf('### Lowest levels'), md.indexOf('### Most problems'));
    const most = md.slice(md.indexOf('### Most problems'), md.indexOf('## Account'));
    const order = (s: string) =>
      [...s.matchAll(/^- (\d{12}): Level (\d)/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(order(lowest)).toEqual(byAttention.map((a) => [a.accountId, a.level.current]));
    expect(order(most).map(([a]) => a)).toEqual(byFailing.map((a) => a.accountId));
    const levels = new Map<number, number>();
    for (const a of full.accounts) levels.set(a.level.current, (levels.get(a.level.current) ?? 0) + 1);
    expect(md).toContain(
      `Accounts by level: ${[...levels.entries()]
        .sort(([a], [b]) => a - b)
        .map(([l, n]) => `Level ${l}: ${n}`)
        .join(', ')}`,
    );
    // The totals are the whole organization's, not the kept accounts'.
    expect(md).toContain(`## Coverage`);
    expect(out.level).toBe(byAttention[0]!.level.current);
  });

  it("each account's metrics are published as its section is stored, and the scan-wide total once", () => {
    const values = (name: string) => single.filter((m) => m.name === name);
    expect(values('AccountLevel').map((m) => [JSON.parse(m.dimensions).AccountId, m.value])).toEqual(
      full.accounts.map((a) => [a.accountId, a.level.current]),
    );
    expect(values('FailingProblems').map((m) => m.value)).toEqual(full.accounts.map((a) => a.failing));
    // Per account, then the scan-wide record (no dimension) once.
    expect(values('ControlLevelDrops').map((m) => m.dimensions)).toEqual([
      ...ACCOUNTS.map((a) => JSON.stringify({ AccountId: a })),
      '',
    ]);
    expect(metricValues(rec, 'UnitsFailed')).toEqual([0]);
  });

  it('bounded lists: topN 2 and one kept section still count every account; totals are the whole scan', async () => {
    const header = (await store.getScanHeader(scanId))!;
    const seen: string[] = [];
    const small = await rollupUnits({
      header,
      units: store.units(scanId),
      debtOutside: (a, regions) => debtOutside(store, a, regions),
      attestations: [],
      scansInHistory: 1,
      now: '2026-11-22T08:00:00.000Z',
      topN: 2,
      sections: { keep: 1, onAccount: (a) => void seen.push(a.accountId) },
    });
    const fullTop2 = await rollupUnits({
      header,
      units: store.units(scanId),
      debtOutside: (a, regions) => debtOutside(store, a, regions),
      attestations: [],
      scansInHistory: 1,
      now: '2026-11-22T08:00:00.000Z',
      topN: 2,
    });
    expect(seen).toEqual(ACCOUNTS);
    const o = small.organization!;
    expect(o.accounts).toBe(4);
    expect(o.shown).toBe(1);
    expect(o.byLevel.reduce((n, l) => n + l.accounts, 0)).toBe(4);
    const byFailing = [...full.accounts].sort((a, b) => b.failing - a.failing);
    expect(o.mostFailing.map((b) => [b.accountId, b.failing])).toEqual(
      byFailing.slice(0, 2).map((a) => [a.accountId, a.failing]),
    );
    expect(o.lowestLevels).toHaveLength(2);
    expect(small.accounts.map((a) => a.accountId)).toEqual([o.lowestLevels[0]!.accountId]);
    // Everything but the sections is the whole scan's.
    const { accounts: _a, organization: _o, ...rest } = JSON.parse(JSON.stringify(small)) as Digest;
    const { accounts: _b, ...restFull } = JSON.parse(JSON.stringify(fullTop2)) as Digest;
    expect(rest).toEqual(restFull);
  });

  it('a digest keeping at least as many sections as accounts is the unbounded digest (no organization part)', async () => {
    const { out: all } = await runDigest(10, scanId);
    const md = await digestMarkdown(s3, all);
    expect(md).not.toContain('## Organization');
    for (const a of ACCOUNTS) expect(md).toContain(`## Account ${a}:`);
    expect(all.sections.accounts).toBe(4);
  });
});
