/**
 * RDS collector: DB instances and clusters (100 per page, the API maximum), the performance-relevant
 * parameters of the parameter groups IN USE (one filtered read per distinct group, never per instance),
 * RDS Proxies with their targets, the instance classes orderable for the engine versions in use (live
 * "previous generation" facts), and DevOps Guru coverage. Queues CPU, memory, IOPS, latency and
 * connection series per DB instance on the unit's metric batcher.
 *
 * Budget: per-resource follow-ups (parameter groups, proxy targets, orderable-options pages) are each bounded
 * by ctx.limits.maxFollowUpCalls; what is skipped is recorded as a gap on a sub-slice
 * (`rds.parameterGroups.<kind>:<name>`, `rds.orderableClasses.<engine>`) so checks answer `unknown` for the
 * resources concerned only.
 */
import {
  RDSClient,
  paginateDescribeDBClusterParameters,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBParameters,
  paginateDescribeDBProxies,
  paginateDescribeDBProxyTargets,
  paginateDescribeOrderableDBInstanceOptions,
  type DBCluster,
  type DBInstance,
  type DBProxy,
  type Parameter,
} from '@aws-sdk/client-rds';
import { DevOpsGuruClient, paginateListMonitoredResources } from '@aws-sdk/client-devops-guru';
import { EC2Client, paginateDescribeInstanceTypes } from '@aws-sdk/client-ec2';
import type {
  RdsCluster,
  RdsInstance,
  RdsParameterGroupFacts,
  RdsProxy,
  RdsSlice,
} from '#lib/model/index.js';
import { mapLimit } from './concurrency.js';
import { guard, isAccessDenied, isEndpointUnavailable, toGap } from './errors.js';
import { tagsOf } from './ec2.js';
import type { Collector, CollectorContext, MetricRequest } from './types.js';

/** DescribeDBInstances / DescribeDBClusters / DescribeDBParameters / proxies: MaxRecords 20-100 (RDS API reference). */
export const RDS_PAGE_SIZE = 100;
/** DescribeOrderableDBInstanceOptions: MaxRecords "Minimum 20, maximum 1000" (RDS API reference). */
export const ORDERABLE_PAGE_SIZE = 1000;
/** DevOps Guru ListMonitoredResources: MaxResults 1-50 (DevOps Guru API reference). */
export const DEVOPS_GURU_PAGE_SIZE = 50;

/**
 * The parameters perfscan reads, requested with the `parameter-name` filter (the one filter
 * DescribeDBParameters / DescribeDBClusterParameters support), so a group costs one call instead of the
 * ~4-5 pages of its ~400 parameters. No `Source` filter: engine defaults matter (slow_query_log has no
 * value in default.mysql8.0, i.e. off).
 */
export const RDS_PERF_PARAMETERS = [
  // MySQL / MariaDB / Aurora MySQL: slow query log and what feeds Performance Insights.
  'slow_query_log',
  'long_query_time',
  'log_output',
  'log_queries_not_using_indexes',
  'performance_schema',
  'innodb_buffer_pool_size',
  'max_connections',
  // PostgreSQL / Aurora PostgreSQL: slow statement logging and query statistics.
  'log_min_duration_statement',
  'log_statement',
  'log_lock_waits',
  'log_temp_files',
  'shared_preload_libraries',
  'track_io_timing',
  'auto_explain.log_min_duration',
] as const;

/** Series per DB instance (dims {DBInstanceIdentifier}): hourly shapes over the window. */
export const RDS_METRICS: readonly Omit<MetricRequest, 'dimensions' | 'namespace'>[] = [
  { metricName: 'CPUUtilization', stat: 'Average', periodSeconds: 3600 },
  { metricName: 'CPUUtilization', stat: 'Maximum', periodSeconds: 3600 },
  { metricName: 'FreeableMemory', stat: 'Average', periodSeconds: 3600 },
  { metricName: 'ReadIOPS', stat: 'Average', periodSeconds: 3600 },
  { metricName: 'WriteIOPS', stat: 'Average', periodSeconds: 3600 },
  { metricName: 'ReadLatency', stat: 'Average', periodSeconds: 3600 },
  { metricName: 'WriteLatency', stat: 'Average', periodSeconds: 3600 },
  { metricName: 'DatabaseConnections', stat: 'Average', periodSeconds: 3600 },
];

/**
 * Amazon DocumentDB and Neptune share the RDS API (their instances and clusters come back from
 * DescribeDBInstances/DescribeDBClusters) but not RDS's metrics namespace, parameters or features:
 * they are other services, left out so that RDS checks do not judge them.
 */
