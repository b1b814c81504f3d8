/**
 * Score an account against the maturity model. Pure: the scan time comes in as `now`.
 *
 * - Every observed requirement is a share of the resources it concerns (a measure's tally over the account's
 *   units): "41 of 52 request entry points alarm on p95/p99 latency (79%)", met when the share reaches the one
 *   its wording maps to (shares.ts). Resources without data never count as meeting; when the whole denominator
 *   lacks data, or a unit could not be assessed and the share is not already decided, the answer is `unknown`.
 * - Checklist items and control criteria: the observed answer when the account shows one; otherwise a valid
 *   (not expired at `now`) attestation; otherwise `unknown` / `not assessed`. An observed answer wins over a
 *   disagreeing attestation. An expired attestation is ignored and reported.
 * - A checklist is reached when met >= required and every lower checklist is reached.
 * - A control is `not applicable` when the account has none of what it is about; otherwise its level is the last
 *   consecutive level (from L2) whose criterion is met, held at Level 2 while one of its own checks fails on most
 *   of its resources (or a control-specific cap applies).
 */
import type {
  Attestation,
  ChecklistResult,
  ControlId,
  ControlResult,
  FactSource,
  Finding,
  ItemResult,
  ItemSource,
  ItemState,
  Level,
  Score,
  ScoreSummary,
  Tally,
  UnitFacts,
} from '#lib/model/index.js';
import { formatBeside } from '#lib/model/index.js';
import { CHECKLISTS } from './checklists.js';
import { CONTROLS } from './controls/index.js';
import { measure } from './measures/index.js';
import { DEFAULT_SHARES, required, shareLabel } from './shares.js';
import type {
  CriterionDef,
  HistoryRequirement,
  Requirement,
  ScanHistory,
  ShareName,
  Shares,
} from './types.js';

export type { ScanHistory } from './types.js';

export interface ScoreInput {
  facts: UnitFacts;
  /** Kept for callers; the score reads the per-check tallies in `facts`. */
  findings?: Finding[];
  attestations: Attestation[];
  history: ScanHistory;
  /** Scan time, ISO. */
  now: string;
  /** Wording-to-share mapping (config `maturity.shares`); defaults from shares.ts. */
  shares?: Shares;
}

interface Observation {
  state: ItemState;
  evidence: string[];
}

/** An attestation counts through the end of its `expires` day (UTC), like suppressions. */
export function attestationValid(a: Attestation, now: string): boolean {
  return now.slice(0, 10) <= a.expires;
}

function describeAttestation(a: Attestation): string {
  const note = a.note ? `; ${a.note}` : '';
  return `attested ${a.met ? 'met' : 'not met'} by ${a.by} on ${a.date} (expires ${a.expires}): ${a.link}${note}`;
}

function findAttestation(
  def: CriterionDef,
  attestations: readonly Attestation[],
  now: string,
): { valid?: Attestation; expired?: Attestation } {
  const mine = attestations
    .filter((a) => def.attestationIds.includes(a.item))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const valid = mine.find((a) => attestationValid(a, now));
  if (valid) return { valid };
  const expired = mine[0];
  return expired ? { expired } : {};
}

// ---------------------------------------------------------------- coverage

/** Every unit assessed the sources: no gap, nothing left unscanned, at least one unit. */
export function complete(f: UnitFacts, sources: readonly FactSource[]): boolean {
  return sources.every((s) => {
    const c = f.coverage[s];
    return c.assessed > 0 && c.gaps === 0 && c.notScanned === 0;
  });
}

