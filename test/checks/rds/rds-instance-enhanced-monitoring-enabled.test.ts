import { describe, expect, it } from 'vitest';
import { rdsInstanceEnhancedMonitoringEnabled as check } from '#lib/checks/rds/rds-instance-enhanced-monitoring-enabled.js';
import { aGapOn, aSnapshot, anRdsInstance, runCheck, withGaps } from '#test/builders/index.js';

describe('rds-instance-enhanced-monitoring-enabled', () => {
  it('does not judge a stopped or stopping instance', () => {
    const results = runCheck(
      check,
      aSnapshot({
        rds: {
          instances: [
            anRdsInstance({ dbInstanceId: 'stopped', status: 'stopped', monitoringIntervalSeconds: 0 }),
            anRdsInstance({ dbInstanceId: 'stopping', status: 'stopping', monitoringIntervalSeconds: 0 }),
            anRdsInstance({ dbInstanceId: 'starting', status: 'starting', monitoringIntervalSeconds: 0 }),
          ],
        },
      }),
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([['starting', 'fail']]);
  });

  it('passes a 60 s monitoring interval and fails 0', () => {
    const results = runCheck(
      check,
      aSnapshot({
        rds: {
          instances: [
            anRdsInstance(),
            anRdsInstance({ dbInstanceId: 'legacy', monitoringIntervalSeconds: 0 }),
          ],
        },
      }),
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['orders-db', 'pass'],
      ['legacy', 'fail'],
    ]);
    expect(results[0]?.message).toBe('orders-db has Enhanced Monitoring every 60 s.');
    expect(results[1]?.message).toBe('legacy has Enhanced Monitoring off (monitoring interval 0 s).');
    expect(results[1]?.evidence[0]).toMatchObject({ value: 0, threshold: '> 0' });
  });

  it('is unknown under a gap on rds.instances', () => {
    const snapshot = withGaps(aSnapshot({ rds: { instances: [anRdsInstance()] } }), aGapOn('rds.instances'));
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
  });
});
