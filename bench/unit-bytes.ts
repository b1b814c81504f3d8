/**
 * Where a large unit's bytes go (issue 10): us-east-1 of the simulated reference account at 1/`divisor`,
 * scanned alone (runScan, local store), with a forced full GC and the live heap read at each phase of the
 * unit (listing done = inventory; metrics read = the snapshot; evaluated; stored), plus the sizes of what is
 * stored (snapshot JSON, findings JSON) and the highest heapUsed seen while storing.
 *
 *   node --expose-gc --import tsx bench/unit-bytes.ts [--divisor 8 | --scenario reference-20th] [--region us-east-1]
 *        [--heap-snapshot FILE]
 *
 * With --scenario the simulator runs in its own process (bench/sim-process.ts): the heap is perfscan's only.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { SERVICES } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { callerAccountId, enabledRegions } from '#lib/collect/regions.js';
import { runScan } from '#lib/engine/scan.js';
import { LocalStore } from '#lib/store/local.js';
import { compactFindingsJson, expandFinding, type StoredUnitFindings } from '#lib/store/records.js';
import { jsonPieces } from '#lib/store/json-stream.js';
import { createSimulatedAccount, DEFAULT_SIM_OPTIONS } from '#lib/sim/index.js';
import { pregenerate } from './sim-state.js';
import { SimProcess } from './sim-process.js';
import { REFERENCE_REGIONS, referenceMix } from './scenarios.js';

class Done extends Error {}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const args = process.argv.slice(2);
const opt = (n: string) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const divisor = Number(opt('--divisor') ?? 8);
const region = opt('--region') ?? 'us-east-1';
const heapSnapshotAt = opt('--heap-snapshot');
/** Skip the retained-size-per-kind part (it reads the stored files back: run without a tight heap limit). */
const kinds = !args.includes('--no-kinds');
const mb = (b: number) => (b / 1048576).toFixed(1);

const scenario = opt('--scenario');
const remote = scenario ? await SimProcess.start(scenario) : undefined;
const local = remote
  ? undefined
  : createSimulatedAccount({
      ...DEFAULT_SIM_OPTIONS,
      scale: 1,
      enabledRegions: REFERENCE_REGIONS,
      busyRegions: REFERENCE_REGIONS,
      latency: false,
      mix: referenceMix(divisor),
    });
