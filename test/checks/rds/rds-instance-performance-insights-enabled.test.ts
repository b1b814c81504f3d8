import { describe, expect, it } from 'vitest';
import { rdsInstancePerformanceInsightsEnabled as check } from '#lib/checks/rds/rds-instance-performance-insights-enabled.js';
import { aGapOn, aSnapshot, anRdsInstance, runCheck, withGaps } from '#test/builders/index.js';

const evaluate = (...instances: ReturnType<typeof anRdsInstance>[]) =>
  runCheck(check, aSnapshot({ rds: { instances } }));

describe('rds-instance-performance-insights-enabled', () => {
  it('passes an instance with Performance Insights on', () => {
    const [r] = evaluate(anRdsInstance());
    expect(r).toMatchObject({
      status: 'pass',
      resourceId: 'orders-db',
      resourceType: 'AWS::RDS::DBInstance',
    });
    expect(r?.message).toBe('orders-db has Performance Insights enabled.');
  });

  it('passes Database Insights in advanced mode', () => {
    const [r] = evaluate(
      anRdsInstance({ performanceInsightsEnabled: false, databaseInsightsMode: 'advanced' }),
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain('Database Insights (advanced)');
  });

  it('fails an instance with neither, naming engine and class', () => {
    const [r] = evaluate(
      anRdsInstance({ performanceInsightsEnabled: false, databaseInsightsMode: 'standard' }),
    );
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBeUndefined();
    expect(r?.message).toBe(
      'orders-db (mysql, db.m6g.large) has neither Performance Insights nor Database Insights (advanced) enabled.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Performance Insights enabled', value: false }),
    );
  });

  it('is not applicable (no fail) on a class that cannot run Performance Insights, from the fallback table', () => {
    const [mysql, aurora] = evaluate(
      anRdsInstance({
        dbInstanceId: 'small',
        dbInstanceClass: 'db.t3.micro',
        performanceInsightsEnabled: false,
      }),
      anRdsInstance({
        dbInstanceId: 'aur',
        engine: 'aurora-mysql',
        dbInstanceClass: 'db.t3.medium',
        performanceInsightsEnabled: false,
      }),
    );
    expect(mysql).toMatchObject({ status: 'pass' });
    expect(mysql?.message).toMatch(/^Not applicable: small .*does not support Performance Insights/);
    expect(aurora).toMatchObject({ status: 'pass' });
  });

  it('takes support from live data (SupportsPerformanceInsights) over the table, both ways', () => {
    const [liveNo, liveYes] = evaluate(
      anRdsInstance({
        dbInstanceId: 'live-no',
        dbInstanceClass: 'db.m5.large', // the table would call it supported
        performanceInsightsEnabled: false,
        performanceInsightsSupported: false,
      }),
      anRdsInstance({
        dbInstanceId: 'live-yes',
        dbInstanceClass: 'db.t3.micro', // the table would call it unsupported
        performanceInsightsEnabled: false,
        performanceInsightsSupported: true,
      }),
    );
    expect(liveNo?.status).toBe('pass');
    expect(liveNo?.evidence).toContainEqual(
      expect.objectContaining({
        source: 'rds:DescribeOrderableDBInstanceOptions SupportsPerformanceInsights',
      }),
    );
    expect(liveYes?.status).toBe('fail');
    expect(liveYes?.severity).toBeUndefined();
  });

  it('does not judge a stopped or stopping instance', () => {
    const results = evaluate(
      anRdsInstance({ dbInstanceId: 'stopped', status: 'stopped', performanceInsightsEnabled: false }),
      anRdsInstance({ dbInstanceId: 'stopping', status: 'stopping', performanceInsightsEnabled: false }),
      anRdsInstance({ dbInstanceId: 'running', status: 'available', performanceInsightsEnabled: false }),
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([['running', 'fail']]);
    expect(check.remediation.docs.some((d) => d.includes('USER_StopInstance'))).toBe(true);
  });

  it('is unknown, never pass, when the instance list has a gap', () => {
    const snapshot = withGaps(aSnapshot({ rds: { instances: [anRdsInstance()] } }), aGapOn('rds.instances'));
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toContain('rds.instances');
  });

  it('returns nothing when RDS was not scanned, and unknown when its slice is missing', () => {
    expect(runCheck(check, aSnapshot({ services: ['ec2'] }))).toEqual([]);
    const missing = aSnapshot();
    delete missing.rds;
    expect(runCheck(check, missing)).toMatchObject([{ status: 'unknown', resourceId: '*' }]);
  });
});
