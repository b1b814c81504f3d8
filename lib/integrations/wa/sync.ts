/**
 * `perfscan wa sync`: bring a Well-Architected Tool workload up to date with a scan.
 *
 * 1. Find the workload by name (ListWorkloads with the name as prefix; the tool ignores case and spaces
 *    when it compares names, so does perfscan).
 * 2. Find the custom lens by name (ListLenses, CUSTOM_SELF). Not there: ImportLens, then CreateLensVersion
 *    (an imported lens is a DRAFT until published). There: publish a new version only when the lens JSON
 *    changed. The version name carries a hash of the JSON (`ps-<12 hex>`), so comparing it with the lens's
 *    current version says whether anything changed without downloading the lens.
 * 3. AssociateLenses when the workload does not use the lens yet; when it does and its review is on an older
 *    version (GetLensReview: NOT_CURRENT), UpgradeLensReview (the tool requires a milestone name for it).
 * 4. ListAnswers (to learn the choice ids the tool added, such as "None of these"), then UpdateAnswer for
 *    each question: the level choices, or "None of these", or not applicable; notes with the evidence.
 * 5. CreateMilestone named after the scan, unless ListMilestones already has it (a re-run for the same scan
 *    records nothing new; a ConflictException from a concurrent run means the same).
 */
import { createHash } from 'node:crypto';
import {
  AssociateLensesCommand,
  ConflictException,
  CreateLensVersionCommand,
  CreateMilestoneCommand,
  GetLensReviewCommand,
  ImportLensCommand,
  UpdateAnswerCommand,
  UpgradeLensReviewCommand,
  paginateListAnswers,
  paginateListLenses,
  paginateListMilestones,
  paginateListWorkloads,
  type AnswerSummary,
  type LensSummary,
  type WellArchitectedClient,
  type WorkloadSummary,
} from '@aws-sdk/client-wellarchitected';
import { PILLAR_ID, type CustomLens } from './lens.js';
import type { LensAnswer } from './answers.js';

/** IAM actions `wa sync` calls (the deployed Digest gets exactly these when the switch is on). */
export const WA_SYNC_ACTIONS = [
  'wellarchitected:ListWorkloads',
  'wellarchitected:ListLenses',
  'wellarchitected:ImportLens',
  'wellarchitected:CreateLensVersion',
  'wellarchitected:AssociateLenses',
  'wellarchitected:GetLensReview',
  'wellarchitected:UpgradeLensReview',
  'wellarchitected:ListAnswers',
  'wellarchitected:UpdateAnswer',
  'wellarchitected:ListMilestones',
  'wellarchitected:CreateMilestone',
] as const;

/** Milestone names: 3-100 characters, unique in a workload (API reference, CreateMilestone). */
export const MILESTONE_NAME_MAX = 100;
/** Lens version names: 1-32 characters (API reference, CreateLensVersion). */
export const LENS_VERSION_MAX = 32;

/** A problem the user fixes (the workload is missing, the lens was changed by hand...): names the fix. */
export class WaSyncError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'WaSyncError';
  }
}

