/**
 * Build the Digest from unit summaries and their aggregates (aggregate.ts), never from findings: memory holds
 * one account's unit summaries (and the previous scan's of the same account) plus the digest, whatever the
 * number of findings or accounts. The units arrive as a stream ordered by account (the store's `units`).
 *
 * It computes what buildDigest (build.ts) computes from every finding, figure by figure; the equivalence
 * test (test/digest/rollup.test.ts) holds them equal on the demo account. Where a unit's aggregate had to be
 * trimmed to its size budget (`trimmed`), counts stay exact and the per-resource list may miss rows.
 *
 * Pure: time comes in as `now`; `rollupUnits` only consumes iterables.
 */
import { checkChangesOf } from './check-changes.js';
import { SEVERITIES, SEVERITY_RANK, STATUSES } from '#lib/model/index.js';
import type {
  AggRow,
  Attestation,
  CheckAggregate,
  ControlResult,
  DebtEntry,
  DiffRef,
  Level,
  ScanHeader,
  Score,
  ScoreSummary,
  Severity,
  Status,
  UnitDebt,
  UnitFacts,
  UnitSummary,
} from '#lib/model/index.js';
import { mergeFacts, unassessedFacts } from '#lib/maturity/facts.js';
import { scoreAccount, summarizeScore } from '#lib/maturity/score.js';
import { resolveShares } from '#lib/maturity/shares.js';
import type { Shares } from '#lib/maturity/types.js';
import { applyRemediationDiff } from './aggregate.js';
import {
  DEFAULT_RESOURCE_ROWS,
  DEFAULT_TOP_N,
  MAX_CONTROL_NEXT,
  decidingCriterion,
  effectiveStatus,
  emptyDiff,
  expiredAttestations,
  scoreExpiredAttestations,
  nextAction,
  savingsOfGroups,
  addSavings,
  trend,
  accountLevelParts,
  debtAsOf,
  debtFigures,
  hasCostOfDelay,
} from './build.js';
import {
  MAX_CORROBORATING_EVIDENCE,
  MAX_EVIDENCE,
  WORST_PER_CHECK,
  compareDistance,
  compareGroups,
} from './group.js';
import { levelLabel } from './labels.js';
import { DIGEST_SCHEMA_VERSION } from './types.js';
import type {
  AccountBrief,
  AccountSection,
  CheckGroup,
  ControlLine,
  CoverageSection,
  DebtSummary,
  Digest,
  DigestDiff,
  ExpiredSuppressionNote,
  FailedUnit,
  FindingRef,
  GapGroup,
  OrganizationSummary,
  SavingsSummary,
  TopFinding,
} from './types.js';

export interface RollupOptions {
  header: ScanHeader;
  /** The scan compared against (its units arrive beside this scan's, per account). */
  previousHeader?: ScanHeader;
  attestations: Attestation[];
  /** Scans in the store including this one (the WAF-PERF-100 register needs history). */
  scansInHistory: number;
  now: string;
  topN?: number;
  resourceRows?: number;
  /** Maturity wording-to-share mapping (config `maturity.shares`); defaults when absent. */
  shares?: Partial<Shares>;
  /**
   * Planned units that were neither stored nor named (any account of the scan may have lost them); the caller
   * knows it when it counted the stored units. Default 0.
   */
  unnamedUnits?: number;
  /**
   * An account's register entries outside the regions its units covered (`coveredRegions`: the regions of
   * its units with an aggregate, and `global` with the global unit): regions this scan did not scan, failed
   * or lost units. buildDigest counts the whole register of each account; so does the rollup with these.
   * Absent: only the units' shares are counted.
   */
  debtOutside?: (accountId: string, coveredRegions: readonly string[]) => Promise<readonly DebtEntry[]>;
  /**
   * Bounded mode, for an organization: each account's section goes to `onAccount` as soon as it is complete
   * (to be rendered and stored on its own), and the digest keeps only `keep` sections (the lowest levels,
   * then the most problems) plus the organization summary (Digest.organization), whatever the number of
   * accounts. A scan of at most `keep` accounts gives the same digest as without this option.
   */
  sections?: { keep: number; onAccount?: (section: AccountSection) => Promise<void> | void };
}

/** Worst first: lowest level, then most failing problems, then account id. */
const compareAttention = (a: AccountBrief, b: AccountBrief): number =>
  a.level.current - b.level.current || b.failing - a.failing || cmpStr(a.accountId, b.accountId);
/** Most failing problems first, then lowest level, then account id. */
const compareFailing = (a: AccountBrief, b: AccountBrief): number =>
  b.failing - a.failing || a.level.current - b.level.current || cmpStr(a.accountId, b.accountId);

