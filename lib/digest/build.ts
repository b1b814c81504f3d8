/**
 * Build the Digest of one scan: score every account, compare with the previous scan, summarise coverage,
 * suppressions, attestations and the debt register. Pure: time comes in as `now`, nothing is read or written.
 */
import { checkChangesOf } from './check-changes.js';
import { SAVINGS_SOURCES, SEVERITIES, STATUSES, findingKey } from '#lib/model/index.js';
import type {
  Attestation,
  ControlId,
  ControlResult,
  DebtEntry,
  Finding,
  Level,
  SavingsSource,
  ScanHeader,
  ScanStatus,
  Score,
  ScoreSummary,
  Severity,
  Status,
  UnitFacts,
  UnitSummary,
} from '#lib/model/index.js';
import { mergeFacts, unassessedFacts } from '#lib/maturity/facts.js';
import { scoreAccount, summarizeScore } from '#lib/maturity/score.js';
import { resolveShares } from '#lib/maturity/shares.js';
import type { Shares } from '#lib/maturity/types.js';
import { updateDebtRegister } from './debt.js';
import { diffFindings, isFailing, toRef } from './diff.js';
import { groupByCheck } from './group.js';
import { corroboratingKeys, groupProblems } from './problems.js';
import type { Problem } from './problems.js';
import { levelLabel } from './labels.js';
import { DIGEST_SCHEMA_VERSION } from './types.js';
import type {
  AccountSection,
  CheckGroup,
  SavingsSummary,
  ControlLine,
  CoverageSection,
  CriterionLine,
  DebtSummary,
  Digest,
  DigestDiff,
  ExpiredAttestationNote,
  ExpiredSuppressionNote,
  FailedUnit,
  GapGroup,
  LevelsExplained,
  Trend,
} from './types.js';

export interface ScanData {
  header: ScanHeader;
  units: UnitSummary[];
  findings: Finding[];
}

export interface BuildDigestInput extends ScanData {
  previous?: ScanData;
  /** The account(s)' debt register, before or after this scan's update (the update is idempotent). */
  debt: DebtEntry[];
  attestations: Attestation[];
  /** Scans in the store including this one (the WAF-PERF-100 register needs history). */
  scansInHistory: number;
  now: string;
  /** Items kept per list (failing checks, gaps, diff entries, failed units); the rest are counted. */
  topN?: number;
  /** Entries kept in each account's per-resource list of failing findings. */
  resourceRows?: number;
  /** Maturity wording-to-share mapping (config `maturity.shares`); defaults when absent. */
  shares?: Partial<Shares>;
}

export const DEFAULT_TOP_N = 10;
export const DEFAULT_RESOURCE_ROWS = 50;
export const MAX_CONTROL_NEXT = 3;
/** Evidence lines kept for the criterion that decided a control's level. */
const MAX_CRITERION_EVIDENCE = 3;

