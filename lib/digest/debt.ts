/**
 * The performance-debt register (WAF-PERF-100): one entry per (account, check, region, resource) that ever
 * failed, carried from scan to scan. Pure and deterministic: the same inputs give the same register, and
 * applying the same scan twice changes nothing (the digest may re-apply it safely).
 *
 * Transitions, per entry:
 *   (none)     --fail-->        open        (firstSeen = lastSeen = scan start)
 *   open       --fail-->        open        (lastSeen, ageDays updated)
 *   open       --pass / gone--> resolved    (only when the check ran on a scanned unit)
 *   resolved   --fail-->        open        (reopened + 1)
 *   any        --suppressed-->  suppressed
 *   suppressed --fail-->        open        (the suppression expired or was removed; not a reopening)
 * A failed unit, a gap on the check's service, or an unknown/error result leaves the entry as it was.
 */
import { findingKey } from '#lib/model/index.js';
import type { DebtEntry, Finding } from '#lib/model/index.js';
import { ScanIndex } from './assess.js';
import { savingsSourceOf } from './problems.js';
import type { ScannedUnit } from './assess.js';

export interface DebtScan {
  scanId: string;
  startedAt: string;
  units: ScannedUnit[];
}

const DAY_MS = 86_400_000;

export function daysBetween(fromIso: string, toIso: string): number {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  return Number.isFinite(ms) && ms > 0 ? Math.floor(ms / DAY_MS) : 0;
}

/** Sort order of the register: stable across runs and stores. */
export function compareDebt(a: DebtEntry, b: DebtEntry): number {
  return (
    cmp(a.accountId, b.accountId) ||
    cmp(a.checkId, b.checkId) ||
    cmp(a.region, b.region) ||
    cmp(a.resourceId, b.resourceId)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function debtKey(e: Pick<DebtEntry, 'accountId' | 'region' | 'checkId' | 'resourceId'>): string {
  return findingKey(e);
}

/** Fields an entry copies from its latest failing finding (names and severities can change). */
function fromFinding(
  f: Finding,
): Pick<
  DebtEntry,
  | 'resourceName'
  | 'control'
  | 'severity'
  | 'title'
  | 'impact'
  | 'estimatedMonthlySavingsUsd'
  | 'savingsSource'
> {
  const out: ReturnType<typeof fromFinding> = { control: f.control, severity: f.severity, title: f.title };
  if (f.resourceName !== undefined) out.resourceName = f.resourceName;
  if (f.remediation.impact !== undefined) out.impact = f.remediation.impact;
  if (f.remediation.estimatedMonthlySavingsUsd !== undefined) {
    out.estimatedMonthlySavingsUsd = f.remediation.estimatedMonthlySavingsUsd;
    out.savingsSource = savingsSourceOf(f);
  }
  return out;
}

function withoutOptional(e: DebtEntry, ...keys: (keyof DebtEntry)[]): DebtEntry {
  const copy = { ...e };
  for (const k of keys) delete copy[k];
  return copy;
}

export function updateDebtRegister(existing: DebtEntry[], findings: Finding[], scan: DebtScan): DebtEntry[] {
  const index = new ScanIndex(findings, scan.units);
  const at = scan.startedAt;
  const out = new Map<string, DebtEntry>();
  for (const e of existing) out.set(debtKey(e), { ...e });

  // Failing findings (suppressed or not) create or refresh entries.
  for (const f of findings) {
    if (f.status !== 'fail') continue;
    const key = findingKey(f);
    // Duplicates of a key: the index holds the one that counts.
    if (index.finding(f) !== f) continue;
    const suppressed = f.suppressedBy !== undefined;
    const prev = out.get(key);
    if (!prev) {
      out.set(key, {
        accountId: f.accountId,
        checkId: f.checkId,
        region: f.region,
        resourceId: f.resourceId,
        ...fromFinding(f),
        firstSeen: at,
        lastSeen: at,
        status: suppressed ? 'suppressed' : 'open',
        reopened: 0,
        lastScanId: scan.scanId,
        ageDays: 0,
      });
      continue;
    }
    // A scan older than what the entry already knows (a replay) must not move it backwards.
    if (prev.lastSeen > at || (prev.resolvedAt !== undefined && prev.resolvedAt > at)) continue;
    const reopening = prev.status === 'resolved' && !suppressed;
    const base = withoutOptional(
      prev,
      'resolvedAt',
      'resourceName',
      'impact',
      'estimatedMonthlySavingsUsd',
      'savingsSource',
    );
    out.set(key, {
      ...base,
      ...fromFinding(f),
      lastSeen: at,
      status: suppressed ? 'suppressed' : 'open',
      reopened: prev.reopened + (reopening ? 1 : 0),
      lastScanId: scan.scanId,
      ageDays: daysBetween(prev.firstSeen, at),
    });
  }

  // Entries without a failing finding: resolved only when the scan proves it.
  for (const [key, e] of out) {
    if (e.status === 'resolved' || e.lastScanId === scan.scanId) continue;
    if (e.lastSeen > at) continue;
    const a = index.assess(e);
    if (a === 'pass' || a === 'gone') {
      out.set(key, {
        ...e,
        status: 'resolved',
        resolvedAt: at,
        lastScanId: scan.scanId,
        ageDays: daysBetween(e.firstSeen, at),
      });
    }
  }

  return [...out.values()].sort(compareDebt);
}
