/** Measures over caches (WAF-PERF-030, checklist L3-9, L4-7) and the workloads subject (030, 050, 070). */
import type { CloudFrontDistribution, Snapshot } from '#lib/model/index.js';
import { elastiCaches, isCacheDistribution } from '#lib/concepts/cache.js';
import { servesStaticContent } from '#lib/concepts/static-content.js';
import { unitWorkloads } from '#lib/concepts/workloads.js';
import type { MeasureContext, MeasureDef } from '../types.js';
import { seriesSum } from '../metric-index.js';
import { tally, USES } from './support.js';

/** WAF-PERF-030 L4 "cache hit >= 80% enforced" (maturity model). */
export const CACHE_HIT_RATE_MIN = 80;
/** Checklist L4-7 "CDN cache hit rate >= 95% for static content" (maturity model). */
export const STATIC_CDN_HIT_RATE_MIN = 95;

interface CacheState {
  /** Measured hit rate in %, or null when not measured (additional metrics off / no hit-miss data). */
  rate: number | null | undefined;
  static: boolean;
}

const cf = (ctx: MeasureContext, d: CloudFrontDistribution, metricName: string, stat: string) =>
  ctx.metrics.find(
    {
      namespace: 'AWS/CloudFront',
      metricName,
      dimensions: { DistributionId: d.id, Region: 'Global' },
      stat,
      periodSeconds: 86400,
    },
    'DistributionId',
  );

/**
 * Every cache of the unit with traffic, and its hit rate: a number (measured), null (not measured) or undefined
 * (the series was not fetched: no data). CloudFront distributions only in the global unit.
 */
function caches(ctx: MeasureContext): CacheState[] {
  const s = ctx.snapshot;
  const out: CacheState[] = [];
  for (const d of s.cloudfront?.distributions ?? []) {
    if (!isCacheDistribution(d)) continue;
    const req = cf(ctx, d, 'Requests', 'Sum');
    if (req !== undefined && req.datapoints > 0 && seriesSum(req) === 0) continue; // no traffic: not in use
    if (req !== undefined && req.datapoints === 0 && d.additionalMetricsEnabled !== true) continue;
    const hit = cf(ctx, d, 'CacheHitRate', 'Average');
    const rate =
      hit && hit.datapoints > 0 && hit.mean !== undefined
        ? hit.mean
        : d.additionalMetricsEnabled === false || hit !== undefined
          ? null
          : undefined;
    out.push({ rate, static: servesStaticContent(d) });
  }
  for (const c of elastiCaches(s.elasticache)) {
    const memcached = c.engine.toLowerCase() === 'memcached';
    const find = (metricName: string) =>
      ctx.metrics.find(
        {
          namespace: 'AWS/ElastiCache',
          metricName,
          dimensions: { [c.dimension]: c.id },
          stat: 'Sum',
          periodSeconds: 86400,
        },
        c.dimension,
      );
    const hits = find(memcached ? 'GetHits' : 'CacheHits');
    const misses = find(memcached ? 'GetMisses' : 'CacheMisses');
    if (!hits || !misses) {
      out.push({ rate: undefined, static: false });
      continue;
    }
    const h = seriesSum(hits);
    const total = h + seriesSum(misses);
    out.push({
      rate: hits.datapoints + misses.datapoints === 0 || total === 0 ? null : (h / total) * 100,
      static: false,
    });
  }
  return out;
}

const CACHE_SOURCES = [
  'cloudfront.distributions',
  'cloudfront.hitRateMetrics',
  'elasticache.clusters',
  'elasticache.hitMetrics',
] as const;

export const CACHING_MEASURES: readonly MeasureDef[] = [
  {
    id: 'subject.workloads',
    denominator:
      'workloads (running instances, groups with capacity, scalable targets, databases, caches, Lambda functions with traffic, CloudFront distributions)',
    meets: 'exist',
    sources: [
      'ec2.instances',
      'autoscaling.groups',
      'rds.instances',
      'elasticache.clusters',
      'lambda.functions',
    ],
    uses: [USES.instances, USES.asg, USES.rds, USES.ec, USES.lambda, USES.cf],
    tally: ({ snapshot }) => {
      const n = unitWorkloads(snapshot).total;
      return tally(n, n);
    },
  },
  {
    id: 'caches.inUse',
    denominator:
      'caches in use (CloudFront distributions with traffic and a caching behavior, ElastiCache clusters)',
    meets: 'are in use',
    sources: ['cloudfront.distributions', 'elasticache.clusters'],
    uses: [USES.cf, USES.ec],
    tally: (ctx) => {
      const n = caches(ctx).length;
      return tally(n, n);
    },
  },
  {
    id: 'caches.hitRateMeasured',
    denominator: 'caches in use',
    meets: 'have a measured hit rate (CloudFront additional metrics, ElastiCache hit/miss metrics)',
    sources: CACHE_SOURCES,
    uses: [USES.cf, USES.cfHit, USES.ec, USES.ecHit],
    tally: (ctx) => {
      const all = caches(ctx);
      return tally(
        all.length,
        all.filter((c) => typeof c.rate === 'number').length,
        all.filter((c) => c.rate === undefined).length,
      );
    },
  },
  {
    id: 'caches.hitRateHigh',
    denominator: 'caches in use',
    meets: `hit >= ${CACHE_HIT_RATE_MIN}% (static-content CDN >= ${STATIC_CDN_HIT_RATE_MIN}%)`,
    sources: CACHE_SOURCES,
    uses: [USES.cfHit, USES.ecHit],
    tally: (ctx) => {
      const all = caches(ctx);
      const ok = all.filter(
        (c) =>
          typeof c.rate === 'number' && c.rate >= (c.static ? STATIC_CDN_HIT_RATE_MIN : CACHE_HIT_RATE_MIN),
      );
      return tally(all.length, ok.length, all.filter((c) => c.rate === undefined).length);
    },
  },
  {
    id: 'cloudfront.staticHitRate',
    denominator: 'static-content CloudFront distributions with traffic',
    meets: `hit >= ${STATIC_CDN_HIT_RATE_MIN}%`,
    sources: ['cloudfront.distributions', 'cloudfront.hitRateMetrics'],
    uses: [USES.cf, USES.cfHit],
    tally: (ctx) => {
      const st = caches(ctx).filter((c) => c.static);
      return tally(
        st.length,
        st.filter((c) => typeof c.rate === 'number' && c.rate >= STATIC_CDN_HIT_RATE_MIN).length,
        st.filter((c) => c.rate === undefined).length,
      );
    },
  },
  {
    id: 'cloudfront.static',
    denominator: 'enabled CloudFront distributions',
    meets: 'serve static content (an S3 origin behind a caching behavior)',
    sources: ['cloudfront.distributions'],
    uses: [USES.cf],
    tally: ({ snapshot: s }: { snapshot: Snapshot }) => {
      const on = (s.cloudfront?.distributions ?? []).filter((d) => d.enabled);
      return tally(on.length, on.filter(servesStaticContent).length);
    },
  },
];
