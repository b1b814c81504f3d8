/**
 * Client-side token buckets that keep perfscan below AWS's documented API rates. AWS throttles per
 * account and region, so buckets are shared process-wide per (account, region, bucket): parallel units
 * and clients of the same account/region draw from one budget. The SDK's adaptive retry mode learns a
 * limit per client only, which does not help parallel workers. Buckets start full, so a small account
 * (or the simulated demo) never waits.
 */

export interface RateRule {
  /** Bucket name; actions with the same bucket share one budget. */
  bucket: string;
  ratePerSecond: number;
  burst: number;
  /** Where the numbers come from. */
  source: string;
}

/** Rules by IAM action. Sources: shared/reference.md "API quotas and page sizes". */
export function rateRuleFor(action: string): RateRule {
  const [prefix = '', name = ''] = action.split(':');
  if (prefix === 'ec2' && name.startsWith('Describe')) {
    // EC2 API throttling guide: non-mutating actions, bucket of 100 tokens refilled at 20/s.
    return {
      bucket: 'ec2:describe',
      ratePerSecond: 20,
      burst: 100,
      source: 'EC2 API request throttling (non-mutating actions)',
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
      burst: 15,
      source: 'Lambda quotas (control plane API 15/s)',
    };
  }
  if (prefix === 'compute-optimizer') {
    return {
      bucket: 'compute-optimizer',
      ratePerSecond: 5,
      burst: 5,
      source: 'Compute Optimizer quotas (5/s, not adjustable)',
    };
  }
  if (prefix === 'cloudwatch' && name === 'GetMetricData') {
    // Quota table says 500 TPS (adjustable); plan for 50 so many accounts/regions can run together.
    return {
      bucket: 'cloudwatch:GetMetricData',
      ratePerSecond: 50,
      burst: 50,
      source: 'CloudWatch quotas (GetMetricData; planned at 50/s)',
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
   * Take one token for `action` in (account, region); waits when the bucket is empty. Tokens are reserved
   * immediately (the balance may go negative), so concurrent callers queue in order and never overshoot.
   * Returns the milliseconds waited.
   */
  async acquire(accountId: string, region: string, action: string): Promise<number> {
    const rule = this.rules(action);
    const key = `${accountId}|${region}|${rule.bucket}`;
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: rule.burst, updatedMs: t, rule };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(rule.burst, b.tokens + ((t - b.updatedMs) / 1000) * rule.ratePerSecond);
    b.updatedMs = t;
    b.tokens -= 1;
    if (b.tokens >= 0) return 0;
    const wait = (-b.tokens / rule.ratePerSecond) * 1000;
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
