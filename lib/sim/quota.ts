/**
 * AWS's API limits in the simulated account: per-account, per-region token buckets per API at the
 * documented rates, throttling answered with the error each service really returns (so the SDK's
 * standard retry classifies and backs off as against AWS), an optional latency model per call, and a
 * scaled clock so long simulated runs can finish in less real time.
 *
 * Sources (shared/reference.md, "API quotas and page sizes"):
 * - EC2 API request throttling: non-mutating (Describe*) actions share a bucket of 100 tokens refilled at
 *   20/s; DescribeInstances and DescribeVolumes sent unfiltered and unpaginated (no Filters, no ids, no
 *   MaxResults) draw from a smaller bucket of 50 refilled at 10/s. Throttled: `RequestLimitExceeded`, HTTP 503.
 * - RDS: 300 burst then 12/s. Throttled: `Throttling`, HTTP 400 (Query protocol).
 * - Lambda control plane: 15 requests/s for all its APIs together. Throttled: `TooManyRequestsException`
 *   (Reason `CallerRateLimitExceeded`), HTTP 429.
 * - Compute Optimizer: 5/s per region. Throttled: `ThrottlingException`, HTTP 400.
 * - CloudWatch GetMetricData: 50 TPS planned, and ~396,000 datapoints/s per region for windows starting more
 *   than 3 h ago (180,000/s for the last 3 h). GetMetricStatistics: 400 TPS. DescribeAlarms: 9 TPS
 *   (CloudWatch service quotas). Throttled: `Throttling`, HTTP 400.
 * - Price List Query API (Billing user guide, "Using the AWS Price List Query API", Quotas): GetProducts,
 *   GetAttributeValues and DescribeServices each a token bucket of 10 refilled at 5/s, per account and
 *   endpoint region (perfscan asks the us-east-1 endpoint for every unit, so the whole account shares one
 *   GetProducts bucket). Throttled: `ThrottlingException`, HTTP 400 (JSON protocol).
 * APIs without a published rate (Auto Scaling, ElastiCache, CloudFront, STS, Application Signals, DevOps Guru,
 * Application Auto Scaling) are not throttled here: the simulator enforces only what AWS documents.
 *
 * Throttled requests do not take tokens (the request was refused), as with EC2's documented bucket.
 */
import { HttpResponse } from '@smithy/protocol-http';
import { datapointCount } from './points.js';

// ---------------------------------------------------------------- clock

/** Simulated time. `now()` is milliseconds of simulated time since the clock's origin. */
export interface SimClock {
  /** Simulated milliseconds per real millisecond (1 = real time). */
  readonly scale: number;
  now(): number;
  /** Wait `ms` of simulated time (ms / scale real milliseconds). */
  sleep(ms: number): Promise<void>;
}

export interface ScaledClockOptions {
  /** Simulated ms per real ms; default 1. */
  scale?: number;
  /** Real clock (ms), injectable for tests. */
  realNow?: () => number;
  /** Real sleep, injectable for tests. */
  realSleep?: (ms: number) => Promise<void>;
}

/**
 * simulated time = (real time - origin) x scale, exactly: with scale 20, 1 s of real time is 20 s of
 * simulated time, token buckets refill 20x faster in real time, and a 500 ms simulated latency takes 25 ms.
 * CPU work is not scaled (it takes real time, hence scale x as long in simulated time): run CPU-heavy
 * measurements at scale 1.
 */
export class ScaledClock implements SimClock {
  readonly scale: number;
  private readonly realNow: () => number;
  private readonly realSleep: (ms: number) => Promise<void>;
  private readonly origin: number;

  constructor(opts: ScaledClockOptions = {}) {
    const scale = opts.scale ?? 1;
    if (!(scale > 0) || !Number.isFinite(scale))
      throw new RangeError(`clock scale must be > 0 (got ${scale})`);
    this.scale = scale;
    this.realNow = opts.realNow ?? (() => performance.now());
    this.realSleep = opts.realSleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.origin = this.realNow();
  }

  now(): number {
    return (this.realNow() - this.origin) * this.scale;
  }

  /**
   * At least `ms` of simulated time. A timer can fire a fraction of a real millisecond before
   * `performance.now()` says its time is up; scaled, that is simulated time a paced client counts on (a
   * limiter that slept off its debt would reach the bucket before it refilled), so sleep on until it has passed.
   */
  async sleep(ms: number): Promise<void> {
    if (!(ms > 0)) return;
    const until = this.now() + ms;
    await this.realSleep(ms / this.scale);
    for (let left = until - this.now(); left > 0; left = until - this.now())
      await this.realSleep(Math.max(left / this.scale, 1));
  }

