/**
 * Kills the mutants the rds-instance-slow-query-log-enabled suite left alive (npm run mutation; docs/testing.md):
 * the full evidence of each outcome (parameter groups, exported logs, each parameter and where it came from),
 * the accepted spellings of "on", empty values, both sides of the long_query_time and log_min_duration_statement
 * thresholds, and the parameter groups that were not collected.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstanceSlowQueryLogEnabled as check } from '#lib/checks/rds/rds-instance-slow-query-log-enabled.js';
import type { RdsInstance, RdsSlice } from '#lib/model/index.js';
import {
  aParameterGroup,
  aSnapshot,
  anRdsCluster,
  anRdsInstance,
  parameterGroupsOf,
  runCheck,
} from '#test/builders/index.js';

const ID = 'orders-db';
const base = (id: string) => ({
  resourceType: 'AWS::RDS::DBInstance',
  resourceId: id,
  resourceArn: `arn:aws:rds:eu-west-1:123456789012:db:${id}`,
  resourceName: id,
});
const run = (rds: Partial<RdsSlice>, thresholds: Record<string, number> = {}) =>
  runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance()], ...rds } }), thresholds);

/** One MySQL instance whose one parameter group holds `params`; `db` overrides the instance. */
const mysql = (
  params: Record<string, string | undefined>,
  db: Partial<RdsInstance> = {},
  thresholds: Record<string, number> = {},
) =>
  run(
    {
      instances: [anRdsInstance(db)],
      parameterGroups: parameterGroupsOf(aParameterGroup('orders-mysql80', params)),
    },
    thresholds,
  );

const GROUP = {
  label: 'Parameter groups',
  value: 'instance:orders-mysql80',
  source: 'rds:DescribeDBParameters',
};
const exported = (value: string) => ({ label: 'Logs published to CloudWatch Logs', value });
const slowLog = (value: string, source?: string) => ({
  label: 'slow_query_log',
  value,
  threshold: '1',
  source,
});
const longTime = (value: number, source = 'engine default', max = 10) => ({
  label: 'long_query_time',
  value,
  unit: 'seconds',
  threshold: `<= ${max}`,
  source,
});
const PG = 'instance:orders-mysql80';

