/**
 * Kills the mutants the rds-instance-enhanced-monitoring-enabled suite left alive (npm run mutation;
 * docs/testing.md): the full evidence of a pass and a fail, and the boundary of the interval (1 s is on).
 */
import { describe, expect, it } from 'vitest';
import { rdsInstanceEnhancedMonitoringEnabled as check } from '#lib/checks/rds/rds-instance-enhanced-monitoring-enabled.js';
import { aSnapshot, anRdsInstance, runCheck } from '#test/builders/index.js';

const ID = 'orders-db';
const run = (monitoringIntervalSeconds: number) =>
  runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance({ monitoringIntervalSeconds })] } }));
const result = (status: string, message: string, value: number) => [
  {
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: ID,
    resourceArn: `arn:aws:rds:eu-west-1:123456789012:db:${ID}`,
    resourceName: ID,
    status,
    message,
    evidence: [
      {
        label: 'Enhanced Monitoring interval',
        value,
        unit: 'seconds',
        threshold: '> 0',
        source: 'rds:DescribeDBInstances MonitoringInterval',
      },
    ],
  },
];

describe('rds-instance-enhanced-monitoring-enabled (mutation kills)', () => {
  it('the full result on both sides of 0 s', () => {
    expect(run(0)).toEqual(
      result('fail', 'orders-db has Enhanced Monitoring off (monitoring interval 0 s).', 0),
    );
    expect(run(1)).toEqual(result('pass', 'orders-db has Enhanced Monitoring every 1 s.', 1));
  });
});
