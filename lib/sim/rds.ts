/**
 * Simulated Amazon RDS (plus DevOps Guru's monitored-resource list), answering with SDK-shaped records.
 *
 * Busy regions hold a deliberate demo fleet:
 * - MySQL `orders-mysql`: slow_query_log=0 (bad), gp2, no Performance Insights, no Enhanced Monitoring, read-heavy
 *   (ReadIOPS >> WriteIOPS) with high CPU and neither a read replica nor a proxy (bad);
 * - MySQL `catalog-mysql` (+ replica): slow_query_log=1, gp3, PI on, monitoring 60 s (good), read-heavy with a replica;
 * - PostgreSQL `billing-postgres`: log_min_duration_statement=500, io1, behind the `billing-proxy` RDS Proxy;
 * - PostgreSQL `reports-postgres`: log_min_duration_statement=-1 (bad), gp2;
 * - previous-generation classes db.m4.large / db.t2.medium / db.r4.xlarge (absent from the orderable options),
 *   magnetic (`standard`) storage on `legacy-mysql`;
 * - Aurora MySQL cluster `shop-aurora` (cluster parameter group with slow_query_log=1) behind `shop-proxy`,
 *   Aurora PostgreSQL Serverless v2 cluster `events-aurora-pg` on aurora-iopt1 storage;
 * - `idle-mysql` (CPU ~3%: over-provisioned) and `archive-postgres` (stopped: no metric data).
 * DevOps Guru covers `catalog-mysql`, `billing-postgres` and the `shop-aurora` cluster.
 * `account.options.scale` > 1 adds filler instances that reuse the same parameter groups.
 */
import type {
  DBCluster,
  DBClusterParameterGroupDetails,
  DBInstance,
  DBInstanceMessage,
  DBClusterMessage,
  DBParameterGroupDetails,
  DBProxy,
  DBProxyTarget,
  DescribeDBProxiesResponse,
  DescribeDBProxyTargetsResponse,
  OrderableDBInstanceOption,
  OrderableDBInstanceOptionsMessage,
  Parameter,
} from '@aws-sdk/client-rds';
import type {
  ListMonitoredResourcesResponse,
  MonitoredResourceIdentifier,
} from '@aws-sdk/client-devops-guru';
import { addedNames, newFamiliesIn } from './offerings.js';
import {
  awsError,
  MARKER_PAGE,
  paginate,
  type SimAccount,
  type SimMetricQuery,
  type SimRng,
  type SimServiceModule,
} from './core.js';
import { shapedSeries } from './patterns.js';
import { simVpcByName } from './vpc.js';

/** Workload of one DB instance, from which its CloudWatch series are generated. */
export interface RdsSimLoad {
  cpu: number; // average CPUUtilization %
  cpuPeak: number; // typical hourly Maximum %
  freeableMemoryBytes: number;
  readIops: number;
  writeIops: number;
  readLatencySec: number;
  writeLatencySec: number;
  connections: number;
  /** No datapoints at all (stopped instance). */
  noData?: boolean;
}

export interface RdsSimParameterGroup {
  name: string;
  kind: 'instance' | 'cluster';
  family: string;
  /** Explicitly set (Source `user`) values; every other parameter answers its engine or system default. */
  values: Record<string, string>;
}

export interface RdsSimState {
  instances: DBInstance[];
  clusters: DBCluster[];
  parameterGroups: Record<string, RdsSimParameterGroup>; // key `${kind}:${name}`
  proxies: DBProxy[];
  proxyTargets: Record<string, DBProxyTarget[]>;
  /** DevOps Guru monitored resources of the region (RDS and a few others). */
  devOpsGuru: MonitoredResourceIdentifier[];
  load: Record<string, RdsSimLoad>;
}

// ------------------------------------------------------------------ engine facts

type EngineKind = 'mysql' | 'postgres';
const kindOf = (familyOrEngine: string): EngineKind =>
  /postgres/.test(familyOrEngine) ? 'postgres' : 'mysql';

/**
 * Defaults of the parameters perfscan reads. `undefined` = no ParameterValue in the answer (the engine's
 * built-in default applies), as RDS returns for e.g. slow_query_log in default.mysql8.0.
 */
const DEFAULTS: Record<
  EngineKind,
  { name: string; value?: string; dataType: string; allowed?: string; source: 'engine-default' | 'system' }[]
> = {
  mysql: [
    { name: 'slow_query_log', dataType: 'boolean', allowed: '0,1', source: 'engine-default' },
    { name: 'long_query_time', dataType: 'float', allowed: '0-31536000', source: 'engine-default' },
    { name: 'log_output', value: 'FILE', dataType: 'string', allowed: 'TABLE,FILE,NONE', source: 'system' },
    { name: 'log_queries_not_using_indexes', dataType: 'boolean', allowed: '0,1', source: 'engine-default' },
    { name: 'performance_schema', value: '0', dataType: 'boolean', allowed: '0,1', source: 'system' },
    {
      name: 'innodb_buffer_pool_size',
      value: '{DBInstanceClassMemory*3/4}',
      dataType: 'integer',
      source: 'system',
    },
    {
      name: 'max_connections',
      value: '{DBInstanceClassMemory/12582880}',
      dataType: 'integer',
      source: 'system',
    },
  ],
  postgres: [
    {
      name: 'log_min_duration_statement',
      dataType: 'integer',
      allowed: '-1-2147483647',
      source: 'engine-default',
    },
    { name: 'log_statement', dataType: 'string', allowed: 'none,ddl,mod,all', source: 'engine-default' },
    { name: 'log_lock_waits', dataType: 'boolean', allowed: '0,1', source: 'engine-default' },
    { name: 'log_temp_files', dataType: 'integer', allowed: '-1-2147483647', source: 'engine-default' },
    { name: 'shared_preload_libraries', value: 'pg_stat_statements', dataType: 'list', source: 'system' },
    { name: 'track_io_timing', value: '1', dataType: 'boolean', allowed: '0,1', source: 'system' },
    {
      name: 'auto_explain.log_min_duration',
      dataType: 'integer',
      allowed: '-1-2147483647',
      source: 'engine-default',
    },
  ],
};
/** Real parameter groups hold hundreds of parameters: pad so that an unfiltered read needs several pages. */
const FILLER_PARAMETERS = 320;