describe('rds-instance-slow-query-log-enabled (mutation kills)', () => {
  it('MySQL pass: the full evidence, each value with the group it came from', () => {
    expect(mysql({ slow_query_log: '1', long_query_time: '2' })).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message: 'orders-db (mysql) logs statements slower than 2 s (slow_query_log=1, long_query_time=2 s).',
        evidence: [GROUP, exported('slowquery'), slowLog('1', PG), longTime(2, PG)],
      },
    ]);
  });

  it('MySQL with nothing set: off, the defaults named, no log exported', () => {
    expect(mysql({}, { enabledCloudwatchLogsExports: [] })).toEqual([
      {
        ...base(ID),
        status: 'fail',
        message:
          'orders-db (mysql) does not log slow queries: slow_query_log=unset (off), long_query_time=10 s.',
        evidence: [GROUP, exported('none'), slowLog('unset (default 0)'), longTime(10)],
      },
    ]);
  });

  it('lists only the slow-query and PostgreSQL logs among the exported logs', () => {
    const exports = ['error', 'slowquery', 'general', 'postgresql', 'audit'];
    const [r] = mysql({ slow_query_log: '1' }, { enabledCloudwatchLogsExports: exports });
    expect(r?.evidence[1]).toEqual(exported('slowquery, postgresql'));
    const [errorOnly] = mysql({ slow_query_log: '1' }, { enabledCloudwatchLogsExports: ['error', 'audit'] });
    expect(errorOnly?.evidence[1]).toEqual(exported('none'));
  });

  it('log_output is evidence when set; NONE discards the log even when slow_query_log is unset', () => {
    expect(mysql({ slow_query_log: 'ON', log_output: 'FILE' })).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message:
          'orders-db (mysql) logs statements slower than 10 s (slow_query_log=ON, long_query_time=10 s).',
        evidence: [
          GROUP,
          exported('slowquery'),
          slowLog('ON', PG),
          longTime(10),
          { label: 'log_output', value: 'FILE', source: PG },
        ],
      },
    ]);
    expect(mysql({ log_output: ' none ' })).toEqual([
      {
        ...base(ID),
        status: 'fail',
        message: 'orders-db (mysql) does not log slow queries: slow_query_log=unset but log_output=NONE.',
        evidence: [
          GROUP,
          exported('slowquery'),
          slowLog('unset (default 0)'),
          longTime(10),
          { label: 'log_output', value: ' none ', source: PG },
        ],
      },
    ]);
    expect(mysql({ slow_query_log: '1', log_output: 'NONE' })[0]?.message).toBe(
      'orders-db (mysql) does not log slow queries: slow_query_log=1 but log_output=NONE.',
    );
  });

  it('accepts 1, ON and TRUE in any case and with spaces; 0, OFF and other values are off', () => {
    for (const on of ['1', 'on', 'ON', 'true', 'TRUE', ' 1 ', ' On'])
      expect(mysql({ slow_query_log: on })[0]?.status, on).toBe('pass');
    for (const off of ['0', 'off', 'OFF', 'false', 'yes', '2'])
      expect(mysql({ slow_query_log: off })[0]?.status, off).toBe('fail');
  });

  it('an empty value is unset: the engine default, or the next group (Aurora cluster) decides', () => {
    const [r] = mysql({ slow_query_log: '', long_query_time: '' });
    expect(r?.evidence.slice(2)).toEqual([slowLog('unset (default 0)'), longTime(10)]);
    const aurora = anRdsInstance({
      engine: 'aurora-mysql',
      clusterId: 'aur',
      parameterGroups: ['aur-pg'],
      storageType: 'aurora',
    });
    const results = run({
      instances: [aurora],
      clusters: [anRdsCluster({ clusterId: 'aur', clusterParameterGroup: 'aur-cpg' })],
      parameterGroups: parameterGroupsOf(
        aParameterGroup('aur-pg', { slow_query_log: '', long_query_time: '5' }),
        aParameterGroup('aur-cpg', { slow_query_log: '1', long_query_time: '1' }, 'cluster'),
      ),
    });
    expect(results).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message:
          'orders-db (aurora-mysql) logs statements slower than 5 s (slow_query_log=1, long_query_time=5 s).',
        evidence: [
          {
            label: 'Parameter groups',
            value: 'instance:aur-pg, cluster:aur-cpg',
            source: 'rds:DescribeDBParameters',
          },
          exported('slowquery'),
          slowLog('1', 'cluster:aur-cpg'),
          longTime(5, 'instance:aur-pg'),
        ],
      },
    ]);
  });

  it('reads the MariaDB aliases log_slow_query and log_slow_query_time', () => {
    expect(mysql({ log_slow_query: '1', log_slow_query_time: '0.5' }, { engine: 'mariadb' })).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message:
          'orders-db (mariadb) logs statements slower than 0.5 s (slow_query_log=1, long_query_time=0.5 s).',
        evidence: [GROUP, exported('slowquery'), slowLog('1', PG), longTime(0.5, PG)],
      },
    ]);
  });

  it('long_query_time: exactly the threshold passes, just above fails (low), a non-number fails', () => {
    expect(mysql({ slow_query_log: '1', long_query_time: '10' })[0]?.status).toBe('pass');
    expect(mysql({ slow_query_log: '1', long_query_time: '10.5' })).toEqual([
      {
        ...base(ID),
        status: 'fail',
        severity: 'low',
        message:
          'orders-db (mysql) logs only statements slower than 10.5 s (slow_query_log=1, long_query_time=10.5 s), above the 10 s threshold.',
        evidence: [GROUP, exported('slowquery'), slowLog('1', PG), longTime(10.5, PG)],
      },
    ]);
    expect(
      mysql({ slow_query_log: '1', long_query_time: '2' }, {}, { maxLongQueryTimeSeconds: 2 })[0],
    ).toMatchObject({
      status: 'pass',
      evidence: expect.arrayContaining([longTime(2, PG, 2)]),
    });
    expect(mysql({ slow_query_log: '1', long_query_time: 'abc' })[0]).toMatchObject({
      status: 'fail',
      severity: 'low',
    });
  });

  describe('PostgreSQL', () => {
    const pg = (value: string | undefined, exports = ['postgresql']) =>
      run({
        instances: [
          anRdsInstance({
            engine: 'postgres',
            parameterGroups: ['pg16'],
            enabledCloudwatchLogsExports: exports,
          }),
        ],
        parameterGroups: parameterGroupsOf(aParameterGroup('pg16', { log_min_duration_statement: value })),
      });
    const dur = (value: string, source = 'instance:pg16') => ({
      label: 'log_min_duration_statement',
      value,
      unit: 'ms',
      threshold: '>= 0 and <= 10000',
      source,
    });
    const pgGroup = { label: 'Parameter groups', value: 'instance:pg16', source: 'rds:DescribeDBParameters' };

    it('the full evidence of a pass, and of the default (off)', () => {
      expect(pg('500')).toEqual([
        {
          ...base(ID),
          status: 'pass',
          message:
            'orders-db (postgres) logs statements slower than 0.5 s (log_min_duration_statement=500 ms).',
          evidence: [pgGroup, exported('postgresql'), dur('500')],
        },
      ]);
      expect(pg(undefined, [])).toEqual([
        {
          ...base(ID),
          status: 'fail',
          message:
            'orders-db (postgres) does not log slow queries: log_min_duration_statement=unset (-1, off).',
          evidence: [pgGroup, exported('none'), dur('unset (default -1)', 'engine default')],
        },
      ]);
    });

    it('0 ms logs every statement (on); -1 is off; the threshold is exact at 10,000 ms', () => {
      expect(pg('0')[0]).toMatchObject({
        status: 'pass',
        message: 'orders-db (postgres) logs statements slower than 0 s (log_min_duration_statement=0 ms).',
      });
      expect(pg('-1')[0]).toMatchObject({
        status: 'fail',
        message: 'orders-db (postgres) does not log slow queries: log_min_duration_statement=-1 ms.',
      });
      expect(pg('10000')[0]?.status).toBe('pass');
      expect(pg('10001')).toEqual([
        {
          ...base(ID),
          status: 'fail',
          severity: 'low',
          message:
            'orders-db (postgres) logs only statements slower than 10.001 s (log_min_duration_statement=10001 ms), above the 10 s threshold.',
          evidence: [pgGroup, exported('postgresql'), dur('10001')],
        },
      ]);
    });
  });

  describe('parameter groups not collected', () => {
    const unknown = (missing: string) => [
      {
        ...base(ID),
        status: 'unknown',
        message: `orders-db: parameter group settings were not collected (${missing}).`,
        evidence: [
          { label: 'Parameter groups not collected', value: missing, source: 'rds:DescribeDBParameters' },
        ],
      },
    ];

    it('names every group that is missing', () => {
      expect(run({ instances: [anRdsInstance({ parameterGroups: ['a', 'b'] })] })).toEqual(
        unknown('instance:a, instance:b'),
      );
    });

    it('Aurora: the cluster parameter group of its own cluster, or of an unknown cluster', () => {
      const aurora = (clusterId?: string) =>
        anRdsInstance({ engine: 'aurora-mysql', clusterId, parameterGroups: [], storageType: 'aurora' });
      const other = anRdsCluster({ clusterId: 'other', clusterParameterGroup: 'other-cpg' });
      const groups = parameterGroupsOf(aParameterGroup('other-cpg', { slow_query_log: '1' }, 'cluster'));
      expect(run({ instances: [aurora('aur')], clusters: [other], parameterGroups: groups })).toEqual(
        unknown('cluster parameter group of aur'),
      );
      expect(run({ instances: [aurora(undefined)], clusters: [other], parameterGroups: groups })).toEqual(
        unknown('cluster parameter group of an unknown cluster'),
      );
    });
  });
});
