/**
 * The unit's metric batcher. Collectors queue series; flush() fetches them all with GetMetricData, as
 * few calls as the API allows: up to 500 queries per call, and no more series per call than fit in the
 * 100,800-datapoint cap for their period (so a call never needs a second page). Never GetMetricStatistics
 * (one metric per call: 300-500x more calls).
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { metricKey, type Gap, type MetricSummary } from '#lib/model/index.js';
import { toGap } from './errors.js';
import type { MetricQueue, MetricRequest } from './types.js';

/** GetMetricData limits (CloudWatch API reference). */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** Series per GetMetricData call for a period over a window: min(500, floor(100,800 / points per series)). */
export function queriesPerCall(periodSeconds: number, windowSeconds: number): number {
  const points = Math.max(1, Math.ceil(windowSeconds / periodSeconds));
  return Math.max(1, Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / points)));
}

export interface MetricWindow {
  start: Date;
  end: Date;
  days: number;
}

export type SummaryMeta = MetricRequest & { windowDays: number };

const DAY_MS = 86_400_000;

/**
 * Scratch buffers shared by every summarize() call (it is synchronous, so calls never overlap): a large
 * scan summarizes hundreds of thousands of series, and fresh arrays per series were most of its garbage.
 * They grow to the longest series seen (a few thousand points: 8 bytes each).
 */
let scratchT = new Float64Array(1024);
let scratchV = new Float64Array(1024);
let scratchSel = new Float64Array(1024);

function ensureScratch(n: number): void {
  if (scratchT.length >= n) return;
  const size = Math.max(n, scratchT.length * 2);
  scratchT = new Float64Array(size);
  scratchV = new Float64Array(size);
  scratchSel = new Float64Array(size);
}

/**
 * Rearrange a[lo..hi] so that a[k] holds the value it would hold if sorted ascending, everything left of it
 * is <= and everything right of it >= (Hoare/Floyd-Rivest style quickselect with median-of-three pivots).
 * Expected O(n), no allocation.
 */