export function accountBrief(a: AccountSection): AccountBrief {
  return {
    accountId: a.accountId,
    level: { ...a.level },
    label: a.label,
    failing: a.failing,
    failingChecks: a.failingChecks,
    estimatedMonthlySavingsUsd: a.savings.estimatedMonthlySavingsUsd,
    openDebt: a.debt.open,
  };
}

/** A list kept sorted and cut to `n` as items arrive (bounded whatever the number added). */
class TopList<T> {
  readonly items: T[] = [];
  constructor(
    private readonly n: number,
    private readonly cmp: (a: T, b: T) => number,
  ) {}
  /** Returns the item that fell off the list (or the one refused), if any. */
  add(x: T): T | undefined {
    if (this.n <= 0) return x;
    const last = this.items[this.items.length - 1];
    if (this.items.length >= this.n && last !== undefined && this.cmp(x, last) >= 0) return x;
    let i = this.items.length;
    while (i > 0 && this.cmp(x, this.items[i - 1]!) < 0) i--;
    this.items.splice(i, 0, x);
    return this.items.length > this.n ? this.items.pop() : undefined;
  }
}

/** The organization summary, summed account by account (bounded lists). */
class OrgSum {
  accounts = 0;
  private readonly byLevel = new Map<Level, number>();
  private up = 0;
  private down = 0;
  private readonly lowest: TopList<AccountBrief>;
  private readonly failing: TopList<AccountBrief>;
  constructor(topN: number) {
    this.lowest = new TopList(topN, compareAttention);
    this.failing = new TopList(topN, compareFailing);
  }
  add(b: AccountBrief): void {
    this.accounts++;
    this.byLevel.set(b.level.current, (this.byLevel.get(b.level.current) ?? 0) + 1);
    if (b.level.trend === 'up') this.up++;
    if (b.level.trend === 'down') this.down++;
    this.lowest.add(b);
    this.failing.add(b);
  }
  summary(shown: number): OrganizationSummary {
    return {
      accounts: this.accounts,
      shown,
      byLevel: [...this.byLevel.entries()]
        .sort(([a], [b]) => a - b)
        .map(([level, accounts]) => ({ level, accounts })),
      levelsUp: this.up,
      levelsDown: this.down,
      lowestLevels: [...this.lowest.items],
      mostFailing: [...this.failing.items],
    };
  }
}

/** The regions whose register entries an account's units counted in their aggregates. */
export function coveredRegions(units: readonly UnitSummary[]): string[] {
  const out = new Set<string>();
  for (const u of units) {
    if (!u.aggregate) continue;
    out.add(u.region);
    if (u.global) out.add('global');
  }
  return [...out].sort();
}

const emptyDebt = (): UnitDebt => ({
  open: 0,
  suppressed: 0,
  oldestOpenAgeDays: 0,
  newThisScan: 0,
  resolvedThisScan: 0,
  reopened: 0,
  estimatedMonthlySavingsUsd: 0,
  costOfDelayToDateUsd: 0,
  withImpact: 0,
});

function addDebt(into: UnitDebt, d: UnitDebt | undefined): void {
  if (!d) return;
  into.open += d.open;
  into.suppressed += d.suppressed;
  into.oldestOpenAgeDays = Math.max(into.oldestOpenAgeDays, d.oldestOpenAgeDays);
  into.newThisScan += d.newThisScan;
  into.resolvedThisScan += d.resolvedThisScan;
  into.reopened += d.reopened;
  into.estimatedMonthlySavingsUsd += d.estimatedMonthlySavingsUsd;
  into.costOfDelayToDateUsd += d.costOfDelayToDateUsd ?? 0; // absent in aggregates stored before it existed
  into.withImpact += d.withImpact;
}

/** Cents, to keep the sum of many small estimates exact (as summarizeDebt rounds). */
const toDebtSummary = (d: UnitDebt): DebtSummary => ({
  ...d,
  estimatedMonthlySavingsUsd: Math.round(d.estimatedMonthlySavingsUsd * 100) / 100,
  costOfDelayToDateUsd: Math.round(d.costOfDelayToDateUsd * 100) / 100,
});

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** compareFindings (diff.ts) on references: most severe, then control, then key. */
const compareRefs = (a: DiffRef, b: DiffRef): number =>
  SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
  cmpStr(a.control, b.control) ||
  cmpStr(a.key, b.key);

/** Keep the first `n` of a sorted merge of `into` and `more` (bounded top-N lists). */
function mergeTop<T>(into: T[], more: readonly T[], n: number, cmp: (a: T, b: T) => number): T[] {
  if (more.length === 0) return into;
  return [...into, ...more].sort(cmp).slice(0, n);
}

function toFindingRef(r: DiffRef): FindingRef {
  const { control: _c, ...ref } = r;
  return ref;
}

