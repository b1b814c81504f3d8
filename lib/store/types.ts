/**
 * The FindingsStore contract, implemented by the local-folder store (laptop, CI) and the DynamoDB
 * store (deployed). Writes are idempotent: the same scan/unit/finding written twice is stored once.
 *
 * Memory: nothing here needs every finding of a scan at once. A unit is written as one call and released;
 * readers go unit by unit (`unitFindings`, `findings`) or read the small per-unit summaries (`units`).
 */
import type {
  DebtEntry,
  Finding,
  Price,
  ScanHeader,
  Snapshot,
  UnitOfferings,
  UnitSummary,
} from '#lib/model/index.js';

export interface UnitKey {
  accountId: string;
  region: string;
}

export interface FindingsStore {
  /** Create or replace the scan header. */
  putScanHeader(header: ScanHeader): Promise<void>;
  getScanHeader(scanId: string): Promise<ScanHeader | undefined>;
  /** Scans newest first; `before` (an ISO time) returns only scans started strictly before it, to page backwards. */
  listScans(opts?: { limit?: number; before?: string }): Promise<ScanHeader[]>;
  /**
   * Store one unit's results. Re-writing a unit replaces its summary and findings (no duplicates,
   * and findings no longer present are removed). The snapshot is optional (the local store keeps it;
   * the DynamoDB store does not, the summary carries the facts the scorer needs). The summary (with its
   * aggregate) is written last: a stored summary means the unit's findings are complete.
   */
  putUnit(summary: UnitSummary, findings: readonly Finding[], snapshot?: Snapshot): Promise<void>;
  /** One unit's summary (with its aggregate); undefined when it was not stored. */
  getUnit(scanId: string, unit: UnitKey): Promise<UnitSummary | undefined>;
  /** The units of a scan that have a stored summary, keys only (no aggregate read), when the store can. */
  unitKeys?(scanId: string): Promise<UnitKey[]>;
  /** Every unit summary of a scan (small: no findings), ordered by account then region. */
  getUnits(scanId: string): Promise<UnitSummary[]>;
  /** The unit summaries one at a time, ordered by account then region (bounded memory at any scan size). */
  units(scanId: string): AsyncIterable<UnitSummary>;
  /** One unit's findings (empty when the unit was not stored). */
  unitFindings(scanId: string, unit: UnitKey): Promise<Finding[]>;
  /** Every finding of a scan, one unit's findings at a time (units whose summary is stored), in unit order. */
  findings(scanId: string): AsyncIterable<Finding[]>;
  /** Every finding of a scan in one array: small scans and tests only; use `findings` for anything large. */
  getFindings(scanId: string): Promise<Finding[]>;
  getSnapshot?(scanId: string, accountId: string, region: string): Promise<Snapshot | undefined>;
  /** The performance-debt register of one account. */
  getDebt(accountId: string): Promise<DebtEntry[]>;
  /** The entries of one account in the given regions (`global` included when asked): one unit's share. */
  getUnitDebt(accountId: string, regions: readonly string[]): Promise<DebtEntry[]>;
  /**
   * The entries of one account outside the given regions (`global` is a region here): the register's share
   * no unit of a scan covered (regions not scanned this time, failed units). Optional: `debtOutside` below
   * falls back to the whole register, filtered.
   */
  getDebtOutside?(accountId: string, regions: readonly string[]): Promise<DebtEntry[]>;
  putDebt(entries: readonly DebtEntry[]): Promise<void>;
  /** The AWS Price List cache (lib/collect/pricing.ts): prices by id, with their publication date. */
  getPrices?(ids: readonly string[]): Promise<Record<string, Price>>;
  putPrices?(prices: readonly Price[]): Promise<void>;
  /**
   * What a unit's region offered when it was scanned (lib/collect/offerings.ts), stored beside its snapshot; the
   * unit's pointer to its latest offerings moves to it unless a newer scan of the unit already stored its own.
   */
  putOfferings?(offerings: UnitOfferings): Promise<void>;
  getOfferings?(scanId: string, unit: UnitKey): Promise<UnitOfferings | undefined>;
  /** Where the latest stored offerings of every (account, region) are: keys only, small. */
  latestOfferings?(): Promise<LatestOfferings[]>;
}

/** The pointer to a unit's latest stored offerings (the release radar's baseline). */
export interface LatestOfferings extends UnitKey {
  scanId: string;
  collectedAt: string;
}

/** Collect an async iterable of pages into one array (small inputs only). */
export async function collectPages<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) for (const x of page) out.push(x);
  return out;
}

/** The entries of an account's register outside `regions` (the store's own query when it has one). */
export async function debtOutside(
  store: FindingsStore,
  accountId: string,
  regions: readonly string[],
): Promise<DebtEntry[]> {
  if (store.getDebtOutside) return store.getDebtOutside(accountId, regions);
  const covered = new Set(regions);
  return (await store.getDebt(accountId)).filter((e) => !covered.has(e.region));
}

/** The units of a scan with a stored summary: keys only where the store can list them so. */
export async function storedUnitKeys(store: FindingsStore, scanId: string): Promise<UnitKey[]> {
  if (store.unitKeys) return store.unitKeys(scanId);
  const out: UnitKey[] = [];
  for await (const u of store.units(scanId)) out.push({ accountId: u.accountId, region: u.region });
  return out;
}