export function selectKth(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot: sorted or reversed input stays linear.
    let x = a[lo] as number;
    let y = a[mid] as number;
    let z = a[hi] as number;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

/** Zero-based index of the nearest-rank percentile p (in (0, 100]) among n sorted values. */
function rankIndex(n: number, p: number): number {
  return Math.min(Math.max(1, Math.ceil((p / 100) * n)), n) - 1;
}

/**
 * Summary of one series over the window (points in any order; non-finite values, and points without a
 * valid timestamp, are ignored). Hot path of large scans (one call per series, hundreds of points each):
 * shared typed-array scratch buffers, percentiles by selection (no copy of the series, no full sort), no
 * per-point objects.
 */
export function summarize(
  values: readonly number[],
  timestamps: readonly Date[],
  meta: SummaryMeta,
): MetricSummary {
  return summaryOfScratch(fillScratch(values, timestamps), meta, meta.windowDays, { ...meta.dimensions });
}

/** Copy the valid (finite value, valid timestamp) points into the scratch buffers; returns their count. */
function fillScratch(values: readonly number[], timestamps: readonly Date[]): number {
  const len = Math.min(values.length, timestamps.length);
  ensureScratch(len);
  let n = 0;
  for (let i = 0; i < len; i++) {
    const x = values[i] as number;
    const ts = timestamps[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || !ts) continue;
    const ms = ts.getTime();
    if (!Number.isFinite(ms)) continue;
    scratchT[n] = ms;
    scratchV[n] = x;
    n++;
  }
  return n;
}

/** statsOfScratch() over points kept as epoch milliseconds (a series read over several pages). */
function statsOfMs(values: ArrayLike<number>, times: ArrayLike<number>, out: number[]): void {
  const len = Math.min(values.length, times.length);
  ensureScratch(len);
  let n = 0;
  for (let i = 0; i < len; i++) {
    const x = values[i] as number;
    const ms = times[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(ms)) continue;
    scratchT[n] = ms;
    scratchV[n] = x;
    n++;
  }
  statsOfScratch(n, out);
}

/**
 * A series' statistics as numbers, the form a batch read hands over (from a metric worker thread too:
 * lib/collect/metric-workers.ts): `[n]` for a series without valid points, else
 * `[n, min, max, sum, p50, p95, p99, days, ...dailyMeans, ...dailyMaxes]`. The summary object is built from it
 * by summaryFromStats, in the thread that keeps it.
 */
function statsOfScratch(n: number, out: number[]): void {
  if (n === 0) {
    out.push(0);
    return;
  }
  const t = scratchT;
  const v = scratchV;
  const sel = scratchSel;
  let inOrder = true;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i] as number;
    if (i > 0 && (t[i] as number) < (t[i - 1] as number)) inOrder = false;
    sel[i] = x;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (!inOrder) sortByTime(t, v, n);

  // Percentiles by selection: p95 over the whole series partitions it, so p99 is searched among the ~5%
  // right of it and p50 left of it (about 4n steps; largest rank first over nested ranges took about 6n).
  const i99 = rankIndex(n, 99);
  const i95 = rankIndex(n, 95);
  const i50 = rankIndex(n, 50);
  const p95 = selectKth(sel, i95, 0, n - 1);
  const p99 = selectKth(sel, i99, i95, n - 1);
  const p50 = selectKth(sel, i50, 0, i95);

  // Per UTC day, oldest first (points are in time order): means after the header, maxima after the means.
  const head = out.length;
  out.push(n, min, max, sum, p50, p95, p99, 0);
  const maxes: number[] = [];
  let day = Math.floor((t[0] as number) / DAY_MS);
  let daySum = 0;
  let dayCount = 0;
  let dayMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = Math.floor((t[i] as number) / DAY_MS);
    if (d !== day) {
      out.push(daySum / dayCount);
      maxes.push(dayMax);
      day = d;
      daySum = 0;
      dayCount = 0;
      dayMax = -Infinity;
    }
    const x = v[i] as number;
    daySum += x;
    dayCount++;
    if (x > dayMax) dayMax = x;
  }
  out.push(daySum / dayCount);
  maxes.push(dayMax);
  out[head + 7] = maxes.length;
  for (const x of maxes) out.push(x);
}

/**
 * The summary of the statistics record at `stats[at]` (statsOfScratch's form), built as one object (the field
 * order is the one MetricSummary lists), and where the next record starts.
 */
export function summaryFromStats(
  stats: ArrayLike<number>,
  at: number,
  meta: MetricRequest,
  windowDays: number,
  dimensions: Record<string, string>,
): { summary: MetricSummary; next: number } {
  const expectedDatapoints = Math.round((windowDays * 86_400) / meta.periodSeconds);
  const n = stats[at] as number;
  if (n === 0) {
    return {
      summary: {
        namespace: meta.namespace,
        metricName: meta.metricName,
        dimensions,
        stat: meta.stat,
        periodSeconds: meta.periodSeconds,
        windowDays,
        datapoints: 0,
        expectedDatapoints,
      },
      next: at + 1,
    };
  }
  const sum = stats[at + 3] as number;
  const days = stats[at + 7] as number;
  const dailyMeans = new Array<number>(days);
  const dailyMaxes = new Array<number>(days);
  for (let d = 0; d < days; d++) {
    dailyMeans[d] = stats[at + 8 + d] as number;
    dailyMaxes[d] = stats[at + 8 + days + d] as number;
  }
  return {
    summary: {
      namespace: meta.namespace,
      metricName: meta.metricName,
      dimensions,
      stat: meta.stat,
      periodSeconds: meta.periodSeconds,
      windowDays,
      datapoints: n,
      expectedDatapoints,
      min: stats[at + 1] as number,
      max: stats[at + 2] as number,
      mean: sum / n,
      sum,
      p50: stats[at + 4] as number,
      p95: stats[at + 5] as number,
      p99: stats[at + 6] as number,
      dailyMeans,
      dailyMaxes,
      first: dailyMeans[0],
      last: dailyMeans[days - 1],
    },
    next: at + 8 + 2 * days,
  };
}