/** The diff being summed: counts plus bounded, sorted lists. */
class DiffSum {
  readonly counts = { new: 0, resolved: 0, persisting: 0, unassessed: 0, suppressed: 0 };
  private newRefs: DiffRef[] = [];
  private resolvedRefs: DiffRef[] = [];

  constructor(private readonly topN: number) {}

  /**
   * One account's units against the previous scan's: each unit's own diff, and the previous scan's problems
   * of units that have no diff now (never stored, or failed before diffing) count as unassessed.
   */
  addAccount(units: readonly UnitSummary[], previous: readonly UnitSummary[]): void {
    const diffed = new Set<string>();
    for (const u of units) {
      const d = u.aggregate?.diff;
      if (!d) continue;
      diffed.add(u.region);
      for (const k of Object.keys(this.counts) as (keyof DiffSum['counts'])[]) this.counts[k] += d.counts[k];
      this.newRefs = mergeTop(this.newRefs, d.new, this.topN, compareRefs);
      this.resolvedRefs = mergeTop(this.resolvedRefs, d.resolved, this.topN, compareRefs);
    }
    for (const p of previous) {
      if (p.status !== 'failed' && p.aggregate && !diffed.has(p.region))
        this.counts.unassessed += p.aggregate.problems;
    }
  }

  merge(o: DiffSum): void {
    for (const k of Object.keys(this.counts) as (keyof DiffSum['counts'])[]) this.counts[k] += o.counts[k];
    this.newRefs = mergeTop(this.newRefs, o.newRefs, this.topN, compareRefs);
    this.resolvedRefs = mergeTop(this.resolvedRefs, o.resolvedRefs, this.topN, compareRefs);
  }

  digest(previousScanId: string): DigestDiff {
    return {
      previousScanId,
      counts: { ...this.counts },
      new: this.newRefs.map(toFindingRef),
      resolved: this.resolvedRefs.map(toFindingRef),
    };
  }
}

// ---------------------------------------------------------------- check groups from aggregates

interface Candidate {
  row: AggRow;
  checkId: string;
  check: CheckAggregate;
}

/** compareWorst (group.ts) on rows: severity, distance past the threshold, savings, days open, then key. */
function compareRows(a: AggRow, b: AggRow): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareDistance(a, b) ||
    (b.rank.savings ?? 0) - (a.rank.savings ?? 0) ||
    (b.rank.ageDays ?? 0) - (a.rank.ageDays ?? 0) ||
    cmpStr(a.control, b.control) ||
    cmpStr(a.key, b.key)
  );
}

function toTopFinding(c: Candidate, isNew: boolean): TopFinding {
  const { row: r } = c;
  const t: TopFinding = {
    key: r.key,
    checkId: c.checkId,
    title: r.title,
    control: r.control,
    severity: r.severity,
    accountId: r.accountId,
    region: r.region,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    message: r.message,
    evidence: r.evidence.slice(0, MAX_EVIDENCE),
    moreEvidence: (r.moreEvidence ?? 0) + Math.max(0, r.evidence.length - MAX_EVIDENCE),
    remediation: applyRemediationDiff(c.check.remediation ?? { text: '', docs: [] }, r.remediation),
    isNew: isNew && r.isNew,
  };
  if (r.resourceName !== undefined) t.resourceName = r.resourceName;
  if (r.resourceArn !== undefined) t.resourceArn = r.resourceArn;
  if (r.change?.length) t.change = r.change;
  if (r.ageDays !== undefined) t.ageDays = r.ageDays;
  if (r.firstSeen !== undefined) t.firstSeen = r.firstSeen;
  if (r.corroboratedBy?.length) {
    t.corroboratedBy = r.corroboratedBy.map((x) => ({
      ...x,
      evidence: x.evidence.slice(0, MAX_CORROBORATING_EVIDENCE),
      moreEvidence: x.moreEvidence + Math.max(0, x.evidence.length - MAX_CORROBORATING_EVIDENCE),
    }));
  }
  return t;
}

interface GroupAcc {
  checkId: string;
  problems: number;
  corroborated: number;
  regions: Map<string, number>;
  candidates: Candidate[];
  savingsSum: number;
  withSavings: number;
  oldestAgeDays?: number;
  newProblems: number;
}

/**
 * One account's failing checks, ranked, with the worst problems across its units (groupByCheck on
 * aggregates). `isNew`: whether "new" applies at all (the previous scan covered the account).
 */
