/**
 * Kills mutants of the ElastiCache checks (npm run mutation; docs/testing.md, 2026-12-06): whole results of each
 * outcome for standalone clusters, replication groups (summed over members) and serverless caches, Memcached's
 * metric names, the hit-rate target and the lookup minimum on both sides of the exact value, and the node
 * generation of a group judged once.
 */
import { describe, expect, it } from 'vitest';
import { elasticacheClusterCacheHitRateHigh as hitRate } from '#lib/checks/elasticache/elasticache-cluster-cache-hit-rate-high.js';
import { elasticacheNodeCurrentGeneration as generation } from '#lib/checks/elasticache/elasticache-node-current-generation.js';
import type { CacheCluster, MetricSummary, ReplicationGroup } from '#lib/model/index.js';
import {
  aCacheCluster,
  aReplicationGroup,
  aSnapshot,
  anElastiCacheMetricSummary,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';

const snap = (clusters: CacheCluster[], groups: ReplicationGroup[], ...metrics: MetricSummary[]) =>
  withMetrics(aSnapshot({ elasticache: { clusters, replicationGroups: groups } }), ...metrics);
const m = anElastiCacheMetricSummary;
const serverlessM = (id: string, name: string, values: (number | null)[]): MetricSummary => ({
  ...m(id, name, values),
  dimensions: { clusterId: id },
});

describe('elasticache-cluster-cache-hit-rate-high (mutation kills)', () => {
  it('a standalone cluster: 80% passes, 79.9% fails, with the whole result', () => {
    const c = aCacheCluster({ cacheClusterId: 'c1' });
    expect(runCheck(hitRate, snap([c], [], m('c1', 'CacheHits', [800]), m('c1', 'CacheMisses', [200]))))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Hit rate",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "CacheHits / (CacheHits + CacheMisses), Sum",
              "threshold": ">= 80",
              "unit": "Percent",
              "value": 80,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 800,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 200,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "1 of 1",
            },
          ],
          "message": "c1 served 80% of 1,000 lookups from cache.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:c1",
          "resourceId": "c1",
          "resourceName": "c1",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "pass",
        },
      ]
    `);
    expect(runCheck(hitRate, snap([c], [], m('c1', 'CacheHits', [799]), m('c1', 'CacheMisses', [201]))))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Hit rate",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "CacheHits / (CacheHits + CacheMisses), Sum",
              "threshold": ">= 80",
              "unit": "Percent",
              "value": 79.9,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 799,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 201,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "1 of 1",
            },
          ],
          "message": "c1 served only 79.9% of 1,000 lookups from cache, below 80%.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:c1",
          "resourceId": "c1",
          "resourceName": "c1",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "fail",
        },
      ]
    `);
  });

  it('a replication group sums its members; a member without datapoints is not measured', () => {
    const members = [
      aCacheCluster({ cacheClusterId: 'g-001', replicationGroupId: 'g' }),
      aCacheCluster({ cacheClusterId: 'g-002', replicationGroupId: 'g' }),
      aCacheCluster({ cacheClusterId: 'old-member' }),
    ];
    const g = aReplicationGroup({
      replicationGroupId: 'g',
      memberClusters: ['g-001', 'old-member'],
      engine: undefined,
    });
    const r = runCheck(
      hitRate,
      snap(
        members,
        [g],
        m('g-001', 'CacheHits', [600]),
        m('g-001', 'CacheMisses', [100]),
        m('g-002', 'CacheHits', [300]),
        m('g-002', 'CacheMisses', [null]),
        m('old-member', 'CacheHits', [null]),
        m('old-member', 'CacheMisses', [null]),
      ),
    );
    expect(r).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Hit rate",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "CacheHits / (CacheHits + CacheMisses), Sum",
              "threshold": ">= 80",
              "unit": "Percent",
              "value": 90,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 900,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 100,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "2 of 3",
            },
          ],
          "message": "g served 90% of 1,000 lookups from cache.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:g",
          "resourceId": "g",
          "resourceName": "g",
          "resourceType": "AWS::ElastiCache::ReplicationGroup",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "0 of 1",
            },
          ],
          "message": "old-member: no CacheHits/CacheMisses datapoints in the window for its 1 cluster(s).",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:old-member",
          "resourceId": "old-member",
          "resourceName": "old-member",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "unknown",
        },
      ]
    `);
  });

  it('a serverless cache reads clusterId series; Memcached reads GetHits/GetMisses', () => {
    const sl = aReplicationGroup({ replicationGroupId: 'sl', serverless: true, engine: undefined });
    const mc = aCacheCluster({ cacheClusterId: 'mc', engine: 'Memcached' });
    const r = runCheck(
      hitRate,
      snap(
        [mc],
        [sl],
        serverlessM('sl', 'CacheHits', [950]),
        serverlessM('sl', 'CacheMisses', [50]),
        m('mc', 'GetHits', [500]),
        m('mc', 'GetMisses', [500]),
        m('mc', 'CacheHits', [1000]),
        m('mc', 'CacheMisses', [0]),
      ),
    );
    expect(r).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Hit rate",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "CacheHits / (CacheHits + CacheMisses), Sum",
              "threshold": ">= 80",
              "unit": "Percent",
              "value": 95,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 950,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 50,
              "window": "14 days, 1-day periods",
            },
          ],
          "message": "sl served 95% of 1,000 lookups from cache.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sl",
          "resourceId": "sl",
          "resourceName": "sl",
          "resourceType": "AWS::ElastiCache::ServerlessCache",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Hit rate",
              "metric": "AWS/ElastiCache/GetHits",
              "statistic": "GetHits / (GetHits + GetMisses), Sum",
              "threshold": ">= 80",
              "unit": "Percent",
              "value": 50,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "GetHits",
              "metric": "AWS/ElastiCache/GetHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 500,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "GetMisses",
              "metric": "AWS/ElastiCache/GetMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 500,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "1 of 1",
            },
          ],
          "message": "mc served only 50% of 1,000 lookups from cache, below 80%.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:mc",
          "resourceId": "mc",
          "resourceName": "mc",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "fail",
        },
      ]
    `);
  });

  it('unknown: no series, series without datapoints, fewer than 1,000 lookups (judged at exactly 1,000)', () => {
    const cs = ['none', 'empty', 'few', 'enough'].map((id) => aCacheCluster({ cacheClusterId: id }));
    const sl = aReplicationGroup({ replicationGroupId: 'sl', serverless: true });
    const r = runCheck(
      hitRate,
      snap(
        cs,
        [sl],
        m('none', 'CacheHits', [5]),
        m('empty', 'CacheHits', [null]),
        m('empty', 'CacheMisses', [null]),
        m('few', 'CacheHits', [900]),
        m('few', 'CacheMisses', [99]),
        m('enough', 'CacheHits', [900]),
        m('enough', 'CacheMisses', [100]),
      ),
    );
    expect(r).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
          ],
          "message": "sl: no CacheHits/CacheMisses series for this serverless cache.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sl",
          "resourceId": "sl",
          "resourceName": "sl",
          "resourceType": "AWS::ElastiCache::ServerlessCache",
          "status": "unknown",
        },
        {
          "evidence": [
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "0 of 1",
            },
          ],
          "message": "none: no CacheHits/CacheMisses series for its 1 cluster(s).",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:none",
          "resourceId": "none",
          "resourceName": "none",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "unknown",
        },
        {
          "evidence": [
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "0 of 1",
            },
          ],
          "message": "empty: no CacheHits/CacheMisses datapoints in the window for its 1 cluster(s).",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:empty",
          "resourceId": "empty",
          "resourceName": "empty",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "unknown",
        },
        {
          "evidence": [
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 900,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 99,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "1 of 1",
            },
          ],
          "message": "few: 999 lookups in the window, fewer than the 1,000 needed to judge the hit rate.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:few",
          "resourceId": "few",
          "resourceName": "few",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "unknown",
        },
        {
          "evidence": [
            {
              "label": "Hit rate",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "CacheHits / (CacheHits + CacheMisses), Sum",
              "threshold": ">= 80",
              "unit": "Percent",
              "value": 90,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheHits",
              "metric": "AWS/ElastiCache/CacheHits",
              "statistic": "Sum",
              "unit": "count",
              "value": 900,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "CacheMisses",
              "metric": "AWS/ElastiCache/CacheMisses",
              "statistic": "Sum",
              "unit": "count",
              "value": 100,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Member clusters measured",
              "value": "1 of 1",
            },
          ],
          "message": "enough served 90% of 1,000 lookups from cache.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:enough",
          "resourceId": "enough",
          "resourceName": "enough",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "pass",
        },
      ]
    `);
  });

  it('a sum missing from a summary with datapoints counts as 0', () => {
    const c = aCacheCluster({ cacheClusterId: 'c1' });
    const noSum: MetricSummary = { ...m('c1', 'CacheMisses', [5]), sum: undefined };
    const r = runCheck(hitRate, snap([c], [], m('c1', 'CacheHits', [1000]), noSum))[0];
    expect([r?.status, r?.evidence[0]?.value, r?.evidence[2]?.value]).toEqual(['pass', 100, 0]);
    const noHits: MetricSummary = { ...m('c1', 'CacheHits', [5]), sum: undefined };
    const f = runCheck(hitRate, snap([c], [], noHits, m('c1', 'CacheMisses', [1000])))[0];
    expect([f?.status, f?.evidence[0]?.value]).toEqual(['fail', 0]);
  });
});

describe('elasticache-node-current-generation (mutation kills)', () => {
  it('judges a group once, a standalone cluster alone, previous, current and unknown names', () => {
    const clusters = [
      aCacheCluster({
        cacheClusterId: 'g-001',
        replicationGroupId: 'g',
        nodeType: 'cache.m3.medium',
        numNodes: 1,
      }),
      aCacheCluster({
        cacheClusterId: 'g-002',
        replicationGroupId: 'g',
        nodeType: 'cache.m3.medium',
        numNodes: 2,
      }),
      aCacheCluster({
        cacheClusterId: 'orphan-001',
        replicationGroupId: 'orphan',
        nodeType: 'cache.r7g.large',
      }),
      aCacheCluster({ cacheClusterId: 'one', nodeType: 'cache.t1.micro', numNodes: 1 }),
      aCacheCluster({ cacheClusterId: 'cur', nodeType: 'cache.r6gd.xlarge' }),
      aCacheCluster({ cacheClusterId: 'odd', nodeType: 'r6g.large' }),
      aCacheCluster({ cacheClusterId: 'mixed', replicationGroupId: 'mix', nodeType: 'cache.r3.large' }),
      aCacheCluster({ cacheClusterId: 'mixed-2', replicationGroupId: 'mix', nodeType: 'weird' }),
    ];
    const groups = [
      aReplicationGroup({ replicationGroupId: 'g' }),
      aReplicationGroup({ replicationGroupId: 'mix' }),
    ];
    expect(runCheck(generation, snap(clusters, groups))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Node type",
              "source": "elasticache:DescribeCacheClusters; generation table checked 2026-12-05 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)",
              "threshold": "family not previous generation (cache.t1, cache.m1, cache.m3, cache.c1, cache.m2, cache.r3)",
              "value": "cache.m3.medium",
            },
            {
              "label": "Nodes",
              "unit": "count",
              "value": 3,
            },
          ],
          "message": "g runs 3 nodes of cache.m3.medium, a previous-generation type.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:g",
          "resourceId": "g",
          "resourceName": "g",
          "resourceType": "AWS::ElastiCache::ReplicationGroup",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Node type",
              "source": "elasticache:DescribeCacheClusters; generation table checked 2026-12-05 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)",
              "threshold": "family not previous generation (cache.t1, cache.m1, cache.m3, cache.c1, cache.m2, cache.r3)",
              "value": "cache.r7g.large",
            },
            {
              "label": "Nodes",
              "unit": "count",
              "value": 1,
            },
          ],
          "message": "orphan runs cache.r7g.large, a current-generation node type.",
          "resourceId": "orphan",
          "resourceName": "orphan",
          "resourceType": "AWS::ElastiCache::ReplicationGroup",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Node type",
              "source": "elasticache:DescribeCacheClusters; generation table checked 2026-12-05 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)",
              "threshold": "family not previous generation (cache.t1, cache.m1, cache.m3, cache.c1, cache.m2, cache.r3)",
              "value": "cache.t1.micro",
            },
            {
              "label": "Nodes",
              "unit": "count",
              "value": 1,
            },
          ],
          "message": "one runs 1 node of cache.t1.micro, a previous-generation type.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:one",
          "resourceId": "one",
          "resourceName": "one",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Node type",
              "source": "elasticache:DescribeCacheClusters; generation table checked 2026-12-05 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)",
              "threshold": "family not previous generation (cache.t1, cache.m1, cache.m3, cache.c1, cache.m2, cache.r3)",
              "value": "cache.r6gd.xlarge",
            },
            {
              "label": "Nodes",
              "unit": "count",
              "value": 1,
            },
          ],
          "message": "cur runs cache.r6gd.xlarge, a current-generation node type.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:cur",
          "resourceId": "cur",
          "resourceName": "cur",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Node type",
              "source": "elasticache:DescribeCacheClusters; generation table checked 2026-12-05 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)",
              "threshold": "family not previous generation (cache.t1, cache.m1, cache.m3, cache.c1, cache.m2, cache.r3)",
              "value": "r6g.large",
            },
            {
              "label": "Nodes",
              "unit": "count",
              "value": 1,
            },
          ],
          "message": "odd: node type r6g.large is not a recognised ElastiCache node type name.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:cluster:odd",
          "resourceId": "odd",
          "resourceName": "odd",
          "resourceType": "AWS::ElastiCache::CacheCluster",
          "status": "unknown",
        },
        {
          "evidence": [
            {
              "label": "Node type",
              "source": "elasticache:DescribeCacheClusters; generation table checked 2026-12-05 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)",
              "threshold": "family not previous generation (cache.t1, cache.m1, cache.m3, cache.c1, cache.m2, cache.r3)",
              "value": "cache.r3.large, weird",
            },
            {
              "label": "Nodes",
              "unit": "count",
              "value": 2,
            },
          ],
          "message": "mix runs 1 node of cache.r3.large (of its 2 nodes), a previous-generation type.",
          "resourceArn": "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:mix",
          "resourceId": "mix",
          "resourceName": "mix",
          "resourceType": "AWS::ElastiCache::ReplicationGroup",
          "status": "fail",
        },
      ]
    `);
  });

  it('lists several node types sorted and joined; one unknown name among current ones is unknown', () => {
    const c = (id: string, rg: string | undefined, nodeType: string) =>
      aCacheCluster({ cacheClusterId: id, ...(rg ? { replicationGroupId: rg } : {}), nodeType });
    const clusters = [
      c('o-1', 'old', 'cache.m3.medium'),
      c('o-2', 'old', 'cache.c1.xlarge'),
      c('u-1', 'unk', 'weird'),
      c('u-2', 'unk', 'odd.one'),
      c('p-1', 'cur', 'cache.r7g.large'),
      c('p-2', 'cur', 'cache.m7g.large'),
      c('m-1', 'mix', 'cache.r7g.large'),
      c('m-2', 'mix', 'bad'),
      c('x', undefined, 'cache.m3.medium.x'),
      c('y', undefined, 'xcache.m3.medium'),
    ];
    const r = runCheck(generation, snap(clusters, []));
    expect(r.map((x) => [x.resourceId, x.status, x.message])).toEqual([
      ['old', 'fail', 'old runs 2 nodes of cache.c1.xlarge, cache.m3.medium, previous-generation types.'],
      ['unk', 'unknown', 'unk: node type odd.one, weird is not a recognised ElastiCache node type name.'],
      ['cur', 'pass', 'cur runs cache.m7g.large, cache.r7g.large, current-generation node types.'],
      [
        'mix',
        'unknown',
        'mix: node type bad, cache.r7g.large is not a recognised ElastiCache node type name.',
      ],
      ['x', 'unknown', 'x: node type cache.m3.medium.x is not a recognised ElastiCache node type name.'],
      ['y', 'unknown', 'y: node type xcache.m3.medium is not a recognised ElastiCache node type name.'],
    ]);
  });
});