const OTHER_SERVICE_ENGINES: ReadonlySet<string> = new Set(['docdb', 'neptune']);

/** Parameter reads run a few at a time: RDS Describe* refill 12/s per account and region (reference.md). */
const FOLLOW_UP_CONCURRENCY = 4;

const A = {
  instances: 'rds:DescribeDBInstances',
  clusters: 'rds:DescribeDBClusters',
  parameters: 'rds:DescribeDBParameters',
  clusterParameters: 'rds:DescribeDBClusterParameters',
  proxies: 'rds:DescribeDBProxies',
  proxyTargets: 'rds:DescribeDBProxyTargets',
  orderable: 'rds:DescribeOrderableDBInstanceOptions',
  devOpsGuru: 'devops-guru:ListMonitoredResources',
  instanceTypes: 'ec2:DescribeInstanceTypes',
} as const;

/**
 * The EC2 instance type a DB instance class runs on (`db.r6g.large` -> `r6g.large`), whose DescribeInstanceTypes
 * facts (memory, vCPUs, CurrentGeneration) are the class's; undefined for classes without one: `db.serverless`
 * and the RDS for Oracle preconfigured classes with extra memory (`db.r5b.4xlarge.tpc2.mem2x`), whose memory
 * differs from their base type's.
 */
export function ec2TypeForDbClass(dbInstanceClass: string): string | undefined {
  const m = /^db\.([a-z0-9-]+\.[a-z0-9-]+)$/.exec(dbInstanceClass);
  return m && dbInstanceClass !== 'db.serverless' ? m[1] : undefined;
}

/** DescribeInstanceTypes: at most 100 results per page; the filter lists the classes' EC2 types 100 at a time. */
const INSTANCE_TYPES_PAGE = 100;

/**
 * Memory, vCPUs and EC2's CurrentGeneration of the DB instance classes in use, from the EC2 type each runs on:
 * one DescribeInstanceTypes call per 100 distinct classes. Filtered by `instance-type` rather than named in
 * InstanceTypes, because a name EC2 does not know fails a named list as a whole, where a filter just skips it.
 * A failure is a gap on `rds.classFacts` and the checks answer `unknown` where they needed the facts.
 */
async function collectClassFacts(
  ctx: CollectorContext,
  instances: RdsInstance[],
): Promise<RdsSlice['classFacts']> {
  const byType = new Map<string, string[]>();
  for (const i of instances) {
    const t = ec2TypeForDbClass(i.dbInstanceClass);
    if (!t) continue;
    const classes = byType.get(t) ?? [];
    if (!classes.includes(i.dbInstanceClass)) classes.push(i.dbInstanceClass);
    byType.set(t, classes);
  }
  const types = [...byType.keys()].sort();
  if (types.length === 0) return {};
  const client = ctx.clients.get(EC2Client);
  const out: NonNullable<RdsSlice['classFacts']> = {};
  try {
    for (let i = 0; i < types.length; i += INSTANCE_TYPES_PAGE) {
      const pages = paginateDescribeInstanceTypes(
        { client, pageSize: INSTANCE_TYPES_PAGE },
        { Filters: [{ Name: 'instance-type', Values: types.slice(i, i + INSTANCE_TYPES_PAGE) }] },
      );
      for await (const page of pages)
        for (const t of page.InstanceTypes ?? []) {
          if (!t.InstanceType) continue;
          for (const cls of byType.get(t.InstanceType) ?? [])
            out[cls] = {
              memoryMiB: t.MemoryInfo?.SizeInMiB ?? 0,
              vcpus: t.VCpuInfo?.DefaultVCpus ?? 0,
              currentGeneration: t.CurrentGeneration === true,
            };
        }
    }
  } catch (err) {
    ctx.gap(toGap(err, { service: 'rds', slice: 'rds.classFacts', action: A.instanceTypes }));
    return undefined;
  }
  return out;
}