export function groupAggregates(
  units: readonly UnitSummary[],
  opts: { resourceRows: number; isNew: boolean; worstPerCheck?: number },
): { groups: CheckGroup[]; ordered: TopFinding[] } {
  const worstN = Math.max(0, opts.worstPerCheck ?? WORST_PER_CHECK);
  const keep = Math.max(worstN, opts.resourceRows);
  const byCheck = new Map<string, GroupAcc>();
  for (const u of units) {
    for (const [checkId, c] of Object.entries(u.aggregate?.checks ?? {})) {
      if (c.problems <= 0) continue;
      let g = byCheck.get(checkId);
      if (!g) {
        g = {
          checkId,
          problems: 0,
          corroborated: 0,
          regions: new Map(),
          candidates: [],
          savingsSum: 0,
          withSavings: 0,
          newProblems: 0,
        };
        byCheck.set(checkId, g);
      }
      g.problems += c.problems;
      g.corroborated += c.corroborated;
      for (const [region, n] of Object.entries(c.regions))
        g.regions.set(region, (g.regions.get(region) ?? 0) + n);
      for (const row of c.rows) g.candidates.push({ row, checkId, check: c });
      // Bounded: only the rows any list can show are kept.
      if (g.candidates.length > keep * 2)
        g.candidates = g.candidates.sort((a, b) => compareRows(a.row, b.row)).slice(0, keep);
      g.savingsSum += c.savingsSum;
      g.withSavings += c.withSavings;
      if (c.oldestAgeDays !== undefined) g.oldestAgeDays = Math.max(g.oldestAgeDays ?? 0, c.oldestAgeDays);
      g.newProblems += c.newProblems;
    }
  }
  const built: { group: CheckGroup; findings: TopFinding[] }[] = [];
  for (const g of byCheck.values()) {
    g.candidates.sort((a, b) => compareRows(a.row, b.row));
    const findings = g.candidates.slice(0, keep).map((c) => toTopFinding(c, opts.isNew));
    const top = findings[0];
    if (!top) continue;
    const group: CheckGroup = {
      checkId: g.checkId,
      title: top.title,
      control: top.control,
      severity: top.severity,
      resources: g.problems,
      corroborated: g.corroborated,
      regions: [...g.regions.entries()]
        .sort(([ra, a], [rb, b]) => b - a || cmpStr(ra, rb))
        .map(([region, resources]) => ({ region, resources })),
      worst: findings.slice(0, worstN),
      moreResources: Math.max(0, g.problems - worstN),
      remediation: top.remediation,
      resourcesWithSavings: g.withSavings,
      newResources: opts.isNew ? g.newProblems : 0,
    };
    // Cents, to keep the sum of many small estimates exact.
    if (g.withSavings > 0) group.estimatedMonthlySavingsUsd = Math.round(g.savingsSum * 100) / 100;
    if (g.oldestAgeDays !== undefined) group.oldestAgeDays = g.oldestAgeDays;
    built.push({ group, findings });
  }
  built.sort((a, b) => compareGroups(a.group, b.group));
  const ordered: TopFinding[] = [];
  for (const b of built) {
    for (const f of b.findings) {
      if (ordered.length >= opts.resourceRows) break;
      ordered.push(f);
    }
  }
  return { groups: built.map((b) => b.group), ordered };
}

// ---------------------------------------------------------------- coverage, incrementally

const NEVER_REPORTED = 'no result: the unit never reported';

class CoverageSum {
  private stored = 0;
  private failed = 0;
  private partial = 0;
  private gaps = 0;
  private apiCalls = 0;
  private throttles = 0;
  private unreported = 0;
  private readonly resources: Record<string, number> = {};
  private readonly failedNamed: FailedUnit[] = [];
  private readonly unreportedNamed: FailedUnit[] = [];
  private readonly groups = new Map<string, GapGroup>();

  constructor(
    private readonly header: ScanHeader,
    private readonly topN: number,
  ) {}

  add(u: UnitSummary): void {
    this.stored++;
    this.apiCalls += u.apiCalls;
    this.throttles += u.throttles;
    if (u.status === 'failed') {
      this.failed++;
      if (this.failedNamed.length < this.topN) {
        this.failedNamed.push(
          u.error !== undefined
            ? { accountId: u.accountId, region: u.region, error: u.error }
            : { accountId: u.accountId, region: u.region },
        );
      }
    }
    if (u.status === 'partial') this.partial++;
    for (const [slice, n] of Object.entries(u.resourceCounts))
      this.resources[slice] = (this.resources[slice] ?? 0) + n;
    // Each gap group counts a unit once, whatever the number of its gaps of that kind.
    const seen = new Set<string>();
    for (const g of u.gaps) {
      this.gaps++;
      const key = [g.code, g.service, g.action ?? '', g.slice].join('|');
      let group = this.groups.get(key);
      if (!group) {
        group = { code: g.code, service: g.service, slice: g.slice, units: 0, message: g.message };
        if (g.action !== undefined) group.action = g.action;
        if (g.hint !== undefined) group.hint = g.hint;
        this.groups.set(key, group);
      }
      if (!seen.has(key)) {
        seen.add(key);
        group.units++;
      }
    }
  }

