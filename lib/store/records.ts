/**
 * The stored form of a unit's findings, shared by the DynamoDB and local-folder stores (DESIGN.md
 * "DynamoDB"): what every finding of a check repeats (title, service, control, default severity, remediation
 * text and documentation links) is stored once per check and unit; a finding keeps only what is its own.
 * `pass` results are compact: no evidence (they decided nothing to act on), the message says the state.
 * The account and the unit's region are in the record's key, not in each finding.
 */
import type {
  ChangeKind,
  ControlId,
  EvidenceItem,
  Finding,
  SavingsBasis,
  ServiceName,
  Severity,
  Status,
  Suppression,
} from '#lib/model/index.js';

/** Once per check and unit. */
export interface StoredCheck {
  title: string;
  service: ServiceName;
  control: ControlId;
  /** The severity most of its findings carry; a finding with another one says so. */
  severity: Severity;
  remediation: { text: string; docs: string[]; impact?: string; change?: ChangeKind[] };
}

/** One finding, without what its check and unit already say. */
export interface StoredFinding {
  checkId: string;
  resourceId: string;
  status: Status;
  resourceType: string;
  message: string;
  resourceName?: string;
  resourceArn?: string;
  /** Absent for `pass` (compact) and when empty. */
  evidence?: EvidenceItem[];
  /** Only when it differs from the check's. */
  severity?: Severity;
  title?: string;
  remediationText?: string;
  docs?: string[];
  impact?: string;
  /** Kinds of change, only when they differ from the check's (Compute Optimizer derives them per resource). */
  change?: ChangeKind[];
  estimatedMonthlySavingsUsd?: number;
  /** The saving's source and basis (lib/pricing), with `estimatedMonthlySavingsUsd`. */
  savings?: SavingsBasis;
  /** Only when it differs from the unit's region (global services: `global`). */
  region?: string;
  suppressedBy?: Suppression;
  expiredSuppression?: Suppression;
}

export interface StoredUnitFindings {
  checks: Record<string, StoredCheck>;
  findings: StoredFinding[];
}

function sameDocs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A check's shared part, from the first of its findings (the most common severity wins). */
function checkOf(list: readonly Finding[]): StoredCheck {
  const first = list[0] as Finding;
  const bySeverity = new Map<Severity, number>();
  for (const f of list) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  let severity = first.severity;
  for (const [s, n] of bySeverity) if (n > (bySeverity.get(severity) ?? 0)) severity = s;
  const remediation: StoredCheck['remediation'] = {
    text: first.remediation.text,
    docs: [...first.remediation.docs],
  };
  if (first.remediation.change) remediation.change = [...first.remediation.change];
  // The check's own impact text is the one most findings share; a per-resource impact is stored with it.
  const impacts = new Map<string | undefined, number>();
  for (const f of list) impacts.set(f.remediation.impact, (impacts.get(f.remediation.impact) ?? 0) + 1);
  let impact: string | undefined;
  let best = 0;
  for (const [i, n] of impacts) {
    if (n > best) {
      best = n;
      impact = i;
    }
  }
  if (impact !== undefined) remediation.impact = impact;
  return { title: first.title, service: first.service, control: first.control, severity, remediation };
}

/** Findings grouped by check (first-seen order), duplicates (check, resource) keeping the last one. */
function groupByCheck(findings: readonly Finding[]): Map<string, Finding[]> {
  // Keyed by the findings' own strings (no `check#resource` key made per finding: a large unit has ~100,000).
  const byCheck = new Map<string, Map<string, Finding>>();
  for (const f of findings) {
    const m = byCheck.get(f.checkId);
    if (m) m.set(f.resourceId, f);
    else byCheck.set(f.checkId, new Map([[f.resourceId, f]]));
  }
  return new Map([...byCheck].map(([checkId, m]) => [checkId, [...m.values()]]));
}

/**
 * Compact one unit's findings. Duplicate keys (check, resource) keep the last one, as the table would.
 * `unitRegion`: the region of the unit (findings of global checks carry `global`).
 */
export function compactFindings(unitRegion: string, findings: readonly Finding[]): StoredUnitFindings {
  const checks: Record<string, StoredCheck> = {};
  const out: StoredFinding[] = [];
  for (const [checkId, list] of groupByCheck(findings)) {
    const c = checkOf(list);
    checks[checkId] = c;
    for (const f of list) out.push(compactFinding(f, c, unitRegion));
  }
  return { checks, findings: out };
}

