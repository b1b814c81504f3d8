/**
 * DynamoDB implementation of FindingsStore (DESIGN.md "DynamoDB"): one table, deterministic keys
 * (a re-run overwrites, never duplicates).
 *
 *   scan header     SCAN#<scanId>                       #META
 *   unit summary    SCAN#<scanId>                       UNIT#<account>#<region>   (with its aggregate)
 *   unit's checks   UNIT#<scanId>#<account>#<region>    #CHECKS                   (remediation once per check)
 *   finding         UNIT#<scanId>#<account>#<region>    <checkId>#<resourceId>    (compact; TTL)
 *   debt entry      DEBT#<account>                      <checkId>#<region>#<resourceId>
 *   offerings       SCAN#<scanId>                       OFFERS#<account>#<region>#<n>  (gzip JSON in parts)
 *   latest offers   OFFERINGS                           <account>#<region>        (pointer to the scan)
 *
 * One partition per unit spreads a scan's writes over as many partitions as it has units (1,000 WCU/s
 * each); BatchWriteItem in 25s, several in flight, unprocessed items retried with backoff.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type BatchWriteCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  type AggRow,
  type UnitAggregate,
  debtEntryKey,
  type Price,
  type DebtEntry,
  type Finding,
  type ScanHeader,
  type UnitOfferings,
  type UnitSummary,
} from '#lib/model/index.js';
import { TABLE_DESIGN } from '#lib/model/table.js';
import {
  compactFindings,
  expandFinding,
  jsonBytes,
  type StoredCheck,
  type StoredFinding,
} from './records.js';
import { collectPages, type FindingsStore, type LatestOfferings, type UnitKey } from './types.js';

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE_DESIGN;
const GSI = TABLE_DESIGN.scansByTime;

/** BatchWriteItem takes at most 25 requests (DynamoDB quota). */
export const BATCH_SIZE = 25;
const MAX_BATCH_ATTEMPTS = 8;
/** BatchWriteItem calls in flight per store call (each on its own 25 items). */
export const DEFAULT_BATCH_CONCURRENCY = 4;

export const keys = {
  scan: (scanId: string) => `SCAN#${scanId}`,
  meta: '#META',
  unit: (accountId: string, region: string) => `UNIT#${accountId}#${region}`,
  /** The partition of one unit's findings. */
  unitPartition: (scanId: string, accountId: string, region: string) =>
    `UNIT#${scanId}#${accountId}#${region}`,
  /** Sort key of a finding within its unit's partition. */
  finding: (f: Pick<Finding, 'checkId' | 'resourceId'>) => `${f.checkId}#${f.resourceId}`,
  /** The unit's check records (title, control, remediation text and links once per check). */
  checks: '#CHECKS',
  /** The rows of a unit's aggregate (worst problems per check), in items of at most ROWS_ITEM_BYTES. */
  rowsPrefix: (accountId: string, region: string) => `ROWS#${accountId}#${region}#`,
  rows: (accountId: string, region: string, n: number) =>
    `ROWS#${accountId}#${region}#${String(n).padStart(4, '0')}`,
  debt: (accountId: string) => `DEBT#${accountId}`,
  debtEntry: debtEntryKey,
  /** The price cache (lib/collect/pricing.ts): one partition, one item per priced SKU request. */
  prices: 'PRICE',
  /** A unit's offerings (lib/collect/offerings.ts), gzip-compressed JSON in parts of OFFERINGS_PART_BYTES. */
  offeringsPrefix: (accountId: string, region: string) => `OFFERS#${accountId}#${region}#`,
  offerings: (accountId: string, region: string, n: number) =>
    `OFFERS#${accountId}#${region}#${String(n).padStart(4, '0')}`,
  /** Pointers to each unit's latest offerings: one small partition (one item per account and region). */
  latestOfferings: 'OFFERINGS',
  latestOfferingsOf: (accountId: string, region: string) => `${accountId}#${region}`,
};

/** Compressed bytes per offerings item: every item stays under 100 KB (a region's ~900 types take ~6 KB). */
export const OFFERINGS_PART_BYTES = 90_000;

export interface DynamoStoreOptions {
  tableName: string;
  client: DynamoDBClient;
  /** Per-scan findings expire after this many days (TTL); headers, units and the debt register stay. */
  findingsTtlDays?: number;
  /** Clock for TTL computation (tests). */
  now?: () => Date;
  /** Sleep between unprocessed-item retries (tests shorten it). */
  backoffMs?: (attempt: number) => number;
  /** BatchWriteItem calls in flight at once (default 4). */
  batchConcurrency?: number;
}

