/**
 * One finding per problem (DESIGN.md): failing findings on the same resource that ask for the same kind of
 * change (`remediation.change`) are one problem, shown once with the other sources as corroborating evidence.
 * The pairs come from the data (resource + kind of change), never from a list of check pairs: our gp3 check
 * and Compute Optimizer's gp2 -> gp3 recommendation share `storage-type`; our CPU check and Compute
 * Optimizer's right-sizing share `resize`.
 *
 * Pure and local to a resource: a resource lives in one unit (account, region), so grouping each unit's
 * findings separately gives the same problems as grouping all of them at once.
 */
import { SAVINGS_SOURCES, SEVERITY_RANK, findingKey } from '#lib/model/index.js';
import type { ChangeKind, Finding, SavingsBasis, SavingsSource } from '#lib/model/index.js';

export interface Problem {
  /** The finding that represents the problem: the most severe, our own check before Compute Optimizer's. */
  primary: Finding;
  /** The other failing findings on the same resource asking for the same change, in check order. */
  corroborating: Finding[];
  /** The kinds of change shared (union over its findings). */
  change: ChangeKind[];
  /**
   * The problem's estimated monthly savings: AWS's own figure first (Cost Optimization Hub, then Compute
   * Optimizer: they know the account's discounts), else the price-list estimate; the primary's among equals.
   * Sources estimate the same change, so they are never added up.
   */
  estimatedMonthlySavingsUsd?: number;
  /** Where that figure comes from, and its basis when the source gave one. */
  savingsSource?: SavingsSource;
  savingsBasis?: SavingsBasis;
}

/** A finding's savings source: its basis, else Compute Optimizer for its findings (stored before bases existed). */
export function savingsSourceOf(f: Finding): SavingsSource {
  return f.remediation.savings?.source ?? (isSecondOpinion(f) ? 'compute-optimizer' : 'price-list');
}

const savings = (f: Finding): number | undefined => {
  const v = f.remediation.estimatedMonthlySavingsUsd;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/** Compute Optimizer is a second opinion on a resource our checks also read: ours explain the numbers. */
const isSecondOpinion = (f: Finding): boolean => f.service === 'computeoptimizer';

/** Order of findings inside a problem: most severe, ours before Compute Optimizer's, then check id. */
export function comparePrimary(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    Number(isSecondOpinion(a)) - Number(isSecondOpinion(b)) ||
    (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0) ||
    (findingKey(a) < findingKey(b) ? -1 : findingKey(a) > findingKey(b) ? 1 : 0)
  );
}

/** A resource's identity within a scan; unit-wide findings (`*`) are about no one resource and never merge. */
function resourceKey(f: Finding): string | undefined {
  if (f.resourceId === '*' || f.resourceId === '') return undefined;
  return [f.accountId, f.region, f.resourceType, f.resourceId].join('\u0000');
}

/**
 * Group failing findings (pass only failing, unsuppressed ones) into problems. Two findings on one resource
 * belong together when their kinds of change overlap, transitively (Compute Optimizer's m4.xlarge ->
 * m5.large is both `resize` and `generation`, so it joins our CPU check and our generation check: one
 * instance-type change fixes all three). A finding without a kind stays a problem of its own. Problems come
 * out in the input order of their first finding.
 */
export function groupProblems(failing: readonly Finding[]): Problem[] {
  // Union-find over the input indexes.
  const parent = failing.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  // First finding seen per (resource, kind): later ones with the same pair join it.
  const firstByChange = new Map<string, number>();
  failing.forEach((f, i) => {
    const resource = resourceKey(f);
    if (resource === undefined) return;
    for (const kind of f.remediation.change ?? []) {
      const key = `${resource}\u0000${kind}`;
      const first = firstByChange.get(key);
      if (first === undefined) firstByChange.set(key, i);
      else union(first, i);
    }
  });

  const members = new Map<number, Finding[]>();
  failing.forEach((f, i) => {
    const root = find(i);
    const list = members.get(root);
    if (list) list.push(f);
    else members.set(root, [f]);
  });

  const out: Problem[] = [];
  for (const list of members.values()) {
    const sorted = list.length > 1 ? [...list].sort(comparePrimary) : list;
    const primary = sorted[0]!;
    const change = [...new Set(sorted.flatMap((f) => f.remediation.change ?? []))];
    const problem: Problem = { primary, corroborating: sorted.slice(1), change };
    let best: Finding | undefined;
    for (const f of sorted) {
      if (savings(f) === undefined) continue;
      if (
        !best ||
        SAVINGS_SOURCES.indexOf(savingsSourceOf(f)) < SAVINGS_SOURCES.indexOf(savingsSourceOf(best))
      )
        best = f;
    }
    if (best) {
      problem.estimatedMonthlySavingsUsd = savings(best)!;
      problem.savingsSource = savingsSourceOf(best);
      if (best.remediation.savings) problem.savingsBasis = best.remediation.savings;
    }
    out.push(problem);
  }
  return out;
}

/**
 * Key of each finding shown as corroborating evidence -> key of its problem's primary finding. Counts that
 * come from elsewhere (the debt register, kept per check and resource) use it to count each problem once.
 */
export function corroboratingKeys(problems: readonly Problem[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const p of problems) {
    const primary = findingKey(p.primary);
    for (const f of p.corroborating) keys.set(findingKey(f), primary);
  }
  return keys;
}
