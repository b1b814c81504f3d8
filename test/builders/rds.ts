import type {
  MetricSummary,
  RdsCluster,
  RdsInstance,
  RdsParameterGroupFacts,
  RdsProxy,
} from '#lib/model/index.js';
import { aSeriesSummary } from './metrics.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';

export const TEST_DB_ID = 'orders-db';

/** An available RDS for MySQL 8.0 db.m6g.large on gp3 with Performance Insights and Enhanced Monitoring on. */
export function anRdsInstance(overrides: Partial<RdsInstance> = {}): RdsInstance {
  const dbInstanceId = overrides.dbInstanceId ?? TEST_DB_ID;
  return {
    dbInstanceId,
    arn: `arn:aws:rds:${TEST_REGION}:${TEST_ACCOUNT_ID}:db:${dbInstanceId}`,
    resourceId: `db-${dbInstanceId.toUpperCase()}`,
    dbInstanceClass: 'db.m6g.large',
    engine: 'mysql',
    engineVersion: '8.0.39',
    status: 'available',
    storageType: 'gp3',
    allocatedStorageGiB: 100,
    iops: 3000,
    multiAz: false,
    performanceInsightsEnabled: true,
    monitoringIntervalSeconds: 60,
    readReplicaIds: [],
    parameterGroups: ['orders-mysql80'],
    enabledCloudwatchLogsExports: ['slowquery'],
    tags: {},
    ...overrides,
  };
}

/** An Aurora MySQL cluster with one writer (`${id}-1`) and no readers. */
export function anRdsCluster(overrides: Partial<RdsCluster> = {}): RdsCluster {
  const clusterId = overrides.clusterId ?? 'orders-aurora';
  return {
    clusterId,
    arn: `arn:aws:rds:${TEST_REGION}:${TEST_ACCOUNT_ID}:cluster:${clusterId}`,
    engine: 'aurora-mysql',
    engineVersion: '8.0.mysql_aurora.3.08.0',
    members: [{ dbInstanceId: `${clusterId}-1`, isWriter: true }],
    clusterParameterGroup: `${clusterId}-cluster-params`,
    storageType: 'aurora',
    enabledCloudwatchLogsExports: [],
    tags: {},
    ...overrides,
  };
}

/** The performance parameters of one (cluster) parameter group. */
export function aParameterGroup(
  name: string,
  parameters: Record<string, string | undefined> = {},
  kind: RdsParameterGroupFacts['kind'] = 'instance',
): RdsParameterGroupFacts {
  return { name, kind, family: 'mysql8.0', parameters };
}

/** The `rds.parameterGroups` record (key `${kind}:${name}`). */
export function parameterGroupsOf(
  ...groups: RdsParameterGroupFacts[]
): Record<string, RdsParameterGroupFacts> {
  return Object.fromEntries(groups.map((g) => [`${g.kind}:${g.name}`, g]));
}

export function anRdsProxy(overrides: Partial<RdsProxy> = {}): RdsProxy {
  const name = overrides.name ?? 'orders-proxy';
  return {
    name,
    arn: `arn:aws:rds:${TEST_REGION}:${TEST_ACCOUNT_ID}:db-proxy:prx-${name}`,
    engineFamily: 'MYSQL',
    status: 'available',
    targets: [TEST_DB_ID],
    ...overrides,
  };
}

/** A summary of an AWS/RDS per-instance series (dims {DBInstanceIdentifier}). */
export function anRdsMetricSummary(
  dbInstanceId: string,
  metricName: string,
  stat: string,
  periodSeconds: number,
  values: readonly (number | null)[],
): MetricSummary {
  return aSeriesSummary(values, {
    namespace: 'AWS/RDS',
    metricName,
    dimensions: { DBInstanceIdentifier: dbInstanceId },
    stat,
    periodSeconds,
  });
}
