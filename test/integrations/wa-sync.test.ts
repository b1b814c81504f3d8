/**
 * `wa sync` against a Well-Architected Tool stand-in (aws-sdk-client-mock, test/integrations/fake-wellarchitected.ts):
 * the exact request sequence of a first sync, an idempotent re-run (no new lens version, no second milestone),
 * a changed lens (a new version and the review upgraded), a missing workload (an error naming --workload and
 * nothing written), and answers carrying the level choices and the deciding evidence within the API limits.
 */
import { ListMilestonesCommand, WellArchitectedClient } from '@aws-sdk/client-wellarchitected';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulatedAccount } from '#lib/sim/index.js';
import type { Level, Score } from '#lib/model/index.js';
import { ANSWER_NOTES_MAX, lensAnswers, type AccountScore } from '#lib/integrations/wa/answers.js';
import {
  buildLens,
  checklistMetChoiceId,
  controlChoiceId,
  controlQuestionId,
} from '#lib/integrations/wa/lens.js';
import { WaSyncError, lensVersionName, syncWorkload } from '#lib/integrations/wa/sync.js';
import { scanAndScore } from '#test/helpers/sim-scenario.js';
import { fakeWellArchitected, type FakeWa } from './fake-wellarchitected.js';

const SCAN = '2026-11-30T06-00-00Z-ab12cd';
let real: AccountScore;
let wa: FakeWa;
const client = () => new WellArchitectedClient({ region: 'eu-west-1' });

beforeAll(async () => {
  const account = createSimulatedAccount();
  real = { accountId: account.accountId, score: (await scanAndScore(account)).score };
}, 60_000);
beforeEach(() => {
  wa = fakeWellArchitected();
});
afterEach(() => wa.mock.restore());

const QUESTIONS = 13; // 10 controls + 3 checklists

function sync(over: Partial<Parameters<typeof syncWorkload>[0]> = {}) {
  return syncWorkload({
    client: client(),
    workloadName: 'Checkout',
    lens: buildLens(),
    answers: lensAnswers([real], SCAN),
    scanId: SCAN,
    sleep: async () => undefined,
    ...over,
  });
}