/** The summary of the first n points in the scratch buffers (scratchT: epoch ms, scratchV: finite values). */
function summaryOfScratch(
  n: number,
  meta: MetricRequest,
  windowDays: number,
  dimensions: Record<string, string>,
): MetricSummary {
  const stats: number[] = [];
  statsOfScratch(n, stats);
  return summaryFromStats(stats, 0, meta, windowDays, dimensions).summary;
}

/** Sort the first n (time, value) pairs by time, in place (rare: GetMetricData is asked for ascending order). */
function sortByTime(t: Float64Array, v: Float64Array, n: number): void {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (t[a] as number) - (t[b] as number) || a - b);
  const ts = t.slice(0, n);
  const vs = v.slice(0, n);
  for (let i = 0; i < n; i++) {
    const o = order[i] as number;
    t[i] = ts[o] as number;
    v[i] = vs[o] as number;
  }
}

interface Failure {
  gap: Gap;
  series: number;
  calls: number;
  /** Ids of the resources whose series failed (see `MetricRequest.resources`). */
  resources: Set<string>;
}

/** Dimensions that name no resource (CloudFront's `Region: Global`, an ElastiCache node number). */
const NON_RESOURCE_DIMENSIONS = new Set(['Region', 'CacheNodeId']);

/** The resources a series informs: its declared `resources`, else its dimension values. */
function resourcesOf(req: MetricRequest): string[] {
  if (req.resources) return req.resources;
  return Object.entries(req.dimensions)
    .filter(([name]) => !NON_RESOURCE_DIMENSIONS.has(name))
    .map(([, value]) => value);
}

/**
 * One batch read (a GetMetricData call and its NextToken pages), as plain data so a metric worker thread can
 * hand it over: the statistics of each query in order (statsOfScratch's records, `[-1]` for a query without
 * a summary: absent or failed), and why queries failed.
 */
export interface BatchRead {
  /** GetMetricData calls sent (pages included; a failed request counts too). */
  calls: number;
  stats: Float64Array;
  /** The queries (indices) that failed, and the gap that says why. */
  failure?: { gap: Gap; queries: number[] };
}

/** Reads a batch somewhere else than on the unit's client (a metric worker thread: lib/collect/metric-workers.ts). */
export interface MetricReader {
  /** Used only by a unit that queued at least this many series (smaller ones read in their own thread). */
  readonly minSeries?: number;
  read(input: GetMetricDataCommandInput): Promise<BatchRead>;
}

/** The GetMetricData input of a batch of series over a window. */
export function batchInput(reqs: readonly MetricRequest[], window: MetricWindow): GetMetricDataCommandInput {
  const queries: MetricDataQuery[] = reqs.map((r, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: {
        Namespace: r.namespace,
        MetricName: r.metricName,
        Dimensions: Object.entries(r.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: r.periodSeconds,
      Stat: r.stat,
    },
    ReturnData: true,
  }));
  return {
    MetricDataQueries: queries,
    StartTime: window.start,
    EndTime: window.end,
    ScanBy: 'TimestampAscending',
  };
}

/**
 * Read one batch: the GetMetricData call of `input` (queries `m0` ... `m<n-1>`) and its NextToken pages, each
 * series summarized as soon as its page is deserialized. Failures are returned, never thrown.
 */
