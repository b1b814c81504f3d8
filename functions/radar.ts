/**
 * Radar Lambda (daily, its own EventBridge schedule): compares what AWS offers now in the regions the scans stored
 * offerings for with those offerings (lib/radar), and starts the scan state machine with `trigger: release` and a
 * reason naming what changed, only when something new concerns the estate (a resource could move to it). One
 * execution per day at most for the same reason: the execution name is derived from the date and the reason.
 * It does not price the moves (no Price List client in this small package): the scan it starts prices its findings.
 */
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { createClientFactory } from '#lib/collect/clients.js';
import { RADAR_IAM_ACTIONS } from '#lib/collect/offerings.js';
import type { ClientFactory } from '#lib/collect/types.js';
import { RadarEnv, parseEnv } from '#lib/config/function-env.js';
import { runRadar, type CountingClients } from '#lib/radar/run.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import type { FindingsStore } from '#lib/store/types.js';

/** The schedule sends `{}`; a manual test run may name the regions to compare. */
export const RadarEvent = z.strictObject({ regions: z.array(z.string().min(1)).min(1).optional() });

/** The event checked before anything else (a malformed event names its field). */
export function parseRadarEvent(event: unknown): z.infer<typeof RadarEvent> {
  const r = RadarEvent.safeParse(event ?? {});
  if (!r.success)
    throw new Error(
      `Invalid Radar event: ${r.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

export interface RadarResult {
  started: boolean;
  /** The execution started, or the one already started today for the same reason. */
  executionName?: string;
  executionArn?: string;
  reason?: string;
  newOfferings: number;
  resources: number;
  apiCalls: number;
}

export interface RadarDeps {
  env: Record<string, string | undefined>;
  store?: FindingsStore;
  sfn?: SFNClient;
  /** Clients for a region's offerings (tests answer them with the simulated account). */
  clientsFor?(region: string): ClientFactory & { stats: { total(): number } };
  now?: () => Date;
  logger?: Logger;
}

/** `release-2026-12-05-<8 hex of the reason>`: the same release on the same day starts one execution. */
export function releaseExecutionName(now: Date, reason: string): string {
  return `release-${now.toISOString().slice(0, 10)}-${createHash('sha256').update(reason).digest('hex').slice(0, 8)}`;
}

export function makeRadarHandler(deps: RadarDeps = { env: process.env }) {
  const env = parseEnv(RadarEnv, deps.env);
  const logger = deps.logger ?? new Logger({ serviceName: 'perfscan' });
  const store = deps.store ?? new DynamoStore({ tableName: env.TABLE_NAME, client: new DynamoDBClient({}) });
  const sfn = deps.sfn ?? new SFNClient({});
  const allowedActions = new Set<string>(RADAR_IAM_ACTIONS);
  const clientsFor = deps.clientsFor ?? ((region: string) => createClientFactory({ region, allowedActions }));
  const now = deps.now ?? (() => new Date());

  return async (event: unknown): Promise<RadarResult> => {
    const ev = parseRadarEvent(event);
    const regions = ev.regions ?? (env.REGIONS.length > 0 ? env.REGIONS : undefined);
    const at = now();
    const report = await runRadar({
      store,
      clientsFor: (region): CountingClients => {
        const f = clientsFor(region);
        return Object.assign(f, { calls: () => f.stats.total() });
      },
      ...(regions ? { regions } : {}),
      now: at.toISOString(),
      unpricedReason: 'the daily radar does not price moves; the scan it starts prices its findings',
    });
    const result: RadarResult = {
      started: false,
      newOfferings: report.totals.newOfferings,
      resources: report.totals.resources,
      apiCalls: report.totals.apiCalls,
    };
    for (const r of report.regions)
      for (const g of r.gaps) logger.warn('offerings not read', { region: r.region, gap: g.message });
    if (!report.concernsEstate) {
      logger.info('nothing new concerns the estate', { ...result });
      return result;
    }
    const name = releaseExecutionName(at, report.reason);
    result.reason = report.reason;
    result.executionName = name;
    try {
      const out = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: env.STATE_MACHINE_ARN,
          name,
          input: JSON.stringify({ trigger: 'release', reason: report.reason }),
        }),
      );
      result.started = true;
      if (out.executionArn) result.executionArn = out.executionArn;
      logger.info('release scan started', { ...result });
    } catch (err) {
      // Already started today for the same release: nothing more to do.
      if ((err as { name?: string }).name !== 'ExecutionAlreadyExists') throw err;
      logger.info('release scan already started today', { ...result });
    }
    return result;
  };
}

let cached: ((event: unknown) => Promise<RadarResult>) | undefined;

/** Lambda entry point: the dependencies are built at the first invocation (environment parsed once). */
export const handler = async (event: unknown): Promise<RadarResult> => {
  parseRadarEvent(event);
  return (cached ??= makeRadarHandler())(event);
};
