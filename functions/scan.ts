/**
 * Scan Lambda: one (account, region) unit. Collect -> evaluate -> suppress -> store (lib/engine scanUnit),
 * with the member role's credentials for other accounts. The unit's snapshot is stored as gzip JSON in the
 * run bucket (SNAPSHOT_BUCKET, lib/store/snapshots.ts) before its summary. Returns only the unit's status and counts.
 * A thrown error (store down, role not assumable) propagates: Step Functions retries, then records the
 * unit as failed and the digest reports it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { requiredIamActions } from '#lib/collect/registry.js';
import { ScanEnv, parseEnv } from '#lib/config/function-env.js';
import type { PerfscanConfig } from '#lib/config/schema.js';
import { errorText, failedUnitSummary, scanUnit } from '#lib/engine/scan.js';
import { SERVICES, type ServiceName, type Status } from '#lib/model/index.js';
import { RemoteSavings, lambdaInvoker } from '#lib/pricing/remote.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { S3SnapshotStore, withSnapshots } from '#lib/store/snapshots.js';
import { rescoreUnit } from '#lib/integrations/rescore.js';
import type { FindingsStore } from '#lib/store/types.js';
import {
  ScanIdSchema,
  UnitKeySchema,
  defaultAssumeRole,
  defaultClientsFor,
  defaultTools,
  loadConfigFromSsm,
  memberRoleArn,
  once,
  ownIdentity,
  parseEvent,
  parseUnitKey,
  traced,
  type AssumeRole,
  type ClientsFor,
  type Identity,
  inHandlerSegment,
  type Tools,
} from './shared.js';

export const ScanEvent = z.object({ scanId: ScanIdSchema, unit: UnitKeySchema });
export type ScanEvent = z.infer<typeof ScanEvent>;

export interface ScanResultPayload {
  unit: string;
  status: 'ok' | 'partial' | 'failed';
  findings: Record<Status, number>;
}

/** Attempts per invocation of the Pricing function (throttling included), with the SDK's backoff. */
export const PRICING_INVOKE_ATTEMPTS = 8;

const ScanHandlerEnv = ScanEnv.extend({ AWS_REGION: z.string().min(1).optional() });

export interface ScanDeps {
  env: Record<string, string | undefined>;
  store?: FindingsStore;
  /** DynamoDB client for the default store (TABLE_NAME, FINDINGS_TTL_DAYS from the environment). */
  dynamo?: DynamoDBClient;
  /** S3 client for the unit snapshots (SNAPSHOT_BUCKET). */
  s3?: S3Client;
  ssm?: SSMClient;
  /** Lambda client that invokes the Pricing function (PRICING_FUNCTION_NAME) with the Scan's own role. */
  lambda?: LambdaClient;
  clientsFor: ClientsFor;
  assumeRole: AssumeRole;
  /** Scan time: metric window end, check time and suppression expiry. */
  clock: () => Date;
  tools: Tools;
}

