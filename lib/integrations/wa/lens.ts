/**
 * The perfscan maturity model as a Well-Architected Tool custom lens (lens format schemaVersion 2021-11-01):
 * one pillar (`performance`), the 10 controls as questions with their levels 2-5 as choices, and the three
 * self-assessment checklists as questions with their items as choices. Built from the public model exports
 * (CONTROLS, CHECKLISTS, LEVELS) and the check registry (improvement-plan links: the remediation docs of the
 * checks that observe each control).
 *
 * Limits of the lens format (AWS WA Tool user guide, "Lens format specification", and the API reference
 * Choice/ChoiceContent shapes): lens name <= 128 and description <= 2048 characters; pillar id <= 64 and name
 * <= 128; at most 20 questions a pillar; question id <= 128, title <= 128, description <= 2048; at most 15
 * choices a question (the tool adds "None of these", so perfscan uses at most 14); choice id <= 64, title
 * <= 128, description <= 1024; helpful-resource display text <= 1024 (ChoiceContent); improvement-plan
 * display text <= 64: the lens's improvement plan comes back in the tool's improvement list
 * (ListLensReviewImprovements, ChoiceImprovementPlan.DisplayText: 1-64 characters), so perfscan keeps it
 * within 64 (a short action) and puts the whole hint in the choice description; 3 risk rules a question
 * (HIGH_RISK, MEDIUM_RISK, NO_RISK), one with condition `default`; the lens file <= 500 KB.
 */
import { CHECKS } from '#lib/checks/registry.js';
import { CHECKLISTS } from '#lib/maturity/checklists.js';
import { CONTROLS } from '#lib/maturity/controls/index.js';
import { LEVELS } from '#lib/maturity/levels.js';
import type { ControlId } from '#lib/model/index.js';
import { clip } from '../text.js';

export const LENS_SCHEMA_VERSION = '2021-11-01';
export const PILLAR_ID = 'performance';
const PILLAR_URL =
  'https://docs.aws.amazon.com/wellarchitected/latest/performance-efficiency-pillar/welcome.html';

export const LENS_LIMITS = {
  lensName: 128,
  lensDescription: 2048,
  pillarId: 64,
  pillarName: 128,
  questionsPerPillar: 20,
  questionId: 128,
  questionTitle: 128,
  questionDescription: 2048,
  choicesPerQuestion: 15,
  choiceId: 64,
  choiceTitle: 128,
  choiceDescription: 1024,
  displayText: 1024,
  /** ChoiceImprovementPlan.DisplayText (API reference): 1-64 characters. */
  improvementPlanText: 64,
  riskRules: 3,
  lensBytes: 500 * 1024,
} as const;

export type Risk = 'HIGH_RISK' | 'MEDIUM_RISK' | 'NO_RISK';

export interface LensContent {
  displayText: string;
  url?: string;
}

export interface LensChoice {
  id: string;
  title: string;
  description?: string;
  helpfulResource: LensContent;
  improvementPlan: LensContent;
}

export interface LensQuestion {
  id: string;
  title: string;
  description: string;
  helpfulResource: LensContent;
  choices: LensChoice[];
  riskRules: { condition: string; risk: Risk }[];
}

export interface CustomLens {
  schemaVersion: string;
  name: string;
  description: string;
  pillars: { id: string; name: string; questions: LensQuestion[] }[];
}

/** Question and choice ids: letters, digits and underscores (the lens format's id characters). */
export const controlQuestionId = (c: ControlId) => `perf_${c.replace('WAF-PERF-', '').toLowerCase()}`;
export const controlChoiceId = (c: ControlId, level: number) => `${controlQuestionId(c)}_l${level}`;
export const checklistQuestionId = (level: number) => `perf_checklist_l${level}`;
export const checklistChoiceId = (level: number, n: number) => `${checklistQuestionId(level)}_i${n}`;
export const checklistMetChoiceId = (level: number) => `${checklistQuestionId(level)}_met`;

/** First remediation doc of the checks that observe a control: where to read how to improve it. */
function improvementUrl(control: ControlId): string {
  for (const c of CHECKS) if (c.control === control && c.remediation.docs[0]) return c.remediation.docs[0];
  return PILLAR_URL;
}

function content(text: string, url?: string): LensContent {
  return { displayText: clip(text, LENS_LIMITS.displayText), ...(url ? { url } : {}) };
}

