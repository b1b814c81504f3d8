/**
 * DynamoDB implementation of FindingsStore (DESIGN.md "DynamoDB"): one table, deterministic keys
 * (a re-run overwrites, never duplicates), BatchWriteItem in 25s with unprocessed items retried.
 */
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
  debtEntryKey,
  findingKey,
  type DebtEntry,
  type Finding,
  type ScanHeader,
  type UnitSummary,
} from '#lib/model/index.js';
import { TABLE_DESIGN } from '#lib/model/table.js';
import type { FindingsStore } from './types.js';

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE_DESIGN;
const GSI = TABLE_DESIGN.scansByTime;

/** BatchWriteItem takes at most 25 requests (DynamoDB quota). */
export const BATCH_SIZE = 25;
const MAX_BATCH_ATTEMPTS = 8;

export const keys = {
  scan: (scanId: string) => `SCAN#${scanId}`,
  meta: '#META',
  unit: (accountId: string, region: string) => `UNIT#${accountId}#${region}`,
  finding: (f: Pick<Finding, 'accountId' | 'region' | 'checkId' | 'resourceId'>) =>
    `FINDING#${findingKey(f)}`,
  unitFindingsPrefix: (accountId: string, region: string) => `FINDING#${accountId}#${region}#`,
  debt: (accountId: string) => `DEBT#${accountId}`,
  debtEntry: debtEntryKey,
};

export interface DynamoStoreOptions {
  tableName: string;
  client: DynamoDBClient;
  /** Per-scan findings expire after this many days (TTL); headers, units and the debt register stay. */
  findingsTtlDays?: number;
  /** Clock for TTL computation (tests). */
  now?: () => Date;
  /** Sleep between unprocessed-item retries (tests shorten it). */
  backoffMs?: (attempt: number) => number;
}

type Item = Record<string, unknown>;

export class DynamoStore implements FindingsStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly ttlDays: number;
  private readonly now: () => Date;
  private readonly backoffMs: (attempt: number) => number;
  /** Batch calls made and unprocessed items retried (for the unit summary and tests). */
  readonly stats = { batchWrites: 0, unprocessedRetried: 0 };

  constructor(opts: DynamoStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(opts.client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
    });
    this.table = opts.tableName;
    this.ttlDays = opts.findingsTtlDays ?? 400;
    this.now = opts.now ?? (() => new Date());
    this.backoffMs = opts.backoffMs ?? ((a) => Math.min(2000, 50 * 2 ** a) * (0.5 + Math.random() / 2));
  }

  async putScanHeader(header: ScanHeader): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          [PK]: keys.scan(header.scanId),
          [SK]: keys.meta,
          [GSI.partitionKey]: 'SCANS',
          [GSI.sortKey]: `${header.startedAt}#${header.scanId}`,
          kind: 'scan',
          header,
        },
      }),
    );
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

  async putUnit(summary: UnitSummary, findings: Finding[]): Promise<void> {
    const pk = keys.scan(summary.scanId);
    const expiresAt = Math.floor(this.now().getTime() / 1000) + this.ttlDays * 86_400;
    const wanted = new Map<string, Item>();
    for (const f of findings) {
      const sk = keys.finding(f);
      // Same key twice in one batch is a ValidationException; the last one wins, as a re-run would.
      wanted.set(sk, { [PK]: pk, [SK]: sk, kind: 'finding', finding: f, [TTL]: expiresAt });
    }
    // A re-run of the unit replaces its findings: delete the ones that are no longer reported.
    const existing = await this.queryKeys(pk, keys.unitFindingsPrefix(summary.accountId, summary.region));
    const stale = existing.filter((sk) => !wanted.has(sk));
    await this.batchWrite([
      ...[...wanted.values()].map((Item) => ({ PutRequest: { Item } })),
      ...stale.map((sk) => ({ DeleteRequest: { Key: { [PK]: pk, [SK]: sk } } })),
    ]);
    // The summary goes last: a unit summary present means its findings are complete.
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { [PK]: pk, [SK]: keys.unit(summary.accountId, summary.region), kind: 'unit', summary },
      }),
    );
  }

  async getUnits(scanId: string): Promise<UnitSummary[]> {
    return (await this.queryItems(keys.scan(scanId), 'UNIT#')).map((i) => i.summary as UnitSummary);
  }

  async getFindings(scanId: string): Promise<Finding[]> {
    return (await this.queryItems(keys.scan(scanId), 'FINDING#')).map((i) => i.finding as Finding);
  }

  async getDebt(accountId: string): Promise<DebtEntry[]> {
    return (await this.queryItems(keys.debt(accountId))).map((i) => i.entry as DebtEntry);
  }

  async putDebt(entries: DebtEntry[]): Promise<void> {
    await this.batchWrite(
      entries.map((entry) => ({
        PutRequest: {
          Item: { [PK]: keys.debt(entry.accountId), [SK]: keys.debtEntry(entry), kind: 'debt', entry },
        },
      })),
    );
  }

  // ------------------------------------------------------------------ internals

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

  private async queryKeys(pk: string, skPrefix: string): Promise<string[]> {
    const out: string[] = [];
    const input = { ...this.queryInput(pk, skPrefix), ProjectionExpression: '#sk' };
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

  /** Write in batches of 25; retry UnprocessedItems with backoff until done or attempts run out. */
  private async batchWrite(
    requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string],
  ): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH_SIZE) {
      let pending = requests.slice(i, i + BATCH_SIZE);
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
}