function parametersOf(group: RdsSimParameterGroup): Parameter[] {
  const kind = kindOf(group.family);
  const known = DEFAULTS[kind].map((d): Parameter => {
    const user = group.values[d.name];
    return {
      ParameterName: d.name,
      ...(user !== undefined
        ? { ParameterValue: user }
        : d.value !== undefined
          ? { ParameterValue: d.value }
          : {}),
      Description: `${d.name} (simulated)`,
      Source: user !== undefined ? 'user' : d.source,
      ApplyType: 'dynamic',
      DataType: d.dataType,
      ...(d.allowed ? { AllowedValues: d.allowed } : {}),
      IsModifiable: true,
      ApplyMethod: 'pending-reboot',
      ...(group.kind === 'cluster' ? { SupportedEngineModes: ['provisioned'] } : {}),
    };
  });
  const filler = Array.from({ length: FILLER_PARAMETERS }, (_, i): Parameter => ({
    ParameterName: `${kind === 'mysql' ? 'innodb' : 'pg'}_sim_setting_${String(i).padStart(3, '0')}`,
    Description: 'Simulated parameter',
    Source: 'engine-default',
    ApplyType: 'static',
    DataType: 'integer',
    IsModifiable: true,
    ApplyMethod: 'pending-reboot',
  }));
  return [...known, ...filler].sort((a, b) => (a.ParameterName ?? '').localeCompare(b.ParameterName ?? ''));
}

const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge'];
const BURST_SIZES = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
/** Current-generation classes offered per engine kind (previous generations m4/t2/r4/m3/r3 are not orderable). */
function orderableClasses(engine: string): string[] {
  if (engine.startsWith('aurora')) {
    return [
      ...['r5', 'r6g', 'r6i', 'r7g', 'r7i'].flatMap((f) => SIZES.map((s) => `db.${f}.${s}`)),
      'db.t3.medium',
      'db.t4g.medium',
      'db.t4g.large',
      'db.serverless',
    ];
  }
  if (['mysql', 'mariadb', 'postgres'].includes(engine)) {
    return [
      ...['t3', 't4g'].flatMap((f) => BURST_SIZES.map((s) => `db.${f}.${s}`)),
      ...['m5', 'm6g', 'm6i', 'm7g', 'm7i', 'r5', 'r6g', 'r6i', 'r7g', 'r7i'].flatMap((f) =>
        SIZES.map((s) => `db.${f}.${s}`),
      ),
    ];
  }
  return [];
}

function orderableOptions(
  region: string,
  engine: string,
  version: string | undefined,
): OrderableDBInstanceOption[] {
  const storages = engine.startsWith('aurora')
    ? ['aurora', 'aurora-iopt1']
    : ['gp2', 'gp3', 'io1', 'io2', 'standard'];
  const versions = version ? [version] : defaultVersions(engine);
  return versions.flatMap((v) =>
    orderableClasses(engine).flatMap((cls) =>
      storages.map((storage): OrderableDBInstanceOption => ({
        Engine: engine,
        EngineVersion: v,
        DBInstanceClass: cls,
        LicenseModel:
          engine === 'mysql' || engine === 'mariadb'
            ? 'general-public-license'
            : engine.startsWith('postgres') || engine.startsWith('aurora-postgresql')
              ? 'postgresql-license'
              : 'general-public-license',
        AvailabilityZones: ['a', 'b', 'c'].map((z) => ({ Name: `${region}${z}` })),
        MultiAZCapable: true,
        ReadReplicaCapable: true,
        Vpc: true,
        SupportsStorageEncryption: true,
        StorageType: storage,
        SupportsIops: storage.startsWith('io') || storage === 'gp3',
        SupportsEnhancedMonitoring: true,
        SupportsIAMDatabaseAuthentication: true,
        SupportsPerformanceInsights: !cls.includes('.micro') && !cls.includes('.small'),
        SupportsStorageAutoscaling: !engine.startsWith('aurora'),
        SupportedEngineModes: ['provisioned'],
        SupportsClusters: engine.startsWith('aurora'),
      })),
    ),
  );
}

function defaultVersions(engine: string): string[] {
  switch (engine) {
    case 'mysql':
      return ['8.0.35', '8.0.39', '8.4.3'];
    case 'postgres':
      return ['14.9', '15.4', '16.4'];
    case 'mariadb':
      return ['10.11.9'];
    case 'aurora-mysql':
      return ['8.0.mysql_aurora.3.05.2'];
    case 'aurora-postgresql':
      return ['15.4', '16.4'];
    default:
      return [];
  }
}

// ------------------------------------------------------------------ the fleet

