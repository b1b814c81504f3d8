/**
 * The simulated account: a seeded, deterministic AWS account served to the real collectors through
 * the real SDK clients. A middleware at the `deserialize` step (high priority) answers each command
 * with simulated output instead of sending an HTTP request, so paginators, retries, throttling
 * classification and our own middleware (call counting, rate limits) all run as against AWS.
 *
 * Each service's simulation lives in its own module (`lib/sim/<service>.ts`) and registers handlers
 * by SDK client name + command name, plus an optional metric provider for GetMetricData.
 */
import { HttpResponse } from '@smithy/protocol-http';
import {
  awsError,
  latencyMs,
  quotaCharges,
  requestItems,
  responseItems,
  ScaledClock,
  SimQuotas,
  throttlingError,
  type SimClock,
} from './quota.js';

export { awsError } from './quota.js';

export interface SimRng {
  /** Uniform in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast, good enough for simulation; same seed -> same account. */
export function createRng(seed: number): SimRng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    chance: (p) => next() < p,
  };
}

/** Stable 32-bit hash of a string (FNV-1a), to derive per-region / per-resource seeds. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface SimOptions {
  seed: number;
  accountId: string;
  /** Regions the account has enabled (DescribeRegions answers these). */
  enabledRegions: string[];
  /**
   * Resource multiplier: 1 = the demo account (a few dozen resources per service in the home region);
   * the benchmark uses large scales. Each service module decides what it means for its resources.
   */
  scale: number;
  /** Regions that hold resources; other enabled regions are nearly empty, as in real accounts. */
  busyRegions: string[];
  /** Injected faults, for tests: throttle or deny a command a number of times. */
  faults: SimFault[];
  /**
   * Whether the account opted in to Compute Optimizer (account-wide: every region answers the same). Default true;
   * false for tests of the not-enrolled path.
   */
  computeOptimizerEnrolled?: boolean;
  /** Fixed "now" so metric series are reproducible. */
  now: Date;
  /**
   * The simulated organization this account manages: its member accounts (ListAccounts, and the accounts
   * whose member role AssumeRole answers; any other account's role does not exist). Default: none.
   */
  organization?: { members: { id: string; name: string; state?: 'ACTIVE' | 'SUSPENDED' }[] };
  /**
   * Enforce AWS's documented API rates with token buckets per region (lib/sim/quota.ts); default true.
   * Requests over a rate are answered with the service's throttling error.
   */
  quotas?: boolean;
  /** Delay each answer by the latency model (lib/sim/quota.ts LATENCY_MODEL); default false (instant). */
  latency?: boolean;
  /** The simulated clock of the quotas and latencies; default real time (scale 1). */
  clock?: SimClock;
  /** Resource counts per service and region instead of `scale` blocks (the benchmark's reference account). */
  mix?: SimMix;
  /**
   * Offerings AWS "releases" in the simulated account (the release radar's knob, lib/sim/offerings.ts): each
   * entry offers a new family in one region, sized and shaped like an existing one. The options object is
   * read at every call, so pushing an entry between two scans is a release between them.
   */
  newFamilies?: SimNewFamily[];
}

/**
 * A new family offered in one region (e.g. `{ region: 'eu-west-1', family: 'm8g', like: 'm7g' }`): EC2 types
 * `m8g.<size>` for every size of `m7g`, with its facts; with `rds`, DB classes `db.m8g.<size>` wherever
 * `db.m7g.<size>` is orderable; with `elasticache`, node types `cache.m8g.<size>` wherever `cache.m7g.<size>` is.
 */
export interface SimNewFamily {
  region: string;
  family: string;
  like: string;
  /** Where it is offered (default: EC2 only). */
  services?: ('ec2' | 'rds' | 'elasticache')[];
}

/** Resource kinds whose counts the mix sets. */
export type SimMixKind =
  | 'ec2Instances'
  | 'ebsVolumes'
  | 'rdsInstances'
  | 'cloudfrontDistributions'
  | 'vpcEndpoints'
  | 'lambdaFunctions';

/**
 * An account by numbers: totals per resource kind, spread over regions by weight (CloudFront is global:
 * all its distributions are served once). Regions without a weight hold none of these resources.
 */
