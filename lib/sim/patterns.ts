/**
 * Deterministic metric shapes for the simulated account (used by the RDS, CloudFront, VPC and ElastiCache
 * modules): a value per period start in [start, end), with a daily cycle and seeded noise, so the same
 * query always returns the same series.
 */
import { hashSeed, type SimMetricQuery } from './core.js';

/** Number of periods in [start, end), as GetMetricData would return at most. */
export function periodCount(q: Pick<SimMetricQuery, 'start' | 'end' | 'periodSeconds'>): number {
  const span = q.end.getTime() - q.start.getTime();
  return span <= 0 ? 0 : Math.ceil(span / (q.periodSeconds * 1000));
}

/** Uniform noise in [-1, 1), stable per (key, index). */
function noise(key: string, i: number): number {
  return (hashSeed(key, i) / 4294967296) * 2 - 1;
}

export interface ShapeOptions {
  /** Mean level of the series. */
  base: number;
  /** Relative amplitude of the daily cycle (0.3 = +-30% around the base). */
  daily?: number;
  /** Relative noise (0.05 = +-5%). */
  jitter?: number;
  /** Clamp range, e.g. [0, 100] for percentages. */
  min?: number;
  max?: number;
  /** Seed key (resource id + metric) so distinct series differ. */
  key: string;
}

/**
 * A series with a daily cycle peaking mid-afternoon UTC. For a Sum over a day-long period the cycle
 * averages out, leaving base * (1 +- jitter).
 */
export function shapedSeries(q: SimMetricQuery, o: ShapeOptions): number[] {
  const n = periodCount(q);
  const out: number[] = [];
  const stepMs = q.periodSeconds * 1000;
  for (let i = 0; i < n; i++) {
    const t = q.start.getTime() + i * stepMs;
    const hour = q.periodSeconds >= 86_400 ? 12 : new Date(t).getUTCHours();
    const cycle = q.periodSeconds >= 86_400 ? 0 : Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    let v = o.base * (1 + (o.daily ?? 0) * cycle + (o.jitter ?? 0.05) * noise(o.key, i));
    if (o.min !== undefined) v = Math.max(o.min, v);
    if (o.max !== undefined) v = Math.min(o.max, v);
    out.push(Math.round(v * 1000) / 1000);
  }
  return out;
}

/** Scale an hourly base rate to the period (for Sum statistics of per-period counts). */
export function perPeriod(perHour: number, periodSeconds: number): number {
  return (perHour * periodSeconds) / 3600;
}
