/**
 * The release radar offers an ElastiCache cluster a Graviton node type only on an engine version Graviton nodes
 * run (Redis OSS 5.0.6+, Memcached 1.5.16+, any Valkey: ElastiCache API reference, CacheNode), the rule the scan's
 * estimate applies (gravitonAllowed, lib/pricing/facts.ts). An older, unknown or unparsable version gets no
 * Graviton move (the x86 current-generation move stays); the engine version travels from the scan's clusters
 * (estateOf) to the move.
 */
import { describe, expect, it } from 'vitest';
import { estateOf } from '#lib/collect/offerings.js';
import { emptyEstate, type EstateInventory, type Snapshot } from '#lib/model/index.js';
import { compareRegion, resourcesThatCouldMove, type RegionBaseline } from '#lib/radar/compare.js';

type CacheGroup = EstateInventory['elasticache'][number];

/** One cluster group on cache.m5.large; AWS newly offers cache.m7g.large (Graviton) and cache.m7i.large (x86). */
function movesFor(groups: Omit<CacheGroup, 'count' | 'ids'>[]) {
  const estate = emptyEstate();
  estate.elasticache = groups.map((g, i) => ({ ...g, count: 2, ids: [`c${i}`] }));
  const seen = ['cache.m5.large', 'cache.r5.large'];
  const baseline: RegionBaseline = {
    region: 'eu-west-1',
    elasticache: new Map([
      ['redis', new Set(seen)],
      ['memcached', new Set(seen)],
      ['valkey', new Set(seen)],
    ]),
    estates: [{ accountId: '111122223333', scanId: 's1', collectedAt: '2026-12-01T00:00:00Z', estate }],
  };
  const fresh = [...seen, 'cache.m7g.large', 'cache.m7i.large'];
  return compareRegion(baseline, {
    region: 'eu-west-1',
    elasticache: { redis: fresh, memcached: fresh, valkey: fresh },
    gaps: [],
    apiCalls: 1,
  }).moves;
}

const targets = (engine: string, engineVersion?: string) =>
  movesFor([
    { nodeType: 'cache.m5.large', engine, ...(engineVersion !== undefined ? { engineVersion } : {}) },
  ])
    .map((m) => `${m.kind}:${m.to}`)
    .sort();

const BOTH = ['generation:cache.m7i.large', 'graviton:cache.m7g.large'];
const X86 = ['generation:cache.m7i.large'];

describe('radar Graviton moves for ElastiCache need a Graviton-capable engine version', () => {
  it('Redis OSS before 5.0.6: no Graviton move, the x86 one stays', () => {
    expect(targets('redis', '4.0.10')).toEqual(X86);
    expect(targets('redis', '5.0.5')).toEqual(X86);
    expect(targets('redis', '3.2.6')).toEqual(X86);
  });

  it('Redis OSS 5.0.6 exactly and later: the Graviton move', () => {
    expect(targets('redis', '5.0.6')).toEqual(BOTH);
    expect(targets('redis', '6.2.6')).toEqual(BOTH);
    expect(targets('redis', '7.1.0')).toEqual(BOTH);
  });

  it('Memcached before 1.5.16: none; 1.5.16 exactly and later: the Graviton move', () => {
    expect(targets('memcached', '1.4.34')).toEqual(X86);
    expect(targets('memcached', '1.5.10')).toEqual(X86);
    expect(targets('memcached', '1.5.16')).toEqual(BOTH);
    expect(targets('memcached', '1.6.22')).toEqual(BOTH);
  });

  it('Valkey: every version, even one the scan did not read', () => {
    expect(targets('valkey', '7.2')).toEqual(BOTH);
    expect(targets('valkey', '8.0.1')).toEqual(BOTH);
    expect(targets('valkey')).toEqual(BOTH);
  });

  it('an unknown or unparsable version is never claimed eligible', () => {
    expect(targets('redis')).toEqual(X86);
    expect(targets('memcached')).toEqual(X86);
    expect(targets('redis', 'latest')).toEqual(X86);
    expect(targets('redis', '')).toEqual(X86);
    expect(targets('memcached', '1.5.x')).toEqual(X86);
  });

  it('a cluster already on Graviton still moves to a newer Graviton generation', () => {
    const moves = movesFor([{ nodeType: 'cache.m6g.large', engine: 'redis', engineVersion: '6.2.6' }]);
    expect(moves.map((m) => `${m.kind}:${m.to}`)).toEqual(['generation:cache.m7g.large']);
  });

  it('groups of the same node type on different versions are moved and counted apart', () => {
    const moves = movesFor([
      { nodeType: 'cache.m5.large', engine: 'redis', engineVersion: '4.0.10' },
      { nodeType: 'cache.m5.large', engine: 'redis', engineVersion: '6.2.6' },
    ]);
    expect(moves.map((m) => `${m.engineVersion} ${m.kind}:${m.to} ${m.ids.join()}`).sort()).toEqual([
      '4.0.10 generation:cache.m7i.large c0',
      '6.2.6 generation:cache.m7i.large c1',
      '6.2.6 graviton:cache.m7g.large c1',
    ]);
    expect(resourcesThatCouldMove(moves)).toBe(4); // 2 nodes in each group
  });

  it("the estate carries each cluster's engine version (grouped by it)", () => {
    const cluster = (id: string, engineVersion?: string) => ({
      cacheClusterId: id,
      arn: `arn:aws:elasticache:eu-west-1:111122223333:cluster:${id}`,
      engine: 'redis',
      ...(engineVersion ? { engineVersion } : {}),
      nodeType: 'cache.m5.large',
      numNodes: 1,
    });
    const snapshot = {
      region: 'eu-west-1',
      elasticache: {
        clusters: [cluster('a', '4.0.10'), cluster('b', '6.2.6'), cluster('c', '6.2.6'), cluster('d')],
      },
    } as unknown as Snapshot;
    expect(estateOf(snapshot).elasticache).toEqual([
      { nodeType: 'cache.m5.large', engine: 'redis', count: 1, ids: ['d'] },
      { nodeType: 'cache.m5.large', engine: 'redis', engineVersion: '4.0.10', count: 1, ids: ['a'] },
      { nodeType: 'cache.m5.large', engine: 'redis', engineVersion: '6.2.6', count: 2, ids: ['b', 'c'] },
    ]);
  });
});

describe('radar RDS groups of one class on different engine versions', () => {
  it('are moved and counted apart (the estate groups them by version)', () => {
    const estate = emptyEstate();
    estate.rds = [
      { cls: 'db.m5.large', engine: 'mysql', engineVersion: '8.0.35', multiAz: false, count: 3, ids: ['a'] },
      { cls: 'db.m5.large', engine: 'mysql', engineVersion: '8.0.39', multiAz: false, count: 2, ids: ['b'] },
    ];
    const moves = compareRegion(
      {
        region: 'eu-west-1',
        rds: new Map([
          ['mysql', { versions: new Set(['8.0.35', '8.0.39']), classes: new Set(['db.m5.large']) }],
        ]),
        estates: [{ accountId: '111122223333', scanId: 's1', collectedAt: '2026-12-01T00:00:00Z', estate }],
      },
      { region: 'eu-west-1', rds: { mysql: ['db.m5.large', 'db.m8g.large'] }, gaps: [], apiCalls: 1 },
    ).moves;
    expect(moves.map((m) => `${m.engineVersion} ${m.to} ${m.count}`)).toEqual([
      '8.0.35 db.m8g.large 3',
      '8.0.39 db.m8g.large 2',
    ]);
    expect(resourcesThatCouldMove(moves)).toBe(5);
  });
});