interface InstanceSpec {
  id: string;
  engine: string;
  version: string;
  cls: string;
  storage: string;
  gib?: number;
  iops?: number;
  throughput?: number;
  pi: boolean;
  monitoring: number;
  group: string;
  clusterId?: string;
  replicaOf?: string;
  multiAz?: boolean;
  status?: string;
  logs?: string[];
  tags?: Record<string, string>;
  load: RdsSimLoad;
}

const GiB = 1024 ** 3;
const load = (p: Partial<RdsSimLoad> & Pick<RdsSimLoad, 'cpu'>): RdsSimLoad => ({
  cpuPeak: Math.min(100, p.cpu * 1.6 + 8),
  freeableMemoryBytes: 4 * GiB,
  readIops: 300,
  writeIops: 200,
  readLatencySec: 0.0015,
  writeLatencySec: 0.0025,
  connections: 40,
  ...p,
});

function demoSpecs(): InstanceSpec[] {
  return [
    {
      id: 'orders-mysql',
      engine: 'mysql',
      version: '8.0.35',
      cls: 'db.m5.large',
      storage: 'gp2',
      gib: 500,
      pi: false,
      monitoring: 0,
      group: 'orders-mysql80',
      multiAz: true,
      tags: { app: 'orders', env: 'prod' },
      load: load({
        cpu: 74,
        cpuPeak: 97,
        readIops: 2600,
        writeIops: 140,
        readLatencySec: 0.009,
        connections: 310,
        freeableMemoryBytes: 0.6 * GiB,
      }),
    },
    {
      id: 'catalog-mysql',
      engine: 'mysql',
      version: '8.0.35',
      cls: 'db.r6g.large',
      storage: 'gp3',
      gib: 200,
      iops: 3000,
      throughput: 125,
      pi: true,
      monitoring: 60,
      group: 'catalog-mysql80',
      multiAz: true,
      logs: ['error', 'slowquery'],
      tags: { app: 'catalog', env: 'prod' },
      load: load({ cpu: 38, readIops: 1800, writeIops: 120, connections: 180, freeableMemoryBytes: 5 * GiB }),
    },
    {
      id: 'catalog-mysql-replica-1',
      engine: 'mysql',
      version: '8.0.35',
      cls: 'db.r6g.large',
      storage: 'gp3',
      gib: 200,
      iops: 3000,
      throughput: 125,
      pi: true,
      monitoring: 60,
      group: 'catalog-mysql80',
      replicaOf: 'catalog-mysql',
      tags: { app: 'catalog', env: 'prod' },
      load: load({ cpu: 31, readIops: 1500, writeIops: 110, connections: 140, freeableMemoryBytes: 5 * GiB }),
    },
    {
      id: 'billing-postgres',
      engine: 'postgres',
      version: '15.4',
      cls: 'db.m6i.xlarge',
      storage: 'io1',
      gib: 400,
      iops: 10000,
      pi: true,
      monitoring: 60,
      group: 'billing-pg15',
      multiAz: true,
      logs: ['postgresql'],
      tags: { app: 'billing', env: 'prod' },
      load: load({ cpu: 55, readIops: 3200, writeIops: 400, connections: 95, freeableMemoryBytes: 6 * GiB }),
    },
    {
      id: 'reports-postgres',
      engine: 'postgres',
      version: '14.9',
      cls: 'db.r5.large',
      storage: 'gp2',
      gib: 300,
      pi: false,
      monitoring: 0,
      group: 'reports-pg14',
      tags: { app: 'reports', env: 'prod' },
      load: load({ cpu: 42, readIops: 900, writeIops: 600, connections: 25, freeableMemoryBytes: 3 * GiB }),
    },
    {
      id: 'legacy-mysql',
      engine: 'mysql',
      version: '5.7.44',
      cls: 'db.m4.large',
      storage: 'standard',
      gib: 100,
      pi: false,
      monitoring: 0,
      group: 'default.mysql5.7',
      tags: { app: 'legacy', env: 'prod' },
      load: load({ cpu: 22, readIops: 120, writeIops: 80, connections: 12, freeableMemoryBytes: 2 * GiB }),
    },
    {
      id: 'legacy-pg',
      engine: 'postgres',
      version: '13.13',
      cls: 'db.t2.medium',
      storage: 'gp2',
      gib: 50,
      pi: false,
      monitoring: 0,
      group: 'default.postgres13',
      tags: { app: 'legacy', env: 'dev' },
      load: load({ cpu: 18, readIops: 60, writeIops: 40, connections: 8, freeableMemoryBytes: 1 * GiB }),
    },
    {
      id: 'warehouse-mariadb',
      engine: 'mariadb',
      version: '10.11.9',
      cls: 'db.r4.xlarge',
      storage: 'gp2',
      gib: 1000,
      pi: true,
      monitoring: 30,
      group: 'warehouse-mariadb1011',
      tags: { app: 'warehouse', env: 'prod' },
      load: load({ cpu: 47, readIops: 700, writeIops: 650, connections: 30, freeableMemoryBytes: 9 * GiB }),
    },
    {
      id: 'shop-aurora-1',
      engine: 'aurora-mysql',
      version: '8.0.mysql_aurora.3.05.2',
      cls: 'db.r6g.large',
      storage: 'aurora',
      pi: true,
      monitoring: 60,
      group: 'default.aurora-mysql8.0',
      clusterId: 'shop-aurora',
      tags: { app: 'shop', env: 'prod' },
      load: load({ cpu: 45, readIops: 900, writeIops: 500, connections: 120, freeableMemoryBytes: 4 * GiB }),
    },
    {
      id: 'shop-aurora-2',
      engine: 'aurora-mysql',
      version: '8.0.mysql_aurora.3.05.2',
      cls: 'db.r6g.large',
      storage: 'aurora',
      pi: false,
      monitoring: 0,
      group: 'default.aurora-mysql8.0',
      clusterId: 'shop-aurora',
      tags: { app: 'shop', env: 'prod' },
      load: load({ cpu: 35, readIops: 1100, writeIops: 20, connections: 90, freeableMemoryBytes: 4 * GiB }),
    },
    {
      id: 'events-aurora-pg-1',
      engine: 'aurora-postgresql',
      version: '15.4',
      cls: 'db.serverless',
      storage: 'aurora-iopt1',
      pi: true,
      monitoring: 60,
      group: 'default.aurora-postgresql15',
      clusterId: 'events-aurora-pg',
      tags: { app: 'events', env: 'prod' },
      load: load({ cpu: 28, readIops: 400, writeIops: 900, connections: 60, freeableMemoryBytes: 3 * GiB }),
    },
    {
      id: 'idle-mysql',
      engine: 'mysql',
      version: '8.0.35',
      cls: 'db.r6i.2xlarge',
      storage: 'gp3',
      gib: 200,
      iops: 3000,
      throughput: 125,
      pi: true,
      monitoring: 60,
      group: 'catalog-mysql80',
      tags: { app: 'internal-tools', env: 'prod' },
      load: load({
        cpu: 3,
        cpuPeak: 9,
        readIops: 15,
        writeIops: 10,
        connections: 3,
        freeableMemoryBytes: 52 * GiB,
      }),
    },
    {
      id: 'archive-postgres',
      engine: 'postgres',
      version: '15.4',
      cls: 'db.m6g.large',
      storage: 'gp3',
      gib: 100,
      iops: 3000,
      throughput: 125,
      pi: false,
      monitoring: 0,
      group: 'default.postgres15',
      status: 'stopped',
      tags: { app: 'archive', env: 'prod' },
      load: load({ cpu: 0, noData: true }),
    },
  ];
}

