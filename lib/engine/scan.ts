/**
 * Run a scan: plan the units, then for each (account, region) unit, in parallel with a bound:
 * collect -> evaluate -> suppress -> derive facts -> diff and debt against the store -> aggregate -> persist.
 * A unit that throws is recorded as failed and the others go on; every unit is stored as soon as it
 * finishes and its snapshot and findings are released then: nothing holds every finding of a scan (the
 * digest works from the unit aggregates, lib/digest/rollup.ts). The scan header is written `running` first
 * and final (complete / partial / failed) last, with coverage and finding counts.
 */
import { randomBytes } from 'node:crypto';
import {
  SERVICE_SLICE_KEYS,
  SEVERITIES,
  SNAPSHOT_SCHEMA_VERSION,
  STATUSES,
  gapSummary,
  debtEntryKey,
  type DebtEntry,
  type Finding,
  type ScanHeader,
  type ScanScope,
  type ScanStatus,
  type ScanUnit,
  type ServiceName,
  type Severity,
  type Snapshot,
  type Status,
  type Suppression,
  type Trigger,
  type UnitOfferings,
  type UnitSummary,
} from '#lib/model/index.js';
import type { CheckDefinition } from '#lib/checks/types.js';
import type { ClientFactory, Collector } from '#lib/collect/types.js';
import type { CallStats, RemoteCallSpec } from '#lib/collect/clients.js';
import type { MetricWorkerPool } from '#lib/collect/metric-workers.js';
import { liveMemoryBytes, mapLimitAdmitted, trackLiveHeap } from '#lib/collect/concurrency.js';
import { collectUnit } from '#lib/collect/unit.js';
import { collectOfferings } from '#lib/collect/offerings.js';
import { deriveUnitFacts } from '#lib/maturity/facts.js';
import { PriceBook, type PriceCache } from '#lib/collect/pricing.js';
import type { SavingsProvider } from '#lib/pricing/provider.js';
import { readCohRecommendations } from '#lib/collect/cost-optimization-hub.js';
import { applyCohSavings } from '#lib/pricing/aws-savings.js';
import type { FindingsStore } from '#lib/store/types.js';
import { aggregateUnit, jsonBytes, UNIT_ITEM_BUDGET_BYTES } from '#lib/digest/aggregate.js';
import { updateDebtRegister } from '#lib/digest/debt.js';
import { evaluateSnapshot } from './evaluate.js';
import { applySuppressions } from './suppress.js';
import { planUnits } from './plan.js';
import { TOOL_VERSION } from './version.js';
import { engineFingerprint } from './fingerprint.js';
import { BYTES_PER_METRIC_QUERY, READING_BYTES_PER_METRIC_QUERY, MemoryGate } from './memory-gate.js';

/** The sortable time part of a scan id: UTC time to the second, e.g. `2026-11-22T06-00-00Z`. */
export function scanIdTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

/** Sortable scan id: UTC time to the second + 6 random hex chars, e.g. `2026-11-22T06-00-00Z-ab12cd`. */
export function newScanId(now: Date): string {
  return `${scanIdTime(now)}-${randomBytes(3).toString('hex')}`;
}

export type UnitClients = ClientFactory & { stats: CallStats; remote?(region?: string): RemoteCallSpec };

