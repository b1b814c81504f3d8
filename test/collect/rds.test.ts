import { describe, expect, it } from 'vitest';
import { createSimulatedAccount, SimAccount, type SimServiceModule } from '#lib/sim/index.js';
import { rdsSim, rdsSimState } from '#lib/sim/rds.js';
import { ec2Sim } from '#lib/sim/ec2.js';
import { iamActionFor } from '#lib/collect/iam.js';
import {
  RDS_METRICS,
  RDS_PAGE_SIZE,
  RDS_PERF_PARAMETERS,
  ORDERABLE_PAGE_SIZE,
  ec2TypeForDbClass,
  rdsCollector,
} from '#lib/collect/rds.js';
import { metricKey, type RdsSlice } from '#lib/model/index.js';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { simCollectorContext } from '#test/helpers/sim-clients.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { collectUnit } from '#lib/collect/unit.js';
import { DEFAULT_SIM_OPTIONS } from '#lib/sim/index.js';

const REGION = 'eu-west-1';

async function collect(account: SimAccount, region = REGION, maxFollowUpCalls?: number) {
  const ctx = simCollectorContext(account, region);
  if (maxFollowUpCalls !== undefined) ctx.limits.maxFollowUpCalls = maxFollowUpCalls;
  const out = await rdsCollector.collect(ctx);
  return { ctx, rds: out.rds as RdsSlice };
}

const byId = (rds: RdsSlice, id: string) => {
  const i = rds.instances.find((x) => x.dbInstanceId === id);
  if (!i) throw new Error(`no instance ${id}`);
  return i;
};