/** Why a set of sources is not fully assessed, in words. */
export function coverageGaps(f: UnitFacts, sources: readonly FactSource[]): string[] {
  const out: string[] = [];
  for (const s of sources) {
    const c = f.coverage[s];
    const units = c.assessed + c.gaps + c.notScanned;
    if (units === 0) out.push(`${s}: not collected in any unit (not assessed)`);
    else if (c.gaps > 0 || c.notScanned > 0) {
      const parts = [
        c.gaps > 0 ? `gap in ${c.gaps} of ${units} units` : '',
        c.notScanned > 0 ? `not scanned in ${c.notScanned}` : '',
      ];
      out.push(`${s}: ${parts.filter(Boolean).join(', ')} (not assessed)`);
    }
  }
  return out;
}

/**
 * `n` of `d` as a percentage for evidence, never rounded onto or across the share it is judged against (199 of
 * 200 is "99.5%" beside "needs all (100%)", not "100%"; 1 of 300 is "0.3%" beside "at least one", not "0%").
 */
const pct = (n: number, d: number, threshold: number): string =>
  d === 0 ? 'n/a' : `${formatBeside((n / d) * 100, threshold, 0)}%`;
/** The share a requirement is judged against, in percent (`one`: more than none). */
const sharePercent = (share: ShareName, shares: Shares): number =>
  share === 'one' ? 0 : shares[share] * 100;

function isHistory(r: Requirement | HistoryRequirement): r is HistoryRequirement {
  return 'tally' in r;
}

/** One requirement: the tally, the share, and what decides. */
export function observeRequirement(
  r: Requirement | HistoryRequirement,
  facts: UnitFacts,
  history: ScanHistory,
  shares: Shares,
): Observation {
  let t: Tally;
  let denominator: string;
  let meets: string;
  let full = true;
  let gaps: string[] = [];
  if (isHistory(r)) {
    t = r.tally(history);
    denominator = r.denominator;
    meets = r.meets;
  } else {
    const m = measure(r.measure);
    t = facts.measures[m.id] ?? { of: 0, met: 0, noData: 0 };
    denominator = m.denominator;
    meets = m.meets;
    full = complete(facts, m.sources);
    gaps = full ? [] : coverageGaps(facts, m.sources);
  }
  const need = shareLabel(r.share, shares);
  if (t.of === 0) {
    const ev = `0 ${denominator}: nothing to count (needs ${need})`;
    if (!full) return { state: 'unknown', evidence: [ev, ...gaps] };
    return { state: r.whenNone ?? 'not met', evidence: [ev] };
  }
  const noData = t.noData > 0 ? `; ${t.noData} without data (not counted as meeting)` : '';
  const ev = `${t.met} of ${t.of} ${denominator} ${meets} (${pct(t.met, t.of, sharePercent(r.share, shares))}); needs ${need}${noData}`;
  const want = required(r.share, t.of, shares);
  if (t.met >= want) {
    // "At least one" holds whatever the missing units hold; a share could still drop below.
    if (full || r.share === 'one') return { state: 'met', evidence: [ev] };
    return { state: 'unknown', evidence: [ev, ...gaps] };
  }
  if (t.noData >= t.of) return { state: 'unknown', evidence: [ev, 'no data for any of them'] };
  if (!full) return { state: 'unknown', evidence: [ev, ...gaps] };
  return { state: 'not met', evidence: [ev] };
}

function observeAll(def: CriterionDef, facts: UnitFacts, history: ScanHistory, shares: Shares): Observation {
  const obs = def.observe.map((r) => observeRequirement(r, facts, history, shares));
  const evidence = obs.flatMap((o) => o.evidence);
  const state: ItemState = obs.some((o) => o.state === 'not met')
    ? 'not met'
    : obs.some((o) => o.state === 'unknown')
      ? 'unknown'
      : 'met';
  if (state === 'not met' && def.notMetIsUnknown) {
    return {
      state: 'unknown',
      evidence: [...evidence, 'absence in the account proves nothing: attest it if it holds'],
    };
  }
  return { state, evidence };
}

// ---------------------------------------------------------------- criteria

