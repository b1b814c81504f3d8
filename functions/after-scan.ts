/**
 * The Digest step's Well-Architected Tool sync, after the digest is built and stored: the same as
 * `perfscan wa sync --workload NAME`, behind its config switch (`integrations.wellArchitected.enabled`; off
 * by default, and then no client is made and no call sent). It runs here because it answers from the
 * digest's per-account scores. The Security Hub export runs in its own step (functions/actions.ts): it reads
 * the stored findings, not the digest, and its SDK client would not fit this package's size budget.
 */
import { WellArchitectedClient } from '@aws-sdk/client-wellarchitected';
import type { PerfscanConfig } from '#lib/config/schema.js';
import type { Digest } from '#lib/digest/types.js';
import type { AccountScore } from '#lib/integrations/wa/answers.js';
import {
  wellArchitectedAfterScan,
  wellArchitectedEnabled,
  type IntegrationsReport,
} from '#lib/integrations/after-scan.js';
import type { ScanHeader } from '#lib/model/index.js';

const CLIENT_CONFIG = { maxAttempts: 5, retryMode: 'standard' } as const;

export interface AfterScanDeps {
  /** The stack's region (Lambda sets AWS_REGION). */
  region: string;
  wellArchitected?: (region: string) => WellArchitectedClient;
  sleep?: (ms: number) => Promise<void>;
}

export function makeAfterScan(deps: AfterScanDeps) {
  const clients = new Map<string, WellArchitectedClient>();
  return async function afterScan(
    config: PerfscanConfig,
    header: ScanHeader,
    digest: Digest,
    /** Every account's score when the digest keeps only some sections (Digest.organization). */
    scores?: readonly AccountScore[],
  ): Promise<IntegrationsReport | undefined> {
    if (!wellArchitectedEnabled(config)) return undefined;
    try {
      const r = await wellArchitectedAfterScan({
        config,
        header,
        accounts: scores ?? digest.accounts.map((a) => ({ accountId: a.accountId, score: a.score })),
        stackRegion: deps.region,
        clientFor: (region) => {
          let c = clients.get(region);
          if (!c) {
            c = deps.wellArchitected?.(region) ?? new WellArchitectedClient({ region, ...CLIENT_CONFIG });
            clients.set(region, c);
          }
          return c;
        },
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      return r
        ? {
            wellArchitected: {
              state: 'synced',
              workloadId: r.workloadId,
              lensVersion: r.lensVersion,
              milestone: r.milestone.name,
              milestoneCreated: r.milestone.created,
            },
          }
        : undefined;
    } catch (err) {
      const fix =
        err instanceof Error && 'fix' in err ? ` Fix: ${String((err as { fix: unknown }).fix)}` : '';
      const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return { wellArchitected: { state: 'failed', error: `${msg}${fix}`.slice(0, 500) } };
    }
  };
}
