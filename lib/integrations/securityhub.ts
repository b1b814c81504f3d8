/**
 * Send a stored scan's failing findings to Security Hub (BatchImportFindings) and archive the ones perfscan
 * sent earlier that the scan shows resolved. Unit by unit: one unit's findings and its earlier Security Hub
 * findings in memory, never the whole scan.
 *
 * Per unit:
 * 1. read the ACTIVE findings perfscan sent earlier for this unit (GetFindings filtered by the product ARN,
 *    the account and the `perfscan/Unit` product field, 100 a page), to keep their CreatedAt;
 * 2. send every failing, unsuppressed finding as ACTIVE/FAILED under its stable Id (an update, never a
 *    duplicate, when the Id exists);
 * 3. archive each earlier ACTIVE finding that this scan resolves: RecordState ARCHIVED with
 *    Compliance.Status PASSED when the check now passes, or the resource is gone from a unit whose service
 *    was read without a gap; Compliance FAILED when a live suppression hides it. BatchImportFindings cannot
 *    change Workflow once a finding exists, so RecordState and Compliance carry the resolution.
 *    A check that is `unknown` or `error` now, or a unit that failed, leaves the finding as it was: no data
 *    is not a resolution.
 * BatchImportFindings takes at most 100 findings a call; findings it reports as failed with a transient
 * error are sent again (with backoff), the others are reported.
 */