export function buildDigest(input: BuildDigestInput): Digest {
  const topN = Math.max(0, Math.floor(input.topN ?? DEFAULT_TOP_N));
  const resourceRows = Math.max(0, Math.floor(input.resourceRows ?? DEFAULT_RESOURCE_ROWS));
  const { header, units, findings, previous } = input;

  const debt = updateDebtRegister(input.debt, findings, {
    scanId: header.scanId,
    startedAt: header.startedAt,
    units,
  });
  const debtByKey = new Map(debt.map((e) => [findingKey(e), e]));
  // One finding per problem: findings that corroborate another's problem are shown with it, never counted.
  const problems = groupProblems(findings.filter(isFailing));
  const corroborating = corroboratingKeys(problems);
  const prevCorroborating = previous
    ? corroboratingKeys(groupProblems(previous.findings.filter(isFailing)))
    : new Map<string, string>();
  const dedupe = { current: corroborating, previous: prevCorroborating };

  const accountIds = [
    ...new Set([...header.accounts, ...units.map((u) => u.accountId), ...findings.map((f) => f.accountId)]),
  ].sort();

  const accounts = accountIds.map((accountId) =>
    buildAccount({
      input,
      accountId,
      topN,
      resourceRows,
      debt: debt.filter((e) => e.accountId === accountId),
      debtByKey,
      problems: problems.filter((p) => p.primary.accountId === accountId),
      dedupe,
    }),
  );

  const diff = previous
    ? toDigestDiff(diffFindings(previous.findings, findings, units), previous.header.scanId, topN, dedupe)
    : emptyDiff();

  const coverage = buildCoverage(header, units, topN);
  const digest: Digest = {
    schemaVersion: DIGEST_SCHEMA_VERSION,
    generatedAt: input.now,
    scan: {
      id: header.scanId,
      started: header.startedAt,
      trigger: header.trigger,
      scope: header.scope,
      status: effectiveStatus(header.status, coverage),
      toolVersion: header.toolVersion,
    },
    accounts,
    diff,
    coverage,
    suppressions: buildSuppressions(findings, topN),
    expiredAttestations: expiredAttestations(
      input.attestations,
      accounts.map((a) => a.score),
      input.now,
    ),
    debt: summarizeDebt(debt, header.startedAt, dedupe),
    savings: addSavings(accounts.map((a) => a.savings)),
    counts: countFindings(findings, problems),
    topN,
    resourceRows,
  };
  if (header.finishedAt !== undefined) digest.scan.finished = header.finishedAt;
  if (header.reason !== undefined) digest.scan.reason = header.reason;
  const checkChanges = checkChangesOf(header, previous?.header);
  if (checkChanges) digest.scan.checkChanges = checkChanges;
  if (previous) digest.previousScan = { id: previous.header.scanId, started: previous.header.startedAt };
  return digest;
}

/** A header that says `complete` while the coverage shows otherwise reads as partial (or failed). */
export function effectiveStatus(status: ScanStatus, c: CoverageSection): ScanStatus {
  if (status !== 'complete') return status;
  if (c.unitsPlanned > 0 && c.unitsScanned === 0) return 'failed';
  return c.unitsFailed > 0 || c.unitsPartial > 0 || c.gaps > 0 ? 'partial' : 'complete';
}

// ---------------------------------------------------------------- units that produced no data

interface UnitRef {
  accountId: string;
  region: string;
  global: boolean;
}

/** Planned units (`account:region[:g]`) without a stored summary: they never reported. */
export function unreportedUnits(header: ScanHeader, units: readonly UnitSummary[]): UnitRef[] {
  const have = new Set(units.map((u) => `${u.accountId}:${u.region}`));
  const out: UnitRef[] = [];
  for (const key of header.plannedUnits ?? []) {
    const [accountId, region, g] = key.split(':');
    if (!accountId || !region || have.has(`${accountId}:${region}`)) continue;
    have.add(`${accountId}:${region}`);
    out.push({ accountId, region, global: g === 'g' });
  }
  return out;
}

/**
 * An account's unit facts for scoring. A unit that produced no data (failed, or planned and never
 * reported) counts as a unit whose every fact source is a gap, whatever facts it stored: otherwise the
 * other units alone could make an "every/all" item look met. A unit stored twice (a re-run) counts once,
 * the successful run winning.
 */
function accountFacts(accountId: string, data: ScanData): UnitFacts[] {
  const byUnit = new Map<string, UnitSummary[]>();
  for (const u of data.units) {
    if (u.accountId !== accountId) continue;
    const k = u.region;
    byUnit.set(k, [...(byUnit.get(k) ?? []), u]);
  }
  const out: UnitFacts[] = [];
  for (const list of byUnit.values()) {
    const ok = list.filter((u) => u.status !== 'failed');
    if (ok.length) out.push(...ok.map((u) => u.facts));
    else {
      const u = list[0]!;
      out.push(unassessedFacts({ global: u.global, services: u.services }));
    }
  }
  const services = data.header.scope.services;
  const unreported = unreportedUnits(data.header, data.units);
  for (const u of unreported.filter((x) => x.accountId === accountId)) {
    out.push(unassessedFacts({ global: u.global, ...(services ? { services } : {}) }));
  }
  // Units counted as planned but neither stored nor named: any account of the scan may have lost them.
  const unnamed = Math.max(0, data.header.coverage.unitsPlanned - data.units.length - unreported.length);
  if (data.header.accounts.includes(accountId)) {
    for (let i = 0; i < unnamed; i++) out.push(unassessedFacts({ ...(services ? { services } : {}) }));
  }
  return out;
}

