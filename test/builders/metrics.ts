/**
 * Metric builders: summaries as the metric batcher stores them, either given directly
 * (`aMetricSummary({...})`) or computed from a raw series (`aSeriesSummary(values, meta)`).
 */
import { metricKey } from '#lib/model/index.js';
import type { MetricSummary, Snapshot } from '#lib/model/index.js';
import { TEST_WINDOW } from './snapshot.js';
import { TEST_INSTANCE_ID } from './ec2.js';

export interface SeriesMeta {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
  windowDays?: number;
}

/** A flat CPUUtilization Average 3600 summary at 20% over a full 14-day window. */
export function aMetricSummary(overrides: Partial<MetricSummary> = {}): MetricSummary {
  const days = overrides.windowDays ?? TEST_WINDOW.days;
  const period = overrides.periodSeconds ?? 3600;
  const points = Math.round((days * 86400) / period);
  return {
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { InstanceId: TEST_INSTANCE_ID },
    stat: 'Average',
    periodSeconds: period,
    windowDays: days,
    datapoints: points,
    expectedDatapoints: points,
    min: 20,
    max: 20,
    mean: 20,
    sum: 20 * points,
    p50: 20,
    p95: 20,
    p99: 20,
    dailyMeans: Array.from({ length: days }, () => 20),
    dailyMaxes: Array.from({ length: days }, () => 20),
    first: 20,
    last: 20,
    ...overrides,
  };
}

function percentile(sorted: number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const mean = (xs: number[]) => (xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Summarizes a raw series, oldest point first, one point per period from the window start; `null` is a
 * missing point. Daily values cover UTC days that have at least one point.
 */
export function aSeriesSummary(values: readonly (number | null)[], meta: SeriesMeta): MetricSummary {
  const windowDays = meta.windowDays ?? TEST_WINDOW.days;
  const perDay = Math.max(1, Math.round(86400 / meta.periodSeconds));
  const present = values.filter((v): v is number => v !== null);
  const sorted = [...present].sort((a, b) => a - b);
  const dayValues: number[][] = [];
  for (let i = 0; i < values.length; i += perDay) {
    const day = values.slice(i, i + perDay).filter((v): v is number => v !== null);
    if (day.length > 0) dayValues.push(day);
  }
  const dailyMeans = dayValues.map((d) => mean(d) ?? 0);
  return {
    namespace: meta.namespace,
    metricName: meta.metricName,
    dimensions: meta.dimensions,
    stat: meta.stat,
    periodSeconds: meta.periodSeconds,
    windowDays,
    datapoints: present.length,
    expectedDatapoints: Math.round((windowDays * 86400) / meta.periodSeconds),
    ...(present.length > 0
      ? {
          min: sorted[0],
          max: sorted[sorted.length - 1],
          mean: mean(present),
          sum: present.reduce((a, b) => a + b, 0),
          p50: percentile(sorted, 0.5),
          p95: percentile(sorted, 0.95),
          p99: percentile(sorted, 0.99),
          dailyMeans,
          dailyMaxes: dayValues.map((d) => Math.max(...d)),
          first: dailyMeans[0],
          last: dailyMeans[dailyMeans.length - 1],
        }
      : {}),
  };
}

/** `days * 24` hourly values from `fn(hourIndex)`. */
export function hourly(days: number, fn: (hour: number) => number | null): (number | null)[] {
  return Array.from({ length: days * 24 }, (_, h) => fn(h));
}

/** One value per day from `fn(dayIndex)`. */
export function daily(days: number, fn: (day: number) => number | null): (number | null)[] {
  return Array.from({ length: days }, (_, d) => fn(d));
}

/** A summary of an AWS/EC2 per-instance series. */
export function anEc2MetricSummary(
  instanceId: string,
  metricName: string,
  stat: string,
  periodSeconds: number,
  values: readonly (number | null)[],
): MetricSummary {
  return aSeriesSummary(values, {
    namespace: 'AWS/EC2',
    metricName,
    dimensions: { InstanceId: instanceId },
    stat,
    periodSeconds,
  });
}

/** A summary of an AWS/EBS per-volume series. */
export function anEbsMetricSummary(
  volumeId: string,
  metricName: string,
  stat: string,
  periodSeconds: number,
  values: readonly (number | null)[],
): MetricSummary {
  return aSeriesSummary(values, {
    namespace: 'AWS/EBS',
    metricName,
    dimensions: { VolumeId: volumeId },
    stat,
    periodSeconds,
  });
}

/** Puts summaries into `snapshot.metrics` under their `metricKey()` (mutates and returns the snapshot). */
export function withMetrics(snapshot: Snapshot, ...summaries: MetricSummary[]): Snapshot {
  for (const s of summaries) snapshot.metrics[metricKey(s)] = s;
  return snapshot;
}
