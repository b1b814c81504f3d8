/**
 * The Digest: everything a reader needs from one scan, built once (pure, `buildDigest`) and rendered many
 * ways (terminal, Markdown, Slack, email, HTML, JSON). Sizes are bounded: lists keep `topN` items and
 * count the rest, so a 10,000-finding account still fits a Slack message and a DynamoDB item.
 */
import type {
  ChangeKind,
  ControlId,
  EvidenceItem,
  GapCode,
  ItemSource,
  ItemState,
  Level,
  Remediation,
  ScanScope,
  ScanStatus,
  Score,
  ScoreSummary,
  Severity,
  Status,
  Trigger,
} from '#lib/model/index.js';

export const DIGEST_SCHEMA_VERSION = 1;

/** How a level moved against the previous scan. `new`: nothing to compare with. */
export type Trend = 'up' | 'down' | 'same' | 'new';

export interface DigestScan {
  id: string;
  started: string;
  finished?: string;
  trigger: Trigger;
  reason?: string;
  scope: ScanScope;
  /**
   * The scan's status as the digest states it: the header's, except that a header saying `complete` while
   * the coverage shows failed or partial units or gaps reads `partial` (a partial scan never reads as complete).
   */
  status: ScanStatus;
  toolVersion: string;
  /**
   * A rescore only: what changed in the checks since the scan it re-judged (both headers' engine
   * fingerprints), so that its new and resolved problems read as the checks' doing. At most
   * CHECK_CHANGE_LINES lines; `more` counts the rest.
   */
  checkChanges?: { rescoreOf: string; lines: string[]; more: number };
}

export interface ControlLine {
  control: ControlId;
  name: string;
  level: Level;
  label: string;
  /** Set when the account has none of what the control is about: rendered instead of a level. */
  notApplicable?: string;
  /** Set when a cap holds the level at 2: the level the criteria reached, and why (with the count). */
  capped?: { from: Level; why: string };
  previous?: Level;
  trend: Trend;
  /** What this control's next level needs (at most a few lines). */
  next: string[];
  /**
   * The criterion that decided the level: the first one not met (it stops the climb), or the Level 5
   * criterion when every one is met. Absent only for a hand-built score without criteria.
   */
  decidedBy?: CriterionLine;
  /** What to do to reach the next level (attest, enable, migrate...); absent at Level 5. */
  action?: string;
  /**
   * Failing problems touching this control (a resource two checks fail for the same change counts once),
   * and the distinct checks failing in it.
   */
  failing: number;
  failingChecks: number;
  /** This control's highest-ranked failing check: what to fix first for it. */
  topCheck?: { checkId: string; title: string; severity: Severity; resources: number };
}

/** One control-level criterion as evaluated, with its evidence bounded. */
export interface CriterionLine {
  id: string; // WAF-PERF-040:L3
  level: Level;
  text: string;
  state: ItemState;
  source: ItemSource;
  /** Observed: the facts that decided it; attested: who/when/link; not assessed: what is missing. */
  evidence: string[];
  moreEvidence: number;
}

/**
 * A failing check in one account, with every resource it fails on: the unit a reader fixes ("move these
 * six instances to a larger size"), rather than six copies of the same finding.
 */
export interface CheckGroup {
  checkId: string;
  title: string;
  control: ControlId;
  /** The most severe of its findings. */
  severity: Severity;
  /** Failing, unsuppressed resources whose problem this check represents (each problem counted once). */
  resources: number;
  /** Of those, resources where another check (often Compute Optimizer) recommends the same change. */
  corroborated: number;
  /** Regions with failing resources, most resources first. */
  regions: { region: string; resources: number }[];
  /** The worst few resources (severity, distance past the threshold, savings, age), with their evidence. */
  worst: TopFinding[];
  /** Resources not in `worst` (listed in the account's per-resource list). */
  moreResources: number;
  /** The worst resource's remediation (what to do, expected gain, docs). */
  remediation: Remediation;
  /** Sum of the estimated monthly savings of the resources that carry an estimate (set when any does). */
  estimatedMonthlySavingsUsd?: number;
  resourcesWithSavings: number;
  /** Days its oldest resource has been open in the debt register. */
  oldestAgeDays?: number;
  /** Resources failing now that did not fail in the previous scan. */
  newResources: number;
}

/**
 * Another check's failing finding on the same resource asking for the same kind of change: evidence for
 * the problem its TopFinding shows, not a problem of its own (DESIGN.md "One finding per problem").
 */
