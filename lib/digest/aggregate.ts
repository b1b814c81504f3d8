/**
 * Aggregate one unit's findings into what the digest needs (lib/model/aggregate.ts). Pure; the scan runs it
 * right after the unit is evaluated, while the unit's findings (and the same unit's findings of the previous
 * scan) are in memory. The digest then works from these aggregates alone (rollup.ts), in memory bounded by
 * one account's units, never by the number of findings.
 *
 * Each figure is computed as buildDigest computes it for a whole account, restricted to the unit: problems
 * (problems.ts) live on one resource, so in one unit; the debt register's entries carry their region, so each
 * unit owns its share; the diff compares the same unit of two scans.
 */
import { SEVERITIES, STATUSES, findingKey } from '#lib/model/index.js';
import type {
  AggCorroboration,
  AggRow,
  CheckAggregate,
  ControlId,
  DebtEntry,
  DiffRef,
  ExpiredSuppressionCount,
  Finding,
  Remediation,
  Severity,
  Status,
  UnitAggregate,
} from '#lib/model/index.js';
import { AGGREGATE_VERSION } from '#lib/model/index.js';
import type { ScannedUnit } from './assess.js';
import { DEFAULT_RESOURCE_ROWS, DEFAULT_TOP_N, debtAsOf, debtFigures, hasCostOfDelay } from './build.js';
import { diffFindings, isFailing } from './diff.js';
import { WORST_PER_CHECK, compareWorst, problemAge, savings, toProblemFinding } from './group.js';
import { corroboratingKeys, groupProblems } from './problems.js';

/** DynamoDB's item limit is 400 KB; the unit item (summary + aggregate without its rows) stays under 100 KB. */
export const UNIT_ITEM_BUDGET_BYTES = 100_000;
/**
 * The rows of a unit (every check's worst problems) as JSON: stored beside the unit item in items of at most
 * ROWS_ITEM_BYTES (lib/store/dynamo.ts). ~2 KB a row: 50 rows for each of 5 checks, 10 for each of 25.
 */
export const UNIT_ROWS_BUDGET_BYTES = 500_000;
/** Rows kept per check: enough for the digest's per-resource list (resourceRows) from one check alone. */
export const ROWS_PER_CHECK = Math.max(WORST_PER_CHECK, DEFAULT_RESOURCE_ROWS);
/** Diff entries kept per unit: the digest lists the first topN of the whole scan. */
export const DIFF_REFS_PER_UNIT = DEFAULT_TOP_N;

export interface AggregateUnitInput {
  /** The unit (its summary): status, services and gaps decide what the diff may call resolved. */
  unit: ScannedUnit;
  /** The unit's findings, after suppressions. */
  findings: readonly Finding[];
  /**
   * The same unit's findings in the previous scan: [] when that scan did not store the unit (or it failed);
   * undefined when there is no previous scan (no diff, nothing is new).
   */
  previous?: readonly Finding[];
  /** The previous scan's start (ISO): the register as it stood then gives the previous score's debt. */
  previousStartedAt?: string;
  /** The unit's share of the debt register after this scan's update. */
  debt: readonly DebtEntry[];
  /** This scan's start (ISO). */
  startedAt: string;
  rowsPerCheck?: number;
  diffRefs?: number;
  /** Size budget of the aggregate without its rows, as JSON: diff entries shrink to fit; counts never. */
  maxBytes?: number;
  /** Size budget of the rows as JSON: rows per check, then evidence, shrink to fit. */
  maxRowsBytes?: number;
}

const emptyStatus = (): Record<Status, number> =>
  Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
const emptySeverity = (): Record<Severity, number> =>
  Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

function toRef(f: Finding): DiffRef {
  const r: DiffRef = {
    key: findingKey(f),
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    control: f.control,
    accountId: f.accountId,
    region: f.region,
    resourceId: f.resourceId,
  };
  if (f.resourceName !== undefined) r.resourceName = f.resourceName;
  return r;
}

/** The fields of `r` that differ from `base` (null for a field `r` lacks). */
export function remediationDiff(r: Remediation, base: Remediation): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  const rec = r as unknown as Record<string, unknown>;
  const b = base as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(rec), ...Object.keys(b)])) {
    const v = rec[k];
    if (v === undefined) {
      if (b[k] !== undefined) (out ??= {})[k] = null;
    } else if (JSON.stringify(v) !== JSON.stringify(b[k])) (out ??= {})[k] = v;
  }
  return out;
}

/** `base` with a row's differences applied. */
export function applyRemediationDiff(
  base: Remediation,
  diff: Record<string, unknown> | undefined,
): Remediation {
  if (!diff) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(diff)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as unknown as Remediation;
}