// ---------------------------------------------------------------- accounts

function scoreFor(
  accountId: string,
  data: ScanData,
  opts: {
    attestations: Attestation[];
    scans: number;
    debt: DebtEntry[];
    now: string;
    /** Keys of findings that corroborate another's problem: not counted as debt of their own. */
    corroborating: ReadonlyMap<string, string>;
    shares?: Partial<Shares>;
  },
): Score {
  const facts = mergeFacts(accountFacts(accountId, data));
  const open = opts.debt.filter((e) => e.status === 'open' && !opts.corroborating.has(findingKey(e)));
  return scoreAccount({
    shares: resolveShares(opts.shares),
    facts,
    findings: data.findings.filter((f) => f.accountId === accountId),
    attestations: opts.attestations,
    history: {
      scans: opts.scans,
      openDebt: open.length,
      debtWithImpact: open.filter(hasCostOfDelay).length,
      scheduled: data.header.trigger === 'schedule',
    },
    now: opts.now,
  });
}

/** The register as it stood at an earlier scan: entries seen by then and not yet resolved. */
export function debtAsOf(debt: DebtEntry[], at: string): DebtEntry[] {
  return debt
    .filter((e) => e.firstSeen <= at && e.status !== 'suppressed')
    .map((e) =>
      e.status === 'resolved' && e.resolvedAt !== undefined && e.resolvedAt > at
        ? { ...e, status: 'open' as const }
        : e,
    );
}

export function trend(previous: Level | undefined, current: Level): Trend {
  if (previous === undefined) return 'new';
  return current > previous ? 'up' : current < previous ? 'down' : 'same';
}

