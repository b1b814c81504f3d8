/**
 * The pricing collector: reads the on-demand list prices the failing findings need from the AWS Price List
 * (`pricing:GetProducts`, 100 results a page, TERM_MATCH filters; lib/pricing/requests.ts), in us-east-1 (the
 * Price List API answers in us-east-1, eu-central-1 and ap-south-1 only; its rate is about 5 requests a second,
 * which the shared rate limiter keeps to). Prices are cached with their price list publication date: in this
 * process across units, and in the store (`PriceCache`) across scans, so a weekly scan asks only for SKUs it
 * has not priced in the last PRICE_MAX_AGE_DAYS. A denied call, a partition without the API or a SKU without
 * a product is a gap naming the resources left without a saving, never a guessed number.
 */
import { PricingClient, paginateGetProducts } from '@aws-sdk/client-pricing';
import type { Gap, Price } from '#lib/model/index.js';
import { parsePriceDocument, type ParsedProduct } from '#lib/pricing/documents.js';
import { pickPrice, priceId, productQuery, type PriceRequest } from '#lib/pricing/requests.js';
import { isAccessDenied, toGap } from './errors.js';
import type { ClientFactory } from './types.js';

export const PRICING_IAM_ACTIONS = ['pricing:GetProducts'] as const;
/** GetProducts MaxResults: 1-100 (API reference). */
export const PRICING_PAGE_SIZE = 100;
/** The Price List endpoint used for the `aws` partition. */
export const PRICING_REGION = 'us-east-1';
/** A cached price older than this is read again (prices change rarely; a new SKU is always read). */
export const PRICE_MAX_AGE_DAYS = 30;

/** Where prices survive between scans (the findings store implements it). */
export interface PriceCache {
  getPrices(ids: readonly string[]): Promise<Record<string, Price>>;
  putPrices(prices: readonly Price[]): Promise<void>;
}

export interface PriceNeed {
  request: PriceRequest;
  /** Resources whose saving needs this price (named by a gap when it cannot be read). */
  resources: string[];
}

export interface PriceBookResult {
  prices: Record<string, Price>;
  gaps: Gap[];
  /** GetProducts requests sent for this call (0 when everything came from a cache). */
  requests: number;
}

/** The Price List endpoint for a unit's region, or undefined in a partition without the API. */
export function pricingRegionFor(region: string): string | undefined {
  if (/^(cn|us-gov|us-iso[a-z]?|eu-isoe)-/.test(region)) return undefined;
  return PRICING_REGION;
}

type Outcome = { price: Price } | { gap: Omit<Gap, 'resources' | 'resourceCount'> };

/**
 * One per scan (or per Lambda invocation): deduplicates requests of parallel units, remembers a denial so a
 * scan without `pricing:GetProducts` asks once, and reads/writes the store cache.
 */
export class PriceBook {
  private readonly memo = new Map<string, Promise<Outcome>>();
  private denied: Omit<Gap, 'resources' | 'resourceCount'> | undefined;
  requestsSent = 0;

  constructor(private readonly opts: { cache?: PriceCache; now: () => Date } = { now: () => new Date() }) {}

  /** Prices for `needs`, reading the Price List through the unit's clients for what no cache holds. */
  async prices(
    needs: readonly PriceNeed[],
    clients: ClientFactory,
    unitRegion: string,
  ): Promise<PriceBookResult> {
    const before = this.requestsSent;
    const out: PriceBookResult = { prices: {}, gaps: [], requests: 0 };
    if (needs.length === 0) return out;
    const endpoint = pricingRegionFor(unitRegion);
    if (!endpoint) {
      const resources = [...new Set(needs.flatMap((n) => n.resources))].sort();
      out.gaps.push({
        service: 'pricing',
        slice: 'pricing',
        code: 'NotSupported',
        action: 'pricing:GetProducts',
        message: `The AWS Price List API is not available in the partition of ${unitRegion}: no saving is estimated there.`,
        resources,
        resourceCount: resources.length,
      });
      return out;
    }
    const ids = needs.map((n) => priceId(n.request));
    const missing = ids.filter((id) => !this.memo.has(id));
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
    const client = clients.get(PricingClient, endpoint);
    const started: Promise<Outcome>[] = [];
    for (const n of needs) {
      const id = priceId(n.request);
      if (!this.memo.has(id)) {
        const p = this.read(n.request, client);
        this.memo.set(id, p);
        started.push(p);
      }
    }
    const outcomes = await Promise.all(needs.map((n) => this.memo.get(priceId(n.request))!));
    // New prices go to the store cache once (best effort).
    const fetched = (await Promise.all(started)).flatMap((o) => ('price' in o ? [o.price] : []));
    if (fetched.length > 0 && this.opts.cache)
      await this.opts.cache.putPrices(fetched).catch(() => undefined);

    const gapResources = new Map<
      string,
      { gap: Omit<Gap, 'resources' | 'resourceCount'>; resources: Set<string> }
    >();
    needs.forEach((n, i) => {
      const o = outcomes[i]!;
      if ('price' in o) {
        out.prices[o.price.id] = o.price;
        return;
      }
      const key = `${o.gap.code}|${o.gap.message}`;
      const g = gapResources.get(key) ?? { gap: o.gap, resources: new Set<string>() };
      for (const r of n.resources) g.resources.add(r);
      gapResources.set(key, g);
    });
    for (const { gap, resources } of gapResources.values()) {
      const list = [...resources].sort();
      out.gaps.push({ ...gap, resources: list, resourceCount: list.length });
    }
    out.requests = this.requestsSent - before;
    return out;
  }

  /** One request at a time: the API allows about 5 a second anyway, and a denial stops the queue. */
  private queue: Promise<unknown> = Promise.resolve();

  private read(r: PriceRequest, client: PricingClient): Promise<Outcome> {
    const next = this.queue.then(() => this.readNow(r, client));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readNow(r: PriceRequest, client: PricingClient): Promise<Outcome> {
    if (this.denied) return { gap: this.denied };
    const id = priceId(r);
    const q = productQuery(r);
    const products: ParsedProduct[] = [];
    try {
      for await (const page of paginateGetProducts(
        { client, pageSize: PRICING_PAGE_SIZE },
        { ServiceCode: q.ServiceCode, Filters: q.Filters, FormatVersion: 'aws_v1' },
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
          ? { hint: 'grant pricing:GetProducts to the scanning role (docs/iam-policy.json)' }
          : {}),
      };
      if (isAccessDenied(err)) this.denied = g;
      return { gap: g };
    }
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
