/**
 * What the simulated account was asked, aggregated as calls arrive (the simulator's own call log keeps
 * every input, GetMetricData's 500 queries included, so it is drained here to keep it out of the memory
 * figures). Per region: attempts and injected faults by action, list "listings" (one sequence of pages
 * of one action with one filter) with their items and page sizes, the metric series GetMetricData was
 * asked for by period, and the CPU time spent inside the simulator.
 */
import { iamActionFor } from '#lib/collect/iam.js';
import type { SimAccount } from '#lib/sim/core.js';
import { datapointCount } from '#lib/sim/points.js';
import type { SeriesGroup } from './bounds.js';

/** Input fields that page through a list rather than choose what is listed. */
const PAGING_FIELDS = new Set([
  'NextToken',
  'nextToken',
  'Marker',
  'MaxResults',
  'MaxRecords',
  'MaxItems',
  'maxResults',
  'StartingToken',
]);
/** Output arrays that are not the listed items. */
const NOT_ITEMS = new Set(['errors', 'Errors', 'Messages', 'UnprocessedKeys', 'Failures']);

export interface Listing {
  region: string;
  action: string;
  /** The filter (input without paging fields), as JSON. */
  filter: string;
  pages: number;
  items: number;
  /** Page sizes passed (undefined: none). */
  pageSizes: (number | undefined)[];
}

export interface RegionCalls {
  attempts: Record<string, number>;
  faults: Record<string, number>;
  /** GetMetricData series by `${period}|${windowSeconds}` (first pages only: a NextToken page repeats the queries). */
  series: Map<string, SeriesGroup>;
  /** Datapoints GetMetricData returned. */
  datapointsReturned: number;
}

/** Items in a list response: instances for DescribeInstances, else the top-level (or one level down) arrays. */
export function countItems(action: string, output: Record<string, unknown>): number {
  if (action === 'ec2:DescribeInstances') {
    const reservations = (output.Reservations as { Instances?: unknown[] }[] | undefined) ?? [];
    return reservations.reduce((n, r) => n + (r.Instances?.length ?? 0), 0);
  }
  const arrays = (o: Record<string, unknown>) =>
    Object.entries(o)
      .filter(([k, v]) => Array.isArray(v) && !NOT_ITEMS.has(k) && !k.startsWith('$'))
      .map(([, v]) => (v as unknown[]).length);
  const top = arrays(output);
  if (top.length > 0) return top.reduce((a, b) => a + b, 0);
  // e.g. CloudFront ListDistributions: { DistributionList: { Items: [...] } }
  let n = 0;
  for (const [k, v] of Object.entries(output)) {
    if (k.startsWith('$') || !v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) continue;
    n += arrays(v as Record<string, unknown>).reduce((a, b) => a + b, 0);
  }
  return n;
}

/** The page size an input asked for, whichever parameter name the API uses. */
export function pageSizeOf(input: Record<string, unknown>): number | undefined {
  for (const k of ['MaxResults', 'MaxRecords', 'MaxItems', 'maxResults']) {
    const v = input[k];
    if (v !== undefined && v !== null && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

export function filterKey(input: Record<string, unknown>): string {
  const kept = Object.entries(input)
    .filter(([k]) => !PAGING_FIELDS.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(kept));
}

interface QueryLike {
  MetricStat?: { Period?: number };
  ReturnData?: boolean;
}

export class CallRecorder {
  readonly regions = new Map<string, RegionCalls>();
  readonly listings = new Map<string, Listing>();
  /** Time inside the simulator outside its handlers (call log, quotas), wall and CPU. */
  private outsideMs = 0;
  private outsideCpuMs = 0;
  private account: SimAccount | undefined;

  /** Time inside the simulator (its handlers, whenever they run, and its request handling), in ms. */
  get simulatorMs(): number {
    return this.outsideMs + (this.account?.handlerTime.ms ?? 0);
  }

  /** CPU time (user + system) inside the simulator, in ms. */
  get simulatorCpuMs(): number {
    return this.outsideCpuMs + (this.account?.handlerTime.cpuMs ?? 0);
  }

  region(region: string): RegionCalls {
    let r = this.regions.get(region);
    if (!r)
      this.regions.set(region, (r = { attempts: {}, faults: {}, series: new Map(), datapointsReturned: 0 }));
    return r;
  }

  /** Wrap the account's request handler. Calls made before this are not seen. */
  attach(account: SimAccount): void {
    const original = account.handle.bind(account);
    const log = account.calls;
    this.account = account;
    account.handle = (
      clientName: string,
      commandName: string,
      region: string,
      input: Record<string, unknown>,
    ) => {
      // The synchronous part of handle() (a handler may run in it: the account times its handlers itself).
      const handler = { ...account.handlerTime };
      const started = performance.now();
      // (CPU only where the account measures it: not in a simulator process of its own.)
      const cpu = account.measureCpu ? process.cpuUsage() : undefined;
      const pending = original(clientName, commandName, region, input);
      this.outsideMs += performance.now() - started - (account.handlerTime.ms - handler.ms);
      if (cpu) {
        const used = process.cpuUsage(cpu);
        this.outsideCpuMs += (used.user + used.system) / 1000 - (account.handlerTime.cpuMs - handler.cpuMs);
      }
      const fault = log[log.length - 1]?.fault;
      log.length = 0;
      const action = iamActionFor(clientName, commandName);
      this.onRequest(region, action, input, fault);
      // Deliver on a later event-loop turn, as a network response would arrive. Without this the whole
      // scan can run as one chain of resolved promises that starves timers (the memory sampler included).
      return pending.then(
        (output) => {
          this.onResponse(region, action, input, output);
          return new Promise<Record<string, unknown>>((resolve) => setImmediate(() => resolve(output)));
        },
        (err: unknown) => new Promise<never>((_, reject) => setImmediate(() => reject(err))),
      );
    };
  }

  onRequest(region: string, action: string, input: Record<string, unknown>, fault?: string): void {
    const r = this.region(region);
    r.attempts[action] = (r.attempts[action] ?? 0) + 1;
    if (fault) r.faults[action] = (r.faults[action] ?? 0) + 1;
  }

  onResponse(
    region: string,
    action: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
  ): void {
    if (action === 'cloudwatch:GetMetricData') {
      this.onMetricData(region, input, output);
      return;
    }
    const filter = filterKey(input);
    const key = `${region}|${action}|${filter}`;
    let l = this.listings.get(key);
    if (!l) this.listings.set(key, (l = { region, action, filter, pages: 0, items: 0, pageSizes: [] }));
    l.pages++;
    l.items += countItems(action, output);
    l.pageSizes.push(pageSizeOf(input));
  }

  private onMetricData(
    region: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
  ): void {
    const r = this.region(region);
    // Counted without building the answer's Values (the simulator builds them only when read).
    r.datapointsReturned += datapointCount(output);
    if (input.NextToken) return;
    const start = new Date(input.StartTime as Date | string).getTime();
    const end = new Date(input.EndTime as Date | string).getTime();
    const windowSeconds = Math.round((end - start) / 1000);
    for (const q of (input.MetricDataQueries as QueryLike[] | undefined) ?? []) {
      const period = q.MetricStat?.Period;
      if (q.ReturnData === false || period === undefined) continue;
      const k = `${period}|${windowSeconds}`;
      const g = r.series.get(k);
      if (g) g.series++;
      else r.series.set(k, { periodSeconds: period, windowSeconds, series: 1 });
    }
  }
}