function buildAccount(args: {
  input: BuildDigestInput;
  accountId: string;
  topN: number;
  resourceRows: number;
  debt: DebtEntry[];
  debtByKey: Map<string, DebtEntry>;
  /** The account's problems (failing findings grouped by resource and kind of change). */
  problems: Problem[];
  dedupe: Dedupe;
}): AccountSection {
  const { input, accountId, topN, resourceRows, debt, debtByKey, problems, dedupe } = args;
  const score = scoreFor(accountId, input, {
    attestations: input.attestations,
    scans: input.scansInHistory,
    debt,
    now: input.now,
    corroborating: dedupe.current,
    ...(input.shares ? { shares: input.shares } : {}),
  });
  const summary = summarizeScore(score);

  // Previous levels are re-scored from the previous scan's stored data with today's model, so a trend
  // reflects the account, not a scoring change; a stored header score is the fallback.
  const prev = input.previous;
  const prevHasAccount = prev?.units.some((u) => u.accountId === accountId && u.status !== 'failed') ?? false;
  let prevSummary: ScoreSummary | undefined;
  if (prev && prevHasAccount) {
    prevSummary = summarizeScore(
      scoreFor(accountId, prev, {
        // Attestations made after the previous scan did not exist then: without this filter a newly
        // attested item would raise both scores and hide the level change it caused.
        attestations: input.attestations.filter((a) => a.date <= prev.header.startedAt.slice(0, 10)),
        scans: Math.max(1, input.scansInHistory - 1),
        debt: debtAsOf(debt, prev.header.startedAt),
        now: prev.header.startedAt,
        corroborating: dedupe.previous,
        ...(input.shares ? { shares: input.shares } : {}),
      }),
    );
  } else if (
    prev?.header.score &&
    prev.header.accounts.length === 1 &&
    prev.header.accounts[0] === accountId
  ) {
    prevSummary = prev.header.score;
  }

  const accFindings = input.findings.filter((f) => f.accountId === accountId);
  const failing = accFindings.filter(isFailing);
  const prevFailing = new Set(
    prev && prevHasAccount
      ? prev.findings.filter((f) => f.accountId === accountId && isFailing(f)).map(findingKey)
      : [],
  );
  const { groups, ordered } = groupByCheck(problems, {
    debtByKey,
    isNew: (f) => prev !== undefined && prevHasAccount && !prevFailing.has(findingKey(f)),
  });
  const topFindings = ordered.slice(0, resourceRows);

  const controls: ControlLine[] = score.controls.map((c: ControlResult) => {
    const previous = prevSummary?.controls[c.control];
    const mine = groups.filter((g) => g.control === c.control);
    // A problem counts once for each control any of its findings maps to, never once per finding.
    const touching = problems.filter(
      (p) => p.primary.control === c.control || p.corroborating.some((f) => f.control === c.control),
    );
    const line: ControlLine = {
      control: c.control,
      name: c.name,
      level: c.level,
      label: c.notApplicable ? 'Not applicable' : levelLabel(c.level),
      trend: c.notApplicable ? 'new' : trend(previous, c.level),
      next: c.next.slice(0, MAX_CONTROL_NEXT),
      failing: touching.length,
      failingChecks: new Set(failing.filter((f) => f.control === c.control).map((f) => f.checkId)).size,
    };
    if (c.notApplicable) line.notApplicable = c.notApplicable;
    if (c.capped) line.capped = c.capped;
    const decided = c.notApplicable ? undefined : decidingCriterion(c);
    if (decided) line.decidedBy = decided;
    const action = nextAction(c, decided);
    if (action) line.action = action;
    if (previous !== undefined) line.previous = previous;
    const top: CheckGroup | undefined = mine[0];
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

  const diff =
    prev && prevHasAccount
      ? toDigestDiff(
          diffFindings(
            prev.findings.filter((f) => f.accountId === accountId),
            accFindings,
            input.units.filter((u) => u.accountId === accountId),
          ),
          prev.header.scanId,
          topN,
          dedupe,
        )
      : emptyDiff();

  const section: AccountSection = {
    accountId,
    score,
    summary,
    ...accountLevelParts(score, prevSummary, controls, topN),
    failing: problems.length,
    corroborated: problems.filter((p) => p.corroborating.length > 0).length,
    savings: savingsOfGroups(groups, problems.length),
    topChecks: groups.slice(0, topN),
    moreChecks: Math.max(0, groups.length - topN),
    failingChecks: groups.length,
    topFindings,
    moreFindings: Math.max(0, problems.length - topFindings.length),
    diff,
    debt: summarizeDebt(debt, input.header.startedAt, dedupe),
  };
  if (prevSummary) section.level.previous = prevSummary.overall;
  return section;
}

/** The account level and the control levels side by side, and one line on why they differ. */
export function explainLevels(score: Score): LevelsExplained {
  const byLevel = new Map<Level, ControlId[]>();
  for (const c of score.controls) byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), c.control]);
  const controls = [...byLevel.entries()]
    .sort(([a], [b]) => a - b)
    .map(([level, ids]) => ({ level, controls: ids }));
  const stop = score.checklists.find((c) => c.level === score.overall + 1 && !c.satisfied);
  const out: LevelsExplained = { account: score.overall, controls, why: '' };
  if (stop) {
    out.stoppedBy = {
      level: stop.level,
      met: stop.met,
      required: stop.required,
      total: stop.total,
      unknown: stop.unknown,
    };
  }
  const from = stop
    ? `Level ${score.overall} comes from the self-assessment checklists (Level ${stop.level} needs ` +
      `${stop.required} of its ${stop.total} items met: ${stop.met} ${stop.met === 1 ? 'is' : 'are'}, ${stop.unknown} unknown)`
    : `Level ${score.overall} comes from the self-assessment checklists (every checklist reached)`;
  const list = (g: { level: Level; controls: ControlId[] }): string =>
    `Level ${g.level}: ${g.controls.join(', ')}`;
  const below = controls.filter((g) => g.level < score.overall);
  const above = controls.filter((g) => g.level > score.overall);
  const count = (gs: typeof controls): number => gs.reduce((n, g) => n + g.controls.length, 0);
  if (!below.length && !above.length) {
    out.why = `${from}; every control is at Level ${score.overall} too.`;
  } else {
    const sit = (n: number): string => `${n} ${n === 1 ? 'control sits' : 'controls sit'}`;
    const parts = [
      below.length ? `${sit(count(below))} below it (${below.map(list).join('; ')})` : '',
      above.length ? `${sit(count(above))} above it (${above.map(list).join('; ')})` : '',
    ].filter(Boolean);
    out.why =
      `${from}; each control climbs on its own criteria (the first one not met stops it), ` +
      `so ${parts.join(' and ')}.`;
  }
  return out;
}

