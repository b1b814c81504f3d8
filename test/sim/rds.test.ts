import { describe, expect, it } from 'vitest';
import {
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeOrderableDBInstanceOptionsCommand,
  RDSClient,
  paginateDescribeDBParameters,
  type DescribeDBInstancesCommandOutput,
  type Parameter,
} from '@aws-sdk/client-rds';
import { DevOpsGuruClient, ListMonitoredResourcesCommand } from '@aws-sdk/client-devops-guru';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { rdsSimState } from '#lib/sim/rds.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

const REGION = 'eu-west-1';
const mean = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0) / xs.length;

function series(account: SimAccount, id: string, metricName: string, stat = 'Average') {
  const end = account.options.now;
  return account.metricValues(
    {
      namespace: 'AWS/RDS',
      metricName,
      dimensions: { DBInstanceIdentifier: id },
      stat,
      periodSeconds: 3600,
      start: new Date(end.getTime() - 14 * 86_400_000),
      end,
    },
    REGION,
  );
}

describe('RDS simulator', () => {
  it('is deterministic, busy only in busy regions, and grows with scale', () => {
    const a = rdsSimState(createSimulatedAccount(), REGION);
    const b = rdsSimState(createSimulatedAccount(), REGION);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(rdsSimState(createSimulatedAccount(), 'eu-central-1').instances).toEqual([]);
    expect(rdsSimState(createSimulatedAccount({ scale: 3 }), REGION).instances.length).toBe(
      a.instances.length * 3,
    );
  });

  it('answers DescribeDBInstances in the SDK shape and enforces the 100 page cap', async () => {
    const account = createSimulatedAccount();
    const client = simClientFactory(account, REGION).get(RDSClient);
    const out: DescribeDBInstancesCommandOutput = await client.send(
      new DescribeDBInstancesCommand({ MaxRecords: 20 }),
    );
    expect(out.DBInstances).toHaveLength(Math.min(20, rdsSimState(account, REGION).instances.length));
    expect(out.DBInstances?.[0]?.DBParameterGroups?.[0]?.DBParameterGroupName).toBeTruthy();
    await expect(client.send(new DescribeDBInstancesCommand({ MaxRecords: 101 }))).rejects.toThrow(
      /MaxRecords/,
    );
    await expect(
      client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' })),
    ).rejects.toMatchObject({ name: 'DBInstanceNotFound' });
  });

  it('serves whole parameter groups over several pages, and only the named ones with the parameter-name filter', async () => {
    const client = simClientFactory(createSimulatedAccount(), REGION).get(RDSClient);
    const all: Parameter[] = [];
    let pages = 0;
    for await (const p of paginateDescribeDBParameters(
      { client, pageSize: 100 },
      { DBParameterGroupName: 'default.mysql8.0' },
    )) {
      pages++;
      all.push(...(p.Parameters ?? []));
    }
    expect(pages).toBeGreaterThan(3);
    const filtered = await client.send(
      new DescribeDBParametersCommand({
        DBParameterGroupName: 'orders-mysql80',
        Filters: [{ Name: 'parameter-name', Values: ['slow_query_log', 'long_query_time'] }],
      }),
    );
    expect(filtered.Parameters?.map((p) => [p.ParameterName, p.ParameterValue, p.Source])).toEqual([
      ['long_query_time', '10', 'user'],
      ['slow_query_log', '0', 'user'],
    ]);
    expect(all.find((p) => p.ParameterName === 'slow_query_log')).toMatchObject({ Source: 'engine-default' });
    expect(all.find((p) => p.ParameterName === 'slow_query_log')?.ParameterValue).toBeUndefined();
    await expect(
      client.send(new DescribeDBParametersCommand({ DBParameterGroupName: 'nope' })),
    ).rejects.toMatchObject({ name: 'DBParameterGroupNotFound' });
  });

  it('does not offer the previous-generation classes the fleet runs on', async () => {
    const account = createSimulatedAccount();
    const client = simClientFactory(account, REGION).get(RDSClient);
    const st = rdsSimState(account, REGION);
    for (const id of ['legacy-mysql', 'legacy-pg', 'warehouse-mariadb']) {
      const i = st.instances.find((x) => x.DBInstanceIdentifier === id);
      const out = await client.send(
        new DescribeOrderableDBInstanceOptionsCommand({
          Engine: i?.Engine,
          EngineVersion: i?.EngineVersion,
          MaxRecords: 1000,
        }),
      );
      const classes = new Set(out.OrderableDBInstanceOptions?.map((o) => o.DBInstanceClass));
      expect(classes.size).toBeGreaterThan(10);
      expect(classes.has(i?.DBInstanceClass)).toBe(false);
      expect(out.Marker).toBeUndefined();
    }
    await expect(
      client.send(new DescribeOrderableDBInstanceOptionsCommand({ Engine: 'mysql', MaxRecords: 1001 })),
    ).rejects.toThrow(/MaxRecords/);
  });

  it('publishes read-heavy, idle and absent workloads as metrics', () => {
    const account = createSimulatedAccount();
    const reads = series(account, 'orders-mysql', 'ReadIOPS');
    expect(reads).toHaveLength(14 * 24);
    expect(mean(reads)).toBeGreaterThan(10 * mean(series(account, 'orders-mysql', 'WriteIOPS')));
    expect(mean(series(account, 'orders-mysql', 'CPUUtilization'))).toBeGreaterThan(60);
    expect(
      Math.max(...(series(account, 'orders-mysql', 'CPUUtilization', 'Maximum') as number[])),
    ).toBeGreaterThan(90);
    expect(
      Math.max(...(series(account, 'idle-mysql', 'CPUUtilization', 'Maximum') as number[])),
    ).toBeLessThan(15);
    expect(series(account, 'archive-postgres', 'CPUUtilization')).toEqual([]);
  });

  it('lists DevOps Guru monitored resources filtered by type and permission, 50 at most per page', async () => {
    const account = createSimulatedAccount();
    const client = simClientFactory(account, REGION).get(DevOpsGuruClient as never) as DevOpsGuruClient;
    const out = await client.send(
      new ListMonitoredResourcesCommand({
        Filters: { ResourcePermission: 'FULL_PERMISSION', ResourceTypeFilters: ['RDS_DB_INSTANCE'] },
        MaxResults: 50,
      }),
    );
    expect(out.MonitoredResourceIdentifiers?.map((r) => r.MonitoredResourceName).sort()).toEqual([
      'billing-postgres',
      'catalog-mysql',
    ]);
    await expect(client.send(new ListMonitoredResourcesCommand({ MaxResults: 51 }))).rejects.toThrow(
      /MaxResults/,
    );
  });
});
