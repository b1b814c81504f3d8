/**
 * The pricing collector: reads the on-demand list prices the failing findings need from the AWS Price List
 * (`pricing:GetProducts`, 100 results a page; one query per group of SKUs differing in one attribute, as
 * ANY_OF: lib/pricing/requests.ts planBatches), in us-east-1 (the Price List API answers in us-east-1, eu-central-1 and ap-south-1 only; its rate is about 5 requests a second,
 * which the shared rate limiter keeps to). Prices are cached with their price list publication date: in this
 * process across units, and in the store (`PriceCache`) across scans, so a weekly scan asks only for SKUs it
 * has not priced in the last PRICE_MAX_AGE_DAYS. A denied call, a partition without the API or a SKU without
 * a product is a gap naming the resources left without a saving, never a guessed number.
 */
import { PricingClient, paginateGetProducts } from '@aws-sdk/client-pricing';
import type { Finding, Price, Snapshot } from '#lib/model/index.js';
import { parsePriceDocument, type ParsedProduct } from '#lib/pricing/documents.js';
import {
  failAll,
  resultOf,
  type PriceBookResult,
  type PriceFailure,
  type PriceLookup,
  type PriceNeed,
  type SavingsProvider,
  type SavingsResult,
} from '#lib/pricing/provider.js';
import { applySavings, priceRequests } from '#lib/pricing/estimate.js';
import { batchFor, pickPrice, priceId, type BatchQuery, type PriceRequest } from '#lib/pricing/requests.js';
import { isAccessDenied, toGap } from './errors.js';
import type { ClientFactory } from './types.js';

export const PRICING_IAM_ACTIONS = ['pricing:GetProducts'] as const;
/** GetProducts MaxResults: 1-100 (API reference). */
export const PRICING_PAGE_SIZE = 100;
/** The Price List endpoint used for the `aws` partition. */
export const PRICING_REGION = 'us-east-1';
/**
 * GetProducts queries in flight at once once one has been answered (perfscan's choice: the Price List allows
 * about 5 requests a second, and a query takes a few hundred ms; more in flight would only wait in the limiter).
 */
export const PRICING_QUERIES_IN_FLIGHT = 4;
/** A cached price older than this is read again (prices change rarely; a new SKU is always read). */
export const PRICE_MAX_AGE_DAYS = 30;

/** Where prices survive between scans (the findings store implements it). */
export interface PriceCache {
  getPrices(ids: readonly string[]): Promise<Record<string, Price>>;
  putPrices(prices: readonly Price[]): Promise<void>;
}

export type { PriceBookResult, PriceNeed } from '#lib/pricing/provider.js';

/** The Price List endpoint for a unit's region, or undefined in a partition without the API. */
export function pricingRegionFor(region: string): string | undefined {
  if (/^(cn|us-gov|us-iso[a-z]?|eu-isoe)-/.test(region)) return undefined;
  return PRICING_REGION;
}

type Outcome = { price: Price } | { gap: PriceFailure };

/**
 * One per scan (or per Pricing Lambda invocation): deduplicates requests of parallel units, remembers a denial
 * so a scan without `pricing:GetProducts` asks once, and reads/writes the store cache.
 */
export class PriceBook implements SavingsProvider {
  private readonly memo = new Map<string, Promise<Outcome>>();
  private denied: PriceFailure | undefined;
  requestsSent = 0;

  constructor(
    private readonly opts: {
      cache?: PriceCache;
      now: () => Date;
      /** The fix a denial names (default: grant the scanning role). */
      deniedHint?: string;
    } = { now: () => new Date() },
  ) {}

  /** The unit's findings with their savings, priced through the unit's clients (`perfscan scan`). */
  async savings(snapshot: Snapshot, findings: readonly Finding[], clients: unknown): Promise<SavingsResult> {
    const needs = priceRequests(snapshot, findings);
    const r = await this.prices(needs, clients, snapshot.region);
    return {
      findings: applySavings({ ...snapshot, prices: r.prices }, findings),
      prices: r.prices,
      gaps: r.gaps,
      requests: r.requests,
    };
  }

