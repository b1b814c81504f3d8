/** Flag parsers: each rejects a bad value with a message naming the value and the fix (commander names the flag). */
import { liveMemoryBytes } from '#lib/collect/concurrency.js';
import { InvalidArgumentError } from 'commander';
import { SERVICES, SEVERITIES, type ServiceName, type Severity } from '#lib/model/index.js';
import { KNOWN_REGIONS, suggestRegion } from '#lib/engine/plan.js';
import { closest } from '#lib/engine/suggest.js';
import { MAX_WINDOW_DAYS } from '#lib/config/basics.js';

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseRegions(value: string): string[] {
  const regions = list(value);
  if (regions.length === 0)
    throw new InvalidArgumentError(
      'Expected a comma-separated list of region codes, e.g. us-east-1,eu-west-1.',
    );
  for (const r of regions) {
    if (!KNOWN_REGIONS.includes(r)) {
      const s = suggestRegion(r);
      throw new InvalidArgumentError(
        `'${r}' is not a known AWS region code. Fix: ${s ? `use '${s}'` : 'use codes such as us-east-1,eu-west-1'}.`,
      );
    }
  }
  return [...new Set(regions)];
}

export function parseServices(value: string): ServiceName[] {
  const services = list(value);
  if (services.length === 0)
    throw new InvalidArgumentError(`Expected a comma-separated list of services: ${SERVICES.join(',')}.`);
  for (const s of services) {
    if (!(SERVICES as readonly string[]).includes(s)) {
      const c = closest(s, SERVICES);
      throw new InvalidArgumentError(
        `'${s}' is not a perfscan service. Fix: ${c ? `use '${c}'; ` : ''}known services: ${SERVICES.join(',')}.`,
      );
    }
  }
  return [...new Set(services)] as ServiceName[];
}

export function intIn(min: number, max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected ${what}: a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

export const parseWindowDays = intIn(1, MAX_WINDOW_DAYS, 'the metric window in days');
const parseConcurrencyNumber = intIn(1, 64, 'the number of units scanned at once');

/** `--concurrency`: a number of units, or `auto` (see unitConcurrency). */
export type Concurrency = number | 'auto';

export function parseConcurrency(value: string): Concurrency {
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  try {
    return parseConcurrencyNumber(value);
  } catch {
    throw new InvalidArgumentError(
      `Expected 'auto' or the number of units scanned at once: a whole number from 1 to 64.`,
    );
  }
}

/** `--metric-workers`: threads that read GetMetricData batches beside the scan's, or `auto`. */
export type MetricWorkers = number | 'auto';
const parseMetricWorkersNumber = intIn(0, 16, 'the number of metric worker threads');

export function parseMetricWorkers(value: string): MetricWorkers {
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  try {
    return parseMetricWorkersNumber(value);
  } catch {
    throw new InvalidArgumentError(
      `Expected 'auto' or the number of metric worker threads: a whole number from 0 (none) to 16.`,
    );
  }
}

/** Most units `auto` runs at once: each unit in flight holds its own inventory and metric summaries. */
export const AUTO_CONCURRENCY_MAX = 24;

/**
 * Units scanned at once. API quotas are per account and region, so units in different regions (or accounts)
 * never share a bucket: `auto` runs one unit per distinct region of the plan at once, at most
 * AUTO_CONCURRENCY_MAX (memory), and at least 1. A number is used as given.
 */
export function unitConcurrency(requested: Concurrency, regions: readonly string[]): number {
  if (requested !== 'auto') return requested;
  return Math.max(1, Math.min(AUTO_CONCURRENCY_MAX, new Set(regions).size));
}
/**
 * `--memory-budget`: MB of live memory (V8 heap + ArrayBuffers) the scan may add to what the process held when
 * it started (code, config, a simulated account's state) before another unit waits for one to finish.
 */
export { DEFAULT_MEMORY_BUDGET_MB } from './heap.js';
export const parseMemoryBudget = intIn(64, 1_048_576, 'the memory budget in MB');

/** The engine's memory bound from `--memory-budget` (MB), on top of the live memory right now. */
export function memoryBudgetOf(mb: number): { bytes: number } {
  return { bytes: liveMemoryBytes() + mb * 1024 * 1024 };
}
export const parseSeed = intIn(0, 2 ** 32 - 1, 'a seed');

export function parseScale(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 10_000)
    throw new InvalidArgumentError('Expected a positive number (1 = the demo account), up to 10000.');
  return n;
}

export const FAIL_ON = [...SEVERITIES, 'none'] as const;
export type FailOn = Severity | 'none';