  addUnreported(u: { accountId: string; region: string }): void {
    this.unreported++;
    if (this.unreportedNamed.length < this.topN)
      this.unreportedNamed.push({ accountId: u.accountId, region: u.region, error: NEVER_REPORTED });
  }

  section(): CoverageSection {
    const planned = Math.max(
      this.header.coverage.unitsPlanned,
      this.header.plannedUnits?.length ?? 0,
      this.stored,
    );
    const gapGroups = [...this.groups.entries()]
      .sort(([ka, a], [kb, b]) => b.units - a.units || cmpStr(ka, kb))
      .map(([, g]) => g);
    const unitsFailed = this.failed + Math.max(0, planned - this.stored);
    const failedUnits = [...this.failedNamed, ...this.unreportedNamed].slice(0, this.topN);
    return {
      unitsPlanned: planned,
      unitsScanned: this.stored - this.failed,
      unitsPartial: this.partial,
      unitsFailed,
      failedUnits,
      moreFailedUnits: Math.max(0, unitsFailed - failedUnits.length),
      gaps: this.gaps,
      gapGroups: gapGroups.slice(0, this.topN),
      moreGapGroups: Math.max(0, gapGroups.length - this.topN),
      resources: Object.fromEntries(Object.entries(this.resources).sort(([a], [b]) => cmpStr(a, b))),
      apiCalls: this.apiCalls,
      throttles: this.throttles,
    };
  }
}

// ---------------------------------------------------------------- the rollup

/** Planned units (`account:region[:g]`) of one account without a stored summary: they never reported. */
function unreportedOf(header: ScanHeader, accountId: string, units: readonly UnitSummary[]) {
  const have = new Set(units.map((u) => u.region));
  const out: { accountId: string; region: string; global: boolean }[] = [];
  for (const key of header.plannedUnits ?? []) {
    const [a, region, g] = key.split(':');
    if (a !== accountId || !region || have.has(region)) continue;
    have.add(region);
    out.push({ accountId, region, global: g === 'g' });
  }
  return out;
}

/**
 * An account's unit facts for scoring (accountFacts in build.ts): a unit that produced no data counts as a
 * unit whose every fact source is a gap; a region stored twice counts its successful runs.
 */
function accountFacts(
  accountId: string,
  units: readonly UnitSummary[],
  header: ScanHeader,
  unnamed: number,
): UnitFacts {
  const byRegion = new Map<string, UnitSummary[]>();
  for (const u of units) byRegion.set(u.region, [...(byRegion.get(u.region) ?? []), u]);
  const out: UnitFacts[] = [];
  for (const list of byRegion.values()) {
    const ok = list.filter((u) => u.status !== 'failed');
    if (ok.length) out.push(...ok.map((u) => u.facts));
    else out.push(unassessedFacts({ global: list[0]!.global, services: list[0]!.services }));
  }
  const services = header.scope.services;
  for (const u of unreportedOf(header, accountId, units))
    out.push(unassessedFacts({ global: u.global, ...(services ? { services } : {}) }));
  if (header.accounts.includes(accountId)) {
    for (let i = 0; i < unnamed; i++) out.push(unassessedFacts({ ...(services ? { services } : {}) }));
  }
  return mergeFacts(out);
}

/** Accumulates accounts one at a time; `finish` returns the Digest. */
export class DigestRollup {
  private readonly topN: number;
  private readonly resourceRows: number;
  private readonly shares: Shares;
  /** Every section (default), or in bounded mode the `sections.keep` that need attention most. */
  private readonly accounts: AccountSection[] = [];
  private readonly kept: TopList<{ brief: AccountBrief; section: AccountSection }> | undefined;
  private readonly org: OrgSum;
  private readonly seen = new Set<string>();
  private readonly coverage: CoverageSum;
  private readonly diff: DiffSum;
  private readonly debt = emptyDebt();
  private readonly byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  private readonly bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  private problems = 0;
  private corroborated = 0;
  private savings: SavingsSummary = { estimatedMonthlySavingsUsd: 0, problemsWithSavings: 0, problems: 0 };
  private suppressed = 0;
  private readonly expired = new Map<string, ExpiredSuppressionNote>();
  /** Expired attestations the scores met (not the scores: they grow with the accounts). */
  private readonly expiredFromScores = new Map<string, Attestation>();