const PARAMETER_GROUPS: RdsSimParameterGroup[] = [
  {
    name: 'orders-mysql80',
    kind: 'instance',
    family: 'mysql8.0',
    values: { slow_query_log: '0', long_query_time: '10' },
  },
  {
    name: 'catalog-mysql80',
    kind: 'instance',
    family: 'mysql8.0',
    values: { slow_query_log: '1', long_query_time: '1', log_output: 'FILE', performance_schema: '1' },
  },
  { name: 'default.mysql8.0', kind: 'instance', family: 'mysql8.0', values: {} },
  { name: 'default.mysql5.7', kind: 'instance', family: 'mysql5.7', values: {} },
  {
    name: 'warehouse-mariadb1011',
    kind: 'instance',
    family: 'mariadb10.11',
    values: { slow_query_log: '1', long_query_time: '5' },
  },
  {
    name: 'billing-pg15',
    kind: 'instance',
    family: 'postgres15',
    values: { log_min_duration_statement: '500', log_lock_waits: '1' },
  },
  {
    name: 'reports-pg14',
    kind: 'instance',
    family: 'postgres14',
    values: { log_min_duration_statement: '-1', log_statement: 'none' },
  },
  { name: 'default.postgres13', kind: 'instance', family: 'postgres13', values: {} },
  { name: 'default.postgres15', kind: 'instance', family: 'postgres15', values: {} },
  { name: 'default.aurora-mysql8.0', kind: 'instance', family: 'aurora-mysql8.0', values: {} },
  { name: 'default.aurora-postgresql15', kind: 'instance', family: 'aurora-postgresql15', values: {} },
  {
    name: 'shop-aurora-mysql80-cluster',
    kind: 'cluster',
    family: 'aurora-mysql8.0',
    values: { slow_query_log: '1', long_query_time: '2', log_output: 'FILE' },
  },
  { name: 'default.aurora-postgresql15', kind: 'cluster', family: 'aurora-postgresql15', values: {} },
];

/** Filler instances reuse a handful of groups, so parameter reads stay per group, not per instance. */
const FILLER_SHAPES = [
  { engine: 'mysql', version: '8.0.35', group: 'catalog-mysql80' },
  { engine: 'mysql', version: '8.0.35', group: 'orders-mysql80' },
  { engine: 'mysql', version: '8.0.35', group: 'default.mysql8.0' },
  { engine: 'postgres', version: '15.4', group: 'billing-pg15' },
  { engine: 'postgres', version: '15.4', group: 'default.postgres15' },
] as const;
const FILLER_CLASSES = [
  'db.t4g.medium',
  'db.m6g.large',
  'db.m6i.large',
  'db.r6g.large',
  'db.r6g.xlarge',
  'db.m5.large',
  'db.t3.medium',
  'db.m4.large',
];

const alnum = (rng: SimRng, n: number) =>
  Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[rng.int(0, 35)]).join('');