export interface SimMix {
  totals: Partial<Record<SimMixKind, number>>;
  /** Region -> weight (any positive numbers; normalized). */
  regionWeights: Record<string, number>;
}

/**
 * The count of `kind` in `region` under the mix: totals split by weight with the largest-remainder
 * method, so the regions add up to the total exactly.
 */
export function mixCount(mix: SimMix, kind: SimMixKind, region: string): number {
  const total = Math.max(0, Math.floor(mix.totals[kind] ?? 0));
  const entries = Object.entries(mix.regionWeights).filter(([, w]) => w > 0);
  const sum = entries.reduce((n, [, w]) => n + w, 0);
  if (sum === 0 || !entries.some(([r]) => r === region)) return 0;
  const shares = entries.map(([r, w]) => ({ r, exact: (total * w) / sum }));
  const floors = shares.map((x) => ({ ...x, n: Math.floor(x.exact) }));
  let left = total - floors.reduce((n, x) => n + x.n, 0);
  const order = [...floors].sort((a, b) => b.exact - b.n - (a.exact - a.n) || (a.r < b.r ? -1 : 1));
  for (const x of order) {
    if (left <= 0) break;
    x.n++;
    left--;
  }
  return floors.find((x) => x.r === region)?.n ?? 0;
}

export interface SimFault {
  clientName?: string; // e.g. 'EC2Client'; any when omitted
  commandName: string; // e.g. 'DescribeInstancesCommand'
  region?: string;
  kind: 'throttle' | 'accessDenied' | 'optInRequired' | 'serverError';
  /** How many calls fail before calls succeed again; Infinity for always. */
  times: number;
}

export interface SimCall {
  clientName: string;
  commandName: string;
  region: string;
  input: Record<string, unknown>;
  /** Set when the call was answered with an injected fault or refused by a quota. */
  fault?: SimFault['kind'];
  /** The quota bucket that refused the call (fault 'throttle' from the simulated quotas). */
  throttledBy?: string;
}

export interface SimMetricQuery {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
  start: Date;
  end: Date;
}

export interface SimRequestContext {
  region: string;
  account: SimAccount;
}