export function normalizeDbInstance(i: DBInstance): RdsInstance | undefined {
  if (!i.DBInstanceIdentifier || !i.DBInstanceArn) return undefined;
  return {
    dbInstanceId: i.DBInstanceIdentifier,
    arn: i.DBInstanceArn,
    ...(i.DbiResourceId ? { resourceId: i.DbiResourceId } : {}),
    dbInstanceClass: i.DBInstanceClass ?? 'unknown',
    engine: i.Engine ?? 'unknown',
    ...(i.EngineVersion ? { engineVersion: i.EngineVersion } : {}),
    ...(i.DBInstanceStatus ? { status: i.DBInstanceStatus } : {}),
    ...(i.StorageType ? { storageType: i.StorageType } : {}),
    ...(i.AllocatedStorage !== undefined ? { allocatedStorageGiB: i.AllocatedStorage } : {}),
    ...(i.Iops !== undefined ? { iops: i.Iops } : {}),
    ...(i.MultiAZ !== undefined ? { multiAz: i.MultiAZ } : {}),
    performanceInsightsEnabled: i.PerformanceInsightsEnabled ?? false,
    monitoringIntervalSeconds: i.MonitoringInterval ?? 0,
    ...(i.DatabaseInsightsMode ? { databaseInsightsMode: i.DatabaseInsightsMode } : {}),
    ...(i.DBClusterIdentifier ? { clusterId: i.DBClusterIdentifier } : {}),
    ...(i.ReadReplicaSourceDBInstanceIdentifier
      ? { readReplicaSourceId: i.ReadReplicaSourceDBInstanceIdentifier }
      : {}),
    readReplicaIds: [
      ...(i.ReadReplicaDBInstanceIdentifiers ?? []),
      ...(i.ReadReplicaDBClusterIdentifiers ?? []),
    ],
    parameterGroups: (i.DBParameterGroups ?? []).flatMap((g) =>
      g.DBParameterGroupName ? [g.DBParameterGroupName] : [],
    ),
    enabledCloudwatchLogsExports: [...(i.EnabledCloudwatchLogsExports ?? [])],
    tags: tagsOf(i.TagList),
  };
}

export function normalizeDbCluster(c: DBCluster): RdsCluster | undefined {
  if (!c.DBClusterIdentifier || !c.DBClusterArn) return undefined;
  return {
    clusterId: c.DBClusterIdentifier,
    arn: c.DBClusterArn,
    engine: c.Engine ?? 'unknown',
    ...(c.EngineVersion ? { engineVersion: c.EngineVersion } : {}),
    members: (c.DBClusterMembers ?? []).flatMap((m) =>
      m.DBInstanceIdentifier
        ? [{ dbInstanceId: m.DBInstanceIdentifier, isWriter: m.IsClusterWriter ?? false }]
        : [],
    ),
    ...(c.DBClusterParameterGroup ? { clusterParameterGroup: c.DBClusterParameterGroup } : {}),
    ...(c.StorageType ? { storageType: c.StorageType } : {}),
    // Serverless v1 is an engine mode; Serverless v2 is a scaling configuration on a provisioned cluster.
    serverless: c.EngineMode === 'serverless' || c.ServerlessV2ScalingConfiguration !== undefined,
    ...(c.PerformanceInsightsEnabled !== undefined
      ? { performanceInsightsEnabled: c.PerformanceInsightsEnabled }
      : {}),
    enabledCloudwatchLogsExports: [...(c.EnabledCloudwatchLogsExports ?? [])],
    tags: tagsOf(c.TagList),
  };
}

export function normalizeProxy(p: DBProxy, targets: string[]): RdsProxy | undefined {
  if (!p.DBProxyName || !p.DBProxyArn) return undefined;
  return {
    name: p.DBProxyName,
    arn: p.DBProxyArn,
    ...(p.EngineFamily ? { engineFamily: p.EngineFamily } : {}),
    ...(p.Status ? { status: p.Status } : {}),
    targets,
  };
}

/** Parameters as read: every requested name that the group knows, `undefined` = no value (engine default). */
function parameterFacts(
  name: string,
  kind: 'instance' | 'cluster',
  params: Parameter[],
): RdsParameterGroupFacts {
  const parameters: Record<string, string | undefined> = {};
  for (const p of params) if (p.ParameterName) parameters[p.ParameterName] = p.ParameterValue;
  return { name, kind, parameters };
}