function build(account: SimAccount, region: string, rng: SimRng): RdsSimState {
  const st: RdsSimState = {
    instances: [],
    clusters: [],
    parameterGroups: {},
    proxies: [],
    proxyTargets: {},
    devOpsGuru: [],
    load: {},
  };
  for (const g of PARAMETER_GROUPS) st.parameterGroups[`${g.kind}:${g.name}`] = g;
  if (!account.isBusy(region)) return st;

  const acct = account.accountId;
  const now = account.options.now.getTime();
  const vpcId = simVpcByName(account, region, 'app-prod')?.VpcId;
  const specs = demoSpecs();
  const mixed = account.mixCount('rdsInstances', region);
  const extra =
    mixed !== undefined
      ? Math.max(0, mixed - specs.length)
      : Math.max(0, Math.round(specs.length * (account.options.scale - 1)));
  for (let i = 0; i < extra; i++) {
    const shape = FILLER_SHAPES[i % FILLER_SHAPES.length] as (typeof FILLER_SHAPES)[number];
    const cpu = rng.int(8, 65);
    specs.push({
      id: `svc-${String(i + 1).padStart(4, '0')}-${shape.engine === 'mysql' ? 'mysql' : 'pg'}`,
      engine: shape.engine,
      version: shape.version,
      cls: rng.pick(FILLER_CLASSES),
      storage: rng.pick(['gp2', 'gp3', 'gp3']),
      gib: rng.pick([50, 100, 200]),
      pi: rng.chance(0.6),
      monitoring: rng.pick([0, 60]),
      group: shape.group,
      tags: { app: `svc-${i + 1}`, env: rng.pick(['prod', 'staging']) },
      load: load({
        cpu,
        readIops: rng.int(50, 800),
        writeIops: rng.int(50, 500),
        connections: rng.int(5, 120),
      }),
    });
  }

  for (const s of specs) {
    const kind = kindOf(s.engine);
    const aurora = s.engine.startsWith('aurora');
    const inst: DBInstance = {
      DBInstanceIdentifier: s.id,
      DBInstanceArn: `arn:aws:rds:${region}:${acct}:db:${s.id}`,
      DbiResourceId: `db-${alnum(rng, 26)}`,
      DBInstanceClass: s.cls,
      Engine: s.engine,
      EngineVersion: s.version,
      DBInstanceStatus: s.status ?? 'available',
      MasterUsername: 'admin',
      Endpoint: {
        Address: `${s.id}.c${alnum(rng, 10).toLowerCase()}.${region}.rds.amazonaws.com`,
        Port: kind === 'mysql' ? 3306 : 5432,
        HostedZoneId: 'Z1TTGA775OQIYO',
      },
      InstanceCreateTime: new Date(now - rng.int(30, 900) * 86_400_000),
      BackupRetentionPeriod: 7,
      DBSecurityGroups: [],
      VpcSecurityGroups: [{ VpcSecurityGroupId: `sg-${alnum(rng, 17).toLowerCase()}`, Status: 'active' }],
      DBParameterGroups: [{ DBParameterGroupName: s.group, ParameterApplyStatus: 'in-sync' }],
      AvailabilityZone: `${region}${rng.pick(['a', 'b', 'c'])}`,
      DBSubnetGroup: {
        DBSubnetGroupName: 'app-prod-db',
        DBSubnetGroupDescription: 'app-prod private subnets',
        VpcId: vpcId,
        SubnetGroupStatus: 'Complete',
        Subnets: [],
      },
      PreferredMaintenanceWindow: 'sun:04:00-sun:04:30',
      PendingModifiedValues: {},
      MultiAZ: s.multiAz ?? false,
      AutoMinorVersionUpgrade: true,
      ReadReplicaDBInstanceIdentifiers: [],
      ReadReplicaDBClusterIdentifiers: [],
      ...(s.replicaOf ? { ReadReplicaSourceDBInstanceIdentifier: s.replicaOf } : {}),
      LicenseModel: kind === 'mysql' ? 'general-public-license' : 'postgresql-license',
      ...(s.iops !== undefined ? { Iops: s.iops } : {}),
      ...(s.throughput !== undefined ? { StorageThroughput: s.throughput } : {}),
      OptionGroupMemberships: [
        {
          OptionGroupName: `default:${s.engine}-${s.version.split('.').slice(0, 2).join('-')}`,
          Status: 'in-sync',
        },
      ],
      PubliclyAccessible: false,
      StorageType: s.storage,
      ...(aurora ? { AllocatedStorage: 1 } : { AllocatedStorage: s.gib ?? 100 }),
      DbInstancePort: 0,
      ...(s.clusterId ? { DBClusterIdentifier: s.clusterId } : {}),
      StorageEncrypted: true,
      CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      DomainMemberships: [],
      CopyTagsToSnapshot: true,
      MonitoringInterval: s.monitoring,
      ...(s.monitoring > 0 ? { MonitoringRoleArn: `arn:aws:iam::${acct}:role/rds-monitoring-role` } : {}),
      IAMDatabaseAuthenticationEnabled: false,
      DatabaseInsightsMode: 'standard',
      PerformanceInsightsEnabled: s.pi,
      ...(s.pi ? { PerformanceInsightsRetentionPeriod: 7 } : {}),
      EnabledCloudwatchLogsExports: s.logs ?? [],
      DeletionProtection: true,
      TagList: Object.entries(s.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      CustomerOwnedIpEnabled: false,
      NetworkType: 'IPV4',
      BackupTarget: 'region',
      CertificateDetails: { CAIdentifier: 'rds-ca-rsa2048-g1', ValidTill: new Date(now + 300 * 86_400_000) },
    };
    st.instances.push(inst);
    st.load[s.id] = s.load;
  }
  for (const inst of st.instances) {
    const src = inst.ReadReplicaSourceDBInstanceIdentifier;
    if (src)
      st.instances
        .find((i) => i.DBInstanceIdentifier === src)
        ?.ReadReplicaDBInstanceIdentifiers?.push(inst.DBInstanceIdentifier as string);
  }

  const cluster = (
    id: string,
    engine: string,
    version: string,
    group: string,
    storage: string,
    opts: Partial<DBCluster>,
  ): DBCluster => {
    const members = st.instances.filter((i) => i.DBClusterIdentifier === id);
    return {
      DBClusterIdentifier: id,
      DBClusterArn: `arn:aws:rds:${region}:${acct}:cluster:${id}`,
      DbClusterResourceId: `cluster-${alnum(rng, 26)}`,
      Engine: engine,
      EngineVersion: version,
      EngineMode: 'provisioned',
      Status: 'available',
      AllocatedStorage: 1,
      AvailabilityZones: ['a', 'b', 'c'].map((z) => `${region}${z}`),
      BackupRetentionPeriod: 7,
      DBClusterParameterGroup: group,
      DBSubnetGroup: 'app-prod-db',
      Endpoint: `${id}.cluster-c${alnum(rng, 10).toLowerCase()}.${region}.rds.amazonaws.com`,
      ReaderEndpoint: `${id}.cluster-ro-c${alnum(rng, 10).toLowerCase()}.${region}.rds.amazonaws.com`,
      MultiAZ: members.length > 1,
      Port: engine === 'aurora-mysql' ? 3306 : 5432,
      MasterUsername: 'admin',
      ReadReplicaIdentifiers: [],
      DBClusterMembers: members.map((m, idx) => ({
        DBInstanceIdentifier: m.DBInstanceIdentifier,
        IsClusterWriter: idx === 0,
        DBClusterParameterGroupStatus: 'in-sync',
        PromotionTier: 1,
      })),
      VpcSecurityGroups: [],
      StorageEncrypted: true,
      StorageType: storage,
      IAMDatabaseAuthenticationEnabled: false,
      ClusterCreateTime: new Date(now - 200 * 86_400_000),
      EnabledCloudwatchLogsExports: [],
      DeletionProtection: true,
      HttpEndpointEnabled: false,
      CopyTagsToSnapshot: true,
      CrossAccountClone: false,
      DomainMemberships: [],
      TagList: [{ Key: 'env', Value: 'prod' }],
      AutoMinorVersionUpgrade: true,
      NetworkType: 'IPV4',
      ...opts,
    };
  };
  st.clusters.push(
    cluster(
      'shop-aurora',
      'aurora-mysql',
      '8.0.mysql_aurora.3.05.2',
      'shop-aurora-mysql80-cluster',
      'aurora',
      {
        PerformanceInsightsEnabled: true,
        EnabledCloudwatchLogsExports: ['slowquery', 'error'],
      },
    ),
    cluster('events-aurora-pg', 'aurora-postgresql', '15.4', 'default.aurora-postgresql15', 'aurora-iopt1', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
      PerformanceInsightsEnabled: true,
    }),
  );

  const proxy = (name: string, family: 'MYSQL' | 'POSTGRESQL'): DBProxy => ({
    DBProxyName: name,
    DBProxyArn: `arn:aws:rds:${region}:${acct}:db-proxy:prx-${alnum(rng, 17).toLowerCase()}`,
    Status: 'available',
    EngineFamily: family,
    VpcId: vpcId,
    VpcSecurityGroupIds: [],
    VpcSubnetIds: [],
    Auth: [
      {
        AuthScheme: 'SECRETS',
        IAMAuth: 'DISABLED',
        SecretArn: `arn:aws:secretsmanager:${region}:${acct}:secret:${name}-db`,
      },
    ],
    RoleArn: `arn:aws:iam::${acct}:role/${name}-role`,
    Endpoint: `${name}.proxy-c${alnum(rng, 10).toLowerCase()}.${region}.rds.amazonaws.com`,
    RequireTLS: true,
    IdleClientTimeout: 1800,
    DebugLogging: false,
    CreatedDate: new Date(now - 120 * 86_400_000),
    UpdatedDate: new Date(now - 30 * 86_400_000),
  });
  st.proxies.push(proxy('billing-proxy', 'POSTGRESQL'), proxy('shop-proxy', 'MYSQL'));
  const instArn = (id: string) => `arn:aws:rds:${region}:${acct}:db:${id}`;
  st.proxyTargets['billing-proxy'] = [
    {
      TargetArn: instArn('billing-postgres'),
      RdsResourceId: 'billing-postgres',
      Port: 5432,
      Type: 'RDS_INSTANCE',
      Role: 'READ_WRITE',
      TargetHealth: { State: 'AVAILABLE' },
    },
  ];
  st.proxyTargets['shop-proxy'] = [
    {
      TargetArn: `arn:aws:rds:${region}:${acct}:cluster:shop-aurora`,
      TrackedClusterId: 'shop-aurora',
      RdsResourceId: 'shop-aurora',
      Port: 3306,
      Type: 'TRACKED_CLUSTER',
    },
    {
      TargetArn: instArn('shop-aurora-1'),
      TrackedClusterId: 'shop-aurora',
      RdsResourceId: 'shop-aurora-1',
      Port: 3306,
      Type: 'RDS_INSTANCE',
      Role: 'READ_WRITE',
      TargetHealth: { State: 'AVAILABLE' },
    },
    {
      TargetArn: instArn('shop-aurora-2'),
      TrackedClusterId: 'shop-aurora',
      RdsResourceId: 'shop-aurora-2',
      Port: 3306,
      Type: 'RDS_INSTANCE',
      Role: 'READ_ONLY',
      TargetHealth: { State: 'AVAILABLE' },
    },
  ];

  const monitored = (name: string, type: string): MonitoredResourceIdentifier => ({
    MonitoredResourceName: name,
    Type: type,
    ResourcePermission: 'FULL_PERMISSION',
    LastUpdated: new Date(now - 3_600_000),
    ResourceCollection: { Tags: [{ AppBoundaryKey: 'devops-guru-rds', TagValues: ['prod'] }] },
  });
  st.devOpsGuru.push(
    monitored('catalog-mysql', 'AWS::RDS::DBInstance'),
    monitored('billing-postgres', 'AWS::RDS::DBInstance'),
    monitored('shop-aurora', 'AWS::RDS::DBCluster'),
    monitored('orders-api-handler', 'AWS::Lambda::Function'),
    monitored('/aws/lambda/orders-api-handler', 'AWS::Logs::LogGroup'),
  );
  return st;
}