  /** Real milliseconds for a simulated duration. */
  toReal(simMs: number): number {
    return simMs / this.scale;
  }
}

// ---------------------------------------------------------------- buckets

export interface QuotaBucket {
  /** Bucket name; APIs with the same name share one budget per (account, region). */
  name: string;
  burst: number;
  ratePerSecond: number;
  source: string;
}

export const EC2_DESCRIBE: QuotaBucket = {
  name: 'ec2:describe',
  burst: 100,
  ratePerSecond: 20,
  source: 'EC2 API request throttling: non-mutating actions (100 tokens, refill 20/s)',
};
export const EC2_UNPAGINATED: QuotaBucket = {
  name: 'ec2:unfiltered-unpaginated',
  burst: 50,
  ratePerSecond: 10,
  source:
    'EC2 API request throttling: unfiltered and unpaginated non-mutating actions (50 tokens, refill 10/s)',
};
export const RDS: QuotaBucket = {
  name: 'rds',
  burst: 300,
  ratePerSecond: 12,
  source: 'RDS API quotas (300 burst, then 12/s)',
};
export const LAMBDA_CONTROL: QuotaBucket = {
  name: 'lambda:control-plane',
  burst: 15,
  ratePerSecond: 15,
  source: 'Lambda quotas: control plane API requests 15/s (all APIs together, not adjustable)',
};
export const COMPUTE_OPTIMIZER: QuotaBucket = {
  name: 'compute-optimizer',
  burst: 5,
  ratePerSecond: 5,
  source: 'Compute Optimizer quotas: 5 requests/s (not adjustable)',
};
export const GET_METRIC_DATA: QuotaBucket = {
  name: 'cloudwatch:GetMetricData',
  burst: 50,
  ratePerSecond: 50,
  source: 'CloudWatch quotas: GetMetricData (planned at 50 TPS)',
};
export const GMD_DATAPOINTS: QuotaBucket = {
  name: 'cloudwatch:datapoints',
  burst: 396_000,
  ratePerSecond: 396_000,
  source: 'CloudWatch quotas: GetMetricData 396,000 datapoints/s for StartTime more than 3 h ago',
};
export const GMD_DATAPOINTS_RECENT: QuotaBucket = {
  name: 'cloudwatch:datapoints-recent',
  burst: 180_000,
  ratePerSecond: 180_000,
  source: 'CloudWatch quotas: GetMetricData 180,000 datapoints/s for StartTime within the last 3 h',
};
export const GET_METRIC_STATISTICS: QuotaBucket = {
  name: 'cloudwatch:GetMetricStatistics',
  burst: 400,
  ratePerSecond: 400,
  source: 'CloudWatch quotas: GetMetricStatistics 400 TPS',
};
export const DESCRIBE_ALARMS: QuotaBucket = {
  name: 'cloudwatch:DescribeAlarms',
  burst: 9,
  ratePerSecond: 9,
  source: 'CloudWatch quotas: DescribeAlarms 9 TPS',
};

export const PRICE_LIST_GET_PRODUCTS: QuotaBucket = {
  name: 'pricing:GetProducts',
  burst: 10,
  ratePerSecond: 5,
  source:
    'Price List Query API quotas: GetProducts token bucket 10, refill 5/s per account and endpoint region',
};
export const PRICE_LIST_GET_ATTRIBUTE_VALUES: QuotaBucket = {
  name: 'pricing:GetAttributeValues',
  burst: 10,
  ratePerSecond: 5,
  source: 'Price List Query API quotas: GetAttributeValues token bucket 10, refill 5/s',
};
export const PRICE_LIST_DESCRIBE_SERVICES: QuotaBucket = {
  name: 'pricing:DescribeServices',
  burst: 10,
  ratePerSecond: 5,
  source: 'Price List Query API quotas: DescribeServices token bucket 10, refill 5/s',
};

export const QUOTA_BUCKETS: readonly QuotaBucket[] = [
  EC2_DESCRIBE,
  EC2_UNPAGINATED,
  RDS,
  LAMBDA_CONTROL,
  COMPUTE_OPTIMIZER,
  GET_METRIC_DATA,
  GMD_DATAPOINTS,
  GMD_DATAPOINTS_RECENT,
  GET_METRIC_STATISTICS,
  DESCRIBE_ALARMS,
  PRICE_LIST_GET_PRODUCTS,
  PRICE_LIST_GET_ATTRIBUTE_VALUES,
  PRICE_LIST_DESCRIBE_SERVICES,
];