async function collectParameterGroups(
  ctx: CollectorContext,
  client: RDSClient,
  instances: RdsInstance[],
  clusters: RdsCluster[],
) {
  const groups: { kind: 'instance' | 'cluster'; name: string }[] = [];
  const seen = new Set<string>();
  const add = (kind: 'instance' | 'cluster', name: string) => {
    const key = `${kind}:${name}`;
    if (!seen.has(key)) {
      seen.add(key);
      groups.push({ kind, name });
    }
  };
  for (const i of instances) for (const g of i.parameterGroups) add('instance', g);
  for (const c of clusters) if (c.clusterParameterGroup) add('cluster', c.clusterParameterGroup);

  const out: Record<string, RdsParameterGroupFacts> = {};
  const bound = Math.max(0, ctx.limits.maxFollowUpCalls);
  for (const g of groups.slice(bound)) {
    ctx.gap({
      service: 'rds',
      slice: `rds.parameterGroups.${g.kind}:${g.name}`,
      code: 'Error',
      action: g.kind === 'instance' ? A.parameters : A.clusterParameters,
      message: `Parameter group ${g.name} was not read: ${groups.length} groups are in use and perfscan reads at most ${bound} per unit.`,
      hint: 'raise the follow-up call limit for this scan, or consolidate parameter groups',
    });
  }
  const denied = new Set<'instance' | 'cluster'>();
  const filters = [{ Name: 'parameter-name', Values: [...RDS_PERF_PARAMETERS] }];
  await mapLimit(groups.slice(0, bound), FOLLOW_UP_CONCURRENCY, async (g) => {
    if (denied.has(g.kind)) return;
    const action = g.kind === 'instance' ? A.parameters : A.clusterParameters;
    try {
      const params: Parameter[] = [];
      if (g.kind === 'instance') {
        const pages = paginateDescribeDBParameters(
          { client, pageSize: RDS_PAGE_SIZE },
          { DBParameterGroupName: g.name, Filters: filters },
        );
        for await (const page of pages) params.push(...(page.Parameters ?? []));
      } else {
        const pages = paginateDescribeDBClusterParameters(
          { client, pageSize: RDS_PAGE_SIZE },
          { DBClusterParameterGroupName: g.name, Filters: filters },
        );
        for await (const page of pages) params.push(...(page.Parameters ?? []));
      }
      out[`${g.kind}:${g.name}`] = parameterFacts(g.name, g.kind, params);
    } catch (err) {
      if (isAccessDenied(err)) {
        // Every other group of this kind would be denied too: one gap on the whole slice, no more calls.
        if (!denied.has(g.kind))
          ctx.gap(toGap(err, { service: 'rds', slice: 'rds.parameterGroups', action }));
        denied.add(g.kind);
        return;
      }
      ctx.gap(toGap(err, { service: 'rds', slice: `rds.parameterGroups.${g.kind}:${g.name}`, action }));
    }
  });
  return out;
}

async function collectProxies(ctx: CollectorContext, client: RDSClient): Promise<RdsProxy[]> {
  const proxies: DBProxy[] = [];
  const listed = await guard(ctx, { service: 'rds', slice: 'rds.proxies', action: A.proxies }, async () => {
    for await (const page of paginateDescribeDBProxies({ client, pageSize: RDS_PAGE_SIZE }, {}))
      proxies.push(...(page.DBProxies ?? []));
    return true;
  });
  if (!listed) return [];
  const bound = Math.max(0, ctx.limits.maxFollowUpCalls);
  if (proxies.length > bound) {
    ctx.gap({
      service: 'rds',
      slice: 'rds.proxies',
      code: 'Error',
      action: A.proxyTargets,
      message: `Targets of ${proxies.length - bound} of ${proxies.length} RDS Proxies were not read (at most ${bound} per unit).`,
      hint: 'raise the follow-up call limit for this scan',
    });
  }
  const out: RdsProxy[] = [];
  let targetsFailed = false;
  for (const p of proxies.slice(0, bound)) {
    if (!p.DBProxyName || targetsFailed) continue;
    const targets = new Set<string>();
    const ok = await guard(
      ctx,
      { service: 'rds', slice: 'rds.proxies', action: A.proxyTargets },
      async () => {
        const pages = paginateDescribeDBProxyTargets(
          { client, pageSize: RDS_PAGE_SIZE },
          { DBProxyName: p.DBProxyName },
        );
        for await (const page of pages) {
          for (const t of page.Targets ?? []) {
            // RdsResourceId is the DB instance or cluster identifier; TrackedClusterId names the Aurora cluster.
            if (t.RdsResourceId) targets.add(t.RdsResourceId);
            if (t.TrackedClusterId) targets.add(t.TrackedClusterId);
          }
        }
        return true;
      },
    );
    if (!ok) {
      targetsFailed = true; // one gap says the proxy slice is incomplete; do not hammer a denied API
      continue;
    }
    const n = normalizeProxy(p, [...targets].sort());
    if (n) out.push(n);
  }
  return out;
}

