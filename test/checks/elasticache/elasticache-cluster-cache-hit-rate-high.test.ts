import { describe, expect, it } from 'vitest';
import { elasticacheClusterCacheHitRateHigh as check } from '#lib/checks/elasticache/elasticache-cluster-cache-hit-rate-high.js';
import {
  aCacheCluster,
  aGapOn,
  aReplicationGroup,
  aSeriesSummary,
  aSnapshot,
  anElastiCacheMetricSummary,
  daily,
  runCheck,
  withGaps,
  withMetrics,
} from '#test/builders/index.js';
import type { ElastiCacheSlice, MetricSummary } from '#lib/model/index.js';

const hits = (id: string, perDay: number | null, metric = 'CacheHits') =>
  anElastiCacheMetricSummary(
    id,
    metric,
    daily(14, () => perDay),
  );
const evaluate = (
  slice: Partial<ElastiCacheSlice>,
  summaries: MetricSummary[],
  thresholds: Record<string, number> = {},
) => runCheck(check, withMetrics(aSnapshot({ elasticache: slice }), ...summaries), thresholds);

describe('elasticache-cluster-cache-hit-rate-high', () => {
  it('passes a standalone cluster at 90% and fails one at 60%', () => {
    const [ok] = evaluate({ clusters: [aCacheCluster()] }, [
      hits('sessions-001', 900),
      hits('sessions-001', 100, 'CacheMisses'),
    ]);
    expect(ok).toMatchObject({
      status: 'pass',
      resourceType: 'AWS::ElastiCache::CacheCluster',
      resourceId: 'sessions-001',
    });
    expect(ok?.message).toBe('sessions-001 served 90% of 14,000 lookups from cache.');
    const [bad] = evaluate({ clusters: [aCacheCluster()] }, [
      hits('sessions-001', 600),
      hits('sessions-001', 400, 'CacheMisses'),
    ]);
    expect(bad?.status).toBe('fail');
    expect(bad?.message).toBe('sessions-001 served only 60% of 14,000 lookups from cache, below 80%.');
    expect(bad?.evidence[0]).toMatchObject({ label: 'Hit rate', value: 60, threshold: '>= 80' });
  });

  it('sums the member clusters of a replication group into one result', () => {
    const members = [
      aCacheCluster({ cacheClusterId: 'sessions-001', replicationGroupId: 'sessions' }),
      aCacheCluster({ cacheClusterId: 'sessions-002', replicationGroupId: 'sessions' }),
    ];
    const results = evaluate({ clusters: members, replicationGroups: [aReplicationGroup()] }, [
      hits('sessions-001', 1000),
      hits('sessions-001', 100, 'CacheMisses'),
      hits('sessions-002', 0),
      hits('sessions-002', 500, 'CacheMisses'),
    ]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'fail',
      resourceType: 'AWS::ElastiCache::ReplicationGroup',
      resourceId: 'sessions',
    });
    expect(results[0]?.message).toBe('sessions served only 62.5% of 22,400 lookups from cache, below 80%.');
  });

  it('reads GetHits/GetMisses for Memcached and honours a lower threshold', () => {
    const mc = aCacheCluster({ cacheClusterId: 'mc', engine: 'memcached' });
    const summaries = [hits('mc', 700, 'GetHits'), hits('mc', 300, 'GetMisses')];
    expect(evaluate({ clusters: [mc] }, summaries)[0]?.status).toBe('fail');
    expect(evaluate({ clusters: [mc] }, summaries, { minHitRatePercent: 70 })[0]?.status).toBe('pass');
  });

  it('does not read Valkey/Redis names for Memcached: CacheHits alone leaves a Memcached cluster unknown', () => {
    const mc = aCacheCluster({ cacheClusterId: 'mc', engine: 'memcached' });
    const [r] = evaluate({ clusters: [mc] }, [hits('mc', 900), hits('mc', 100, 'CacheMisses')]);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toBe('mc: no GetHits/GetMisses series for its 1 cluster(s).');
  });

  it("judges serverless caches from their clusterId series, with the engine's metric names", () => {
    const serverless = (id: string, metric: string, perDay: number) =>
      aSeriesSummary(
        daily(14, () => perDay),
        {
          namespace: 'AWS/ElastiCache',
          metricName: metric,
          dimensions: { clusterId: id },
          stat: 'Sum',
          periodSeconds: 86400,
        },
      );
    const results = evaluate(
      {
        replicationGroups: [
          aReplicationGroup({ replicationGroupId: 'api-cache', serverless: true, memberClusters: [] }),
          aReplicationGroup({
            replicationGroupId: 'pages',
            engine: 'memcached',
            serverless: true,
            memberClusters: [],
          }),
        ],
      },
      [
        serverless('api-cache', 'CacheHits', 950),
        serverless('api-cache', 'CacheMisses', 50),
        serverless('pages', 'GetHits', 500),
        serverless('pages', 'GetMisses', 500),
        // A node-based series with the same id is not the serverless cache's.
        hits('pages', 1000),
        hits('pages', 0, 'CacheMisses'),
      ],
    );
    expect(results.map((r) => [r.resourceType, r.resourceId, r.status])).toEqual([
      ['AWS::ElastiCache::ServerlessCache', 'api-cache', 'pass'],
      ['AWS::ElastiCache::ServerlessCache', 'pages', 'fail'],
    ]);
    expect(results[1]?.message).toBe('pages served only 50% of 14,000 lookups from cache, below 80%.');
    expect(results[1]?.evidence.map((e) => e.metric)).toContain('AWS/ElastiCache/GetHits');
  });

  it('is unknown without hit metrics or traffic, and under a metrics gap', () => {
    const [none] = evaluate({ clusters: [aCacheCluster()] }, []);
    expect(none?.status).toBe('unknown');
    expect(none?.message).toBe('sessions-001: no CacheHits/CacheMisses series for its 1 cluster(s).');
    const [idle] = evaluate({ clusters: [aCacheCluster()] }, [
      hits('sessions-001', 0),
      hits('sessions-001', 0, 'CacheMisses'),
    ]);
    expect(idle?.message).toBe(
      'sessions-001: 0 lookups in the window, fewer than the 1,000 needed to judge the hit rate.',
    );
    // Requested but empty series: no data, which is not "0 lookups".
    const [empty] = evaluate({ clusters: [aCacheCluster()] }, [
      hits('sessions-001', null),
      hits('sessions-001', null, 'CacheMisses'),
    ]);
    expect(empty?.status).toBe('unknown');
    expect(empty?.message).toBe(
      'sessions-001: no CacheHits/CacheMisses datapoints in the window for its 1 cluster(s).',
    );
    const gapped = withGaps(
      withMetrics(
        aSnapshot({ elasticache: { clusters: [aCacheCluster()] } }),
        hits('sessions-001', 900),
        hits('sessions-001', 10, 'CacheMisses'),
      ),
      aGapOn('metrics'),
    );
    expect(runCheck(check, gapped)[0]?.status).toBe('unknown');
  });
});
