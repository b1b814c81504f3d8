import type { ControlId, Level, ServiceName, Severity, Status } from './common.js';
import type { Gap } from './snapshot.js';
import type { SavingsSource } from './finding.js';
import type { UnitFacts } from './facts.js';
import type { UnitAggregate } from './aggregate.js';

/** `release`: started by the release radar (lib/radar) because something AWS now offers concerns the estate. */
export type Trigger = 'cli' | 'schedule' | 'on-demand' | 'simulated' | 'release';

export interface ScanScope {
  accounts?: string[];
  regions?: string[];
  services?: ServiceName[];
}

/** One (account, region) to scan. `global` marks the unit that also collects global services. */
export interface ScanUnit {
  accountId: string;
  region: string;
  global: boolean;
  /** Role to assume for member accounts (deployed mode). */
  roleArn?: string;
}

export interface Coverage {
  unitsPlanned: number;
  unitsScanned: number;
  unitsPartial: number;
  unitsFailed: number;
  gaps: number;
}

export type ScanStatus = 'running' | 'complete' | 'partial' | 'failed';

export interface ScanHeader {
  scanId: string; // sortable: ISO time + random suffix
  startedAt: string;
  finishedAt?: string;
  trigger: Trigger;
  reason?: string;
  scope: ScanScope;
  status: ScanStatus;
  accounts: string[];
  /** Units the plan produced, as `account:region[:g]` keys (deployed runs): a planned unit without a stored summary failed. */
  plannedUnits?: string[];
  coverage: Coverage;
  toolVersion: string;
  /** The checks and thresholds the findings were judged with (what a rescore compares against). */
  engine?: EngineFingerprint;
  /** Set on a rescore: the scan whose stored snapshots were re-evaluated (the trigger stays the original's). */
  rescoreOf?: {
    scanId: string;
    toolVersion: string;
    /** A deployed rescore: the execution that started it (a retried Plan finds its own rescore again). */
    executionId?: string;
  };
  /** The scan this one is compared with (chosen when the scan starts): each unit diffs against its same unit. */
  previousScanId?: string;
  /** Compact score, set by the digest. */
  score?: ScoreSummary;
  findingCounts?: Record<Status, number>;
}

/** Per check: its severity and the effective thresholds (defaults merged with the config). Bounded by the registry. */
export interface EngineFingerprint {
  toolVersion: string;
  checks: Record<string, { severity: Severity; thresholds: Record<string, number> }>;
}

export interface UnitSummary {
  scanId: string;
  accountId: string;
  region: string;
  global: boolean;
  status: 'ok' | 'partial' | 'failed';
  error?: string;
  services: ServiceName[];
  resourceCounts: Record<string, number>; // e.g. "ec2.instances": 12
  findingCounts: Record<Status, number>;
  suppressedCount: number;
  gaps: Gap[];
  apiCalls: number;
  throttles: number;
  durationMs: number;
  /** Facts the maturity scorer needs, derived from the snapshot (small; no resources). */
  facts: UnitFacts;
  /**
   * What the digest needs from the unit's findings (counts per check and control, the worst problems per
   * check, diff and debt figures), so the digest never reads a finding. Absent on units stored by older
   * versions and on units that never got as far as their findings.
   */
  aggregate?: UnitAggregate;
}

// ---------------------------------------------------------------- debt register

export type DebtStatus = 'open' | 'resolved' | 'suppressed';

export interface DebtEntry {
  accountId: string;
  checkId: string;
  region: string;
  resourceId: string;
  resourceName?: string;
  control: ControlId;
  severity: Severity;
  title: string;
  firstSeen: string; // ISO, scan start of the first scan that found it
  lastSeen: string; // ISO, last scan that found it failing
  resolvedAt?: string;
  status: DebtStatus;
  /** Times it came back after being resolved. */
  reopened: number;
  lastScanId: string;
  /** Days open at the last update. */
  ageDays: number;
  /** Impact estimate carried from the finding (e.g. savings or expected gain). */
  impact?: string;
  estimatedMonthlySavingsUsd?: number;
  /** Who estimated it (AWS's own figures win over the Price List's for one problem, as in the digest). */
  savingsSource?: SavingsSource;
}

/** Identity of a debt entry within its account's register: `<checkId>#<region>#<resourceId>` (DESIGN.md). */
export function debtEntryKey(e: Pick<DebtEntry, 'checkId' | 'region' | 'resourceId'>): string {
  return `${e.checkId}#${e.region}#${e.resourceId}`;
}

// ---------------------------------------------------------------- attestations and score

export interface Attestation {
  /** Checklist item `L2-2` / `L3-5` / `L4-10`, or a control level criterion `WAF-PERF-060:L3`. */
  item: string;
  /** Whether the item holds. Defaults to true in the config file. */
  met: boolean;
  by: string;
  /** YYYY-MM-DD the attestation was made. */
  date: string;
  link: string;
  /** YYYY-MM-DD after which it no longer counts. */
  expires: string;
  note?: string;
}

export type ItemState = 'met' | 'not met' | 'unknown';
export type ItemSource = 'observed' | 'attested' | 'not assessed';

export interface ItemResult {
  id: string; // L2-1 | WAF-PERF-040:L3
  text: string;
  state: ItemState;
  source: ItemSource;
  /** Observed: the facts that decided it. Attested: who/when/link. */
  evidence: string[];
  attestation?: Attestation;
  /** Set when an attestation existed but expired (so it no longer counts). */
  expiredAttestation?: Attestation;
}

export interface ChecklistResult {
  level: 2 | 3 | 4;
  required: number;
  total: number;
  met: number;
  unknown: number;
  /** This checklist's threshold holds (regardless of lower levels). */
  satisfied: boolean;
  items: ItemResult[];
}

export interface ControlResult {
  control: ControlId;
  name: string;
  /** Level 1..5; meaningless (1) when `notApplicable` is set: render that instead, never a level. */
  level: Level;
  /** Set when the account has none of what the control is about ("no databases"): not applicable, no level. */
  notApplicable?: string;
  /**
   * Set when the criteria reach above Level 2 but one of the control's own checks fails on most of its resources
   * (or another cap applies): the level is held at 2, and this says why, with the count.
   */
  capped?: { from: Level; why: string };
  /** The criteria of every level 2..5, evaluated; the first that fails decides the level. */
  criteria: (ItemResult & { level: Level })[];
  /** What the next level needs, in words; empty at level 5. */
  next: string[];
}

export interface Score {
  overall: Level;
  checklists: ChecklistResult[];
  controls: ControlResult[];
  /** What the next overall level needs: the items to turn to met. */
  next: { level: Level; needs: string[] } | null;
  counts: Record<ItemSource, number>;
}

export interface ScoreSummary {
  overall: Level;
  /** Controls that apply; a `not applicable` control is absent. */
  controls: Partial<Record<ControlId, Level>>;
  checklistMet: Record<'2' | '3' | '4', number>;
}
