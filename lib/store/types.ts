/**
 * The FindingsStore contract, implemented by the local-folder store (laptop, CI) and the DynamoDB
 * store (deployed). Writes are idempotent: the same scan/unit/finding written twice is stored once.
 */
import type { DebtEntry, Finding, ScanHeader, Snapshot, UnitSummary } from '#lib/model/index.js';

export interface FindingsStore {
  /** Create or replace the scan header. */
  putScanHeader(header: ScanHeader): Promise<void>;
  getScanHeader(scanId: string): Promise<ScanHeader | undefined>;
  /** Scans newest first; `before` (an ISO time) returns only scans started strictly before it, to page backwards. */
  listScans(opts?: { limit?: number; before?: string }): Promise<ScanHeader[]>;
  /**
   * Store one unit's results. Re-writing a unit replaces its summary and findings (no duplicates,
   * and findings no longer present are removed). The snapshot is optional (the local store keeps it;
   * the DynamoDB store does not, the summary carries the facts the scorer needs).
   */
  putUnit(summary: UnitSummary, findings: Finding[], snapshot?: Snapshot): Promise<void>;
  getUnits(scanId: string): Promise<UnitSummary[]>;
  getFindings(scanId: string): Promise<Finding[]>;
  getSnapshot?(scanId: string, accountId: string, region: string): Promise<Snapshot | undefined>;
  /** The performance-debt register of one account. */
  getDebt(accountId: string): Promise<DebtEntry[]>;
  putDebt(entries: DebtEntry[]): Promise<void>;
}