/** Rows (JSON bytes) per rows item: DynamoDB items stay well under 100 KB. */
export const ROWS_ITEM_BYTES = 80_000;

type Item = Record<string, unknown>;
type RowsByCheck = Record<string, AggRow[]>;

/**
 * The unit summary without its aggregate's rows, and the rows in chunks of at most ROWS_ITEM_BYTES: the
 * unit item stays small however many problems the unit has.
 */
export function splitRows(summary: UnitSummary): { summary: UnitSummary; chunks: RowsByCheck[] } {
  const agg = summary.aggregate;
  if (!agg) return { summary, chunks: [] };
  const chunks: RowsByCheck[] = [];
  let current: RowsByCheck = {};
  let bytes = 0;
  const checks: UnitAggregate['checks'] = {};
  for (const [checkId, c] of Object.entries(agg.checks)) {
    checks[checkId] = { ...c, rows: [] };
    for (const row of c.rows) {
      const n = jsonBytes(row) + checkId.length + 8;
      if (bytes > 0 && bytes + n > ROWS_ITEM_BYTES) {
        chunks.push(current);
        current = {};
        bytes = 0;
      }
      (current[checkId] ??= []).push(row);
      bytes += n;
    }
  }
  if (bytes > 0) chunks.push(current);
  return { summary: { ...summary, aggregate: { ...agg, checks } }, chunks };
}
type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

