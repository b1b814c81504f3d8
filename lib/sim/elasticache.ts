/**
 * Simulated Amazon ElastiCache: cache clusters, replication groups, serverless caches and their
 * AWS/ElastiCache metrics (per cache cluster, dimension CacheClusterId; serverless caches: clusterId).
 * Hit and miss counts follow the engine: CacheHits/CacheMisses for Valkey and Redis OSS, GetHits/GetMisses
 * for Memcached; the other engine's names have no data.
 *
 * Busy regions hold:
 * - replication group `sessions` (Redis OSS, primary + replica, automatic failover): hit rate ~95% (good);
 * - memcached cluster `catalog-cache` (3 nodes): hit rate ~55% (bad);
 * - replication group `leaderboard` (Valkey, cluster mode, 2 shards x 2 nodes): no CacheHits/CacheMisses data;
 * - standalone Redis OSS cluster `legacy-redis` on cache.m3.medium (previous generation): hit rate ~82%;
 * - serverless cache `api-cache` (Valkey): hit rate ~91%;
 * - serverless cache `page-cache` (Memcached): hit rate ~88%.
 * `account.options.scale` > 1 adds single-node filler clusters.
 */
import type {
  CacheCluster,
  CacheClusterMessage,
  DescribeServerlessCachesResponse,
  ReplicationGroup,
  ReplicationGroupMessage,
  ServerlessCache,
} from '@aws-sdk/client-elasticache';
import {
  awsError,
  MARKER_PAGE,
  paginate,
  type SimAccount,
  type SimMetricQuery,
  type SimRng,
  type SimServiceModule,
} from './core.js';
import { perPeriod, shapedSeries } from './patterns.js';
import { addedNames, newFamiliesIn } from './offerings.js';

/**
 * Node types with a reserved-node offering (one per product, term and payment option), after the ElastiCache
 * supported node types page: previous generation m3 and current t3/t4g/m5/m6g/m7g/r5/r6g/r7g.
 */
const CACHE_NODE_TYPES = [
  'cache.m3.medium',
  'cache.m3.large',
  ...['t3', 't4g'].flatMap((f) => ['micro', 'small', 'medium'].map((s) => `cache.${f}.${s}`)),
  ...['m5', 'm6g', 'm7g', 'r5', 'r6g', 'r7g'].flatMap((f) =>
    ['large', 'xlarge', '2xlarge'].map((s) => `cache.${f}.${s}`),
  ),
];
const CACHE_PRODUCTS = ['memcached', 'redis', 'valkey'];
const CACHE_DURATIONS = [31_536_000, 94_608_000];
const CACHE_OFFERING_TYPES = ['No Upfront', 'Partial Upfront', 'All Upfront'];

export interface ElastiCacheSimTraffic {
  /** Decides the hit/miss metric names (GetHits/GetMisses for Memcached). */
  engine: 'redis' | 'valkey' | 'memcached';
  /** Serverless caches publish under `clusterId`, node-based clusters under `CacheClusterId`. */
  serverless?: boolean;
  /** Get requests per hour (hits + misses). */
  getsPerHour: number;
  /** Hit rate in %; undefined = the cache publishes no CacheHits/CacheMisses data. */
  hitRate?: number;
  cpu: number;
  engineCpu?: number;
}

export interface ElastiCacheSimState {
  cacheClusters: CacheCluster[];
  replicationGroups: ReplicationGroup[];
  serverlessCaches: ServerlessCache[];
  /** Keyed by CacheClusterId, or by serverless cache name. */
  traffic: Record<string, ElastiCacheSimTraffic>;
}