export function aggregateUnit(input: AggregateUnitInput): UnitAggregate {
  const rowsN = Math.max(1, Math.floor(input.rowsPerCheck ?? ROWS_PER_CHECK));
  const diffN = Math.max(0, Math.floor(input.diffRefs ?? DIFF_REFS_PER_UNIT));
  const debtByKey = new Map(input.debt.map((e) => [findingKey(e), e]));

  const failing = input.findings.filter(isFailing);
  const problems = groupProblems(failing);
  const current = corroboratingKeys(problems);
  const prevFailing = input.previous ? input.previous.filter(isFailing) : [];
  const previous = corroboratingKeys(groupProblems(prevFailing));
  const prevKeys = new Set(prevFailing.map(findingKey));
  const isNew = (f: Finding): boolean => input.previous !== undefined && !prevKeys.has(findingKey(f));

  const checks: Record<string, CheckAggregate> = {};
  const checkOf = (f: Finding): CheckAggregate =>
    (checks[f.checkId] ??= {
      title: f.title,
      service: f.service,
      control: f.control,
      counts: emptyStatus(),
      failingFindings: 0,
      problems: 0,
      corroborated: 0,
      regions: {},
      savingsSum: 0,
      withSavings: 0,
      newProblems: 0,
      rows: [],
    });
  const expired = new Map<string, ExpiredSuppressionCount>();
  const failingFindingsBySeverity = emptySeverity();
  let suppressed = 0;
  for (const f of input.findings) {
    const c = checkOf(f);
    c.counts[f.status]++;
    if (isFailing(f)) {
      c.failingFindings++;
      failingFindingsBySeverity[f.severity]++;
    }
    if (f.suppressedBy) suppressed++;
    const s = f.expiredSuppression;
    if (s && !f.suppressedBy) {
      const key = [s.checkId, s.resource, s.owner, s.expires].join('\u0000');
      const e = expired.get(key);
      if (e) e.findings++;
      else expired.set(key, { suppression: s, findings: 1 });
    }
  }

  // Problems by their primary finding's check, worst first (as groupByCheck ranks them).
  const failingBySeverity = emptySeverity();
  const touching: Partial<Record<ControlId, number>> = {};
  const byCheck = new Map<string, typeof problems>();
  for (const p of problems) {
    failingBySeverity[p.primary.severity]++;
    const controls = new Set([p.primary.control, ...p.corroborating.map((f) => f.control)]);
    for (const c of controls) touching[c] = (touching[c] ?? 0) + 1;
    const list = byCheck.get(p.primary.checkId);
    if (list) list.push(p);
    else byCheck.set(p.primary.checkId, [p]);
  }
  const groupOpts = { debtByKey, isNew };
  for (const [checkId, list] of byCheck) {
    const c = checkOf(list[0]!.primary);
    list.sort((a, b) => compareWorst(a.primary, b.primary, debtByKey));
    c.problems = list.length;
    const rows: AggRow[] = [];
    list.forEach((p, i) => {
      const region = p.primary.region;
      c.regions[region] = (c.regions[region] ?? 0) + 1;
      if (p.corroborating.length > 0) c.corroborated++;
      if (p.estimatedMonthlySavingsUsd !== undefined) {
        c.savingsSum += p.estimatedMonthlySavingsUsd;
        c.withSavings++;
      }
      if (i >= rowsN && i > 0) {
        // Not a row: only its age and newness count (as toProblemFinding figures them), no row is built.
        const { ageDays, isNew: fresh } = problemAge(p, groupOpts);
        if (ageDays !== undefined) c.oldestAgeDays = Math.max(c.oldestAgeDays ?? 0, ageDays);
        if (fresh) c.newProblems++;
        return;
      }
      const t = toProblemFinding(p, groupOpts);
      if (t.ageDays !== undefined) c.oldestAgeDays = Math.max(c.oldestAgeDays ?? 0, t.ageDays);
      if (t.isNew) c.newProblems++;
      if (i === 0) c.remediation = t.remediation;
      if (i >= rowsN) return;
      const row: AggRow = {
        key: t.key,
        title: t.title,
        control: t.control,
        severity: t.severity,
        accountId: t.accountId,
        region: t.region,
        resourceType: t.resourceType,
        resourceId: t.resourceId,
        message: t.message,
        evidence: p.primary.evidence,
        isNew: t.isNew,
        rank: {},
      };
      const own = savings(p.primary);
      if (own !== undefined) row.rank.savings = own;
      const age = debtByKey.get(findingKey(p.primary))?.ageDays;
      if (age !== undefined) row.rank.ageDays = age;
      if (t.resourceName !== undefined) row.resourceName = t.resourceName;
      if (t.resourceArn !== undefined) row.resourceArn = t.resourceArn;
      const diff = remediationDiff(t.remediation, c.remediation!);
      if (diff) row.remediation = diff;
      if (t.ageDays !== undefined) row.ageDays = t.ageDays;
      if (t.firstSeen !== undefined) row.firstSeen = t.firstSeen;
      if (t.change) row.change = t.change;
      if (t.corroboratedBy) {
        // Every evidence item (as for the primary): the digest keeps the first few.
        row.corroboratedBy = p.corroborating.map((f): AggCorroboration => ({
          key: findingKey(f),
          checkId: f.checkId,
          title: f.title,
          control: f.control,
          severity: f.severity,
          message: f.message,
          evidence: f.evidence,
          moreEvidence: 0,
        }));
      }
      rows.push(row);
    });
    checks[checkId]!.rows = rows;
  }

  // The unit's share of the register, each problem once (as summarizeDebt counts it), and what scoring reads.
  const dedupe = { current, previous };
  const debt = debtFigures(input.debt, input.startedAt, dedupe);
  const open = input.debt.filter((e) => e.status === 'open' && !current.has(findingKey(e)));
  const hasImpact = hasCostOfDelay;
  const prevOpen =
    input.previousStartedAt !== undefined
      ? debtAsOf([...input.debt], input.previousStartedAt).filter(
          (e) => e.status === 'open' && !previous.has(findingKey(e)),
        )
      : [];

  const agg: UnitAggregate = {
    version: AGGREGATE_VERSION,
    checks,
    problems: problems.length,
    corroborated: problems.filter((p) => p.corroborating.length > 0).length,
    failingFindingsBySeverity,
    failingBySeverity,
    touching,
    suppressed,
    expiredSuppressions: [...expired.values()],
    debt,
    scoreDebt: {
      open: open.length,
      withImpact: open.filter(hasImpact).length,
      previousOpen: prevOpen.length,
      previousWithImpact: prevOpen.filter(hasImpact).length,
    },
    rowsPerCheck: rowsN,
  };
  if (input.previous) {
    const d = diffFindings(input.previous, input.findings, [input.unit]);
    // Each problem once: a finding that only corroborates another's problem is neither new nor resolved.
    const now = (f: Finding): boolean => !current.has(findingKey(f));
    const before = (f: Finding): boolean => !previous.has(findingKey(f));
    const added = d.new.filter(now);
    const resolved = d.resolved.filter(before);
    agg.diff = {
      counts: {
        new: added.length,
        resolved: resolved.length,
        persisting: d.persisting.filter(now).length,
        unassessed: d.unassessed.filter(before).length,
        suppressed: d.suppressed.length,
      },
      new: added.slice(0, diffN).map(toRef),
      resolved: resolved.slice(0, diffN).map(toRef),
    };
  }
  return fitBudget(
    agg,
    input.maxBytes ?? UNIT_ITEM_BUDGET_BYTES,
    input.maxRowsBytes ?? UNIT_ROWS_BUDGET_BYTES,
  );
}

