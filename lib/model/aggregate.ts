/**
 * The unit aggregate (DESIGN.md "Data flow"): what the digest needs from one unit's findings, written beside
 * them (in the unit summary) so the digest never reads a finding. Bounded: numbers per check and per control,
 * the worst rows per check (one per problem, lib/digest/problems.ts), the first few diff entries; the
 * remediation of a check once.
 *
 * Everything here adds up over units: problems live on one resource, so in one unit (problems.ts), and the
 * debt register is partitioned by region, so each unit owns its share of it.
 */
import type { ControlId, ServiceName, Severity, Status } from './common.js';
import type { ChangeKind, EvidenceItem, Remediation, Suppression } from './finding.js';

export const AGGREGATE_VERSION = 2;

/** A problem's corroborating finding as the digest shows it. */
export interface AggCorroboration {
  key: string;
  checkId: string;
  title: string;
  control: ControlId;
  severity: Severity;
  message: string;
  evidence: EvidenceItem[];
  moreEvidence: number;
}

/**
 * One problem of a check, as the digest lists it (a TopFinding without what its check says), with the keys
 * that rank it among the check's problems of other units.
 */
export interface AggRow {
  key: string;
  title: string;
  control: ControlId;
  severity: Severity;
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  resourceArn?: string;
  message: string;
  /** Every evidence item of the primary finding (the digest keeps the first few). */
  evidence: EvidenceItem[];
  /** Evidence items left out when the aggregate was trimmed to its budget. */
  moreEvidence?: number;
  /** Remediation fields that differ from the check's `remediation` (null: a field this row lacks). */
  remediation?: Record<string, unknown>;
  ageDays?: number;
  firstSeen?: string;
  /** Not failing in the same unit of the previous scan (none of its findings was). */
  isNew: boolean;
  change?: ChangeKind[];
  corroboratedBy?: AggCorroboration[];
  /** Ranking keys of the primary finding: its own savings estimate and days open. */
  rank: { savings?: number; ageDays?: number };
}

export interface CheckAggregate {
  title: string;
  service: ServiceName;
  control: ControlId;
  /** Every result of the check by status, suppressed ones included. */
  counts: Record<Status, number>;
  /** Failing, unsuppressed findings (corroborating ones included). */
  failingFindings: number;
  /** Problems this check represents (it is their primary finding's check). */
  problems: number;
  corroborated: number;
  /** Problems per region. */
  regions: Record<string, number>;
  /** Sum of the problems' savings estimates (unrounded) and how many carry one. */
  savingsSum: number;
  withSavings: number;
  oldestAgeDays?: number;
  /** Problems none of whose findings failed in the same unit of the previous scan. */
  newProblems: number;
  /** The remediation rows differ from (the first row's). */
  remediation?: Remediation;
  /** The check's worst problems, worst first (severity, distance past the threshold, savings, age, key). */
  rows: AggRow[];
}

/** A short reference to a finding in the unit's diff lists (the control orders them). */
export interface DiffRef {
  key: string;
  checkId: string;
  title: string;
  severity: Severity;
  control: ControlId;
  accountId: string;
  region: string;
  resourceId: string;
  resourceName?: string;
}

export interface UnitDiff {
  counts: { new: number; resolved: number; persisting: number; unassessed: number; suppressed: number };
  /** The first few, in digest order (severity, control, key). */
  new: DiffRef[];
  resolved: DiffRef[];
}

/** The unit's share of the debt register after this scan, each problem once (as summarizeDebt counts). */
export interface UnitDebt {
  open: number;
  suppressed: number;
  oldestOpenAgeDays: number;
  newThisScan: number;
  resolvedThisScan: number;
  reopened: number;
  /** Unrounded sum over open problems: the monthly cost of delay. */
  estimatedMonthlySavingsUsd: number;
  /** Unrounded: each open problem's monthly saving x months open. */
  costOfDelayToDateUsd: number;
  withImpact: number;
}

/** What scoring reads from the register (WAF-PERF-100): open entries that are not corroborating evidence. */
export interface UnitScoreDebt {
  open: number;
  withImpact: number;
  /** The same, as the register stood at the previous scan's start. */
  previousOpen: number;
  previousWithImpact: number;
}

export interface ExpiredSuppressionCount {
  suppression: Suppression;
  findings: number;
}

export interface UnitAggregate {
  version: typeof AGGREGATE_VERSION;
  /** Per check with a result in the unit. */
  checks: Record<string, CheckAggregate>;
  /** Failing problems, and those with corroborating evidence. */
  problems: number;
  corroborated: number;
  /** Failing, unsuppressed findings by severity (corroborating ones included: what `--fail-on` counts). */
  failingFindingsBySeverity: Record<Severity, number>;
  /** Problems by their primary finding's severity. */
  failingBySeverity: Record<Severity, number>;
  /** Problems touching each control (any of its findings maps to it), each problem once per control. */
  touching: Partial<Record<ControlId, number>>;
  suppressed: number;
  expiredSuppressions: ExpiredSuppressionCount[];
  /** Against the same unit of the previous scan (empty when it has none); absent when the scan has no previous scan. */
  diff?: UnitDiff;
  debt: UnitDebt;
  scoreDebt: UnitScoreDebt;
  /** Rows kept per check (lowered when the aggregate would pass its size budget). */
  rowsPerCheck: number;
  /** Set when the size budget cut rows, evidence or diff entries (counts are never cut). */
  trimmed?: boolean;
}