import {
  BatchImportFindingsCommand,
  paginateGetFindings,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { Finding, ScanHeader, UnitSummary } from '#lib/model/index.js';
import { debtEntryKey } from '#lib/model/index.js';
import type { FindingsStore } from '#lib/store/types.js';
import { ASFF_LIMITS, FIELD, archived, asffFindingId, defaultProductArn, toAsff } from './asff.js';
import { findingsByUnit, firstSeenInUnit, isExported } from './stream.js';

/** IAM actions the export needs in each account it sends for. */
export const SECURITY_HUB_ACTIONS = ['securityhub:BatchImportFindings', 'securityhub:GetFindings'] as const;

export interface AccountSender {
  client: SecurityHubClient;
  /** Product the account's findings are imported under (default: the account's default product). */
  productArn: string;
}

export interface SecurityHubExportOptions {
  store: FindingsStore;
  header: ScanHeader;
  /** Region of the Security Hub the findings go to. */
  region: string;
  /**
   * The client that sends one account's findings, or a reason why that account cannot be sent (with the
   * default product ARN, Security Hub only accepts an account's findings from that account itself).
   */
  senderFor(accountId: string): Promise<AccountSender | { skip: string }>;
  now?: () => Date;
  toolVersion?: string;
  /** Extra attempts for findings BatchImportFindings reports as failed with a transient error (default 3). */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface AccountExportResult {
  accountId: string;
  productArn?: string;
  /** Failing findings sent as ACTIVE (new or updated). */
  sent: number;
  /** Of those, findings Security Hub already had (updated in place). */
  updated: number;
  /** Earlier findings archived because this scan resolves them. */
  archived: number;
  /** Earlier findings left as they were because this scan could not judge them (unknown, error, gap). */
  keptUnjudged: number;
  failed: { id: string; code: string; message: string }[];
  skipped?: string;
}

export interface SecurityHubExportResult {
  accounts: AccountExportResult[];
  batchImportCalls: number;
  getFindingsCalls: number;
}

const PERMANENT = /Invalid|Validation|AccessDenied|NotAuthorized|Unauthorized|Unrecognized/i;

/** Why an earlier ACTIVE finding is resolved by this unit's results, or undefined when it is not (yet) judged. */
export function resolution(
  previous: AwsSecurityFinding,
  current: Finding | undefined,
  unit: Pick<UnitSummary, 'status' | 'gaps'>,
): { compliance: 'PASSED' | 'FAILED'; reason: string } | undefined {
  if (current) {
    if (current.status === 'pass') return { compliance: 'PASSED', reason: 'the check passes' };
    if (current.status === 'fail' && current.suppressedBy)
      return {
        compliance: 'FAILED',
        reason: `suppressed by ${current.suppressedBy.owner} until ${current.suppressedBy.expires}: ${current.suppressedBy.reason}`,
      };
    return undefined; // still failing (sent again), or unknown / error: no judgement
  }
  if (unit.status === 'failed') return undefined;
  const service = previous.ProductFields?.[FIELD.service];
  const blind = unit.gaps.some(
    (g) => g.service === 'account' || (service !== undefined && g.service === service),
  );
  if (blind) return undefined;
  return { compliance: 'PASSED', reason: 'the resource no longer exists' };
}

export async function exportToSecurityHub(opts: SecurityHubExportOptions): Promise<SecurityHubExportResult> {
  const now = opts.now ?? (() => new Date());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retries = opts.retries ?? 3;
  const toolVersion = opts.toolVersion ?? opts.header.toolVersion;
  const result: SecurityHubExportResult = { accounts: [], batchImportCalls: 0, getFindingsCalls: 0 };

  let acct: AccountExportResult | undefined;
  let sender: AccountSender | undefined;
  let pending: AwsSecurityFinding[] = [];

  const send = async (records: AwsSecurityFinding[], a: AccountExportResult, s: AccountSender) => {
    let todo = records;
    for (let attempt = 0; todo.length > 0; attempt++) {
      result.batchImportCalls++;
      const out = await s.client.send(new BatchImportFindingsCommand({ Findings: todo }));
      const failed = out.FailedFindings ?? [];
      if (failed.length === 0) return;
      const byId = new Map(todo.map((r) => [r.Id, r]));
      const retry: AwsSecurityFinding[] = [];
      for (const f of failed) {
        const code = f.ErrorCode ?? 'Unknown';
        const record = byId.get(f.Id);
        if (record && attempt < retries && !PERMANENT.test(code)) retry.push(record);
        else a.failed.push({ id: f.Id ?? '?', code, message: f.ErrorMessage ?? '' });
      }
      todo = retry;
      if (todo.length > 0) await sleep(Math.min(20_000, 500 * 2 ** attempt));
    }
  };
  const flush = async (all: boolean) => {
    if (!acct || !sender) return;
    while (pending.length >= ASFF_LIMITS.batch || (all && pending.length > 0)) {
      const batch = pending.slice(0, ASFF_LIMITS.batch);
      pending = pending.slice(batch.length);
      await send(batch, acct, sender);
    }
  };

  for await (const { unit, findings } of findingsByUnit(opts.store, opts.header.scanId)) {
    if (!acct || acct.accountId !== unit.accountId) {
      await flush(true);
      acct = { accountId: unit.accountId, sent: 0, updated: 0, archived: 0, keptUnjudged: 0, failed: [] };
      result.accounts.push(acct);
      const s = await opts.senderFor(unit.accountId);
      if ('skip' in s) {
        acct.skipped = s.skip;
        sender = undefined;
      } else {
        sender = s;
        acct.productArn = s.productArn;
      }
    }
    if (!sender) continue;
    const unitKey = `${unit.accountId}/${unit.region}`;
    const firstSeen = await firstSeenInUnit(opts.store, unit);

    // 1. What perfscan sent earlier for this unit and is still ACTIVE.
    const earlier = new Map<string, AwsSecurityFinding>();
    const pages = paginateGetFindings(
      { client: sender.client, pageSize: 100 },
      {
        Filters: {
          ProductArn: [{ Value: sender.productArn, Comparison: 'EQUALS' }],
          AwsAccountId: [{ Value: unit.accountId, Comparison: 'EQUALS' }],
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          ProductFields: [{ Key: FIELD.unit, Value: unitKey, Comparison: 'EQUALS' }],
        },
        MaxResults: 100,
      },
    );
    for await (const page of pages) {
      result.getFindingsCalls++;
      for (const f of page.Findings ?? []) if (f.Id) earlier.set(f.Id, f);
    }

    // 2. Failing findings, under their stable ids.
    const updatedAt = now().toISOString();
    const current = new Map<string, Finding>();
    for (const f of findings) {
      const id = asffFindingId(f);
      current.set(id, f);
      if (!isExported(f)) continue;
      const prev = earlier.get(id);
      const created = prev?.CreatedAt ?? firstSeen.get(debtEntryKey(f));
      pending.push(
        toAsff(f, {
          productArn: sender.productArn,
          scanId: opts.header.scanId,
          observedAt: opts.header.startedAt,
          updatedAt,
          ...(created ? { createdAt: created } : {}),
          unit: unitKey,
          toolVersion,
          ...(unit.global ? { globalRegion: unit.region } : {}),
        }),
      );
      acct.sent++;
      if (prev) acct.updated++;
      earlier.delete(id);
    }

    // 3. Earlier findings this scan resolves.
    for (const [id, prev] of earlier) {
      const why = resolution(prev, current.get(id), unit);
      if (!why) {
        acct.keptUnjudged++;
        continue;
      }
      pending.push(archived(prev, { updatedAt, scanId: opts.header.scanId, ...why }));
      acct.archived++;
    }
    await flush(false);
  }
  await flush(true);
  return result;
}

export { defaultProductArn };
