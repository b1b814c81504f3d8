/**
 * Collect one (account, region) unit: run the requested collectors concurrently, fetch every queued
 * metric series with one batcher, and assemble the snapshot. Failures become gaps; only programming
 * errors (an undeclared IAM action) reject.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  SERVICE_SLICE_KEYS,
  SNAPSHOT_SCHEMA_VERSION,
  type Gap,
  type ScanUnit,
  type ServiceName,
  type Snapshot,
} from '#lib/model/index.js';
import type { CallStats } from './clients.js';
import { toGap } from './errors.js';
import { MetricBatcher, type MetricReader } from './metrics.js';
import { COLLECTORS } from './registry.js';
import type { ClientFactory, Collector, CollectorContext } from './types.js';

export const DEFAULT_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * The metric window: the last `days` whole UTC days before `now`. Whole days so Trusted Advisor style
 * rules ("on 4 of the last 14 days") compare full days and daily Sum periods line up with UTC days;
 * aligned boundaries are also what CloudWatch answers fastest.
 */
export function metricWindow(now: Date, days: number): { start: Date; end: Date; days: number } {
  const end = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return { start: new Date(end.getTime() - days * DAY_MS), end, days };
}

export interface CollectUnitOptions {
  scanId: string;
  services: ServiceName[];
  clients: ClientFactory & { stats: CallStats };
  now: Date;
  windowDays?: number;
  /** Replace collectors (tests, or a subset for a service under development). */
  collectors?: Partial<Record<ServiceName, Collector>>;
  /** Called when the listing is done and the queued metric queries are sent (progress display). */
  onPhase?(phase: 'metrics'): void;
  /**
   * Awaited when the listing is done, with the number of metric queries queued, before they are sent: the
   * engine's memory gate (lib/engine/memory-gate.ts) holds a unit there while other units' reservations fill
   * the scan's memory budget.
   */
  beforeMetrics?(queries: number): Promise<void>;
  /** Parallel GetMetricData calls. */
  metricConcurrency?: number;
  /** Where the unit's GetMetricData batches are read, when not on its client in this thread (a metric worker). */
  metricReader?: MetricReader;
  /** Per-resource follow-up call budget for collectors without a batch API. */
  maxFollowUpCalls?: number;
}

export async function collectUnit(unit: ScanUnit, opts: CollectUnitOptions): Promise<Snapshot> {
  const startedMs = performance.now();
  const statsBefore = opts.clients.stats.clone();
  const window = metricWindow(opts.now, opts.windowDays ?? DEFAULT_WINDOW_DAYS);
  const batcher = new MetricBatcher({
    client: opts.clients.get(CloudWatchClient, unit.region),
    window,
    ...(opts.metricConcurrency !== undefined ? { concurrency: opts.metricConcurrency } : {}),
    ...(opts.metricReader ? { reader: opts.metricReader } : {}),
  });
  const gaps: Gap[] = [];
  const ctx: CollectorContext = {
    accountId: unit.accountId,
    region: unit.region,
    globalUnit: unit.global,
    clients: opts.clients,
    metrics: batcher,
    window,
    gap: (g) => gaps.push(g),
    limits: { maxFollowUpCalls: opts.maxFollowUpCalls ?? 50 },
  };

  // Global services (CloudFront) only in the account's global unit.
  const toRun = [...new Set(opts.services)]
    .map((service) => ({ service, collector: opts.collectors?.[service] ?? COLLECTORS[service] }))
    .filter(({ collector }) => unit.global || !collector.global);

  const slices = await Promise.all(
    toRun.map(async ({ service, collector }) => {
      try {
        return await collector.collect(ctx);
      } catch (err) {
        // A collector is expected to guard its own calls; anything that escapes costs its whole service.
        // toGap rethrows UndeclaredActionError.
        gaps.push(toGap(err, { service, slice: service }));
        return {};
      }
    }),
  );

  if (opts.beforeMetrics) await opts.beforeMetrics(batcher.size);
  opts.onPhase?.('metrics');
  const flushed = await batcher.flush();
  gaps.push(...flushed.gaps);
  // Follow-ups that depend on the metrics (bounded per collector by ctx.limits.maxFollowUpCalls).
  await Promise.all(
    toRun.map(async ({ service, collector }, i) => {
      if (!collector.followUp) return;
      try {
        await collector.followUp(ctx, slices[i] ?? {}, flushed.summaries);
      } catch (err) {
        gaps.push(toGap(err, { service, slice: service }));
      }
    }),
  );
  const stats = opts.clients.stats.since(statsBefore);

  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    scanId: opts.scanId,
    accountId: unit.accountId,
    region: unit.region,
    globalUnit: unit.global,
    collectedAt: opts.now.toISOString(),
    window: { start: window.start.toISOString(), end: window.end.toISOString(), days: window.days },
    services: toRun.map((r) => r.service),
    metrics: flushed.summaries,
    gaps,
    stats: {
      apiCalls: stats.apiCalls,
      throttles: stats.throttles,
      retries: stats.retries,
      metricQueries: batcher.size,
      getMetricDataCalls: flushed.calls,
      durationMs: Math.round(performance.now() - startedMs),
    },
  };
  // Only slice keys are taken from a collector's result; anything else in it is ignored.
  for (const slice of slices) {
    for (const key of Object.values(SERVICE_SLICE_KEYS)) {
      const value = slice[key];
      if (value !== undefined) (snapshot as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return snapshot;
}
