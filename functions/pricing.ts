/**
 * Pricing Lambda: the savings of a unit's failing findings for the Scan Lambda (lib/pricing/remote.ts), whose
 * package has no room for the Price List client nor the estimators. One synchronous invocation per unit with
 * the findings' pricing facts (lib/pricing/facts.ts); the answer is, per finding, the basis of its saving or
 * null, with the prices used and the gaps: exactly what `perfscan scan` computes in process (the same PriceBook
 * and estimators).
 *
 * - Prices come from the price cache in the table (partition `PRICE`, lib/store/price-cache.ts) while fresh
 *   (PRICE_MAX_AGE_DAYS); only the missing ones are asked of GetProducts (us-east-1), and stored.
 * - The Price List API allows about 5 requests a second per account: this function runs with a small reserved
 *   concurrency (lib/infra/perfscan-stack.ts) and each instance paces itself at its share
 *   (PRICING_RATE_PER_SECOND = 5 / that concurrency), so the organization's fan-out (a thousand units at once)
 *   waits in Lambda's throttling and the Scan's retries, not in the Price List's.
 * - With its own role: scanned accounts need no pricing permission. A denial or an outage is a failure per SKU
 *   (the Scan's gap), never a thrown error; only a malformed event throws.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { PRICING_IAM_ACTIONS, PRICING_REGION, PriceBook, type PriceCache } from '#lib/collect/pricing.js';
import { RateLimiter, rateRuleFor } from '#lib/collect/rate-limit.js';
import { parseEnv } from '#lib/config/function-env.js';
import { errorText } from '#lib/engine/scan.js';
import { estimateFacts, requestsOf } from '#lib/pricing/estimate.js';
import type { PricingFacts } from '#lib/pricing/facts.js';
import { resultOf } from '#lib/pricing/provider.js';
import type { PricingAnswer } from '#lib/pricing/remote.js';
import { DynamoPriceCache } from '#lib/store/price-cache.js';
import {
  RegionSchema,
  defaultClientsFor,
  defaultTools,
  inHandlerSegment,
  parseEvent,
  traced,
  type ClientsFor,
  type Tools,
} from './shared.js';

/** A Price List attribute value as perfscan asks for it: letters, digits and a few separators, bounded. */
const attr = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9 ._()/-]+$/,
    'expected a Price List attribute value (letters, digits, . _ - / ( ) and spaces)',
  );

const count = z.number().int().min(0).max(1e12);

/** The pricing facts of one finding (lib/pricing/facts.ts), as the Scan Lambda sends them. */
const FactsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ebs-volume'),
    region: RegionSchema,
    sizeGiB: z.number().positive().max(1e6),
    from: attr,
    to: attr,
    fromIops: count,
    toIops: count,
    fromIoRequests: count.optional(),
    alternatives: z
      .array(z.object({ to: attr, toIops: count }))
      .max(4)
      .optional(),
  }),
  z.object({
    kind: z.literal('ec2-move'),
    region: RegionSchema,
    instanceType: attr,
    os: z.enum(['Linux', 'Windows']),
    targets: z.array(attr).min(1).max(200),
    change: z.literal('resize').optional(),
    peakCpuPercent: z.number().min(0).max(100).optional(),
    targetPeakCpuPercent: z.number().min(0).max(100).optional(),
  }),
  z.object({
    kind: z.literal('rds-move'),
    region: RegionSchema,
    dbInstanceClass: attr,
    databaseEngine: attr,
    deploymentOption: z.enum(['Single-AZ', 'Multi-AZ']),
    change: z.enum(['generation', 'resize']),
    targets: z.array(attr).min(1).max(50),
    peakCpuPercent: z.number().min(0).max(100).optional(),
    targetPeakCpuPercent: z.number().min(0).max(100).optional(),
  }),
  z.object({
    kind: z.literal('elasticache-move'),
    region: RegionSchema,
    nodeType: attr,
    cacheEngine: attr,
    nodes: z.number().int().min(1).max(10_000),
    targets: z.array(attr).min(1).max(20),
  }),
  z.object({
    kind: z.literal('lambda-arm64'),
    region: RegionSchema,
    memoryMiB: z.number().int().min(128).max(10_240),
    gbSecondsPerMonth: count,
  }),
]) satisfies z.ZodType<PricingFacts>;

/** At most this many findings per invocation (the Invoke payload limit is 6 MB; an item is ~150 bytes). */
export const MAX_PRICING_ITEMS = 30_000;

