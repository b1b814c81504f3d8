/**
 * Re-judge a stored scan: evaluate its stored snapshots again with the current checks and thresholds, with
 * no AWS call, and store the results as a new scan beside the original (id `<original>-r<n>`, same start
 * time and trigger, `rescoreOf` pointing back). The snapshot is the same, so every difference is the
 * checks' doing; the diff says which checks changed (severity, thresholds, added, removed) and what each
 * changed in the results. Unit by unit: one unit's snapshot and findings in memory.
 *
 * Each re-judged unit gets its aggregate as a scanned unit does (lib/digest/aggregate.ts), diffed against the
 * same unit of the original, so the rescore's digest is rolled up from aggregates (lib/digest/rollup.ts) like
 * any scan's, with the original as its previous scan. The debt register is the account's history and is not
 * rewritten: each unit's aggregate carries the register as the current checks would have left it at the
 * original's start. `rescoreUnit` is the one unit's work, shared by the CLI (`rescoreScan`) and the deployed
 * rescore (the Scan Lambda in rescore mode, functions/scan.ts).
 */
import {
  STATUSES,
  type EngineFingerprint,
  type Finding,
  type ScanHeader,
  type Status,
  type Suppression,
  type UnitSummary,
} from '#lib/model/index.js';
import type { CheckDefinition } from '#lib/checks/types.js';
import { CHECKS } from '#lib/checks/registry.js';
import { aggregateUnit, jsonBytes, UNIT_ITEM_BUDGET_BYTES } from '#lib/digest/aggregate.js';
import { updateDebtRegister } from '#lib/digest/debt.js';
import { evaluateSnapshot } from '#lib/engine/evaluate.js';
import { applySuppressions } from '#lib/engine/suppress.js';
import { emptyCounts, finalizeHeader, resourceCounts } from '#lib/engine/scan.js';
import { engineFingerprint } from '#lib/engine/fingerprint.js';
import { engineDiff, type ThresholdChange } from '#lib/engine/engine-diff.js';
import { TOOL_VERSION } from '#lib/engine/version.js';
import { deriveUnitFacts } from '#lib/maturity/facts.js';
import { applySavings } from '#lib/pricing/estimate.js';
import type { Snapshot } from '#lib/model/index.js';
import type { FindingsStore, UnitKey } from '#lib/store/types.js';

export type { ThresholdChange } from '#lib/engine/engine-diff.js';

export interface CheckChange {
  checkId: string;
  title: string;
  /** Results by status, before and after (suppressed failing findings counted under `suppressed`). */
  before: Record<Status | 'suppressed', number>;
  after: Record<Status | 'suppressed', number>;
  /** Resources whose status changed, e.g. `fail -> pass`: count per transition. */
  transitions: Record<string, number>;
  /** A few resources that changed, for the reader to check. */
  examples: { accountId: string; region: string; resourceId: string; from: string; to: string }[];
  /** Threshold values seen in the evidence before and after (set when they differ). */
  evidenceThresholds?: { before: string[]; after: string[] };
}

export interface RescoreDiff {
  from: { scanId: string; toolVersion: string; engineRecorded: boolean };
  to: { scanId: string; toolVersion: string };
  checksAdded: string[];
  checksRemoved: string[];
  severityChanges: { checkId: string; from: string; to: string }[];
  thresholdChanges: ThresholdChange[];
  /** Only checks whose results changed. */
  checks: CheckChange[];
  unitsReevaluated: number;
  /** Units without a stored snapshot (failed units, or a store that keeps none): copied unchanged. */
  unitsCopied: number;
}

export interface RescoreOptions {
  store: FindingsStore;
  header: ScanHeader;
  thresholds?: Record<string, Record<string, number>>;
  suppressions?: Suppression[];
  checks?: readonly CheckDefinition[];
  toolVersion?: string;
  /** When the rescore runs (finishedAt of the new scan). */
  now: Date;
}

const MAX_EXAMPLES = 5;
const MAX_THRESHOLD_STRINGS = 10;

type Bucket = Status | 'suppressed';
const bucket = (f: Finding): Bucket => (f.status === 'fail' && f.suppressedBy ? 'suppressed' : f.status);
const emptyBuckets = (): Record<Bucket, number> => ({ ...emptyCounts(), suppressed: 0 });