if (local) pregenerate(local);
const sim = (remote ?? local)!;
const dataNow = remote ? new Date(remote.info.dataNow) : local!.options.now;
gc();
const base = process.memoryUsage().heapUsed;
const rows: string[] = [];
const live = (label: string) => {
  gc();
  const h = process.memoryUsage().heapUsed;
  rows.push(`${label.padEnd(34)} live heap ${mb(h)} MB (+${mb(h - base)} over baseline)`);
  process.stderr.write(`unit-bytes: ${rows[rows.length - 1]}\n`);
  return h;
};
let peakHeapUsed = 0;
/** At the highest RSS sampled: the process's memory by kind. */
let atPeakRss = process.memoryUsage();
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
  if (m.rss > atPeakRss.rss) atPeakRss = m;
}, 5);
timer.unref();
const dir = await mkdtemp(join(tmpdir(), 'perfscan-unit-bytes-'));
try {
  const store = new LocalStore(dir);
  let atStore = 0;
  const putUnit = store.putUnit.bind(store);
  store.putUnit = async (summary, findings, snapshot) => {
    atStore = live('stored: before putUnit (all alive)');
    if (heapSnapshotAt) writeHeapSnapshot(heapSnapshotAt);
    if (args.includes('--dry-pieces')) {
      let n = 0;
      for (const p of compactFindingsJson(region, findings)) n += p.length;
      live(`after findings made into text once (${mb(n)} MB)`);
      for (const [key, value] of Object.entries(snapshot ?? {})) {
        n = 0;
        if (value !== undefined) for (const p of jsonPieces(value)) n += p.length;
        if (n > 50_000) live(`after snapshot.${key} made into text once (${mb(n)} MB)`);
      }
    }
    peakHeapUsed = 0;
    await putUnit(summary, findings, snapshot);
    rows.push(
      `  peak heapUsed during putUnit: ${mb(peakHeapUsed)} MB (+${mb(peakHeapUsed - atStore)} over live)`,
    );
    rows.push(`  findings ${findings.length}, series ${Object.keys(snapshot?.metrics ?? {}).length}`);
  };
  const allowedActions = new Set(requiredIamActions([...SERVICES]));
  const made: { destroy(): void }[] = [];
  const make = (r: string, accountId?: string) => {
    const f = createClientFactory({
      region: r,
      simulator: sim,
      allowedActions,
      ...(accountId ? { accountId } : {}),
    });
    made.push(f);
    return f;
  };
  const b = make('us-east-1');
  const accountId = await callerAccountId(b);
  const regions = await enabledRegions(b);
  live('baseline (sim pregenerated)');
  const result = await runScan({
    store,
    accounts: [{ accountId, enabledRegions: regions }],
    regions: [region],
    services: [...SERVICES],
    clientsFor: (unit) => make(unit.region, unit.accountId),
    now: new Date(),
    dataNow,
    trigger: 'simulated',
    concurrency: 1,
    memoryBudget: { bytes: 1e12, usage: () => 0 },
    onProgress: (p) => {
      if (p.type === 'unit-phase') live(`phase ${p.phase} starts`);
    },
  });
  const kept = live('after unit done (released; its clients kept)');
  for (const m of made) m.destroy();
  rows.push(`  the unit's SDK clients held ${mb(kept - live('after its clients were destroyed'))} MB`);
  const s = result.units[0]!;
  const f = join(store.scanDir(result.header.scanId), 'findings', `${accountId}_${region}.json`);
  const sn = join(store.scanDir(result.header.scanId), 'snapshots', `${accountId}_${region}.json`);
  rows.push(`findings file ${mb((await stat(f)).size)} MB, snapshot file ${mb((await stat(sn)).size)} MB`);
  rows.push(`counts ${JSON.stringify(s.findingCounts)} series ${s.resourceCounts['metrics.series']}`);
  // Retained size per kind: each read back from the store on its own and held across a full GC.
  if (!kinds) throw new Done();
  const held = (label: string, make: () => unknown) => {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    let v: unknown = make();
    gc();
    const h1 = process.memoryUsage().heapUsed;
    rows.push(`  held ${label.padEnd(40)} ${mb(h1 - h0)} MB`);
    v = undefined;
    return v;
  };
  const snapText = await readFile(sn, 'utf8');
  const scanId = result.header.scanId;
  const stored = JSON.parse(await readFile(f, 'utf8')) as StoredUnitFindings;
  const pass = stored.findings.filter((x) => x.status === 'pass');
  const other = stored.findings.filter((x) => x.status !== 'pass');
  void scanId;
  held(`findings: ${pass.length} pass, expanded`, () =>
    pass.map((x) =>
      expandFinding(accountId, region, stored.checks, JSON.parse(JSON.stringify(x)) as typeof x),
    ),
  );
  held(`findings: ${other.length} others, expanded`, () =>
    other.map((x) =>
      expandFinding(accountId, region, stored.checks, JSON.parse(JSON.stringify(x)) as typeof x),
    ),
  );
  const parsed = JSON.parse(snapText) as Record<string, unknown>;
  const keys = Object.keys(parsed);
  for (const k of keys) {
    const text = JSON.stringify(parsed[k]);
    if (text === undefined || text.length < 100_000) continue;
    held(`snapshot.${k} (${mb(text.length)} MB JSON)`, () => JSON.parse(text));
  }
} catch (err) {
  if (!(err instanceof Done)) throw err;
} finally {
  remote?.close();
  await rm(dir, { recursive: true, force: true });
}
process.stdout.write(
  `${region} at ${scenario ?? `1/${divisor}`}, max RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB; at the highest RSS sampled (${mb(atPeakRss.rss)} MB): heap total ${mb(atPeakRss.heapTotal)} MB (used ${mb(atPeakRss.heapUsed)}), external ${mb(atPeakRss.external)} MB (array buffers ${mb(atPeakRss.arrayBuffers)})\n${rows.join('\n')}\n`,
);