export function rdsSimState(account: SimAccount, region: string): RdsSimState {
  return account.memo(`rds:${region}`, (rng) => build(account, region, rng));
}

// ------------------------------------------------------------------ handlers

/** Opaque RDS markers: the core paginator's token, under RDS's `Marker` name. */
const page = <T>(items: readonly T[], input: Record<string, unknown>, max: number = MARKER_PAGE.max) => {
  const { page: p, nextToken } = paginate(items, input, { ...MARKER_PAGE, max });
  return { items: p, Marker: nextToken };
};

function parameterNameFilter(input: {
  Filters?: { Name?: string; Values?: string[] }[];
}): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const f of input.Filters ?? []) {
    // "The only supported filter is parameter-name" (RDS API reference, DescribeDBParameters).
    if (f.Name !== 'parameter-name')
      throw awsError('InvalidParameterValue', `Unrecognized filter name: ${f.Name}.`, 400);
    names = new Set(f.Values ?? []);
  }
  return names;
}

function describeParameters(
  st: RdsSimState,
  kind: 'instance' | 'cluster',
  name: string,
  input: Record<string, unknown>,
) {
  const group = st.parameterGroups[`${kind}:${name}`];
  if (!group) {
    throw kind === 'instance'
      ? awsError('DBParameterGroupNotFound', `DBParameterGroup not found: ${name}`, 404)
      : awsError('DBParameterGroupNotFound', `DBClusterParameterGroup not found: ${name}`, 404);
  }
  const names = parameterNameFilter(input as never);
  const source = input.Source as string | undefined;
  const all = parametersOf(group).filter(
    (p) => (!names || names.has(p.ParameterName ?? '')) && (!source || p.Source === source),
  );
  return page(all, input);
}