describe('rdsCollector over the simulated account', () => {
  it('normalizes instances, clusters, replicas and storage', async () => {
    const account = createSimulatedAccount();
    const { rds, ctx } = await collect(account);

    expect(ctx.gaps).toEqual([]);
    expect(rds.instances).toHaveLength(rdsSimState(account, REGION).instances.length);
    const orders = byId(rds, 'orders-mysql');
    expect(orders).toMatchObject({
      arn: `arn:aws:rds:${REGION}:${account.accountId}:db:orders-mysql`,
      dbInstanceClass: 'db.m5.large',
      engine: 'mysql',
      engineVersion: '8.0.35',
      storageType: 'gp2',
      allocatedStorageGiB: 500,
      performanceInsightsEnabled: false,
      monitoringIntervalSeconds: 0,
      parameterGroups: ['orders-mysql80'],
      readReplicaIds: [],
      tags: { app: 'orders', env: 'prod' },
    });
    expect(orders.resourceId).toMatch(/^db-[A-Z0-9]{26}$/);
    expect(orders.clusterId).toBeUndefined();

    expect(byId(rds, 'catalog-mysql')).toMatchObject({
      performanceInsightsEnabled: true,
      monitoringIntervalSeconds: 60,
      readReplicaIds: ['catalog-mysql-replica-1'],
    });
    expect(byId(rds, 'catalog-mysql-replica-1').readReplicaSourceId).toBe('catalog-mysql');
    expect(byId(rds, 'billing-postgres')).toMatchObject({ storageType: 'io1', iops: 10000 });
    expect(byId(rds, 'legacy-mysql')).toMatchObject({
      storageType: 'standard',
      dbInstanceClass: 'db.m4.large',
    });
    expect(byId(rds, 'shop-aurora-2')).toMatchObject({
      clusterId: 'shop-aurora',
      storageType: 'aurora',
      performanceInsightsEnabled: false,
    });
    expect(byId(rds, 'archive-postgres').status).toBe('stopped');

    const shop = rds.clusters.find((c) => c.clusterId === 'shop-aurora');
    expect(shop).toMatchObject({
      engine: 'aurora-mysql',
      clusterParameterGroup: 'shop-aurora-mysql80-cluster',
      serverless: false,
      members: [
        { dbInstanceId: 'shop-aurora-1', isWriter: true },
        { dbInstanceId: 'shop-aurora-2', isWriter: false },
      ],
    });
    expect(rds.clusters.find((c) => c.clusterId === 'events-aurora-pg')).toMatchObject({
      serverless: true,
      storageType: 'aurora-iopt1',
    });
  });

  it('reads only the performance parameters of the groups in use, defaults included, once per group', async () => {
    const account = createSimulatedAccount();
    const { rds } = await collect(account);

    expect(rds.parameterGroups['instance:orders-mysql80']?.parameters.slow_query_log).toBe('0');
    expect(rds.parameterGroups['instance:catalog-mysql80']?.parameters).toMatchObject({
      slow_query_log: '1',
      long_query_time: '1',
    });
    expect(rds.parameterGroups['instance:reports-pg14']?.parameters.log_min_duration_statement).toBe('-1');
    expect(rds.parameterGroups['instance:billing-pg15']?.parameters.log_min_duration_statement).toBe('500');
    expect(rds.parameterGroups['cluster:shop-aurora-mysql80-cluster']).toMatchObject({
      kind: 'cluster',
      parameters: { slow_query_log: '1', long_query_time: '2' },
    });
    // A default group: the parameter is read but has no value (the engine default, i.e. off).
    const legacy = rds.parameterGroups['instance:default.mysql5.7'];
    expect(legacy && 'slow_query_log' in legacy.parameters).toBe(true);
    expect(legacy?.parameters.slow_query_log).toBeUndefined();
    // Only the names perfscan asked for.
    for (const g of Object.values(rds.parameterGroups)) {
      for (const name of Object.keys(g.parameters)) expect(RDS_PERF_PARAMETERS).toContain(name);
    }

    const inUse = new Set(rds.instances.flatMap((i) => i.parameterGroups));
    const calls = account.callsTo('DescribeDBParametersCommand');
    expect(calls).toHaveLength(inUse.size);
    expect(new Set(calls.map((c) => c.input.DBParameterGroupName))).toEqual(inUse);
    expect(inUse.size).toBeLessThan(rds.instances.length);
    for (const c of calls) {
      expect(c.input.MaxRecords).toBe(RDS_PAGE_SIZE);
      expect(c.input.Filters).toEqual([{ Name: 'parameter-name', Values: [...RDS_PERF_PARAMETERS] }]);
      expect(c.input.Source).toBeUndefined();
    }
    expect(
      account
        .callsTo('DescribeDBClusterParametersCommand')
        .map((c) => c.input.DBClusterParameterGroupName)
        .sort(),
    ).toEqual(['default.aurora-postgresql15', 'shop-aurora-mysql80-cluster']);
  });

  it('collects proxies with their targets, orderable classes per engine and DevOps Guru coverage', async () => {
    const account = createSimulatedAccount();
    const { rds } = await collect(account);

    expect(rds.proxies.map((p) => [p.name, p.targets])).toEqual([
      ['billing-proxy', ['billing-postgres']],
      ['shop-proxy', ['shop-aurora', 'shop-aurora-1', 'shop-aurora-2']],
    ]);
    expect(rds.proxies[0]).toMatchObject({ engineFamily: 'POSTGRESQL', status: 'available' });

    expect(Object.keys(rds.orderableClasses ?? {}).sort()).toEqual([
      'aurora-mysql',
      'aurora-postgresql',
      'mariadb',
      'mysql',
      'postgres',
    ]);
    expect(rds.orderableClasses?.mysql).toContain('db.m5.large');
    expect(rds.orderableClasses?.mysql).not.toContain('db.m4.large');
    expect(rds.orderableClasses?.postgres).not.toContain('db.t2.medium');
    expect(rds.orderableClasses?.mariadb).not.toContain('db.r4.xlarge');
    expect(rds.orderableClasses?.['aurora-postgresql']).toContain('db.serverless');
    const orderable = account.callsTo('DescribeOrderableDBInstanceOptionsCommand');
    const pairs = new Set(rds.instances.map((i) => `${i.engine}|${i.engineVersion}`));
    expect(orderable).toHaveLength(pairs.size);
    for (const c of orderable) expect(c.input.MaxRecords).toBe(ORDERABLE_PAGE_SIZE);

    const arn = (id: string) => byId(rds, id).arn;
    expect(rds.devOpsGuru?.enabled).toBe(true);
    expect(rds.devOpsGuru?.coversAll).toBe(false);
    expect(rds.devOpsGuru?.coveredResourceArns).toEqual(
      expect.arrayContaining([
        arn('catalog-mysql'),
        arn('billing-postgres'),
        arn('shop-aurora-1'),
        arn('shop-aurora-2'),
      ]),
    );
    expect(rds.devOpsGuru?.coveredResourceArns).not.toContain(arn('orders-mysql'));
    const guru = account.callsTo('ListMonitoredResourcesCommand');
    expect(guru).toHaveLength(1);
    expect(guru[0]?.input).toMatchObject({
      MaxResults: 50,
      Filters: {
        ResourcePermission: 'FULL_PERMISSION',
        ResourceTypeFilters: ['RDS_DB_INSTANCE', 'RDS_DB_CLUSTER'],
      },
    });
  });

  it('queues the instance metrics on the batcher and calls exactly the declared IAM actions', async () => {
    const account = createSimulatedAccount();
    const { rds, ctx } = await collect(account);

    expect(ctx.requested).toHaveLength(rds.instances.length * RDS_METRICS.length);
    const keys = new Set(ctx.requested.map((r) => metricKey(r)));
    expect(keys).toContain(
      metricKey({
        namespace: 'AWS/RDS',
        metricName: 'ReadIOPS',
        dimensions: { DBInstanceIdentifier: 'orders-mysql' },
        stat: 'Average',
        periodSeconds: 3600,
      }),
    );
    expect(keys).toContain(
      metricKey({
        namespace: 'AWS/RDS',
        metricName: 'CPUUtilization',
        dimensions: { DBInstanceIdentifier: 'orders-mysql' },
        stat: 'Maximum',
        periodSeconds: 3600,
      }),
    );
    const called = new Set(account.calls.map((c) => iamActionFor(c.clientName, c.commandName)));
    expect(called).toEqual(new Set(rdsCollector.iamActions));
  });

  it('grows calls with ceil(N / page size), and parameter reads with distinct groups, not instances', async () => {
    const account = createSimulatedAccount({ scale: 20 });
    const { rds, ctx } = await collect(account);
    const n = rds.instances.length;

    expect(n).toBeGreaterThan(200);
    expect(n).toBeLessThanOrEqual(300);
    expect(account.callsTo('DescribeDBInstancesCommand')).toHaveLength(Math.ceil(n / RDS_PAGE_SIZE));
    expect(
      account.callsTo('DescribeDBInstancesCommand').every((c) => c.input.MaxRecords === RDS_PAGE_SIZE),
    ).toBe(true);
    expect(account.callsTo('DescribeDBParametersCommand')).toHaveLength(
      new Set(rds.instances.flatMap((i) => i.parameterGroups)).size,
    );
    expect(account.callsTo('DescribeDBParametersCommand').length).toBeLessThan(15);
    expect(account.callsTo('DescribeOrderableDBInstanceOptionsCommand').length).toBeLessThan(15);
    expect(account.callsTo('DescribeDBProxyTargetsCommand')).toHaveLength(rds.proxies.length);
    expect(ctx.requested).toHaveLength(n * RDS_METRICS.length);
    expect(ctx.gaps).toEqual([]);
  });

  it('sets Performance Insights support per instance from SupportsPerformanceInsights of its orderable options', async () => {
    const account = createSimulatedAccount();
    const { rds } = await collect(account);
    const known = rds.instances.filter((i) => i.performanceInsightsSupported !== undefined);
    expect(known.length).toBeGreaterThan(0);
    // The simulator offers Performance Insights on every orderable class but the .micro and .small ones.
    for (const i of known) {
      const small = i.dbInstanceClass.includes('.micro') || i.dbInstanceClass.includes('.small');
      expect(i.performanceInsightsSupported, i.dbInstanceId).toBe(!small);
    }
    // A class no longer orderable (previous generation) has no live answer: left undefined, not false.
    for (const i of rds.instances.filter(
      (x) => !(rds.orderableClasses?.[x.engine] ?? []).includes(x.dbInstanceClass),
    ))
      expect(i.performanceInsightsSupported, i.dbInstanceId).toBeUndefined();
  });

  it('reads the memory of the DB classes in use from their EC2 types, in one filtered DescribeInstanceTypes call', async () => {
    const account = createSimulatedAccount();
    const before = account.callsTo('DescribeInstanceTypesCommand').length;
    const { rds, ctx } = await collect(account);

    const calls = account.callsTo('DescribeInstanceTypesCommand').slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input).toMatchObject({ Filters: [{ Name: 'instance-type' }] });
    expect(rds.classFacts?.['db.r6g.large']).toEqual({
      memoryMiB: 16_384,
      vcpus: 2,
      currentGeneration: true,
    });
    expect(rds.classFacts?.['db.m5.large']).toMatchObject({ memoryMiB: 8192 });
    expect(rds.classFacts?.['db.serverless']).toBeUndefined();
    expect(ec2TypeForDbClass('db.r5b.4xlarge.tpc2.mem2x')).toBeUndefined();
    expect(ec2TypeForDbClass('db.m6i.xlarge')).toBe('m6i.xlarge');
    expect(ctx.gaps.filter((g) => g.slice === 'rds.classFacts')).toEqual([]);
  });

  it('records a denied DescribeInstanceTypes as a gap on rds.classFacts only', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'DescribeInstanceTypesCommand', kind: 'accessDenied', times: Infinity }],
    });
    const { rds, ctx } = await collect(account);
    expect(rds.classFacts).toBeUndefined();
    expect(rds.instances.length).toBeGreaterThan(0);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        slice: 'rds.classFacts',
        code: 'AccessDenied',
        action: 'ec2:DescribeInstanceTypes',
      }),
    ]);
  });

  it('records AccessDenied on the instance list as a gap', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'DescribeDBInstancesCommand', kind: 'accessDenied', times: Infinity }],
    });
    const { rds, ctx } = await collect(account);
    expect(rds.instances).toEqual([]);
    expect(ctx.gaps).toContainEqual(
      expect.objectContaining({
        service: 'rds',
        slice: 'rds.instances',
        code: 'AccessDenied',
        action: 'rds:DescribeDBInstances',
      }),
    );
    expect(rds.clusters.length).toBeGreaterThan(0);
  });

  it('stops reading parameter groups after AccessDenied and records one gap on the slice', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'DescribeDBParametersCommand', kind: 'accessDenied', times: Infinity }],
    });
    const { rds, ctx } = await collect(account);
    const gaps = ctx.gaps.filter((g) => g.slice === 'rds.parameterGroups');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ code: 'AccessDenied', action: 'rds:DescribeDBParameters' });
    expect(Object.keys(rds.parameterGroups).every((k) => k.startsWith('cluster:'))).toBe(true);
    expect(account.callsTo('DescribeDBParametersCommand').length).toBeLessThanOrEqual(4);
    expect(rds.instances.length).toBeGreaterThan(0);
  });

  it('leaves orderable classes out (gap) when DescribeOrderableDBInstanceOptions is denied', async () => {
    const account = createSimulatedAccount({
      faults: [
        { commandName: 'DescribeOrderableDBInstanceOptionsCommand', kind: 'accessDenied', times: Infinity },
      ],
    });
    const { rds, ctx } = await collect(account);
    expect(rds.orderableClasses).toBeUndefined();
    expect(ctx.gaps).toContainEqual(
      expect.objectContaining({ slice: 'rds.orderableClasses', code: 'AccessDenied' }),
    );
  });

  it('tells DevOps Guru AccessDenied (gap) from DevOps Guru not covering RDS (a fact)', async () => {
    const denied = createSimulatedAccount({
      faults: [{ commandName: 'ListMonitoredResourcesCommand', kind: 'accessDenied', times: Infinity }],
    });
    const a = await collect(denied);
    expect(a.rds.devOpsGuru).toBeUndefined();
    expect(a.ctx.gaps).toEqual([
      expect.objectContaining({
        slice: 'rds.devOpsGuru',
        code: 'AccessDenied',
        action: 'devops-guru:ListMonitoredResources',
      }),
    ]);

    // Recorded shape of an account where DevOps Guru covers no RDS resource: an empty list.
    const empty: SimServiceModule = {
      clientName: 'DevOpsGuruClient',
      handlers: { ListMonitoredResourcesCommand: () => ({ MonitoredResourceIdentifiers: [] }) },
    };
    const notEnabled = new SimAccount([rdsSim, empty, ec2Sim], DEFAULT_SIM_OPTIONS);
    const b = await collect(notEnabled);
    expect(b.rds.devOpsGuru).toEqual({ enabled: false, coveredResourceArns: [], coversAll: false });
    expect(b.ctx.gaps).toEqual([]);
  });

  it('bounds per-resource follow-up calls and marks what was skipped on sub-slices', async () => {
    const account = createSimulatedAccount();
    const { rds, ctx } = await collect(account, REGION, 3);
    const paramCalls =
      account.callsTo('DescribeDBParametersCommand').length +
      account.callsTo('DescribeDBClusterParametersCommand').length;
    expect(paramCalls).toBe(3);
    expect(Object.keys(rds.parameterGroups)).toHaveLength(3);
    const skipped = ctx.gaps.filter((g) => g.slice.startsWith('rds.parameterGroups.'));
    expect(skipped.length).toBeGreaterThan(0);
    expect(ctx.gaps.some((g) => g.slice === 'rds.parameterGroups')).toBe(false);
    expect(account.callsTo('DescribeOrderableDBInstanceOptionsCommand')).toHaveLength(3);
    // Engines not fully read are absent, never partially listed.
    for (const engine of Object.keys(rds.orderableClasses ?? {})) {
      expect(ctx.gaps.some((g) => g.slice === `rds.orderableClasses.${engine}`)).toBe(false);
    }
  });

  it('makes no follow-up call in a region without databases', async () => {
    const account = createSimulatedAccount();
    const { rds, ctx } = await collect(account, 'eu-central-1');
    expect(rds).toEqual({ instances: [], clusters: [], parameterGroups: {}, proxies: [] });
    expect(account.calls.map((c) => c.commandName).sort()).toEqual([
      'DescribeDBClustersCommand',
      'DescribeDBInstancesCommand',
    ]);
    expect(ctx.requested).toEqual([]);
  });

  it('retries a throttled list call without a gap', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'DescribeDBInstancesCommand', kind: 'throttle', times: 1 }],
    });
    const { rds, ctx } = await collect(account);
    expect(ctx.gaps).toEqual([]);
    expect(rds.instances.length).toBe(rdsSimState(account, REGION).instances.length);
  });

  it('runs in a unit with only its declared actions allowed, and its series come back from the batcher', async () => {
    const account = createSimulatedAccount();
    const clients = createClientFactory({
      region: REGION,
      simulator: account,
      allowedActions: new Set([...rdsCollector.iamActions, 'cloudwatch:GetMetricData']),
    });
    const snap = await collectUnit({ accountId: account.accountId, region: REGION, global: false } as never, {
      scanId: 'test',
      services: ['rds'],
      clients,
      now: account.options.now,
    });
    expect(snap.gaps).toEqual([]);
    const reads =
      snap.metrics[
        metricKey({
          namespace: 'AWS/RDS',
          metricName: 'ReadIOPS',
          dimensions: { DBInstanceIdentifier: 'orders-mysql' },
          stat: 'Average',
          periodSeconds: 3600,
        })
      ];
    const writes =
      snap.metrics[
        metricKey({
          namespace: 'AWS/RDS',
          metricName: 'WriteIOPS',
          dimensions: { DBInstanceIdentifier: 'orders-mysql' },
          stat: 'Average',
          periodSeconds: 3600,
        })
      ];
    expect(reads?.datapoints).toBe(14 * 24);
    expect((reads?.mean ?? 0) / (writes?.mean ?? 1)).toBeGreaterThan(10);
    const stopped =
      snap.metrics[
        metricKey({
          namespace: 'AWS/RDS',
          metricName: 'CPUUtilization',
          dimensions: { DBInstanceIdentifier: 'archive-postgres' },
          stat: 'Average',
          periodSeconds: 3600,
        })
      ];
    expect(stopped?.datapoints).toBe(0);
  });

  it('leaves DocumentDB and Neptune (same API, other services) out of the RDS slice', async () => {
    // Recorded-shape answers of an account with one MySQL instance and a DocumentDB cluster.
    const instances: DBInstance[] = [
      {
        DBInstanceIdentifier: 'app-db',
        DBInstanceArn: 'arn:aws:rds:eu-west-1:111122223333:db:app-db',
        DBInstanceClass: 'db.t4g.medium',
        Engine: 'mysql',
        EngineVersion: '8.0.39',
        DBInstanceStatus: 'available',
        StorageType: 'gp3',
        AllocatedStorage: 20,
        PerformanceInsightsEnabled: false,
        MonitoringInterval: 0,
        DBParameterGroups: [{ DBParameterGroupName: 'default.mysql8.0', ParameterApplyStatus: 'in-sync' }],
        TagList: [],
      },
      {
        DBInstanceIdentifier: 'docs-1',
        DBInstanceArn: 'arn:aws:rds:eu-west-1:111122223333:db:docs-1',
        DBInstanceClass: 'db.r6g.large',
        Engine: 'docdb',
        EngineVersion: '5.0.0',
        DBInstanceStatus: 'available',
        StorageType: 'aurora',
        DBClusterIdentifier: 'docs',
        DBParameterGroups: [],
        TagList: [],
      },
    ];
    const clusters: DBCluster[] = [
      {
        DBClusterIdentifier: 'docs',
        DBClusterArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:docs',
        Engine: 'docdb',
        DBClusterParameterGroup: 'default.docdb5.0',
        DBClusterMembers: [{ DBInstanceIdentifier: 'docs-1', IsClusterWriter: true }],
      },
    ];
    const recorded: SimServiceModule = {
      clientName: 'RDSClient',
      handlers: {
        DescribeDBInstancesCommand: () => ({ DBInstances: instances }),
        DescribeDBClustersCommand: () => ({ DBClusters: clusters }),
        DescribeDBParametersCommand: () => ({
          Parameters: [
            {
              ParameterName: 'slow_query_log',
              Source: 'engine-default',
              DataType: 'boolean',
              IsModifiable: true,
            },
          ],
        }),
        DescribeDBProxiesCommand: () => ({ DBProxies: [] }),
        DescribeOrderableDBInstanceOptionsCommand: () => ({
          OrderableDBInstanceOptions: [
            {
              Engine: 'mysql',
              EngineVersion: '8.0.39',
              DBInstanceClass: 'db.t4g.medium',
              StorageType: 'gp3',
            },
          ],
        }),
      },
    };
    const guru: SimServiceModule = {
      clientName: 'DevOpsGuruClient',
      handlers: { ListMonitoredResourcesCommand: () => ({ MonitoredResourceIdentifiers: [] }) },
    };
    const account = new SimAccount([recorded, guru, ec2Sim], DEFAULT_SIM_OPTIONS);
    const { rds, ctx } = await collect(account);
    expect(ctx.gaps).toEqual([]);
    expect(rds.instances.map((i) => i.dbInstanceId)).toEqual(['app-db']);
    expect(rds.clusters).toEqual([]);
    expect(rds.parameterGroups).toEqual({
      'instance:default.mysql8.0': {
        name: 'default.mysql8.0',
        kind: 'instance',
        parameters: { slow_query_log: undefined },
      },
    });
    expect(rds.orderableClasses).toEqual({ mysql: ['db.t4g.medium'] });
    expect(account.callsTo('DescribeDBClusterParametersCommand')).toEqual([]);
    expect(ctx.requested.every((r) => r.dimensions.DBInstanceIdentifier === 'app-db')).toBe(true);
  });
});
