/**
 * The digest from unit aggregates (rollup.ts) equals the digest from every finding (buildDigest) on the
 * simulated demo account, scanned twice through the CLI: the second scan changes thresholds, suppresses
 * resources (one suppression live, one expired), attests items and maps the model's words to other shares,
 * so the diff, the debt register, suppressions, attestations and the score all move.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '#lib/config/schema.js';
import { buildDigest } from '#lib/digest/build.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { rollupUnits } from '#lib/digest/rollup.js';
import type { Digest } from '#lib/digest/types.js';
import type { DebtEntry, ScanHeader } from '#lib/model/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { LocalStore } from '#lib/store/local.js';
import { startDynalite } from '#test/helpers/dynalite.js';
import { runCli, type RunResult } from '../cli/helpers.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/** The first scan flags more idle instances and hides the Lambda timeout findings. */
const FIRST = `
thresholds:
  ec2-instance-cpu-not-overprovisioned:
    lowCpuPercent: 60
    lowNetworkMB: 1000000
suppressions:
  - checkId: lambda-function-duration-within-timeout
    resource: '*'
    reason: known, fixing
    owner: app@example.com
    expires: '2099-12-31'
`;

const CONFIG = `
suppressions:
  - checkId: ebs-volume-type-gp3
    resource: 'vol-0*'
    reason: migrating with the re-platforming
    owner: platform@example.com
    expires: '2099-12-31'
  - checkId: '*'
    resource: 'i-0*'
    reason: old exception
    owner: legacy@example.com
    expires: '2026-01-31'
attestations:
  - item: L2-5
    by: jane@example.com
    date: '2026-10-01'
    link: https://wiki.example.com/perf/load-test
    expires: '2099-04-01'
maturity:
  shares:
    most: 0.6
`;