/** Thrown inside a page loop when the follow-up budget ends before the last page. */
class BoundReached extends Error {}

/**
 * Instance classes orderable for the engine versions in use, unioned per engine. An engine is left out
 * (checks answer `unknown` for it) when any of its versions in use could not be read or has no orderable
 * option at all (a version past end of support): otherwise a current class could look "not orderable".
 */
async function collectOrderable(
  ctx: CollectorContext,
  client: RDSClient,
  instances: RdsInstance[],
  /** Filled with `${engine}|${version}|${class}` -> SupportsPerformanceInsights (true if any option says so). */
  insights: Map<string, boolean> = new Map(),
): Promise<Record<string, string[]> | undefined> {
  const pairs = new Map<string, [engine: string, version: string]>();
  for (const i of instances) {
    if (i.engine !== 'unknown')
      pairs.set(`${i.engine}|${i.engineVersion ?? ''}`, [i.engine, i.engineVersion ?? '']);
  }
  const sorted = [...pairs.values()].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  const classes = new Map<string, Set<string>>();
  const incomplete = new Set<string>();
  const bound = Math.max(0, ctx.limits.maxFollowUpCalls);
  const budgetGap = (engine: string) =>
    ctx.gap({
      service: 'rds',
      slice: `rds.orderableClasses.${engine}`,
      code: 'Error',
      action: A.orderable,
      message: `Orderable instance classes for ${engine} were not fully read (at most ${bound} calls per unit).`,
      hint: 'raise the follow-up call limit for this scan',
    });
  let calls = 0;
  for (const [engine, version] of sorted) {
    if (incomplete.has(engine)) continue;
    if (calls >= bound) {
      incomplete.add(engine);
      budgetGap(engine);
      continue;
    }
    const set = classes.get(engine) ?? new Set<string>();
    classes.set(engine, set);
    let rows = 0;
    try {
      const pages = paginateDescribeOrderableDBInstanceOptions(
        { client, pageSize: ORDERABLE_PAGE_SIZE },
        { Engine: engine, ...(version ? { EngineVersion: version } : {}), Vpc: true },
      );
      for await (const page of pages) {
        calls++;
        for (const o of page.OrderableDBInstanceOptions ?? []) {
          rows++;
          if (o.DBInstanceClass) {
            set.add(o.DBInstanceClass);
            const k = `${engine}|${version}|${o.DBInstanceClass}`;
            if (o.SupportsPerformanceInsights !== undefined)
              insights.set(k, (insights.get(k) ?? false) || o.SupportsPerformanceInsights);
          }
        }
        if (page.Marker && calls >= bound) throw new BoundReached();
      }
    } catch (err) {
      incomplete.add(engine);
      if (err instanceof BoundReached) {
        budgetGap(engine);
        continue;
      }
      if (isAccessDenied(err)) {
        ctx.gap(toGap(err, { service: 'rds', slice: 'rds.orderableClasses', action: A.orderable }));
        return undefined;
      }
      ctx.gap(toGap(err, { service: 'rds', slice: `rds.orderableClasses.${engine}`, action: A.orderable }));
      continue;
    }
    if (rows === 0) {
      incomplete.add(engine);
      ctx.gap({
        service: 'rds',
        slice: `rds.orderableClasses.${engine}`,
        code: 'NotSupported',
        action: A.orderable,
        message: `RDS offers no orderable instance options for ${engine} ${version || '(any version)'}; instance generations of ${engine} cannot be judged from live data.`,
        hint: 'upgrade to a supported engine version',
      });
    }
  }
  const out: Record<string, string[]> = {};
  for (const [engine, set] of classes) if (!incomplete.has(engine)) out[engine] = [...set].sort();
  return out;
}

/**
 * DevOps Guru coverage from ListMonitoredResources filtered to RDS instances and clusters with full
 * permission (one call per 50 covered resources). An empty list is a fact (not enabled for RDS); AccessDenied
 * or a region without DevOps Guru is a gap.
 */