const hex = (rng: SimRng, n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');

function build(account: SimAccount, region: string, rng: SimRng): ElastiCacheSimState {
  const st: ElastiCacheSimState = {
    cacheClusters: [],
    replicationGroups: [],
    serverlessCaches: [],
    traffic: {},
  };
  if (!account.isBusy(region)) return st;
  const acct = account.accountId;
  const now = account.options.now.getTime();
  const suffix = hex(rng, 6);
  const host = (id: string) => `${id}.${suffix}.0001.${region.replace(/-/g, '')}.cache.amazonaws.com`;

  const cluster = (
    id: string,
    engine: 'redis' | 'valkey' | 'memcached',
    version: string,
    nodeType: string,
    nodes: number,
    traffic: Omit<ElastiCacheSimTraffic, 'engine'>,
    rgId?: string,
  ): CacheCluster => {
    const c: CacheCluster = {
      CacheClusterId: id,
      ...(engine === 'memcached'
        ? {
            ConfigurationEndpoint: {
              Address: `${id}.${suffix}.cfg.${region.replace(/-/g, '')}.cache.amazonaws.com`,
              Port: 11211,
            },
          }
        : {}),
      ClientDownloadLandingPage: 'https://console.aws.amazon.com/elasticache/home#client-download:',
      CacheNodeType: nodeType,
      Engine: engine,
      EngineVersion: version,
      CacheClusterStatus: 'available',
      NumCacheNodes: nodes,
      PreferredAvailabilityZone:
        engine === 'memcached' && nodes > 1 ? 'Multiple' : `${region}${rng.pick(['a', 'b', 'c'])}`,
      CacheClusterCreateTime: new Date(now - rng.int(30, 700) * 86_400_000),
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      PendingModifiedValues: {},
      CacheSecurityGroups: [],
      CacheParameterGroup: {
        CacheParameterGroupName:
          engine === 'memcached'
            ? 'default.memcached1.6'
            : engine === 'valkey'
              ? 'default.valkey8'
              : `default.redis${version.split('.')[0]}`,
        ParameterApplyStatus: 'in-sync',
        CacheNodeIdsToReboot: [],
      },
      CacheSubnetGroupName: 'app-prod-cache',
      AutoMinorVersionUpgrade: true,
      SecurityGroups: [{ SecurityGroupId: `sg-${hex(rng, 17)}`, Status: 'active' }],
      ...(rgId ? { ReplicationGroupId: rgId } : {}),
      SnapshotRetentionLimit: engine === 'memcached' ? 0 : 1,
      AuthTokenEnabled: false,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      ARN: `arn:aws:elasticache:${region}:${acct}:cluster:${id}`,
      ReplicationGroupLogDeliveryEnabled: false,
      LogDeliveryConfigurations: [],
      NetworkType: 'ipv4',
      IpDiscovery: 'ipv4',
    };
    st.cacheClusters.push(c);
    st.traffic[id] = { engine, ...traffic };
    return c;
  };

  const replicationGroup = (
    id: string,
    engine: 'redis' | 'valkey',
    version: string,
    nodeType: string,
    shards: number,
    perShard: number,
    traffic: (member: string, primary: boolean) => Omit<ElastiCacheSimTraffic, 'engine'>,
  ): void => {
    const clusterMode = shards > 1;
    const members: string[] = [];
    const nodeGroups = Array.from({ length: shards }, (_, s) => {
      const ngId = String(s + 1).padStart(4, '0');
      const groupMembers = Array.from({ length: perShard }, (_, n) => {
        const member = clusterMode
          ? `${id}-${ngId}-${String(n + 1).padStart(3, '0')}`
          : `${id}-${String(n + 1).padStart(3, '0')}`;
        members.push(member);
        cluster(member, engine, version, nodeType, 1, traffic(member, n === 0), id);
        return {
          CacheClusterId: member,
          CacheNodeId: '0001',
          ...(clusterMode ? {} : { ReadEndpoint: { Address: host(member), Port: 6379 } }),
          PreferredAvailabilityZone: `${region}${['a', 'b', 'c'][n % 3]}`,
          ...(clusterMode ? {} : { CurrentRole: n === 0 ? 'primary' : 'replica' }),
        };
      });
      return {
        NodeGroupId: ngId,
        Status: 'available',
        ...(clusterMode
          ? { Slots: s === 0 ? '0-8191' : '8192-16383' }
          : {
              PrimaryEndpoint: {
                Address: `master.${id}.${suffix}.${region.replace(/-/g, '')}.cache.amazonaws.com`,
                Port: 6379,
              },
            }),
        NodeGroupMembers: groupMembers,
      };
    });
    st.replicationGroups.push({
      ReplicationGroupId: id,
      Description: `${id} (simulated)`,
      GlobalReplicationGroupInfo: {},
      Status: 'available',
      PendingModifiedValues: {},
      MemberClusters: members,
      NodeGroups: nodeGroups,
      AutomaticFailover: perShard > 1 ? 'enabled' : 'disabled',
      MultiAZ: perShard > 1 ? 'enabled' : 'disabled',
      ...(clusterMode
        ? {
            ConfigurationEndpoint: {
              Address: `clustercfg.${id}.${suffix}.${region.replace(/-/g, '')}.cache.amazonaws.com`,
              Port: 6379,
            },
          }
        : {}),
      SnapshotRetentionLimit: 1,
      SnapshotWindow: '03:00-04:00',
      ClusterEnabled: clusterMode,
      CacheNodeType: nodeType,
      AuthTokenEnabled: false,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      MemberClustersOutpostArns: [],
      ARN: `arn:aws:elasticache:${region}:${acct}:replicationgroup:${id}`,
      UserGroupIds: [],
      LogDeliveryConfigurations: [],
      ReplicationGroupCreateTime: new Date(now - 300 * 86_400_000),
      DataTiering: 'disabled',
      AutoMinorVersionUpgrade: true,
      NetworkType: 'ipv4',
      IpDiscovery: 'ipv4',
      TransitEncryptionMode: 'required',
      ClusterMode: clusterMode ? 'enabled' : 'disabled',
      Engine: engine,
    });
  };

  replicationGroup('sessions', 'redis', '7.1.0', 'cache.r6g.large', 1, 2, (_m, primary) => ({
    getsPerHour: primary ? 1_800_000 : 600_000,
    hitRate: primary ? 95 : 95.5,
    cpu: primary ? 18 : 9,
    engineCpu: primary ? 24 : 11,
  }));
  cluster('catalog-cache', 'memcached', '1.6.22', 'cache.m5.large', 3, {
    getsPerHour: 900_000,
    hitRate: 55,
    cpu: 14,
  });
  replicationGroup('leaderboard', 'valkey', '8.0.1', 'cache.m6g.large', 2, 2, () => ({
    getsPerHour: 0,
    cpu: 4,
    engineCpu: 2,
  }));
  // A previous-generation node type (cache.m3): elasticache-node-current-generation fails it.
  cluster('legacy-redis', 'redis', '5.0.6', 'cache.m3.medium', 1, {
    getsPerHour: 120_000,
    hitRate: 82,
    cpu: 21,
    engineCpu: 12,
  });

  const serverless = (
    name: string,
    engine: 'valkey' | 'memcached',
    description: string,
    traffic: Omit<ElastiCacheSimTraffic, 'engine'>,
  ): void => {
    const major = engine === 'memcached' ? '1.6' : '8';
    const port = engine === 'memcached' ? 11211 : 6379;
    const endpoint = `${name}-${suffix}.serverless.${region.replace(/-/g, '')}.cache.amazonaws.com`;
    st.serverlessCaches.push({
      ServerlessCacheName: name,
      Description: description,
      CreateTime: new Date(now - 90 * 86_400_000),
      Status: 'available',
      Engine: engine,
      MajorEngineVersion: major,
      FullEngineVersion: engine === 'memcached' ? '1.6.22' : '8.0',
      CacheUsageLimits: { DataStorage: { Maximum: 10, Unit: 'GB' }, ECPUPerSecond: { Maximum: 50000 } },
      SecurityGroupIds: [`sg-${hex(rng, 17)}`],
      Endpoint: { Address: endpoint, Port: port },
      // Memcached serverless caches have no reader endpoint.
      ...(engine === 'memcached' ? {} : { ReaderEndpoint: { Address: endpoint, Port: port + 1 } }),
      ARN: `arn:aws:elasticache:${region}:${acct}:serverlesscache:${name}`,
      SubnetIds: [],
      ...(engine === 'memcached' ? {} : { SnapshotRetentionLimit: 0, DailySnapshotTime: '04:00' }),
      NetworkType: 'ipv4',
    });
    st.traffic[name] = { engine, serverless: true, ...traffic };
  };
  serverless('api-cache', 'valkey', 'API response cache', { getsPerHour: 400_000, hitRate: 91, cpu: 0 });
  serverless('page-cache', 'memcached', 'Rendered page fragments', {
    getsPerHour: 150_000,
    hitRate: 88,
    cpu: 0,
  });

  const extra = Math.max(0, Math.round(5 * (account.options.scale - 1)));
  for (let i = 0; i < extra; i++) {
    const memcached = i % 3 === 0;
    cluster(
      `cache-${String(i + 1).padStart(4, '0')}`,
      memcached ? 'memcached' : 'redis',
      memcached ? '1.6.22' : '7.1.0',
      rng.pick(['cache.t4g.medium', 'cache.m6g.large', 'cache.r6g.large']),
      1,
      {
        getsPerHour: rng.int(1_000, 200_000),
        hitRate: rng.int(50, 99),
        cpu: rng.int(3, 40),
        ...(memcached ? {} : { engineCpu: rng.int(3, 40) }),
      },
    );
  }
  return st;
}

export function elasticacheSimState(account: SimAccount, region: string): ElastiCacheSimState {
  return account.memo(`elasticache:${region}`, (rng) => build(account, region, rng));
}

export const elasticacheSim: SimServiceModule = {
  clientName: 'ElastiCacheClient',
  handlers: {
    DescribeCacheClustersCommand(input, { account, region }) {
      let all = elasticacheSimState(account, region).cacheClusters;
      if (input.CacheClusterId) {
        all = all.filter((c) => c.CacheClusterId === input.CacheClusterId);
        if (all.length === 0)
          throw awsError('CacheClusterNotFound', `CacheCluster not found: ${input.CacheClusterId}`, 404);
      }
      // Node details only when asked (ShowCacheNodeInfo), as the API does.
      const items = input.ShowCacheNodeInfo
        ? all.map((c) => ({
            ...c,
            CacheNodes: Array.from({ length: c.NumCacheNodes ?? 1 }, (_, n) => ({
              CacheNodeId: String(n + 1).padStart(4, '0'),
              CacheNodeStatus: 'available',
              CacheNodeCreateTime: c.CacheClusterCreateTime,
              ParameterGroupStatus: 'in-sync',
            })),
          }))
        : all;
      const { page, nextToken } = paginate(items, input, MARKER_PAGE);
      const out: CacheClusterMessage = { CacheClusters: page, Marker: nextToken };
      return out as Record<string, unknown>;
    },
    DescribeReservedCacheNodesOfferingsCommand(input, { account, region }) {
      const families = newFamiliesIn(account, region, 'elasticache');
      const types = [
        ...CACHE_NODE_TYPES,
        ...addedNames(CACHE_NODE_TYPES, families, 'cache.').map(([n]) => n),
      ];
      // Duration filter: years (1 | 3) or seconds, as the API reference documents.
      const d = input.Duration as string | undefined;
      const seconds = d === undefined ? undefined : Number(d) < 100 ? Number(d) * 31_536_000 : Number(d);
      const all = types
        .flatMap((t) =>
          CACHE_PRODUCTS.flatMap((p) =>
            CACHE_DURATIONS.flatMap((dur) =>
              CACHE_OFFERING_TYPES.map((o) => ({
                ReservedCacheNodesOfferingId: `${t}-${p}-${dur}-${o}`.replace(/\W+/g, '-'),
                CacheNodeType: t,
                Duration: dur,
                ProductDescription: p,
                OfferingType: o,
              })),
            ),
          ),
        )
        .filter(
          (x) =>
            (input.CacheNodeType === undefined || x.CacheNodeType === input.CacheNodeType) &&
            (seconds === undefined || x.Duration === seconds) &&
            (input.ProductDescription === undefined || x.ProductDescription === input.ProductDescription) &&
            (input.OfferingType === undefined || x.OfferingType === input.OfferingType),
        );
      const { page, nextToken } = paginate(all, input, MARKER_PAGE);
      return { ReservedCacheNodesOfferings: page, Marker: nextToken } as Record<string, unknown>;
    },
    DescribeReplicationGroupsCommand(input, { account, region }) {
      let all = elasticacheSimState(account, region).replicationGroups;
      if (input.ReplicationGroupId) {
        all = all.filter((g) => g.ReplicationGroupId === input.ReplicationGroupId);
        if (all.length === 0)
          throw awsError(
            'ReplicationGroupNotFoundFault',
            `ReplicationGroup not found: ${input.ReplicationGroupId}`,
            404,
          );
      }
      const { page, nextToken } = paginate(all, input, MARKER_PAGE);
      const out: ReplicationGroupMessage = { ReplicationGroups: page, Marker: nextToken };
      return out as Record<string, unknown>;
    },
    DescribeServerlessCachesCommand(input, { account, region }) {
      let all = elasticacheSimState(account, region).serverlessCaches;
      if (input.ServerlessCacheName)
        all = all.filter((c) => c.ServerlessCacheName === input.ServerlessCacheName);
      // The API documents a default of 50 and no higher maximum; the simulator enforces 50.
      const { page, nextToken } = paginate(all, input, { min: 1, max: 50, defaultSize: 50 });
      const out: DescribeServerlessCachesResponse = { ServerlessCaches: page, NextToken: nextToken };
      return out as Record<string, unknown>;
    },
  },
  metrics(q, { account, region }) {
    if (q.namespace !== 'AWS/ElastiCache') return undefined;
    const keys = Object.keys(q.dimensions);
    if (keys.length !== 1) return undefined;
    const serverless = q.dimensions.clusterId !== undefined;
    const id = serverless ? q.dimensions.clusterId : q.dimensions.CacheClusterId;
    const t = id ? elasticacheSimState(account, region).traffic[id] : undefined;
    if (!t || !id || (t.serverless === true) !== serverless) return undefined;
    return cacheSeries(q, t, `${region}|${id}`);
  },
};

function cacheSeries(q: SimMetricQuery, t: ElastiCacheSimTraffic, key: string): number[] | undefined {
  const k = `${key}|${q.metricName}|${q.stat}`;
  const memcached = t.engine === 'memcached';
  switch (q.metricName) {
    case 'CacheHits':
    case 'CacheMisses':
    case 'GetHits':
    case 'GetMisses': {
      // Each engine publishes only its own names.
      if (memcached !== q.metricName.startsWith('Get')) return [];
      if (t.hitRate === undefined) return [];
      const hit = q.metricName.endsWith('Hits');
      const share = hit ? t.hitRate / 100 : 1 - t.hitRate / 100;
      const perHour = t.getsPerHour * share;
      // Sum over the period; other statistics see the per-minute samples ElastiCache publishes.
      const base = q.stat === 'Sum' ? perPeriod(perHour, q.periodSeconds) : perHour / 60;
      return shapedSeries(q, { base, daily: 0.3, jitter: 0.02, min: 0, key: k });
    }
    case 'CPUUtilization':
      return shapedSeries(q, {
        base: q.stat === 'Maximum' ? t.cpu * 1.6 + 5 : t.cpu,
        daily: 0.3,
        jitter: 0.06,
        min: 0,
        max: 100,
        key: k,
      });
    case 'EngineCPUUtilization':
      if (t.engineCpu === undefined) return [];
      return shapedSeries(q, {
        base: q.stat === 'Maximum' ? t.engineCpu * 1.6 + 5 : t.engineCpu,
        daily: 0.3,
        jitter: 0.06,
        min: 0,
        max: 100,
        key: k,
      });
    default:
      return undefined;
  }
}
