import { describe, expect, it } from 'vitest';
import {
  ELASTICACHE_NODE_TYPES_DOCS,
  ELASTICACHE_PREVIOUS_GENERATION_CHECKED,
  ELASTICACHE_PREVIOUS_GENERATION_FAMILIES,
  elasticacheNodeCurrentGeneration as check,
} from '#lib/checks/elasticache/elasticache-node-current-generation.js';
import { aCacheCluster, aReplicationGroup, aSnapshot, runCheck } from '#test/builders/index.js';
import type { CacheCluster, ReplicationGroup } from '#lib/model/index.js';

const evaluate = (clusters: CacheCluster[], replicationGroups: ReplicationGroup[] = []) =>
  runCheck(check, aSnapshot({ elasticache: { clusters, replicationGroups } }));

describe('elasticache-node-current-generation', () => {
  it('fails a cluster on a previous-generation node type, with the type and the dated source', () => {
    const [r] = evaluate([aCacheCluster({ cacheClusterId: 'legacy-redis', nodeType: 'cache.m3.medium' })]);
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe('legacy-redis runs 1 node of cache.m3.medium, a previous-generation type.');
    expect(r?.evidence[0]).toMatchObject({
      label: 'Node type',
      value: 'cache.m3.medium',
      source: expect.stringContaining(`checked ${ELASTICACHE_PREVIOUS_GENERATION_CHECKED}`),
    });
  });

  it('flags every previous-generation family in the AWS list and none of the current ones', () => {
    for (const t of [
      'cache.t1.micro',
      'cache.m1.small',
      'cache.m2.xlarge',
      'cache.c1.xlarge',
      'cache.r3.large',
    ])
      expect(evaluate([aCacheCluster({ nodeType: t })])[0]?.status, t).toBe('fail');
    // T2, M4 and R4 are still current generation in the AWS list; Graviton types of course.
    for (const t of [
      'cache.t2.micro',
      'cache.m4.large',
      'cache.r4.large',
      'cache.r7g.large',
      'cache.t4g.micro',
    ])
      expect(evaluate([aCacheCluster({ nodeType: t })])[0]?.status, t).toBe('pass');
  });

  it('judges a replication group once, not once per member', () => {
    const members = ['sessions-001', 'sessions-002', 'sessions-003'].map((id) =>
      aCacheCluster({ cacheClusterId: id, replicationGroupId: 'sessions', nodeType: 'cache.r3.large' }),
    );
    const results = evaluate(members, [
      aReplicationGroup({ memberClusters: members.map((m) => m.cacheClusterId) }),
    ]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'fail',
      resourceId: 'sessions',
      resourceType: 'AWS::ElastiCache::ReplicationGroup',
      message: 'sessions runs 3 nodes of cache.r3.large, a previous-generation type.',
    });
  });

  it('counts only the nodes of the previous-generation types in a group that mixes types', () => {
    const members = [
      aCacheCluster({ cacheClusterId: 'g-1', replicationGroupId: 'g', nodeType: 'cache.r3.large' }),
      aCacheCluster({ cacheClusterId: 'g-2', replicationGroupId: 'g', nodeType: 'cache.r6g.large' }),
      aCacheCluster({ cacheClusterId: 'g-3', replicationGroupId: 'g', nodeType: 'cache.r6g.large' }),
    ];
    const [mixed] = evaluate(members, [
      aReplicationGroup({ replicationGroupId: 'g', memberClusters: ['g-1', 'g-2', 'g-3'] }),
    ]);
    expect(mixed?.message).toBe(
      'g runs 1 node of cache.r3.large (of its 3 nodes), a previous-generation type.',
    );
    // Two previous-generation types: both named, every node counted.
    const two = [
      aCacheCluster({ cacheClusterId: 'h-1', replicationGroupId: 'h', nodeType: 'cache.m3.medium' }),
      aCacheCluster({ cacheClusterId: 'h-2', replicationGroupId: 'h', nodeType: 'cache.r3.large' }),
    ];
    const [both] = evaluate(two, [
      aReplicationGroup({ replicationGroupId: 'h', memberClusters: ['h-1', 'h-2'] }),
    ]);
    expect(both?.message).toBe(
      'h runs 2 nodes of cache.m3.medium, cache.r3.large, previous-generation types.',
    );
  });

  it('is unknown for a node type outside the naming convention, and runs only when ElastiCache was scanned', () => {
    expect(evaluate([aCacheCluster({ nodeType: 'unknown' })])[0]?.status).toBe('unknown');
    expect(runCheck(check, aSnapshot({ services: ['ec2'] }))).toEqual([]);
  });
});

describe('the previous-generation node type table', () => {
  it('was checked against the AWS sources within the last year', () => {
    const ageDays = (Date.now() - Date.parse(ELASTICACHE_PREVIOUS_GENERATION_CHECKED)) / 86_400_000;
    expect(Number.isNaN(ageDays)).toBe(false);
    expect(
      ageDays,
      `re-check ${ELASTICACHE_NODE_TYPES_DOCS.join(' and ')}, then update the table's date`,
    ).toBeLessThan(366);
    expect(ageDays).toBeGreaterThan(-1);
    expect(ELASTICACHE_PREVIOUS_GENERATION_FAMILIES.length).toBeGreaterThan(0);
  });
});
