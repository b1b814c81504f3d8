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

  it('fails with low severity on a class that cannot run Performance Insights', () => {
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
    expect(mysql).toMatchObject({ status: 'fail', severity: 'low' });
    expect(mysql?.message).toContain('the class does not support it');
    expect(aurora).toMatchObject({ status: 'fail', severity: 'low' });
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