/** An improvement plan: at most 64 characters, cut at a word boundary (the full hint is in the description). */
function plan(text: string, url?: string): LensContent {
  const max = LENS_LIMITS.improvementPlanText;
  let t = text;
  if (t.length > max) {
    const cut = t.slice(0, max - 1);
    const space = cut.lastIndexOf(' ');
    t = `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(]+$/, '')}…`;
  }
  return { displayText: t, ...(url ? { url } : {}) };
}

export function buildLens(opts: { name?: string } = {}): CustomLens {
  const questions: LensQuestion[] = [];
  for (const c of CONTROLS) {
    const q = controlQuestionId(c.id);
    const url = improvementUrl(c.id);
    questions.push({
      id: q,
      title: clip(`${c.id} ${c.name}: which levels does the workload reach?`, LENS_LIMITS.questionTitle),
      description: clip(
        `Level 1: ${c.levels[1]}. Select each level whose criterion holds; a level counts only when every lower level holds. perfscan answers from the account's state and attestations (perfscan wa sync).`,
        LENS_LIMITS.questionDescription,
      ),
      helpfulResource: content(
        `perfscan maturity model, ${c.id} ${c.name}: levels and how each is observed.`,
        PILLAR_URL,
      ),
      choices: c.criteria.map((k) => ({
        id: controlChoiceId(c.id, k.level),
        title: clip(`Level ${k.level}: ${c.levels[k.level]}`, LENS_LIMITS.choiceTitle),
        description: clip(`${k.text}. To reach it: ${k.hint}.`, LENS_LIMITS.choiceDescription),
        helpfulResource: content(
          `${LEVELS.find((l) => l.level === k.level)?.label ?? ''}: ${k.text}`,
          PILLAR_URL,
        ),
        improvementPlan: plan(k.hint, url),
      })),
      riskRules: [
        { condition: `${controlChoiceId(c.id, 2)} && ${controlChoiceId(c.id, 3)}`, risk: 'NO_RISK' },
        { condition: controlChoiceId(c.id, 2), risk: 'MEDIUM_RISK' },
        { condition: 'default', risk: 'HIGH_RISK' },
      ],
    });
  }
  for (const cl of CHECKLISTS) {
    const q = checklistQuestionId(cl.level);
    const label = LEVELS.find((l) => l.level === cl.level)?.label ?? '';
    questions.push({
      id: q,
      title: clip(`Level ${cl.level} (${label}) checklist: which items apply?`, LENS_LIMITS.questionTitle),
      description: clip(cl.rule, LENS_LIMITS.questionDescription),
      helpfulResource: content(
        `perfscan maturity model: the Level ${cl.level} self-assessment checklist.`,
        PILLAR_URL,
      ),
      choices: [
        ...cl.items.map((i) => ({
          id: checklistChoiceId(cl.level, i.number),
          title: clip(`${i.id}: ${i.text}`, LENS_LIMITS.choiceTitle),
          description: clip(`${i.text}. To meet it: ${i.hint}.`, LENS_LIMITS.choiceDescription),
          helpfulResource: content(i.text, PILLAR_URL),
          improvementPlan: plan(i.hint, PILLAR_URL),
        })),
        {
          id: checklistMetChoiceId(cl.level),
          title: clip(
            `At least ${cl.required} of ${cl.items.length} items apply (Level ${cl.level} threshold)`,
            LENS_LIMITS.choiceTitle,
          ),
          helpfulResource: content(cl.rule, PILLAR_URL),
          improvementPlan: plan(`Turn more Level ${cl.level} items to met (see the digest)`, PILLAR_URL),
        },
      ],
      // Level 2 unmet is a high risk (Level 1 action required); Levels 3 and 4 unmet are medium.
      riskRules:
        cl.level === 2
          ? [
              { condition: checklistMetChoiceId(cl.level), risk: 'NO_RISK' },
              { condition: checklistChoiceId(cl.level, 1), risk: 'MEDIUM_RISK' },
              { condition: 'default', risk: 'HIGH_RISK' },
            ]
          : [
              { condition: checklistMetChoiceId(cl.level), risk: 'NO_RISK' },
              { condition: 'default', risk: 'MEDIUM_RISK' },
            ],
    });
  }
  return {
    schemaVersion: LENS_SCHEMA_VERSION,
    name: clip(opts.name ?? 'perfscan Performance Efficiency maturity', LENS_LIMITS.lensName),
    description: clip(
      'The Performance Efficiency maturity model perfscan scores accounts against: ten controls (WAF-PERF-010 to 100), each at Level 1-5, and the Level 2-4 self-assessment checklists. perfscan answers the questions from the live state and metrics of the account, or from attestations, with the deciding evidence in the notes.',
      LENS_LIMITS.lensDescription,
    ),
    pillars: [{ id: PILLAR_ID, name: 'Performance Efficiency maturity', questions }],
  };
}