/** The id of the next rescore of `scanId`: `<original>-r1`, `-r2`, ... (sorts right after the original). */
export async function nextRescoreId(store: FindingsStore, original: ScanHeader): Promise<string> {
  const base = original.rescoreOf?.scanId ?? original.scanId;
  const re = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-r(\\d+)$`);
  let n = 0;
  for (const h of await store.listScans()) {
    const m = re.exec(h.scanId);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `${base}-r${n + 1}`;
}

/** The header of a new rescore of `original` (status running; no score, counts or finish yet). */
export function rescoreHeader(
  original: ScanHeader,
  scanId: string,
  opts: { engine: EngineFingerprint; toolVersion: string; executionId?: string },
): ScanHeader {
  const h: ScanHeader = {
    ...original,
    scanId,
    status: 'running',
    toolVersion: opts.toolVersion,
    engine: opts.engine,
    rescoreOf: {
      scanId: original.scanId,
      toolVersion: original.toolVersion,
      ...(opts.executionId ? { executionId: opts.executionId } : {}),
    },
    reason: `rescore of ${original.scanId} (perfscan ${original.toolVersion}) with perfscan ${opts.toolVersion}${original.reason ? `; original reason: ${original.reason}` : ''}`,
    // The digest compares the rescore with the original: every change is the checks' doing.
    previousScanId: original.scanId,
  };
  delete h.score;
  delete h.finishedAt;
  delete h.findingCounts;
  delete h.plannedUnits;
  return h;
}

export interface RescoreUnitOptions {
  store: FindingsStore;
  /** The original scan (whose snapshot is re-judged) and the rescore's id. */
  original: Pick<ScanHeader, 'scanId' | 'startedAt'>;
  scanId: string;
  unit: UnitKey;
  /** The original's unit summary (read from the store when absent). */
  stored?: UnitSummary;
  /** The original's unit findings (read from the store when absent). */
  old?: Finding[];
  /** The unit's stored snapshot (read with store.getSnapshot when absent). */
  snapshot?: Snapshot;
  thresholds?: Record<string, Record<string, number>>;
  suppressions?: Suppression[];
  checks?: readonly CheckDefinition[];
  /** Keep a copy of the snapshot under the rescore's id (the local store; the deployed rescore does not). */
  storeSnapshot?: boolean;
}

export interface RescoredUnit {
  summary: UnitSummary;
  findings: Finding[];
  /** The original's findings of the unit. */
  old: Finding[];
  /** false: no snapshot (a failed unit, or one whose snapshot expired): the unit was copied as it was. */
  reevaluated: boolean;
}

/**
 * Re-judge one unit: evaluate its stored snapshot with the given checks, thresholds and suppressions, and
 * store the summary (with its aggregate) and findings under the rescore's id. No AWS call. A unit without
 * a snapshot is copied (its findings as they were, a fresh aggregate); a failed unit is copied as it was.
 */
export async function rescoreUnit(opts: RescoreUnitOptions): Promise<RescoredUnit> {
  const { store, original, scanId } = opts;
  const started = performance.now();
  const stored = opts.stored ?? (await store.getUnit(original.scanId, opts.unit));
  if (!stored)
    throw new Error(
      `Unit ${opts.unit.accountId}/${opts.unit.region} of scan ${original.scanId} has no stored summary: nothing to re-judge.`,
    );
  const old = opts.old ?? (await store.unitFindings(original.scanId, opts.unit));
  // The original's aggregate judged the old results; the rescore's is built from its own.
  const { aggregate: _judgedBefore, ...unit } = stored;
  if (unit.status === 'failed') {
    const summary = { ...unit, scanId };
    await store.putUnit(summary, old);
    return { summary, findings: old, old, reevaluated: false };
  }
  const snapshot = opts.snapshot ?? (await store.getSnapshot?.(original.scanId, unit.accountId, unit.region));
  let findings: Finding[];
  let summary: UnitSummary;
  if (!snapshot) {
    findings = old;
    summary = { ...unit, scanId };
  } else {
    const raw = evaluateSnapshot(snapshot, {
      checks: opts.checks ?? CHECKS,
      ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
      now: snapshot.collectedAt,
    });
    // Savings from the prices the original read into the snapshot (re-priced offline, no Price List call).
    findings = applySavings(snapshot, applySuppressions(raw, opts.suppressions ?? [], original.startedAt));
    const counts = emptyCounts();
    let suppressed = 0;
    for (const f of findings) {
      if (f.suppressedBy) suppressed++;
      else counts[f.status]++;
    }
    summary = {
      ...unit,
      scanId,
      resourceCounts: resourceCounts(snapshot),
      findingCounts: counts,
      suppressedCount: suppressed,
      // No API call was made to re-judge the unit.
      apiCalls: 0,
      throttles: 0,
      durationMs: Math.round(performance.now() - started),
      facts: deriveUnitFacts(snapshot, findings),
    };
  }
  // The register as these results would have left it at the original's start (read, not written).
  const debt = updateDebtRegister(
    await store.getUnitDebt(
      summary.accountId,
      summary.global ? [summary.region, 'global'] : [summary.region],
    ),
    findings,
    { scanId, startedAt: original.startedAt, units: [summary] },
  );
  summary.aggregate = aggregateUnit({
    unit: summary,
    findings,
    previous: old,
    previousStartedAt: original.startedAt,
    debt,
    startedAt: original.startedAt,
    maxBytes: UNIT_ITEM_BUDGET_BYTES - jsonBytes({ ...summary, aggregate: undefined }) - 1_000,
  });
  await store.putUnit(summary, findings, opts.storeSnapshot && snapshot ? snapshot : undefined);
  return { summary, findings, old, reevaluated: snapshot !== undefined };
}

export async function rescoreScan(
  opts: RescoreOptions,
): Promise<{ header: ScanHeader; units: UnitSummary[]; diff: RescoreDiff }> {
  const { store, header: original } = opts;
  const checks = opts.checks ?? CHECKS;
  const toolVersion = opts.toolVersion ?? TOOL_VERSION;
  const engine = engineFingerprint(opts.thresholds, checks, toolVersion);
  const scanId = await nextRescoreId(store, original);
  const titles = new Map(checks.map((c) => [c.id, c.title]));
  const perCheck = new Map<string, CheckChange>();
  const thresholdsSeen = new Map<string, { before: Set<string>; after: Set<string> }>();
  const changeOf = (checkId: string, title: string): CheckChange => {
    let c = perCheck.get(checkId);
    if (!c) {
      c = { checkId, title, before: emptyBuckets(), after: emptyBuckets(), transitions: {}, examples: [] };
      perCheck.set(checkId, c);
    }
    return c;
  };
  // Stores keep `pass` results without evidence: thresholds are read from the findings that carry it.
  const seen = (checkId: string, side: 'before' | 'after', f: Finding) => {
    if (f.status !== 'fail') return;
    let s = thresholdsSeen.get(checkId);
    if (!s) thresholdsSeen.set(checkId, (s = { before: new Set(), after: new Set() }));
    for (const e of f.evidence)
      if (e.threshold !== undefined && s[side].size < MAX_THRESHOLD_STRINGS)
        s[side].add(`${e.label}: ${String(e.threshold)}`);
  };

  const rescoring = rescoreHeader(original, scanId, { engine, toolVersion });
  await store.putScanHeader(rescoring);

  const units: UnitSummary[] = [];
  let reevaluated = 0;
  let copied = 0;
  for await (const stored of store.units(original.scanId)) {
    const r = await rescoreUnit({
      store,
      original,
      scanId,
      unit: stored,
      stored,
      ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
      ...(opts.suppressions ? { suppressions: opts.suppressions } : {}),
      checks,
      storeSnapshot: true,
    });
    const { aggregate: _kept, ...small } = r.summary;
    units.push(small);
    if (!r.reevaluated) {
      copied++;
      continue;
    }
    reevaluated++;
    const { findings, old } = r;

    const key = (f: Finding) => `${f.checkId}#${f.region}#${f.resourceId}`;
    const before = new Map(old.map((f) => [key(f), f]));
    for (const f of old) {
      changeOf(f.checkId, f.title).before[bucket(f)]++;
      seen(f.checkId, 'before', f);
    }
    for (const f of findings) {
      const c = changeOf(f.checkId, f.title);
      c.after[bucket(f)]++;
      seen(f.checkId, 'after', f);
      const prev = before.get(key(f));
      before.delete(key(f));
      const from = prev ? bucket(prev) : 'absent';
      const to = bucket(f);
      if (from !== to) {
        c.transitions[`${from} -> ${to}`] = (c.transitions[`${from} -> ${to}`] ?? 0) + 1;
        if (c.examples.length < MAX_EXAMPLES)
          c.examples.push({ accountId: f.accountId, region: f.region, resourceId: f.resourceId, from, to });
      }
    }
    for (const prev of before.values()) {
      const c = changeOf(prev.checkId, titles.get(prev.checkId) ?? prev.title);
      const t = `${bucket(prev)} -> absent`;
      c.transitions[t] = (c.transitions[t] ?? 0) + 1;
      if (c.examples.length < MAX_EXAMPLES)
        c.examples.push({
          accountId: prev.accountId,
          region: prev.region,
          resourceId: prev.resourceId,
          from: bucket(prev),
          to: 'absent',
        });
    }
  }

  const finished = finalizeHeader(rescoring, units, opts.now);
  // The data was read when the original ran: keep its status and coverage (a rescore reads nothing).
  const header: ScanHeader = {
    ...finished,
    status: original.status === 'running' ? finished.status : original.status,
    coverage: original.coverage,
  };
  await store.putScanHeader(header);

  const changed: CheckChange[] = [];
  for (const c of perCheck.values()) {
    const diffStatus =
      STATUSES.some((s) => c.before[s] !== c.after[s]) || c.before.suppressed !== c.after.suppressed;
    const t = thresholdsSeen.get(c.checkId);
    const thresholdsDiffer =
      t !== undefined && (t.before.size !== t.after.size || [...t.before].some((x) => !t.after.has(x)));
    if (thresholdsDiffer && t)
      c.evidenceThresholds = { before: [...t.before].sort(), after: [...t.after].sort() };
    if (diffStatus || Object.keys(c.transitions).length > 0 || thresholdsDiffer) changed.push(c);
  }
  changed.sort((a, b) => (a.checkId < b.checkId ? -1 : 1));
  const diff: RescoreDiff = {
    from: {
      scanId: original.scanId,
      toolVersion: original.toolVersion,
      engineRecorded: original.engine !== undefined,
    },
    to: { scanId, toolVersion },
    ...engineDiff(original.engine, engine),
    checks: changed,
    unitsReevaluated: reevaluated,
    unitsCopied: copied,
  };
  return { header, units, diff };
}