export interface Corroboration {
  key: string; // findingKey()
  checkId: string;
  title: string;
  control: ControlId;
  severity: Severity;
  message: string;
  /** The first few evidence items; the JSON/CSV exports keep every raw finding whole. */
  evidence: EvidenceItem[];
  moreEvidence: number;
}

/** A failing, unsuppressed finding as shown in a digest: one per problem. */
export interface TopFinding {
  key: string; // findingKey()
  checkId: string;
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
  evidence: EvidenceItem[];
  /** Evidence items left out to keep the digest bounded. */
  moreEvidence: number;
  remediation: Remediation;
  /** From the debt register: days open, first seen. */
  ageDays?: number;
  firstSeen?: string;
  /** Not failing in the previous scan (none of the problem's findings was). */
  isNew: boolean;
  /** The kinds of change the problem asks for (absent on findings stored without kinds). */
  change?: ChangeKind[];
  /** Other sources recommending the same change for this resource, counted once with this finding. */
  corroboratedBy?: Corroboration[];
}

/** A short reference to a finding in the diff lists. */
export interface FindingRef {
  key: string;
  checkId: string;
  title: string;
  severity: Severity;
  accountId: string;
  region: string;
  resourceId: string;
  resourceName?: string;
}

export interface DigestDiff {
  /** The scan compared against; undefined on the first scan (then every list is empty). */
  previousScanId?: string;
  counts: {
    new: number;
    resolved: number;
    persisting: number;
    /** Failing before, not assessable now (unit failed, check unknown/error): neither resolved nor persisting. */
    unassessed: number;
    /** Failing before, suppressed now. */
    suppressed: number;
  };
  /** The first `topN` of each, most severe first. */
  new: FindingRef[];
  resolved: FindingRef[];
}

export interface LevelChange {
  previous?: Level;
  current: Level;
  trend: Trend;
}

export interface DebtSummary {
  open: number;
  suppressed: number;
  /** Age in days of the oldest open entry; 0 when none is open. */
  oldestOpenAgeDays: number;
  newThisScan: number;
  resolvedThisScan: number;
  /** Open entries with at least one reopening. */
  reopened: number;
  /**
   * The register's monthly cost of delay: the estimated monthly savings of the open entries (each problem
   * once), i.e. what leaving them open costs every month (docs/savings.md).
   */
  estimatedMonthlySavingsUsd: number;
  /** What the open entries' delay has cost so far: each entry's monthly saving x the months it has been open. */
  costOfDelayToDateUsd: number;
  /** Open entries that carry a monthly cost-of-delay estimate (WAF-PERF-100 L4 "business impact quantified"). */
  withImpact: number;
}

/** Estimated monthly savings over failing problems (each problem once, AWS's figure before the price list). */
export interface SavingsSummary {
  estimatedMonthlySavingsUsd: number;
  /** Problems that carry an estimate, of `problems`. */
  problemsWithSavings: number;
  problems: number;
}

/**
 * The account level and the control levels side by side, and why they differ: the account level comes
 * from the self-assessment checklists, each control's from its own criteria.
 */
export interface LevelsExplained {
  /** The account level (from the checklists). */
  account: Level;
  /**
   * The checklist that stops the account's climb (the first one not reached), with its counts; absent when
   * every checklist is reached.
   */
  stoppedBy?: { level: Level; met: number; required: number; total: number; unknown: number };
  /** Control levels, lowest first, each with the controls at it. */
  controls: { level: Level; controls: ControlId[] }[];
  /** One line: where each level comes from and why they differ (or that they agree). */
  why: string;
}

export interface AccountSection {
  accountId: string;
  score: Score;
  summary: ScoreSummary;
  level: LevelChange;
  label: string;
  /** The account level beside the control levels, with one line on why they differ. */
  levels: LevelsExplained;
  controls: ControlLine[];
  /** What the next overall level needs (from the score), bounded. */
  next: { level: Level; label: string; needs: string[]; more: number } | null;
  /** Checklist items by source, so the reader sees how much was observed vs attested vs unknown. */
  itemSources: Score['counts'];
  /** Failing problems: failing, unsuppressed findings with the same change on the same resource counted once. */
  failing: number;
  /** Of those, problems where two or more checks recommend the same change (corroborating evidence). */
  corroborated: number;
  /** Estimated monthly savings of the account's failing problems. */
  savings: SavingsSummary;
  /**
   * Failing checks, ranked (what to fix first): estimated monthly saving, then severity, then resources, then
   * control, then debt age (oldest first).
   */
  topChecks: CheckGroup[];
  /** Failing checks not listed in topChecks. */
  moreChecks: number;
  /** Distinct failing checks. */
  failingChecks: number;
  /**
   * The per-resource list: every failing finding in check order (the order of topChecks, worst resource
   * first within a check), bounded to `resourceRows` entries.
   */
  topFindings: TopFinding[];
  /** Failing findings not listed in topFindings. */
  moreFindings: number;
  diff: DigestDiff;
  debt: DebtSummary;
}

