import { describe, expect, it } from 'vitest';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { elasticacheSimState } from '#lib/sim/elasticache.js';
import { iamActionFor } from '#lib/collect/iam.js';
import {
  ELASTICACHE_PAGE_SIZE,
  SERVERLESS_PAGE_SIZE,
  elasticacheCollector,
} from '#lib/collect/elasticache.js';
import { metricKey, type ElastiCacheSlice } from '#lib/model/index.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';

const REGION = 'eu-west-1';

async function collect(account: SimAccount, region = REGION) {
  const ctx = simCollectorContext(account, region);
  const out = await elasticacheCollector.collect(ctx);
  return { ctx, ec: out.elasticache as ElastiCacheSlice };
}

describe('elasticacheCollector over the simulated account', () => {
  it('normalizes clusters, replication groups and serverless caches', async () => {
    const account = createSimulatedAccount();
    const { ec, ctx } = await collect(account);
    expect(ctx.gaps).toEqual([]);

    expect(ec.clusters.find((c) => c.cacheClusterId === 'catalog-cache')).toEqual({
      cacheClusterId: 'catalog-cache',
      arn: `arn:aws:elasticache:${REGION}:${account.accountId}:cluster:catalog-cache`,
      engine: 'memcached',
      engineVersion: '1.6.22',
      nodeType: 'cache.m5.large',
      numNodes: 3,
      status: 'available',
    });
    expect(ec.clusters.find((c) => c.cacheClusterId === 'sessions-001')).toMatchObject({
      engine: 'redis',
      replicationGroupId: 'sessions',
      numNodes: 1,
    });

    expect(ec.replicationGroups.find((g) => g.replicationGroupId === 'sessions')).toEqual({
      replicationGroupId: 'sessions',
      arn: `arn:aws:elasticache:${REGION}:${account.accountId}:replicationgroup:sessions`,
      engine: 'redis',
      memberClusters: ['sessions-001', 'sessions-002'],
      clusterMode: 'disabled',
      automaticFailover: 'enabled',
      serverless: false,
    });
    expect(ec.replicationGroups.find((g) => g.replicationGroupId === 'leaderboard')).toMatchObject({
      engine: 'valkey',
      clusterMode: 'enabled',
    });
    expect(ec.replicationGroups.find((g) => g.replicationGroupId === 'api-cache')).toMatchObject({
      serverless: true,
      engine: 'valkey',
      memberClusters: [],
    });

    const list = account.callsTo('DescribeCacheClustersCommand');
    expect(
      list.every((c) => c.input.ShowCacheNodeInfo === false && c.input.MaxRecords === ELASTICACHE_PAGE_SIZE),
    ).toBe(true);
    expect(
      account
        .callsTo('DescribeServerlessCachesCommand')
        .every((c) => c.input.MaxResults === SERVERLESS_PAGE_SIZE),
    ).toBe(true);
    expect(new Set(account.calls.map((c) => iamActionFor(c.clientName, c.commandName)))).toEqual(
      new Set(elasticacheCollector.iamActions),
    );
  });

  it('queues hit and CPU series per cluster (engine CPU for Redis/Valkey only) and hits for serverless caches', async () => {
    const account = createSimulatedAccount();
    const { ec, ctx } = await collect(account);
    const keys = new Set(ctx.requested.map((r) => metricKey(r)));
    const k = (metricName: string, id: string, stat: string, period: number, dim = 'CacheClusterId') =>
      metricKey({
        namespace: 'AWS/ElastiCache',
        metricName,
        dimensions: { [dim]: id },
        stat,
        periodSeconds: period,
      });

    // Memcached publishes GetHits/GetMisses; CacheHits/CacheMisses are Valkey/Redis OSS names.
    expect(keys).toContain(k('GetHits', 'catalog-cache', 'Sum', 86_400));
    expect(keys).toContain(k('GetMisses', 'catalog-cache', 'Sum', 86_400));
    expect(keys).not.toContain(k('CacheHits', 'catalog-cache', 'Sum', 86_400));
    expect(keys).toContain(k('CacheHits', 'sessions-001', 'Sum', 86_400));
    expect(keys).toContain(k('CacheMisses', 'sessions-001', 'Sum', 86_400));
    expect(keys).toContain(k('CPUUtilization', 'catalog-cache', 'Average', 3600));
    expect(keys).not.toContain(k('EngineCPUUtilization', 'catalog-cache', 'Average', 3600));
    expect(keys).toContain(k('EngineCPUUtilization', 'sessions-001', 'Average', 3600));
    expect(keys).toContain(k('CacheHits', 'api-cache', 'Sum', 86_400, 'clusterId'));
    expect(keys).toContain(k('CacheMisses', 'api-cache', 'Sum', 86_400, 'clusterId'));
    expect(keys).toContain(k('GetHits', 'page-cache', 'Sum', 86_400, 'clusterId'));
    expect(keys).toContain(k('GetMisses', 'page-cache', 'Sum', 86_400, 'clusterId'));

    const memcached = ec.clusters.filter((c) => c.engine === 'memcached').length;
    const serverless = ec.replicationGroups.filter((g) => g.serverless).length;
    expect(ctx.requested).toHaveLength(ec.clusters.length * 4 - memcached + serverless * 2);
  });

  it('pages at 100: calls grow with ceil(N / 100)', async () => {
    const account = createSimulatedAccount({ scale: 50 });
    const { ec } = await collect(account);
    const n = ec.clusters.length;
    expect(n).toBe(elasticacheSimState(account, REGION).cacheClusters.length);
    expect(n).toBeGreaterThan(200);
    expect(account.callsTo('DescribeCacheClustersCommand')).toHaveLength(
      Math.ceil(n / ELASTICACHE_PAGE_SIZE),
    );
    expect(account.callsTo('DescribeReplicationGroupsCommand')).toHaveLength(1);
  });

  it('records AccessDenied as gaps; a denied serverless list does not hide replication groups', async () => {
    const account = createSimulatedAccount({
      faults: [
        { commandName: 'DescribeCacheClustersCommand', kind: 'accessDenied', times: Infinity },
        { commandName: 'DescribeServerlessCachesCommand', kind: 'accessDenied', times: Infinity },
      ],
    });
    const { ec, ctx } = await collect(account);
    expect(ctx.gaps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          slice: 'elasticache.clusters',
          code: 'AccessDenied',
          action: 'elasticache:DescribeCacheClusters',
        }),
        expect.objectContaining({ slice: 'elasticache.replicationGroups.serverless', code: 'AccessDenied' }),
      ]),
    );
    expect(ctx.gaps).toHaveLength(2);
    expect(ec.clusters).toEqual([]);
    expect(ec.replicationGroups.length).toBeGreaterThan(0);
    expect(ctx.requested).toEqual([]);
  });

  it('is empty in a quiet region', async () => {
    const { ec, ctx } = await collect(createSimulatedAccount(), 'eu-central-1');
    expect(ec).toEqual({ clusters: [], replicationGroups: [] });
    expect(ctx.requested).toEqual([]);
  });
});