export const PricingEvent = z.object({
  region: RegionSchema,
  items: z
    .array(z.object({ facts: FactsSchema, resourceId: z.string().min(1).max(2048) }))
    .max(MAX_PRICING_ITEMS),
});
export type PricingEvent = z.infer<typeof PricingEvent>;

/**
 * The function's environment: the table's price cache, and its share of the Price List API's ~5 requests/s
 * (5 / its reserved concurrency, set by the stack).
 */
export const PricingEnv = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME is required: the DynamoDB table holding the price cache'),
  PRICING_RATE_PER_SECOND: z.coerce.number().positive().max(5).default(5),
});

export interface PricingDeps {
  env: Record<string, string | undefined>;
  /** The price cache (default: the table's `PRICE` partition through `dynamo`). */
  cache?: PriceCache;
  dynamo?: DynamoDBClient;
  clientsFor: ClientsFor;
  clock: () => Date;
  tools: Tools;
}

export function makePricingHandler(overrides: Partial<PricingDeps> = {}) {
  const deps: PricingDeps = {
    env: process.env,
    clientsFor: defaultClientsFor,
    clock: () => new Date(),
    tools: overrides.tools ?? defaultTools(overrides.env ?? process.env),
    ...overrides,
  };
  const { logger, metrics, tracer } = deps.tools;
  let cold: { cache: PriceCache; limiter: RateLimiter } | undefined;

  const init = () => {
    if (cold) return cold;
    const env = parseEnv(PricingEnv, deps.env);
    const cache =
      deps.cache ??
      new DynamoPriceCache({
        tableName: env.TABLE_NAME,
        client: deps.dynamo ?? tracer.captureAWSv3Client(new DynamoDBClient({})),
      });
    // This instance's share of the Price List API's rate; every other API keeps its usual rule.
    const rate = env.PRICING_RATE_PER_SECOND;
    const limiter = new RateLimiter({
      rules: (action) =>
        action.startsWith('pricing:')
          ? {
              bucket: 'pricing',
              ratePerSecond: rate,
              burst: Math.max(1, Math.floor(rate)),
              source: `AWS Price List API (about 5/s), this instance's share`,
            }
          : rateRuleFor(action),
    });
    cold = { cache, limiter };
    return cold;
  };

  return async function handler(event: unknown, context?: Context): Promise<PricingAnswer> {
    return inHandlerSegment(tracer, 'pricing', () => run(event, context));
  };

  async function run(event: unknown, context?: Context): Promise<PricingAnswer> {
    try {
      const ev = parseEvent(PricingEvent, event, 'Pricing');
      const { cache, limiter } = init();
      if (context) logger.addContext(context);
      // One book per invocation: the cache is the table, so a warm instance holds nothing between units.
      const book = new PriceBook({
        cache,
        now: deps.clock,
        deniedHint: "grant pricing:GetProducts to the stack's Pricing function role",
      });
      const clients = traced(
        deps.clientsFor({
          region: PRICING_REGION,
          allowedActions: new Set<string>(PRICING_IAM_ACTIONS),
          limiter,
        }),
        tracer,
      );
      try {
        const needs = requestsOf(ev.items);
        const lookup = await book.lookup(
          needs.map((n) => n.request),
          clients,
          ev.region,
        );
        const { prices, gaps } = resultOf(needs, lookup);
        const bases = ev.items.map((it) => estimateFacts(it.facts, prices) ?? null);
        const failed = Object.keys(lookup.failures).length;
        metrics.addMetric('PricesAsked', MetricUnit.Count, needs.length);
        metrics.addMetric('PriceListRequests', MetricUnit.Count, lookup.requests);
        metrics.addMetric('PriceFailures', MetricUnit.Count, failed);
        (failed > 0 ? logger.warn.bind(logger) : logger.info.bind(logger))('prices answered', {
          region: ev.region,
          items: ev.items.length,
          skus: needs.length,
          priced: Object.keys(prices).length,
          failed,
          priceListRequests: lookup.requests,
          savings: bases.filter(Boolean).length,
        });
        return { bases, prices, gaps, requests: lookup.requests };
      } finally {
        clients.destroy();
      }
    } catch (err) {
      logger.error('pricing failed', { error: errorText(err) });
      throw err;
    } finally {
      metrics.publishStoredMetrics();
    }
  }
}

export const handler = makePricingHandler();
