/**
 * A Well-Architected Tool stand-in on aws-sdk-client-mock (no emulator covers it), keeping the state the
 * API documents: workloads with their lenses and milestones (names unique: ConflictException), custom lenses
 * imported as DRAFT and published by CreateLensVersion (version names unique per lens: ConflictException),
 * lens reviews pinned to the version they were associated or upgraded at (NOT_CURRENT when a newer one
 * exists), answers per question with the choices of the lens plus the "None of these" choice the tool adds
 * (`<question>_no`), and the documented limits (Notes <= 2,084, milestone names 3-100, lens versions <= 32).
 * Every request is recorded in order as `Command` + input.
 */
import {
  AssociateLensesCommand,
  ConflictException,
  CreateLensVersionCommand,
  CreateMilestoneCommand,
  GetLensReviewCommand,
  ImportLensCommand,
  ListAnswersCommand,
  ListLensesCommand,
  ListMilestonesCommand,
  ListWorkloadsCommand,
  ResourceNotFoundException,
  UpdateAnswerCommand,
  UpgradeLensReviewCommand,
  ValidationException,
  WellArchitectedClient,
} from '@aws-sdk/client-wellarchitected';
import { mockClient } from 'aws-sdk-client-mock';
import type { CustomLens } from '#lib/integrations/wa/lens.js';

export const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

interface FakeLens {
  arn: string;
  draft: CustomLens;
  versions: { name: string; json: CustomLens }[];
  updatedAt: Date;
}
interface FakeAnswer {
  selected: string[];
  notes?: string;
  applicable: boolean;
  reason?: string;
}
interface FakeWorkload {
  id: string;
  name: string;
  lenses: Map<string, { version: string }>;
  milestones: { number: number; name: string }[];
  answers: Map<string, FakeAnswer>; // `${lensArn}|${questionId}`
}

export interface FakeWa {
  mock: ReturnType<typeof mockClient>;
  calls: { command: string; input: Record<string, unknown> }[];
  workloads: FakeWorkload[];
  lenses: FakeLens[];
  addWorkload(name: string): FakeWorkload;
  /** Command names in order (optionally with the question id of UpdateAnswer). */
  sequence(): string[];
  reset(): void;
}

const invalid = (message: string) =>
  new ValidationException({ message, Message: message, $metadata: {}, Fields: [] });
const conflict = (message: string) =>
  new ConflictException({ message, Message: message, $metadata: {}, ResourceId: 'x', ResourceType: 'x' });
const notFound = (message: string) =>
  new ResourceNotFoundException({
    message,
    Message: message,
    $metadata: {},
    ResourceId: 'x',
    ResourceType: 'x',
  });

