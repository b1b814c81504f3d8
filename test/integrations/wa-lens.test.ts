/** `perfscan wa lens`: the maturity model as a custom lens, valid against the lens format's documented limits. */
import { describe, expect, it } from 'vitest';
import { CHECKLISTS } from '#lib/maturity/checklists.js';
import { CONTROLS } from '#lib/maturity/controls/index.js';
import {
  LENS_LIMITS,
  buildLens,
  controlChoiceId,
  controlQuestionId,
  validateLens,
  type CustomLens,
} from '#lib/integrations/wa/lens.js';
import { runCli } from '../cli/helpers.js';

describe('perfscan wa lens', () => {
  it('prints a lens valid against the lens format: 10 controls and 3 checklists as questions', async () => {
    const r = await runCli(['wa', 'lens'], process.cwd());
    expect(r.code).toBe(0);
    const lens = JSON.parse(r.stdout) as CustomLens;
    expect(validateLens(lens)).toEqual([]);
    expect(lens.schemaVersion).toBe('2021-11-01');
    const qs = lens.pillars[0]!.questions;
    expect(qs.length).toBeLessThanOrEqual(LENS_LIMITS.questionsPerPillar);
    expect(qs.map((q) => q.id)).toEqual([
      ...CONTROLS.map((c) => controlQuestionId(c.id)),
      'perf_checklist_l2',
      'perf_checklist_l3',
      'perf_checklist_l4',
    ]);
    // Each control: its levels 2-5 as choices with the model's wording, a helpful resource and an improvement plan.
    for (const c of CONTROLS) {
      const q = qs.find((x) => x.id === controlQuestionId(c.id))!;
      expect(q.choices.map((x) => x.id)).toEqual([2, 3, 4, 5].map((l) => controlChoiceId(c.id, l)));
      expect(q.choices[0]!.title).toContain(c.levels[2]);
      for (const ch of q.choices) {
        expect(ch.helpfulResource.url).toMatch(/^https:\/\//);
        expect(ch.improvementPlan.displayText.length).toBeGreaterThan(0);
        // ChoiceImprovementPlan.DisplayText is 1-64 characters in the API: the short action only...
        expect(ch.improvementPlan.displayText.length).toBeLessThanOrEqual(64);
        expect(ch.improvementPlan.url).toMatch(/^https:\/\//);
      }
      // ...and the whole hint in the choice description (up to 1,024).
      for (const k of c.criteria)
        expect(q.choices.find((x) => x.id === controlChoiceId(c.id, k.level))!.description).toContain(k.hint);
      expect(q.riskRules.find((x) => x.condition === 'default')?.risk).toBe('HIGH_RISK');
    }
    // Each checklist: every item, plus the threshold choice.
    for (const cl of CHECKLISTS) {
      const q = qs.find((x) => x.id === `perf_checklist_l${cl.level}`)!;
      expect(q.choices).toHaveLength(cl.items.length + 1);
      expect(q.choices.map((x) => x.title).join('\n')).toContain(cl.items[0]!.text.slice(0, 40));
    }
  });

  it('the validator rejects what the lens format does not allow (so the test above can fail)', () => {
    const lens = buildLens();
    const q = lens.pillars[0]!.questions[0]!;
    q.title = 'x'.repeat(129);
    q.choices = Array.from({ length: 15 }, (_, i) => ({ ...q.choices[0]!, id: `c${i}` }));
    q.riskRules = [{ condition: 'nope && c1', risk: 'HIGH_RISK' }];
    q.choices[1]!.improvementPlan = { displayText: 'y'.repeat(65) };
    lens.pillars[0]!.questions.push(
      ...Array.from({ length: 8 }, (_, i) => ({ ...q, id: `extra${i}`, choices: [] })),
    );
    lens.name = '';
    const problems = validateLens(lens);
    expect(problems).toEqual(
      expect.arrayContaining([
        'name: missing',
        `question ${q.id} title: 129 characters, more than 128`,
        `question ${q.id}: 15 choices (+1 "None of these"), allowed 1-14`,
        `question ${q.id}: exactly one risk rule must have condition 'default'`,
        `question ${q.id}: risk rule names unknown choice 'nope'`,
        'pillar performance: 21 questions, more than 20',
        `question ${q.id} choice c1 improvementPlan.displayText: 65 characters, more than 64`,
      ]),
    );
  });

  it('--name sets the lens name; an over-long name is a usage error', async () => {
    const r = await runCli(['wa', 'lens', '--name', 'Acme perf'], process.cwd());
    expect((JSON.parse(r.stdout) as CustomLens).name).toBe('Acme perf');
    expect((await runCli(['wa', 'lens', '--name', 'x'.repeat(129)], process.cwd())).code).toBe(2);
  });
});