/**
 * The criterion that decided a control's level: the first one not met stops the climb (it is what the next
 * level needs); when every one is met, the Level 5 criterion.
 */
/**
 * What to do for the next level: the score's second `next` line is `<state> (<source>): <how>`; the state
 * and source are already shown with the deciding criterion, so only the `<how>` part is kept.
 */
export function nextAction(c: ControlResult, decided: CriterionLine | undefined): string | undefined {
  const how = c.next[1];
  if (how === undefined || !decided || decided.level !== c.level + 1) return how;
  const prefix = `${decided.state} (${decided.source}): `;
  return how.startsWith(prefix) ? how.slice(prefix.length) : how;
}

export function decidingCriterion(c: ControlResult): CriterionLine | undefined {
  const r = c.criteria.find((k) => k.state !== 'met') ?? c.criteria[c.criteria.length - 1];
  if (!r) return undefined;
  return {
    id: r.id,
    level: r.level,
    text: r.text,
    state: r.state,
    source: r.source,
    evidence: r.evidence.slice(0, MAX_CRITERION_EVIDENCE),
    moreEvidence: Math.max(0, r.evidence.length - MAX_CRITERION_EVIDENCE),
  };
}

// ---------------------------------------------------------------- diff

export function emptyDiff(): DigestDiff {
  return {
    counts: { new: 0, resolved: 0, persisting: 0, unassessed: 0, suppressed: 0 },
    new: [],
    resolved: [],
  };
}

/** Corroborating findings of this scan and of the previous one: their problem is counted by another finding. */
export interface Dedupe {
  /** Corroborating finding key -> its problem's primary finding key. */
  current: ReadonlyMap<string, string>;
  previous: ReadonlyMap<string, string>;
}

function toDigestDiff(
  raw: ReturnType<typeof diffFindings>,
  previousScanId: string,
  topN: number,
  dedupe: Dedupe,
): DigestDiff {
  // Each problem once: a finding that only corroborates another's problem is neither new nor resolved.
  const now = (f: Finding): boolean => !dedupe.current.has(findingKey(f));
  const before = (f: Finding): boolean => !dedupe.previous.has(findingKey(f));
  const d = {
    new: raw.new.filter(now),
    persisting: raw.persisting.filter(now),
    suppressed: raw.suppressed,
    resolved: raw.resolved.filter(before),
    unassessed: raw.unassessed.filter(before),
  };
  return {
    previousScanId,
    counts: {
      new: d.new.length,
      resolved: d.resolved.length,
      persisting: d.persisting.length,
      unassessed: d.unassessed.length,
      suppressed: d.suppressed.length,
    },
    new: d.new.slice(0, topN).map(toRef),
    resolved: d.resolved.slice(0, topN).map(toRef),
  };
}

// ---------------------------------------------------------------- coverage, suppressions, attestations, debt

