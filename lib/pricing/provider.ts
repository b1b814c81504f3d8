/**
 * Where a unit's savings come from, as the engine sees it (lib/engine/scan.ts): a `SavingsProvider` prices the
 * failing findings of a unit and answers them with their savings, the prices used and a gap per failure.
 * Two providers:
 * - `PriceBook` (lib/collect/pricing.ts): reads the AWS Price List itself and runs the estimators (the CLI);
 * - `RemoteSavings` (lib/pricing/remote.ts): sends the findings' pricing facts to the deployed Pricing Lambda,
 *   which runs the same PriceBook and estimators (the Scan Lambda, whose package has no room for either).
 * A price lookup has one shape (`PriceLookup`: per price id, a price or a failure). Pure: no SDK here.
 */
import type { Finding, Gap, Price, Snapshot } from '#lib/model/index.js';
import { priceId, type PriceRequest } from './requests.js';

/** Why one SKU has no price: a gap without its resources (the caller knows which resources needed it). */
export type PriceFailure = Omit<Gap, 'resources' | 'resourceCount'>;

/** The answer for a list of SKUs: each price id is in `prices` or in `failures`, never both. */
export interface PriceLookup {
  prices: Record<string, Price>;
  failures: Record<string, PriceFailure>;
  /** GetProducts requests sent for it (0 when every price came from a cache). */
  requests: number;
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

export interface SavingsResult {
  /** The findings, those with a saving carrying it and its basis (the others unchanged). */
  findings: Finding[];
  /** The prices used, by price id (kept in the snapshot so a rescore re-prices offline). */
  prices: Record<string, Price>;
  /** One gap per distinct pricing failure, naming the resources left without a saving. */
  gaps: Gap[];
  /** GetProducts requests sent for this unit (0 when every price came from a cache). */
  requests: number;
}

/**
 * What the engine prices a unit's findings with. `clients` is the unit's ClientFactory, for a provider that
 * reads the Price List with the unit's credentials (the CLI); the Pricing Lambda uses its own role.
 */
export interface SavingsProvider {
  savings(snapshot: Snapshot, findings: readonly Finding[], clients: unknown): Promise<SavingsResult>;
}

/**
 * A lookup turned into the unit's result: the prices, and one gap per distinct failure naming every resource
 * whose saving needed a SKU that failed that way (sorted, deduplicated).
 */
export function resultOf(needs: readonly PriceNeed[], lookup: PriceLookup): PriceBookResult {
  const out: PriceBookResult = { prices: {}, gaps: [], requests: lookup.requests };
  const byFailure = new Map<string, { gap: PriceFailure; resources: Set<string> }>();
  for (const n of needs) {
    const id = priceId(n.request);
    const p = lookup.prices[id];
    if (p) {
      out.prices[id] = p;
      continue;
    }
    const gap = lookup.failures[id] ?? {
      service: 'pricing',
      slice: 'pricing',
      code: 'Error',
      action: 'pricing:GetProducts',
      message: `No price and no reason came back for ${id}: no saving is estimated from it.`,
    };
    const key = `${gap.code}|${gap.message}`;
    const g = byFailure.get(key) ?? { gap, resources: new Set<string>() };
    for (const r of n.resources) g.resources.add(r);
    byFailure.set(key, g);
  }
  for (const { gap, resources } of byFailure.values()) {
    const list = [...resources].sort();
    out.gaps.push({ ...gap, resources: list, resourceCount: list.length });
  }
  return out;
}

/** Every need failed the same way (no endpoint in the partition, the pricing function unreachable...). */
export function failAll(requests: readonly PriceRequest[], failure: PriceFailure): PriceLookup {
  const failures: Record<string, PriceFailure> = {};
  for (const r of requests) failures[priceId(r)] = failure;
  return { prices: {}, failures, requests: 0 };
}
