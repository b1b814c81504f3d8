/**
 * Deterministic metric shapes for the simulated account (used by the RDS, CloudFront, VPC and ElastiCache
 * modules): a value per period start in [start, end), with a daily cycle and seeded noise, so the same
 * query always returns the same series.
 */
import type { SimMetricQuery } from './core.js';

/** Number of periods in [start, end), as GetMetricData would return at most. */
export function periodCount(q: Pick<SimMetricQuery, 'start' | 'end' | 'periodSeconds'>): number {
  const span = q.end.getTime() - q.start.getTime();
  return span <= 0 ? 0 : Math.ceil(span / (q.periodSeconds * 1000));
}

/** FNV-1a state after `key|`, exactly as hashSeed(key, i) starts (it hashes `${key}|${i}`). */
function fnvPrefix(key: string): number {
  let h = 0x811c9dc5;
  for (const ch of key + '|') {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** hashSeed(key, i) for a non-negative integer i, continuing from fnvPrefix(key): no string per point. */
function hashIndex(prefix: number, i: number): number {
  let h = prefix;
  const digits = String(i);
  for (let c = 0; c < digits.length; c++) {
    h ^= digits.charCodeAt(c);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform noise in [-1, 1), stable per (key, index): equal to (hashSeed(key, i) / 2^32) * 2 - 1. */
export function noise(key: string, i: number): number {
  return (hashIndex(fnvPrefix(key), i) / 4294967296) * 2 - 1;
}

/** The daily cycle by UTC hour, peaking mid-afternoon (one sine per hour of the day, computed once). */
const CYCLE = Array.from({ length: 24 }, (_, hour) => Math.sin(((hour - 9) / 24) * 2 * Math.PI));

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
  const out = new Array<number>(n);
  const stepMs = q.periodSeconds * 1000;
  const t0 = q.start.getTime();
  const daily = q.periodSeconds >= 86_400;
  const prefix = fnvPrefix(o.key);
  const amplitude = o.daily ?? 0;
  const jitter = o.jitter ?? 0.05;
  for (let i = 0; i < n; i++) {
    // getUTCHours of a time since the epoch: whole hours modulo 24.
    const cycle = daily ? 0 : (CYCLE[Math.floor((t0 + i * stepMs) / 3_600_000) % 24] as number);
    const r = (hashIndex(prefix, i) / 4294967296) * 2 - 1;
    let v = o.base * (1 + amplitude * cycle + jitter * r);
    if (o.min !== undefined) v = Math.max(o.min, v);
    if (o.max !== undefined) v = Math.min(o.max, v);
    out[i] = Math.round(v * 1000) / 1000;
  }
  return out;
}

/** Scale an hourly base rate to the period (for Sum statistics of per-period counts). */
export function perPeriod(perHour: number, periodSeconds: number): number {
  return (perHour * periodSeconds) / 3600;
}