function buildCoverage(header: ScanHeader, units: UnitSummary[], topN: number): CoverageSection {
  const failed = units.filter((u) => u.status === 'failed');
  const named: FailedUnit[] = [
    ...failed.map((u) =>
      u.error !== undefined
        ? { accountId: u.accountId, region: u.region, error: u.error }
        : { accountId: u.accountId, region: u.region },
    ),
    ...unreportedUnits(header, units).map((u) => ({
      accountId: u.accountId,
      region: u.region,
      error: 'no result: the unit never reported',
    })),
  ];
  const partial = units.filter((u) => u.status === 'partial');
  const planned = Math.max(header.coverage.unitsPlanned, header.plannedUnits?.length ?? 0, units.length);
  const groups = new Map<string, GapGroup & { unitKeys: Set<string> }>();
  let gaps = 0;
  const resources: Record<string, number> = {};
  let apiCalls = 0;
  let throttles = 0;
  for (const u of units) {
    apiCalls += u.apiCalls;
    throttles += u.throttles;
    for (const [slice, n] of Object.entries(u.resourceCounts)) resources[slice] = (resources[slice] ?? 0) + n;
    for (const g of u.gaps) {
      gaps++;
      const key = [g.code, g.service, g.action ?? '', g.slice].join('|');
      let group = groups.get(key);
      if (!group) {
        group = {
          code: g.code,
          service: g.service,
          slice: g.slice,
          units: 0,
          message: g.message,
          unitKeys: new Set(),
        };
        if (g.action !== undefined) group.action = g.action;
        if (g.hint !== undefined) group.hint = g.hint;
        groups.set(key, group);
      }
      group.unitKeys.add(`${u.accountId}#${u.region}`);
    }
  }
  const gapGroups = [...groups.entries()]
    .map(([key, { unitKeys, ...g }]) => ({ key, group: { ...g, units: unitKeys.size } }))
    .sort((a, b) => b.group.units - a.group.units || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.group);
  const sortedResources = Object.fromEntries(Object.entries(resources).sort(([a], [b]) => (a < b ? -1 : 1)));
  // Planned units that never reported (a crashed Lambda) count as failed.
  const unitsFailed = failed.length + Math.max(0, planned - units.length);
  const failedUnits = named.slice(0, topN);
  return {
    unitsPlanned: planned,
    unitsScanned: units.length - failed.length,
    unitsPartial: partial.length,
    unitsFailed,
    failedUnits,
    moreFailedUnits: Math.max(0, unitsFailed - failedUnits.length),
    gaps,
    gapGroups: gapGroups.slice(0, topN),
    moreGapGroups: Math.max(0, gapGroups.length - topN),
    resources: sortedResources,
    apiCalls,
    throttles,
  };
}

function buildSuppressions(findings: Finding[], topN: number): Digest['suppressions'] {
  const suppressed = findings.filter((f) => f.suppressedBy !== undefined).length;
  const groups = new Map<string, ExpiredSuppressionNote>();
  for (const f of findings) {
    const s = f.expiredSuppression;
    if (!s || f.suppressedBy) continue;
    const key = [s.checkId, s.resource, s.owner, s.expires].join('\u0000');
    const g = groups.get(key);
    if (g) {
      g.findings++;
      continue;
    }
    groups.set(key, {
      checkId: s.checkId,
      resource: s.resource,
      owner: s.owner,
      expires: s.expires,
      reason: s.reason,
      findings: 1,
      text: '',
    });
  }
  const expired = [...groups.values()]
    .sort((a, b) => (a.expires < b.expires ? -1 : a.expires > b.expires ? 1 : a.checkId < b.checkId ? -1 : 1))
    .map((g) => ({
      ...g,
      text:
        `suppression for ${g.checkId} on ${g.resource} by ${g.owner} expired on ${g.expires}: ` +
        `${g.findings === 1 ? 'finding' : `${g.findings} findings`} shown again`,
    }));
  return { suppressed, expired: expired.slice(0, topN), moreExpired: Math.max(0, expired.length - topN) };
}

