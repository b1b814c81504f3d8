/**
 * One benchmark scenario, end to end through the real engine: the simulated account answers the real
 * SDK clients (createClientFactory: paginators, standard retries, our rate limiter, IAM action check),
 * runScan collects, batches metrics (MetricBatcher), evaluates and stores every unit in a LocalStore in a
 * temporary folder (removed afterwards), then the debt register and the digest (scoring) are built as the
 * CLI does. Memory is sampled throughout.
 *
 * Run as a child process by bench/run.ts (one process per scenario, so memory figures do not mix):
 *   node --expose-gc --import tsx bench/scenario.ts --scenario large --out result.json
 * Units run as many at once as the CLI's `--concurrency auto` would; BENCH_UNITS_AT_ONCE=N overrides it
 * (to compare: at 1/20 of the reference account, 4 at once vs 17 took 9.6 s vs 10.0 s of CPU, 535 vs 696 MB).
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVICES, STATUSES, type Status } from '#lib/model/index.js';
import { createClientFactory, type PerfscanClientFactory } from '#lib/collect/clients.js';
import { rateRuleFor } from '#lib/collect/rate-limit.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { callerAccountId, enabledRegions } from '#lib/collect/regions.js';
import { runScan } from '#lib/engine/scan.js';
import { autoMetricWorkers } from '#lib/collect/metric-workers.js';
import { DEFAULT_MEMORY_BUDGET_MB, memoryBudgetOf, unitConcurrency } from '#lib/cli/options.js';
import { LocalStore } from '#lib/store/local.js';
import { digestFor } from '#lib/cli/digest.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import type { SimEndpoint } from '#lib/sim/core.js';
import { analyze, gapKinds, type ActionRow, type CallFigures } from './analyze.js';
import type { ModelledTime, SeriesGroup } from './bounds.js';
import { CallRecorder } from './calls.js';
import { collectGarbage, MemorySampler, type MemoryFigures } from './memory.js';
import { scenarioNamed, type Scenario } from './scenarios.js';
import { pregenerate } from './sim-state.js';
import { runPeer, SleepTally, type PeerResult } from './peer.js';
import { ScaledClock, type QuotaFloor } from '#lib/sim/quota.js';
import { SimProcess, simInfo, type SimInfo, type SimReport } from './sim-process.js';
import type { RegionCalls } from './calls.js';

export interface UnitRow {
  region: string;
  status: string;
  apiCalls: number;
  durationMs: number;
  gaps: number;
}

export interface ScenarioResult {
  name: string;
  title: string;
  scale: number;
  enabledRegions: string[];
  busyRegions: string[];
  faultSpecs: number;
  units: UnitRow[];
  /** Records per snapshot slice, summed over units (metric series excluded). */
  resources: Record<string, number>;
  resourcesTotal: number;
  findings: Record<Status, number>;
  level?: number;
  gaps: number;
  /** Gaps by `service slice code action`, summed over units (what a run's gaps are made of). */
  gapKinds?: Record<string, number>;
  actions: ActionRow[];
  calls: CallFigures;
  pageSizeIssues: string[];
  attempts: number;
  retries: number;
  throttles: number;
  /** What the simulated AWS enforced: its floor for the admitted requests, refusals, final failures. */
  quota?: {
    floor: QuotaFloor;
    /**
     * The slowest buckets (at most 5, one per bucket name, slowest region): (tokens taken - burst) / refill
     * rate each; the floor is the first. The Price List's `pricing:GetProducts` (us-east-1 endpoint, shared by
     * every unit) is one of them.
     */
    slowest?: { region: string; bucket: string; tokens: number; seconds: number }[];
    /** Requests the simulator's token buckets refused (throttled), and all requests it saw. */
    throttled: number;
    requests: number;
    /** Calls that failed after the SDK's retries. */
    failedCalls: number;
    latency: boolean;
    clockScale: number;
  };
  /**
   * CPU time of the process during scan + digest (user + system), the forced full GCs of the per-unit heap
   * table left out. With `simulator.process` 'separate' this is perfscan's alone.
   */
  cpuSeconds?: number;
  /** Where the simulated account ran: in this process ('shared') or its own ('separate', with its figures). */
  simulator?: { process: 'shared' | 'separate'; cpuSeconds?: number; maxRssBytes?: number };
  /** Units scanned at once (the CLI's --concurrency auto for this plan). */
  unitConcurrency?: number;
  /** The naive peer over the same simulated account (bench/peer.ts). */
  peer?: PeerRun;
  time: {
    /** Scan + debt register + digest, without the full GCs the benchmark forces to measure the live heap. */
    wallMs: number;
    scanMs: number;
    digestMs: number;
    /** CPU time inside the simulator's handlers (part of wallMs; AWS does this work in a real scan). */
    simulatorMs: number;
    /** The same as process CPU time (user + system). */
    simulatorCpuMs?: number;
    /** Generating the simulated account before the clock starts. */
    simStateMs: number;
    /** Time calls waited for the client-side rate limiter (summed over concurrent calls). */
    rateLimitWaitMs: number;
    modelled: ModelledTime;
  };
  memory: MemoryFigures & {
    /** Heap used after imports and the simulated account's state were built (after a full GC). */
    baselineHeapUsed: number;
    baselineRss: number;
    /** Heap the simulated account's state holds (not part of a real scan; in its own process when separate). */
    simStateHeap: number;
    /**
     * Live heap (after a full GC) and RSS right after each unit was stored and released, in the order units
     * finished (scenarios with `perUnitHeap`): flat when nothing is kept per unit done.
     */
    perUnit?: { done: number; region: string; liveHeapBytes: number; rssBytes: number }[];
    /** The V8 heap limit the process ran under (MB), when one was set. */
    heapLimitMb?: number;
    /** Live heap growth: peak heap after V8's full GCs - baselineHeapUsed, what the scan keeps at its peak. */
    heapDelta: number;
    /** Snapshot JSON written by the store, all units. */
    snapshotBytes: number;
    /** Findings JSON written by the store, all units. */
    findingsBytes: number;
    gcExposed: boolean;
  };
}

