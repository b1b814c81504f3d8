/**
 * What the deployed stack runs after a scan's digest when `integrations.securityHub.enabled` is set: the same
 * Security Hub export as `perfscan export --to securityhub`. The caller (the Digest Lambda) passes the
 * Security Hub client of each account it may send for: its own account's always; a member account's only
 * when the member role allows `securityhub:BatchImportFindings` and `securityhub:GetFindings` (Security Hub
 * takes an account's findings under the default product only from that account).
 */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { PerfscanConfig } from '#lib/config/schema.js';
import type { ScanHeader } from '#lib/model/index.js';
import type { FindingsStore } from '#lib/store/types.js';
import { defaultProductArn } from './asff.js';
import { exportToSecurityHub, type SecurityHubExportResult } from './securityhub.js';

export { SECURITY_HUB_ACTIONS } from './securityhub.js';

export function securityHubEnabled(config: Pick<PerfscanConfig, 'integrations'>): boolean {
  return config.integrations?.securityHub?.enabled === true;
}

export async function securityHubAfterScan(opts: {
  config: Pick<PerfscanConfig, 'integrations'>;
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
            skip: `no Security Hub sender for ${accountId} (its member role does not allow securityhub:BatchImportFindings)`,
          };
    },
  });
}