export interface UnitOptions {
  scanId: string;
  services: ServiceName[];
  clients: UnitClients;
  /** The instant the account's data is read as of (metric window end, check time). */
  now: Date;
  /** Clock for suppression expiry (defaults to `now`). */
  scanTime?: Date;
  windowDays?: number;
  thresholds?: Record<string, Record<string, number>>;
  suppressions?: Suppression[];
  checks?: readonly CheckDefinition[];
  collectors?: Partial<Record<ServiceName, Collector>>;
  /**
   * When given, the unit is persisted here (summary with its aggregate, findings, snapshot) and its share of
   * the debt register is updated.
   */
  store?: FindingsStore;
  /** Called as the unit enters each phase (progress display). */
  onPhase?(phase: UnitPhase): void;
  /**
   * Awaited when the unit's listing is done, with its metric queries queued, before they are read (runScan's
   * memory gate, lib/engine/memory-gate.ts).
   */
  beforeMetrics?(queries: number): Promise<void>;
  /**
   * Awaited when the unit's metrics are read, with its metric queries, before it is evaluated (runScan's memory
   * gate: evaluating and storing is the unit's peak).
   */
  beforeEvaluate?(queries: number): Promise<void>;
  /** Metric worker threads that read the unit's GetMetricData batches (runScan's `metricWorkers`). */
  metricWorkers?: MetricWorkerPool;
  /** The scan compared against: the same unit of it gives the diff and the `new` marks. */
  previous?: { scanId: string; startedAt: string };
  /** The scan's start (ISO), the debt register's clock; defaults to `scanTime`. */
  startedAt?: string;
  /**
   * Prices for the savings of failing findings (AWS Price List); one book per scan shares its cache across
   * units (runScan makes one, cached in its store); the Scan Lambda asks the Pricing Lambda
   * (lib/pricing/remote.ts). Absent or `false`: no pricing.
   */
  pricing?: SavingsProvider | false;
  /**
   * Read what the region offers for the services with resources in it and store it beside the snapshot (the
   * release radar's baseline, lib/collect/offerings.ts). Default true.
   */
  offerings?: boolean;
  /**
   * Read Cost Optimization Hub's savings for the unit's failing findings (config `savings.costOptimizationHub`,
   * opt-in): they win over Compute Optimizer's and list-price figures for the same change.
   */
  costOptimizationHub?: boolean;
}

/**
 * Cost Optimization Hub's savings on the failing findings (lib/pricing/aws-savings.ts); an account without
 * enrolment or permission gets a gap and keeps the other sources. Never throws but for an undeclared action.
 */
async function cohFindings(
  unit: ScanUnit,
  snapshot: Snapshot,
  findings: Finding[],
  clients: UnitClients,
): Promise<Finding[]> {
  const wanted = new Set<string>();
  for (const f of findings) {
    if (f.status !== 'fail' || f.suppressedBy) continue;
    wanted.add(f.resourceId);
    if (f.resourceArn) wanted.add(f.resourceArn);
  }
  if (wanted.size === 0) return findings;
  const r = await readCohRecommendations(clients, unit, wanted);
  if (r.gap) snapshot.gaps.push(r.gap);
  return applyCohSavings(findings, r.recommendations);
}

/** The store as a price cache, when it keeps prices. */
export function priceCacheOf(store: FindingsStore | undefined): PriceCache | undefined {
  if (!store?.getPrices || !store.putPrices) return undefined;
  return { getPrices: (ids) => store.getPrices!(ids), putPrices: (p) => store.putPrices!(p) };
}

/**
 * Price the failing findings' changes (lib/pricing) and attach the savings: the prices read go into the
 * snapshot (a rescore re-prices offline), the Price List's failures into its gaps. Never throws: a pricing
 * failure costs the savings, not the unit.
 */
async function priceFindings(
  snapshot: Snapshot,
  findings: Finding[],
  clients: UnitClients,
  provider: SavingsProvider,
): Promise<Finding[]> {
  try {
    const r = await provider.savings(snapshot, findings, clients);
    if (Object.keys(r.prices).length > 0) snapshot.prices = r.prices;
    snapshot.gaps.push(...r.gaps);
    return r.findings;
  } catch (err) {
    snapshot.gaps.push({
      service: 'pricing',
      slice: 'pricing',
      code: 'Error',
      message: `Pricing failed: ${errorText(err)}`,
    });
    return findings;
  }
}

export function emptyCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

/** Resources per slice, e.g. `ec2.instances: 12`: every list in every service slice, plus metric series. */
export function resourceCounts(snapshot: Snapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [service, key] of Object.entries(SERVICE_SLICE_KEYS)) {
    const slice = snapshot[key];
    if (!slice || typeof slice !== 'object') continue;
    for (const [k, v] of Object.entries(slice)) if (Array.isArray(v)) out[`${service}.${k}`] = v.length;
  }
  out['metrics.series'] = Object.keys(snapshot.metrics).length;
  return out;
}

/** The snapshot of a unit that could not be collected: no data, one account-level gap. */
function failedSnapshot(
  unit: Pick<ScanUnit, 'accountId' | 'region' | 'global'>,
  scanId: string,
  services: ServiceName[],
  now: Date,
  windowDays: number,
  message: string,
): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    scanId,
    accountId: unit.accountId,
    region: unit.region,
    globalUnit: unit.global,
    collectedAt: now.toISOString(),
    window: {
      start: new Date(now.getTime() - windowDays * 86_400_000).toISOString(),
      end: now.toISOString(),
      days: windowDays,
    },
    services,
    metrics: {},
    gaps: [{ service: 'account', slice: 'account', code: 'Error', message }],
    stats: { apiCalls: {}, throttles: 0, retries: 0, metricQueries: 0, getMetricDataCalls: 0, durationMs: 0 },
  };
}