export interface GapGroup {
  code: GapCode;
  service: string;
  action?: string;
  slice: string;
  /** Units (account/region) where this gap occurred. */
  units: number;
  message: string;
  hint?: string;
}

export interface FailedUnit {
  accountId: string;
  region: string;
  error?: string;
}

export interface CoverageSection {
  unitsPlanned: number;
  /** Units that produced data (complete or partial). */
  unitsScanned: number;
  unitsPartial: number;
  /** Units that failed or never reported. */
  unitsFailed: number;
  /** Failed units by name (stored failed summaries, then planned units that never reported), bounded. */
  failedUnits: FailedUnit[];
  /** Failed units not named in failedUnits (cut by the bound, or never reported and not known by name). */
  moreFailedUnits: number;
  gaps: number;
  gapGroups: GapGroup[];
  moreGapGroups: number;
  /** Resources scanned per slice (`ec2.instances`), summed over units. */
  resources: Record<string, number>;
  apiCalls: number;
  throttles: number;
}

export interface ExpiredSuppressionNote {
  checkId: string;
  resource: string;
  owner: string;
  expires: string;
  reason: string;
  /** Findings shown again because of it. */
  findings: number;
  text: string;
}

export interface ExpiredAttestationNote {
  item: string;
  by: string;
  expires: string;
  link: string;
  text: string;
}

/** One account in the organization summary: its level and what fails, in a few numbers. */
export interface AccountBrief {
  accountId: string;
  level: LevelChange;
  label: string;
  /** Failing problems, and the distinct checks they fail. */
  failing: number;
  failingChecks: number;
  estimatedMonthlySavingsUsd: number;
  openDebt: number;
}

/**
 * The organization summary of a digest too large to carry every account (more accounts than the digest
 * keeps whole): each account's full section is stored on its own as it is rolled up (`sections`), and the
 * digest carries the summary plus the sections of the accounts that need attention most.
 */
export interface OrganizationSummary {
  /** Accounts in the scan (each has a section of its own). */
  accounts: number;
  /** Accounts whose full section this digest carries (`Digest.accounts`): the lowest levels, then the most problems. */
  shown: number;
  /** Accounts per overall level, lowest level first (levels without accounts left out). */
  byLevel: { level: Level; accounts: number }[];
  /** Accounts whose level rose / fell since the previous scan. */
  levelsUp: number;
  levelsDown: number;
  /** The accounts at the lowest levels (then the most problems), at most `topN`. */
  lowestLevels: AccountBrief[];
  /** The accounts with the most failing problems, at most `topN`. */
  mostFailing: AccountBrief[];
  /** Where each account's full section is, when the caller stored them; `{account}` stands for the account id. */
  sections?: { markdown: string; json?: string };
}

export interface Digest {
  schemaVersion: typeof DIGEST_SCHEMA_VERSION;
  generatedAt: string;
  scan: DigestScan;
  previousScan?: { id: string; started: string };
  /**
   * Accounts sorted by id. Every account of the scan, unless `organization` is set: then only the sections
   * the digest keeps (the organization summary ranks and counts every account).
   */
  accounts: AccountSection[];
  /** Set when the digest keeps fewer sections than the scan has accounts (the Digest Lambda at organization size). */
  organization?: OrganizationSummary;
  /** The whole scan's diff (all accounts). */
  diff: DigestDiff;
  coverage: CoverageSection;
  suppressions: { suppressed: number; expired: ExpiredSuppressionNote[]; moreExpired: number };
  expiredAttestations: ExpiredAttestationNote[];
  debt: DebtSummary;
  /** Estimated monthly savings over every account. */
  savings: SavingsSummary;
  counts: {
    /** Raw findings by status, one per check and resource (as in the JSON/CSV exports). */
    findings: Record<Status, number>;
    /** Failing problems by severity: findings with the same change on the same resource counted once. */
    failingBySeverity: Record<Severity, number>;
    /** Failing problems, and those with corroborating evidence from a second check. */
    problems: number;
    corroborated: number;
    /** Findings whose check could not decide (missing data) / threw. */
    unknownChecks: number;
    errorChecks: number;
  };
  topN: number;
  /** Bound of each account's per-resource list. */
  resourceRows: number;
}