  constructor(private readonly opts: RollupOptions) {
    this.topN = Math.max(0, Math.floor(opts.topN ?? DEFAULT_TOP_N));
    this.resourceRows = Math.max(0, Math.floor(opts.resourceRows ?? DEFAULT_RESOURCE_ROWS));
    this.shares = resolveShares(opts.shares);
    this.coverage = new CoverageSum(opts.header, this.topN);
    this.diff = new DiffSum(this.topN);
    this.org = new OrgSum(this.topN);
    if (opts.sections)
      this.kept = new TopList(Math.max(0, Math.floor(opts.sections.keep)), (a, b) =>
        compareAttention(a.brief, b.brief),
      );
  }

  private score(
    accountId: string,
    units: readonly UnitSummary[],
    header: ScanHeader,
    o: {
      attestations: Attestation[];
      scans: number;
      now: string;
      unnamed: number;
      previous: boolean;
      outside?: { open: number; withImpact: number };
    },
  ): Score {
    let open = o.outside?.open ?? 0;
    let withImpact = o.outside?.withImpact ?? 0;
    for (const u of o.previous ? [] : units) {
      open += u.aggregate?.scoreDebt.open ?? 0;
      withImpact += u.aggregate?.scoreDebt.withImpact ?? 0;
    }
    return scoreAccount({
      shares: this.shares,
      facts: accountFacts(accountId, units, header, o.unnamed),
      attestations: o.attestations,
      history: {
        scans: o.scans,
        openDebt: o.previous ? this.previousDebt.open : open,
        debtWithImpact: o.previous ? this.previousDebt.withImpact : withImpact,
        scheduled: header.trigger === 'schedule',
      },
      now: o.now,
    });
  }

  /** The register as it stood at the previous scan, from this scan's units (set per account). */
  private previousDebt = { open: 0, withImpact: 0 };

