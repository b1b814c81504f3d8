/**
 * The production ClientFactory: real SDK v3 clients, one per (client class, region), with
 * - credentials from the standard Node chain (or a profile, explicit credentials, or the simulator),
 * - the SDK's standard retry mode (maxAttempts 5 by default),
 * - the SDK's own endpoint settings left alone (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, config file),
 * - two middlewares: one per call (IAM action check against the declared actions, call counting) and one
 *   per attempt inside the retry loop (rate limiting, attempt/retry/throttle counting).
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { isThrottlingError } from '@smithy/service-error-classification';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { attachSimulator, SIMULATED_CREDENTIALS, type SimEndpoint } from '#lib/sim/core.js';
import { iamActionFor } from './iam.js';
import { UndeclaredActionError, type TaggedCallError } from './errors.js';
import { sharedRateLimiter, type RateLimiter } from './rate-limit.js';
import type { ClientClass, ClientFactory } from './types.js';

export { UndeclaredActionError } from './errors.js';

/** API usage of one factory: calls by IAM action, attempts, retries and throttling errors seen. */
export class CallStats {
  apiCalls: Record<string, number> = {};
  /** HTTP attempts (calls + retries). */
  attempts = 0;
  retries = 0;
  /** Attempts that failed with a throttling error (retried or not). */
  throttles = 0;
  /** Milliseconds spent waiting for the client-side rate limiter. */
  rateLimitWaitMs = 0;
  /** Calls that failed after the SDK's retries (each also counted in apiCalls). */
  failedCalls = 0;

  countCall(action: string): void {
    this.apiCalls[action] = (this.apiCalls[action] ?? 0) + 1;
  }

  /** Total calls (not attempts). */
  total(): number {
    return Object.values(this.apiCalls).reduce((a, b) => a + b, 0);
  }

  /** A copy, to compute per-unit deltas when a factory is shared. */
  clone(): CallStats {
    const c = new CallStats();
    c.apiCalls = { ...this.apiCalls };
    c.attempts = this.attempts;
    c.retries = this.retries;
    c.throttles = this.throttles;
    c.rateLimitWaitMs = this.rateLimitWaitMs;
    c.failedCalls = this.failedCalls;
    return c;
  }

  /** Add another's counts to these (a metric worker thread's calls, made for this factory's unit). */
  add(other: CallStatsCounts): void {
    for (const [k, v] of Object.entries(other.apiCalls)) this.apiCalls[k] = (this.apiCalls[k] ?? 0) + v;
    this.attempts += other.attempts;
    this.retries += other.retries;
    this.throttles += other.throttles;
    this.rateLimitWaitMs += other.rateLimitWaitMs;
    this.failedCalls += other.failedCalls;
  }

  /** this - earlier, field by field. */
  since(earlier: CallStats): CallStats {
    const d = new CallStats();
    for (const [k, v] of Object.entries(this.apiCalls)) {
      const n = v - (earlier.apiCalls[k] ?? 0);
      if (n > 0) d.apiCalls[k] = n;
    }
    d.attempts = this.attempts - earlier.attempts;
    d.retries = this.retries - earlier.retries;
    d.throttles = this.throttles - earlier.throttles;
    d.rateLimitWaitMs = this.rateLimitWaitMs - earlier.rateLimitWaitMs;
    d.failedCalls = this.failedCalls - earlier.failedCalls;
    return d;
  }
}

/** CallStats' counts as plain data (what a metric worker thread sends back). */
export type CallStatsCounts = Pick<
  CallStats,
  'apiCalls' | 'attempts' | 'retries' | 'throttles' | 'rateLimitWaitMs' | 'failedCalls'
>;

/**
 * What another thread needs to make a factory's calls as the factory would (lib/collect/metric-workers.ts):
 * the same account, region, credentials, attempts, rate limiter (the calls stay paced by this thread's
 * buckets) and simulator, and the stats to count them in.
 */
export interface RemoteCallSpec {
  accountId: string;
  region: string;
  maxAttempts: number;
  /** Resolved per batch (a provider refreshes them as they near expiry). */
  credentials(): Promise<AwsCredentialIdentity>;
  limiter: Pick<RateLimiter, 'acquire'>;
  stats: CallStats;
  simulator?: SimEndpoint;
  allowedActions?: ReadonlySet<string>;
}

export interface ClientFactoryOptions {
  region: string;
  /** Account the rate-limit buckets are keyed by; 'default' when unknown. */
  accountId?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  profile?: string;
  /** A simulated account (or a proxy to one in another process) answering in place of AWS. */
  simulator?: SimEndpoint;
  maxAttempts?: number;
  stats?: CallStats;
  /** When given, a command whose IAM action is not in the set fails with UndeclaredActionError (never sent). */
  allowedActions?: ReadonlySet<string>;
  limiter?: Pick<RateLimiter, 'acquire'>;
}

