/**
 * Kills the mutants the rds-instance-performance-insights-enabled suite left alive (npm run mutation;
 * docs/testing.md): the full evidence of each outcome, the fallback support table engine by engine and class by
 * class (RDS for MySQL and MariaDB, Aurora MySQL under both engine names, everything else supported), and the
 * not-applicable message with and without an engine version.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstancePerformanceInsightsEnabled as check } from '#lib/checks/rds/rds-instance-performance-insights-enabled.js';
import type { RdsInstance } from '#lib/model/index.js';
import { aSnapshot, anRdsInstance, runCheck } from '#test/builders/index.js';

const ID = 'orders-db';
const BASE = {
  resourceType: 'AWS::RDS::DBInstance',
  resourceId: ID,
  resourceArn: `arn:aws:rds:eu-west-1:123456789012:db:${ID}`,
  resourceName: ID,
};
const run = (db: Partial<RdsInstance>) =>
  runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance(db)] } }));
/** PI off, no Database Insights: judged on class support. */
const off = (engine: string, dbInstanceClass: string) =>
  run({ engine, dbInstanceClass, performanceInsightsEnabled: false })[0]?.status === 'pass' ? 'n/a' : 'fail';

const insights = (enabled: boolean, mode: string | null) => [
  {
    label: 'Performance Insights enabled',
    value: enabled,
    source: 'rds:DescribeDBInstances PerformanceInsightsEnabled',
  },
  { label: 'Database Insights mode', value: mode, source: 'rds:DescribeDBInstances DatabaseInsightsMode' },
];
const TABLE = 'RDS User Guide, Database Insights engine and class support (live data not collected)';
const LIVE = 'rds:DescribeOrderableDBInstanceOptions SupportsPerformanceInsights';
const support = (value: boolean, source: string) => ({
  label: 'Performance Insights supported by the class',
  value,
  source,
});

describe('rds-instance-performance-insights-enabled (mutation kills)', () => {
  it('pass: the full evidence, with the Database Insights mode or null', () => {
    expect(run({})).toEqual([
      {
        ...BASE,
        status: 'pass',
        message: 'orders-db has Performance Insights enabled.',
        evidence: insights(true, null),
      },
    ]);
    expect(run({ performanceInsightsEnabled: false, databaseInsightsMode: 'advanced' })).toEqual([
      {
        ...BASE,
        status: 'pass',
        message: 'orders-db has Database Insights (advanced) enabled.',
        evidence: insights(false, 'advanced'),
      },
    ]);
  });

  it('fail: the full evidence, support from the table or from live data', () => {
    expect(run({ performanceInsightsEnabled: false, databaseInsightsMode: 'standard' })).toEqual([
      {
        ...BASE,
        status: 'fail',
        message:
          'orders-db (mysql, db.m6g.large) has neither Performance Insights nor Database Insights (advanced) enabled.',
        evidence: [
          ...insights(false, 'standard'),
          { label: 'DB instance class', value: 'db.m6g.large' },
          support(true, TABLE),
        ],
      },
    ]);
    expect(
      run({ performanceInsightsEnabled: false, performanceInsightsSupported: true })[0]?.evidence[3],
    ).toEqual(support(true, LIVE));
  });

  it('not applicable: the full result, engine version in the message when known', () => {
    expect(run({ dbInstanceClass: 'db.t3.micro', performanceInsightsEnabled: false })).toEqual([
      {
        ...BASE,
        status: 'pass',
        message:
          'Not applicable: orders-db (mysql 8.0.39, db.t3.micro) runs a class that does not support Performance Insights; Enhanced Monitoring covers OS-level load there.',
        evidence: [
          ...insights(false, null),
          { label: 'DB instance class', value: 'db.t3.micro' },
          support(false, TABLE),
        ],
      },
    ]);
    expect(
      run({ dbInstanceClass: 'db.t3.micro', performanceInsightsEnabled: false, engineVersion: undefined })[0]
        ?.message,
    ).toBe(
      'Not applicable: orders-db (mysql, db.t3.micro) runs a class that does not support Performance Insights; Enhanced Monitoring covers OS-level load there.',
    );
  });

  it('fallback table: RDS for MySQL and MariaDB small burstables only', () => {
    for (const engine of ['mysql', 'mariadb']) {
      for (const cls of [
        'db.t2.micro',
        'db.t2.small',
        'db.t3.micro',
        'db.t3.small',
        'db.t4g.micro',
        'db.t4g.small',
      ])
        expect(off(engine, cls), `${engine} ${cls}`).toBe('n/a');
      for (const cls of ['db.t3.medium', 'db.t4g.medium', 'db.m6g.large'])
        expect(off(engine, cls), `${engine} ${cls}`).toBe('fail');
    }
  });

  it('fallback table: Aurora MySQL (aurora-mysql and the old "aurora" name) db.t2, db.t3 and the two smallest db.t4g', () => {
    for (const engine of ['aurora-mysql', 'aurora']) {
      for (const cls of [
        'db.t2.small',
        'db.t2.medium',
        'db.t3.small',
        'db.t3.medium',
        'db.t4g.micro',
        'db.t4g.small',
      ])
        expect(off(engine, cls), `${engine} ${cls}`).toBe('n/a');
      for (const cls of ['db.t4g.medium', 'db.t4g.large', 'db.r6g.large', 'db.r5.large'])
        expect(off(engine, cls), `${engine} ${cls}`).toBe('fail');
    }
  });

  it('fallback table: no class is excluded for any other engine', () => {
    for (const engine of ['postgres', 'aurora-postgresql', 'oracle-ee', 'sqlserver-se'])
      for (const cls of ['db.t3.micro', 'db.t3.small', 'db.t3.medium', 'db.t4g.micro'])
        expect(off(engine, cls), `${engine} ${cls}`).toBe('fail');
  });
});
