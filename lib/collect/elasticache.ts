/**
 * ElastiCache collector: cache clusters (100 per page, without node details), replication groups
 * (100 per page) and serverless caches (50 per page, the documented default), plus the hit-rate and CPU
 * series of each cache through the unit's metric batcher. Serverless caches are listed among the
 * replication groups with `serverless: true` (the model's place for them).
 *
 * Metrics: daily sums of the hit and miss counts (hit rate = hits / (hits + misses)) and hourly CPUUtilization
 * (+ EngineCPUUtilization for Redis OSS / Valkey, whose engine is single-threaded), per cache cluster (dimension
 * CacheClusterId). The counts are named per engine: Valkey and Redis OSS publish CacheHits/CacheMisses, Memcached
 * publishes GetHits/GetMisses (ElastiCache "Metrics for Valkey and Redis OSS" / "Metrics for Memcached").
 * Serverless caches publish the same names (CacheHits/CacheMisses for Valkey and Redis OSS, GetHits/GetMisses
 * among Memcached's command-level metrics) under the dimension `clusterId` (lower-case c, the cache name), not
 * CacheClusterId, as `cloudwatch list-metrics` shows for serverless caches.
 */
import {
  ElastiCacheClient,
  paginateDescribeCacheClusters,
  paginateDescribeReplicationGroups,
  paginateDescribeServerlessCaches,
  type CacheCluster as SdkCacheCluster,
  type ReplicationGroup as SdkReplicationGroup,
  type ServerlessCache,
} from '@aws-sdk/client-elasticache';
import type { CacheCluster, ElastiCacheSlice, ReplicationGroup } from '#lib/model/index.js';
import { guard } from './errors.js';
import type { Collector, CollectorContext, MetricRequest } from './types.js';

/** DescribeCacheClusters / DescribeReplicationGroups: MaxRecords 20-100 (ElastiCache API reference). */
export const ELASTICACHE_PAGE_SIZE = 100;
/** DescribeServerlessCaches: the API documents a default of 50 and no larger maximum. */
export const SERVERLESS_PAGE_SIZE = 50;

type Series = Omit<MetricRequest, 'dimensions' | 'namespace'>;
/** Valkey / Redis OSS hit and miss counts. */
export const ELASTICACHE_HIT_METRICS: readonly Series[] = [
  { metricName: 'CacheHits', stat: 'Sum', periodSeconds: 86_400 },
  { metricName: 'CacheMisses', stat: 'Sum', periodSeconds: 86_400 },
];
/** Memcached hit and miss counts (get requests that found / did not find the key). */
export const MEMCACHED_HIT_METRICS: readonly Series[] = [
  { metricName: 'GetHits', stat: 'Sum', periodSeconds: 86_400 },
  { metricName: 'GetMisses', stat: 'Sum', periodSeconds: 86_400 },
];
/** The hit/miss series an engine publishes (an unknown engine is read as Valkey/Redis OSS). */
export function hitMetricsFor(engine: string | undefined): readonly Series[] {
  return engine?.toLowerCase() === 'memcached' ? MEMCACHED_HIT_METRICS : ELASTICACHE_HIT_METRICS;
}
export const ELASTICACHE_CPU_METRICS: readonly Series[] = [
  { metricName: 'CPUUtilization', stat: 'Average', periodSeconds: 3600 },
];
/** Redis OSS / Valkey only: the engine thread's CPU, the saturating resource on multi-core nodes. */
export const ELASTICACHE_ENGINE_CPU_METRICS: readonly Series[] = [
  { metricName: 'EngineCPUUtilization', stat: 'Average', periodSeconds: 3600 },
];

export function normalizeCacheCluster(c: SdkCacheCluster): CacheCluster | undefined {
  if (!c.CacheClusterId || !c.ARN) return undefined;
  return {
    cacheClusterId: c.CacheClusterId,
    arn: c.ARN,
    engine: c.Engine ?? 'unknown',
    ...(c.EngineVersion ? { engineVersion: c.EngineVersion } : {}),
    nodeType: c.CacheNodeType ?? 'unknown',
    numNodes: c.NumCacheNodes ?? 0,
    ...(c.ReplicationGroupId ? { replicationGroupId: c.ReplicationGroupId } : {}),
    ...(c.CacheClusterStatus ? { status: c.CacheClusterStatus } : {}),
  };
}