/** The diff in words, one line per change, for the terminal. */
export function renderRescoreDiff(d: RescoreDiff): string {
  const lines: string[] = [];
  lines.push(
    `Rescore of ${d.from.scanId} (perfscan ${d.from.toolVersion}) -> ${d.to.scanId} (perfscan ${d.to.toolVersion}): same snapshots, so every change below comes from the checks, not the account.`,
  );
  lines.push(
    `Units re-evaluated: ${d.unitsReevaluated}; copied unchanged (no stored snapshot): ${d.unitsCopied}.`,
  );
  if (!d.from.engineRecorded)
    lines.push(
      'The original scan did not record its check settings; threshold changes are read from the evidence.',
    );
  for (const id of d.checksAdded) lines.push(`+ check added: ${id}`);
  for (const id of d.checksRemoved) lines.push(`- check removed: ${id}`);
  for (const s of d.severityChanges) lines.push(`~ ${s.checkId}: severity ${s.from} -> ${s.to}`);
  for (const t of d.thresholdChanges)
    lines.push(`~ ${t.checkId}: threshold ${t.name} ${t.from ?? '(none)'} -> ${t.to ?? '(none)'}`);
  if (d.checks.length === 0) lines.push('No result changed.');
  for (const c of d.checks) {
    const moves = Object.entries(c.transitions)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    const counts = (r: Record<string, number>) =>
      ['fail', 'pass', 'unknown', 'error', 'suppressed'].map((k) => `${r[k] ?? 0} ${k}`).join(', ');
    lines.push(
      `${c.checkId}: ${moves || 'same results'} (before: ${counts(c.before)}; after: ${counts(c.after)})`,
    );
    if (c.evidenceThresholds)
      lines.push(
        `  evidence thresholds: ${c.evidenceThresholds.before.join(' | ') || '-'} -> ${c.evidenceThresholds.after.join(' | ') || '-'}`,
      );
    for (const e of c.examples)
      lines.push(`  ${e.accountId} ${e.region} ${e.resourceId}: ${e.from} -> ${e.to}`);
  }
  return `${lines.join('\n')}\n`;
}