/** One charge of a call: `cost` tokens from `bucket`. */
export interface QuotaCharge {
  bucket: QuotaBucket;
  cost: number;
}

const MAX_GMD_DATAPOINTS = 100_800;
const THREE_HOURS_MS = 3 * 3_600_000;

function asTime(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' || typeof v === 'number') return new Date(v).getTime();
  return NaN;
}

/**
 * Datapoints one GetMetricData request asks for: for each returned query, the periods in
 * [StartTime, EndTime), capped at MaxDatapoints (default and maximum 100,800) per response.
 */
export function getMetricDataDatapoints(input: Record<string, unknown>): number {
  const start = asTime(input.StartTime);
  const end = asTime(input.EndTime);
  if (!(end > start)) return 0;
  const queries =
    (input.MetricDataQueries as { ReturnData?: boolean; MetricStat?: { Period?: number } }[]) ?? [];
  let n = 0;
  for (const q of queries) {
    if (q.ReturnData === false) continue;
    const period = Number(q.MetricStat?.Period ?? 60);
    if (period > 0) n += Math.ceil((end - start) / (period * 1000));
  }
  const cap = input.MaxDatapoints === undefined ? MAX_GMD_DATAPOINTS : Number(input.MaxDatapoints);
  return Math.min(n, Number.isFinite(cap) && cap > 0 ? cap : MAX_GMD_DATAPOINTS);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

/**
 * What a request costs against AWS's buckets (empty: no published limit). `dataNow` is the simulated
 * account's "now", to tell recent windows (last 3 h) from older ones.
 */
export function quotaCharges(
  clientName: string,
  commandName: string,
  input: Record<string, unknown>,
  dataNow: Date,
): QuotaCharge[] {
  const op = commandName.replace(/Command$/, '');
  switch (clientName) {
    case 'EC2Client': {
      if (!op.startsWith('Describe')) return [];
      const unpaginated =
        (op === 'DescribeInstances' || op === 'DescribeVolumes') &&
        isEmpty(input.MaxResults) &&
        isEmpty(input.Filters) &&
        isEmpty(input.InstanceIds) &&
        isEmpty(input.VolumeIds);
      return [{ bucket: unpaginated ? EC2_UNPAGINATED : EC2_DESCRIBE, cost: 1 }];
    }
    case 'RDSClient':
      return [{ bucket: RDS, cost: 1 }];
    case 'LambdaClient':
      return [{ bucket: LAMBDA_CONTROL, cost: 1 }];
    case 'ComputeOptimizerClient':
      return [{ bucket: COMPUTE_OPTIMIZER, cost: 1 }];
    case 'CloudWatchClient': {
      if (op === 'GetMetricData') {
        const recent = dataNow.getTime() - asTime(input.StartTime) <= THREE_HOURS_MS;
        return [
          { bucket: GET_METRIC_DATA, cost: 1 },
          { bucket: recent ? GMD_DATAPOINTS_RECENT : GMD_DATAPOINTS, cost: getMetricDataDatapoints(input) },
        ];
      }
      if (op === 'GetMetricStatistics') return [{ bucket: GET_METRIC_STATISTICS, cost: 1 }];
      if (op === 'DescribeAlarms') return [{ bucket: DESCRIBE_ALARMS, cost: 1 }];
      return [];
    }
    case 'PricingClient': {
      if (op === 'GetProducts') return [{ bucket: PRICE_LIST_GET_PRODUCTS, cost: 1 }];
      if (op === 'GetAttributeValues') return [{ bucket: PRICE_LIST_GET_ATTRIBUTE_VALUES, cost: 1 }];
      if (op === 'DescribeServices') return [{ bucket: PRICE_LIST_DESCRIBE_SERVICES, cost: 1 }];
      return [];
    }
    default:
      return [];
  }
}

/** An AWS-shaped service error, classified by the SDK exactly as the real one would be. */
export function awsError(
  name: string,
  message: string,
  httpStatusCode: number,
  fault: 'client' | 'server' = 'client',
  extra: Record<string, unknown> = {},
): Error {
  return Object.assign(new Error(message), {
    name,
    Code: name,
    $fault: fault,
    $metadata: { httpStatusCode, requestId: 'sim-' + name, attempts: 1, totalRetryDelay: 0 },
    ...extra,
  });
}

/**
 * The error each service answers when it throttles (code and HTTP status from the services' API
 * references): what the SDK's retry classifies as THROTTLING and backs off from (500 ms base).
 */
export function throttlingError(clientName: string): Error {
  switch (clientName) {
    case 'EC2Client':
      return awsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    case 'LambdaClient':
      return awsError('TooManyRequestsException', 'Rate exceeded', 429, 'client', {
        Type: 'User',
        Reason: 'CallerRateLimitExceeded',
        $response: new HttpResponse({ statusCode: 429, headers: { 'retry-after': '1' }, body: undefined }),
      });
    case 'CloudWatchClient':
    case 'RDSClient':
    case 'AutoScalingClient':
    case 'ElastiCacheClient':
    case 'CloudFrontClient':
    case 'STSClient':
      // Query and REST-XML protocol services.
      return awsError('Throttling', 'Rate exceeded', 400);
    default:
      // JSON protocol services (Compute Optimizer, Application Auto Scaling, DevOps Guru, Application Signals,
      // the Price List).
      return awsError('ThrottlingException', 'Rate exceeded', 400);
  }
}

interface BucketState {
  tokens: number;
  at: number;
}

export interface QuotaStats {
  /** Requests admitted, by bucket. */
  admitted: Record<string, number>;
  /** Requests refused (throttled), by bucket. */
  throttled: Record<string, number>;
}

/** The least time the admitted requests need at the buckets' rates: the slowest (region, bucket). */
export interface QuotaFloor {
  /** Seconds: max over regions and buckets of max(0, tokens taken - burst) / refill rate. */
  seconds: number;
  region: string;
  bucket: string;
  /** Tokens taken from that bucket (calls, or datapoints). */
  tokens: number;
}

/** Token buckets of one simulated account, per region and bucket, on a simulated clock. */
export class SimQuotas {
  readonly clock: SimClock;
  private readonly buckets = new Map<string, BucketState>();
  readonly stats: QuotaStats = { admitted: {}, throttled: {} };
  /** Tokens taken per region and bucket. */
  private readonly taken = new Map<string, { region: string; bucket: QuotaBucket; tokens: number }>();

  constructor(clock: SimClock) {
    this.clock = clock;
  }

  private level(region: string, b: QuotaBucket, t: number): BucketState {
    const key = `${region}|${b.name}`;
    let s = this.buckets.get(key);
    if (!s) {
      s = { tokens: b.burst, at: t };
      this.buckets.set(key, s);
    }
    s.tokens = Math.min(b.burst, s.tokens + ((t - s.at) / 1000) * b.ratePerSecond);
    s.at = t;
    return s;
  }

  /**
   * Charge a request; returns the bucket that refused it (nothing is taken then), or undefined when every
   * bucket had the tokens (they are taken).
   */
  admit(region: string, charges: readonly QuotaCharge[]): QuotaBucket | undefined {
    if (charges.length === 0) return undefined;
    const t = this.clock.now();
    const states = charges.map((c) => this.level(region, c.bucket, t));
    const refused = charges.findIndex((c, i) => (states[i] as BucketState).tokens < c.cost);
    if (refused >= 0) {
      const b = (charges[refused] as QuotaCharge).bucket;
      this.stats.throttled[b.name] = (this.stats.throttled[b.name] ?? 0) + 1;
      return b;
    }
    charges.forEach((c, i) => {
      (states[i] as BucketState).tokens -= c.cost;
      this.stats.admitted[c.bucket.name] = (this.stats.admitted[c.bucket.name] ?? 0) + 1;
      const key = `${region}|${c.bucket.name}`;
      const t = this.taken.get(key);
      if (t) t.tokens += c.cost;
      else this.taken.set(key, { region, bucket: c.bucket, tokens: c.cost });
    });
    return undefined;
  }

  /**
   * The floor of what was admitted so far: no client could have had these requests admitted faster than
   * burst + rate x time allows, per region and bucket (regions and buckets are independent).
   */
  floor(): QuotaFloor {
    let best: QuotaFloor = { seconds: 0, region: '', bucket: '', tokens: 0 };
    for (const t of this.taken.values()) {
      const seconds = Math.max(0, t.tokens - t.bucket.burst) / t.bucket.ratePerSecond;
      if (seconds > best.seconds)
        best = { seconds, region: t.region, bucket: t.bucket.name, tokens: t.tokens };
    }
    return best;
  }

  /** Tokens taken per region and bucket (for reports). */
  usage(): { region: string; bucket: string; tokens: number; seconds: number }[] {
    return [...this.taken.values()].map((t) => ({
      region: t.region,
      bucket: t.bucket.name,
      tokens: t.tokens,
      seconds: Math.max(0, t.tokens - t.bucket.burst) / t.bucket.ratePerSecond,
    }));
  }

  /** Total refused requests. */
  throttledTotal(): number {
    return Object.values(this.stats.throttled).reduce((a, b) => a + b, 0);
  }
}

// ---------------------------------------------------------------- latency

/** Latency of one call: fixed round trip + per item returned (+ per datapoint for CloudWatch). */
export interface LatencyRule {
  fixedMs: number;
  perItemMs: number;
  basis: string;
}

/**
 * The latency model. AWS publishes no API latencies and this machine cannot reach AWS, so these are stated
 * assumptions of an in-region caller, kept deliberately round: a signed HTTPS round trip of ~20 ms
 * (connection reused, TLS already up), plus server time that grows with the page (EC2 and RDS describe
 * pages of 1,000 / 100 items are known to take a few hundred ms), and CloudWatch's read time per datapoint
 * (~1 us, so a full 100,800-datapoint GetMetricData page takes ~120 ms). `npm run bench` prints the model
 * beside its figures; change it here, not in the benchmark.
 */
export const LATENCY_MODEL: Readonly<Record<string, LatencyRule>> = {
  default: { fixedMs: 20, perItemMs: 0.2, basis: 'assumed: 20 ms round trip + 0.2 ms per item' },
  'EC2Client.DescribeInstances': {
    fixedMs: 40,
    perItemMs: 0.3,
    basis: 'assumed: 40 ms + 0.3 ms per instance (1,000-instance page ~340 ms)',
  },
  'EC2Client.DescribeVolumes': {
    fixedMs: 30,
    perItemMs: 0.15,
    basis: 'assumed: 30 ms + 0.15 ms per volume',
  },
  'RDSClient.DescribeDBInstances': {
    fixedMs: 40,
    perItemMs: 1,
    basis: 'assumed: 40 ms + 1 ms per DB instance (100-instance page ~140 ms)',
  },
  'LambdaClient.ListFunctions': {
    fixedMs: 30,
    perItemMs: 0.5,
    basis: 'assumed: 30 ms + 0.5 ms per function',
  },
  'CloudWatchClient.GetMetricData': {
    fixedMs: 20,
    perItemMs: 0.001,
    basis: 'assumed: 20 ms + 1 us per datapoint asked for (100,800-datapoint page ~120 ms)',
  },
  'CloudWatchClient.GetMetricStatistics': {
    fixedMs: 15,
    perItemMs: 0.01,
    basis: 'assumed: 15 ms + 10 us per datapoint (336-point series ~18 ms)',
  },
};

export function latencyRule(clientName: string, commandName: string): LatencyRule {
  const op = commandName.replace(/Command$/, '');
  return LATENCY_MODEL[`${clientName}.${op}`] ?? (LATENCY_MODEL.default as LatencyRule);
}

/** Items a response carries, for the per-item latency: datapoints for CloudWatch, else the listed items. */
export function responseItems(output: Record<string, unknown>): number {
  if (output.MetricDataResults) return datapointCount(output);
  if (Array.isArray(output.Datapoints)) return output.Datapoints.length;
  if (Array.isArray(output.Reservations))
    return (output.Reservations as { Instances?: unknown[] }[]).reduce(
      (n, r) => n + (r.Instances?.length ?? 0),
      0,
    );
  let n = 0;
  for (const [k, v] of Object.entries(output)) {
    if (k.startsWith('$')) continue;
    if (Array.isArray(v)) n += v.length;
    else if (v && typeof v === 'object' && !(v instanceof Date)) {
      const items = (v as { Items?: unknown }).Items;
      if (Array.isArray(items)) n += items.length;
    }
  }
  return n;
}

/**
 * Items a request's answer is charged for before it is computed, for the APIs whose server time follows the
 * request rather than the answer: GetMetricData reads every datapoint asked for (periods in the window, per
 * returned query, at most 100,800 per page), whether or not the series has data there. Undefined: charge the
 * items the answer carries (responseItems).
 */
export function requestItems(
  clientName: string,
  commandName: string,
  input: Record<string, unknown>,
): number | undefined {
  if (clientName === 'CloudWatchClient' && commandName === 'GetMetricDataCommand')
    return getMetricDataDatapoints(input);
  return undefined;
}

/** Simulated milliseconds a call takes under the model. */
export function latencyMs(clientName: string, commandName: string, items: number): number {
  const r = latencyRule(clientName, commandName);
  return r.fixedMs + r.perItemMs * items;
}