export function normalizeReplicationGroup(g: SdkReplicationGroup): ReplicationGroup | undefined {
  if (!g.ReplicationGroupId || !g.ARN) return undefined;
  return {
    replicationGroupId: g.ReplicationGroupId,
    arn: g.ARN,
    ...(g.Engine ? { engine: g.Engine } : {}),
    memberClusters: [...(g.MemberClusters ?? [])],
    ...(g.ClusterMode
      ? { clusterMode: g.ClusterMode }
      : g.ClusterEnabled !== undefined
        ? { clusterMode: g.ClusterEnabled ? 'enabled' : 'disabled' }
        : {}),
    ...(g.AutomaticFailover ? { automaticFailover: g.AutomaticFailover } : {}),
    serverless: false,
  };
}

export function normalizeServerlessCache(s: ServerlessCache): ReplicationGroup | undefined {
  if (!s.ServerlessCacheName || !s.ARN) return undefined;
  return {
    replicationGroupId: s.ServerlessCacheName,
    arn: s.ARN,
    ...(s.Engine ? { engine: s.Engine } : {}),
    memberClusters: [],
    serverless: true,
  };
}

/** `resources`: the ids a failed series hides (a member cluster's series also informs its replication group). */
function queue(
  ctx: CollectorContext,
  dimensions: Record<string, string>,
  series: readonly Series[],
  resources?: string[],
): void {
  for (const m of series)
    ctx.metrics.request({
      namespace: 'AWS/ElastiCache',
      dimensions,
      ...m,
      ...(resources ? { resources } : {}),
    });
}

export const elasticacheCollector: Collector = {
  service: 'elasticache',
  iamActions: [
    'elasticache:DescribeCacheClusters',
    'elasticache:DescribeReplicationGroups',
    'elasticache:DescribeServerlessCaches',
  ],
  async collect(ctx) {
    const client = ctx.clients.get(ElastiCacheClient);
    const slice: ElastiCacheSlice = { clusters: [], replicationGroups: [] };
    const serverless: ReplicationGroup[] = [];
    await Promise.all([
      guard(
        ctx,
        {
          service: 'elasticache',
          slice: 'elasticache.clusters',
          action: 'elasticache:DescribeCacheClusters',
        },
        async () => {
          const pages = paginateDescribeCacheClusters(
            { client, pageSize: ELASTICACHE_PAGE_SIZE },
            { ShowCacheNodeInfo: false },
          );
          for await (const page of pages) {
            for (const c of page.CacheClusters ?? []) {
              const n = normalizeCacheCluster(c);
              if (n) slice.clusters.push(n);
            }
          }
        },
      ),
      guard(
        ctx,
        {
          service: 'elasticache',
          slice: 'elasticache.replicationGroups',
          action: 'elasticache:DescribeReplicationGroups',
        },
        async () => {
          for await (const page of paginateDescribeReplicationGroups(
            { client, pageSize: ELASTICACHE_PAGE_SIZE },
            {},
          )) {
            for (const g of page.ReplicationGroups ?? []) {
              const n = normalizeReplicationGroup(g);
              if (n) slice.replicationGroups.push(n);
            }
          }
        },
      ),
      // A failure here only hides serverless caches: a sub-slice gap, so replication-group checks still run.
      guard(
        ctx,
        {
          service: 'elasticache',
          slice: 'elasticache.replicationGroups.serverless',
          action: 'elasticache:DescribeServerlessCaches',
        },
        async () => {
          for await (const page of paginateDescribeServerlessCaches(
            { client, pageSize: SERVERLESS_PAGE_SIZE },
            {},
          )) {
            for (const s of page.ServerlessCaches ?? []) {
              const n = normalizeServerlessCache(s);
              if (n) serverless.push(n);
            }
          }
        },
      ),
    ]);
    slice.replicationGroups.push(...serverless);

    for (const c of slice.clusters) {
      const dims = { CacheClusterId: c.cacheClusterId };
      const ids = c.replicationGroupId ? [c.cacheClusterId, c.replicationGroupId] : [c.cacheClusterId];
      queue(ctx, dims, hitMetricsFor(c.engine), ids);
      queue(ctx, dims, ELASTICACHE_CPU_METRICS, ids);
      if (c.engine !== 'memcached') queue(ctx, dims, ELASTICACHE_ENGINE_CPU_METRICS, ids);
    }
    for (const s of serverless) queue(ctx, { clusterId: s.replicationGroupId }, hitMetricsFor(s.engine));
    return { elasticache: slice };
  },
};
