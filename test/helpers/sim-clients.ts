/**
 * Test harness for collectors: a ClientFactory whose clients are real SDK v3 clients answered by the
 * simulated account (no network), and a MetricQueue that records what collectors request.
 * The simulated account enforces AWS's API rates, so the clients pace their attempts with perfscan's
 * rate limiter as the production factory does (lib/collect/clients.ts, which also counts calls).
 */
import { attachSimulator, SIMULATED_CREDENTIALS, type SimAccount } from '#lib/sim/core.js';
import type { ClientClass, ClientFactory, CollectorContext, MetricRequest } from '#lib/collect/types.js';
import { metricKey, type Gap } from '#lib/model/index.js';
import { iamActionFor } from '#lib/collect/iam.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';

interface StackLike {
  middlewareStack: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    add(mw: (next: any, context: any) => (args: any) => Promise<any>, opts: Record<string, unknown>): void;
  };
}

export function simClientFactory(account: SimAccount, region: string): ClientFactory {
  const cache = new Map<string, unknown>();
  const limiter = new RateLimiter();
  return {
    get<C>(cls: ClientClass<C>, r?: string): C {
      const key = `${cls.name}:${r ?? region}`;
      if (!cache.has(key)) {
        const client = new cls({ region: r ?? region, credentials: SIMULATED_CREDENTIALS, maxAttempts: 3 });
        (client as unknown as StackLike).middlewareStack.add(
          (next, context: { clientName?: string; commandName?: string }) =>
            async (args: { input?: Record<string, unknown> }) => {
              await limiter.acquire(
                account.accountId,
                r ?? region,
                iamActionFor(context.clientName ?? cls.name, context.commandName ?? ''),
                args.input,
              );
              return next(args);
            },
          { step: 'finalizeRequest', priority: 'low', name: 'testRateLimit' },
        );
        attachSimulator(client as never, account, r ?? region);
        cache.set(key, client);
      }
      return cache.get(key) as C;
    },
  } as ClientFactory;
}

export interface RecordingContext extends CollectorContext {
  requested: MetricRequest[];
  gaps: Gap[];
}

export function simCollectorContext(
  account: SimAccount,
  region: string,
  opts: { globalUnit?: boolean } = {},
): RecordingContext {
  const requested: MetricRequest[] = [];
  const gaps: Gap[] = [];
  const end = account.options.now;
  const start = new Date(end.getTime() - 14 * 86_400_000);
  return {
    accountId: account.accountId,
    region,
    globalUnit: opts.globalUnit ?? region === 'us-east-1',
    clients: simClientFactory(account, region),
    metrics: {
      request(req) {
        requested.push(req);
        return metricKey(req);
      },
    },
    window: { start, end, days: 14 },
    gap: (g) => gaps.push(g),
    limits: { maxFollowUpCalls: 50 },
    requested,
    gaps,
  };
}