async function collectDevOpsGuru(
  ctx: CollectorContext,
  instances: RdsInstance[],
  clusters: RdsCluster[],
): Promise<RdsSlice['devOpsGuru']> {
  // The installed DevOps Guru client is built on an older smithy-client than the others: same runtime shape, distinct types.
  const client = ctx.clients.get(DevOpsGuruClient as never) as DevOpsGuruClient;
  const names = new Set<string>();
  try {
    const pages = paginateListMonitoredResources(
      { client, pageSize: DEVOPS_GURU_PAGE_SIZE },
      {
        Filters: {
          ResourcePermission: 'FULL_PERMISSION',
          ResourceTypeFilters: ['RDS_DB_INSTANCE', 'RDS_DB_CLUSTER'],
        },
      },
    );
    for await (const page of pages)
      for (const r of page.MonitoredResourceIdentifiers ?? [])
        if (r.MonitoredResourceName) names.add(r.MonitoredResourceName);
  } catch (err) {
    const name = (err as { name?: string } | undefined)?.name;
    if (name === 'ResourceNotFoundException')
      return { enabled: false, coveredResourceArns: [], coversAll: false };
    if (isEndpointUnavailable(err)) {
      ctx.gap({
        service: 'rds',
        slice: 'rds.devOpsGuru',
        code: 'NotSupported',
        action: A.devOpsGuru,
        message: `Amazon DevOps Guru has no endpoint in ${ctx.region}; its RDS coverage cannot be known there.`,
      });
      return undefined;
    }
    ctx.gap(toGap(err, { service: 'rds', slice: 'rds.devOpsGuru', action: A.devOpsGuru }));
    return undefined;
  }
  // Monitored resources are named by identifier (the name pattern has no ':'), a cluster covering its members.
  const coveredClusters = clusters.filter((c) => names.has(c.clusterId));
  const coveredInstances = instances.filter(
    (i) =>
      names.has(i.dbInstanceId) ||
      (i.resourceId !== undefined && names.has(i.resourceId)) ||
      (i.clusterId !== undefined && names.has(i.clusterId)),
  );
  const enabled = names.size > 0;
  return {
    enabled,
    coveredResourceArns: [...coveredInstances.map((i) => i.arn), ...coveredClusters.map((c) => c.arn)].sort(),
    coversAll: enabled && coveredInstances.length === instances.length,
  };
}

export const rdsCollector: Collector = {
  service: 'rds',
  iamActions: Object.values(A),
  async collect(ctx) {
    const client = ctx.clients.get(RDSClient);
    const instances: RdsInstance[] = [];
    const clusters: RdsCluster[] = [];
    // On a failed page, what was read is kept and the gap marks the list incomplete.
    await guard(ctx, { service: 'rds', slice: 'rds.instances', action: A.instances }, async () => {
      for await (const page of paginateDescribeDBInstances({ client, pageSize: RDS_PAGE_SIZE }, {})) {
        for (const i of page.DBInstances ?? []) {
          const n = normalizeDbInstance(i);
          if (n && !OTHER_SERVICE_ENGINES.has(n.engine)) instances.push(n);
        }
      }
    });
    await guard(ctx, { service: 'rds', slice: 'rds.clusters', action: A.clusters }, async () => {
      for await (const page of paginateDescribeDBClusters({ client, pageSize: RDS_PAGE_SIZE }, {})) {
        for (const c of page.DBClusters ?? []) {
          const n = normalizeDbCluster(c);
          if (n && !OTHER_SERVICE_ENGINES.has(n.engine)) clusters.push(n);
        }
      }
    });

    const slice: RdsSlice = { instances, clusters, parameterGroups: {}, proxies: [] };
    if (instances.length === 0 && clusters.length === 0) return { rds: slice };

    const insights = new Map<string, boolean>();
    const [parameterGroups, proxies, orderableClasses, devOpsGuru, classFacts] = await Promise.all([
      collectParameterGroups(ctx, client, instances, clusters),
      collectProxies(ctx, client),
      collectOrderable(ctx, client, instances, insights),
      collectDevOpsGuru(ctx, instances, clusters),
      collectClassFacts(ctx, instances),
    ]);
    slice.parameterGroups = parameterGroups;
    slice.proxies = proxies;
    if (orderableClasses) slice.orderableClasses = orderableClasses;
    if (classFacts) slice.classFacts = classFacts;
    if (devOpsGuru) slice.devOpsGuru = devOpsGuru;
    // Performance Insights support of each instance's class, engine and version, from the same live data.
    for (const i of instances) {
      const supported = insights.get(`${i.engine}|${i.engineVersion ?? ''}|${i.dbInstanceClass}`);
      if (supported !== undefined) i.performanceInsightsSupported = supported;
    }

    for (const i of instances) {
      for (const m of RDS_METRICS)
        ctx.metrics.request({
          namespace: 'AWS/RDS',
          dimensions: { DBInstanceIdentifier: i.dbInstanceId },
          ...m,
        });
    }
    return { rds: slice };
  },
};