function evaluate(
  def: CriterionDef,
  input: { facts: UnitFacts; attestations: readonly Attestation[]; history: ScanHistory; now: string },
  shares: Shares,
): ItemResult {
  const { valid, expired } = findAttestation(def, input.attestations, input.now);
  const base = { id: def.id, text: def.text };
  const expiredNote = expired ? [`attestation by ${expired.by} expired on ${expired.expires} (ignored)`] : [];
  const extra = expired ? { expiredAttestation: expired } : {};
  const attested = (evidence: string[]): ItemResult => ({
    ...base,
    state: valid?.met ? 'met' : 'not met',
    source: 'attested',
    evidence,
    ...(valid ? { attestation: valid } : {}),
  });
  const notAssessed = (evidence: string[]): ItemResult => ({
    ...base,
    state: 'unknown',
    source: 'not assessed',
    evidence: [...evidence, ...expiredNote],
    ...extra,
  });

  if (def.observe.length === 0) {
    if (valid) return attested([describeAttestation(valid)]);
    return notAssessed([`not observable in the account: attest ${def.attestationIds.join(' or ')}`]);
  }

  const obs = observeAll(def, input.facts, input.history, shares);

  if (def.attest && !def.orAttested) {
    // Both parts: the observed one must hold, and an attestation must confirm the practice.
    if (obs.state === 'not met')
      return { ...base, state: 'not met', source: 'observed', evidence: obs.evidence, ...extra };
    if (obs.state === 'unknown') return notAssessed(obs.evidence);
    if (valid) return attested([...obs.evidence.map((e) => `observed: ${e}`), describeAttestation(valid)]);
    return notAssessed([
      ...obs.evidence.map((e) => `observed: ${e}`),
      `needs an attestation (${def.attestationIds.join(' or ')}): ${def.attest}`,
    ]);
  }

  if (obs.state === 'met' || (obs.state === 'not met' && !def.orAttested)) {
    const evidence = [...obs.evidence];
    if (valid && valid.met !== (obs.state === 'met')) {
      evidence.push(
        `attestation by ${valid.by} on ${valid.date} says ${valid.met ? 'met' : 'not met'}; the observed state wins`,
      );
    }
    return { ...base, state: obs.state, source: 'observed', evidence, ...extra };
  }
  if (valid) return attested([describeAttestation(valid), ...obs.evidence.map((e) => `observed: ${e}`)]);
  if (obs.state === 'not met')
    return { ...base, state: 'not met', source: 'observed', evidence: obs.evidence, ...extra };
  return notAssessed(obs.evidence);
}

function howTo(def: CriterionDef, r: ItemResult): string {
  if (r.state !== 'unknown' || def.observe.length === 0 || def.hint.startsWith('attest ')) return def.hint;
  return `attest ${def.attestationIds[0]} or ${def.hint}`;
}

// ---------------------------------------------------------------- controls

/** The cap: a check of this control failing on most of its resources, or a control-specific cap. */
function capReason(controlId: ControlId, facts: UnitFacts, shares: Shares): string | undefined {
  const def = CONTROLS.find((c) => c.id === controlId);
  const reasons: { share: number; text: string }[] = [];
  for (const [checkId, t] of Object.entries(facts.checks)) {
    if (t.control !== controlId) continue;
    const judged = t.pass + t.fail;
    if (judged === 0 || t.fail < required('most', judged, shares)) continue;
    reasons.push({
      share: t.fail / judged,
      text: `${checkId} fails on ${t.fail} of ${judged} resources (${pct(t.fail, judged, sharePercent('most', shares))})`,
    });
  }
  for (const c of def?.capAtTwo ?? []) {
    const t = facts.measures[c.measure];
    if (!t || t.of === 0 || t.met < required(c.share, t.of, shares)) continue;
    const m = measure(c.measure);
    reasons.push({
      share: t.met / t.of,
      text: `${c.why}: ${t.met} of ${t.of} ${m.denominator} ${m.meets} (${pct(t.met, t.of, sharePercent(c.share, shares))})`,
    });
  }
  reasons.sort((a, b) => b.share - a.share);
  return reasons[0]?.text;
}

