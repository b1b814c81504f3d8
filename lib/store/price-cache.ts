/**
 * The price cache in the scans table, for the Pricing Lambda (functions/pricing.ts): the same items as
 * `DynamoStore.getPrices/putPrices` (partition `PRICE`, sort key the price id, e.g.
 * `ec2-instance|eu-west-1|m5.xlarge|Linux|Shared`, the price with its SKU, publication date and read time), read
 * by key with BatchGetItem so one lookup costs the SKUs asked for, not the whole partition: the organization's
 * set of priced SKUs can grow, a unit's lookup does not.
 *
 * Why the key is the request and not "SKU + publication date": the SKU and the publication date are what
 * GetProducts answers, unknown before asking; the request (region, type, OS, tenancy, engine, deployment...)
 * is what a unit knows. The item keeps both, and a price older than PRICE_MAX_AGE_DAYS is read again, which
 * picks up a newer price list.
 *
 * The Pricing function's role may touch only this partition (`dynamodb:LeadingKeys` = `PRICE`).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PriceCache } from '#lib/collect/pricing.js';
import type { Price } from '#lib/model/index.js';
import { TABLE_DESIGN } from '#lib/model/table.js';

const { partitionKey: PK, sortKey: SK } = TABLE_DESIGN;
/** The partition of the price cache (the same as DynamoStore's `keys.prices`). */
export const PRICE_PARTITION = 'PRICE';
/** BatchGetItem: at most 100 keys a call; BatchWriteItem: at most 25 requests (DynamoDB quotas). */
const GET_BATCH = 100;
const WRITE_BATCH = 25;
const MAX_ATTEMPTS = 8;

export class DynamoPriceCache implements PriceCache {
  private readonly doc: DynamoDBDocumentClient;
  readonly stats = { batchGets: 0, batchWrites: 0, itemsRead: 0, itemsWritten: 0 };

  constructor(
    private readonly opts: {
      tableName: string;
      client: DynamoDBClient;
      /** Sleep before retrying unprocessed keys (tests shorten it). */
      backoffMs?: (attempt: number) => number;
    },
  ) {
    this.doc = DynamoDBDocumentClient.from(opts.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  private async pause(attempt: number): Promise<void> {
    const ms =
      this.opts.backoffMs?.(attempt) ?? Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2);
    await new Promise((r) => setTimeout(r, ms));
  }

  async getPrices(ids: readonly string[]): Promise<Record<string, Price>> {
    const out: Record<string, Price> = {};
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += GET_BATCH) {
      let keys: Record<string, unknown>[] = unique
        .slice(i, i + GET_BATCH)
        .map((id) => ({ [PK]: PRICE_PARTITION, [SK]: id }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS)
          throw new Error(
            `DynamoDB kept ${keys.length} price keys unprocessed after ${MAX_ATTEMPTS} attempts (table ${this.opts.tableName}).`,
          );
        if (attempt > 0) await this.pause(attempt);
        this.stats.batchGets++;
        const r = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.opts.tableName]: {
                Keys: keys,
                ProjectionExpression: '#p',
                ExpressionAttributeNames: { '#p': 'price' },
              },
            },
          }),
        );
        for (const item of r.Responses?.[this.opts.tableName] ?? []) {
          const p = item.price as Price | undefined;
          if (p?.id) {
            out[p.id] = p;
            this.stats.itemsRead++;
          }
        }
        keys = (r.UnprocessedKeys?.[this.opts.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return out;
  }

  async putPrices(prices: readonly Price[]): Promise<void> {
    const byId = new Map(prices.map((p) => [p.id, p]));
    const all = [...byId.values()];
    for (let i = 0; i < all.length; i += WRITE_BATCH) {
      let pending = all.slice(i, i + WRITE_BATCH).map((price) => ({
        PutRequest: { Item: { [PK]: PRICE_PARTITION, [SK]: price.id, kind: 'price', price } },
      }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS)
          throw new Error(
            `DynamoDB kept ${pending.length} prices unprocessed after ${MAX_ATTEMPTS} attempts (table ${this.opts.tableName}).`,
          );
        if (attempt > 0) await this.pause(attempt);
        this.stats.batchWrites++;
        const r = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.opts.tableName]: pending } }),
        );
        this.stats.itemsWritten += pending.length - (r.UnprocessedItems?.[this.opts.tableName]?.length ?? 0);
        pending = (r.UnprocessedItems?.[this.opts.tableName] ?? []) as typeof pending;
      }
    }
  }
}