describe('wa sync', () => {
  it('first run: finds the workload, imports and publishes the lens, associates it, answers, one milestone', async () => {
    const w = wa.addWorkload('Checkout');
    const r = await sync();
    expect(wa.sequence()).toEqual([
      'ListWorkloads',
      'ListLenses',
      'ImportLens',
      'CreateLensVersion',
      'AssociateLenses',
      'ListAnswers',
      ...Array<string>(QUESTIONS).fill('UpdateAnswer'),
      'ListMilestones',
      'CreateMilestone',
    ]);
    const lens = wa.lenses[0]!;
    expect(r).toMatchObject({
      workloadId: w.id,
      lensArn: lens.arn,
      lens: 'imported',
      lensVersion: lensVersionName(buildLens()),
      associated: true,
      upgraded: false,
      answered: QUESTIONS,
      milestone: { name: `perfscan ${SCAN}`, number: 1, created: true },
    });
    // The request shapes the API documents.
    const call = (c: string) => wa.calls.find((x) => x.command === c)!.input;
    expect(call('ListLenses')).toMatchObject({ LensType: 'CUSTOM_SELF', LensName: buildLens().name });
    expect(JSON.parse(call('ImportLens').JSONString as string)).toEqual(buildLens());
    expect(call('ImportLens').LensAlias).toBeUndefined();
    expect(call('CreateLensVersion')).toMatchObject({ LensAlias: lens.arn, IsMajorVersion: true });
    expect(String(call('CreateLensVersion').LensVersion)).toMatch(/^ps-[0-9a-f]{12}$/);
    expect(call('AssociateLenses')).toEqual({ WorkloadId: w.id, LensAliases: [lens.arn] });
    expect(call('ListAnswers')).toMatchObject({
      WorkloadId: w.id,
      LensAlias: lens.arn,
      PillarId: 'performance',
    });
    expect(call('CreateMilestone')).toMatchObject({ WorkloadId: w.id, MilestoneName: `perfscan ${SCAN}` });
    expect(w.milestones).toEqual([{ number: 1, name: `perfscan ${SCAN}` }]);
    // Every question answered, each answer's notes within the limit.
    expect(w.answers.size).toBe(QUESTIONS);
    for (const a of w.answers.values()) expect(a.notes!.length).toBeLessThanOrEqual(ANSWER_NOTES_MAX);
  });

  it('re-run for the same scan: no import, no new version, no second milestone', async () => {
    const w = wa.addWorkload('Checkout');
    await sync();
    const answersBefore = new Map(w.answers);
    wa.reset();
    const r = await sync();
    expect(wa.sequence()).toEqual([
      'ListWorkloads',
      'ListLenses',
      'GetLensReview',
      'ListAnswers',
      ...Array<string>(QUESTIONS).fill('UpdateAnswer'),
      'ListMilestones',
    ]);
    expect(r).toMatchObject({ lens: 'unchanged', associated: false, upgraded: false });
    expect(r.milestone).toEqual({ name: `perfscan ${SCAN}`, number: 1, created: false });
    expect(wa.lenses[0]!.versions).toHaveLength(1);
    expect(w.milestones).toHaveLength(1);
    expect(w.answers).toEqual(answersBefore);
  });

  it('a milestone created concurrently (ConflictException) counts as there', async () => {
    const w = wa.addWorkload('Checkout');
    await sync();
    // A list that does not show it yet (eventual consistency): CreateMilestone conflicts, the sync succeeds.
    wa.mock.on(ListMilestonesCommand).resolves({ MilestoneSummaries: [] });
    const r = await sync();
    expect(r.milestone.created).toBe(false);
    expect(w.milestones).toHaveLength(1);
  });

  it('a changed lens: ImportLens onto the same ARN, a new version, the review upgraded', async () => {
    const w = wa.addWorkload('Checkout');
    await sync();
    wa.reset();
    const changed = buildLens();
    changed.description = `${changed.description} (revised)`;
    const r = await sync({ lens: changed, scanId: `${SCAN}-r1`, answers: lensAnswers([real], `${SCAN}-r1`) });
    expect(wa.sequence()).toEqual([
      'ListWorkloads',
      'ListLenses',
      'ImportLens',
      'CreateLensVersion',
      'GetLensReview',
      'UpgradeLensReview',
      'ListAnswers',
      ...Array<string>(QUESTIONS).fill('UpdateAnswer'),
      'ListMilestones',
      'CreateMilestone',
    ]);
    const lens = wa.lenses[0]!;
    expect(wa.lenses).toHaveLength(1);
    expect(wa.calls.find((c) => c.command === 'ImportLens')!.input.LensAlias).toBe(lens.arn);
    expect(lens.versions.map((v) => v.name)).toEqual([
      lensVersionName(buildLens()),
      lensVersionName(changed),
    ]);
    expect(r).toMatchObject({ lens: 'new version', upgraded: true, lensVersion: lensVersionName(changed) });
    expect(w.lenses.get(lens.arn)).toEqual({ version: lensVersionName(changed) });
    expect(w.milestones.map((m) => m.name)).toEqual([
      `perfscan ${SCAN}`,
      `perfscan before lens ${lensVersionName(changed)}`,
      `perfscan ${SCAN}-r1`,
    ]);
  });

  it('a lens changed back to an earlier content gets a dated version name (names are unique per lens)', async () => {
    wa.addWorkload('Checkout');
    await sync();
    const changed = buildLens();
    changed.description = `${changed.description} (revised)`;
    await sync({ lens: changed });
    const r = await sync({ lens: buildLens() });
    expect(r.lens).toBe('new version');
    expect(r.lensVersion).toMatch(new RegExp(`^${lensVersionName(buildLens())}-\\d{6}T\\d{4}$`));
    expect(r.lensVersion.length).toBeLessThanOrEqual(32);
  });

  it('a missing workload: an error naming the workload and the fix, and nothing written', async () => {
    wa.addWorkload('Checkout-prod');
    const err = await sync({ workloadName: 'Payments' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaSyncError);
    expect((err as WaSyncError).message).toBe("No Well-Architected workload named 'Payments' in eu-west-1");
    expect((err as WaSyncError).fix).toMatch(/create a workload named 'Payments'/);
    expect(wa.sequence()).toEqual(['ListWorkloads']);
    expect(wa.lenses).toEqual([]);
  });

  it('matches the workload name as the tool does (case and spaces ignored), not by prefix alone', async () => {
    wa.addWorkload('Checkout API prod');
    const w = wa.addWorkload('checkout api');
    const r = await sync({ workloadName: 'Checkout  API' });
    expect(r.workloadId).toBe(w.id);
  });
});

describe('answers from the scores', () => {
  const withLevel = (
    s: Score,
    control: string,
    level: Level,
    extra: Partial<Score['controls'][number]> = {},
  ) => ({
    ...s,
    controls: s.controls.map((c) => (c.control === control ? { ...c, level, ...extra } : c)),
  });

  it('selects the level choices up to the level, "None of these" at Level 1, notes with the deciding criterion', async () => {
    const w = wa.addWorkload('Checkout');
    await sync();
    const lens = wa.lenses[0]!;
    for (const c of real.score.controls) {
      const a = w.answers.get(`${lens.arn}|${controlQuestionId(c.control)}`)!;
      if (c.notApplicable) {
        expect(a).toMatchObject({ applicable: false, reason: 'OUT_OF_SCOPE', selected: [] });
        expect(a.notes).toContain(c.notApplicable);
        continue;
      }
      const expected =
        c.level === 1
          ? [`${controlQuestionId(c.control)}_no`]
          : Array.from({ length: c.level - 1 }, (_, i) => controlChoiceId(c.control, i + 2));
      expect(a.selected).toEqual(expected);
      const deciding = c.criteria.find((k) => k.state !== 'met') ?? c.criteria[c.criteria.length - 1]!;
      expect(a.notes).toContain(`Level ${c.level}`);
      expect(a.notes).toContain(`decided by ${deciding.id} (${deciding.state}, ${deciding.source})`);
    }
  });

  it('several accounts: the lowest level decides and is named; a checklist item counts only when met in all', () => {
    const ctl = real.score.controls.find((c) => !c.notApplicable && c.level >= 2)!;
    const other: AccountScore = { accountId: '999988887777', score: withLevel(real.score, ctl.control, 1) };
    const answers = lensAnswers([real, other], SCAN);
    const a = answers.find((x) => x.questionId === controlQuestionId(ctl.control))!;
    expect(a.selected).toEqual([]);
    expect(a.notes).toContain('the lowest of 2 accounts');
    expect(a.notes).toContain('Account 999988887777: decided by');
    expect(a.notes).toContain(`Other accounts: ${real.accountId} Level ${ctl.level}`);
    // Checklist: the threshold choice only when every account reaches it.
    const l2 = real.score.checklists.find((c) => c.level === 2)!;
    const unmet = {
      ...real.score,
      checklists: real.score.checklists.map((c) =>
        c.level === 2
          ? { ...c, satisfied: false, items: c.items.map((i) => ({ ...i, state: 'not met' as const })) }
          : c,
      ),
    };
    const both = lensAnswers([real, { accountId: '999988887777', score: unmet }], SCAN).find(
      (x) => x.questionId === 'perf_checklist_l2',
    )!;
    expect(both.selected).toEqual([]);
    const alone = lensAnswers([real], SCAN).find((x) => x.questionId === 'perf_checklist_l2')!;
    expect(alone.selected.includes(checklistMetChoiceId(2))).toBe(l2.satisfied);
  });

  it('notes stay within 2,084 characters however much evidence there is', () => {
    const ctl = real.score.controls.find((c) => !c.notApplicable)!;
    const huge = withLevel(real.score, ctl.control, 2, {
      criteria: ctl.criteria.map((k) => ({
        ...k,
        state: 'not met' as const,
        evidence: Array(50).fill('x'.repeat(200)),
      })),
    });
    for (const a of lensAnswers([{ accountId: real.accountId, score: huge }], SCAN))
      expect(a.notes.length).toBeLessThanOrEqual(ANSWER_NOTES_MAX);
  });
});
