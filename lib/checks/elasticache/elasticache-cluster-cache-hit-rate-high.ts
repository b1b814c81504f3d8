import type { EvidenceItem, Snapshot } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { findMetric, fmt, fmtBeside, isNum, missingSlice, roundBeside, windowLabel } from '../support.js';

const NEEDS = ['elasticache.clusters', 'elasticache.replicationGroups', 'metrics'];
const NS = 'AWS/ElastiCache';
const DAY = 86400;

/** Valkey/Redis OSS publish CacheHits/CacheMisses; Memcached publishes GetHits/GetMisses (ElastiCache metric docs). */
const hitMetricNames = (engine: string | undefined): [string, string] =>
  engine?.toLowerCase() === 'memcached' ? ['GetHits', 'GetMisses'] : ['CacheHits', 'CacheMisses'];

/**
 * Hit rate = hits / (hits + misses) over the window, per replication group (summed over its member clusters), per
 * standalone cluster, or per serverless cache. Node-based clusters publish under the CacheClusterId dimension,
 * serverless caches under `clusterId` (the cache name).
 */
function lookups(
  s: Snapshot,
  engine: string | undefined,
  dimensions: Record<string, string>,
): { hits: number; misses: number; datapoints: number } | undefined {
  const [h, m] = hitMetricNames(engine).map((metricName) =>
    findMetric(s, { namespace: NS, metricName, dimensions, stat: 'Sum', periodSeconds: DAY }),
  );
  if (!h || !m) return undefined;
  return {
    hits: isNum(h.sum) ? h.sum : 0,
    misses: isNum(m.sum) ? m.sum : 0,
    datapoints: h.datapoints + m.datapoints,
  };
}

export const elasticacheClusterCacheHitRateHigh = defineCheck<'minHitRatePercent' | 'minLookups'>({
  id: 'elasticache-cluster-cache-hit-rate-high',
  title: 'ElastiCache caches serve at least 80% of lookups from cache',
  service: 'elasticache',
  control: 'WAF-PERF-030',
  severity: 'medium',
  rationale:
    'Every miss falls through to the database or service behind the cache, adding its latency and load. Measured ' +
    'hit rates are WAF-PERF-030 L3 (checklist item L3-9); a hit rate of at least 80% enforced is L4.',
  remediation: {
    change: 'cache-policy',
    text:
      'Look at what misses: TTLs shorter than the data changes, keys evicted for lack of memory (Evictions metric: ' +
      'scale up or out), cold caches after deploys (warm them), or keys that are never read twice.',
    docs: [
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Strategies.html',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Memcached.html',
    ],
    impact: 'Each point of hit rate gained removes that share of lookups from the backing store.',
  },
  needs: NEEDS,
  thresholds: {
    minHitRatePercent: {
      default: 80,
      unit: 'Percent',
      description: 'Lowest acceptable hits / (hits + misses) over the window.',
      source: 'Maturity model WAF-PERF-030 L4 (cache hit >= 80% enforced)',
      min: 0,
      max: 100,
    },
    minLookups: {
      default: 1000,
      unit: 'count',
      description: 'Hits + misses in the window needed before the rate is judged; fewer gives unknown.',
      source: 'perfscan: below this a handful of misses decides the rate',
      min: 0,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const ec = snapshot.elasticache;
    if (!ec) return missingSlice(snapshot, 'elasticache', 'AWS::ElastiCache::CacheCluster');
    const results: CheckResult[] = [];
    const units: {
      type: string;
      id: string;
      arn?: string;
      /** The series to read: one dimension set per member cluster, or the serverless cache's own. */
      series: Record<string, string>[];
      engine: string;
    }[] = [];
    for (const rg of ec.replicationGroups) {
      if (rg.serverless) {
        units.push({
          type: 'AWS::ElastiCache::ServerlessCache',
          id: rg.replicationGroupId,
          arn: rg.arn,
          series: [{ clusterId: rg.replicationGroupId }],
          engine: rg.engine ?? 'valkey',
        });
        continue;
      }
      const members = ec.clusters.filter(
        (c) => c.replicationGroupId === rg.replicationGroupId || rg.memberClusters.includes(c.cacheClusterId),
      );
      units.push({
        type: 'AWS::ElastiCache::ReplicationGroup',
        id: rg.replicationGroupId,
        arn: rg.arn,
        series: members.map((c) => ({ CacheClusterId: c.cacheClusterId })),
        engine: rg.engine ?? members[0]?.engine ?? 'redis',
      });
    }
    for (const c of ec.clusters) {
      if (c.replicationGroupId) continue;
      units.push({
        type: 'AWS::ElastiCache::CacheCluster',
        id: c.cacheClusterId,
        arn: c.arn,
        series: [{ CacheClusterId: c.cacheClusterId }],
        engine: c.engine,
      });
    }
    for (const u of units) {
      const base = { resourceType: u.type, resourceId: u.id, resourceArn: u.arn, resourceName: u.id };
      const fetched = u.series.map((d) => lookups(snapshot, u.engine, d)).filter((x) => x !== undefined);
      // A series with no datapoints says nothing, not "0 lookups".
      const measured = fetched.filter((x) => x.datapoints > 0);
      const hits = measured.reduce((a, x) => a + x.hits, 0);
      const misses = measured.reduce((a, x) => a + x.misses, 0);
      const total = hits + misses;
      const [hitMetric, missMetric] = hitMetricNames(u.engine);
      const serverless = u.type === 'AWS::ElastiCache::ServerlessCache';
      const window = windowLabel(snapshot.window.days, DAY);
      const evidence: EvidenceItem[] = [
        {
          label: hitMetric,
          value: hits,
          unit: 'count',
          metric: `${NS}/${hitMetric}`,
          statistic: 'Sum',
          window,
        },
        {
          label: missMetric,
          value: misses,
          unit: 'count',
          metric: `${NS}/${missMetric}`,
          statistic: 'Sum',
          window,
        },
      ];
      if (!serverless)
        evidence.push({
          label: 'Member clusters measured',
          value: `${measured.length} of ${u.series.length}`,
        });
      if (measured.length === 0 || total < t.minLookups) {
        results.push({
          ...base,
          status: 'unknown',
          message:
            measured.length === 0
              ? `${u.id}: no ${hitMetric}/${missMetric} ${fetched.length > 0 ? 'datapoints in the window' : 'series'} for ${serverless ? 'this serverless cache' : `its ${u.series.length} cluster(s)`}.`
              : `${u.id}: ${fmt(total, 0)} lookups in the window, fewer than the ${fmt(t.minLookups, 0)} needed to judge the hit rate.`,
          evidence,
        });
        continue;
      }
      const rate = (hits / total) * 100;
      evidence.unshift({
        label: 'Hit rate',
        value: roundBeside(rate, t.minHitRatePercent, 1),
        unit: 'Percent',
        metric: `${NS}/${hitMetric}`,
        statistic: `${hitMetric} / (${hitMetric} + ${missMetric}), Sum`,
        window,
        threshold: `>= ${t.minHitRatePercent}`,
      });
      results.push(
        rate >= t.minHitRatePercent
          ? {
              ...base,
              status: 'pass',
              message: `${u.id} served ${fmtBeside(rate, t.minHitRatePercent)}% of ${fmt(total, 0)} lookups from cache.`,
              evidence,
            }
          : {
              ...base,
              status: 'fail',
              message: `${u.id} served only ${fmtBeside(rate, t.minHitRatePercent)}% of ${fmt(total, 0)} lookups from cache, below ${t.minHitRatePercent}%.`,
              evidence,
            },
      );
    }
    return results;
  },
});
