/**
 * Client-side token buckets that keep perfscan below AWS's documented API rates. AWS throttles per
 * account and region, so buckets are shared process-wide per (account, region, bucket): parallel units
 * and clients of the same account/region draw from one budget. The SDK's adaptive retry mode learns a
 * limit per client only, which does not help parallel workers. Buckets start full, so a small account
 * (or the simulated demo) never waits. GetMetricData is paced by datapoints as well as calls: CloudWatch
 * serves ~396,000 datapoints/s per region, and 50 full calls of 100,800 datapoints ask for 5M.
 */

export interface RateRule {
  /** Bucket name; actions with the same bucket share one budget. */
  bucket: string;
  ratePerSecond: number;
  burst: number;
  /** Where the numbers come from. */
  source: string;
}

/**
 * Rules by IAM action: AWS's documented refill rates (shared/reference.md "API quotas and page sizes"),
 * with a burst a little below AWS's. The slack is what keeps a call the limiter let through from being
 * throttled when it reaches AWS later than planned (event-loop delay, signing): a bucket of burst B at
 * rate r tolerates up to (B_aws - B) / r seconds of such delay. lib/sim/quota.ts enforces AWS's own numbers.
 */
export function rateRuleFor(action: string): RateRule {
  const [prefix = '', name = ''] = action.split(':');
  if (prefix === 'ec2' && name.startsWith('Describe')) {
    // EC2 API throttling guide: non-mutating actions, bucket of 100 tokens refilled at 20/s.
    return {
      bucket: 'ec2:describe',
      ratePerSecond: 20,
      burst: 90,
      source: 'EC2 API request throttling (non-mutating actions: 100 burst, 20/s)',
    };
  }
  if (prefix === 'rds') {
    // RDS: 12 requests/s after a burst of 300; a smaller burst keeps parallel units polite.
    return { bucket: 'rds', ratePerSecond: 12, burst: 50, source: 'RDS API quotas (12/s sustained)' };
  }
  if (prefix === 'lambda') {
    // Lambda control plane: 15 requests/s for all its APIs together, not adjustable.
    return {
      bucket: 'lambda',
      ratePerSecond: 15,
      burst: 12,
      source: 'Lambda quotas (control plane API 15/s)',
    };
  }
  if (prefix === 'compute-optimizer') {
    return {
      bucket: 'compute-optimizer',
      ratePerSecond: 5,
      burst: 4,
      source: 'Compute Optimizer quotas (5/s, not adjustable)',
    };
  }
  if (prefix === 'pricing') {
    // Price List Query API: about 5 requests a second (Billing user guide, Price List API quotas).
    return { bucket: 'pricing', ratePerSecond: 5, burst: 4, source: 'AWS Price List API (about 5/s)' };
  }
  if (prefix === 'cloudwatch' && name === 'GetMetricData') {
    // Quota table says 500 TPS (adjustable); plan for 50 so many accounts/regions can run together.
    return {
      bucket: 'cloudwatch:GetMetricData',
      ratePerSecond: 50,
      burst: 40,
      source: 'CloudWatch quotas (GetMetricData; planned at 50/s)',
    };
  }
  if (prefix === 'cloudwatch' && name === 'DescribeAlarms') {
    return {
      bucket: 'cloudwatch:DescribeAlarms',
      ratePerSecond: 9,
      burst: 7,
      source: 'CloudWatch quotas (DescribeAlarms 9/s)',
    };
  }
  // Auto Scaling, ElastiCache, CloudFront, other CloudWatch APIs, STS ...: a conservative default.
  return {
    bucket: prefix || 'default',
    ratePerSecond: 10,
    burst: 10,
    source: 'perfscan default (10/s per service)',
  };
}

/** CloudWatch's datapoint rate per region for windows starting more than 3 h ago (reference.md). */
export const DATAPOINTS_RULE: RateRule = {
  bucket: 'cloudwatch:datapoints',
  ratePerSecond: 396_000,
  burst: 300_000,
  source: 'CloudWatch quotas (GetMetricData ~396,000 datapoints/s per region, windows older than 3 h)',
};
/** ... and for windows starting within the last 3 h. */
export const RECENT_DATAPOINTS_RULE: RateRule = {
  bucket: 'cloudwatch:datapoints-recent',
  ratePerSecond: 180_000,
  burst: 140_000,
  source: 'CloudWatch quotas (GetMetricData 180,000 datapoints/s per region, last 3 h)',
};