/** The expired attestations a score met (its checklist items and criteria), as the digest lists them. */
export function scoreExpiredAttestations(s: Score): Attestation[] {
  const out: Attestation[] = [];
  for (const item of [...s.checklists.flatMap((c) => c.items), ...s.controls.flatMap((c) => c.criteria)]) {
    if (item.expiredAttestation) out.push(item.expiredAttestation);
  }
  return out;
}

/** `fromScores`: scoreExpiredAttestations of scores no longer held (the rollup keeps these, not the scores). */
export function expiredAttestations(
  attestations: Attestation[],
  scores: Score[],
  now: string,
  fromScores: readonly Attestation[] = [],
): ExpiredAttestationNote[] {
  const today = now.slice(0, 10);
  const seen = new Map<string, Attestation>();
  const add = (a: Attestation): void => {
    seen.set([a.item, a.by, a.expires, a.link].join('\u0000'), a);
  };
  // "YYYY-MM-DD after which it no longer counts": expired once today is past that date.
  for (const a of attestations) if (a.expires < today) add(a);
  for (const s of scores) for (const a of scoreExpiredAttestations(s)) add(a);
  for (const a of fromScores) add(a);
  return [...seen.values()]
    .sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.expires < b.expires ? -1 : 1))
    .map((a) => ({
      item: a.item,
      by: a.by,
      expires: a.expires,
      link: a.link,
      text: `attestation for ${a.item} by ${a.by} expired on ${a.expires}: no longer counts`,
    }));
}

/**
 * `dedupe`: corroborating finding key -> its problem's primary key (this scan's, and the previous scan's
 * for entries resolved now). The register keeps an entry per check and resource; the summary counts each
 * problem once, with the savings estimate the digest shows for it (AWS's own figure before the Price List's).
 */
export function summarizeDebt(all: DebtEntry[], startedAt: string, dedupe?: Dedupe): DebtSummary {
  const d = debtFigures(all, startedAt, dedupe);
  // Cents, to keep the sum of many small estimates exact.
  return {
    ...d,
    estimatedMonthlySavingsUsd: Math.round(d.estimatedMonthlySavingsUsd * 100) / 100,
    costOfDelayToDateUsd: Math.round(d.costOfDelayToDateUsd * 100) / 100,
  };
}