  /** Prices for `needs`, reading the Price List through the unit's clients for what no cache holds. */
  async prices(needs: readonly PriceNeed[], clients: unknown, unitRegion: string): Promise<PriceBookResult> {
    if (needs.length === 0) return { prices: {}, gaps: [], requests: 0 };
    const lookup = await this.lookup(
      needs.map((n) => n.request),
      clients as ClientFactory,
      unitRegion,
    );
    return resultOf(needs, lookup);
  }

  /**
   * Per price id, the price or why there is none: from this book's memory, the store cache (fresh for
   * PRICE_MAX_AGE_DAYS), else GetProducts through `clients` (its PricingClient in the Price List's region).
   */
  async lookup(
    requests: readonly PriceRequest[],
    clients: ClientFactory,
    unitRegion: string,
  ): Promise<PriceLookup> {
    const before = this.requestsSent;
    if (requests.length === 0) return { prices: {}, failures: {}, requests: 0 };
    const endpoint = pricingRegionFor(unitRegion);
    if (!endpoint) {
      return failAll(requests, {
        service: 'pricing',
        slice: 'pricing',
        code: 'NotSupported',
        action: 'pricing:GetProducts',
        message: `The AWS Price List API is not available in the partition of ${unitRegion}: no saving is estimated there.`,
      });
    }
    const ids = requests.map((r) => priceId(r));
    const missing = [...new Set(ids.filter((id) => !this.memo.has(id)))];
    if (missing.length > 0 && this.opts.cache) {
      let cached: Record<string, Price> = {};
      try {
        cached = await this.opts.cache.getPrices(missing);
      } catch {
        cached = {}; // a cache failure only costs requests
      }
      const fresh = this.opts.now().getTime() - PRICE_MAX_AGE_DAYS * 86_400_000;
      for (const [id, p] of Object.entries(cached)) {
        if (Date.parse(p.fetchedAt) >= fresh && !this.memo.has(id))
          this.memo.set(id, Promise.resolve({ price: p }));
      }
    }
    const started: Promise<Outcome>[] = [];
    let client: PricingClient | undefined;
    for (const r of requests) {
      const id = priceId(r);
      if (!this.memo.has(id)) {
        client ??= clients.get(PricingClient, endpoint);
        const p = this.read(r, client);
        this.memo.set(id, p);
        started.push(p);
      }
    }
    const outcomes = await Promise.all(ids.map((id) => this.memo.get(id)!));
    // New prices go to the store cache once (best effort).
    const fetched = (await Promise.all(started)).flatMap((o) => ('price' in o ? [o.price] : []));
    if (fetched.length > 0 && this.opts.cache)
      await this.opts.cache.putPrices(fetched).catch(() => undefined);

    const out: PriceLookup = { prices: {}, failures: {}, requests: 0 };
    ids.forEach((id, i) => {
      const o = outcomes[i]!;
      if ('price' in o) out.prices[id] = o.price;
      else out.failures[id] = o.gap;
    });
    out.requests = this.requestsSent - before;
    return out;
  }

  /**
   * Requests waiting for the Price List, with the client of the unit that asked (alive while it waits). Each
   * turn plans the fewest queries over everything waiting (planBatches: ANY_OF over the attribute the
   * requests differ in, e.g. the instance types of a region), across the units that asked meanwhile, and
   * sends the one answering the oldest request. One query at a time until one has been answered (a denial
   * is then asked once, and answers every SKU), then up to PRICING_QUERIES_IN_FLIGHT at once: a query waits
   * for the Price List's latency more than for its rate, which the shared rate limiter keeps to (~5/s).
   */
  private readonly pending: {
    r: PriceRequest;
    /** priceId(r). */
    id: string;
    client: PricingClient;
    done: (o: Outcome) => void;
    fail: (err: unknown) => void;
  }[] = [];
  private inFlight = 0;
  private answered = false;
  private scheduled = false;
  /** GetProducts queries sent (a query of several pages counts once here, each page in requestsSent). */
  queriesSent = 0;

