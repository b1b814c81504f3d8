import { describe, expect, it } from 'vitest';
import {
  DescribeCacheClustersCommand,
  ElastiCacheClient,
  type DescribeCacheClustersCommandOutput,
} from '@aws-sdk/client-elasticache';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { elasticacheSimState } from '#lib/sim/elasticache.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

const REGION = 'eu-west-1';
const sum = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

function daily(account: SimAccount, id: string, metricName: string, dim = 'CacheClusterId') {
  const end = account.options.now;
  return account.metricValues(
    {
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensions: { [dim]: id },
      stat: 'Sum',
      periodSeconds: 86_400,
      start: new Date(end.getTime() - 14 * 86_400_000),
      end,
    },
    REGION,
  );
}
const hitRate = (
  account: SimAccount,
  id: string,
  dim?: string,
  [hit, miss] = ['CacheHits', 'CacheMisses'],
) => {
  const hits = sum(daily(account, id, hit, dim));
  return (100 * hits) / (hits + sum(daily(account, id, miss, dim)));
};
const GET: [string, string] = ['GetHits', 'GetMisses'];

describe('ElastiCache simulator', () => {
  it('publishes good, bad and missing hit rates', () => {
    const account = createSimulatedAccount();
    expect(hitRate(account, 'sessions-001')).toBeCloseTo(95, 0);
    const catalog = hitRate(account, 'catalog-cache', undefined, GET);
    expect(catalog).toBeGreaterThan(53);
    expect(catalog).toBeLessThan(57);
    expect(hitRate(account, 'api-cache', 'clusterId')).toBeCloseTo(91, 0);
    expect(hitRate(account, 'page-cache', 'clusterId', GET)).toBeCloseTo(88, 0);
    expect(daily(account, 'leaderboard-0001-001', 'CacheHits')).toEqual([]);
    expect(daily(account, 'sessions-001', 'CacheHits')).toHaveLength(14);
  });

  it("publishes each engine's own hit metric names: GetHits/GetMisses for Memcached only", () => {
    const account = createSimulatedAccount();
    expect(daily(account, 'catalog-cache', 'CacheHits')).toEqual([]);
    expect(daily(account, 'catalog-cache', 'GetMisses')).toHaveLength(14);
    expect(daily(account, 'sessions-001', 'GetHits')).toEqual([]);
    expect(daily(account, 'page-cache', 'CacheHits', 'clusterId')).toEqual([]);
    // Serverless caches answer under clusterId only.
    expect(daily(account, 'api-cache', 'CacheHits')).toEqual([]);
  });

  it('answers DescribeCacheClusters in the SDK shape, node details only on request, 100 per page at most', async () => {
    const account = createSimulatedAccount();
    const client = simClientFactory(account, REGION).get(ElastiCacheClient);
    const out: DescribeCacheClustersCommandOutput = await client.send(
      new DescribeCacheClustersCommand({ MaxRecords: 100, ShowCacheNodeInfo: false }),
    );
    expect(out.CacheClusters).toHaveLength(elasticacheSimState(account, REGION).cacheClusters.length);
    expect(out.CacheClusters?.[0]?.CacheNodes).toBeUndefined();
    const nodes = await client.send(
      new DescribeCacheClustersCommand({ CacheClusterId: 'catalog-cache', ShowCacheNodeInfo: true }),
    );
    expect(nodes.CacheClusters?.[0]?.CacheNodes).toHaveLength(3);
    await expect(client.send(new DescribeCacheClustersCommand({ MaxRecords: 101 }))).rejects.toThrow(
      /MaxRecords/,
    );
  });

  it('is empty in quiet regions and grows with scale', () => {
    expect(elasticacheSimState(createSimulatedAccount(), 'eu-central-1').cacheClusters).toEqual([]);
    const base = elasticacheSimState(createSimulatedAccount(), REGION).cacheClusters.length;
    expect(elasticacheSimState(createSimulatedAccount({ scale: 3 }), REGION).cacheClusters.length).toBe(
      base + 10,
    );
  });
});
