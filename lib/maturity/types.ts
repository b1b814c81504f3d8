/**
 * The shapes of the maturity model as data: measures (what is counted, over which resources), criteria (a measure
 * and the share of its resources that must meet it, or an attestation), controls and checklists.
 */
import type { ControlId, FactSource, Finding, Level, Snapshot, Tally, UnitFacts } from '#lib/model/index.js';
import type { MetricIndex } from './metric-index.js';

// ---------------------------------------------------------------- shares

/**
 * The model's wording mapped to a share of the resources concerned (maturity-model.md, "How a level is earned"):
 * `one` ("at least one", "some"), `most` ("most", unqualified), `all` ("all", "every", "fully", "where needed"),
 * `rightSized` (WAF-PERF-010 L3 "<= 10% over- or under-provisioned").
 */
export type ShareName = 'one' | 'most' | 'all' | 'rightSized';

export type Shares = Record<Exclude<ShareName, 'one'>, number>;

// ---------------------------------------------------------------- measures

export interface MeasureContext {
  snapshot: Snapshot;
  /** The unit's findings, suppressed ones removed. */
  findings: readonly Finding[];
  metrics: MetricIndex;
}

export interface MeasureDef {
  /** `entryPoints.percentileAlarm` */
  id: string;
  /** The resources concerned, plural: "request entry points". */
  denominator: string;
  /** What a counted resource does, as a verb phrase after the count: "alarm on p95/p99 latency". */
  meets: string;
  /** Fact sources read: a gap on any makes the unit's tally not assessed. */
  sources: readonly FactSource[];
  /** APIs and metrics read, for docs/maturity.md. */
  uses: readonly string[];
  tally(ctx: MeasureContext): Tally;
}

// ---------------------------------------------------------------- criteria

export interface ScanHistory {
  /** Scans in the findings store for this account, including the current one. */
  scans: number;
  /** Open entries in the performance-debt register. */
  openDebt: number;
  /** Open entries that carry an impact estimate (expected gain or savings). */
  debtWithImpact: number;
  /** A schedule (EventBridge Scheduler) started this scan. */
  scheduled: boolean;
}

/** One observed requirement: `share` of the measure's resources meet it. */
export interface Requirement {
  measure: string;
  share: ShareName;
  /** When the measure concerns no resource at all (and nothing is missing): default `not met`. */
  whenNone?: 'not met' | 'unknown' | 'met';
}

/** An observation from the scan history (debt register, schedule), not from resources. */
export interface HistoryRequirement {
  /** The denominator, in words. */
  denominator: string;
  tally(h: ScanHistory): Tally;
  meets: string;
  share: ShareName;
  /** When the tally concerns nothing: default `not met`. */
  whenNone?: 'not met' | 'unknown';
}

export interface CriterionDef {
  /** `L2-1` for checklist items, `WAF-PERF-040:L3` for control criteria. */
  id: string;
  /** What perfscan requires, in words. For checklist items: the item text, verbatim. */
  text: string;
  /** Observed requirements (all must hold). Empty: the criterion is attested only. */
  observe: readonly (Requirement | HistoryRequirement)[];
  /**
   * The practice part an attestation must confirm. With observed requirements: both must hold. Without: the
   * attestation alone answers.
   */
  attest?: string;
  /** The observed part may instead be attested ("attested, or X"): an attestation answers when X is not met. */
  orAttested?: boolean;
  /** When the observed part is not met, it is not evidence of absence (targets may live in documents): unknown. */
  notMetIsUnknown?: boolean;
  /** Attestation ids accepted: its own id first, then checklist items that say the same thing. */
  attestationIds: readonly string[];
  /** How to turn it to met. */
  hint: string;
}

export interface ControlCriterionDef extends CriterionDef {
  level: 2 | 3 | 4 | 5;
  /** Checklist items this criterion observes the same way (by id), for docs. */
  items?: readonly string[];
}

export interface ControlDef {
  id: ControlId;
  name: string;
  /** The model's one-line description of each level, verbatim. */
  levels: Record<Level, string>;
  /**
   * What the control is about; when the account has none of it (the measure's `of` is 0, fully assessed), the
   * control is `not applicable`, never a level.
   */
  subject?: { measure: string; none: string };
  /** Criteria for L2..L5, in order. */
  criteria: readonly ControlCriterionDef[];
  /** Caps at Level 2 beyond the checks' own ("static capacity on most running instances"). */
  capAtTwo?: readonly { measure: string; share: ShareName; why: string }[];
}

export interface ChecklistItemDef extends CriterionDef {
  level: 2 | 3 | 4;
  number: number;
}

export interface ChecklistDef {
  level: 2 | 3 | 4;
  required: number;
  /** The model's sentence, verbatim. */
  rule: string;
  items: readonly ChecklistItemDef[];
}

export type { UnitFacts };