describe('elasticache-cluster-cache-hit-rate-high (more mutation kills)', () => {
  it("a group without an engine takes its members' engine (Memcached names); a group without members has none", () => {
    const mc = aCacheCluster({ cacheClusterId: 'mc-1', replicationGroupId: 'mcg', engine: 'memcached' });
    const lone = aCacheCluster({ cacheClusterId: 'lone' });
    const groups = [
      aReplicationGroup({ replicationGroupId: 'mcg', engine: undefined, memberClusters: [] }),
      aReplicationGroup({ replicationGroupId: 'empty', engine: undefined, memberClusters: [] }),
    ];
    const r = runCheck(
      hitRate,
      snap(
        [mc, lone],
        groups,
        m('mc-1', 'GetHits', [900]),
        m('mc-1', 'GetMisses', [100]),
        m('lone', 'CacheHits', [1]),
        m('lone', 'CacheMisses', [1]),
      ),
    );
    expect(r.map((x) => [x.resourceId, x.status, x.message])).toEqual([
      ['mcg', 'pass', 'mcg served 90% of 1,000 lookups from cache.'],
      ['empty', 'unknown', 'empty: no CacheHits/CacheMisses series for its 0 cluster(s).'],
      [
        'lone',
        'unknown',
        'lone: 2 lookups in the window, fewer than the 1,000 needed to judge the hit rate.',
      ],
    ]);
    expect(r[0]?.evidence.map((e) => e.label)).toEqual([
      'Hit rate',
      'GetHits',
      'GetMisses',
      'Member clusters measured',
    ]);
  });

  it('with no lookup minimum, a cache without datapoints is still unknown', () => {
    const c = aCacheCluster({ cacheClusterId: 'c1' });
    const r = runCheck(hitRate, snap([c], [], m('c1', 'CacheHits', [null]), m('c1', 'CacheMisses', [null])), {
      minLookups: 0,
    });
    expect(r[0]?.status).toBe('unknown');
  });
});
