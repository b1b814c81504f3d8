/**
 * The register's debt outside the regions a scan covered (issue 10, rollup gaps): the demo account is scanned
 * in every region, then in us-east-1 only. buildDigest counts the account's whole register (the other
 * regions' open entries included); the rollup reads those entries beside the unit aggregates
 * (RollupOptions.debtOutside) and must count them the same, in the section, the scan's total and the score.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDigest } from '#lib/digest/build.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { coveredRegions, rollupUnits } from '#lib/digest/rollup.js';
import type { Digest } from '#lib/digest/types.js';
import type { DebtEntry, ScanHeader } from '#lib/model/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { LocalStore } from '#lib/store/local.js';
import { debtOutside } from '#lib/store/types.js';
import { startDynalite } from '#test/helpers/dynalite.js';
import { runCli, type RunResult } from '../cli/helpers.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let dir: string;
let store: LocalStore;
let current: ScanHeader;
let previous: ScanHeader;
let second: RunResult;
let built: Digest;
let rolled: Digest;
let without: Digest;
let register: DebtEntry[];
const now = '2026-12-05T12:00:00.000Z';
const json = (d: unknown): unknown => JSON.parse(JSON.stringify(d));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-rollup-regions-'));
  const first = await runCli(['scan', '--simulated', '--format', 'json', '--out', 'out'], dir);
  expect(first.code, first.stderr).not.toBe(2);
  second = await runCli(
    ['scan', '--simulated', '--regions', 'us-east-1', '--format', 'json', '--out', 'out'],
    dir,
  );
  expect(second.code, second.stderr).not.toBe(2);
  store = new LocalStore(join(dir, 'out'));
  [current, previous] = (await store.listScans()) as [ScanHeader, ScanHeader];
  expect(current.previousScanId).toBe(previous.scanId);
  const accountId = current.accounts[0]!;
  register = await store.getDebt(accountId);
  const common = { attestations: [], scansInHistory: 2, now };
  const stream = {
    header: current,
    units: store.units(current.scanId),
    previousHeader: previous,
    previousUnits: store.units(previous.scanId),
    ...common,
  };
  rolled = await rollupUnits({ ...stream, debtOutside: (a, r) => debtOutside(store, a, r) });
  without = await rollupUnits({
    ...stream,
    units: store.units(current.scanId),
    previousUnits: store.units(previous.scanId),
  });
  built = buildDigest({
    header: current,
    units: await store.getUnits(current.scanId),
    findings: await store.getFindings(current.scanId),
    previous: {
      header: previous,
      units: await store.getUnits(previous.scanId),
      findings: await store.getFindings(previous.scanId),
    },
    debt: register,
    ...common,
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('debt outside the scanned regions', () => {
  it('the register holds open entries in regions the second scan did not cover', async () => {
    const covered = coveredRegions(await store.getUnits(current.scanId));
    expect(covered).toContain('us-east-1');
    expect(covered).not.toContain('eu-west-1');
    const outside = register.filter((e) => !covered.includes(e.region) && e.status === 'open');
    expect(outside.length).toBeGreaterThan(0);
    expect((await debtOutside(store, current.accounts[0]!, covered)).length).toBe(
      register.filter((e) => !covered.includes(e.region)).length,
    );
  });

  it('without them the rollup under-counts the register (the gap this fixes)', () => {
    expect(without.debt.open).toBeLessThan(built.debt.open);
  });

  it('with them the rollup equals buildDigest: section, totals, score and Markdown', () => {
    const [a, b] = [json(rolled) as Digest, json(built) as Digest];
    expect(a.debt).toEqual(b.debt);
    expect(a.accounts[0]!.debt).toEqual(b.accounts[0]!.debt);
    expect(a.accounts[0]!.score).toEqual(b.accounts[0]!.score);
    expect(a).toEqual(b);
    expect(renderMarkdown(rolled)).toBe(renderMarkdown(built));
  });

  it('the CLI printed this digest (the time it was made aside)', () => {
    const printed = JSON.parse(second.stdout) as Digest;
    const mine = json(rolled) as Digest;
    expect({ ...printed, generatedAt: '' }).toEqual({ ...mine, generatedAt: '' });
  });

  it('DynamoDB filters the same entries (dynalite): getDebtOutside', async () => {
    const db = await startDynalite();
    try {
      const dynamo = new DynamoStore({ tableName: db.tableName, client: db.client, backoffMs: () => 1 });
      await dynamo.putDebt(register);
      const key = (e: DebtEntry) => `${e.checkId}#${e.region}#${e.resourceId}`;
      for (const regions of [['us-east-1', 'global'], ['us-east-1'], []]) {
        const want = register
          .filter((e) => !regions.includes(e.region))
          .map(key)
          .sort();
        expect(want.length).toBeGreaterThan(0);
        expect((await dynamo.getDebtOutside(current.accounts[0]!, regions)).map(key).sort()).toEqual(want);
        expect((await store.getDebtOutside(current.accounts[0]!, regions)).map(key).sort()).toEqual(want);
      }
    } finally {
      await db.stop();
    }
  });
});