function scoreControls(
  input: { facts: UnitFacts; attestations: readonly Attestation[]; history: ScanHistory; now: string },
  shares: Shares,
): ControlResult[] {
  return CONTROLS.map((def) => {
    const criteria = def.criteria.map((k) => ({ ...evaluate(k, input, shares), level: k.level as Level }));
    const result: ControlResult = { control: def.id, name: def.name, level: 1, criteria, next: [] };
    if (def.subject) {
      const m = measure(def.subject.measure);
      const t = input.facts.measures[m.id];
      if (t && t.of === 0 && complete(input.facts, m.sources)) {
        result.notApplicable = `${def.subject.none} in the scanned account`;
        return result;
      }
    }
    let level: Level = 1;
    for (const r of criteria) {
      if (r.state !== 'met') break;
      level = r.level;
    }
    if (level > 2) {
      const why = capReason(def.id, input.facts, shares);
      if (why) {
        result.capped = { from: level, why };
        level = 2;
      }
    }
    result.level = level;
    const nextDef = def.criteria.find((k) => k.level === level + 1);
    const nextResult = criteria.find((r) => r.level === level + 1);
    if (result.capped) {
      result.next.push(`Level ${result.capped.from} is held at Level 2: ${result.capped.why}`);
      result.next.push('fix the failing check on most of its resources to lift the cap');
    } else if (nextDef && nextResult) {
      result.next.push(`Level ${nextDef.level}: ${nextDef.text}`);
      result.next.push(`${nextResult.state} (${nextResult.source}): ${howTo(nextDef, nextResult)}`);
    }
    return result;
  });
}

// ---------------------------------------------------------------- account

export function scoreAccount(input: ScoreInput): Score {
  const shares = input.shares ?? DEFAULT_SHARES;
  const checklists: ChecklistResult[] = CHECKLISTS.map((c) => {
    const items = c.items.map((i) => evaluate(i, input, shares));
    const metCount = items.filter((r) => r.state === 'met').length;
    return {
      level: c.level,
      required: c.required,
      total: c.items.length,
      met: metCount,
      unknown: items.filter((r) => r.state === 'unknown').length,
      satisfied: metCount >= c.required,
      items,
    };
  });

  let overall: Level = 1;
  for (const c of checklists) {
    // A level is only reached when every lower level is reached too.
    if (!c.satisfied || overall !== c.level - 1) break;
    overall = c.level;
  }

  const controls = scoreControls(input, shares);

  const counts: Record<ItemSource, number> = { observed: 0, attested: 0, 'not assessed': 0 };
  for (const c of checklists) for (const i of c.items) counts[i.source]++;

  let next: Score['next'] = null;
  const target = checklists.find((c) => c.level === overall + 1);
  if (target) {
    const defs = CHECKLISTS.find((c) => c.level === target.level)?.items ?? [];
    const line = (r: ItemResult): string => {
      const def = defs.find((d) => d.id === r.id);
      return `${r.id} ${r.text} (${r.state}): ${def ? howTo(def, r) : ''}`;
    };
    const open = target.items.filter((r) => r.state !== 'met');
    next = {
      level: target.level as Level,
      needs: [
        ...open.filter((r) => r.state === 'unknown').map(line),
        ...open.filter((r) => r.state === 'not met').map(line),
      ],
    };
  }

  return { overall, checklists, controls, next, counts };
}

export function summarizeScore(score: Score): ScoreSummary {
  const controls: ScoreSummary['controls'] = {};
  for (const c of score.controls) if (!c.notApplicable) controls[c.control] = c.level;
  const metAt = (level: number): number => score.checklists.find((c) => c.level === level)?.met ?? 0;
  return { overall: score.overall, controls, checklistMet: { '2': metAt(2), '3': metAt(3), '4': metAt(4) } };
}