export interface PeerRun extends PeerResult {
  /** Regions whose metrics the peer read one by one (all when not sampled). */
  sampledRegions: string[];
  /** perfscan's GetMetricData calls in the sampled regions (same run). */
  perfscanGetMetricDataInSample: number;
  /** Full-account figures: measured when nothing was sampled, else derived (method in docs/benchmarks.md). */
  full: { getMetricStatisticsCalls: number; wallSeconds: number; derived: boolean };
}

/** The slowest region of each bucket, slowest first (at most `n`). */
export function slowestBuckets(
  usage: readonly { region: string; bucket: string; tokens: number; seconds: number }[],
  n = 5,
): { region: string; bucket: string; tokens: number; seconds: number }[] {
  const byBucket = new Map<string, { region: string; bucket: string; tokens: number; seconds: number }>();
  for (const u of usage) {
    const b = byBucket.get(u.bucket);
    if (!b || u.seconds > b.seconds) byBucket.set(u.bucket, { ...u });
  }
  return [...byBucket.values()].sort((a, b) => b.seconds - a.seconds).slice(0, n);
}

async function dirBytes(dir: string): Promise<number> {
  let n = 0;
  for (const f of await readdir(dir).catch(() => [] as string[])) n += (await stat(join(dir, f))).size;
  return n;
}

function addCalls(
  into: Record<string, Record<string, number>>,
  region: string,
  calls: Record<string, number>,
): void {
  const r = (into[region] ??= {});
  for (const [a, n] of Object.entries(calls)) r[a] = (r[a] ?? 0) + n;
}

/** The simulated account a scenario scans: in this process, or in its own (bench/sim-process.ts). */
interface SimSide {
  endpoint: SimEndpoint;
  info: SimInfo;
  report(): Promise<SimReport>;
  close(): void;
}