export class DynamoStore implements FindingsStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly ttlDays: number;
  private readonly now: () => Date;
  private readonly backoffMs: (attempt: number) => number;
  private readonly batchConcurrency: number;
  /**
   * Batch calls made, unprocessed items retried, the most batches seen in flight at once, items written
   * and the largest item written (JSON bytes, close to DynamoDB's own item size), for the benchmark and tests.
   */
  readonly stats = {
    batchWrites: 0,
    unprocessedRetried: 0,
    maxInFlight: 0,
    itemsWritten: 0,
    largestItemBytes: 0,
    largestItemKind: '',
  };

  constructor(opts: DynamoStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(opts.client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
    });
    this.table = opts.tableName;
    this.ttlDays = opts.findingsTtlDays ?? 400;
    this.now = opts.now ?? (() => new Date());
    this.backoffMs = opts.backoffMs ?? ((a) => Math.min(2000, 50 * 2 ** a) * (0.5 + Math.random() / 2));
    this.batchConcurrency = Math.max(1, opts.batchConcurrency ?? DEFAULT_BATCH_CONCURRENCY);
  }

  async putScanHeader(header: ScanHeader): Promise<void> {
    const item = {
      [PK]: keys.scan(header.scanId),
      [SK]: keys.meta,
      [GSI.partitionKey]: 'SCANS',
      [GSI.sortKey]: `${header.startedAt}#${header.scanId}`,
      kind: 'scan',
      header,
    };
    this.measure(item, 'scan header');
    await this.doc.send(new PutCommand({ TableName: this.table, Item: item }));
  }

  async getScanHeader(scanId: string): Promise<ScanHeader | undefined> {
    const r = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { [PK]: keys.scan(scanId), [SK]: keys.meta },
        ConsistentRead: true,
      }),
    );
    return r.Item?.header as ScanHeader | undefined;
  }

  async listScans(opts: { limit?: number; before?: string } = {}): Promise<ScanHeader[]> {
    const limit = opts.limit ?? 20;
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: GSI.indexName,
      KeyConditionExpression: opts.before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
      ExpressionAttributeNames: opts.before
        ? { '#pk': GSI.partitionKey, '#sk': GSI.sortKey }
        : { '#pk': GSI.partitionKey },
      ExpressionAttributeValues: opts.before
        ? { ':pk': 'SCANS', ':before': opts.before }
        : { ':pk': 'SCANS' },
      ScanIndexForward: false,
    };
    const out: ScanHeader[] = [];
    for await (const page of paginateQuery({ client: this.doc, pageSize: Math.min(limit, 100) }, input)) {
      for (const item of page.Items ?? []) {
        out.push(item.header as ScanHeader);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  async putUnit(summary: UnitSummary, findings: readonly Finding[]): Promise<void> {
    const { scanId, accountId, region } = summary;
    const pk = keys.unitPartition(scanId, accountId, region);
    const expiresAt = Math.floor(this.now().getTime() / 1000) + this.ttlDays * 86_400;
    const stored = compactFindings(region, findings);
    const requests: WriteRequest[] = [];
    const wanted = new Set<string>([keys.checks]);
    if (stored.findings.length > 0) {
      const item = { [PK]: pk, [SK]: keys.checks, kind: 'checks', checks: stored.checks, [TTL]: expiresAt };
      this.measure(item, 'unit checks');
      requests.push({ PutRequest: { Item: item } });
    }
    for (const f of stored.findings) {
      const sk = keys.finding(f);
      wanted.add(sk);
      const item = { [PK]: pk, [SK]: sk, status: f.status, f, [TTL]: expiresAt };
      this.measure(item, 'finding');
      requests.push({ PutRequest: { Item: item } });
    }
    // A re-run of the unit replaces its findings: delete the ones that are no longer reported.
    for (const sk of await this.queryKeys(pk)) {
      if (!wanted.has(sk) || (sk === keys.checks && stored.findings.length === 0))
        requests.push({ DeleteRequest: { Key: { [PK]: pk, [SK]: sk } } });
    }
    await this.batchWrite(requests);
    // The aggregate's rows beside the summary (scan partition, no TTL: the digest can be rebuilt later).
    const split = splitRows(summary);
    const rowRequests: WriteRequest[] = split.chunks.map((rows, n) => {
      const item = { [PK]: keys.scan(scanId), [SK]: keys.rows(accountId, region, n), kind: 'rows', rows };
      this.measure(item, 'unit rows');
      return { PutRequest: { Item: item } };
    });
    const keep = new Set(split.chunks.map((_, n) => keys.rows(accountId, region, n)));
    for (const sk of await this.queryKeys(keys.scan(scanId), keys.rowsPrefix(accountId, region))) {
      if (!keep.has(sk)) rowRequests.push({ DeleteRequest: { Key: { [PK]: keys.scan(scanId), [SK]: sk } } });
    }
    await this.batchWrite(rowRequests);
    // The summary goes last: a unit summary present means its findings are complete.
    const item = {
      [PK]: keys.scan(scanId),
      [SK]: keys.unit(accountId, region),
      kind: 'unit',
      summary: split.summary,
      rowsItems: split.chunks.length,
    };
    this.measure(item, 'unit summary');
    await this.doc.send(new PutCommand({ TableName: this.table, Item: item }));
  }

  /** The unit item's summary with its aggregate's rows put back. */
  private async withRows(scanId: string, item: Item): Promise<UnitSummary> {
    const summary = item.summary as UnitSummary;
    const agg = summary.aggregate;
    if (!agg || !(Number(item.rowsItems) > 0)) return summary;
    for (const i of await this.queryItems(
      keys.scan(scanId),
      keys.rowsPrefix(summary.accountId, summary.region),
    )) {
      for (const [checkId, rows] of Object.entries(i.rows as RowsByCheck)) {
        const c = agg.checks[checkId];
        if (c) c.rows.push(...rows);
      }
    }
    return summary;
  }

  async getUnit(scanId: string, unit: UnitKey): Promise<UnitSummary | undefined> {
    const r = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { [PK]: keys.scan(scanId), [SK]: keys.unit(unit.accountId, unit.region) },
        ConsistentRead: true,
      }),
    );
    return r.Item ? this.withRows(scanId, r.Item) : undefined;
  }

  async getUnits(scanId: string): Promise<UnitSummary[]> {
    const out: UnitSummary[] = [];
    for await (const u of this.units(scanId)) out.push(u);
    return out;
  }

  async *units(scanId: string): AsyncIterable<UnitSummary> {
    // Summaries carry aggregates of up to ~100 KB: small pages keep what is held at once small.
    for await (const page of paginateQuery(
      { client: this.doc, pageSize: 25 },
      this.queryInput(keys.scan(scanId), 'UNIT#'),
    )) {
      for (const i of page.Items ?? []) yield await this.withRows(scanId, i);
    }
  }

  async unitFindings(scanId: string, unit: UnitKey): Promise<Finding[]> {
    const pk = keys.unitPartition(scanId, unit.accountId, unit.region);
    let checks: Record<string, StoredCheck> | undefined;
    const out: Finding[] = [];
    for await (const page of paginateQuery({ client: this.doc, pageSize: 1000 }, this.queryInput(pk))) {
      for (const i of page.Items ?? []) {
        // '#CHECKS' sorts before every check id, so it comes first.
        if (i[SK] === keys.checks) checks = i.checks as Record<string, StoredCheck>;
        else out.push(expandFinding(unit.accountId, unit.region, checks ?? {}, i.f as StoredFinding));
      }
    }
    return out;
  }

  async *findings(scanId: string): AsyncIterable<Finding[]> {
    for (const unit of await this.unitKeys(scanId)) yield await this.unitFindings(scanId, unit);
  }

  async getFindings(scanId: string): Promise<Finding[]> {
    return collectPages(this.findings(scanId));
  }

  async getDebt(accountId: string): Promise<DebtEntry[]> {
    return (await this.queryItems(keys.debt(accountId))).map((i) => i.entry as DebtEntry);
  }

  async getUnitDebt(accountId: string, regions: readonly string[]): Promise<DebtEntry[]> {
    if (regions.length === 0) return [];
    return this.queryDebt(accountId, regions, false);
  }

  async getDebtOutside(accountId: string, regions: readonly string[]): Promise<DebtEntry[]> {
    if (regions.length === 0) return this.getDebt(accountId);
    return this.queryDebt(accountId, regions, true);
  }

  /** One account's entries in (or, `outside`, not in) the given regions, filtered by DynamoDB. */
  private async queryDebt(
    accountId: string,
    regions: readonly string[],
    outside: boolean,
  ): Promise<DebtEntry[]> {
    const names = { '#pk': PK, '#e': 'entry', '#r': 'region' };
    const values: Record<string, string> = { ':pk': keys.debt(accountId) };
    regions.forEach((r, i) => (values[`:r${i}`] = r));
    const inList = `#e.#r IN (${regions.map((_, i) => `:r${i}`).join(', ')})`;
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: '#pk = :pk',
      FilterExpression: outside ? `NOT (${inList})` : inList,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ConsistentRead: true,
    };
    const out: DebtEntry[] = [];
    for await (const page of paginateQuery({ client: this.doc, pageSize: 1000 }, input)) {
      for (const i of page.Items ?? []) out.push(i.entry as DebtEntry);
    }
    return out;
  }

  async putDebt(entries: readonly DebtEntry[]): Promise<void> {
    await this.batchWrite(
      entries.map((entry) => {
        const item = { [PK]: keys.debt(entry.accountId), [SK]: keys.debtEntry(entry), kind: 'debt', entry };
        this.measure(item, 'debt entry');
        return { PutRequest: { Item: item } };
      }),
    );
  }

  async putOfferings(o: UnitOfferings): Promise<void> {
    const zipped = gzipSync(Buffer.from(JSON.stringify(o), 'utf8'));
    const parts: Uint8Array[] = [];
    for (let i = 0; i < zipped.length; i += OFFERINGS_PART_BYTES)
      parts.push(zipped.subarray(i, i + OFFERINGS_PART_BYTES));
    const pk = keys.scan(o.scanId);
    const requests: WriteRequest[] = parts.map((data, n) => {
      const item = {
        [PK]: pk,
        [SK]: keys.offerings(o.accountId, o.region, n),
        kind: 'offerings',
        parts: parts.length,
        data,
      };
      // Binary: its own size plus the keys (JSON would count the bytes as a number list).
      this.measure(item, 'unit offerings', data.length + 200);
      return { PutRequest: { Item: item } };
    });
    const keep = new Set(parts.map((_, n) => keys.offerings(o.accountId, o.region, n)));
    for (const sk of await this.queryKeys(pk, keys.offeringsPrefix(o.accountId, o.region)))
      if (!keep.has(sk)) requests.push({ DeleteRequest: { Key: { [PK]: pk, [SK]: sk } } });
    await this.batchWrite(requests);
    // The pointer last, and never back to an older collection (a rerun of an old scan).
    const latest: LatestOfferings = {
      accountId: o.accountId,
      region: o.region,
      scanId: o.scanId,
      collectedAt: o.collectedAt,
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            [PK]: keys.latestOfferings,
            [SK]: keys.latestOfferingsOf(o.accountId, o.region),
            kind: 'offerings-latest',
            latest,
          },
          ConditionExpression: 'attribute_not_exists(#pk) OR #l.#c <= :c',
          ExpressionAttributeNames: { '#pk': PK, '#l': 'latest', '#c': 'collectedAt' },
          ExpressionAttributeValues: { ':c': o.collectedAt },
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    }
  }

  async getOfferings(scanId: string, unit: UnitKey): Promise<UnitOfferings | undefined> {
    const items = await this.queryItems(keys.scan(scanId), keys.offeringsPrefix(unit.accountId, unit.region));
    if (items.length === 0) return undefined;
    const parts = items.map((i) => Buffer.from(i.data as Uint8Array));
    if (Number(items[0]?.parts) !== parts.length)
      throw new Error(
        `Offerings of ${unit.accountId}/${unit.region} in scan ${scanId} have ${parts.length} of ${String(items[0]?.parts)} parts: rerun the scan.`,
      );
    return JSON.parse(gunzipSync(Buffer.concat(parts)).toString('utf8')) as UnitOfferings;
  }

  async latestOfferings(): Promise<LatestOfferings[]> {
    return (await this.queryItems(keys.latestOfferings)).map((i) => i.latest as LatestOfferings);
  }

  // ------------------------------------------------------------------ internals

  private measure(item: Item, kind: string, size?: number): void {
    this.stats.itemsWritten++;
    const bytes = size ?? jsonBytes(item);
    if (bytes > this.stats.largestItemBytes) {
      this.stats.largestItemBytes = bytes;
      this.stats.largestItemKind = kind;
    }
  }

  /** Cached on-demand prices by id (one small partition: the SKUs perfscan ever priced). */
  async getPrices(ids: readonly string[]): Promise<Record<string, Price>> {
    const want = new Set(ids);
    const out: Record<string, Price> = {};
    if (want.size === 0) return out;
    for (const item of await this.queryItems(keys.prices)) {
      const p = item.price as Price | undefined;
      if (p && want.has(p.id)) out[p.id] = p;
    }
    return out;
  }

  async putPrices(prices: readonly Price[]): Promise<void> {
    await this.batchWrite(
      prices.map((price) => ({
        PutRequest: { Item: { [PK]: keys.prices, [SK]: price.id, kind: 'price', price } },
      })),
    );
  }

  /** The units of a scan that have a stored summary (keys only: the aggregates are not read). */
  async unitKeys(scanId: string): Promise<UnitKey[]> {
    const out: UnitKey[] = [];
    const input = {
      ...this.queryInput(keys.scan(scanId), 'UNIT#'),
      ProjectionExpression: '#sk, #s.#a, #s.#r',
    };
    input.ExpressionAttributeNames = {
      ...input.ExpressionAttributeNames,
      '#s': 'summary',
      '#a': 'accountId',
      '#r': 'region',
    };
    for await (const page of paginateQuery({ client: this.doc, pageSize: 1000 }, input)) {
      for (const i of page.Items ?? []) {
        const s = i.summary as { accountId: string; region: string };
        out.push({ accountId: s.accountId, region: s.region });
      }
    }
    return out;
  }

  private async queryItems(pk: string, skPrefix?: string): Promise<Item[]> {
    const out: Item[] = [];
    for await (const page of paginateQuery(
      { client: this.doc, pageSize: 1000 },
      this.queryInput(pk, skPrefix),
    )) {
      out.push(...((page.Items ?? []) as Item[]));
    }
    return out;
  }

  private async queryKeys(pk: string, skPrefix?: string): Promise<string[]> {
    const out: string[] = [];
    const base = this.queryInput(pk, skPrefix);
    const input = {
      ...base,
      ProjectionExpression: '#sk',
      ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#sk': SK },
    };
    for await (const page of paginateQuery({ client: this.doc, pageSize: 1000 }, input)) {
      for (const i of page.Items ?? []) out.push(i[SK] as string);
    }
    return out;
  }

  private queryInput(pk: string, skPrefix?: string): QueryCommandInput {
    return {
      TableName: this.table,
      KeyConditionExpression: skPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: skPrefix ? { '#pk': PK, '#sk': SK } : { '#pk': PK },
      ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':prefix': skPrefix } : { ':pk': pk },
      ConsistentRead: true,
    };
  }

  /**
   * Write in batches of 25, `batchConcurrency` batches in flight; each batch retries its UnprocessedItems
   * with backoff until done or attempts run out (then the call fails naming the table).
   */
  private async batchWrite(requests: readonly WriteRequest[]): Promise<void> {
    const batches: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
    let next = 0;
    let inFlight = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++] as WriteRequest[];
        inFlight++;
        this.stats.maxInFlight = Math.max(this.stats.maxInFlight, inFlight);
        try {
          await this.writeBatch(batch);
        } finally {
          inFlight--;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.batchConcurrency, batches.length) }, worker));
  }

  private async writeBatch(batch: WriteRequest[]): Promise<void> {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) {
        throw new Error(
          `DynamoDB kept ${pending.length} items unprocessed after ${MAX_BATCH_ATTEMPTS} attempts (table ${this.table}).`,
        );
      }
      if (attempt > 0) {
        this.stats.unprocessedRetried += pending.length;
        await new Promise((r) => setTimeout(r, this.backoffMs(attempt)));
      }
      this.stats.batchWrites++;
      const r = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
      pending = r.UnprocessedItems?.[this.table] ?? [];
    }
  }
}
