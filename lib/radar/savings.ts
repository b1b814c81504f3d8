/**
 * The radar's saving per move, at on-demand list price from the AWS Price List (lib/collect/pricing.ts, cached in
 * the store): EC2 instances (Linux or Windows, shared tenancy, not Spot), RDS instances of the engines
 * PRICE_LIST_DB_ENGINE names and ElastiCache nodes of the engines PRICE_LIST_CACHE_ENGINE names (the same maps
 * and node request as the scan's estimates, lib/pricing/facts.ts), x 730 hours x the resources of the move (nodes
 * for ElastiCache). Anything else says why it is not priced: never a guessed number.
 */
import type { PriceBook } from '#lib/collect/pricing.js';
import type { ClientFactory } from '#lib/collect/types.js';
import type { Price } from '#lib/model/index.js';
import { HOURS_PER_MONTH } from '#lib/pricing/estimate.js';
import { PRICE_LIST_CACHE_ENGINE, PRICE_LIST_DB_ENGINE, elasticacheNodeRequest } from '#lib/pricing/facts.js';
import type { PriceFailure, PriceLookup } from '#lib/pricing/provider.js';
import { priceId, type PriceRequest } from '#lib/pricing/requests.js';
import type { Move } from './compare.js';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The two price requests of a move, or why it cannot be priced. */
export function moveRequests(m: Move): { from: PriceRequest; to: PriceRequest } | { unpriced: string } {
  if (m.service === 'ec2') {
    if (m.spot) return { unpriced: 'Spot instances are not priced (Spot prices move hourly)' };
    if (!m.os)
      return {
        unpriced:
          'the operating system carries a license fee perfscan does not price (only Linux and Windows)',
      };
    const req = (instanceType: string): PriceRequest => ({
      kind: 'ec2-instance',
      region: m.region,
      instanceType,
      operatingSystem: m.os!,
      tenancy: 'Shared',
    });
    return { from: req(m.from), to: req(m.to) };
  }
  if (m.service === 'rds') {
    const databaseEngine = PRICE_LIST_DB_ENGINE[m.engine ?? ''];
    if (!databaseEngine)
      return { unpriced: `RDS ${m.engine ?? 'engine'} is not priced by perfscan (license options)` };
    const req = (instanceType: string): PriceRequest => ({
      kind: 'rds-instance',
      region: m.region,
      instanceType,
      databaseEngine,
      deploymentOption: m.multiAz ? 'Multi-AZ' : 'Single-AZ',
    });
    return { from: req(m.from), to: req(m.to) };
  }
  if (m.service === 'elasticache') {
    const cacheEngine = PRICE_LIST_CACHE_ENGINE[(m.engine ?? '').toLowerCase()];
    if (!cacheEngine)
      return {
        unpriced: `ElastiCache ${m.engine ?? 'engine'} nodes are not priced by perfscan (Redis OSS, Memcached and Valkey are)`,
      };
    return {
      from: elasticacheNodeRequest(m.region, m.from, cacheEngine),
      to: elasticacheNodeRequest(m.region, m.to, cacheEngine),
    };
  }
  if (m.kind === 'architecture')
    return { unpriced: "the saving depends on the functions' measured GB-seconds: the scan prices it" };
  return { unpriced: 'a runtime upgrade does not change the list price' };
}

/**
 * Why a move has no saving, said once and whole: the SKUs of the move the Price List did not price, by
 * failure. A SKU the Price List does not sell (or sells at several prices) is named with its region; any other
 * failure (a denial, throttling past the retries, no Price List in the partition) is its message, with the
 * fix when there is one, once for the move even when both of its SKUs failed that way.
 */
export function unpricedReason(
  m: Pick<Move, 'region'>,
  missing: readonly { name: string; failure?: PriceFailure }[],
): string {
  const byText = new Map<string, string[]>();
  for (const { name, failure } of missing) {
    const f = failure;
    let text: string;
    if (!f) text = 'no price and no reason came back';
    else if (
      f.code === 'NotSupported' &&
      f.action === 'pricing:GetProducts' &&
      /several on-demand prices/.test(f.message)
    )
      text = 'several on-demand prices';
    else if (
      f.code === 'NotSupported' &&
      f.action === 'pricing:GetProducts' &&
      /no on-demand price/.test(f.message)
    )
      text = 'no on-demand price';
    else text = `${f.message}${f.hint ? ` Fix: ${f.hint}.` : ''}`;
    byText.set(text, [...(byText.get(text) ?? []), name]);
  }
  const parts: string[] = [];
  for (const [text, names] of byText) {
    const which = names.join(' and ');
    if (text === 'no on-demand price' || text === 'several on-demand prices')
      parts.push(`the AWS Price List has ${text} for ${which} in ${m.region}`);
    else if (text === 'no price and no reason came back')
      parts.push(`no price came back for ${which} in ${m.region}`);
    else parts.push(text);
  }
  return parts.join('; ');
}

/** Price every move through the book (GetProducts in batches, cached in the store); attaches `saving`. */
export async function priceMoves(moves: Move[], book: PriceBook, clients: ClientFactory): Promise<void> {
  const asked = moves.map((m) => ({ m, r: moveRequests(m) }));
  const requests = new Map<string, PriceRequest>();
  for (const { r } of asked) {
    if ('unpriced' in r) continue;
    for (const req of [r.from, r.to]) requests.set(priceId(req), req);
  }
  let lookup: PriceLookup = { prices: {}, failures: {}, requests: 0 };
  if (requests.size > 0) {
    // The Price List answers for the partition from its own endpoint; the first move's region picks it.
    lookup = await book.lookup([...requests.values()], clients, moves[0]?.region ?? 'us-east-1');
  }
  const prices: Record<string, Price> = lookup.prices;
  for (const { m, r } of asked) {
    if ('unpriced' in r) {
      m.saving = { unpriced: r.unpriced };
      continue;
    }
    const from = prices[priceId(r.from)];
    const to = prices[priceId(r.to)];
    if (!from || !to) {
      const missing: { name: string; failure?: PriceFailure }[] = [];
      for (const [name, req, p] of [
        [m.from, r.from, from],
        [m.to, r.to, to],
      ] as const) {
        const failure = lookup.failures[priceId(req)];
        if (!p) missing.push({ name, ...(failure ? { failure } : {}) });
      }
      m.saving = { unpriced: unpricedReason(m, missing) };
      continue;
    }
    const perFrom = from.usd * HOURS_PER_MONTH;
    const perTo = to.usd * HOURS_PER_MONTH;
    m.saving = {
      monthlyUsd: round2((perFrom - perTo) * m.count),
      perResourceUsd: { from: round2(perFrom), to: round2(perTo) },
      priceListDate: [from.publicationDate, to.publicationDate].sort().at(-1) ?? '',
      basis: `${m.count} x (${m.from} $${from.usd}/h - ${m.to} $${to.usd}/h) x ${HOURS_PER_MONTH} h, on-demand list price before discounts`,
    };
  }
}