  private read(r: PriceRequest, client: PricingClient): Promise<Outcome> {
    return new Promise<Outcome>((done, fail) => {
      this.pending.push({ r, id: priceId(r), client, done, fail });
      if (!this.scheduled) {
        // Let the callers of this turn queue their requests before the plan.
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.pending.length > 0 && this.inFlight < (this.answered ? PRICING_QUERIES_IN_FLIGHT : 1)) {
      const oldest = this.pending[0]!;
      // The query of planBatches(waiting requests) that answers the oldest, planned over its group alone.
      const batch = batchFor(
        this.pending.map((p) => p.r),
        oldest.r,
      )!;
      const ids = new Set(batch.requests.map((r) => priceId(r)));
      const waiting: typeof this.pending = [];
      const rest: typeof this.pending = [];
      for (const p of this.pending) (ids.has(p.id) ? waiting : rest).push(p);
      this.pending.splice(0, this.pending.length, ...rest);
      this.inFlight++;
      this.readBatch(batch, oldest.client)
        .then(
          (outcomes) => {
            for (const w of waiting) w.done(outcomes.get(priceId(w.r))!);
          },
          (err: unknown) => {
            // Not a gap (toGap rethrows what is perfscan's own bug, e.g. an undeclared action): the callers' error.
            for (const w of waiting) w.fail(err);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  /** One GetProducts query (all its pages) and, per request it answers, the price or why there is none. */
  private async readBatch(batch: BatchQuery, client: PricingClient): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>();
    const all = (o: Outcome) => {
      for (const r of batch.requests) out.set(priceId(r), o);
      return out;
    };
    if (this.denied) return all({ gap: this.denied });
    const products: ParsedProduct[] = [];
    this.queriesSent++;
    try {
      for await (const page of paginateGetProducts(
        { client, pageSize: PRICING_PAGE_SIZE },
        { ServiceCode: batch.ServiceCode, Filters: batch.Filters, FormatVersion: 'aws_v1' },
      )) {
        this.requestsSent++;
        for (const entry of (page.PriceList ?? []) as unknown[]) {
          const p = parsePriceDocument(entry);
          if (p) products.push(p);
        }
      }
    } catch (err) {
      const gap = toGap(err, { service: 'pricing', slice: 'pricing', action: 'pricing:GetProducts' });
      const g = {
        ...gap,
        message: `${gap.message} No saving is estimated without the AWS Price List.`,
        ...(isAccessDenied(err)
          ? {
              hint:
                this.opts.deniedHint ??
                'grant pricing:GetProducts to the scanning role (docs/iam-policy.json)',
            }
          : {}),
      };
      if (isAccessDenied(err)) this.denied = g;
      return all({ gap: g });
    }
    this.answered = true;
    for (const r of batch.requests) out.set(priceId(r), this.outcomeOf(r, products));
    return out;
  }

  /** The price answering `r` among a query's products, or the gap saying why none does. */
  private outcomeOf(r: PriceRequest, products: readonly ParsedProduct[]): Outcome {
    const id = priceId(r);
    const picked = pickPrice(r, products);
    if (!picked || picked === 'ambiguous') {
      return {
        gap: {
          service: 'pricing',
          slice: 'pricing',
          code: 'NotSupported',
          action: 'pricing:GetProducts',
          message:
            picked === 'ambiguous'
              ? `The AWS Price List has several on-demand prices for ${id}: no saving is estimated from it.`
              : `The AWS Price List has no on-demand price for ${id}: no saving is estimated from it.`,
        },
      };
    }
    const publicationDate = picked.product.publicationDate;
    const price: Price = {
      id,
      sku: picked.product.sku,
      usd: picked.dimension.usd,
      unit: picked.dimension.unit,
      publicationDate: publicationDate ?? '',
      fetchedAt: this.opts.now().toISOString(),
    };
    if (picked.dimension.description) price.description = picked.dimension.description;
    return { price };
  }
}