export interface WaSyncOptions {
  client: WellArchitectedClient;
  workloadName: string;
  lens: CustomLens;
  answers: readonly LensAnswer[];
  scanId: string;
  /** Waits between checks of an import still in progress (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export interface WaSyncResult {
  workloadId: string;
  lensArn: string;
  lensVersion: string;
  lens: 'imported' | 'new version' | 'unchanged';
  associated: boolean;
  upgraded: boolean;
  answered: number;
  notApplicable: number;
  milestone: { name: string; number?: number; created: boolean };
}

/** First 12 hex digits of the SHA-256 of the lens JSON: the same lens always hashes the same. */
export function lensHash(lens: CustomLens): string {
  return createHash('sha256').update(JSON.stringify(lens)).digest('hex').slice(0, 12);
}

export const lensVersionName = (lens: CustomLens) => `ps-${lensHash(lens)}`;

export function milestoneName(scanId: string): string {
  const name = `perfscan ${scanId}`;
  if (name.length > MILESTONE_NAME_MAX)
    throw new WaSyncError(
      `scan id '${scanId}' is too long for a milestone name`,
      'sync a scan with a shorter id',
    );
  return name;
}

/** The tool compares workload names ignoring case and spaces. */
const sameWorkloadName = (a: string, b: string) =>
  a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

async function findWorkload(client: WellArchitectedClient, name: string): Promise<WorkloadSummary> {
  const seen: string[] = [];
  // The prefix filter narrows the list; the exact comparison decides.
  const prefix = name.trim().split(/\s+/)[0] ?? name;
  for await (const page of paginateListWorkloads({ client, pageSize: 50 }, { WorkloadNamePrefix: prefix })) {
    for (const w of page.WorkloadSummaries ?? []) {
      if (w.WorkloadName && sameWorkloadName(w.WorkloadName, name) && w.WorkloadId) return w;
      if (w.WorkloadName && seen.length < 5) seen.push(w.WorkloadName);
    }
  }
  const region = await client.config.region();
  throw new WaSyncError(
    `No Well-Architected workload named '${name}' in ${region}`,
    seen.length
      ? `pass --workload with an existing workload name (found: ${seen.join(', ')}), or create '${name}' in the Well-Architected Tool`
      : `create a workload named '${name}' in the Well-Architected Tool in ${region} (or pass --workload with an existing name, --region with its region)`,
  );
}

async function findLens(client: WellArchitectedClient, name: string): Promise<LensSummary | undefined> {
  let found: LensSummary | undefined;
  const pages = paginateListLenses(
    { client, pageSize: 50 },
    { LensType: 'CUSTOM_SELF', LensStatus: 'ALL', LensName: name },
  );
  for await (const page of pages) {
    for (const l of page.LensSummaries ?? []) {
      if (l.LensName !== name || !l.LensArn) continue;
      // Two lenses of the same name (one imported by hand): the most recently updated one.
      if (!found || (l.UpdatedAt?.getTime() ?? 0) > (found.UpdatedAt?.getTime() ?? 0)) found = l;
    }
  }
  return found;
}

/** Publish a version of an imported lens; an import still in progress is waited for. */
async function publish(
  client: WellArchitectedClient,
  lensArn: string,
  version: string,
  sleep: (ms: number) => Promise<void>,
  now: () => Date,
): Promise<string> {
  let name = version;
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(
        new CreateLensVersionCommand({ LensAlias: lensArn, LensVersion: name, IsMajorVersion: true }),
      );
      return name;
    } catch (err) {
      if (!(err instanceof ConflictException) || attempt >= 5) throw err;
      if (/in progress|importing/i.test(err.message)) {
        await sleep(Math.min(10_000, 1000 * 2 ** attempt));
        continue;
      }
      // The same JSON was published before (the lens went back to an earlier content): a dated name.
      const stamp = now().toISOString().replace(/[-:]/g, '').slice(2, 13); // yymmddTHHMM
      name = `${version}-${stamp}`.slice(0, LENS_VERSION_MAX);
      if (name === version) throw err;
    }
  }
}