async function simSide(scenario: Scenario): Promise<SimSide> {
  if (scenario.simProcess && process.env.BENCH_SIM_IN_PROCESS !== '1') {
    const remote = await SimProcess.start(scenario.name);
    return {
      endpoint: remote,
      info: remote.info,
      report: () => remote.report(),
      close: () => remote.close(),
    };
  }
  const before = process.memoryUsage().heapUsed;
  const sim = createSimulatedAccount(scenario.sim);
  const recorder = new CallRecorder();
  recorder.attach(sim);
  const genStart = performance.now();
  pregenerate(sim);
  const simStateMs = performance.now() - genStart;
  collectGarbage();
  return {
    endpoint: sim,
    info: simInfo(sim, simStateMs, before),
    report: () =>
      Promise.resolve({
        regions: recorder.regions,
        listings: recorder.listings,
        simulatorMs: recorder.simulatorMs,
        simulatorCpuMs: recorder.simulatorCpuMs,
        ...(sim.quotas
          ? {
              quota: {
                floor: sim.quotas.floor(),
                usage: sim.quotas.usage(),
                throttled: sim.quotas.throttledTotal(),
              },
            }
          : {}),
        processCpuSeconds: 0,
        processMaxRssBytes: 0,
      }),
    close: () => {},
  };
}

/** The V8 heap limit of this process (MB), when one was set on its command line. */
function heapLimitOfThisProcess(): number | undefined {
  const flag = process.execArgv.find((a) => a.startsWith('--max-old-space-size='));
  return flag ? Number(flag.split('=')[1]) : undefined;
}

