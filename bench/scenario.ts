/**
 * One benchmark scenario, end to end through the real engine: the simulated account answers the real
 * SDK clients (createClientFactory: paginators, standard retries, our rate limiter, IAM action check),
 * runScan collects, batches metrics (MetricBatcher), evaluates and stores every unit in a LocalStore in a
 * temporary folder (removed afterwards), then the debt register and the digest (scoring) are built as the
 * CLI does. Memory is sampled throughout.
 *
 * Run as a child process by bench/run.ts (one process per scenario, so memory figures do not mix):
 *   node --expose-gc --import tsx bench/scenario.ts --scenario large --out result.json
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
import { LocalStore } from '#lib/store/local.js';
import { updateDebtRegister } from '#lib/digest/debt.js';
import { digestFor } from '#lib/cli/digest.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { analyze, type ActionRow, type CallFigures } from './analyze.js';
import type { ModelledTime, SeriesGroup } from './bounds.js';
import { CallRecorder } from './calls.js';
import { collectGarbage, MemorySampler, type MemoryFigures } from './memory.js';
import { scenarioNamed, type Scenario } from './scenarios.js';
import { pregenerate } from './sim-state.js';

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
  actions: ActionRow[];
  calls: CallFigures;
  pageSizeIssues: string[];
  attempts: number;
  retries: number;
  throttles: number;
  time: {
    /** Scan + debt register + digest, without the full GCs the benchmark forces to measure the live heap. */
    wallMs: number;
    scanMs: number;
    digestMs: number;
    /** CPU time inside the simulator's handlers (part of wallMs; AWS does this work in a real scan). */
    simulatorMs: number;
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
    /** Heap the simulated account's state holds (not part of a real scan). */
    simStateHeap: number;
    /** Live heap growth: peak heap after V8's full GCs - baselineHeapUsed, what the scan keeps at its peak. */
    heapDelta: number;
    /** Snapshot JSON written by the store, all units. */
    snapshotBytes: number;
    /** Findings JSON written by the store, all units. */
    findingsBytes: number;
    gcExposed: boolean;
  };
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

export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const gcExposed = collectGarbage();
  const before = process.memoryUsage();
  const sim = createSimulatedAccount(scenario.sim);
  const recorder = new CallRecorder();
  recorder.attach(sim);
  const genStart = performance.now();
  pregenerate(sim);
  const simStateMs = performance.now() - genStart;
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
      sampler.sampleLive();
      return putUnit(summary, findings, snapshot);
    };
    const allowedActions = new Set(requiredIamActions([...SERVICES]));
    const make = (region: string, accountId?: string) => {
      const factory = createClientFactory({
        region,
        simulator: sim,
        allowedActions,
        ...(accountId ? { accountId } : {}),
      });
      factories.push({ region, factory });
      return factory;
    };

    sampler.start();
    const started = performance.now();
    // As the CLI does: identify the account and its enabled regions first.
    const base = make('us-east-1');
    const accountId = await callerAccountId(base);
    const regions = await enabledRegions(base);
    const result = await runScan({
      store,
      accounts: [{ accountId, enabledRegions: regions }],
      services: [...SERVICES],
      clientsFor: (unit) => make(unit.region, unit.accountId),
      now: new Date(),
      dataNow: sim.options.now,
      trigger: 'simulated',
      concurrency: 4,
    });
    const scanned = performance.now();
    const debt = updateDebtRegister(await store.getDebt(accountId), result.findings, {
      scanId: result.header.scanId,
      startedAt: result.header.startedAt,
      units: result.units,
    });
    await store.putDebt(debt);
    const digest = await digestFor(store, result, { debt, attestations: [], now: new Date().toISOString() });
    const finished = performance.now();
    const memory = sampler.stop();

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
    for (const [region, r] of recorder.regions) seriesByRegion[region] = [...r.series.values()];
    const a = analyze({
      callsByRegion,
      listings: recorder.listings.values(),
      seriesByRegion,
      bucketFor: rateRuleFor,
    });

    const resources: Record<string, number> = {};
    for (const u of result.units) {
      for (const [k, n] of Object.entries(u.resourceCounts))
        if (k !== 'metrics.series') resources[k] = (resources[k] ?? 0) + n;
    }
    const findings = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    for (const f of result.findings) if (!f.suppressedBy) findings[f.status]++;

    return {
      name: scenario.name,
      title: scenario.title,
      scale: sim.options.scale,
      enabledRegions: [...sim.options.enabledRegions],
      busyRegions: [...sim.options.busyRegions],
      faultSpecs: sim.options.faults.length,
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
      actions: a.actions,
      calls: a.calls,
      pageSizeIssues: a.pageSizeIssues,
      attempts,
      retries,
      throttles,
      time: {
        wallMs: finished - started - memory.forcedGcMs,
        scanMs: scanned - started,
        digestMs: finished - scanned,
        simulatorMs: recorder.simulatorMs,
        simStateMs,
        rateLimitWaitMs,
        modelled: a.modelled,
      },
      memory: {
        ...memory,
        baselineHeapUsed: baseline.heapUsed,
        baselineRss: baseline.rss,
        simStateHeap: Math.max(0, baseline.heapUsed - before.heapUsed),
        heapDelta: Math.max(0, memory.peakLiveHeap - baseline.heapUsed),
        snapshotBytes: await dirBytes(join(store.scanDir(result.header.scanId), 'snapshots')),
        findingsBytes: await dirBytes(join(store.scanDir(result.header.scanId), 'findings')),
        gcExposed,
      },
    };
  } finally {
    sampler.stop();
    for (const { factory } of factories) factory.destroy();
    await rm(dir, { recursive: true, force: true });
  }
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
