/**
 * The radar's saving per move, at on-demand list price from the AWS Price List (lib/collect/pricing.ts, cached in
 * the store): EC2 instances (Linux or Windows, shared tenancy, not Spot) and RDS instances of the engines the
 * Price List names below, x 730 hours x the resources of the move. Anything else says why it is not priced:
 * never a guessed number.
 */
import type { PriceBook, PriceNeed } from '#lib/collect/pricing.js';
import type { ClientFactory } from '#lib/collect/types.js';
import type { Price } from '#lib/model/index.js';
import { HOURS_PER_MONTH } from '#lib/pricing/estimate.js';
import { priceId, type PriceRequest } from '#lib/pricing/requests.js';
import type { Move } from './compare.js';

/** RDS engine -> the Price List's databaseEngine (engines with a license choice are not priced here). */
export const PRICE_LIST_DB_ENGINE: Readonly<Record<string, string>> = {
  mysql: 'MySQL',
  postgres: 'PostgreSQL',
  mariadb: 'MariaDB',
  'aurora-mysql': 'Aurora MySQL',
  'aurora-postgresql': 'Aurora PostgreSQL',
};

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
  if (m.service === 'elasticache')
    return { unpriced: 'ElastiCache node prices are not read by perfscan yet' };
  if (m.kind === 'architecture')
    return { unpriced: "the saving depends on the functions' measured GB-seconds: the scan prices it" };
  return { unpriced: 'a runtime upgrade does not change the list price' };
}

/** Price every move through the book (one GetProducts per SKU, cached in the store); attaches `saving`. */
export async function priceMoves(moves: Move[], book: PriceBook, clients: ClientFactory): Promise<void> {
  const asked = moves.map((m) => ({ m, r: moveRequests(m) }));
  const needs = new Map<string, PriceNeed>();
  for (const { m, r } of asked) {
    if ('unpriced' in r) continue;
    for (const req of [r.from, r.to]) {
      const id = priceId(req);
      const n = needs.get(id) ?? { request: req, resources: [] };
      n.resources.push(...m.ids);
      needs.set(id, n);
    }
  }
  let prices: Record<string, Price> = {};
  let gapText = '';
  if (needs.size > 0) {
    // The Price List answers for the partition from its own endpoint; the first move's region picks it.
    const r = await book.prices([...needs.values()], clients, moves[0]?.region ?? 'us-east-1');
    prices = r.prices;
    gapText = r.gaps.map((g) => g.message).join(' ');
  }
  for (const { m, r } of asked) {
    if ('unpriced' in r) {
      m.saving = { unpriced: r.unpriced };
      continue;
    }
    const from = prices[priceId(r.from)];
    const to = prices[priceId(r.to)];
    if (!from || !to) {
      const missing = [!from ? m.from : undefined, !to ? m.to : undefined].filter(Boolean).join(' and ');
      m.saving = {
        unpriced: `no list price for ${missing} in ${m.region}${gapText ? ` (${gapText.slice(0, 200)})` : ''}`,
      };
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
