/**
 * Integrations Lambda: the Security Hub export after each scan's digest (`integrations.securityHub.enabled`;
 * the stack adds this step only then). The same export as `perfscan export --to securityhub`: the scan's
 * failing findings sent under this account's default product, findings resolved since the last export
 * archived, unit by unit from the table. Security Hub takes an account's findings under the default product
 * only from that account, so member accounts' findings are reported as skipped. A failing export is reported
 * (result, log, `IntegrationFailures` metric), never thrown: the scan and its digest are already stored.
 * Its own package: the Security Hub SDK client does not fit the Digest's size budget.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { IntegrationsEnv, parseEnv } from '#lib/config/function-env.js';
import { errorText } from '#lib/engine/scan.js';
import {
  securityHubAfterScan,
  securityHubEnabled,
  type IntegrationsReport,
} from '#lib/integrations/after-scan.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import type { FindingsStore } from '#lib/store/types.js';
import {
  ScanIdSchema,
  defaultTools,
  inHandlerSegment,
  loadConfigFromSsm,
  parseEvent,
  type Tools,
} from './shared.js';

export const IntegrationsEvent = z.object({ scanId: ScanIdSchema });

export interface IntegrationsResult {
  scanId: string;
  securityHub: NonNullable<IntegrationsReport['securityHub']> | { state: 'off' };
}

export interface IntegrationsDeps {
  env: Record<string, string | undefined>;
  store?: FindingsStore;
  dynamo?: DynamoDBClient;
  ssm?: SSMClient;
  sts?: STSClient;
  securityHub?: (region: string) => SecurityHubClient;
  clock: () => Date;
  tools: Tools;
}

const CLIENT_CONFIG = { maxAttempts: 5, retryMode: 'standard' } as const;
const MAX_ERROR_CHARS = 500;

export function makeIntegrationsHandler(overrides: Partial<IntegrationsDeps> = {}) {
  const deps: IntegrationsDeps = {
    env: process.env,
    clock: () => new Date(),
    tools: overrides.tools ?? defaultTools(overrides.env ?? process.env),
    ...overrides,
  };
  const { logger, metrics, tracer } = deps.tools;
  const hubs = new Map<string, SecurityHubClient>();
  let own: Promise<string | undefined> | undefined;

  const ownAccount = (context?: Context) => {
    const fromArn = context?.invokedFunctionArn?.split(':')[4];
    if (fromArn && /^\d{12}$/.test(fromArn)) return Promise.resolve(fromArn);
    return (own ??= (deps.sts ?? tracer.captureAWSv3Client(new STSClient(CLIENT_CONFIG)))
      .send(new GetCallerIdentityCommand({}))
      .then((r) => r.Account));
  };

  return async function handler(event: unknown, context?: Context): Promise<IntegrationsResult> {
    return inHandlerSegment(tracer, 'integrations', () => run(event, context));
  };

  async function run(event: unknown, context?: Context): Promise<IntegrationsResult> {
    const ev = parseEvent(IntegrationsEvent, event, 'Integrations');
    const env = parseEnv(IntegrationsEnv, deps.env);
    if (context) logger.addContext(context);
    logger.appendKeys({ scanId: ev.scanId });
    try {
      const config = await loadConfigFromSsm(
        deps.ssm ?? tracer.captureAWSv3Client(new SSMClient({})),
        env.CONFIG_PARAMETER_NAME,
      );
      if (!securityHubEnabled(config)) return { scanId: ev.scanId, securityHub: { state: 'off' } };
      const store =
        deps.store ??
        new DynamoStore({
          tableName: env.TABLE_NAME,
          client: deps.dynamo ?? tracer.captureAWSv3Client(new DynamoDBClient({})),
        });
      const header = await store.getScanHeader(ev.scanId);
      if (!header) throw new Error(`Scan ${ev.scanId} has no header in table ${env.TABLE_NAME}.`);
      const me = await ownAccount(context);
      const r = await securityHubAfterScan({
        config,
        store,
        header,
        stackRegion: env.AWS_REGION,
        now: deps.clock,
        clientFor: async (accountId, region) => {
          if (accountId !== me) return undefined;
          let c = hubs.get(region);
          if (!c) {
            c =
              deps.securityHub?.(region) ??
              tracer.captureAWSv3Client(new SecurityHubClient({ region, ...CLIENT_CONFIG }));
            hubs.set(region, c);
          }
          return c;
        },
      });
      const accounts = r?.accounts ?? [];
      const out = {
        state: 'sent' as const,
        sent: accounts.reduce((n, a) => n + a.sent, 0),
        archived: accounts.reduce((n, a) => n + a.archived, 0),
        failed: accounts.reduce((n, a) => n + a.failed.length, 0),
        skippedAccounts: accounts.filter((a) => a.skipped).length,
      };
      metrics.addMetric('SecurityHubFindingsSent', MetricUnit.Count, out.sent);
      metrics.addMetric('IntegrationFailures', MetricUnit.Count, out.failed > 0 ? 1 : 0);
      for (const a of accounts.filter((x) => x.skipped))
        logger.warn('account not sent', { account: a.accountId, why: a.skipped });
      logger.info('security hub export', {
        ...out,
        calls: { batchImport: r?.batchImportCalls, getFindings: r?.getFindingsCalls },
      });
      return { scanId: ev.scanId, securityHub: out };
    } catch (err) {
      const error = errorText(err).slice(0, MAX_ERROR_CHARS);
      logger.error('security hub export failed', { error });
      metrics.addMetric('IntegrationFailures', MetricUnit.Count, 1);
      return { scanId: ev.scanId, securityHub: { state: 'failed', error } };
    } finally {
      metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  }
}

export const handler = makeIntegrationsHandler();