export async function readBatch(
  client: CloudWatchClient,
  input: GetMetricDataCommandInput,
): Promise<BatchRead> {
  const n = input.MetricDataQueries?.length ?? 0;
  const seen = new Uint8Array(n);
  let seenCount = 0;
  const bad = new Map<number, { status: string; messages: string[] }>();
  /** Statistics by query index, while pages arrive. */
  const done: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  /** Points of series that came over several pages (rare), as epoch ms and values, until the last page. */
  const partial = new Map<number, { t: number[]; v: number[] }>();
  const counts = new Uint32Array(n);

  // A page's points are read as soon as the page is deserialized, each series summarized right away when
  // the page is its only one: a full page is ~100,000 Dates (one per point, as the SDK hands timestamps
  // over), and held until the response had climbed the SDK's middleware stack and the paginator (many
  // promise turns, other units' work in between) they outlived young-generation collections and were
  // copied and promoted, most of a large scan's GC time. What goes on up the stack is the page without its
  // results.
  const consume = (page: GetMetricDataCommandOutput, last: boolean): void => {
    const results = page.MetricDataResults ?? [];
    const index = new Int32Array(results.length);
    for (let r = 0; r < results.length; r++) {
      const res = results[r] as MetricDataResult;
      const i = Number((res.Id ?? '').slice(1));
      const ok = res.Id?.startsWith('m') && Number.isInteger(i) && i >= 0 && i < n;
      index[r] = ok ? i : -1;
      if (ok) counts[i] = (counts[i] as number) + 1;
    }
    for (let r = 0; r < results.length; r++) {
      const i = index[r] as number;
      if (i < 0) continue;
      const res = results[r] as MetricDataResult;
      if (seen[i] === 0) {
        seen[i] = 1;
        seenCount++;
      }
      if (res.StatusCode === 'Forbidden' || res.StatusCode === 'InternalError') {
        bad.set(i, {
          status: res.StatusCode,
          messages: (res.Messages ?? []).map((m) => `${m.Code ?? ''} ${m.Value ?? ''}`.trim()),
        });
        continue;
      }
      const v = res.Values ?? [];
      const t = res.Timestamps ?? [];
      let buf = partial.get(i);
      if (!buf && last && counts[i] === 1) {
        // The usual case: the whole series in this one result.
        if (!bad.has(i)) {
          const out: number[] = [];
          statsOfScratch(fillScratch(v, t), out);
          done[i] = out;
        }
        continue;
      }
      if (!buf) partial.set(i, (buf = { t: [], v: [] }));
      // Values and timestamps are appended apart, and paired up at the end (as one concatenation each).
      for (const x of v) buf.v.push(typeof x === 'number' ? x : NaN);
      for (const d of t) buf.t.push(d ? d.getTime() : NaN);
    }
  };

  let calls = 0;
  try {
    let token: string | undefined;
    for (;;) {
      const command = new GetMetricDataCommand(token === undefined ? input : { ...input, NextToken: token });
      let consumed = false;
      // Innermost of the client's middlewares: the page as deserialized (after a retry, the good attempt).
      command.middlewareStack.add(
        (next) => async (args) => {
          const out = await next(args);
          const page = out.output as GetMetricDataCommandOutput;
          if (consumed) return out; // (a retry after a later middleware failed: the page was read)
          consume(page, !page.NextToken);
          consumed = true;
          return { ...out, output: { ...page, MetricDataResults: [] } };
        },
        { step: 'finalizeRequest', priority: 'low', name: 'perfscanMetricPage' },
      );
      const page = await client.send(command);
      calls++;
      // A client whose send() bypasses the middleware stack (a test double) hands the page over whole.
      if (!consumed) consume(page, !page.NextToken);
      token = page.NextToken;
      if (!token) break;
    }
  } catch (err) {
    const gap = toGap(err, { service: 'metrics', slice: 'metrics', action: 'cloudwatch:GetMetricData' });
    // The failed request counts as a call too.
    return {
      calls: calls + 1,
      stats: new Float64Array(n).fill(-1),
      failure: { gap, queries: Array.from({ length: n }, (_, i) => i) },
    };
  }

  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (seen[i] === 0 || bad.has(i)) {
      out.push(-1); // absent series: the gap below says why
      continue;
    }
    const buf = partial.get(i);
    if (buf) statsOfMs(buf.v, buf.t, out);
    else for (const x of done[i] ?? [-1]) out.push(x);
  }
  let failure: BatchRead['failure'];
  if (bad.size > 0) {
    const first = [...bad.values()][0] as { status: string; messages: string[] };
    const denied = [...bad.values()].some((b) => b.status === 'Forbidden');
    failure = {
      gap: {
        service: 'metrics',
        slice: 'metrics',
        action: 'cloudwatch:GetMetricData',
        code: denied ? 'AccessDenied' : 'Error',
        message: `GetMetricData answered ${first.status} for some series${first.messages.length ? ` (${first.messages.join('; ')})` : ''}.`,
        ...(denied
          ? {
              hint: 'grant cloudwatch:GetMetricData on these metrics to the scanning role (see docs/iam-policy.json)',
            }
          : {}),
      },
      queries: [...bad.keys()],
    };
  } else if (seenCount < n) {
    failure = {
      gap: {
        service: 'metrics',
        slice: 'metrics',
        action: 'cloudwatch:GetMetricData',
        code: 'InvalidResponse',
        message: 'GetMetricData returned no result for some queries.',
      },
      queries: Array.from({ length: n }, (_, i) => i).filter((i) => seen[i] === 0),
    };
  }
  return { calls, stats: Float64Array.from(out), ...(failure ? { failure } : {}) };
}

