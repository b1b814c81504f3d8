/**
 * CPU, GC and memory of one CLI scan process over the simulated reference account at 1/`divisor` size
 * (issue 11's CPU budget): runScan as `perfscan scan` runs it, no forced GCs, no call recorder.
 *
 *   node --import tsx bench/cli-cpu.ts [--divisor 20] [--latency] [--regions r1,r2] [--json FILE]
 *   node --import tsx bench/cli-cpu.ts --sim-process reference-20th [--regions r1,r2] [--json FILE]
 *
 * With `--sim-process SCENARIO` the simulated account of that scenario (bench/scenarios.ts: AWS quotas and
 * latency for the reference ones) answers from its own process (bench/sim-process.ts), as in `npm run bench`:
 * the figures (and a --cpu-prof profile) are then the CLI's alone, the way the reference run measures them.
 *
 * Prints wall, process CPU (user + system), V8 GC pause time by kind (PerformanceObserver 'gc'), units at
 * once (most seen), peak RSS (OS), and the largest heapUsed seen.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { SERVICES } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { callerAccountId, enabledRegions } from '#lib/collect/regions.js';
import { runScan } from '#lib/engine/scan.js';
import { DEFAULT_MEMORY_BUDGET_MB, memoryBudgetOf, unitConcurrency } from '#lib/cli/options.js';
import { LocalStore } from '#lib/store/local.js';
import { digestFor } from '#lib/cli/digest.js';
import { createSimulatedAccount, DEFAULT_SIM_OPTIONS } from '#lib/sim/index.js';
import type { SimEndpoint } from '#lib/sim/core.js';
import { pregenerate } from './sim-state.js';
import { SimProcess } from './sim-process.js';
import { metricWorkersOfBench } from './scenario.js';
import { REFERENCE_REGIONS, referenceMix } from './scenarios.js';

export interface CliCpuResult {
  /** The reference account's divisor (ignored with a simulator process: its scenario sets the size). */
  divisor: number;
  /** The scenario whose simulator answered from its own process, if any. */
  simProcess?: string;
  latency: boolean;
  units: number;
  wallS: number;
  cpuS: number;
  gcMs: { minor: number; major: number; incremental: number; weak: number };
  gcCount: { minor: number; major: number };
  maxUnitsAtOnce: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
  findings: number;
}

export async function cliCpu(
  divisor: number,
  latency: boolean,
  opts: { regions?: string[]; liveAtStore?: boolean; simProcess?: string } = {},
): Promise<CliCpuResult & { liveAtStoreMb: number[]; simProcessCpuS?: number }> {
  let sim: SimEndpoint;
  let dataNow: Date;
  let child: SimProcess | undefined;
  if (opts.simProcess) {
    child = await SimProcess.start(opts.simProcess);
    sim = child;
    dataNow = new Date(child.info.dataNow);
  } else {
    const local = createSimulatedAccount({
      ...DEFAULT_SIM_OPTIONS,
      scale: 1,
      enabledRegions: REFERENCE_REGIONS,
      busyRegions: REFERENCE_REGIONS,
      latency,
      mix: referenceMix(divisor),
    });
    pregenerate(local);
    sim = local;
    dataNow = local.options.now;
  }
  const gcMs = { minor: 0, major: 0, incremental: 0, weak: 0 };
  const gcCount = { minor: 0, major: 0 };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        gcMs.minor += e.duration;
        gcCount.minor++;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gcMs.major += e.duration;
        gcCount.major++;
      } else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gcMs.incremental += e.duration;
      else gcMs.weak += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  let peakHeapUsed = 0;
  const timer = setInterval(() => {
    peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
  }, 100);
  timer.unref();
  const dir = await mkdtemp(join(tmpdir(), 'perfscan-cli-cpu-'));
  try {
    const store = new LocalStore(dir);
    const liveAtStoreMb: number[] = [];
    if (opts.liveAtStore) {
      // The live heap when a unit is stored (its snapshot and findings complete and alive): a forced full GC.
      const putUnit = store.putUnit.bind(store);
      store.putUnit = (summary, findings, snapshot) => {
        (globalThis as { gc?: () => void }).gc?.();
        liveAtStoreMb.push(Math.round(process.memoryUsage().heapUsed / 1048576));
        return putUnit(summary, findings, snapshot);
      };
    }
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
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const base = make('us-east-1');
    const accountId = await callerAccountId(base);
    const regions = await enabledRegions(base);
    let running = 0;
    let maxRunning = 0;
    let findings = 0;
    const result = await runScan({
      store,
      accounts: [{ accountId, enabledRegions: regions }],
      ...(opts.regions ? { regions: opts.regions } : {}),
      services: [...SERVICES],
      clientsFor: (unit) => make(unit.region, unit.accountId),
      now: new Date(),
      dataNow,
      trigger: 'simulated',
      concurrency: unitConcurrency('auto', regions),
      metricWorkers: metricWorkersOfBench(),
      memoryBudget: memoryBudgetOf(Number(process.env.BENCH_MEMORY_BUDGET_MB ?? DEFAULT_MEMORY_BUDGET_MB)),
      onProgress: (p) => {
        if (p.type === 'unit-start') maxRunning = Math.max(maxRunning, ++running);
        if (p.type === 'unit-done') {
          running--;
          for (const n of Object.values(p.summary?.findingCounts ?? {})) findings += n;
        }
      },
    });
    await digestFor(store, result.header, { attestations: [], now: new Date().toISOString() });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    for (const f of factories) f.destroy();
    await new Promise((r) => setTimeout(r, 50));
    obs.disconnect();
    const simProcessCpuS = child ? (await child.report()).processCpuSeconds : undefined;
    const r2 = (x: number) => Math.round(x);
    return {
      divisor,
      ...(opts.simProcess ? { simProcess: opts.simProcess } : {}),
      latency,
      units: result.units.length,
      wallS: Math.round(wall / 100) / 10,
      cpuS: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      gcMs: {
        minor: r2(gcMs.minor),
        major: r2(gcMs.major),
        incremental: r2(gcMs.incremental),
        weak: r2(gcMs.weak),
      },
      gcCount,
      maxUnitsAtOnce: maxRunning,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      peakHeapUsedMb: Math.round(peakHeapUsed / 1048576),
      findings,
      liveAtStoreMb,
      ...(simProcessCpuS !== undefined ? { simProcessCpuS: Math.round(simProcessCpuS * 10) / 10 } : {}),
    };
  } finally {
    child?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const args = process.argv.slice(2);
  const opt = (n: string) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
  const regions = opt('--regions')?.split(',');
  const r = await cliCpu(Number(opt('--divisor') ?? 20), args.includes('--latency'), {
    ...(regions ? { regions } : {}),
    liveAtStore: args.includes('--live'),
    ...(opt('--sim-process') ? { simProcess: opt('--sim-process') } : {}),
  });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  const json = opt('--json');
  if (json) await writeFile(json, JSON.stringify(r, null, 2));
}
