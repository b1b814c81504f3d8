/**
 * The memory of ONE unit (account x region), as the Scan Lambda runs it: scanUnit with the real client
 * factory over the simulated account, evaluation, and the store write. bench/run.ts bundles this file
 * with esbuild the way lib/infra/perfscan-function.ts bundles the handlers (ESM, minified, SDK included)
 * and runs the bundle with plain node, so the figure has no TypeScript loader in it:
 *   node --expose-gc unit.mjs --scenario large --region eu-west-1 --out result.json
 * The simulated account's state is in the process too (in a Lambda the same data arrives as HTTP
 * responses instead); it is measured separately (simStateHeap) so it can be taken out.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVICES, type ScanUnit } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { newScanId, scanUnit } from '#lib/engine/scan.js';
import { LocalStore } from '#lib/store/local.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { collectGarbage, MemorySampler } from './memory.js';
import { pregenerate } from './sim-state.js';
import { scenarioNamed } from './scenarios.js';

export interface UnitMemoryResult {
  scenario: string;
  region: string;
  status: string;
  apiCalls: number;
  durationMs: number;
  resources: number;
  series: number;
  /** RSS after modules were loaded and the simulated state built (after a full GC). */
  baselineRss: number;
  /** Heap the simulated account's state holds. */
  simStateHeap: number;
  /** The OS's peak RSS of the process. */
  maxRssOs: number;
  peakHeapUsed: number;
  baselineHeapUsed: number;
  node: string;
}

export async function measureUnit(scenarioName: string, region: string): Promise<UnitMemoryResult> {
  collectGarbage();
  const before = process.memoryUsage();
  const scenario = scenarioNamed(scenarioName);
  // Only this region is enabled; the busy-region order is kept (Compute Optimizer and SLOs live in the first).
  const sim = createSimulatedAccount({ ...scenario.sim, enabledRegions: [region] });
  pregenerate(sim);
  collectGarbage();
  const baseline = process.memoryUsage();
  const dir = await mkdtemp(join(tmpdir(), 'perfscan-bench-unit-'));
  const sampler = new MemorySampler(50);
  const clients = createClientFactory({
    region,
    simulator: sim,
    allowedActions: new Set(requiredIamActions([...SERVICES])),
  });
  try {
    sampler.start();
    const now = new Date();
    const unit: ScanUnit = { accountId: sim.accountId, region, global: region === 'us-east-1' };
    const { summary } = await scanUnit(unit, {
      scanId: newScanId(now),
      services: [...SERVICES],
      clients,
      now: sim.options.now,
      scanTime: now,
      store: new LocalStore(dir),
    });
    const mem = sampler.stop();
    return {
      scenario: scenarioName,
      region,
      status: summary.status,
      apiCalls: summary.apiCalls,
      durationMs: summary.durationMs,
      resources: Object.entries(summary.resourceCounts).reduce(
        (n, [k, v]) => (k === 'metrics.series' ? n : n + v),
        0,
      ),
      series: summary.resourceCounts['metrics.series'] ?? 0,
      baselineRss: baseline.rss,
      simStateHeap: Math.max(0, baseline.heapUsed - before.heapUsed),
      maxRssOs: mem.maxRssOs,
      peakHeapUsed: mem.peakHeapUsed,
      baselineHeapUsed: baseline.heapUsed,
      node: process.version,
    };
  } finally {
    sampler.stop();
    clients.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const name = argValue(process.argv, '--scenario') ?? 'large';
  const region = argValue(process.argv, '--region') ?? 'eu-west-1';
  const out = argValue(process.argv, '--out');
  const result = await measureUnit(name, region);
  if (out) await writeFile(out, JSON.stringify(result, null, 2) + '\n', 'utf8');
  else process.stdout.write(JSON.stringify(result) + '\n');
}
