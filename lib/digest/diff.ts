/**
 * Compare the failing findings of two scans by findingKey. "Failing" means status `fail` and not hidden by a
 * live suppression. A finding that failed before and is missing now is only `resolved` when the current
 * scan proves it (see assess.ts); otherwise it is `unassessed` or `suppressed`.
 */
import { SEVERITY_RANK, findingKey } from '#lib/model/index.js';
import type { Finding } from '#lib/model/index.js';
import { ScanIndex } from './assess.js';
import type { ScannedUnit } from './assess.js';
import type { FindingRef } from './types.js';

export interface FindingDiff {
  new: Finding[];
  resolved: Finding[]; // the previous scan's finding
  persisting: Finding[]; // the current scan's finding
  unassessed: Finding[]; // the previous scan's finding
  suppressed: Finding[]; // the current scan's finding
}

export function isFailing(f: Finding): boolean {
  return f.status === 'fail' && f.suppressedBy === undefined;
}

/** Most severe first, then check, then key: the order every list in a digest uses. */
export function compareFindings(a: Finding, b: Finding): number {
  const s = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (s !== 0) return s;
  const ka = findingKey(a);
  const kb = findingKey(b);
  return a.control < b.control ? -1 : a.control > b.control ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0;
}

function failingByKey(findings: readonly Finding[]): Map<string, Finding> {
  const m = new Map<string, Finding>();
  for (const f of findings) if (isFailing(f)) m.set(findingKey(f), f);
  return m;
}

export function diffFindings(
  previous: readonly Finding[],
  current: readonly Finding[],
  currentUnits: readonly ScannedUnit[],
): FindingDiff {
  const prev = failingByKey(previous);
  const cur = failingByKey(current);
  const index = new ScanIndex(current, currentUnits);
  const out: FindingDiff = { new: [], resolved: [], persisting: [], unassessed: [], suppressed: [] };
  for (const [k, f] of cur) (prev.has(k) ? out.persisting : out.new).push(f);
  for (const [k, f] of prev) {
    if (cur.has(k)) continue;
    const a = index.assess(f);
    if (a === 'pass' || a === 'gone') out.resolved.push(f);
    else if (a === 'suppressed') out.suppressed.push(index.finding(f) ?? f);
    else out.unassessed.push(f);
  }
  for (const list of Object.values(out)) list.sort(compareFindings);
  return out;
}

export function toRef(f: Finding): FindingRef {
  const ref: FindingRef = {
    key: findingKey(f),
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    accountId: f.accountId,
    region: f.region,
    resourceId: f.resourceId,
  };
  if (f.resourceName !== undefined) ref.resourceName = f.resourceName;
  return ref;
}
