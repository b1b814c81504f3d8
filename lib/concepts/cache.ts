/**
 * A cache: an enabled CloudFront distribution with at least one behavior that caches, or an ElastiCache cluster
 * or serverless cache. A behavior with the managed CachingDisabled cache policy (TTL 0, id below) passes every
 * request to the origin and is not a cache; a distribution whose behaviors all use it serves no request from
 * cache and has no hit rate to judge.
 * AWS documents the managed policy and its id: "Use managed cache policies",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 */
import type { CloudFrontCacheBehavior, CloudFrontDistribution, ElastiCacheSlice } from '#lib/model/index.js';

/** Managed-CachingDisabled: the same id in every account. */
export const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

export function behaviorCaches(b: CloudFrontCacheBehavior): boolean {
  return b.cachePolicyId !== CACHING_DISABLED_POLICY_ID;
}

/** An enabled distribution with at least one caching behavior. */
export function isCacheDistribution(d: CloudFrontDistribution): boolean {
  return d.enabled && (d.behaviors.length === 0 || d.behaviors.some(behaviorCaches));
}

/** Node-based clusters (dimension CacheClusterId) and serverless caches (dimension clusterId), each once. */
export function elastiCaches(
  ec: ElastiCacheSlice | undefined,
): { id: string; engine: string; dimension: string }[] {
  return [
    ...(ec?.clusters ?? []).map((c) => ({
      id: c.cacheClusterId,
      engine: c.engine,
      dimension: 'CacheClusterId',
    })),
    ...(ec?.replicationGroups ?? [])
      .filter((g) => g.serverless === true)
      .map((g) => ({ id: g.replicationGroupId, engine: g.engine ?? 'valkey', dimension: 'clusterId' })),
  ];
}