  /**
   * Add one account: every stored unit of it in this scan, and in the previous scan (ignored when there is
   * no previous scan). Call once per account.
   */
  addAccount(
    accountId: string,
    units: readonly UnitSummary[],
    previousIn: readonly UnitSummary[] = [],
    /** The account's register entries outside its units' regions (RollupOptions.debtOutside). */
    outside: readonly DebtEntry[] = [],
  ): AccountSection {
    if (this.seen.has(accountId)) throw new Error(`DigestRollup: account ${accountId} added twice`);
    this.seen.add(accountId);
    const { header, previousHeader } = this.opts;
    for (const u of units) this.coverage.add(u);
    for (const u of unreportedOf(header, accountId, units)) this.coverage.addUnreported(u);

    // No finding of this scan lives outside the covered regions: nothing there corroborates (dedupe empty).
    const outsideOpen = outside.filter((e) => e.status === 'open');
    const score = this.score(accountId, units, header, {
      attestations: this.opts.attestations,
      scans: this.opts.scansInHistory,
      now: this.opts.now,
      unnamed: this.opts.unnamedUnits ?? 0,
      previous: false,
      outside: { open: outsideOpen.length, withImpact: outsideOpen.filter(hasCostOfDelay).length },
    });
    for (const a of scoreExpiredAttestations(score))
      this.expiredFromScores.set([a.item, a.by, a.expires, a.link].join('\u0000'), a);
    const summary = summarizeScore(score);

    // Previous levels are re-scored from the previous scan's stored facts with today's model.
    const previous = previousHeader ? previousIn : [];
    const prevHasAccount = previous.some((u) => u.status !== 'failed');
    let prevSummary: ScoreSummary | undefined;
    if (previousHeader && prevHasAccount) {
      const outsidePrev = debtAsOf([...outside], previousHeader.startedAt).filter((e) => e.status === 'open');
      this.previousDebt = {
        open: outsidePrev.length,
        withImpact: outsidePrev.filter(hasCostOfDelay).length,
      };
      for (const u of units) {
        this.previousDebt.open += u.aggregate?.scoreDebt.previousOpen ?? 0;
        this.previousDebt.withImpact += u.aggregate?.scoreDebt.previousWithImpact ?? 0;
      }
      prevSummary = summarizeScore(
        this.score(accountId, previous, previousHeader, {
          // Attestations made after the previous scan did not exist then.
          attestations: this.opts.attestations.filter((a) => a.date <= previousHeader.startedAt.slice(0, 10)),
          scans: Math.max(1, this.opts.scansInHistory - 1),
          now: previousHeader.startedAt,
          unnamed: 0,
          previous: true,
        }),
      );
    } else if (
      previousHeader?.score &&
      previousHeader.accounts.length === 1 &&
      previousHeader.accounts[0] === accountId
    ) {
      prevSummary = previousHeader.score;
    }

    const { groups, ordered } = groupAggregates(units, {
      resourceRows: this.resourceRows,
      isNew: previousHeader !== undefined && prevHasAccount,
    });

    // Per-account figures summed over units.
    let problems = 0;
    let corroborated = 0;
    const touching = new Map<string, number>();
    const failingChecks = new Map<string, Set<string>>();
    const accDebt = emptyDebt();
    for (const u of units) {
      const a = u.aggregate;
      if (!a) continue;
      problems += a.problems;
      corroborated += a.corroborated;
      for (const [c, n] of Object.entries(a.touching)) touching.set(c, (touching.get(c) ?? 0) + (n ?? 0));
      for (const [checkId, c] of Object.entries(a.checks)) {
        for (const s of STATUSES) this.byStatus[s] += c.counts[s];
        if (c.failingFindings > 0) {
          const set = failingChecks.get(c.control) ?? new Set<string>();
          set.add(checkId);
          failingChecks.set(c.control, set);
        }
      }
      for (const s of SEVERITIES) this.bySeverity[s] += a.failingBySeverity[s];
      this.suppressed += a.suppressed;
      addDebt(accDebt, a.debt);
      for (const e of a.expiredSuppressions) {
        const s = e.suppression;
        const key = [s.checkId, s.resource, s.owner, s.expires].join('\u0000');
        const g = this.expired.get(key);
        if (g) g.findings += e.findings;
        else
          this.expired.set(key, {
            checkId: s.checkId,
            resource: s.resource,
            owner: s.owner,
            expires: s.expires,
            reason: s.reason,
            findings: e.findings,
            text: '',
          });
      }
    }
    if (outside.length > 0) addDebt(accDebt, debtFigures(outside, header.startedAt));
    this.problems += problems;
    this.corroborated += corroborated;
    addDebt(this.debt, accDebt);
    const savings = savingsOfGroups(groups, problems);
    this.savings = addSavings([this.savings, savings]);

    const controls: ControlLine[] = score.controls.map((c: ControlResult) => {
      const prevLevel: Level | undefined = prevSummary?.controls[c.control];
      const mine = groups.filter((g) => g.control === c.control);
      const line: ControlLine = {
        control: c.control,
        name: c.name,
        level: c.level,
        label: c.notApplicable ? 'Not applicable' : levelLabel(c.level),
        trend: c.notApplicable ? 'new' : trend(prevLevel, c.level),
        next: c.next.slice(0, MAX_CONTROL_NEXT),
        failing: touching.get(c.control) ?? 0,
        failingChecks: failingChecks.get(c.control)?.size ?? 0,
      };
      if (c.notApplicable) line.notApplicable = c.notApplicable;
      if (c.capped) line.capped = c.capped;
      const decided = c.notApplicable ? undefined : decidingCriterion(c);
      if (decided) line.decidedBy = decided;
      const action = nextAction(c, decided);
      if (action) line.action = action;
      if (prevLevel !== undefined) line.previous = prevLevel;
      const top = mine[0];
      if (top) {
        line.topCheck = {
          checkId: top.checkId,
          title: top.title,
          severity: top.severity,
          resources: top.resources,
        };
      }
      return line;
    });

    let diff: DigestDiff = emptyDiff();
    if (previousHeader) {
      const accDiff = new DiffSum(this.topN);
      accDiff.addAccount(units, previous);
      this.diff.merge(accDiff);
      if (prevHasAccount) diff = accDiff.digest(previousHeader.scanId);
    }
    const topFindings = ordered.slice(0, this.resourceRows);

    const section: AccountSection = {
      accountId,
      score,
      summary,
      ...accountLevelParts(score, prevSummary, controls, this.topN),
      failing: problems,
      corroborated,
      savings,
      topChecks: groups.slice(0, this.topN),
      moreChecks: Math.max(0, groups.length - this.topN),
      failingChecks: groups.length,
      topFindings,
      moreFindings: Math.max(0, problems - topFindings.length),
      diff,
      debt: toDebtSummary(accDebt),
    };
    if (prevSummary) section.level.previous = prevSummary.overall;
    const brief = accountBrief(section);
    this.org.add(brief);
    if (this.kept) this.kept.add({ brief, section });
    else this.accounts.push(section);
    return section;
  }

  /** Accounts of the scan not added yet (every unit lost): each still gets a section. */
  missingAccounts(): string[] {
    return this.opts.header.accounts.filter((a) => !this.seen.has(a));
  }

