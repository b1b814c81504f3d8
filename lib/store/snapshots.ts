/**
 * Unit snapshots in S3 for the deployed stack (the DynamoDB store keeps none: a snapshot can be megabytes).
 * One gzip JSON object per unit in the run bucket, `snapshots/<scanId>/<account>/<region>.json.gz`, expired
 * by the bucket's lifecycle rule after as many days as the findings' TTL (lib/infra/run-bucket.ts), so a
 * stored scan can be re-judged (`perfscan rescore`, the deployed rescore) as long as its findings exist.
 *
 * `withSnapshots` gives any FindingsStore a snapshot side: `putUnit` writes the snapshot first (the summary,
 * written last by the inner store, still means the unit is complete) and `getSnapshot` reads it back.
 * Memory: one unit's snapshot, its JSON and its gzip at a time.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DebtEntry, Finding, ScanHeader, Snapshot, UnitSummary } from '#lib/model/index.js';
import { snapshotKey } from './snapshot-keys.js';
import type { FindingsStore, UnitKey } from './types.js';

export { SNAPSHOTS_PREFIX, snapshotKey } from './snapshot-keys.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface SnapshotStore {
  put(snapshot: Snapshot, scanId?: string): Promise<{ key: string; bytes: number }>;
  get(scanId: string, accountId: string, region: string): Promise<Snapshot | undefined>;
}

/** Snapshots as gzip JSON objects in one bucket. The client brings the SDK's retries (standard mode). */
export class S3SnapshotStore implements SnapshotStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async put(snapshot: Snapshot, scanId = snapshot.scanId): Promise<{ key: string; bytes: number }> {
    const key = snapshotKey(scanId, snapshot.accountId, snapshot.region);
    const body = await gzipAsync(Buffer.from(JSON.stringify(snapshot), 'utf8'));
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/gzip',
      }),
    );
    return { key, bytes: body.length };
  }

  async get(scanId: string, accountId: string, region: string): Promise<Snapshot | undefined> {
    const key = snapshotKey(scanId, accountId, region);
    let bytes: Uint8Array;
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!r.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
      bytes = await r.Body.transformToByteArray();
    } catch (err) {
      // The key is absent: the unit stored no snapshot (it failed) or the lifecycle rule expired it.
      if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
    const snap = JSON.parse((await gunzipAsync(bytes)).toString('utf8')) as Snapshot;
    if (snap.accountId !== accountId || snap.region !== region)
      throw new Error(
        `s3://${this.bucket}/${key} holds the snapshot of ${snap.accountId}/${snap.region}, not ${accountId}/${region}`,
      );
    return snap;
  }
}

/** `store` whose units keep their snapshot in `snapshots` (written before the unit, read by getSnapshot). */
export function withSnapshots(store: FindingsStore, snapshots: SnapshotStore): FindingsStore {
  return new SnapshotFindingsStore(store, snapshots);
}

class SnapshotFindingsStore implements FindingsStore {
  declare unitKeys?: FindingsStore['unitKeys'];
  declare getDebtOutside?: FindingsStore['getDebtOutside'];
  declare getPrices?: FindingsStore['getPrices'];
  declare putPrices?: FindingsStore['putPrices'];

  constructor(
    private readonly inner: FindingsStore,
    private readonly snapshots: SnapshotStore,
  ) {
    // The inner store's optional methods (and any added later) pass through as they are.
    const self = this as unknown as Record<string, unknown>;
    const from = inner as unknown as Record<string, unknown>;
    for (
      let o: object | null = inner;
      o && o !== Object.prototype;
      o = Object.getPrototypeOf(o) as object | null
    )
      for (const k of Object.getOwnPropertyNames(o)) {
        const v = from[k];
        if (k !== 'constructor' && typeof v === 'function' && !(k in this))
          self[k] = (v as (...a: unknown[]) => unknown).bind(inner);
      }
  }

  async putUnit(summary: UnitSummary, findings: readonly Finding[], snapshot?: Snapshot): Promise<void> {
    if (snapshot) await this.snapshots.put(snapshot, summary.scanId);
    await this.inner.putUnit(summary, findings);
  }
  getSnapshot(scanId: string, accountId: string, region: string): Promise<Snapshot | undefined> {
    return this.snapshots.get(scanId, accountId, region);
  }
  putScanHeader(header: ScanHeader): Promise<void> {
    return this.inner.putScanHeader(header);
  }
  getScanHeader(scanId: string): Promise<ScanHeader | undefined> {
    return this.inner.getScanHeader(scanId);
  }
  listScans(opts?: { limit?: number; before?: string }): Promise<ScanHeader[]> {
    return this.inner.listScans(opts);
  }
  getUnit(scanId: string, unit: UnitKey): Promise<UnitSummary | undefined> {
    return this.inner.getUnit(scanId, unit);
  }
  getUnits(scanId: string): Promise<UnitSummary[]> {
    return this.inner.getUnits(scanId);
  }
  units(scanId: string): AsyncIterable<UnitSummary> {
    return this.inner.units(scanId);
  }
  unitFindings(scanId: string, unit: UnitKey): Promise<Finding[]> {
    return this.inner.unitFindings(scanId, unit);
  }
  findings(scanId: string): AsyncIterable<Finding[]> {
    return this.inner.findings(scanId);
  }
  getFindings(scanId: string): Promise<Finding[]> {
    return this.inner.getFindings(scanId);
  }
  getDebt(accountId: string): Promise<DebtEntry[]> {
    return this.inner.getDebt(accountId);
  }
  getUnitDebt(accountId: string, regions: readonly string[]): Promise<DebtEntry[]> {
    return this.inner.getUnitDebt(accountId, regions);
  }
  putDebt(entries: readonly DebtEntry[]): Promise<void> {
    return this.inner.putDebt(entries);
  }
}