export async function syncWorkload(opts: WaSyncOptions): Promise<WaSyncResult> {
  const { client } = opts;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? (() => new Date());
  const milestone = milestoneName(opts.scanId);

  // 1. The workload (before anything is written: a wrong name changes nothing).
  const workload = await findWorkload(client, opts.workloadName);
  const workloadId = workload.WorkloadId!;

  // 2. The lens: import and publish, or publish a new version when the JSON changed.
  const version = lensVersionName(opts.lens);
  const json = JSON.stringify(opts.lens);
  const existing = await findLens(client, opts.lens.name);
  let lensArn: string;
  let lensVersion: string;
  let lensState: WaSyncResult['lens'];
  if (!existing) {
    const out = await client.send(new ImportLensCommand({ JSONString: json }));
    if (!out.LensArn || out.Status === 'ERROR')
      throw new Error(`ImportLens failed for lens '${opts.lens.name}' (status ${out.Status ?? 'unknown'})`);
    lensArn = out.LensArn;
    lensVersion = await publish(client, lensArn, version, sleep, now);
    lensState = 'imported';
  } else if (existing.LensVersion?.startsWith(version)) {
    lensArn = existing.LensArn!;
    lensVersion = existing.LensVersion;
    lensState = 'unchanged';
  } else {
    lensArn = existing.LensArn!;
    const out = await client.send(new ImportLensCommand({ JSONString: json, LensAlias: lensArn }));
    if (out.Status === 'ERROR') throw new Error(`ImportLens failed updating lens ${lensArn} (status ERROR)`);
    lensVersion = await publish(client, lensArn, version, sleep, now);
    lensState = 'new version';
  }

  // 3. The workload uses the lens, at its newest version.
  let associated = false;
  let upgraded = false;
  if (!(workload.Lenses ?? []).includes(lensArn)) {
    await client.send(new AssociateLensesCommand({ WorkloadId: workloadId, LensAliases: [lensArn] }));
    associated = true;
  } else {
    const review = await client.send(
      new GetLensReviewCommand({ WorkloadId: workloadId, LensAlias: lensArn }),
    );
    if (review.LensReview?.LensStatus === 'NOT_CURRENT') {
      await client.send(
        new UpgradeLensReviewCommand({
          WorkloadId: workloadId,
          LensAlias: lensArn,
          MilestoneName: `perfscan before lens ${lensVersion}`.slice(0, MILESTONE_NAME_MAX),
        }),
      );
      upgraded = true;
    }
  }

  // 4. The answers.
  const current = new Map<string, AnswerSummary>();
  for await (const page of paginateListAnswers(
    { client, pageSize: 50 },
    { WorkloadId: workloadId, LensAlias: lensArn, PillarId: PILLAR_ID },
  ))
    for (const a of page.AnswerSummaries ?? []) if (a.QuestionId) current.set(a.QuestionId, a);
  let notApplicable = 0;
  for (const answer of opts.answers) {
    const summary = current.get(answer.questionId);
    if (!summary)
      throw new WaSyncError(
        `The lens review of workload '${opts.workloadName}' has no question '${answer.questionId}'`,
        `the lens ${lensArn} differs from the one perfscan generates; delete it or pass --lens-name to sync another lens`,
      );
    const ids = new Set((summary.Choices ?? []).map((c) => c.ChoiceId));
    for (const id of answer.selected)
      if (!ids.has(id))
        throw new WaSyncError(
          `Question '${answer.questionId}' of lens ${lensArn} has no choice '${id}'`,
          'the lens was edited outside perfscan; delete it or pass --lens-name to sync another lens',
        );
    let selected = answer.selected;
    if (answer.applicable && selected.length === 0) {
      // "None of these": the choice the tool adds to every question.
      const none = (summary.Choices ?? []).find(
        (c) => /^none of these$/i.test(c.Title ?? '') || c.ChoiceId?.endsWith('_no'),
      );
      if (none?.ChoiceId) selected = [none.ChoiceId];
    }
    if (!answer.applicable) notApplicable++;
    await client.send(
      new UpdateAnswerCommand({
        WorkloadId: workloadId,
        LensAlias: lensArn,
        QuestionId: answer.questionId,
        SelectedChoices: answer.applicable ? selected : [],
        Notes: answer.notes,
        IsApplicable: answer.applicable,
        ...(answer.applicable ? {} : { Reason: 'OUT_OF_SCOPE' as const }),
      }),
    );
  }

  // 5. One milestone per scan.
  let number: number | undefined;
  for await (const page of paginateListMilestones({ client, pageSize: 50 }, { WorkloadId: workloadId }))
    for (const m of page.MilestoneSummaries ?? [])
      if (m.MilestoneName === milestone) number = m.MilestoneNumber;
  let created = false;
  if (number === undefined) {
    try {
      const out = await client.send(
        new CreateMilestoneCommand({ WorkloadId: workloadId, MilestoneName: milestone }),
      );
      number = out.MilestoneNumber;
      created = true;
    } catch (err) {
      // A concurrent run created it between the list and the create: the same outcome.
      if (!(err instanceof ConflictException)) throw err;
    }
  }

  return {
    workloadId,
    lensArn,
    lensVersion,
    lens: lensState,
    associated,
    upgraded,
    answered: opts.answers.length,
    notApplicable,
    milestone: { name: milestone, ...(number !== undefined ? { number } : {}), created },
  };
}