export const rdsSim: SimServiceModule = {
  clientName: 'RDSClient',
  handlers: {
    DescribeDBInstancesCommand(input, { account, region }) {
      let all = rdsSimState(account, region).instances;
      if (input.DBInstanceIdentifier) {
        all = all.filter((i) => i.DBInstanceIdentifier === input.DBInstanceIdentifier);
        if (all.length === 0)
          throw awsError('DBInstanceNotFound', `DBInstance ${input.DBInstanceIdentifier} not found.`, 404);
      }
      const { items, Marker } = page(all, input);
      const out: DBInstanceMessage = { DBInstances: items, Marker };
      return out as Record<string, unknown>;
    },
    DescribeDBClustersCommand(input, { account, region }) {
      let all = rdsSimState(account, region).clusters;
      if (input.DBClusterIdentifier) {
        all = all.filter((c) => c.DBClusterIdentifier === input.DBClusterIdentifier);
        if (all.length === 0)
          throw awsError('DBClusterNotFoundFault', `DBCluster ${input.DBClusterIdentifier} not found.`, 404);
      }
      const { items, Marker } = page(all, input);
      const out: DBClusterMessage = { DBClusters: items, Marker };
      return out as Record<string, unknown>;
    },
    DescribeDBParametersCommand(input, { account, region }) {
      const { items, Marker } = describeParameters(
        rdsSimState(account, region),
        'instance',
        input.DBParameterGroupName,
        input,
      );
      const out: DBParameterGroupDetails = { Parameters: items, Marker };
      return out as Record<string, unknown>;
    },
    DescribeDBClusterParametersCommand(input, { account, region }) {
      const { items, Marker } = describeParameters(
        rdsSimState(account, region),
        'cluster',
        input.DBClusterParameterGroupName,
        input,
      );
      const out: DBClusterParameterGroupDetails = { Parameters: items, Marker };
      return out as Record<string, unknown>;
    },
    DescribeDBProxiesCommand(input, { account, region }) {
      let all = rdsSimState(account, region).proxies;
      if (input.DBProxyName) all = all.filter((p) => p.DBProxyName === input.DBProxyName);
      const { items, Marker } = page(all, input);
      const out: DescribeDBProxiesResponse = { DBProxies: items, Marker };
      return out as Record<string, unknown>;
    },
    DescribeDBProxyTargetsCommand(input, { account, region }) {
      const targets = rdsSimState(account, region).proxyTargets[input.DBProxyName as string];
      if (!targets) throw awsError('DBProxyNotFoundFault', `DB proxy ${input.DBProxyName} not found.`, 404);
      const { items, Marker } = page(targets, input);
      const out: DescribeDBProxyTargetsResponse = { Targets: items, Marker };
      return out as Record<string, unknown>;
    },
    DescribeOrderableDBInstanceOptionsCommand(input, { account, region }) {
      if (!input.Engine) throw awsError('InvalidParameterValue', 'Engine is required.', 400);
      let all = orderableOptions(region, input.Engine, input.EngineVersion);
      // Classes of the new families released here (SimOptions.newFamilies with `rds`), shaped like their model's.
      const families = newFamiliesIn(account, region, 'rds');
      if (families.length > 0) {
        const byClass = new Map<string, OrderableDBInstanceOption[]>();
        for (const o of all)
          byClass.set(o.DBInstanceClass ?? '', [...(byClass.get(o.DBInstanceClass ?? '') ?? []), o]);
        for (const [added, like] of addedNames([...byClass.keys()], families, 'db.'))
          all = [...all, ...(byClass.get(like) ?? []).map((o) => ({ ...o, DBInstanceClass: added }))];
      }
      if (input.DBInstanceClass) all = all.filter((o) => o.DBInstanceClass === input.DBInstanceClass);
      if (input.Vpc === false) all = [];
      // MaxRecords: "Minimum 20, maximum 1000" (RDS API reference).
      const { items, Marker } = page(all, input, 1000);
      const out: OrderableDBInstanceOptionsMessage = { OrderableDBInstanceOptions: items, Marker };
      return out as Record<string, unknown>;
    },
  },
  metrics(q, { account, region }) {
    if (q.namespace !== 'AWS/RDS') return undefined;
    const id = q.dimensions.DBInstanceIdentifier;
    if (!id || Object.keys(q.dimensions).length !== 1) return undefined;
    const l = rdsSimState(account, region).load[id];
    if (!l) return undefined;
    if (l.noData) return [];
    return rdsSeries(q, l, `${region}|${id}`);
  },
};