/** An error as one line for a unit summary or a log: `Name: message` (the name left out when it is plain `Error`). */
export function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}`;
  return String(err);
}

/**
 * The summary of a unit that produced no data (its clients or store failed, the role could not be assumed,
 * the Scan Lambda never reported): status `failed`, one account-level gap carrying the reason.
 */
export function failedUnitSummary(
  scanId: string,
  unit: Pick<ScanUnit, 'accountId' | 'region' | 'global'>,
  services: ServiceName[],
  error: string,
  now: Date,
): UnitSummary {
  const snapshot = failedSnapshot(unit, scanId, services, now, 0, error);
  return {
    scanId,
    accountId: unit.accountId,
    region: unit.region,
    global: unit.global,
    status: 'failed',
    error,
    services: [...services],
    resourceCounts: {},
    findingCounts: emptyCounts(),
    suppressedCount: 0,
    gaps: snapshot.gaps,
    apiCalls: 0,
    throttles: 0,
    durationMs: 0,
    facts: deriveUnitFacts(snapshot, []),
  };
}

/** The evidence of a `pass` result once evaluated: none (shared, frozen). */
const NO_EVIDENCE: Finding['evidence'] = Object.freeze([]) as unknown as Finding['evidence'];

/**
 * Drop the evidence of `pass` results, in place, as soon as a unit is evaluated: nothing after evaluation reads
 * it (the aggregate, the facts, pricing and the debt register look at failing results only) and the store
 * never kept it (lib/store/records.ts: pass results are compact), but a large unit held it until it was
 * stored: us-east-1 of the reference account at 1/20, 1.6 of 7.1 MB of findings (72% of the results are
 * `pass`). `fail`, `unknown` and `error` results keep every evidence item.
 */
export function releasePassEvidence(findings: Finding[]): void {
  for (const f of findings) if (f.status === 'pass' && f.evidence.length > 0) f.evidence = NO_EVIDENCE;
}

/** Scan one unit. Never throws for a collection/evaluation failure: the summary says `failed`. */
export async function scanUnit(
  unit: ScanUnit,
  opts: UnitOptions,
): Promise<{ snapshot: Snapshot; findings: Finding[]; summary: UnitSummary; offerings?: UnitOfferings }> {
  const started = performance.now();
  const windowDays = opts.windowDays ?? 14;
  let snapshot: Snapshot;
  let findings: Finding[] = [];
  let error: string | undefined;
  let offerings: UnitOfferings | undefined;
  try {
    opts.onPhase?.('listing');
    snapshot = await collectUnit(unit, {
      scanId: opts.scanId,
      services: opts.services,
      clients: opts.clients,
      now: opts.now,
      windowDays,
      ...(opts.collectors ? { collectors: opts.collectors } : {}),
      ...(opts.onPhase ? { onPhase: opts.onPhase } : {}),
      ...(opts.beforeMetrics ? { beforeMetrics: opts.beforeMetrics } : {}),
      ...(opts.metricWorkers && opts.clients.remote
        ? { metricReader: opts.metricWorkers.reader(opts.clients.remote(unit.region)) }
        : {}),
    });
    if (opts.beforeEvaluate) await opts.beforeEvaluate(snapshot.stats.metricQueries);
    opts.onPhase?.('evaluating');
    const raw = evaluateSnapshot(snapshot, {
      checks: opts.checks,
      thresholds: opts.thresholds,
      now: opts.now.toISOString(),
    });
    findings = applySuppressions(raw, opts.suppressions ?? [], (opts.scanTime ?? opts.now).toISOString());
    releasePassEvidence(findings);
    // Only with a price provider: runScan makes a PriceBook per scan; the deployed Scan Lambda asks the Pricing
    // Lambda (the Price List client does not fit its 1.5 MB package; docs/savings.md).
    // AWS's own figures first: a finding with Cost Optimization Hub's saving is not priced again.
    // The region's offerings (release radar), read while the findings are priced (neither needs the other):
    // their failures are gaps of their own, not the unit's; an error is the unit's once pricing is done.
    const reading =
      opts.offerings !== false
        ? collectOfferings({ clients: opts.clients, snapshot }).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          )
        : undefined;
    if (opts.costOptimizationHub) findings = await cohFindings(unit, snapshot, findings, opts.clients);
    if (opts.pricing) findings = await priceFindings(snapshot, findings, opts.clients, opts.pricing);
    if (reading) {
      const r = await reading;
      if ('error' in r) throw r.error;
      offerings = r.value;
    }
  } catch (err) {
    error = errorText(err);
    snapshot = failedSnapshot(unit, opts.scanId, opts.services, opts.now, windowDays, error);
    findings = [];
  }
  const counts = emptyCounts();
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressedBy) suppressed++;
    else counts[f.status]++;
  }
  const stats = opts.clients.stats;
  const apiCallsFromSnapshot = Object.values(snapshot.stats.apiCalls).reduce((a, b) => a + b, 0);
  const summary: UnitSummary = {
    scanId: opts.scanId,
    accountId: unit.accountId,
    region: unit.region,
    global: unit.global,
    status: error !== undefined ? 'failed' : snapshot.gaps.length > 0 ? 'partial' : 'ok',
    ...(error !== undefined ? { error } : {}),
    services: [...opts.services],
    resourceCounts: resourceCounts(snapshot),
    findingCounts: counts,
    suppressedCount: suppressed,
    // Per-resource gaps keep their count, not their list: the summary stays small (DynamoDB, Step Functions).
    gaps: snapshot.gaps.map(gapSummary),
    apiCalls: Math.max(apiCallsFromSnapshot, stats?.total() ?? 0),
    throttles: Math.max(snapshot.stats.throttles, stats?.throttles ?? 0),
    durationMs: Math.round(performance.now() - started),
    facts: deriveUnitFacts(snapshot, findings),
  };
  opts.onPhase?.('storing');
  if (opts.store) {
    if (offerings && opts.store.putOfferings) await opts.store.putOfferings(offerings);
    await persistUnit(opts.store, summary, findings, snapshot, opts);
  }
  return { snapshot, findings, summary, ...(offerings ? { offerings } : {}) };
}

/** Equal as stored (the register is rewritten only where an entry changed). */
const sameEntry = (a: DebtEntry, b: DebtEntry): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Persist one unit: its share of the debt register (read, updated, changed entries written), its aggregate
 * (with the diff against the same unit of the previous scan), then its findings and summary. Everything
 * read here is this unit's only, so memory stays bounded by the unit.
 */
export async function persistUnit(
  store: FindingsStore,
  summary: UnitSummary,
  findings: readonly Finding[],
  snapshot: Snapshot | undefined,
  opts: Pick<UnitOptions, 'previous' | 'startedAt' | 'scanTime' | 'now'>,
): Promise<void> {
  const startedAt = opts.startedAt ?? (opts.scanTime ?? opts.now).toISOString();
  const key = { accountId: summary.accountId, region: summary.region };
  let previous: Finding[] | undefined;
  if (opts.previous) {
    const prevUnit = await store.getUnit(opts.previous.scanId, key);
    previous =
      prevUnit && prevUnit.status !== 'failed' ? await store.unitFindings(opts.previous.scanId, key) : [];
  }
  const regions = summary.global ? [summary.region, 'global'] : [summary.region];
  const existing = await store.getUnitDebt(summary.accountId, regions);
  const updated = updateDebtRegister(existing, [...findings], {
    scanId: summary.scanId,
    startedAt,
    units: [summary],
  });
  const before = new Map(existing.map((e) => [debtEntryKey(e), e]));
  const changed = updated.filter((e) => {
    const old = before.get(debtEntryKey(e));
    return !old || !sameEntry(old, e);
  });
  if (changed.length > 0) await store.putDebt(changed);
  const { aggregate: _old, ...rest } = summary;
  summary.aggregate = aggregateUnit({
    unit: summary,
    findings,
    ...(previous ? { previous, previousStartedAt: opts.previous!.startedAt } : {}),
    debt: updated,
    startedAt,
    // The whole unit item (summary + aggregate) stays within the budget.
    maxBytes: UNIT_ITEM_BUDGET_BYTES - jsonBytes(rest) - 1_000,
  });
  await store.putUnit(summary, findings, snapshot);
}

/** What a unit is doing, in order (the CLI's progress display shows it per unit). */
export type UnitPhase = 'listing' | 'metrics' | 'evaluating' | 'storing';

export interface ScanProgress {
  type: 'planned' | 'unit-start' | 'unit-phase' | 'unit-done';
  /** With `unit-phase`: the phase the unit enters. */
  phase?: UnitPhase;
  unitsTotal: number;
  unitsDone: number;
  unit?: ScanUnit;
  summary?: UnitSummary;
  /** API calls made so far by all started units. */
  apiCalls: number;
}

export interface RunScanOptions {
  store: FindingsStore;
  accounts: { accountId: string; enabledRegions: string[]; roleArn?: string }[];
  /** Regions requested (--regions / config); default: each account's enabled regions. */
  regions?: string[];
  services: ServiceName[];
  /** One client factory per unit (its own call stats; region and credentials of the unit). */
  clientsFor(unit: ScanUnit): UnitClients;
  /** Scan clock: scan id, start time, suppression expiry. */
  now: Date;
  /** The instant data is read as of; defaults to `now` (a simulated account has its own fixed clock). */
  dataNow?: Date;
  scanId?: string;
  trigger: Trigger;
  reason?: string;
  windowDays?: number;
  thresholds?: Record<string, Record<string, number>>;
  suppressions?: Suppression[];
  checks?: readonly CheckDefinition[];
  collectors?: Partial<Record<ServiceName, Collector>>;
  /** Units scanned at once (default 4). Regions are independent API-quota domains, so this is safe. */
  concurrency?: number;
  /**
   * Threads that read GetMetricData batches beside the scan's own (lib/collect/metric-workers.ts): a large
   * account's metric pages (deserializing, summarizing, their garbage) are most of its CPU. Default 0: all in
   * the scan's thread (one unit per Lambda). The CLI starts `autoMetricWorkers()`.
   */
  metricWorkers?: number;
  /**
   * Units start only while the process's live memory (V8 heap in use + ArrayBuffers) is under `bytes`, unless
   * no unit is running: in one CLI process, units at once are bounded by memory as well as by `concurrency`
   * (and, until the first unit finishes, by SLOW_START_UNITS).
   * `usage` is the reading (tests). Absent: no memory bound (one unit per Lambda needs none).
   */
  memoryBudget?: { bytes: number; usage?: () => number };
  onProgress?(p: ScanProgress): void;
  toolVersion?: string;
  /** Finish time source (tests); defaults to the wall clock. */
  clock?: () => Date;
  /** The scan to compare with (diff, `new` marks): the caller picks it, e.g. previousScanOf (lib/cli/digest.ts). */
  previous?: { scanId: string; startedAt: string };
  /** Pricing of the failing findings' changes: default one PriceBook for the scan, cached in the store. */
  pricing?: SavingsProvider | false;
  /** Read Cost Optimization Hub's savings (config `savings.costOptimizationHub`). */
  costOptimizationHub?: boolean;
}

/**
 * The scan's header and unit summaries (with their aggregates). No findings: each unit's were stored and
 * released when it finished; read them back with the store's `findings` / `unitFindings`.
 */
export interface ScanResult {
  header: ScanHeader;
  /** Without their aggregates (those stay in the store: up to 100 KB a unit). */
  units: UnitSummary[];
  /** Failing, unsuppressed findings by severity over every unit (what `--fail-on` reads). */
  failingBySeverity: Record<Severity, number>;
}

export function scanStatus(units: Pick<UnitSummary, 'status'>[], planned: number): ScanStatus {
  const failed = units.filter((u) => u.status === 'failed').length + Math.max(0, planned - units.length);
  if (planned > 0 && failed === planned) return 'failed';
  if (failed > 0 || units.some((u) => u.status === 'partial')) return 'partial';
  return 'complete';
}

/** Units that may start under a memory budget before the first one has finished (runScan's slow start). */
export const SLOW_START_UNITS = 4;

/** Regions that usually hold an account's most resources (AWS's largest), started first when nothing else says. */
export const USUALLY_LARGEST_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** Units whose previous scan is read up front to order them (beyond it, the usual order below). */
export const ORDER_BY_PREVIOUS_MAX_UNITS = 500;

/**
 * The order units start in (indices into `units`): the largest first, so the units that read longest (AWS's
 * datapoint quota per region: ~53 s for 21M datapoints) start while the small ones fill in around them, rather
 * than one reading alone at the end (issue 11: the full reference account's us-west-2, 16 s). Largest by what
 * each unit's previous scan read (`previousSeries`, for up to ORDER_BY_PREVIOUS_MAX_UNITS units), else each
 * account's global unit, then USUALLY_LARGEST_REGIONS, then the plan's order.
 */
export async function startOrder(
  units: readonly ScanUnit[],
  previousSeries?: (unit: ScanUnit) => Promise<number | undefined>,
): Promise<number[]> {
  const prior = (u: ScanUnit) => {
    if (u.global) return 0;
    const k = USUALLY_LARGEST_REGIONS.indexOf(u.region);
    return k < 0 ? USUALLY_LARGEST_REGIONS.length + 1 : k + 1;
  };
  const sizes =
    previousSeries && units.length <= ORDER_BY_PREVIOUS_MAX_UNITS
      ? await Promise.all(units.map((u) => previousSeries(u)))
      : undefined;
  return units
    .map((_, i) => i)
    .sort((a, b) => {
      // Known sizes first, largest first; then the usual order.
      const sa = sizes?.[a];
      const sb = sizes?.[b];
      if (sa !== undefined || sb !== undefined) {
        if (sa === undefined) return 1;
        if (sb === undefined) return -1;
        if (sa !== sb) return sb - sa;
      }
      return prior(units[a] as ScanUnit) - prior(units[b] as ScanUnit) || a - b;
    });
}

export async function runScan(opts: RunScanOptions): Promise<ScanResult> {
  // Plan first: a bad region fails here, before anything is written.
  const units = opts.accounts.flatMap((a) =>
    planUnits({
      accountId: a.accountId,
      enabledRegions: a.enabledRegions,
      ...(opts.regions ? { regions: opts.regions } : {}),
      ...(a.roleArn ? { roleArn: a.roleArn } : {}),
    }),
  );
  const scanId = opts.scanId ?? newScanId(opts.now);
  const clock = opts.clock ?? (() => new Date());
  const scope: ScanScope = { accounts: opts.accounts.map((a) => a.accountId), services: [...opts.services] };
  if (opts.regions && opts.regions.length > 0) scope.regions = [...opts.regions];
  const header: ScanHeader = {
    scanId,
    startedAt: opts.now.toISOString(),
    trigger: opts.trigger,
    ...(opts.reason ? { reason: opts.reason } : {}),
    scope,
    status: 'running',
    accounts: opts.accounts.map((a) => a.accountId),
    coverage: { unitsPlanned: units.length, unitsScanned: 0, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
    toolVersion: opts.toolVersion ?? TOOL_VERSION,
    engine: engineFingerprint(opts.thresholds, opts.checks, opts.toolVersion ?? TOOL_VERSION),
    ...(opts.previous ? { previousScanId: opts.previous.scanId } : {}),
  };
  await opts.store.putScanHeader(header);

  const cache = priceCacheOf(opts.store);
  const pricing = opts.pricing ?? new PriceBook({ ...(cache ? { cache } : {}), now: () => opts.now });
  const factories: UnitClients[] = [];
  const apiCalls = () => factories.reduce((n, f) => n + f.stats.total(), 0);
  let unitsDone = 0;
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  opts.onProgress?.({ type: 'planned', unitsTotal: units.length, unitsDone: 0, apiCalls: 0 });

  // With a memory budget, units also reserve their estimated size before reading their metrics (see
  // lib/engine/memory-gate.ts): the start-time check below cannot see how large a unit will grow.
  // The gate shares out what the budget adds to the memory held now (`bytes` is an absolute reading: what the
  // process held when the budget was set plus the budget): reserving the process's own baseline again let
  // the units' reservations reach the heap limit (the reference account at 1/4 ran out of a 110 MB heap).
  const gate = opts.memoryBudget
    ? new MemoryGate(
        // No room left: every unit runs alone.
        Math.max(0, opts.memoryBudget.bytes - (opts.memoryBudget.usage ?? liveMemoryBytes)()),
      )
    : undefined;
  /** The metric series the previous scan of a unit read (the start order, and the gate's estimate before it lists). */
  const seriesRead = new Map<ScanUnit, Promise<number | undefined>>();
  const previousSeries = (unit: ScanUnit): Promise<number | undefined> => {
    let p = seriesRead.get(unit);
    if (!p) seriesRead.set(unit, (p = readPreviousSeries(unit)));
    return p;
  };
  const readPreviousSeries = async (unit: ScanUnit): Promise<number | undefined> => {
    if (!opts.previous) return undefined;
    try {
      const u = await opts.store.getUnit(opts.previous.scanId, unit);
      return u && u.status !== 'failed' ? u.resourceCounts['metrics.series'] : undefined;
    } catch {
      return undefined; // an estimate only: the unit's own store writes report a failing store
    }
  };
  // Loaded only when asked for: a Lambda's bundle and a small scan start no thread.
  const workers =
    (opts.metricWorkers ?? 0) > 0
      ? (await import('#lib/collect/metric-workers.js')).MetricWorkerPool.start(opts.metricWorkers as number)
      : undefined;
  const runOne = async (unit: ScanUnit): Promise<UnitSummary> => {
    let clients: UnitClients | undefined;
    let summary: UnitSummary;
    const reservation = {};
    try {
      clients = opts.clientsFor(unit);
      factories.push(clients);
      opts.onProgress?.({
        type: 'unit-start',
        unitsTotal: units.length,
        unitsDone,
        unit,
        apiCalls: apiCalls(),
      });
      // Before it lists (its inventory is memory too): an estimate from its previous scan when there is one.
      if (gate) {
        const estimate = gate.listingEstimate(opts.previous ? await previousSeries(unit) : undefined);
        // Without a wait when it fits: the start-time check of the next unit then sees this one's listing.
        if (!gate.tryAcquire(reservation, estimate)) await gate.acquire(reservation, estimate);
      }
      // Only the summary comes back here: the unit's snapshot and findings end with scanUnit's frame, so
      // nothing of them is reachable from this (suspended) function once the unit is stored.
      const stored = await scanUnit(unit, {
        scanId,
        services: opts.services,
        clients,
        now: opts.dataNow ?? opts.now,
        scanTime: opts.now,
        ...(opts.windowDays !== undefined ? { windowDays: opts.windowDays } : {}),
        ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
        ...(opts.suppressions ? { suppressions: opts.suppressions } : {}),
        ...(opts.checks ? { checks: opts.checks } : {}),
        ...(opts.collectors ? { collectors: opts.collectors } : {}),
        store: opts.store,
        startedAt: header.startedAt,
        ...(opts.previous ? { previous: opts.previous } : {}),
        pricing,
        ...(opts.costOptimizationHub ? { costOptimizationHub: true } : {}),
        ...(workers ? { metricWorkers: workers } : {}),
        ...(gate
          ? {
              // Reading holds the inventory and the summaries as they come; evaluating and storing adds the
              // findings: the peak. A large unit reads (most of its time: AWS's quotas) beside other units, and
              // waits, if it must, only for its evaluation.
              beforeMetrics: (queries: number) =>
                gate.acquire(
                  reservation,
                  queries * READING_BYTES_PER_METRIC_QUERY,
                  // The room its evaluation will ask for, kept (for the largest such unit) by the gate.
                  queries * (BYTES_PER_METRIC_QUERY - READING_BYTES_PER_METRIC_QUERY),
                ),
              beforeEvaluate: (queries: number) =>
                gate.acquire(reservation, queries * BYTES_PER_METRIC_QUERY),
            }
          : {}),
        onPhase: (phase) =>
          opts.onProgress?.({
            type: 'unit-phase',
            phase,
            unitsTotal: units.length,
            unitsDone,
            unit,
            apiCalls: apiCalls(),
          }),
      }).then((r) => r.summary);
      const { aggregate, ...light } = stored;
      for (const s of SEVERITIES) failingBySeverity[s] += aggregate?.failingFindingsBySeverity[s] ?? 0;
      summary = light;
    } catch (err) {
      // Client creation or the store write failed: record the unit as failed (best effort) and go on.
      summary = failedUnitSummary(scanId, unit, opts.services, errorText(err), opts.now);
      try {
        await opts.store.putUnit(summary, []);
      } catch {
        // the store itself is failing; the final header still counts the unit as failed
      }
    } finally {
      // Stored (or failed): its memory is released, and so is its reservation.
      gate?.release(reservation);
    }
    unitsDone++;
    finishedOne = true;
    opts.onProgress?.({
      type: 'unit-done',
      unitsTotal: units.length,
      unitsDone,
      unit,
      summary,
      apiCalls: apiCalls(),
    });
    return summary;
  };

  // Units in plan order, whatever order they finish in.
  const budget = opts.memoryBudget;
  // The reading is the heap left by V8's last full GC (plus ArrayBuffers), not heapUsed: between collections
  // most of a scan's heap is garbage, which held units back for nothing.
  if (budget && !budget.usage) trackLiveHeap();
  const usage = budget?.usage ?? liveMemoryBytes;
  // Slow start: a unit's memory grows over its whole run, so until one unit has finished (and the reading
  // shows what units in flight hold) at most SLOW_START_UNITS start; after that the reading decides.
  let finishedOne = false;
  const admit = budget
    ? (running: number) =>
        (finishedOne || running < SLOW_START_UNITS) &&
        usage() < budget.bytes &&
        // Units waiting at the memory gate hold their inventory: start no other until they are through.
        (gate?.waiting ?? 0) === 0
    : () => true;
  const summaries = await (async () => {
    try {
      const order = await startOrder(units, opts.previous ? previousSeries : undefined);
      const done = await mapLimitAdmitted(
        order.map((i) => units[i] as ScanUnit),
        opts.concurrency ?? 4,
        admit,
        runOne,
      );
      // Back in plan order.
      const inPlan = new Array<UnitSummary>(units.length);
      order.forEach((unitIndex, k) => (inPlan[unitIndex] = done[k] as UnitSummary));
      return inPlan;
    } finally {
      await workers?.close();
    }
  })();
  const final = finalizeHeader(header, summaries, clock());
  await opts.store.putScanHeader(final);
  return { header: final, units: summaries, failingBySeverity };
}

/** The final header: status, coverage and finding counts from the stored unit summaries. */
export function finalizeHeader(header: ScanHeader, units: UnitSummary[], finishedAt: Date): ScanHeader {
  const tally = new UnitTally();
  for (const u of units) tally.add(u);
  return tally.finalize(header, finishedAt);
}

/**
 * What the final header needs from the unit summaries, counted as they stream by (the Digest Lambda reads
 * them once, for the rollup): a few numbers, and the accounts with a unit that produced data.
 */
export class UnitTally {
  units = 0;
  scanned = 0;
  failed = 0;
  partial = 0;
  gaps = 0;
  readonly counts = emptyCounts();
  /** Accounts with at least one unit that produced data (bounded by the accounts of the scan). */
  readonly accountsScanned = new Set<string>();

  add(u: UnitSummary): void {
    this.units++;
    if (u.status === 'failed') this.failed++;
    else {
      this.scanned++;
      this.accountsScanned.add(u.accountId);
    }
    if (u.status === 'partial') this.partial++;
    this.gaps += u.gaps.length;
    for (const s of STATUSES) this.counts[s] += u.findingCounts[s] ?? 0;
  }

  /** Pass a stream through, counting it. */
  async *through(units: AsyncIterable<UnitSummary>): AsyncGenerator<UnitSummary> {
    for await (const u of units) {
      this.add(u);
      yield u;
    }
  }

  finalize(header: ScanHeader, finishedAt: Date): ScanHeader {
    const planned = header.coverage.unitsPlanned;
    const failed = this.failed + Math.max(0, planned - this.units);
    let status: ScanStatus = 'complete';
    if (planned > 0 && failed === planned) status = 'failed';
    else if (failed > 0 || this.partial > 0) status = 'partial';
    return {
      ...header,
      finishedAt: finishedAt.toISOString(),
      status,
      coverage: {
        unitsPlanned: planned,
        unitsScanned: this.scanned,
        unitsPartial: this.partial,
        unitsFailed: failed,
        gaps: this.gaps,
      },
      findingCounts: { ...this.counts },
    };
  }
}

/** Scans a digest looks back through for the previous scan and the history count (a year of weekly runs). */
export const HISTORY_LIMIT = 60;

/**
 * The scans started before `before` (ISO) that finished (complete or partial) and covered every given
 * account, newest first: the first is the one a new scan of these accounts compares with.
 */
export async function earlierFinishedScans(
  store: FindingsStore,
  accounts: readonly string[],
  before: string,
): Promise<ScanHeader[]> {
  // Rescores re-judge scans already in the history (lib/integrations/rescore.ts): not scans of their own.
  return (await store.listScans({ before, limit: HISTORY_LIMIT })).filter(
    (h) =>
      (h.status === 'complete' || h.status === 'partial') &&
      !h.rescoreOf &&
      accounts.every((a) => h.accounts.includes(a)),
  );
}