export type PerfscanClientFactory = ClientFactory & {
  stats: CallStats;
  /** Close every client's sockets (keep-alive agents), e.g. before the CLI exits. */
  destroy(): void;
  /** How another thread makes this factory's calls in `region` (a metric worker thread). */
  remote(region?: string): RemoteCallSpec;
};

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The SDK's logger middleware calls `logger.info?.(...)` with the response filtered for sensitive
 * fields, which copies every response (every GetMetricData page included) even with its default
 * no-op logger. A logger without `info` skips that work; errors still reach `error`, which we ignore
 * too because failures are recorded as gaps.
 */
const QUIET_SDK_LOGGER = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Logger;

/** Structural view of an SDK client (avoids pinning one smithy version: old and new clients coexist). */
interface SdkClientLike {
  middlewareStack: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    add(mw: (next: any, context: any) => (args: any) => Promise<any>, opts: Record<string, unknown>): void;
  };
  destroy(): void;
}

interface CallContext {
  clientName?: string;
  commandName?: string;
  perfscanAction?: string;
  perfscanAttempts?: number;
}

function tag(err: unknown, action: string, region: string): void {
  if (err && typeof err === 'object') {
    const t = err as TaggedCallError;
    // Non-enumerable: keeps error logs and JSON unchanged.
    if (t.perfscanAction === undefined)
      Object.defineProperty(err, 'perfscanAction', { value: action, enumerable: false });
    if (t.perfscanRegion === undefined)
      Object.defineProperty(err, 'perfscanRegion', { value: region, enumerable: false });
  }
}

export function createClientFactory(opts: ClientFactoryOptions): PerfscanClientFactory {
  const stats = opts.stats ?? new CallStats();
  const limiter = opts.limiter ?? sharedRateLimiter();
  const accountId = opts.accountId ?? opts.simulator?.accountId ?? 'default';
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  // One provider for all clients: the Node chain memoizes, so SSO/assume-role run once, not per client.
  const credentials = opts.simulator
    ? SIMULATED_CREDENTIALS
    : (opts.credentials ?? fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {}));
  const cache = new Map<unknown, Map<string, SdkClientLike>>();

  const instrument = (client: SdkClientLike, clientClassName: string, region: string) => {
    // Per call, before serialization and retries: check and count the action.
    client.middlewareStack.add(
      (next, context: CallContext) => async (args: unknown) => {
        const action = iamActionFor(
          context.clientName ?? clientClassName,
          context.commandName ?? 'UnknownCommand',
        );
        context.perfscanAction = action;
        if (opts.allowedActions && !opts.allowedActions.has(action)) throw new UndeclaredActionError(action);
        stats.countCall(action);
        try {
          return await next(args);
        } catch (err) {
          stats.failedCalls++;
          tag(err, action, region);
          throw err;
        }
      },
      { step: 'initialize', priority: 'high', name: 'perfscanCallAccounting', override: true },
    );
    // Per attempt: finalizeRequest runs after the retry middleware (finalizeRequest/high), so this wraps each
    // attempt. The rate limiter is charged per attempt because AWS's token bucket is charged per request.
    client.middlewareStack.add(
      (next, context: CallContext) => async (args: { input?: Record<string, unknown> }) => {
        context.perfscanAttempts = (context.perfscanAttempts ?? 0) + 1;
        stats.attempts++;
        if (context.perfscanAttempts > 1) stats.retries++;
        stats.rateLimitWaitMs += await limiter.acquire(
          accountId,
          region,
          context.perfscanAction ?? 'unknown:Unknown',
          args.input,
        );
        try {
          return await next(args);
        } catch (err) {
          if (err && typeof err === 'object' && isThrottlingError(err as never)) stats.throttles++;
          throw err;
        }
      },
      { step: 'finalizeRequest', priority: 'low', name: 'perfscanAttemptAccounting', override: true },
    );
  };

  const factory = {
    stats,
    get<C>(cls: ClientClass<C>, region?: string): C {
      const r = region ?? opts.region;
      let byRegion = cache.get(cls);
      if (!byRegion) cache.set(cls, (byRegion = new Map()));
      let client = byRegion.get(r);
      if (!client) {
        // No `endpoint` here on purpose: the SDK resolves AWS_ENDPOINT_URL(_<SERVICE>) and config-file endpoints itself.
        client = new cls({
          region: r,
          credentials,
          maxAttempts,
          retryMode: 'standard',
          logger: QUIET_SDK_LOGGER,
        }) as unknown as SdkClientLike;
        instrument(client, cls.name, r);
        if (opts.simulator) attachSimulator(client as never, opts.simulator, r);
        byRegion.set(r, client);
      }
      return client as unknown as C;
    },
    destroy(): void {
      for (const byRegion of cache.values()) for (const c of byRegion.values()) c.destroy();
      cache.clear();
    },
    remote(region?: string): RemoteCallSpec {
      return {
        accountId,
        region: region ?? opts.region,
        maxAttempts,
        credentials: async () =>
          typeof credentials === 'function' ? await credentials() : (credentials as AwsCredentialIdentity),
        limiter,
        stats,
        ...(opts.simulator ? { simulator: opts.simulator } : {}),
        ...(opts.allowedActions ? { allowedActions: opts.allowedActions } : {}),
      };
    },
  };
  return factory as PerfscanClientFactory;
}