/** Every rule of the lens format the lens breaks (empty = valid): counts, lengths, ids, risk rules, size. */
export function validateLens(lens: CustomLens): string[] {
  const problems: string[] = [];
  const L = LENS_LIMITS;
  const len = (what: string, v: string | undefined, max: number, required = true) => {
    if (v === undefined || v === '') {
      if (required) problems.push(`${what}: missing`);
    } else if (v.length > max) problems.push(`${what}: ${v.length} characters, more than ${max}`);
  };
  const url = (what: string, v: string | undefined) => {
    if (v !== undefined && !/^https:\/\/\S+$/.test(v)) problems.push(`${what}: '${v}' is not an https URL`);
  };
  const ID = /^[A-Za-z0-9_]+$/;
  if (lens.schemaVersion !== LENS_SCHEMA_VERSION)
    problems.push(`schemaVersion: must be ${LENS_SCHEMA_VERSION}`);
  len('name', lens.name, L.lensName);
  len('description', lens.description, L.lensDescription);
  if (lens.pillars.length === 0) problems.push('pillars: at least one');
  const ids = new Set<string>();
  const unique = (what: string, id: string) => {
    if (ids.has(id)) problems.push(`${what}: id '${id}' used twice`);
    ids.add(id);
    if (!ID.test(id)) problems.push(`${what}: id '${id}' has characters other than letters, digits and _`);
  };
  for (const p of lens.pillars) {
    len(`pillar ${p.id} id`, p.id, L.pillarId);
    len(`pillar ${p.id} name`, p.name, L.pillarName);
    unique(`pillar ${p.id}`, p.id);
    if (p.questions.length > L.questionsPerPillar)
      problems.push(`pillar ${p.id}: ${p.questions.length} questions, more than ${L.questionsPerPillar}`);
    for (const q of p.questions) {
      const w = `question ${q.id}`;
      unique(w, q.id);
      len(`${w} id`, q.id, L.questionId);
      len(`${w} title`, q.title, L.questionTitle);
      len(`${w} description`, q.description, L.questionDescription);
      len(`${w} helpfulResource.displayText`, q.helpfulResource.displayText, L.displayText);
      url(`${w} helpfulResource.url`, q.helpfulResource.url);
      // The tool adds a "None of these" choice to every question.
      if (q.choices.length === 0 || q.choices.length + 1 > L.choicesPerQuestion)
        problems.push(
          `${w}: ${q.choices.length} choices (+1 "None of these"), allowed 1-${L.choicesPerQuestion - 1}`,
        );
      const choiceIds = new Set<string>();
      for (const c of q.choices) {
        const cw = `${w} choice ${c.id}`;
        unique(cw, c.id);
        choiceIds.add(c.id);
        len(`${cw} id`, c.id, L.choiceId);
        len(`${cw} title`, c.title, L.choiceTitle);
        len(`${cw} description`, c.description, L.choiceDescription, false);
        len(`${cw} helpfulResource.displayText`, c.helpfulResource.displayText, L.displayText);
        len(`${cw} improvementPlan.displayText`, c.improvementPlan.displayText, L.improvementPlanText);
        url(`${cw} helpfulResource.url`, c.helpfulResource.url);
        url(`${cw} improvementPlan.url`, c.improvementPlan.url);
      }
      if (q.riskRules.length > L.riskRules) problems.push(`${w}: more than ${L.riskRules} risk rules`);
      if (q.riskRules.filter((r) => r.condition === 'default').length !== 1)
        problems.push(`${w}: exactly one risk rule must have condition 'default'`);
      if (new Set(q.riskRules.map((r) => r.risk)).size !== q.riskRules.length)
        problems.push(`${w}: each risk (HIGH_RISK, MEDIUM_RISK, NO_RISK) at most once`);
      for (const r of q.riskRules) {
        if (r.condition === 'default') continue;
        for (const tok of r.condition.split(/\s*(?:&&|\|\|)\s*/)) {
          const id = tok.replace(/^!/, '').replace(/[()]/g, '').trim();
          if (!choiceIds.has(id)) problems.push(`${w}: risk rule names unknown choice '${id}'`);
        }
      }
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(lens), 'utf8');
  if (bytes > L.lensBytes) problems.push(`lens: ${bytes} bytes, more than ${L.lensBytes}`);
  return problems;
}
