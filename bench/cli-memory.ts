/**
 * Memory of one CLI scan process (issue 10): the simulated account scanned as `perfscan scan` does (runScan
 * into a local store, then the digest from the unit aggregates), with the live heap measured after each
 * unit is stored and released (a full GC, then heapUsed): the table must not grow with the units done.
 *
 *   node --expose-gc --import tsx bench/cli-memory.ts [scenario] [--json FILE]
 *
 * `scenario` is a bench scenario name (bench/scenarios.ts; default reference-20th; `reference` is the
 * 17-region reference account, ~20 min on a loaded machine). Peak RSS is the OS's maxRSS of this process,
 * the simulator's state included (it is reported apart, measured before the scan).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { callerAccountId, enabledRegions } from '#lib/collect/regions.js';
import { runScan } from '#lib/engine/scan.js';
import { DEFAULT_MEMORY_BUDGET_MB, memoryBudgetOf, unitConcurrency } from '#lib/cli/options.js';
import { LocalStore } from '#lib/store/local.js';
import { digestFor } from '#lib/cli/digest.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { collectGarbage } from './memory.js';
import { scenarioNamed } from './scenarios.js';
import { pregenerate } from './sim-state.js';

export interface UnitHeapRow {
  /** Units stored so far. */
  done: number;
  region: string;
  /** Live heap after a full GC, right after the unit was stored (its findings released). */
  liveHeapMb: number;
  rssMb: number;
}

export interface CliMemoryResult {
  scenario: string;
  units: number;
  resources: number;
  simStateMb: number;
  baselineHeapMb: number;
  perUnit: UnitHeapRow[];
  /** Live heap after the last unit minus after the first: what grows with units (should be ~0). */
  growthMb: number;
  digestMs: number;
  scanMs: number;
  peakRssMb: number;
  /** Largest unit summary file (summary + aggregate with its rows), bytes. */
  largestUnitFileBytes: number;
}

const mb = (b: number): number => Math.round((b / 1048576) * 10) / 10;

export async function cliMemory(name: string): Promise<CliMemoryResult> {
  if (!collectGarbage()) throw new Error('run with node --expose-gc');
  const scenario = scenarioNamed(name);
  const before = process.memoryUsage().heapUsed;
  const sim = createSimulatedAccount({ ...scenario.sim, latency: false });
  pregenerate(sim);
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  const dir = await mkdtemp(join(tmpdir(), 'perfscan-cli-memory-'));
  try {
    const store = new LocalStore(dir);
    const allowedActions = new Set(requiredIamActions([...SERVICES]));
    const factories: { destroy(): void }[] = [];
    const make = (region: string, accountId?: string) => {
      const f = createClientFactory({
        region,
        simulator: sim,
        allowedActions,
        ...(accountId ? { accountId } : {}),
      });
      factories.push(f);
      return f;
    };
    const base = make('us-east-1');
    const accountId = await callerAccountId(base);
    const regions = await enabledRegions(base);
    const perUnit: UnitHeapRow[] = [];
    let resources = 0;
    const t0 = performance.now();
    const result = await runScan({
      store,
      accounts: [{ accountId, enabledRegions: regions }],
      services: [...SERVICES],
      clientsFor: (unit) => make(unit.region, unit.accountId),
      now: new Date(),
      dataNow: sim.options.now,
      trigger: 'simulated',
      concurrency: unitConcurrency('auto', regions),
      // The CLI's --memory-budget (BENCH_MEMORY_BUDGET_MB overrides it).
      memoryBudget: memoryBudgetOf(Number(process.env.BENCH_MEMORY_BUDGET_MB ?? DEFAULT_MEMORY_BUDGET_MB)),
      onProgress: (p) => {
        if (p.type !== 'unit-done' || !p.summary) return;
        for (const [k, n] of Object.entries(p.summary.resourceCounts))
          if (k !== 'metrics.series') resources += n;
        collectGarbage();
        const m = process.memoryUsage();
        perUnit.push({
          done: p.unitsDone,
          region: p.summary.region,
          liveHeapMb: mb(m.heapUsed),
          rssMb: mb(m.rss),
        });
      },
    });
    const t1 = performance.now();
    await digestFor(store, result.header, { attestations: [], now: new Date().toISOString() });
    const t2 = performance.now();
    let largest = 0;
    for await (const u of store.units(result.header.scanId))
      largest = Math.max(largest, Buffer.byteLength(JSON.stringify(u), 'utf8'));
    for (const f of factories) f.destroy();
    const first = perUnit[0]?.liveHeapMb ?? 0;
    const last = perUnit[perUnit.length - 1]?.liveHeapMb ?? 0;
    return {
      scenario: name,
      units: perUnit.length,
      resources,
      simStateMb: mb(baseline - before),
      baselineHeapMb: mb(baseline),
      perUnit,
      growthMb: Math.round((last - first) * 10) / 10,
      scanMs: Math.round(t1 - t0),
      digestMs: Math.round(t2 - t1),
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      largestUnitFileBytes: largest,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function renderCliMemory(r: CliMemoryResult): string {
  const lines = [
    `CLI scan process, scenario ${r.scenario}: ${r.units} units, ${r.resources.toLocaleString('en-US')} resources`,
    `  peak RSS ${r.peakRssMb} MB (simulator state ${r.simStateMb} MB of heap, baseline heap ${r.baselineHeapMb} MB); scan ${(r.scanMs / 1000).toFixed(1)} s, digest from aggregates ${(r.digestMs / 1000).toFixed(1)} s`,
    `  live heap after each unit (full GC), growth first -> last unit: ${r.growthMb} MB; largest unit summary ${r.largestUnitFileBytes.toLocaleString('en-US')} bytes`,
    '  | units done | region | live heap MB | RSS MB |',
    '  |---:|---|---:|---:|',
    ...r.perUnit.map((u) => `  | ${u.done} | ${u.region} | ${u.liveHeapMb} | ${u.rssMb} |`),
  ];
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const args = process.argv.slice(2);
  const json = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const name = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--json') ?? 'reference-20th';
  const r = await cliMemory(name);
  process.stdout.write(renderCliMemory(r));
  if (json) await writeFile(json, JSON.stringify(r, null, 2));
}
