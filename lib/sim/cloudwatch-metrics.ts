/**
 * CloudWatch metric APIs of the simulated account. GetMetricData answers from the service modules'
 * metric providers (`account.metricValues`), with the API's limits: at most 500 queries per call
 * (ValidationError beyond), at most MaxDatapoints (default and max 100,800) datapoints per response with
 * NextToken pages beyond, timestamps at period starts, ScanBy order. GetMetricStatistics is answered too
 * (1,440-datapoint cap), only so tests can prove perfscan never calls it.
 *
 * Also exports the series helpers the EC2 and EBS simulations use: seeded per-hour samples aggregated
 * to any period and statistic, generated lazily per query.
 */
import { awsError, type SimMetricQuery, type SimServiceModule } from './core.js';
import {
  PACKED_POINTS,
  pointBuffer,
  recyclePointBuffer,
  type PackedPoints,
  type PointStore,
} from './points.js';

export const MAX_QUERIES = 500;
export const MAX_DATAPOINTS = 100_800;
export const MAX_STATISTICS_DATAPOINTS = 1_440;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- series helpers

/** Fast integer hash noise in [0, 1), stable per (seed, index). */
export function hashNoise(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * CloudWatch rounds StartTime down by the age of the data (GetMetricData API reference): to the minute
 * under 15 days, to 5 minutes under 63 days, to the hour beyond.
 */
export function roundStart(start: Date, now: Date): Date {
  const age = now.getTime() - start.getTime();
  const step = age < 15 * DAY_MS ? 60_000 : age < 63 * DAY_MS ? 300_000 : HOUR_MS;
  return new Date(Math.floor(start.getTime() / step) * step);
}

/** Period start times (ms) in [start, end). */
export function periodStarts(start: Date, end: Date, periodSeconds: number): number[] {
  const out: number[] = [];
  const step = periodSeconds * 1000;
  for (let t = start.getTime(); t < end.getTime(); t += step) out.push(t);
  return out;
}

/** What one hour of a metric looks like: the basic-monitoring samples of that hour, summarized. */
export interface HourSample {
  avg: number;
  max: number;
  min: number;
  sum: number;
  count: number;
}

/** The statistics seriesFromHours reads, as small integers (a switch in its loop, no closure per point). */
const AVERAGE = 0;
const MAXIMUM = 1;
const MINIMUM = 2;
const SUM = 3;
const SAMPLE_COUNT = 4;
const PERCENTILE = 5;

/**
 * The statistic to read, decided once per series: Average, Maximum, Minimum, Sum, SampleCount, and
 * percentiles (pNN) somewhere between the average and the maximum, closer to the max for higher p (`w` is
 * how far). Any other statistic reads as the average.
 */
function statOf(stat: string): { kind: number; w: number } {
  switch (stat) {
    case 'Average':
      return { kind: AVERAGE, w: 0 };
    case 'Maximum':
      return { kind: MAXIMUM, w: 0 };
    case 'Minimum':
      return { kind: MINIMUM, w: 0 };
    case 'Sum':
      return { kind: SUM, w: 0 };
    case 'SampleCount':
      return { kind: SAMPLE_COUNT, w: 0 };
    default: {
      const p = /^p(\d+(?:\.\d+)?)$/.exec(stat);
      if (!p) return { kind: AVERAGE, w: 0 };
      return { kind: PERCENTILE, w: Math.pow(Number(p[1]) / 100, 3) };
    }
  }
}

/** One statistic of an hour's (or period's) aggregate; an aggregate's mean is sum / count when it has samples. */
function pick(
  kind: number,
  w: number,
  avg: number,
  max: number,
  min: number,
  sum: number,
  count: number,
): number {
  switch (kind) {
    case MAXIMUM:
      return max;
    case MINIMUM:
      return min;
    case SUM:
      return sum;
    case SAMPLE_COUNT:
      return count;
    case PERCENTILE: {
      const a = count > 0 ? sum / count : avg;
      return a + (max - a) * w;
    }
    default:
      return count > 0 ? sum / count : avg;
  }
}

/**
 * A series for `q` built from hourly samples (`hour(h)` with h = hours since the epoch, null = no data),
 * NaN where a period has no data (so the array holds unboxed doubles: a null among numbers makes V8 box every
 * number). Periods of an hour or more aggregate whole hours; shorter periods split the hour with seeded jitter.
 * Hot path of large simulated scans (one call per point): no arrays of period starts, no object or closure
 * per point, the statistic chosen once. `hour` may return the same (reused) object each call: it is read at once.
 */
export function seriesFromHours(
  q: SimMetricQuery,
  seed: number,
  hour: (h: number) => HourSample | null,
): number[] {
  const stepMs = q.periodSeconds * 1000;
  const start = q.start.getTime();
  const end = q.end.getTime();
  const n = end > start ? Math.ceil((end - start) / stepMs) : 0;
  const out = new Array<number>(n);
  const { kind, w } = statOf(q.stat);
  if (stepMs === HOUR_MS && start % HOUR_MS === 0) {
    // Hourly periods on the hour (what a scan asks for): one hour a period.
    const h0 = start / HOUR_MS;
    for (let i = 0; i < n; i++) {
      const s = hour(h0 + i);
      out[i] = s ? round(pick(kind, w, s.avg, s.max, s.min, s.sum, s.count)) : NaN;
    }
    return out;
  }
  if (stepMs >= HOUR_MS) {
    for (let i = 0; i < n; i++) {
      const t = start + i * stepMs;
      let hours = 0;
      let avg = 0;
      let max = 0;
      let min = 0;
      let sum = 0;
      let count = 0;
      for (let h = Math.floor(t / HOUR_MS); h * HOUR_MS < t + stepMs; h++) {
        const s = hour(h);
        if (!s) continue;
        if (hours === 0) {
          avg = s.avg;
          max = s.max;
          min = s.min;
          sum = s.sum;
          count = s.count;
        } else {
          // An aggregate of several hours has no average of its own (count > 0 gives sum / count).
          avg = 0;
          max = Math.max(max, s.max);
          min = Math.min(min, s.min);
          sum += s.sum;
          count += s.count;
        }
        hours++;
      }
      out[i] = hours > 0 ? round(pick(kind, w, avg, max, min, sum, count)) : NaN;
    }
    return out;
  }
  const f = stepMs / HOUR_MS;
  for (let i = 0; i < n; i++) {
    const t = start + i * stepMs;
    const h = Math.floor(t / HOUR_MS);
    const s = hour(h);
    if (!s) {
      out[i] = NaN;
      continue;
    }
    const k = Math.floor((t - h * HOUR_MS) / stepMs);
    const j = 0.9 + 0.2 * hashNoise(seed ^ 0x51ed, h * 64 + k);
    const avg = s.avg * j;
    const max = Math.max(avg, Math.min(s.max, avg + (s.max - s.avg) * hashNoise(seed ^ 0x7a11, h * 64 + k)));
    const min = Math.min(avg, Math.max(s.min, avg * 0.8));
    out[i] = round(pick(kind, w, avg, max, min, s.sum * f * j, s.count * f));
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

function unitOf(metricName: string): string {
  if (/Utilization|Balance|Percent/.test(metricName)) return 'Percent';
  if (/Bytes|^Network(In|Out)$/.test(metricName)) return 'Bytes';
  if (/Ops$|Count$|Packets/.test(metricName)) return 'Count';
  return 'None';
}

// ---------------------------------------------------------------- request parsing and validation

function validation(message: string): Error {
  return awsError('ValidationError', message, 400);
}

function toDate(v: unknown, name: string): Date {
  const d = v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw validation(`The parameter ${name} is required.`);
  return d;
}

function checkPeriod(period: unknown): number {
  const p = Number(period);
  // Standard resolution periods are multiples of 60; 1, 5, 10, 30 are high-resolution periods.
  if (!Number.isInteger(p) || p < 1 || (p % 60 !== 0 && ![1, 5, 10, 30].includes(p))) {
    throw validation('The parameter Period must be 1, 5, 10, 30, or a multiple of 60.');
  }
  return p;
}

interface DimensionInput {
  Name?: string;
  Value?: string;
}

function dims(list: DimensionInput[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of list ?? []) if (d.Name) out[d.Name] = d.Value ?? '';
  return out;
}

interface QueryInput {
  Id?: string;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  MetricStat?: {
    Metric?: { Namespace?: string; MetricName?: string; Dimensions?: DimensionInput[] };
    Period?: number;
    Stat?: string;
  };
}

/** A result's range in the response's points, and what it says besides its points. */
interface SeriesRange {
  id: string;
  label: string;
  /** Its points are [from, to) of the response's arrays (series after series, in the requested order). */
  from: number;
  to: number;
  status?: 'InternalError';
  message?: string;
}

/** Where a result's points are: [from, to) of its answer's arrays. */
interface PointRange {
  store: PointStore;
  from: number;
  to: number;
}
const RANGE = Symbol('range');

/** A field's value from now on, as a plain (enumerable, writable) property. */
function settle(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

function rangeOf(target: object): PointRange {
  const range = (target as { [RANGE]: PointRange })[RANGE];
  if (range.store.released)
    throw new Error(
      'GetMetricData answer read after its points were released (lib/sim/points.ts releasePoints)',
    );
  return range;
}

/** Shared accessors (no closure per result): built on first read, assignable like plain fields. */
const TIMESTAMPS: PropertyDescriptor = {
  get(this: object): Date[] {
    const { store, from, to } = rangeOf(this);
    const ts = store.ts;
    const dates = new Array<Date>(to - from);
    for (let i = from; i < to; i++) dates[i - from] = new Date(ts[i] as number);
    settle(this, 'Timestamps', dates);
    return dates;
  },
  set(this: object, value: Date[]) {
    settle(this, 'Timestamps', value);
  },
  enumerable: true,
  configurable: true,
};
const VALUES: PropertyDescriptor = {
  get(this: object): number[] {
    const { store, from, to } = rangeOf(this);
    const vs = store.vs;
    const values = new Array<number>(to - from);
    for (let i = from; i < to; i++) values[i - from] = vs[i] as number;
    settle(this, 'Values', values);
    return values;
  },
  set(this: object, value: number[]) {
    settle(this, 'Values', value);
  },
  enumerable: true,
  configurable: true,
};

/**
 * One result of a GetMetricData answer over [from, to) of the page's points. Its `Timestamps` (a Date per
 * point, as the SDK's deserializer hands them to the caller) and `Values` (number[]) are built when the caller
 * first reads them: after the simulated latency, as a response is deserialized on arrival. Built before,
 * millions of them would sit through the wait and age into V8's old generation; and the benchmark's simulator
 * process sends the page's typed arrays instead (lib/sim/points.ts), so it never builds them at all.
 */
function resultOf(
  base: Record<string, unknown>,
  store: PointStore,
  from: number,
  to: number,
): Record<string, unknown> {
  Object.defineProperty(base, RANGE, { value: { store, from, to } satisfies PointRange });
  Object.defineProperty(base, 'Timestamps', TIMESTAMPS);
  Object.defineProperty(base, 'Values', VALUES);
  return base;
}

// ---------------------------------------------------------------- handlers

export const cloudwatchMetricsSim: SimServiceModule = {
  clientName: 'CloudWatchClient',
  handlers: {
    GetMetricDataCommand: (input: Record<string, unknown>, { account, region }) => {
      const queries = (input.MetricDataQueries as QueryInput[] | undefined) ?? [];
      if (queries.length === 0) throw validation('The parameter MetricDataQueries is required.');
      if (queries.length > MAX_QUERIES) {
        throw validation(
          `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`,
        );
      }
      const maxDatapoints = input.MaxDatapoints === undefined ? MAX_DATAPOINTS : Number(input.MaxDatapoints);
      if (!Number.isInteger(maxDatapoints) || maxDatapoints < 1 || maxDatapoints > MAX_DATAPOINTS) {
        throw validation(
          `The value ${String(input.MaxDatapoints)} for parameter MaxDatapoints is not valid.`,
        );
      }
      const now = account.options.now;
      const start = roundStart(toDate(input.StartTime, 'StartTime'), now);
      const end = toDate(input.EndTime, 'EndTime');
      if (start.getTime() >= end.getTime())
        throw validation('The parameter StartTime must be less than the parameter EndTime.');
      const ascending = input.ScanBy === 'TimestampAscending'; // the API's default is TimestampDescending
      const ids = new Set<string>();
      for (const q of queries) {
        if (!q.Id || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) {
          throw validation(
            `The value ${String(q.Id)} for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter.`,
          );
        }
        if (ids.has(q.Id))
          throw validation(`The value ${q.Id} for parameter MetricDataQueries.member.Id is duplicated.`);
        ids.add(q.Id);
        if (!q.MetricStat && !q.Expression)
          throw validation('Each MetricDataQuery needs a MetricStat or an Expression.');
      }

      // Every returned series' points, series after series, in two typed arrays sized for the most the
      // window can hold (no array, object or Date per point).
      const t0 = start.getTime();
      const span = end.getTime() - t0;
      const returned = queries.filter((q) => q.ReturnData !== false);
      let capacity = 0;
      for (const q of returned) {
        const period = Number(q.MetricStat?.Period);
        if (q.MetricStat && period > 0) capacity += Math.ceil(span / (period * 1000));
      }
      // (High-resolution periods over long windows could ask for more than a process holds: start smaller.)
      capacity = Math.min(capacity, 1 << 22);
      let ts = pointBuffer(capacity);
      let vs = pointBuffer(capacity);
      let total = 0;
      const series: SeriesRange[] = [];
      for (const q of returned) {
        const id = q.Id as string;
        if (!q.MetricStat) {
          series.push({
            id,
            label: q.Label ?? id,
            from: total,
            to: total,
            status: 'InternalError',
            message: 'Metric math is not simulated.',
          });
          continue;
        }
        const m = q.MetricStat.Metric ?? {};
        const periodSeconds = checkPeriod(q.MetricStat.Period);
        if (!q.MetricStat.Stat) throw validation('The parameter MetricStat.Stat is required.');
        const mq: SimMetricQuery = {
          namespace: m.Namespace ?? '',
          metricName: m.MetricName ?? '',
          dimensions: dims(m.Dimensions),
          stat: q.MetricStat.Stat,
          periodSeconds,
          start,
          end,
        };
        const values = account.metricValues(mq, region);
        const stepMs = periodSeconds * 1000;
        const n = Math.min(values.length, Math.ceil(span / stepMs));
        if (total + n > ts.length) {
          // Past the first allocation's cap, or a Period the capacity's arithmetic missed: grow.
          const grown = Math.max(total + n, ts.length * 2);
          const ts2 = new Float64Array(grown);
          const vs2 = new Float64Array(grown);
          ts2.set(ts);
          vs2.set(vs);
          recyclePointBuffer(ts);
          recyclePointBuffer(vs);
          ts = ts2;
          vs = vs2;
        }
        const from = total;
        for (let i = 0; i < n; i++) {
          const v = values[i];
          // null or NaN: no data in that period.
          if (typeof v === 'number' && Number.isFinite(v)) {
            ts[total] = t0 + i * stepMs;
            vs[total] = v;
            total++;
          }
        }
        if (!ascending) {
          ts.subarray(from, total).reverse();
          vs.subarray(from, total).reverse();
        }
        series.push({ id, label: q.Label ?? mq.metricName, from, to: total });
      }

      // Pages cut the concatenated points (series by series) every MaxDatapoints points.
      const token = input.NextToken as string | undefined;
      const offset = token
        ? Number.parseInt(Buffer.from(token, 'base64').toString('utf8').replace('gmd:', ''), 10)
        : 0;
      if (!Number.isInteger(offset) || offset < 0)
        throw awsError('InvalidNextToken', 'The service couldn’t process the token.', 400);
      const pageEnd = offset + maxDatapoints;
      const counts: number[] = [];
      const store: PointStore = { ts, vs, released: false };
      const results = series.map((s) => {
        const length = s.to - s.from;
        const cursor = s.from;
        const from = Math.max(0, offset - cursor);
        const to = Math.max(from, Math.min(length, pageEnd - cursor));
        counts.push(to - from);
        const base: Record<string, unknown> = { Id: s.id, Label: s.label };
        resultOf(base, store, cursor + from, cursor + to);
        base.StatusCode = s.status ?? (to < length ? 'PartialData' : 'Complete');
        if (s.message) base.Messages = [{ Code: s.status, Value: s.message }];
        return base;
      });
      const pageFrom = Math.min(offset, total);
      const pageTo = Math.min(pageEnd, total);
      const output: Record<string, unknown> = {
        MetricDataResults: results,
        Messages: [],
        ...(pageEnd < total ? { NextToken: Buffer.from(`gmd:${pageEnd}`).toString('base64') } : {}),
      };
      const packed: PackedPoints = {
        ts: ts.subarray(pageFrom, pageTo),
        vs: vs.subarray(pageFrom, pageTo),
        store,
        counts,
        results: [...results],
      };
      Object.defineProperty(output, PACKED_POINTS, { value: packed, enumerable: false, configurable: true });
      return output;
    },

    GetMetricStatisticsCommand: (input: Record<string, unknown>, { account, region }) => {
      const periodSeconds = checkPeriod(input.Period);
      const start = roundStart(toDate(input.StartTime, 'StartTime'), account.options.now);
      const end = toDate(input.EndTime, 'EndTime');
      if (start.getTime() >= end.getTime())
        throw validation('The parameter StartTime must be less than the parameter EndTime.');
      const stats = [
        ...((input.Statistics as string[] | undefined) ?? []),
        ...((input.ExtendedStatistics as string[] | undefined) ?? []),
      ];
      if (stats.length === 0)
        throw awsError('MissingParameter', 'Either Statistics or ExtendedStatistics must be specified.', 400);
      const starts = periodStarts(start, end, periodSeconds);
      if (starts.length > MAX_STATISTICS_DATAPOINTS) {
        throw awsError(
          'InvalidParameterCombination',
          `You have requested up to ${starts.length} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
          400,
        );
      }
      const metricName = String(input.MetricName ?? '');
      const base = {
        namespace: String(input.Namespace ?? ''),
        metricName,
        dimensions: dims(input.Dimensions as DimensionInput[]),
        periodSeconds,
        start,
        end,
      };
      const byStat = stats.map((stat) => ({ stat, values: account.metricValues({ ...base, stat }, region) }));
      const unit = unitOf(metricName);
      const datapoints = starts.flatMap((t, i) => {
        const point: Record<string, unknown> = { Timestamp: new Date(t), Unit: unit };
        const extended: Record<string, number> = {};
        let any = false;
        for (const { stat, values } of byStat) {
          const v = values[i];
          if (typeof v !== 'number' || Number.isNaN(v)) continue;
          any = true;
          if (/^p\d/.test(stat)) extended[stat] = v;
          else point[stat] = v;
        }
        if (Object.keys(extended).length > 0) point.ExtendedStatistics = extended;
        return any ? [point] : [];
      });
      return { Label: metricName, Datapoints: datapoints };
    },
  },
};
