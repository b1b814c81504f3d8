import type { CacheCluster, MetricSummary, ReplicationGroup } from '#lib/model/index.js';
import { aSeriesSummary } from './metrics.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';

/** A standalone Valkey node, cache.r7g.large. */
export function aCacheCluster(overrides: Partial<CacheCluster> = {}): CacheCluster {
  const cacheClusterId = overrides.cacheClusterId ?? 'sessions-001';
  return {
    cacheClusterId,
    arn: `arn:aws:elasticache:${TEST_REGION}:${TEST_ACCOUNT_ID}:cluster:${cacheClusterId}`,
    engine: 'valkey',
    engineVersion: '8.0',
    nodeType: 'cache.r7g.large',
    numNodes: 1,
    status: 'available',
    ...overrides,
  };
}

export function aReplicationGroup(overrides: Partial<ReplicationGroup> = {}): ReplicationGroup {
  const replicationGroupId = overrides.replicationGroupId ?? 'sessions';
  return {
    replicationGroupId,
    arn: `arn:aws:elasticache:${TEST_REGION}:${TEST_ACCOUNT_ID}:replicationgroup:${replicationGroupId}`,
    engine: 'valkey',
    memberClusters: [`${replicationGroupId}-001`, `${replicationGroupId}-002`],
    clusterMode: 'disabled',
    automaticFailover: 'enabled',
    serverless: false,
    ...overrides,
  };
}

/** A daily Sum series of AWS/ElastiCache per cluster (dims {CacheClusterId}), one value per day. */
export function anElastiCacheMetricSummary(
  cacheClusterId: string,
  metricName: string,
  values: readonly (number | null)[],
): MetricSummary {
  return aSeriesSummary(values, {
    namespace: 'AWS/ElastiCache',
    metricName,
    dimensions: { CacheClusterId: cacheClusterId },
    stat: 'Sum',
    periodSeconds: 86400,
  });
}