function rdsSeries(q: SimMetricQuery, l: RdsSimLoad, key: string): number[] | undefined {
  const peak = q.stat === 'Maximum';
  const k = `${key}|${q.metricName}|${q.stat}`;
  switch (q.metricName) {
    case 'CPUUtilization':
      return shapedSeries(q, {
        base: peak ? l.cpuPeak : l.cpu,
        daily: peak ? 0.08 : 0.3,
        jitter: 0.06,
        min: 0,
        max: 100,
        key: k,
      });
    case 'FreeableMemory':
      return shapedSeries(q, { base: l.freeableMemoryBytes, daily: 0.05, jitter: 0.03, min: 0, key: k });
    case 'ReadIOPS':
      return shapedSeries(q, {
        base: l.readIops * (peak ? 1.6 : 1),
        daily: 0.35,
        jitter: 0.08,
        min: 0,
        key: k,
      });
    case 'WriteIOPS':
      return shapedSeries(q, {
        base: l.writeIops * (peak ? 1.6 : 1),
        daily: 0.25,
        jitter: 0.08,
        min: 0,
        key: k,
      });
    case 'ReadLatency':
      return shapedSeries(q, { base: l.readLatencySec, daily: 0.2, jitter: 0.1, min: 0, key: k });
    case 'WriteLatency':
      return shapedSeries(q, { base: l.writeLatencySec, daily: 0.2, jitter: 0.1, min: 0, key: k });
    case 'DatabaseConnections':
      return shapedSeries(q, {
        base: l.connections * (peak ? 1.5 : 1),
        daily: 0.3,
        jitter: 0.05,
        min: 0,
        key: k,
      });
    default:
      return undefined;
  }
}

// ------------------------------------------------------------------ DevOps Guru

/** ResourceTypeFilters values -> the resource types DevOps Guru answers in MonitoredResourceIdentifier.Type. */
const DEVOPS_GURU_TYPES: Record<string, string> = {
  RDS_DB_INSTANCE: 'AWS::RDS::DBInstance',
  RDS_DB_CLUSTER: 'AWS::RDS::DBCluster',
  LAMBDA_FUNCTION: 'AWS::Lambda::Function',
  LOG_GROUPS: 'AWS::Logs::LogGroup',
};

export const devopsGuruSim: SimServiceModule = {
  clientName: 'DevOpsGuruClient',
  handlers: {
    ListMonitoredResourcesCommand(input, { account, region }) {
      const f = input.Filters as { ResourcePermission?: string; ResourceTypeFilters?: string[] } | undefined;
      let all = rdsSimState(account, region).devOpsGuru;
      if (f) {
        if (!f.ResourcePermission || !f.ResourceTypeFilters) {
          throw awsError(
            'ValidationException',
            'Filters require ResourcePermission and ResourceTypeFilters.',
            400,
          );
        }
        const types = new Set(f.ResourceTypeFilters.map((t) => DEVOPS_GURU_TYPES[t] ?? t));
        all = all.filter((r) => r.ResourcePermission === f.ResourcePermission && types.has(r.Type ?? ''));
      }
      // MaxResults: "Minimum value of 1. Maximum value of 50" (DevOps Guru API reference).
      const { page: p, nextToken } = paginate(all, input, { min: 1, max: 50 });
      const out: ListMonitoredResourcesResponse = { MonitoredResourceIdentifiers: p, NextToken: nextToken };
      // This client's (older) model types declare optional members without `| undefined`.
      return out as unknown as Record<string, unknown>;
    },
  },
};