export type SimHandler = (
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  input: any,
  ctx: SimRequestContext,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface SimServiceModule {
  /** Which SDK client this module answers for, e.g. 'EC2Client'. Several modules may share a client. */
  clientName: string;
  /** Keyed by command name, e.g. 'DescribeInstancesCommand'. */
  handlers: Record<string, SimHandler>;
  /**
   * Values of a metric series at each period start in [start, end), null or NaN where a period has no data,
   * or undefined when this module does not know the series (another module may). Return [] for a series that
   * exists but has no data.
   */
  metrics?(q: SimMetricQuery, ctx: SimRequestContext): (number | null)[] | undefined;
}

const FAULT_ERRORS: Record<SimFault['kind'], (client: string) => Error> = {
  // Each service's own throttling error (lib/sim/quota.ts): all are SDK throttling codes.
  throttle: (client) => throttlingError(client),
  accessDenied: (client) =>
    awsError(
      client === 'EC2Client' ? 'UnauthorizedOperation' : 'AccessDeniedException',
      'You are not authorized to perform this operation.',
      403,
    ),
  optInRequired: () => awsError('OptInRequired', 'The region is not enabled for this account.', 401),
  serverError: () => awsError('InternalFailure', 'Internal failure (simulated).', 500, 'server'),
};

/**
 * Page through `items` the way AWS does: honour the page-size cap (an out-of-range MaxResults is a
 * validation error, as with EC2), default page size when none is given, opaque next token.
 */
export function paginate<T>(
  items: readonly T[],
  input: Record<string, unknown>,
  opts: {
    tokenIn?: string;
    sizeIn?: string;
    min?: number;
    max: number;
    defaultSize?: number;
    clientName?: string;
  },
): { page: T[]; nextToken: string | undefined } {
  const tokenIn = opts.tokenIn ?? 'NextToken';
  const sizeIn = opts.sizeIn ?? 'MaxResults';
  const requested = input[sizeIn] as number | string | undefined;
  let size = requested === undefined ? (opts.defaultSize ?? opts.max) : Number(requested);
  if (!Number.isFinite(size) || size < (opts.min ?? 1) || size > opts.max) {
    throw awsError(
      opts.clientName === 'EC2Client' ? 'InvalidParameterValue' : 'ValidationException',
      `Value (${String(requested)}) for parameter ${sizeIn} is invalid. Expecting a value between ${opts.min ?? 1} and ${opts.max}.`,
      400,
    );
  }
  size = Math.floor(size);
  const token = input[tokenIn] as string | undefined;
  const start = token
    ? Number.parseInt(Buffer.from(token, 'base64').toString('utf8').replace('sim:', ''), 10)
    : 0;
  if (!Number.isFinite(start) || start < 0) throw awsError('InvalidNextToken', 'The token is invalid.', 400);
  const page = items.slice(start, start + size);
  const nextToken =
    start + size < items.length ? Buffer.from(`sim:${start + size}`).toString('base64') : undefined;
  return { page, nextToken };
}

/**
 * Paging of the Query-protocol Describe* APIs (RDS, ElastiCache): `Marker` in and out, `MaxRecords` 20-100,
 * default 100 (their API references).
 */
export const MARKER_PAGE = {
  tokenIn: 'Marker',
  sizeIn: 'MaxRecords',
  min: 20,
  max: 100,
  defaultSize: 100,
} as const;

/** The simulated account: options, lazily generated per-region state, call log and fault budget. */
export class SimAccount {
  readonly options: SimOptions;
  readonly calls: SimCall[] = [];
  private readonly modules: SimServiceModule[];
  private readonly state = new Map<string, unknown>();
  private readonly faultsLeft: number[];
  readonly clock: SimClock;
  /** AWS's token buckets for this account (undefined when `quotas: false`). */
  readonly quotas: SimQuotas | undefined;

  constructor(modules: SimServiceModule[], options: SimOptions) {
    this.modules = modules;
    this.options = options;
    this.faultsLeft = options.faults.map((f) => f.times);
    this.clock = options.clock ?? new ScaledClock();
    this.quotas = options.quotas === false ? undefined : new SimQuotas(this.clock);
  }

  /** Count of a mix kind in a region when the account is built from a mix, else undefined. */
  mixCount(kind: SimMixKind, region: string): number | undefined {
    return this.options.mix ? mixCount(this.options.mix, kind, region) : undefined;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  /** Memoized per-key state (e.g. `ec2:eu-west-1`), generated once from a derived seed. */
  memo<T>(key: string, make: (rng: SimRng) => T): T {
    if (!this.state.has(key)) this.state.set(key, make(createRng(hashSeed(this.options.seed, key))));
    return this.state.get(key) as T;
  }

  isBusy(region: string): boolean {
    return this.options.busyRegions.includes(region);
  }

  async handle(
    clientName: string,
    commandName: string,
    region: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const call: SimCall = { clientName, commandName, region, input };
    this.calls.push(call);
    const faultIndex = this.options.faults.findIndex(
      (f, i) =>
        f.commandName === commandName &&
        (f.clientName === undefined || f.clientName === clientName) &&
        (f.region === undefined || f.region === region) &&
        (this.faultsLeft[i] ?? 0) > 0,
    );
    if (faultIndex >= 0) {
      const fault = this.options.faults[faultIndex] as SimFault;
      this.faultsLeft[faultIndex] = (this.faultsLeft[faultIndex] ?? 0) - 1;
      call.fault = fault.kind;
      throw FAULT_ERRORS[fault.kind](clientName);
    }
    // STS and the Price List answer from their own endpoints whatever regions the account enabled.
    if (
      !this.options.enabledRegions.includes(region) &&
      clientName !== 'STSClient' &&
      clientName !== 'PricingClient'
    ) {
      throw FAULT_ERRORS.optInRequired(clientName);
    }
    if (this.quotas) {
      const refused = this.quotas.admit(
        region,
        quotaCharges(clientName, commandName, input, this.options.now),
      );
      if (refused) {
        call.fault = 'throttle';
        call.throttledBy = refused.name;
        // A refusal still costs its round trip.
        if (this.options.latency) await this.clock.sleep(latencyMs(clientName, commandName, 0));
        throw throttlingError(clientName);
      }
    }
    const ctx: SimRequestContext = { region, account: this };
    for (const m of this.modules) {
      const h = m.clientName === clientName ? m.handlers[commandName] : undefined;
      if (h) {
        // Where the server time follows the request (GetMetricData), wait first and answer after: the answer
        // is built as it arrives, as a response is read off the network, instead of waiting in the heap.
        const asked = this.options.latency ? requestItems(clientName, commandName, input) : undefined;
        if (asked !== undefined) {
          await this.clock.sleep(latencyMs(clientName, commandName, asked));
          return await this.invoke(h, input, ctx);
        }
        const output = await this.invoke(h, input, ctx);
        if (this.options.latency)
          await this.clock.sleep(latencyMs(clientName, commandName, responseItems(output)));
        return output;
      }
    }
    throw awsError(
      'UnknownOperationException',
      `Simulator has no handler for ${clientName}.${commandName}.`,
      400,
    );
  }

  /** Time inside the service handlers (building answers), wall and CPU (user + system), in ms. */
  readonly handlerTime = { ms: 0, cpuMs: 0 };

  /**
   * Measure the handlers' CPU time (handlerTime.cpuMs), to tell the simulator's share of a process it shares
   * with the scan. Off where the simulator has a process of its own (the process's CPU is all its own):
   * process.cpuUsage() is a getrusage() call, two per request, and cost more than a tenth of that process's
   * CPU in a profile on a loaded machine.
   */
  measureCpu = true;

  /** Run a handler, timing its synchronous work (every handler builds its answer synchronously). */
  private invoke(
    h: SimHandler,
    input: Record<string, unknown>,
    ctx: SimRequestContext,
  ): Record<string, unknown> | Promise<Record<string, unknown>> {
    const t = performance.now();
    const cpu = this.measureCpu ? process.cpuUsage() : undefined;
    try {
      return h(input, ctx);
    } finally {
      if (cpu) {
        const used = process.cpuUsage(cpu);
        this.handlerTime.cpuMs += (used.user + used.system) / 1000;
      }
      this.handlerTime.ms += performance.now() - t;
    }
  }

  /** Ask each module for the series; the first that knows it answers. Unknown series have no data. */
  metricValues(q: SimMetricQuery, region: string): (number | null)[] {
    const ctx: SimRequestContext = { region, account: this };
    for (const m of this.modules) {
      const v = m.metrics?.(q, ctx);
      if (v !== undefined) return v;
    }
    return [];
  }

  callsTo(commandName: string): SimCall[] {
    return this.calls.filter((c) => c.commandName === commandName);
  }
}

/**
 * What the SDK clients need of a simulated account: its id and its request handler. A SimAccount, or a proxy
 * to one in another process (the benchmark keeps the simulator's state out of the measured process).
 */
export interface SimEndpoint {
  readonly accountId: string;
  handle(
    clientName: string,
    commandName: string,
    region: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
}

/** Minimal structural view of an SDK client's middleware stack (avoids pinning a smithy type version). */
interface StackLike {
  middlewareStack: {
    add(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      mw: (next: any, context: any) => (args: any) => Promise<any>,
      opts: { step: 'deserialize'; priority: 'high'; name: string; override?: boolean },
    ): void;
  };
}

/**
 * Attach the simulator to an SDK client. The middleware runs at the deserialize step with high
 * priority, i.e. after serialization, endpoint resolution, retry and signing have run, and in place
 * of the HTTP request. Errors thrown here travel up through the SDK's retry middleware.
 */
export function attachSimulator(client: StackLike, account: SimEndpoint, region: string): void {
  client.middlewareStack.add(
    (_next, context: { clientName?: string; commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const output = await account.handle(
          context.clientName ?? '?',
          context.commandName ?? '?',
          region,
          args.input ?? {},
        );
        return {
          output: {
            ...output,
            $metadata: { httpStatusCode: 200, requestId: 'sim', attempts: 1, totalRetryDelay: 0 },
          },
          response: new HttpResponse({ statusCode: 200, headers: {}, body: undefined }),
        };
      },
    { step: 'deserialize', priority: 'high', name: 'perfscanSimulator', override: true },
  );
}

/** Credentials the simulator hands to clients so request signing runs without real AWS credentials. */
export const SIMULATED_CREDENTIALS = {
  accessKeyId: 'ASIASIMULATED',
  secretAccessKey: 'simulated',
  sessionToken: 'simulated',
};
