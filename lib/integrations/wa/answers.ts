/**
 * The answers perfscan gives the Well-Architected Tool for its custom lens (lens.ts), from the scores of a
 * scan's accounts: one answer per question, each with the choices to select and notes carrying the
 * deciding evidence.
 *
 * A workload may span several accounts: a control's level is the lowest over the accounts where it applies
 * (the workload reaches a level only when each of its accounts does), and the notes name the account that
 * decided it; a checklist item applies only when it is met in every account. A control that applies in no
 * account is answered "not applicable" (OUT_OF_SCOPE) with the reason.
 *
 * Limits (AWS WA Tool API reference, UpdateAnswer): Notes at most 2,084 characters; ChoiceUpdate notes 250.
 */
import { CHECKLISTS } from '#lib/maturity/checklists.js';
import { CONTROLS } from '#lib/maturity/controls/index.js';
import { LEVELS } from '#lib/maturity/levels.js';
import type { ControlResult, ItemResult, Level, Score } from '#lib/model/index.js';
import { clip } from '../text.js';
import {
  checklistChoiceId,
  checklistMetChoiceId,
  checklistQuestionId,
  controlChoiceId,
  controlQuestionId,
} from './lens.js';

/** UpdateAnswer `Notes`: at most 2,084 characters (API reference, UpdateAnswer request body). */
export const ANSWER_NOTES_MAX = 2084;

export interface AccountScore {
  accountId: string;
  score: Score;
}

export interface LensAnswer {
  questionId: string;
  /** Choices of the lens to select; empty = none of them holds (the tool's "None of these"). */
  selected: string[];
  /** false when the question does not apply to the workload (no account has what it is about). */
  applicable: boolean;
  notes: string;
}

const labelOf = (l: Level) => LEVELS.find((x) => x.level === l)?.label ?? '';
const MAX_EVIDENCE = 6;

function criterionText(c: ItemResult): string {
  const ev = c.evidence.slice(0, MAX_EVIDENCE);
  const more = c.evidence.length - ev.length;
  const by = c.attestation
    ? ` Attested by ${c.attestation.by} on ${c.attestation.date}: ${c.attestation.link}.`
    : '';
  return `${c.id} (${c.state}, ${c.source}): ${c.text}.${by}${ev.length ? ` Evidence: ${ev.join('; ')}${more > 0 ? `; +${more} more` : ''}.` : ''}`;
}

/** The criterion that decided a control's level: the first one not met, else the highest. */
function decidingCriterion(r: ControlResult): (ItemResult & { level: Level }) | undefined {
  return r.criteria.find((c) => c.state !== 'met') ?? r.criteria[r.criteria.length - 1];
}

function controlAnswer(
  control: (typeof CONTROLS)[number],
  accounts: readonly AccountScore[],
  scanId: string,
): LensAnswer {
  const questionId = controlQuestionId(control.id);
  const results = accounts.map((a) => ({
    accountId: a.accountId,
    r: a.score.controls.find((c) => c.control === control.id),
  }));
  const applicable = results.filter(
    (x): x is { accountId: string; r: ControlResult } => x.r !== undefined && !x.r.notApplicable,
  );
  if (applicable.length === 0) {
    const why = results.map((x) => `${x.accountId}: ${x.r?.notApplicable ?? 'not scored'}`).join('; ');
    return {
      questionId,
      selected: [],
      applicable: false,
      notes: clip(`perfscan scan ${scanId}: ${control.id} does not apply. ${why}.`, ANSWER_NOTES_MAX),
    };
  }
  // The lowest level decides (ties: the first account by id).
  const decider = [...applicable].sort(
    (a, b) => a.r.level - b.r.level || (a.accountId < b.accountId ? -1 : 1),
  )[0]!;
  const level = decider.r.level;
  const selected: string[] = [];
  for (let l = 2; l <= level; l++) selected.push(controlChoiceId(control.id, l));
  const lines: string[] = [
    `perfscan scan ${scanId}: ${control.id} ${control.name} at Level ${level} (${labelOf(level)})${applicable.length > 1 ? `, the lowest of ${applicable.length} accounts` : ''}.`,
  ];
  const deciding = decidingCriterion(decider.r);
  lines.push(
    `Account ${decider.accountId}: ${deciding ? `decided by ${criterionText(deciding)}` : 'no criterion recorded.'}`,
  );
  if (decider.r.capped)
    lines.push(`Held at Level 2 (criteria reach ${decider.r.capped.from}): ${decider.r.capped.why}.`);
  if (decider.r.next.length > 0 && level < 5) lines.push(`Next level needs: ${decider.r.next.join('; ')}.`);
  const others = results.filter((x) => x.accountId !== decider.accountId);
  if (others.length > 0)
    lines.push(
      `Other accounts: ${others
        .map(
          (x) =>
            `${x.accountId} ${x.r ? (x.r.notApplicable ? 'not applicable' : `Level ${x.r.level}`) : 'not scored'}`,
        )
        .join(', ')}.`,
    );
  return { questionId, selected, applicable: true, notes: clip(lines.join('\n'), ANSWER_NOTES_MAX) };
}

function checklistAnswer(
  checklist: (typeof CHECKLISTS)[number],
  accounts: readonly AccountScore[],
  scanId: string,
): LensAnswer {
  const questionId = checklistQuestionId(checklist.level);
  const results = accounts.map((a) => ({
    accountId: a.accountId,
    r: a.score.checklists.find((c) => c.level === checklist.level),
  }));
  const selected: string[] = [];
  for (const item of checklist.items) {
    const id = `L${checklist.level}-${item.number}`;
    const metEverywhere = results.every((x) => x.r?.items.find((i) => i.id === id)?.state === 'met');
    if (metEverywhere) selected.push(checklistChoiceId(checklist.level, item.number));
  }
  if (results.every((x) => x.r?.satisfied === true)) selected.push(checklistMetChoiceId(checklist.level));
  const lines: string[] = [
    `perfscan scan ${scanId}: Level ${checklist.level} checklist, ${checklist.required} of ${checklist.items.length} items required.`,
  ];
  for (const x of results) {
    if (!x.r) {
      lines.push(`Account ${x.accountId}: not scored.`);
      continue;
    }
    const notMet = x.r.items.filter((i) => i.state === 'not met').map((i) => i.id);
    const unknown = x.r.items.filter((i) => i.state === 'unknown').map((i) => i.id);
    const attested = x.r.items.filter((i) => i.source === 'attested' && i.state === 'met');
    lines.push(
      `Account ${x.accountId}: ${x.r.met} met${x.r.satisfied ? ' (threshold reached)' : ''}` +
        `${notMet.length ? `; not met: ${notMet.join(', ')}` : ''}` +
        `${unknown.length ? `; unknown (no data, not counted): ${unknown.join(', ')}` : ''}` +
        `${attested.length ? `; attested: ${attested.map((i) => `${i.id} by ${i.attestation?.by ?? '?'} (${i.attestation?.link ?? ''})`).join(', ')}` : ''}.`,
    );
  }
  return { questionId, selected, applicable: true, notes: clip(lines.join('\n'), ANSWER_NOTES_MAX) };
}

/** One answer per question of the lens, in the lens's question order. */
export function lensAnswers(accounts: readonly AccountScore[], scanId: string): LensAnswer[] {
  if (accounts.length === 0) throw new Error('lensAnswers: the scan has no scored account.');
  return [
    ...CONTROLS.map((c) => controlAnswer(c, accounts, scanId)),
    ...CHECKLISTS.map((cl) => checklistAnswer(cl, accounts, scanId)),
  ];
}
