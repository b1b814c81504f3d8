/**
 * Score an account against the maturity model. Pure: the scan time comes in as `now`.
 *
 * - Checklist items and control criteria: the observed answer when the account shows one; otherwise a
 *   valid (not expired at `now`) attestation; otherwise `unknown` / `not assessed`. An observed answer wins
 *   over a disagreeing attestation (the evidence says so). An expired attestation is ignored and reported.
 * - A checklist is reached when met >= required and every lower checklist is reached; the overall level is
 *   the highest reached (1 when Level 2 is not).
 * - A control's level is the last consecutive level (from L2) whose criterion is met.
 */
import type {
  Attestation,
  ChecklistResult,
  ControlId,
  ControlResult,
  Finding,
  ItemResult,
  ItemSource,
  Level,
  Score,
  ScoreSummary,
  UnitFacts,
} from '#lib/model/index.js';
import type { CriterionDef, ObserveContext, ScanHistory } from './model.js';
import { CHECKLISTS, CONTROLS } from './model.js';

export interface ScoreInput {
  facts: UnitFacts;
  findings: Finding[];
  attestations: Attestation[];
  history: ScanHistory;
  /** Scan time, ISO. */
  now: string;
}

/** An attestation counts through the end of its `expires` day (UTC), like suppressions. */
export function attestationValid(a: Attestation, now: string): boolean {
  return now.slice(0, 10) <= a.expires;
}

function describeAttestation(a: Attestation): string {
  const note = a.note ? `; ${a.note}` : '';
  return `attested ${a.met ? 'met' : 'not met'} by ${a.by} on ${a.date} (expires ${a.expires}): ${a.link}${note}`;
}

/** The newest valid attestation for a criterion, and the newest expired one (when no valid one exists). */
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

function evaluate(
  def: CriterionDef,
  input: Pick<ScoreInput, 'facts' | 'findings' | 'attestations' | 'now'>,
  ctx: ObserveContext,
): ItemResult {
  const { valid, expired } = findAttestation(def, input.attestations, input.now);
  const base = { id: def.id, text: def.text };
  const expiredNote = expired ? [`attestation by ${expired.by} expired on ${expired.expires} (ignored)`] : [];
  const extra = expired ? { expiredAttestation: expired } : {};
  const a = def.assessment;

  if (a.kind === 'attestation-only') {
    if (valid) {
      return {
        ...base,
        state: valid.met ? 'met' : 'not met',
        source: 'attested',
        evidence: [describeAttestation(valid)],
        attestation: valid,
      };
    }
    return {
      ...base,
      state: 'unknown',
      source: 'not assessed',
      evidence: [`not observable in the account: attest ${def.attestationIds.join(' or ')}`, ...expiredNote],
      ...extra,
    };
  }

  const obs = a.observe(input.facts, input.findings, ctx);

  if (a.kind === 'observed+attested') {
    if (obs.state === 'not met')
      return { ...base, state: 'not met', source: 'observed', evidence: obs.evidence, ...extra };
    if (obs.state === 'unknown') {
      return {
        ...base,
        state: 'unknown',
        source: 'not assessed',
        evidence: [...obs.evidence, ...expiredNote],
        ...extra,
      };
    }
    if (valid) {
      return {
        ...base,
        state: valid.met ? 'met' : 'not met',
        source: 'attested',
        evidence: [...obs.evidence.map((e) => `observed: ${e}`), describeAttestation(valid)],
        attestation: valid,
      };
    }
    return {
      ...base,
      state: 'unknown',
      source: 'not assessed',
      evidence: [
        ...obs.evidence.map((e) => `observed: ${e}`),
        `needs an attestation (${def.attestationIds.join(' or ')}): ${a.attest}`,
        ...expiredNote,
      ],
      ...extra,
    };
  }

  if (obs.state !== 'unknown') {
    const evidence = [...obs.evidence];
    if (valid && valid.met !== (obs.state === 'met')) {
      evidence.push(
        `attestation by ${valid.by} on ${valid.date} says ${valid.met ? 'met' : 'not met'}; the observed state wins`,
      );
    }
    return { ...base, state: obs.state, source: 'observed', evidence, ...extra };
  }
  if (valid) {
    return {
      ...base,
      state: valid.met ? 'met' : 'not met',
      source: 'attested',
      evidence: [describeAttestation(valid), ...obs.evidence.map((e) => `not observable: ${e}`)],
      attestation: valid,
    };
  }
  return {
    ...base,
    state: 'unknown',
    source: 'not assessed',
    evidence: [...obs.evidence, ...expiredNote],
    ...extra,
  };
}

function howTo(def: CriterionDef, r: ItemResult): string {
  // Attestation-only hints already say "attest ...".
  if (r.state !== 'unknown' || def.assessment.kind === 'attestation-only' || def.hint.startsWith('attest '))
    return def.hint;
  return `attest ${def.attestationIds[0]} or ${def.hint}`;
}

export function scoreAccount(input: ScoreInput): Score {
  const ctx: ObserveContext = { history: input.history, now: input.now };

  const checklists: ChecklistResult[] = CHECKLISTS.map((c) => {
    const items = c.items.map((i) => evaluate(i, input, ctx));
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

  const controls: ControlResult[] = CONTROLS.map((def) => {
    const criteria = def.criteria.map((k) => ({ ...evaluate(k, input, ctx), level: k.level as Level }));
    let level: Level = 1;
    for (const r of criteria) {
      if (r.state !== 'met') break;
      level = r.level;
    }
    const next: string[] = [];
    const nextDef = def.criteria.find((k) => k.level === level + 1);
    const nextResult = criteria.find((r) => r.level === level + 1);
    if (nextDef && nextResult) {
      next.push(`Level ${nextDef.level}: ${nextDef.text}`);
      next.push(`${nextResult.state} (${nextResult.source}): ${howTo(nextDef, nextResult)}`);
    }
    return { control: def.id, name: def.name, level, criteria, next };
  });

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
  const controls = {} as Record<ControlId, Level>;
  for (const c of score.controls) controls[c.control] = c.level;
  const metAt = (level: number): number => score.checklists.find((c) => c.level === level)?.met ?? 0;
  return { overall: score.overall, controls, checklistMet: { '2': metAt(2), '3': metAt(3), '4': metAt(4) } };
}