/**
 * The JSON text of `compactFindings(unitRegion, findings)`, in pieces (one per finding): the compact form of
 * a finding lives only while its text is made, so a unit's findings are never held twice.
 */
export function* compactFindingsJson(unitRegion: string, findings: readonly Finding[]): Generator<string> {
  const groups = groupByCheck(findings);
  const checks: Record<string, StoredCheck> = {};
  for (const [checkId, list] of groups) checks[checkId] = checkOf(list);
  yield `{"checks":${JSON.stringify(checks)},"findings":[`;
  let first = true;
  for (const [checkId, list] of groups) {
    const c = checks[checkId] as StoredCheck;
    for (const f of list) {
      yield `${first ? '' : ','}${JSON.stringify(compactFinding(f, c, unitRegion))}`;
      first = false;
    }
  }
  yield ']}';
}

export function compactFinding(f: Finding, c: StoredCheck, unitRegion: string): StoredFinding {
  const s: StoredFinding = {
    checkId: f.checkId,
    resourceId: f.resourceId,
    status: f.status,
    resourceType: f.resourceType,
    message: f.message,
  };
  if (f.resourceName !== undefined) s.resourceName = f.resourceName;
  if (f.resourceArn !== undefined) s.resourceArn = f.resourceArn;
  if (f.status !== 'pass' && f.evidence.length > 0) s.evidence = f.evidence;
  if (f.severity !== c.severity) s.severity = f.severity;
  if (f.title !== c.title) s.title = f.title;
  const r = f.remediation;
  if (r.text !== c.remediation.text) s.remediationText = r.text;
  if (!sameDocs(r.docs, c.remediation.docs)) s.docs = [...r.docs];
  if (r.impact !== c.remediation.impact && r.impact !== undefined) s.impact = r.impact;
  if (r.estimatedMonthlySavingsUsd !== undefined) s.estimatedMonthlySavingsUsd = r.estimatedMonthlySavingsUsd;
  if (r.savings) s.savings = r.savings;
  if (r.change && r.change.join() !== (c.remediation.change ?? []).join()) s.change = [...r.change];
  if (f.region !== unitRegion) s.region = f.region;
  if (f.suppressedBy) s.suppressedBy = f.suppressedBy;
  if (f.expiredSuppression) s.expiredSuppression = f.expiredSuppression;
  return s;
}

/** A stored finding back as a Finding (pass results come back with no evidence). */
export function expandFinding(
  accountId: string,
  unitRegion: string,
  checks: Readonly<Record<string, StoredCheck>>,
  s: StoredFinding,
): Finding {
  const c = checks[s.checkId];
  if (!c) {
    throw new Error(
      `Stored finding ${s.checkId}#${s.resourceId} of ${accountId}/${unitRegion} has no check record: the unit was written by an incompatible version; re-run the scan.`,
    );
  }
  const remediation: Finding['remediation'] = {
    text: s.remediationText ?? c.remediation.text,
    docs: s.docs ?? c.remediation.docs,
  };
  const impact = s.impact ?? c.remediation.impact;
  if (impact !== undefined) remediation.impact = impact;
  const change = s.change ?? c.remediation.change;
  if (change) remediation.change = [...change];
  if (s.estimatedMonthlySavingsUsd !== undefined)
    remediation.estimatedMonthlySavingsUsd = s.estimatedMonthlySavingsUsd;
  if (s.savings) remediation.savings = s.savings;
  const f: Finding = {
    checkId: s.checkId,
    title: s.title ?? c.title,
    service: c.service,
    control: c.control,
    severity: s.severity ?? c.severity,
    status: s.status,
    accountId,
    region: s.region ?? unitRegion,
    resourceType: s.resourceType,
    resourceId: s.resourceId,
    message: s.message,
    evidence: s.evidence ?? [],
    remediation,
  };
  if (s.resourceName !== undefined) f.resourceName = s.resourceName;
  if (s.resourceArn !== undefined) f.resourceArn = s.resourceArn;
  if (s.suppressedBy) f.suppressedBy = s.suppressedBy;
  if (s.expiredSuppression) f.expiredSuppression = s.expiredSuppression;
  return f;
}

/** UTF-8 size of a value as JSON: what an item costs in a file, and close to its DynamoDB size. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