export interface MetricBatcherOptions {
  client: CloudWatchClient;
  window: MetricWindow;
  /** Parallel GetMetricData calls (default 4); the client's rate limiter still applies. */
  concurrency?: number;
  /**
   * Where batches are read (a metric worker thread); without one, or when it cannot read (its worker is gone),
   * on `client` in this thread. Same calls, same summaries, same gaps.
   */
  reader?: MetricReader;
}

export interface FlushResult {
  summaries: Record<string, MetricSummary>;
  /** GetMetricData calls sent (pages included). */
  calls: number;
  gaps: Gap[];
}

export class MetricBatcher implements MetricQueue {
  private readonly client: CloudWatchClient;
  private readonly reader: MetricReader | undefined;
  private readonly window: MetricWindow;
  private readonly windowSeconds: number;
  private readonly concurrency: number;
  private readonly queue = new Map<string, MetricRequest>();
  /** Keys queued but not yet dispatched, per period: always fewer than that period's q. */
  private readonly pending = new Map<number, string[]>();
  /** Full batches waiting for a free worker. */
  private readonly work: string[][] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly summaries: Record<string, MetricSummary> = {};
  private readonly failures = new Map<string, Failure>();
  private calls = 0;
  private fatal: unknown;

  constructor(opts: MetricBatcherOptions) {
    this.client = opts.client;
    this.reader = opts.reader;
    this.window = opts.window;
    this.windowSeconds = (opts.window.end.getTime() - opts.window.start.getTime()) / 1000;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
  }

  /**
   * Queue a series. As soon as a period has a full call's worth (q series) the batch is sent, while
   * the collectors are still listing: metric reads overlap inventory instead of waiting for the slowest
   * collector. Only full batches go early, so the call count stays ceil(series / q) per period.
   */
  request(req: MetricRequest): string {
    const key = metricKey(req);
    const queued = this.queue.get(key);
    if (queued) {
      // The same series for another resource (rare): a failure must name both.
      if (req.resources)
        queued.resources = [...new Set([...(queued.resources ?? resourcesOf(queued)), ...req.resources])];
      return key;
    }
    this.queue.set(key, {
      ...req,
      dimensions: { ...req.dimensions },
      ...(req.resources ? { resources: [...req.resources] } : {}),
    });
    let keys = this.pending.get(req.periodSeconds);
    if (!keys) this.pending.set(req.periodSeconds, (keys = []));
    keys.push(key);
    if (keys.length >= queriesPerCall(req.periodSeconds, this.windowSeconds)) {
      this.work.push(keys.splice(0));
      this.pump();
    }
    return key;
  }

  /** Distinct series queued. */
  get size(): number {
    return this.queue.size;
  }

  /** The batches of all queued series by period (full batches first), one array of metric keys per call. */
  plan(): string[][] {
    const byPeriod = new Map<number, string[]>();
    for (const [key, req] of this.queue) {
      const list = byPeriod.get(req.periodSeconds);
      if (list) list.push(key);
      else byPeriod.set(req.periodSeconds, [key]);
    }
    const batches: string[][] = [];
    for (const period of [...byPeriod.keys()].sort((a, b) => a - b)) {
      const keys = byPeriod.get(period) ?? [];
      const q = queriesPerCall(period, this.windowSeconds);
      for (let i = 0; i < keys.length; i += q) batches.push(keys.slice(i, i + q));
    }
    return batches;
  }