export function fakeWellArchitected(): FakeWa {
  const mock = mockClient(WellArchitectedClient);
  let n = 0;
  const state: FakeWa = {
    mock,
    calls: [],
    workloads: [],
    lenses: [],
    addWorkload(name) {
      const w: FakeWorkload = {
        id: (++n).toString(16).padStart(32, '0'),
        name,
        lenses: new Map([['wellarchitected', { version: '2024-06-27' }]]),
        milestones: [],
        answers: new Map(),
      };
      state.workloads.push(w);
      return w;
    },
    sequence: () => state.calls.map((c) => c.command),
    reset() {
      state.calls.length = 0;
    },
  };
  const record = (command: string) => (input: Record<string, unknown>) =>
    void state.calls.push({ command, input });
  const workload = (id: unknown) => {
    const w = state.workloads.find((x) => x.id === id);
    if (!w) throw notFound(`workload ${String(id)}`);
    return w;
  };
  const lens = (arn: unknown) => {
    const l = state.lenses.find((x) => x.arn === arn);
    if (!l) throw notFound(`lens ${String(arn)}`);
    return l;
  };
  const latest = (l: FakeLens) => l.versions[l.versions.length - 1];
  const questions = (l: CustomLens) =>
    l.pillars.flatMap((p) => p.questions.map((q) => ({ pillar: p.id, q })));

  mock.on(ListWorkloadsCommand).callsFake((input) => {
    record('ListWorkloads')(input);
    const prefix = String(input.WorkloadNamePrefix ?? '').toLowerCase();
    return {
      WorkloadSummaries: state.workloads
        .filter((w) => w.name.toLowerCase().startsWith(prefix))
        .map((w) => ({ WorkloadId: w.id, WorkloadName: w.name, Lenses: [...w.lenses.keys()] })),
    };
  });
  mock.on(ListLensesCommand).callsFake((input) => {
    record('ListLenses')(input);
    return {
      LensSummaries: state.lenses
        .filter((l) => !input.LensName || l.draft.name.startsWith(String(input.LensName)))
        .map((l) => ({
          LensArn: l.arn,
          LensAlias: l.arn,
          LensName: l.draft.name,
          LensType: 'CUSTOM_SELF',
          UpdatedAt: l.updatedAt,
          ...(latest(l) ? { LensVersion: latest(l)!.name } : {}),
        })),
    };
  });
  mock.on(ImportLensCommand).callsFake((input) => {
    record('ImportLens')(input);
    const json = JSON.parse(String(input.JSONString)) as CustomLens;
    if (Buffer.byteLength(String(input.JSONString)) > 500 * 1024) throw invalid('lens over 500 KB');
    if (input.LensAlias) {
      const l = lens(input.LensAlias);
      l.draft = json;
      l.updatedAt = new Date();
      return { LensArn: l.arn, Status: 'COMPLETE' };
    }
    const arn = `arn:aws:wellarchitected:${REGION}:${ACCOUNT}:lens/${(++n).toString(16).padStart(32, 'a')}`;
    state.lenses.push({ arn, draft: json, versions: [], updatedAt: new Date() });
    return { LensArn: arn, Status: 'COMPLETE' };
  });
  mock.on(CreateLensVersionCommand).callsFake((input) => {
    record('CreateLensVersion')(input);
    const l = lens(input.LensAlias);
    const name = String(input.LensVersion);
    if (name.length < 1 || name.length > 32) throw invalid('LensVersion: 1-32 characters');
    if (l.versions.some((v) => v.name === name)) throw conflict(`version ${name} exists`);
    l.versions.push({ name, json: l.draft });
    return { LensArn: l.arn, LensVersion: name };
  });
  mock.on(AssociateLensesCommand).callsFake((input) => {
    record('AssociateLenses')(input);
    const w = workload(input.WorkloadId);
    for (const arn of (input.LensAliases ?? []) as string[]) {
      const l = lens(arn);
      if (!latest(l)) throw invalid(`lens ${arn} has no published version`);
      w.lenses.set(arn, { version: latest(l)!.name });
    }
    return {};
  });
  mock.on(GetLensReviewCommand).callsFake((input) => {
    record('GetLensReview')(input);
    const w = workload(input.WorkloadId);
    const on = w.lenses.get(String(input.LensAlias));
    if (!on) throw notFound('lens not associated');
    const l = lens(input.LensAlias);
    return {
      WorkloadId: w.id,
      LensReview: {
        LensAlias: l.arn,
        LensArn: l.arn,
        LensVersion: on.version,
        LensStatus: latest(l)!.name === on.version ? 'CURRENT' : 'NOT_CURRENT',
      },
    };
  });
  mock.on(UpgradeLensReviewCommand).callsFake((input) => {
    record('UpgradeLensReview')(input);
    const w = workload(input.WorkloadId);
    const l = lens(input.LensAlias);
    const name = String(input.MilestoneName);
    if (w.milestones.some((m) => m.name === name)) throw conflict(`milestone ${name} exists`);
    w.milestones.push({ number: w.milestones.length + 1, name });
    w.lenses.set(l.arn, { version: latest(l)!.name });
    return {};
  });
  mock.on(ListAnswersCommand).callsFake((input) => {
    record('ListAnswers')(input);
    const w = workload(input.WorkloadId);
    const on = w.lenses.get(String(input.LensAlias));
    if (!on) throw notFound('lens not associated');
    const l = lens(input.LensAlias);
    const json = l.versions.find((v) => v.name === on.version)!.json;
    return {
      WorkloadId: w.id,
      LensAlias: l.arn,
      AnswerSummaries: questions(json)
        .filter((x) => !input.PillarId || x.pillar === input.PillarId)
        .map(({ pillar, q }) => ({
          QuestionId: q.id,
          PillarId: pillar,
          QuestionTitle: q.title,
          Choices: [
            ...q.choices.map((c) => ({ ChoiceId: c.id, Title: c.title })),
            { ChoiceId: `${q.id}_no`, Title: 'None of these' },
          ],
          SelectedChoices: w.answers.get(`${l.arn}|${q.id}`)?.selected ?? [],
        })),
    };
  });
  mock.on(UpdateAnswerCommand).callsFake((input) => {
    record('UpdateAnswer')(input);
    const w = workload(input.WorkloadId);
    const on = w.lenses.get(String(input.LensAlias));
    if (!on) throw notFound('lens not associated');
    const l = lens(input.LensAlias);
    const json = l.versions.find((v) => v.name === on.version)!.json;
    const q = questions(json).find((x) => x.q.id === input.QuestionId)?.q;
    if (!q) throw notFound(`question ${String(input.QuestionId)}`);
    const notes = input.Notes as string | undefined;
    if (notes !== undefined && notes.length > 2084) throw invalid('Notes: at most 2084 characters');
    const selected = (input.SelectedChoices ?? []) as string[];
    const ids = new Set([...q.choices.map((c) => c.id), `${q.id}_no`]);
    for (const s of selected) if (!ids.has(s)) throw invalid(`unknown choice ${s}`);
    if (selected.includes(`${q.id}_no`) && selected.length > 1)
      throw invalid('None of these excludes others');
    w.answers.set(`${l.arn}|${q.id}`, {
      selected,
      ...(notes !== undefined ? { notes } : {}),
      applicable: input.IsApplicable !== false,
      ...(input.Reason ? { reason: String(input.Reason) } : {}),
    });
    return {};
  });
  mock.on(ListMilestonesCommand).callsFake((input) => {
    record('ListMilestones')(input);
    const w = workload(input.WorkloadId);
    return {
      WorkloadId: w.id,
      MilestoneSummaries: w.milestones.map((m) => ({ MilestoneNumber: m.number, MilestoneName: m.name })),
    };
  });
  mock.on(CreateMilestoneCommand).callsFake((input) => {
    record('CreateMilestone')(input);
    const w = workload(input.WorkloadId);
    const name = String(input.MilestoneName);
    if (name.length < 3 || name.length > 100) throw invalid('MilestoneName: 3-100 characters');
    if (w.milestones.some((m) => m.name === name)) throw conflict(`milestone ${name} exists`);
    if (w.milestones.length >= 100) throw invalid('at most 100 milestones');
    const m = { number: w.milestones.length + 1, name };
    w.milestones.push(m);
    return { WorkloadId: w.id, MilestoneNumber: m.number };
  });
  return state;
}