export function makeScanHandler(overrides: Partial<ScanDeps> = {}) {
  const deps: ScanDeps = {
    env: process.env,
    clientsFor: defaultClientsFor,
    assumeRole: defaultAssumeRole,
    clock: () => new Date(),
    tools: overrides.tools ?? defaultTools(overrides.env ?? process.env),
    ...overrides,
  };
  const { logger, metrics, tracer } = deps.tools;
  let cold:
    | {
        env: z.output<typeof ScanHandlerEnv>;
        store: FindingsStore;
        config: () => Promise<PerfscanConfig>;
        lambda?: LambdaClient;
      }
    | undefined;
  let identity: Promise<Identity> | undefined;

  const init = () => {
    if (cold) return cold;
    const env = parseEnv(ScanHandlerEnv, deps.env);
    const table =
      deps.store ??
      new DynamoStore({
        tableName: env.TABLE_NAME,
        client: deps.dynamo ?? tracer.captureAWSv3Client(new DynamoDBClient({})),
        findingsTtlDays: env.FINDINGS_TTL_DAYS,
      });
    // Each unit's snapshot goes to S3 beside its findings, so the scan can be re-judged later.
    const store = env.SNAPSHOT_BUCKET
      ? withSnapshots(
          table,
          new S3SnapshotStore(
            deps.s3 ?? tracer.captureAWSv3Client(new S3Client({ maxAttempts: 5 })),
            env.SNAPSHOT_BUCKET,
          ),
        )
      : table;
    const ssm = deps.ssm ?? tracer.captureAWSv3Client(new SSMClient({}));
    cold = { env, store, config: once(() => loadConfigFromSsm(ssm, env.CONFIG_PARAMETER_NAME)) };
    if (env.PRICING_FUNCTION_NAME) {
      // Extra attempts: the Pricing function's small reserved concurrency throttles a large fan-out, and the
      // SDK's standard retry (with backoff) is what spreads it out.
      cold.lambda =
        deps.lambda ??
        tracer.captureAWSv3Client(
          new LambdaClient({ maxAttempts: PRICING_INVOKE_ATTEMPTS, retryMode: 'standard' }),
        );
    }
    return cold;
  };

  return async function handler(event: unknown, context?: Context): Promise<ScanResultPayload> {
    return inHandlerSegment(tracer, 'scan', () => run(event, context));
  };

  async function run(event: unknown, context?: Context): Promise<ScanResultPayload> {
    try {
      const ev = parseEvent(ScanEvent, event, 'Scan');
      const { env, store, config, lambda } = init();
      if (context) logger.addContext(context);
      logger.appendKeys({ scanId: ev.scanId, unit: ev.unit });
      tracer.putAnnotation('scanId', ev.scanId);
      tracer.putAnnotation('unit', ev.unit);
      const cfg = await config();

      const header = await store.getScanHeader(ev.scanId);
      if (!header) {
        throw new Error(
          `Scan ${ev.scanId} has no header in table ${env.TABLE_NAME}. Fix: start runs through the state machine (its Plan step writes the header).`,
        );
      }
      const unit = parseUnitKey(ev.unit);
      // The header stays small (the unit list lives in S3), so the check is against the scan's scope.
      const outOfScope =
        !header.accounts.includes(unit.accountId) ||
        (header.scope.regions !== undefined && !header.scope.regions.includes(unit.region));
      if (outOfScope || (header.plannedUnits && !header.plannedUnits.includes(ev.unit))) {
        throw new Error(
          `Unit ${ev.unit} was not planned for scan ${ev.scanId} (accounts: ${header.accounts.length}, regions: ${header.scope.regions?.join(', ') ?? 'all enabled'}).`,
        );
      }
      // A rescore (Plan with action 'rescore'): re-judge the original's stored snapshot, read no account.
      if (header.rescoreOf) {
        if (!env.SNAPSHOT_BUCKET)
          throw new Error(
            `Scan ${ev.scanId} is a rescore, but SNAPSHOT_BUCKET is not set: the unit's snapshot is read from it. Fix: deploy the stack (it sets the run bucket).`,
          );
        const { summary, reevaluated } = await rescoreUnit({
          store,
          original: { scanId: header.rescoreOf.scanId, startedAt: header.startedAt },
          scanId: ev.scanId,
          unit,
          ...(cfg.thresholds ? { thresholds: cfg.thresholds } : {}),
          ...(cfg.suppressions ? { suppressions: cfg.suppressions } : {}),
        });
        metrics.addMetric('Findings', MetricUnit.Count, summary.findingCounts.fail);
        logger.info('unit rescored', {
          rescoreOf: header.rescoreOf.scanId,
          reevaluated,
          status: summary.status,
          findings: summary.findingCounts,
        });
        return { unit: ev.unit, status: summary.status, findings: summary.findingCounts };
      }
      const services = (header.scope.services ?? [...SERVICES]) as ServiceName[];
      const homeRegion = env.AWS_REGION ?? unit.region;
      const allowedActions = new Set(requiredIamActions(services));

      identity ??= ownIdentity(context, () =>
        traced(deps.clientsFor({ region: homeRegion, allowedActions }), tracer),
      ).catch((err: unknown) => {
        identity = undefined;
        throw err;
      });
      const own = await identity;
      const roleArn =
        unit.accountId === own.accountId
          ? undefined
          : memberRoleArn(own.partition, unit.accountId, env.MEMBER_ROLE_NAME);
      const now = deps.clock();

      let credentials: AwsCredentialIdentityProvider | undefined;
      if (roleArn) {
        credentials = deps.assumeRole({
          roleArn,
          region: unit.region,
          sessionName: 'perfscan-scan',
          ...(env.EXTERNAL_ID ? { externalId: env.EXTERNAL_ID } : {}),
        });
        try {
          await credentials();
        } catch (err) {
          // Keep the reason for the digest; the throw lets Step Functions retry (a success overwrites this).
          const reason = `Could not assume ${roleArn}: ${errorText(err)}`;
          await store
            .putUnit(failedUnitSummary(ev.scanId, unit, services, reason, now), [])
            .catch(() => undefined);
          throw err;
        }
      }

      const clients = traced(
        deps.clientsFor({
          region: unit.region,
          accountId: unit.accountId,
          allowedActions,
          ...(credentials ? { credentials } : {}),
        }),
        tracer,
      );
      // The same unit of the scan Plan chose to compare with gives the unit's diff and `new` marks.
      const previous = header.previousScanId ? await store.getScanHeader(header.previousScanId) : undefined;
      try {
        const { summary } = await scanUnit(
          { ...unit, ...(roleArn ? { roleArn } : {}) },
          {
            scanId: ev.scanId,
            services,
            clients,
            now,
            scanTime: now,
            windowDays: cfg.windowDays ?? env.WINDOW_DAYS,
            ...(cfg.thresholds ? { thresholds: cfg.thresholds } : {}),
            ...(cfg.suppressions ? { suppressions: cfg.suppressions } : {}),
            ...(cfg.savings?.costOptimizationHub ? { costOptimizationHub: true } : {}),
            store,
            startedAt: header.startedAt,
            ...(previous ? { previous: { scanId: previous.scanId, startedAt: previous.startedAt } } : {}),
            // List prices from the Pricing function (lib/pricing/remote.ts), when the stack has one.
            ...(lambda && env.PRICING_FUNCTION_NAME
              ? { pricing: new RemoteSavings(lambdaInvoker(lambda, env.PRICING_FUNCTION_NAME)) }
              : {}),
          },
        );
        metrics.addMetric('UnitDurationMs', MetricUnit.Milliseconds, summary.durationMs);
        metrics.addMetric('ApiCalls', MetricUnit.Count, summary.apiCalls);
        metrics.addMetric('Throttles', MetricUnit.Count, summary.throttles);
        metrics.addMetric('Findings', MetricUnit.Count, summary.findingCounts.fail);
        metrics.addMetric('Gaps', MetricUnit.Count, summary.gaps.length);
        const log = summary.status === 'ok' ? logger.info.bind(logger) : logger.warn.bind(logger);
        log('unit scanned', {
          status: summary.status,
          durationMs: summary.durationMs,
          apiCalls: summary.apiCalls,
          throttles: summary.throttles,
          gaps: summary.gaps.length,
          findings: summary.findingCounts,
          ...(summary.error ? { error: summary.error } : {}),
        });
        return { unit: ev.unit, status: summary.status, findings: summary.findingCounts };
      } finally {
        clients.destroy();
      }
    } catch (err) {
      logger.error('unit scan failed', { error: errorText(err) });
      throw err;
    } finally {
      metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  }
}

export const handler = makeScanHandler();