  /** Send what is still pending, wait for every call, and return the summaries and gaps. */
  async flush(): Promise<FlushResult> {
    for (const period of [...this.pending.keys()].sort((a, b) => a - b)) {
      const keys = this.pending.get(period) as string[];
      if (keys.length > 0) this.work.push(keys.splice(0));
    }
    this.pump();
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.fatal !== undefined) throw this.fatal;

    // One gap per kind of failure, with counts, rather than one per call: a denied GetMetricData would
    // otherwise repeat the same gap for every batch. The gap names the resources whose series failed, so
    // only their results turn unknown; when every series failed, the metrics are missing as a whole.
    let failed = 0;
    for (const f of this.failures.values()) failed += f.series;
    const whole = failed >= this.queue.size;
    const gaps = [...this.failures.values()].map(({ gap, series, calls: n, resources }): Gap => {
      const out: Gap = {
        ...gap,
        message: `${gap.message} ${series} metric series are missing (${n} GetMetricData call${n === 1 ? '' : 's'} or results affected).`,
        series,
      };
      if (!whole) {
        out.resources = [...resources].sort();
        out.resourceCount = resources.size;
      }
      return out;
    });
    return { summaries: this.summaries, calls: this.calls, gaps };
  }

  /** Start queued batches while fewer than `concurrency` calls are in flight. */
  private pump(): void {
    while (this.running.size < this.concurrency && this.work.length > 0) {
      const batch = this.work.shift() as string[];
      const p: Promise<void> = this.fetch(batch)
        .then((r) => {
          this.calls += r.calls;
          if (r.failure) this.fail(r.failure);
        })
        // Only programming errors reach here (UndeclaredActionError): flush() rethrows it.
        .catch((err: unknown) => {
          this.fatal ??= err;
        })
        .finally(() => {
          this.running.delete(p);
          this.pump();
        });
      this.running.add(p);
    }
  }

  private fail(f: Failure): void {
    const k = `${f.gap.code}|${f.gap.action ?? ''}`;
    const seen = this.failures.get(k);
    if (seen) {
      seen.series += f.series;
      seen.calls += f.calls;
      for (const r of f.resources) seen.resources.add(r);
    } else this.failures.set(k, { ...f, resources: new Set(f.resources) });
  }

  /** One batch: read (here or by the reader), then its summaries kept under their keys. */
  private async fetch(keys: string[]): Promise<{ calls: number; failure?: Failure }> {
    const reqs = keys.map((k) => this.queue.get(k) as MetricRequest);
    const input = batchInput(reqs, this.window);
    const windowDays = this.window.days;
    let read: BatchRead | undefined;
    if (this.reader && this.queue.size >= (this.reader.minSeries ?? 0))
      read = await this.reader.read(input).catch(() => undefined);
    read ??= await readBatch(this.client, input);

    // Straight into the batcher's summaries (a large scan's batches each built a record to copy from).
    const summaries = this.summaries;
    const stats = read.stats;
    let at = 0;
    for (let i = 0; i < reqs.length && at < stats.length; i++) {
      if (stats[at] === -1) {
        at++;
        continue;
      }
      // The batcher's own copy of the request's dimensions is the summary's.
      const r = reqs[i] as MetricRequest;
      const { summary, next } = summaryFromStats(stats, at, r, windowDays, r.dimensions);
      summaries[keys[i] as string] = summary;
      at = next;
    }
    if (!read.failure) return { calls: read.calls };
    const failed = read.failure.queries.map((i) => reqs[i] as MetricRequest);
    return {
      calls: read.calls,
      failure: {
        gap: read.failure.gap,
        series: failed.length,
        calls: 1,
        resources: new Set(failed.flatMap(resourcesOf)),
      },
    };
  }
}