/** summarizeDebt with the savings sum unrounded (unit aggregates add these up). */
export function debtFigures(
  all: readonly DebtEntry[],
  startedAt: string,
  dedupe?: Partial<Dedupe>,
): DebtSummary {
  const problemOf = (e: DebtEntry): string => {
    const key = findingKey(e);
    const map = e.status === 'resolved' ? dedupe?.previous : dedupe?.current;
    return map?.get(key) ?? key;
  };
  const groups = new Map<string, DebtEntry[]>();
  for (const e of all) {
    const k = `${e.status}\u0000${problemOf(e)}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  // One entry per problem: its oldest entry, carrying the problem's savings and impact. The savings are the
  // digest's (lib/digest/problems.ts): AWS's own figure first (Cost Optimization Hub, then Compute Optimizer),
  // then the Price List's; entries are the same change estimated by several sources, never added up.
  const debt = [...groups.values()].map((list) => {
    const first = list.reduce((o, e) => (e.firstSeen < o.firstSeen ? e : o));
    const best = preferredSavings(list);
    const impact = list.some(hasCostOfDelay);
    return { entry: first, savings: best?.estimatedMonthlySavingsUsd ?? 0, impact };
  });
  const open = debt.filter((d) => d.entry.status === 'open');
  return {
    open: open.length,
    suppressed: debt.filter((d) => d.entry.status === 'suppressed').length,
    oldestOpenAgeDays: open.reduce((m, d) => Math.max(m, d.entry.ageDays), 0),
    newThisScan: debt.filter((d) => d.entry.firstSeen === startedAt && d.entry.status !== 'suppressed')
      .length,
    resolvedThisScan: debt.filter((d) => d.entry.status === 'resolved' && d.entry.resolvedAt === startedAt)
      .length,
    reopened: open.filter((d) => d.entry.reopened > 0).length,
    estimatedMonthlySavingsUsd: open.reduce((s, d) => s + d.savings, 0),
    costOfDelayToDateUsd: open.reduce((s, d) => s + d.savings * (d.entry.ageDays / DAYS_PER_MONTH), 0),
    withImpact: open.filter((d) => d.impact).length,
  };
}

/** An entry's savings source; entries stored before it was recorded: Compute Optimizer's checks, else ours. */
export function debtSavingsSource(e: DebtEntry): SavingsSource {
  return e.savingsSource ?? (e.checkId.startsWith('computeoptimizer-') ? 'compute-optimizer' : 'price-list');
}

/** The entry whose saving stands for the problem: the most authoritative source, then the oldest entry. */
function preferredSavings(list: readonly DebtEntry[]): DebtEntry | undefined {
  let best: DebtEntry | undefined;
  for (const e of list) {
    if (!hasCostOfDelay(e)) continue;
    const rank = SAVINGS_SOURCES.indexOf(debtSavingsSource(e));
    if (!best || rank < SAVINGS_SOURCES.indexOf(debtSavingsSource(best))) best = e;
  }
  return best;
}

/** Days in the 730-hour month the savings are estimated for. */
export const DAYS_PER_MONTH = 730 / 24;

/**
 * WAF-PERF-100 L4 "business impact quantified": an entry carries a monthly cost of delay (its estimated
 * monthly saving); an impact sentence alone ("about 20% cheaper") does not quantify it.
 */
export function hasCostOfDelay(e: DebtEntry): boolean {
  return typeof e.estimatedMonthlySavingsUsd === 'number' && Number.isFinite(e.estimatedMonthlySavingsUsd);
}

/** The savings of a list of check groups (every failing check of an account: each problem is in one group). */
export function savingsOfGroups(groups: readonly CheckGroup[], problems: number): SavingsSummary {
  return {
    estimatedMonthlySavingsUsd: cents(groups.reduce((s, g) => s + (g.estimatedMonthlySavingsUsd ?? 0), 0)),
    problemsWithSavings: groups.reduce((n, g) => n + g.resourcesWithSavings, 0),
    problems,
  };
}

export function addSavings(all: readonly SavingsSummary[]): SavingsSummary {
  return {
    estimatedMonthlySavingsUsd: cents(all.reduce((s, x) => s + x.estimatedMonthlySavingsUsd, 0)),
    problemsWithSavings: all.reduce((n, x) => n + x.problemsWithSavings, 0),
    problems: all.reduce((n, x) => n + x.problems, 0),
  };
}

const cents = (v: number): number => Math.round(v * 100) / 100;

function countFindings(findings: Finding[], problems: readonly Problem[]): Digest['counts'] {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) byStatus[f.status]++;
  for (const p of problems) bySeverity[p.primary.severity]++;
  return {
    findings: byStatus,
    failingBySeverity: bySeverity,
    problems: problems.length,
    corroborated: problems.filter((p) => p.corroborating.length > 0).length,
    unknownChecks: byStatus.unknown,
    errorChecks: byStatus.error,
  };
}

/** The level part of an account's section (level, trend, labels, next level's needs), the same for both builders. */
export function accountLevelParts(
  score: AccountSection['score'],
  prevSummary: { overall: AccountSection['score']['overall'] } | undefined,
  controls: AccountSection['controls'],
  topN: number,
): Pick<AccountSection, 'level' | 'label' | 'levels' | 'controls' | 'next' | 'itemSources'> {
  return {
    level: { current: score.overall, trend: trend(prevSummary?.overall, score.overall) },
    label: levelLabel(score.overall),
    levels: explainLevels(score),
    controls,
    next: score.next
      ? {
          level: score.next.level,
          label: levelLabel(score.next.level),
          needs: score.next.needs.slice(0, topN),
          more: Math.max(0, score.next.needs.length - topN),
        }
      : null,
    itemSources: score.counts,
  };
}
