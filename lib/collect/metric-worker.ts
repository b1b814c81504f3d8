/**
 * A metric worker thread (lib/collect/metric-workers.ts): reads the GetMetricData batches the scan's thread
 * sends, with a real SDK client per account and region (standard retry, the scan's credentials), and answers
 * with each batch's statistics records and the counts of its calls. Before each attempt its client asks the
 * scan's thread for the rate limiter's tokens; with a simulated account, its requests are relayed to the
 * simulator there.
 */
import { parentPort } from 'node:worker_threads';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { SimEndpoint } from '#lib/sim/core.js';
import { unpackError, unpackOutput } from '#lib/sim/wire.js';
import { CallStats, createClientFactory, type PerfscanClientFactory } from './clients.js';
import { readBatch } from './metrics.js';
import type { FromWorker, ToWorker } from './metric-workers.js';

type ReadMessage = Extract<ToWorker, { t: 'read' }>;

function serve(port: NonNullable<typeof parentPort>): void {
  const post = (m: FromWorker) => port.postMessage(m);
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  const ask = <T>(msg: (id: number) => FromWorker): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      post(msg(id));
    });
  };

  /** A factory of the scan thread's (by key), as this worker makes its calls: its own SDK client. */
  interface Unit {
    factory: PerfscanClientFactory;
    credentials: AwsCredentialIdentity;
    /** Counts already reported (each read reports what was counted since). */
    reported: CallStats;
  }
  /**
   * Factories by key, most recently used last. An organization scan goes through thousands of units: only
   * the last UNITS_KEPT idle ones keep their clients.
   */
  const units = new Map<string, Unit>();
  const inFlight = new Map<string, number>();
  const UNITS_KEPT = 32;
  const forgetIdle = () => {
    for (const [key, u] of units) {
      if (units.size <= UNITS_KEPT) break;
      if ((inFlight.get(key) ?? 0) > 0) continue;
      u.factory.destroy();
      units.delete(key);
    }
  };

  const unitFor = (m: ReadMessage): Unit => {
    const key = m.key;
    const u = units.get(key);
    if (u) {
      u.credentials = m.credentials;
      units.delete(key);
      units.set(key, u); // most recently used
      return u;
    }
    const stats = new CallStats();
    const simulator: SimEndpoint | undefined = m.simulated
      ? {
          accountId: m.accountId,
          handle: (c, cmd, r, input) =>
            ask<Record<string, unknown>>((id) => ({
              t: 'sim',
              id,
              key,
              c,
              m: cmd,
              r,
              input,
            })).then(unpackOutput),
        }
      : undefined;
    const created: Unit = {
      credentials: m.credentials,
      reported: new CallStats(),
      factory: createClientFactory({
        region: m.region,
        accountId: m.accountId,
        maxAttempts: m.maxAttempts,
        stats,
        credentials: async () => (units.get(key) as Unit).credentials,
        ...(simulator ? { simulator } : {}),
        limiter: {
          acquire: (_account, _region, action, input) =>
            ask<number>((id) => ({ t: 'acquire', id, key, action, input })),
        },
      }),
    };
    units.set(key, created);
    forgetIdle();
    return created;
  };

  port.on('message', (msg: ToWorker) => {
    if (msg.t === 'acquired' || msg.t === 'sim-ok' || msg.t === 'sim-err') {
      const w = waiting.get(msg.id);
      if (!w) return;
      waiting.delete(msg.id);
      if (msg.t === 'acquired') w.resolve(msg.waitedMs);
      else if (msg.t === 'sim-ok') w.resolve(msg.out);
      else w.reject(unpackError(msg.e));
      return;
    }
    // In flight before unitFor, whose clean-up keeps the factories of reads in flight.
    inFlight.set(msg.key, (inFlight.get(msg.key) ?? 0) + 1);
    const unit = unitFor(msg);
    const settled = () => {
      const n = (inFlight.get(msg.key) ?? 1) - 1;
      if (n > 0) inFlight.set(msg.key, n);
      else inFlight.delete(msg.key);
    };
    readBatch(unit.factory.get(CloudWatchClient), msg.input).then(
      (result) => {
        settled();
        const stats = unit.factory.stats;
        const since = stats.since(unit.reported);
        unit.reported = stats.clone();
        port.postMessage(
          {
            t: 'done',
            id: msg.id,
            result,
            // Its own fields only, as plain data (the class's methods do not travel).
            stats: since,
          } satisfies FromWorker,
          [result.stats.buffer as ArrayBuffer],
        );
      },
      (err: unknown) => {
        settled();
        post({ t: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) });
      },
    );
  });
}

if (parentPort) serve(parentPort);
