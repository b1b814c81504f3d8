/**
 * Group an account's problems by check, so the digest answers "what do we fix next?" with one entry per
 * check (six instances failing the same check are one task) rather than six copies of it, and a resource
 * two checks fail for the same change (ours and Compute Optimizer's) appears once (problems.ts).
 */
import { SEVERITY_RANK, findingKey } from '#lib/model/index.js';
import type { DebtEntry, EvidenceItem, Finding } from '#lib/model/index.js';
import { compareFindings } from './diff.js';
import type { Problem } from './problems.js';
import type { CheckGroup, Corroboration, TopFinding } from './types.js';

/** Evidence items kept per finding; checks rarely need more than four numbers. */
export const MAX_EVIDENCE = 6;
/** Worst resources shown per check ("the 2-3 worst"). */
export const WORST_PER_CHECK = 3;

export interface GroupOptions {
  debtByKey: ReadonlyMap<string, DebtEntry>;
  /** Not failing in the previous scan. */
  isNew: (f: Finding) => boolean;
  worstPerCheck?: number;
}

export interface GroupedFindings {
  /** Every failing check, ranked. */
  groups: CheckGroup[];
  /** Every failing finding in group order, worst first within a group. */
  ordered: TopFinding[];
}

export const savings = (f: Finding): number | undefined => {
  const v = f.remediation.estimatedMonthlySavingsUsd;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/** The number in a threshold such as `>= 4 of 14`, `<= 10` or `80`; undefined for `gp3`. */
function thresholdNumber(t: EvidenceItem['threshold']): number | undefined {
  if (typeof t === 'number') return Number.isFinite(t) ? t : undefined;
  const m = t === undefined ? null : /^\s*(?:[<>]=?|==?)?\s*(-?\d+(?:\.\d+)?)/.exec(t);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

/** How far a numeric evidence item lies from its threshold, relative to it. */
function distance(e: EvidenceItem): number | undefined {
  const t = thresholdNumber(e.threshold);
  if (typeof e.value !== 'number' || !Number.isFinite(e.value) || t === undefined) return undefined;
  return Math.abs(e.value - t) / Math.max(Math.abs(t), 1);
}

/**
 * Which of two failing results of the same check is further past its threshold: the first evidence label
 * both carry with a number and a numeric threshold decides. A failing value always lies on the failing side
 * of the threshold (whether the threshold states the pass or the fail condition), so farther means worse.
 */
export function compareDistance(a: Pick<Finding, 'evidence'>, b: Pick<Finding, 'evidence'>): number {
  for (const ea of a.evidence) {
    const da = distance(ea);
    if (da === undefined) continue;
    const eb = b.evidence.find((x) => x.label === ea.label);
    const db = eb ? distance(eb) : undefined;
    if (db === undefined) continue;
    if (da !== db) return db - da;
  }
  return 0;
}

/**
 * Within a check: severity, then distance past the threshold, then estimated savings, then days open
 * (oldest first), then key.
 */
export function compareWorst(a: Finding, b: Finding, debtByKey: ReadonlyMap<string, DebtEntry>): number {
  const s = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (s !== 0) return s;
  const d = compareDistance(a, b);
  if (d !== 0) return d;
  const v = (savings(b) ?? 0) - (savings(a) ?? 0);
  if (v !== 0) return v;
  const age = (debtByKey.get(findingKey(b))?.ageDays ?? 0) - (debtByKey.get(findingKey(a))?.ageDays ?? 0);
  if (age !== 0) return age;
  return compareFindings(a, b);
}

/**
 * Between checks, what to fix first: estimated monthly saving (money first, issue 14), then severity, then
 * resources failing, then control, then debt age (oldest first), then id.
 */
export function compareGroups(a: CheckGroup, b: CheckGroup): number {
  return (
    (b.estimatedMonthlySavingsUsd ?? 0) - (a.estimatedMonthlySavingsUsd ?? 0) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    b.resources - a.resources ||
    (a.control < b.control ? -1 : a.control > b.control ? 1 : 0) ||
    (b.oldestAgeDays ?? 0) - (a.oldestAgeDays ?? 0) ||
    (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0)
  );
}

/** Evidence items kept per corroborating finding: the top numbers, the rest is in the exports. */
export const MAX_CORROBORATING_EVIDENCE = 3;

export function toTopFinding(f: Finding, entry: DebtEntry | undefined, isNew: boolean): TopFinding {
  const t: TopFinding = {
    key: findingKey(f),
    checkId: f.checkId,
    title: f.title,
    control: f.control,
    severity: f.severity,
    accountId: f.accountId,
    region: f.region,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    message: f.message,
    evidence: f.evidence.slice(0, MAX_EVIDENCE),
    moreEvidence: Math.max(0, f.evidence.length - MAX_EVIDENCE),
    remediation: f.remediation,
    isNew,
  };
  if (f.resourceName !== undefined) t.resourceName = f.resourceName;
  if (f.resourceArn !== undefined) t.resourceArn = f.resourceArn;
  if (f.remediation.change?.length) t.change = f.remediation.change;
  if (entry) {
    t.ageDays = entry.ageDays;
    t.firstSeen = entry.firstSeen;
  }
  return t;
}

function toCorroboration(f: Finding): Corroboration {
  return {
    key: findingKey(f),
    checkId: f.checkId,
    title: f.title,
    control: f.control,
    severity: f.severity,
    message: f.message,
    evidence: f.evidence.slice(0, MAX_CORROBORATING_EVIDENCE),
    moreEvidence: Math.max(0, f.evidence.length - MAX_CORROBORATING_EVIDENCE),
  };
}

/** The register entry of the problem's oldest finding (first seen earliest; the first of equals). */
function oldestEntry(p: Problem, opts: GroupOptions): DebtEntry | undefined {
  let oldest: DebtEntry | undefined;
  for (const f of [p.primary, ...p.corroborating]) {
    const e = opts.debtByKey.get(findingKey(f));
    if (e !== undefined && (oldest === undefined || e.firstSeen < oldest.firstSeen)) oldest = e;
  }
  return oldest;
}

/** A problem is new only when none of its findings failed before. */
const isNewProblem = (p: Problem, opts: GroupOptions): boolean =>
  opts.isNew(p.primary) && p.corroborating.every((f) => opts.isNew(f));

/** A problem's age and newness as toProblemFinding() figures them, without building what it shows. */
export function problemAge(p: Problem, opts: GroupOptions): { ageDays: number | undefined; isNew: boolean } {
  return { ageDays: oldestEntry(p, opts)?.ageDays, isNew: isNewProblem(p, opts) };
}

/**
 * A problem as shown: its primary finding, with the other sources as corroborating evidence. It is new
 * only when none of its findings failed before; its age is its oldest finding's; its savings the problem's.
 */
export function toProblemFinding(p: Problem, opts: GroupOptions): TopFinding {
  const t = toTopFinding(p.primary, oldestEntry(p, opts), isNewProblem(p, opts));
  if (p.change.length) t.change = p.change;
  if (p.corroborating.length) {
    t.corroboratedBy = p.corroborating.map(toCorroboration);
    // The problem's figure (AWS's own before a price-list estimate) is the one shown, with its basis.
    if (
      p.estimatedMonthlySavingsUsd !== undefined &&
      (savings(p.primary) !== p.estimatedMonthlySavingsUsd ||
        p.primary.remediation.savings !== p.savingsBasis)
    ) {
      const { savings: _basis, ...rest } = t.remediation;
      t.remediation = {
        ...rest,
        estimatedMonthlySavingsUsd: p.estimatedMonthlySavingsUsd,
        ...(p.savingsBasis ? { savings: p.savingsBasis } : {}),
      };
    }
  }
  return t;
}

/**
 * `problems`: one account's failing, unsuppressed findings grouped into problems (problems.ts). Each problem
 * is listed once, under its primary finding's check, with the other sources as corroborating evidence.
 */
export function groupByCheck(problems: readonly Problem[], opts: GroupOptions): GroupedFindings {
  const worstN = Math.max(0, opts.worstPerCheck ?? WORST_PER_CHECK);
  const byCheck = new Map<string, Problem[]>();
  for (const p of problems) {
    const list = byCheck.get(p.primary.checkId);
    if (list) list.push(p);
    else byCheck.set(p.primary.checkId, [p]);
  }

  const built: { group: CheckGroup; findings: TopFinding[] }[] = [];
  for (const [checkId, list] of byCheck) {
    const sorted = [...list].sort((a, b) => compareWorst(a.primary, b.primary, opts.debtByKey));
    const top = sorted[0]!.primary;
    const findings = sorted.map((p) => toProblemFinding(p, opts));

    const regions = new Map<string, number>();
    for (const p of sorted) regions.set(p.primary.region, (regions.get(p.primary.region) ?? 0) + 1);
    const withSavings = sorted
      .map((p) => p.estimatedMonthlySavingsUsd)
      .filter((v): v is number => v !== undefined);
    const ages = findings.map((f) => f.ageDays).filter((v): v is number => v !== undefined);

    const group: CheckGroup = {
      checkId,
      title: top.title,
      control: top.control,
      severity: top.severity,
      resources: sorted.length,
      corroborated: sorted.filter((p) => p.corroborating.length > 0).length,
      regions: [...regions.entries()]
        .sort(([ra, a], [rb, b]) => b - a || (ra < rb ? -1 : ra > rb ? 1 : 0))
        .map(([region, resources]) => ({ region, resources })),
      worst: findings.slice(0, worstN),
      moreResources: Math.max(0, findings.length - worstN),
      remediation: findings[0]!.remediation,
      resourcesWithSavings: withSavings.length,
      newResources: findings.filter((f) => f.isNew).length,
    };
    // Cents, to keep the sum of many small estimates exact.
    if (withSavings.length) {
      group.estimatedMonthlySavingsUsd = Math.round(withSavings.reduce((s, v) => s + v, 0) * 100) / 100;
    }
    if (ages.length) group.oldestAgeDays = Math.max(...ages);
    built.push({ group, findings });
  }

  built.sort((a, b) => compareGroups(a.group, b.group));
  return { groups: built.map((b) => b.group), ordered: built.flatMap((b) => b.findings) };
}