  finish(): Digest {
    const { header, previousHeader } = this.opts;
    // Accounts of the scan without any stored unit (every unit lost) still get a section.
    for (const a of header.accounts) if (!this.seen.has(a)) this.addAccount(a, [], []);
    const coverage = this.coverage.section();
    const expired = [...this.expired.values()]
      .sort((a, b) =>
        a.expires < b.expires ? -1 : a.expires > b.expires ? 1 : a.checkId < b.checkId ? -1 : 1,
      )
      .map((g) => ({
        ...g,
        text:
          `suppression for ${g.checkId} on ${g.resource} by ${g.owner} expired on ${g.expires}: ` +
          `${g.findings === 1 ? 'finding' : `${g.findings} findings`} shown again`,
      }));
    const kept = this.kept ? this.kept.items.map((k) => k.section) : this.accounts;
    const accounts = [...kept].sort((a, b) => cmpStr(a.accountId, b.accountId));
    const digest: Digest = {
      schemaVersion: DIGEST_SCHEMA_VERSION,
      generatedAt: this.opts.now,
      scan: {
        id: header.scanId,
        started: header.startedAt,
        trigger: header.trigger,
        scope: header.scope,
        status: effectiveStatus(header.status, coverage),
        toolVersion: header.toolVersion,
      },
      accounts,
      diff: previousHeader ? this.diff.digest(previousHeader.scanId) : emptyDiff(),
      coverage,
      suppressions: {
        suppressed: this.suppressed,
        expired: expired.slice(0, this.topN),
        moreExpired: Math.max(0, expired.length - this.topN),
      },
      expiredAttestations: expiredAttestations(this.opts.attestations, [], this.opts.now, [
        ...this.expiredFromScores.values(),
      ]),
      debt: toDebtSummary(this.debt),
      savings: addSavings([this.savings]),
      counts: {
        findings: { ...this.byStatus },
        failingBySeverity: { ...this.bySeverity },
        problems: this.problems,
        corroborated: this.corroborated,
        unknownChecks: this.byStatus.unknown,
        errorChecks: this.byStatus.error,
      },
      topN: this.topN,
      resourceRows: this.resourceRows,
    };
    if (header.finishedAt !== undefined) digest.scan.finished = header.finishedAt;
    if (header.reason !== undefined) digest.scan.reason = header.reason;
    const checkChanges = checkChangesOf(header, previousHeader);
    if (checkChanges) digest.scan.checkChanges = checkChanges;
    if (previousHeader)
      digest.previousScan = { id: previousHeader.scanId, started: previousHeader.startedAt };
    if (this.org.accounts > accounts.length) digest.organization = this.org.summary(accounts.length);
    return digest;
  }
}

/** Group consecutive units of one account (streams are ordered by account, then region). */
async function* byAccount(
  units: AsyncIterable<UnitSummary> | Iterable<UnitSummary>,
): AsyncGenerator<UnitSummary[]> {
  let current: UnitSummary[] = [];
  const done = new Set<string>();
  for await (const u of units) {
    if (current.length > 0 && current[0]!.accountId !== u.accountId) {
      done.add(current[0]!.accountId);
      yield current;
      current = [];
    }
    if (done.has(u.accountId)) {
      throw new Error(
        `Units of account ${u.accountId} arrive out of order: the units must be ordered by account.`,
      );
    }
    current.push(u);
  }
  if (current.length > 0) yield current;
}

/**
 * The digest of a scan from its unit summaries, streamed account by account (and the previous scan's,
 * merged by account): memory holds one account's units at a time, plus the digest.
 */
export async function rollupUnits(
  opts: RollupOptions & {
    units: AsyncIterable<UnitSummary> | Iterable<UnitSummary>;
    previousUnits?: AsyncIterable<UnitSummary> | Iterable<UnitSummary>;
  },
): Promise<Digest> {
  const rollup = new DigestRollup(opts);
  const prevIt = opts.previousUnits ? byAccount(opts.previousUnits)[Symbol.asyncIterator]() : undefined;
  let prevHead: UnitSummary[] | undefined;
  let prevDone = !prevIt;
  const previousFor = async (accountId: string): Promise<UnitSummary[]> => {
    if (!prevIt) return [];
    // Advance the previous scan's stream up to this account (both are ordered by account).
    while (!prevDone && (!prevHead || prevHead[0]!.accountId < accountId)) {
      const r = await prevIt.next();
      if (r.done) {
        prevDone = true;
        prevHead = undefined;
      } else prevHead = r.value;
    }
    return prevHead && prevHead[0]!.accountId === accountId ? prevHead : [];
  };
  const outside = async (accountId: string, units: readonly UnitSummary[]) =>
    opts.debtOutside ? opts.debtOutside(accountId, coveredRegions(units)) : [];
  const sink = opts.sections?.onAccount;
  for await (const group of byAccount(opts.units)) {
    const accountId = group[0]!.accountId;
    const section = rollup.addAccount(
      accountId,
      group,
      await previousFor(accountId),
      await outside(accountId, group),
    );
    if (sink) await sink(section);
  }
  for (const accountId of rollup.missingAccounts()) {
    const section = rollup.addAccount(accountId, [], [], await outside(accountId, []));
    if (sink) await sink(section);
  }
  return rollup.finish();
}
