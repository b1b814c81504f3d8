/**
 * What the deployed stack runs after a scan's digest, each behind its own config switch (off by default):
 * - `integrations.securityHub.enabled`: the same Security Hub export as `perfscan export --to securityhub`.
 *   The caller (the Digest Lambda) passes the Security Hub client of each account it may send for: its own
 *   account's; a member account's only when it can send as that account (Security Hub takes an account's
 *   findings under the default product only from that account).
 * - `integrations.wellArchitected.enabled`: the same sync as `perfscan wa sync --workload NAME`.
 * A failing integration never fails the run: the step that runs it reports it (IntegrationsReport).
 */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { WellArchitectedClient } from '@aws-sdk/client-wellarchitected';
import type { PerfscanConfig } from '#lib/config/schema.js';
import type { ScanHeader } from '#lib/model/index.js';
import type { FindingsStore } from '#lib/store/types.js';
import { defaultProductArn } from './asff.js';
import { exportToSecurityHub, type SecurityHubExportResult } from './securityhub.js';
import { lensAnswers, type AccountScore } from './wa/answers.js';
import { buildLens } from './wa/lens.js';
import { syncWorkload, type WaSyncResult } from './wa/sync.js';

export { SECURITY_HUB_ACTIONS } from './securityhub.js';
export { WA_SYNC_ACTIONS } from './wa/sync.js';

type IntegrationsConfig = Pick<PerfscanConfig, 'integrations'>;

export function securityHubEnabled(config: IntegrationsConfig): boolean {
  return config.integrations?.securityHub?.enabled === true;
}

export function wellArchitectedEnabled(config: IntegrationsConfig): boolean {
  return config.integrations?.wellArchitected?.enabled === true;
}

export async function securityHubAfterScan(opts: {
  config: IntegrationsConfig;
  store: FindingsStore;
  header: ScanHeader;
  /** The stack's region: where findings go unless the config names another. */
  stackRegion: string;
  /** Security Hub client for an account in a region, or undefined when that account cannot be sent for. */
  clientFor(accountId: string, region: string): Promise<SecurityHubClient | undefined>;
  now?: () => Date;
}): Promise<SecurityHubExportResult | undefined> {
  if (!securityHubEnabled(opts.config)) return undefined;
  const region = opts.config.integrations?.securityHub?.region ?? opts.stackRegion;
  return exportToSecurityHub({
    store: opts.store,
    header: opts.header,
    region,
    ...(opts.now ? { now: opts.now } : {}),
    senderFor: async (accountId) => {
      const client = await opts.clientFor(accountId, region);
      return client
        ? { client, productArn: defaultProductArn(accountId, region) }
        : {
            skip: `no Security Hub sender for ${accountId}: Security Hub takes an account's findings only from that account (run \`perfscan export --to securityhub --role-name R\` for member accounts)`,
          };
    },
  });
}

export async function wellArchitectedAfterScan(opts: {
  config: IntegrationsConfig;
  header: ScanHeader;
  accounts: readonly AccountScore[];
  stackRegion: string;
  clientFor(region: string): WellArchitectedClient;
  sleep?: (ms: number) => Promise<void>;
}): Promise<WaSyncResult | undefined> {
  const wa = opts.config.integrations?.wellArchitected;
  if (!wa?.enabled) return undefined;
  return syncWorkload({
    client: opts.clientFor(wa.region ?? opts.stackRegion),
    workloadName: wa.workload,
    lens: buildLens(wa.lensName ? { name: wa.lensName } : {}),
    answers: lensAnswers(opts.accounts, opts.header.scanId),
    scanId: opts.header.scanId,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
}

/** What the deployed steps report about their integrations: counts and errors, never finding text. */
export interface IntegrationsReport {
  securityHub?:
    | { state: 'sent'; sent: number; archived: number; failed: number; skippedAccounts: number }
    | { state: 'failed'; error: string };
  wellArchitected?:
    | {
        state: 'synced';
        workloadId: string;
        lensVersion: string;
        milestone: string;
        milestoneCreated: boolean;
      }
    | { state: 'failed'; error: string };
}