const GMD_MAX_DATAPOINTS = 100_800;

function time(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' || typeof v === 'number') return new Date(v).getTime();
  return NaN;
}

/**
 * Datapoints a GetMetricData request asks for: periods in [StartTime, EndTime) summed over the returned
 * queries, capped at MaxDatapoints (default and maximum 100,800) since one response carries no more.
 */
export function requestedDatapoints(input: Record<string, unknown> | undefined): number {
  if (!input) return 0;
  const start = time(input.StartTime);
  const end = time(input.EndTime);
  if (!(end > start)) return 0;
  let n = 0;
  for (const q of (input.MetricDataQueries as
    { ReturnData?: boolean; MetricStat?: { Period?: number } }[] | undefined) ?? []) {
    if (q.ReturnData === false) continue;
    const period = Number(q.MetricStat?.Period ?? 60);
    if (period > 0) n += Math.ceil((end - start) / (period * 1000));
  }
  const cap = input.MaxDatapoints === undefined ? GMD_MAX_DATAPOINTS : Number(input.MaxDatapoints);
  return Math.min(n, cap > 0 ? cap : GMD_MAX_DATAPOINTS);
}

/** Every budget one request draws from: one call from its rule, plus datapoints for GetMetricData. */
export function chargesFor(
  action: string,
  input: Record<string, unknown> | undefined,
  rules: (action: string) => RateRule = rateRuleFor,
  nowMs: number = Date.now(),
): { rule: RateRule; cost: number }[] {
  const out = [{ rule: rules(action), cost: 1 }];
  if (action === 'cloudwatch:GetMetricData') {
    const points = requestedDatapoints(input);
    if (points > 0) {
      const recent = nowMs - time(input?.StartTime) <= 3 * 3_600_000;
      out.push({ rule: recent ? RECENT_DATAPOINTS_RULE : DATAPOINTS_RULE, cost: points });
    }
  }
  return out;
}

export interface RateLimiterOptions {
  /** Rule lookup; defaults to `rateRuleFor`. */
  rules?: (action: string) => RateRule;
  /** Clock and sleep, injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
  rule: RateRule;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rules: (action: string) => RateRule;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Total milliseconds callers were asked to wait (reported in stats and benchmarks). */
  waitedMs = 0;

  constructor(opts: RateLimiterOptions = {}) {
    this.rules = opts.rules ?? rateRuleFor;
    this.now = opts.now ?? (() => performance.now());
    this.sleep = opts.sleep ?? realSleep;
  }

  /**
   * Take the tokens of one request for `action` in (account, region): one call, plus the datapoints of a
   * GetMetricData `input`; waits while a bucket is short. Tokens are reserved immediately (a balance may go
   * negative), so concurrent callers queue in order and never overshoot. Returns the milliseconds waited.
   */
  async acquire(
    accountId: string,
    region: string,
    action: string,
    input?: Record<string, unknown>,
  ): Promise<number> {
    const t = this.now();
    let wait = 0;
    for (const { rule, cost } of chargesFor(action, input, this.rules)) {
      const key = `${accountId}|${region}|${rule.bucket}`;
      let b = this.buckets.get(key);
      if (!b) {
        b = { tokens: rule.burst, updatedMs: t, rule };
        this.buckets.set(key, b);
      }
      b.tokens = Math.min(rule.burst, b.tokens + ((t - b.updatedMs) / 1000) * rule.ratePerSecond);
      b.updatedMs = t;
      b.tokens -= cost;
      if (b.tokens < 0) wait = Math.max(wait, (-b.tokens / rule.ratePerSecond) * 1000);
    }
    if (wait <= 0) return 0;
    this.waitedMs += wait;
    await this.sleep(wait);
    return wait;
  }
}

let shared: RateLimiter | undefined;

/** The process-wide limiter used by every client factory that is not given its own. */
export function sharedRateLimiter(): RateLimiter {
  shared ??= new RateLimiter();
  return shared;
}