let dir: string;
let store: LocalStore;
let scans: ScanHeader[];
let rolled: Digest;
let built: Digest;
let second: RunResult;
let common: Omit<Parameters<typeof rollupUnits>[0], 'header' | 'units' | 'previousHeader' | 'previousUnits'>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-rollup-'));
  await writeFile(join(dir, 'perfscan.config.yaml'), FIRST);
  const first = await runCli(['scan', '--simulated', '--format', 'json', '--out', 'out'], dir);
  expect(first.code, first.stderr).not.toBe(2);
  // The second scan reads the config file from its folder.
  await writeFile(join(dir, 'perfscan.config.yaml'), CONFIG);
  second = await runCli(['scan', '--simulated', '--format', 'json', '--out', 'out'], dir);
  expect(second.code, second.stderr).not.toBe(2);
  store = new LocalStore(join(dir, 'out'));
  scans = await store.listScans();
  expect(scans).toHaveLength(2);
  const [current, previous] = scans as [ScanHeader, ScanHeader];
  expect(current.previousScanId).toBe(previous.scanId);

  const config = await loadConfig(join(dir, 'perfscan.config.yaml'), { cwd: dir });
  const now = '2026-12-05T12:00:00.000Z';
  common = {
    attestations: config.attestations ?? [],
    scansInHistory: 2,
    now,
    shares: config.maturity!.shares!,
  };
  rolled = await rollupUnits({
    header: current,
    units: store.units(current.scanId),
    previousHeader: previous,
    previousUnits: store.units(previous.scanId),
    ...common,
  });
  const debt: DebtEntry[] = [];
  for (const a of current.accounts) debt.push(...(await store.getDebt(a)));
  built = buildDigest({
    header: current,
    units: await store.getUnits(current.scanId),
    findings: await store.getFindings(current.scanId),
    previous: {
      header: previous,
      units: await store.getUnits(previous.scanId),
      findings: await store.getFindings(previous.scanId),
    },
    debt,
    ...common,
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const json = (d: unknown): unknown => JSON.parse(JSON.stringify(d));

describe('digest from unit aggregates = digest from every finding (demo account, two scans)', () => {
  it('the second scan moved: new and resolved problems, suppressions live and expired, an attested item', () => {
    expect(built.diff.counts.new).toBeGreaterThan(0);
    expect(built.diff.counts.resolved).toBeGreaterThan(0);
    expect(built.debt.resolvedThisScan).toBeGreaterThan(0);
    expect(built.diff.counts.persisting).toBeGreaterThan(0);
    expect(built.suppressions.suppressed).toBeGreaterThan(0);
    expect(built.suppressions.expired.length).toBeGreaterThan(0);
    expect(built.accounts[0]!.itemSources.attested).toBeGreaterThan(0);
    expect(built.debt.open).toBeGreaterThan(0);
    expect(built.counts.corroborated).toBeGreaterThan(0);
    expect(built.accounts[0]!.topFindings.length).toBe(built.resourceRows);
  });

  it('equal, section by section', () => {
    const [a, b] = [json(rolled) as Digest, json(built) as Digest];
    expect(a.counts).toEqual(b.counts);
    expect(a.coverage).toEqual(b.coverage);
    expect(a.diff).toEqual(b.diff);
    expect(a.debt).toEqual(b.debt);
    expect(a.suppressions).toEqual(b.suppressions);
    expect(a.expiredAttestations).toEqual(b.expiredAttestations);
    const [ra, rb] = [a.accounts[0]!, b.accounts[0]!];
    expect(ra.score).toEqual(rb.score);
    expect(ra.level).toEqual(rb.level);
    expect(ra.controls).toEqual(rb.controls);
    expect(ra.topChecks).toEqual(rb.topChecks);
    expect(ra.topFindings).toEqual(rb.topFindings);
    expect(ra.diff).toEqual(rb.diff);
    expect(ra.debt).toEqual(rb.debt);
  });

  it('equal as a whole, and the Markdown is byte-identical', () => {
    expect(json(rolled)).toEqual(json(built));
    expect(renderMarkdown(rolled)).toBe(renderMarkdown(built));
  });

  it('the CLI printed the digest from the aggregates (every unit stored one)', async () => {
    for await (const u of store.units(scans[0]!.scanId)) {
      if (u.status === 'failed') continue;
      expect(u.aggregate?.version).toBe(2);
      expect(u.aggregate?.trimmed).toBeUndefined();
    }
  });
});

describe('the same through DynamoDB (dynalite)', () => {
  it('rows stored beside the unit item: the same digest, every item under 100 KB', async () => {
    const db = await startDynalite();
    try {
      const dynamo = new DynamoStore({ tableName: db.tableName, client: db.client, backoffMs: () => 1 });
      for (const h of [...scans].reverse()) {
        await dynamo.putScanHeader(h);
        for await (const u of store.units(h.scanId))
          await dynamo.putUnit(u, await store.unitFindings(h.scanId, u));
      }
      const [current, previous] = scans as [ScanHeader, ScanHeader];
      const fromDynamo = await rollupUnits({
        header: current,
        units: dynamo.units(current.scanId),
        previousHeader: previous,
        previousUnits: dynamo.units(previous.scanId),
        ...common,
      });
      expect(json(fromDynamo)).toEqual(json(rolled));
      expect(dynamo.stats.largestItemBytes).toBeLessThanOrEqual(100_000);
      // The largest unit's rows did not fit one item.
      let rowsItems = 0;
      for await (const u of dynamo.units(current.scanId)) {
        const stored = await dynamo.getUnit(current.scanId, u);
        expect(json(stored)).toEqual(json(await store.getUnit(current.scanId, u)));
        rowsItems = Math.max(
          rowsItems,
          Object.values(u.aggregate?.checks ?? {}).reduce((n, c) => n + c.rows.length, 0),
        );
      }
      expect(rowsItems).toBeGreaterThan(40);
      // A re-written unit with fewer rows leaves no stale rows item behind.
      const [u0] = await store.getUnits(current.scanId);
      const fewer = structuredClone(u0!);
      for (const c of Object.values(fewer.aggregate!.checks)) c.rows = c.rows.slice(0, 1);
      await dynamo.putUnit(fewer, await store.unitFindings(current.scanId, u0!));
      expect(json(await dynamo.getUnit(current.scanId, u0!))).toEqual(json(fewer));
    } finally {
      await db.stop();
    }
  });

  it('the CLI printed this digest (the time it was made aside)', () => {
    const printed = JSON.parse(second.stdout) as Digest;
    expect({ ...printed, generatedAt: '' }).toEqual({ ...(json(rolled) as Digest), generatedAt: '' });
  });
});