export const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');

/** Keep the first `n` evidence items, counting the others in `moreEvidence`. */
const trimEvidence = <T extends { evidence: unknown[]; moreEvidence?: number }>(x: T, n: number): T =>
  x.evidence.length > n
    ? { ...x, evidence: x.evidence.slice(0, n), moreEvidence: (x.moreEvidence ?? 0) + x.evidence.length - n }
    : x;

/** The rows' size as JSON. */
export function rowsBytes(agg: UnitAggregate): number {
  let n = 0;
  for (const c of Object.values(agg.checks)) n += jsonBytes(c.rows);
  return n;
}

/** The aggregate's size as JSON without its rows (each check's rows as []). */
export function countsBytes(agg: UnitAggregate): number {
  const checks = Object.values(agg.checks);
  const rows = checks.map((c) => c.rows);
  try {
    for (const c of checks) c.rows = [];
    return jsonBytes(agg);
  } finally {
    checks.forEach((c, i) => (c.rows = rows[i]!));
  }
}

/**
 * Shrink an aggregate until its rows fit `maxRowsBytes` (fewer rows per check, down to one; then fewer
 * evidence items and shorter messages; then none) and the rest fits `maxBytes` (fewer diff entries). Counts
 * and sums are never cut. A trimmed aggregate is marked: the digest's per-resource list may then miss rows
 * another unit would have shown.
 */
export function fitBudget(agg: UnitAggregate, maxBytes: number, maxRowsBytes: number): UnitAggregate {
  let bytes = rowsBytes(agg);
  if (bytes > maxRowsBytes) {
    agg.trimmed = true;
    for (const n of [25, 10, 5, 3, 2, 1]) {
      if (n >= agg.rowsPerCheck) continue;
      for (const c of Object.values(agg.checks)) c.rows = c.rows.slice(0, n);
      agg.rowsPerCheck = n;
      bytes = rowsBytes(agg);
      if (bytes <= maxRowsBytes) break;
    }
  }
  if (bytes > maxRowsBytes) {
    for (const c of Object.values(agg.checks)) {
      c.rows = c.rows.map((r) => {
        const out = trimEvidence(r, 3);
        if (out.message.length > 300) out.message = `${out.message.slice(0, 299)}…`;
        if (out.corroboratedBy) out.corroboratedBy = out.corroboratedBy.map((x) => trimEvidence(x, 1));
        return out;
      });
    }
    bytes = rowsBytes(agg);
  }
  if (bytes > maxRowsBytes) {
    for (const c of Object.values(agg.checks)) c.rows = [];
    agg.rowsPerCheck = 0;
  }
  if (countsBytes(agg) > maxBytes && agg.diff) {
    agg.trimmed = true;
    agg.diff.new = agg.diff.new.slice(0, 3);
    agg.diff.resolved = agg.diff.resolved.slice(0, 3);
  }
  return agg;
}
