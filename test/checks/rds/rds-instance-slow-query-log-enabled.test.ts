import { describe, expect, it } from 'vitest';
import { rdsInstanceSlowQueryLogEnabled as check } from '#lib/checks/rds/rds-instance-slow-query-log-enabled.js';
import {
  aGapOn,
  aParameterGroup,
  aSnapshot,
  anRdsCluster,
  anRdsInstance,
  parameterGroupsOf,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { RdsInstance } from '#lib/model/index.js';

function mysql(params: Record<string, string | undefined>, thresholds: Record<string, number> = {}) {
  const snapshot = aSnapshot({
    rds: {
      instances: [anRdsInstance()],
      parameterGroups: parameterGroupsOf(aParameterGroup('orders-mysql80', params)),
    },
  });
  return runCheck(check, snapshot, thresholds)[0];
}

function postgres(value: string | undefined) {
  const db: Partial<RdsInstance> = {
    engine: 'postgres',
    parameterGroups: ['pg16'],
    enabledCloudwatchLogsExports: ['postgresql'],
  };
  const snapshot = aSnapshot({
    rds: {
      instances: [anRdsInstance(db)],
      parameterGroups: parameterGroupsOf(aParameterGroup('pg16', { log_min_duration_statement: value })),
    },
  });
  return runCheck(check, snapshot)[0];
}

describe('rds-instance-slow-query-log-enabled', () => {
  it('does not judge a stopped or stopping instance', () => {
    const snapshot = aSnapshot({
      rds: {
        instances: [
          anRdsInstance({ dbInstanceId: 'stopped', status: 'stopped' }),
          anRdsInstance({ dbInstanceId: 'stopping', status: 'stopping' }),
          anRdsInstance({ dbInstanceId: 'up', status: 'available' }),
        ],
        parameterGroups: parameterGroupsOf(aParameterGroup('orders-mysql80', {})),
      },
    });
    expect(runCheck(check, snapshot).map((r) => [r.resourceId, r.status])).toEqual([['up', 'fail']]);
  });

  it('passes MySQL with slow_query_log=1 and long_query_time within the threshold', () => {
    const r = mysql({ slow_query_log: '1', long_query_time: '2' });
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'orders-db (mysql) logs statements slower than 2 s (slow_query_log=1, long_query_time=2 s).',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'long_query_time', value: 2, threshold: '<= 10' }),
    );
  });

  it('fails MySQL when slow_query_log is left at the default', () => {
    const r = mysql({ slow_query_log: undefined });
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'orders-db (mysql) does not log slow queries: slow_query_log=unset (off), long_query_time=10 s.',
    );
  });

  it('fails MySQL when log_output=NONE discards the log', () => {
    const r = mysql({ slow_query_log: '1', log_output: 'NONE' });
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('log_output=NONE');
  });

  it('fails (low) a threshold above maxLongQueryTimeSeconds, and passes once the threshold is raised', () => {
    const r = mysql({ slow_query_log: 'ON', long_query_time: '30' });
    expect(r).toMatchObject({ status: 'fail', severity: 'low' });
    expect(r?.message).toContain('above the 10 s threshold');
    expect(
      mysql({ slow_query_log: 'ON', long_query_time: '30' }, { maxLongQueryTimeSeconds: 60 })?.status,
    ).toBe('pass');
  });

  it('reads the MariaDB alias log_slow_query', () => {
    expect(mysql({ log_slow_query: '1', log_slow_query_time: '1' })?.status).toBe('pass');
  });

  it('reads log_min_duration_statement for PostgreSQL (-1 or unset = off)', () => {
    const on = postgres('500');
    expect(on?.status).toBe('pass');
    expect(on?.message).toBe(
      'orders-db (postgres) logs statements slower than 0.5 s (log_min_duration_statement=500 ms).',
    );
    expect(postgres('-1')?.status).toBe('fail');
    expect(postgres(undefined)?.message).toBe(
      'orders-db (postgres) does not log slow queries: log_min_duration_statement=unset (-1, off).',
    );
  });

  it('reads Aurora settings from the cluster parameter group, with explicit instance values taking precedence', () => {
    const cluster = anRdsCluster({
      clusterId: 'aur',
      members: [{ dbInstanceId: 'aur-1', isWriter: true }],
      clusterParameterGroup: 'aur-cpg',
    });
    const db = anRdsInstance({
      dbInstanceId: 'aur-1',
      engine: 'aurora-mysql',
      clusterId: 'aur',
      parameterGroups: ['aur-pg'],
      storageType: 'aurora',
    });
    const run = (instanceParams: Record<string, string | undefined>) =>
      runCheck(
        check,
        aSnapshot({
          rds: {
            instances: [db],
            clusters: [cluster],
            parameterGroups: parameterGroupsOf(
              aParameterGroup('aur-pg', instanceParams),
              aParameterGroup('aur-cpg', { slow_query_log: '1', long_query_time: '1' }, 'cluster'),
            ),
          },
        }),
      )[0];
    expect(run({ slow_query_log: undefined })?.status).toBe('pass');
    expect(run({ slow_query_log: '0' })?.status).toBe('fail');
  });

  it('is unknown when a parameter group in use was not collected', () => {
    const r = runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance()] } }))[0];
    expect(r?.status).toBe('unknown');
    expect(r?.message).toBe(
      'orders-db: parameter group settings were not collected (instance:orders-mysql80).',
    );
  });

  it('is unknown for Aurora when the cluster parameter group is not known, and under a parameterGroups gap', () => {
    const db = anRdsInstance({ engine: 'aurora-postgresql', clusterId: 'gone', parameterGroups: [] });
    expect(runCheck(check, aSnapshot({ rds: { instances: [db] } }))[0]?.status).toBe('unknown');
    const gapped = withGaps(
      aSnapshot({
        rds: {
          instances: [anRdsInstance()],
          parameterGroups: parameterGroupsOf(aParameterGroup('orders-mysql80', { slow_query_log: '1' })),
        },
      }),
      aGapOn('rds.parameterGroups'),
    );
    expect(runCheck(check, gapped).map((r) => r.status)).toEqual(['unknown']);
  });

  it('skips engines without a slow query log parameter', () => {
    expect(
      runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance({ engine: 'oracle-ee' })] } })),
    ).toEqual([]);
  });
});