export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const gcExposed = collectGarbage();
  const side = await simSide(scenario);
  const separate = side.endpoint instanceof SimProcess;
  const info = side.info;
  const dataNow = new Date(info.dataNow);
  const simStateMs = info.simStateMs;
  collectGarbage();
  const baseline = process.memoryUsage();

  const dir = await mkdtemp(join(tmpdir(), `perfscan-bench-${scenario.name}-`));
  const factories: { region: string; factory: PerfscanClientFactory }[] = [];
  const sampler = new MemorySampler(50);
  try {
    const store = new LocalStore(dir);
    // A unit's snapshot and findings are complete and alive when it is stored: measure the live heap there.
    const putUnit = store.putUnit.bind(store);
    store.putUnit = (summary, findings, snapshot) => {
      if (scenario.liveHeap !== false) sampler.sampleLive();
      return putUnit(summary, findings, snapshot);
    };
    const allowedActions = new Set(requiredIamActions([...SERVICES]));
    const make = (region: string, accountId?: string) => {
      const factory = createClientFactory({
        region,
        simulator: side.endpoint,
        allowedActions,
        ...(accountId ? { accountId } : {}),
      });
      factories.push({ region, factory });
      return factory;
    };

    const perUnit: NonNullable<ScenarioResult['memory']['perUnit']> = [];
    sampler.start();
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    // As the CLI does: identify the account and its enabled regions first.
    const base = make('us-east-1');
    const accountId = await callerAccountId(base);
    const regions = await enabledRegions(base);
    const concurrency = process.env.BENCH_UNITS_AT_ONCE
      ? Number(process.env.BENCH_UNITS_AT_ONCE)
      : unitConcurrency('auto', regions);
    const result = await runScan({
      store,
      accounts: [{ accountId, enabledRegions: regions }],
      services: [...SERVICES],
      clientsFor: (unit) => make(unit.region, unit.accountId),
      now: new Date(),
      dataNow,
      trigger: 'simulated',
      // The CLI's default (--concurrency auto): one unit per region at once.
      concurrency,
      // The CLI's default (--metric-workers auto); BENCH_METRIC_WORKERS=N sets it.
      metricWorkers: metricWorkersOfBench(),
      ...(scenario.perUnitHeap
        ? {
            // The live heap right after each unit was stored and released (its forced GC's time and CPU are
            // taken out of the scan's figures).
            onProgress: (p: { type: string; unitsDone: number; summary?: { region: string } }) => {
              if (p.type !== 'unit-done' || !p.summary) return;
              const m = sampler.sampleLive();
              if (!m) return;
              perUnit.push({
                done: p.unitsDone,
                region: p.summary.region,
                liveHeapBytes: m.heapUsed,
                rssBytes: m.rss,
              });
              // As it happens, so a run that does not finish (out of memory, stopped) still shows its table.
              process.stderr.write(
                `bench: ${scenario.name} unit ${p.unitsDone} done (${p.summary.region}): live heap ${(m.heapUsed / 1048576).toFixed(1)} MB, RSS ${(m.rss / 1048576).toFixed(1)} MB, peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
              );
            },
          }
        : {}),
      // The CLI's --memory-budget (BENCH_MEMORY_BUDGET_MB overrides it).
      memoryBudget: memoryBudgetOf(Number(process.env.BENCH_MEMORY_BUDGET_MB ?? DEFAULT_MEMORY_BUDGET_MB)),
    });
    const scanned = performance.now();
    // Each unit updated its debt and stored its aggregate as it finished: the digest reads the aggregates.
    const digest = await digestFor(store, result.header, { attestations: [], now: new Date().toISOString() });
    const finished = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const memory = sampler.stop();
    const report = await side.report();
    const quotaFloor = report.quota?.floor;
    let simRequests = 0;
    for (const r of report.regions.values()) for (const n of Object.values(r.attempts)) simRequests += n;

    const callsByRegion: Record<string, Record<string, number>> = {};
    let attempts = 0;
    let retries = 0;
    let throttles = 0;
    let rateLimitWaitMs = 0;
    for (const { region, factory } of factories) {
      addCalls(callsByRegion, region, factory.stats.apiCalls);
      attempts += factory.stats.attempts;
      retries += factory.stats.retries;
      throttles += factory.stats.throttles;
      rateLimitWaitMs += factory.stats.rateLimitWaitMs;
    }
    const seriesByRegion: Record<string, SeriesGroup[]> = {};
    for (const [region, r] of report.regions) seriesByRegion[region] = [...r.series.values()];
    const a = analyze({
      callsByRegion,
      listings: report.listings.values(),
      seriesByRegion,
      bucketFor: rateRuleFor,
    });

    const resources: Record<string, number> = {};
    for (const u of result.units) {
      for (const [k, n] of Object.entries(u.resourceCounts))
        if (k !== 'metrics.series') resources[k] = (resources[k] ?? 0) + n;
    }
    const findings = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    for (const u of result.units) for (const st of STATUSES) findings[st] += u.findingCounts[st] ?? 0;

    // The simulator's process has served its purpose: the peer runs its own account (in this process, after
    // every figure of perfscan's was taken).
    side.close();
    // BENCH_PEER=off skips the naive peer (quicker runs while working on perfscan's own figures).
    const peer =
      scenario.peer && process.env.BENCH_PEER !== 'off' ? await peerRun(scenario, report.regions) : undefined;
    return {
      name: scenario.name,
      title: scenario.title,
      scale: info.scale,
      enabledRegions: [...info.enabledRegions],
      busyRegions: [...info.busyRegions],
      faultSpecs: info.faultSpecs,
      units: result.units.map((u) => ({
        region: u.region,
        status: u.status,
        apiCalls: u.apiCalls,
        durationMs: u.durationMs,
        gaps: u.gaps.length,
      })),
      resources,
      resourcesTotal: Object.values(resources).reduce((x, y) => x + y, 0),
      findings,
      ...(digest.accounts[0] ? { level: digest.accounts[0].summary.overall } : {}),
      gaps: result.header.coverage.gaps,
      gapKinds: gapKinds(result.units),
      actions: a.actions,
      calls: a.calls,
      pageSizeIssues: a.pageSizeIssues,
      attempts,
      retries,
      throttles,
      ...(quotaFloor
        ? {
            quota: {
              floor: quotaFloor,
              slowest: slowestBuckets(report.quota?.usage ?? []),
              throttled: report.quota?.throttled ?? 0,
              requests: simRequests,
              // Calls whose last attempt failed (after the SDK's retries), a metric worker's included.
              failedCalls: factories.reduce((n, f) => n + f.factory.stats.failedCalls, 0),
              latency: info.latency,
              clockScale: info.clockScale,
            },
          }
        : {}),
      cpuSeconds: (cpu.user + cpu.system) / 1e6 - (memory.forcedGcCpuMs ?? 0) / 1000,
      simulator: separate
        ? {
            process: 'separate',
            cpuSeconds: report.processCpuSeconds,
            maxRssBytes: report.processMaxRssBytes,
          }
        : { process: 'shared' },
      unitConcurrency: concurrency,
      ...(peer ? { peer } : {}),
      time: {
        wallMs: finished - started - memory.forcedGcMs,
        scanMs: scanned - started,
        digestMs: finished - scanned,
        simulatorMs: report.simulatorMs,
        simulatorCpuMs: report.simulatorCpuMs,
        simStateMs,
        rateLimitWaitMs,
        modelled: a.modelled,
      },
      memory: {
        ...memory,
        baselineHeapUsed: baseline.heapUsed,
        baselineRss: baseline.rss,
        simStateHeap: info.simStateHeapBytes,
        ...(scenario.perUnitHeap ? { perUnit } : {}),
        ...(heapLimitOfThisProcess() ? { heapLimitMb: heapLimitOfThisProcess() } : {}),
        heapDelta: Math.max(0, memory.peakLiveHeap - baseline.heapUsed),
        snapshotBytes: await dirBytes(join(store.scanDir(result.header.scanId), 'snapshots')),
        findingsBytes: await dirBytes(join(store.scanDir(result.header.scanId), 'findings')),
        gcExposed,
      },
    };
  } finally {
    sampler.stop();
    side.close();
    for (const { factory } of factories) factory.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The naive peer over a fresh copy of the same simulated account (same seed and mix, its own token buckets),
 * on a scaled clock (its wall time stays exact: see bench/peer.ts). It lists every region; with
 * `peer.sampleRegions` it reads metrics one by one only there, and the full-account figures are derived:
 * GetMetricStatistics calls = 3 per listed resource (what it sends, one per resource per metric), wall time =
 * the sample's seconds per call x those calls + the listing time.
 */
async function peerRun(scenario: Scenario, perfscanCalls: Map<string, RegionCalls>): Promise<PeerRun> {
  const opts = scenario.peer as NonNullable<Scenario['peer']>;
  const tally = new SleepTally(new ScaledClock({ scale: opts.clockScale }));
  const sim = createSimulatedAccount({ ...scenario.sim, clock: tally });
  pregenerate(sim);
  const regions = [...sim.options.enabledRegions];
  const sampled = opts.sampleRegions ?? regions;
  const listOnly = regions.filter((r) => !sampled.includes(r));
  const metered = await runPeer(sim, tally, sampled);
  const listed = listOnly.length > 0 ? await runPeer(sim, tally, listOnly, { metrics: false }) : undefined;
  let gmdInSample = 0;
  for (const r of sampled) gmdInSample += perfscanCalls.get(r)?.attempts['cloudwatch:GetMetricData'] ?? 0;
  const resourcesListed = (x: PeerResult) => Object.values(x.resources).reduce((a, b) => a + b, 0);
  const allResources = resourcesListed(metered) + (listed ? resourcesListed(listed) : 0);
  const fullCalls = allResources * 3;
  const perCall = metered.metricSeconds / Math.max(1, metered.getMetricStatisticsCalls);
  return {
    ...metered,
    sampledRegions: [...sampled],
    perfscanGetMetricDataInSample: gmdInSample,
    full: listed
      ? {
          getMetricStatisticsCalls: fullCalls,
          wallSeconds:
            metered.wallSeconds +
            listed.wallSeconds +
            perCall * (fullCalls - metered.getMetricStatisticsCalls),
          derived: true,
        }
      : {
          getMetricStatisticsCalls: metered.getMetricStatisticsCalls,
          wallSeconds: metered.wallSeconds,
          derived: false,
        },
  };
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

// Child-process entry point.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const name = argValue(process.argv, '--scenario');
  const out = argValue(process.argv, '--out');
  if (!name || !out) {
    process.stderr.write(
      'usage: node --expose-gc --import tsx bench/scenario.ts --scenario NAME --out FILE\n',
    );
    process.exit(2);
  }
  const result = await runScenario(scenarioNamed(name));
  await writeFile(out, JSON.stringify(result, null, 2) + '\n', 'utf8');
}

/** Metric worker threads of a benchmark scan: the CLI's `auto`, or BENCH_METRIC_WORKERS. */
export function metricWorkersOfBench(): number {
  const n = process.env.BENCH_METRIC_WORKERS;
  return n === undefined || n === '' ? autoMetricWorkers() : Math.max(0, Math.floor(Number(n)));
}
