import { describe, expect, it } from 'vitest';
import { MIN_LAMBDA_INVOCATIONS, unitWorkloads } from '#lib/concepts/workloads.js';
import { failUnlessNoWorkloads } from '#lib/checks/absence.js';
import type { CheckResult } from '#lib/checks/types.js';
import {
  aDistribution,
  aGapOn,
  aLambdaFunction,
  aLambdaMetricSummary,
  aScalableTarget,
  aSnapshot,
  anAutoScalingGroup,
  anEc2Instance,
  anRdsCluster,
  anRdsInstance,
  aReplicationGroup,
  daily,
  withGaps,
  withMetrics,
} from '#test/builders/index.js';

const invocations = (name: string, perDay: number) =>
  aLambdaMetricSummary(
    name,
    'Invocations',
    'Sum',
    86400,
    daily(14, () => perDay),
  );

const lack: CheckResult = {
  status: 'fail',
  resourceType: 'AWS::CloudWatch::Alarm',
  resourceId: '*',
  message: 'No latency alarm.',
  evidence: [{ label: 'Latency alarms', value: 0, unit: 'count', threshold: '>= 1' }],
  severity: 'high',
};

describe('unitWorkloads', () => {
  it('finds nothing in an empty, fully inventoried region', () => {
    const inv = unitWorkloads(aSnapshot());
    expect(inv.total).toBe(0);
    expect(inv.blind).toEqual([]);
    expect(inv.counts.map((c) => c.what)).toContain('running EC2 instances');
  });

  it('counts running instances, RDS, caches, scaling targets, and CloudFront only in the global unit', () => {
    const snapshot = aSnapshot({
      ec2: { instances: [anEc2Instance(), anEc2Instance({ instanceId: 'i-stopped', state: 'stopped' })] },
      rds: {
        instances: [anRdsInstance(), anRdsInstance({ dbInstanceId: 'off', status: 'stopped' })],
        clusters: [anRdsCluster({ members: [] })],
      },
      elasticache: { replicationGroups: [aReplicationGroup({ serverless: true })] },
      autoscaling: {
        scalableTargets: [aScalableTarget()],
        groups: [anAutoScalingGroup({ desiredCapacity: 0 })],
      },
      cloudfront: { distributions: [aDistribution()] },
    });
    const count = (what: string) => unitWorkloads(snapshot).counts.find((c) => c.what === what)?.count;
    expect(count('running EC2 instances')).toBe(1);
    expect(count('RDS databases')).toBe(2);
    expect(count('ElastiCache caches')).toBe(1);
    expect(count('Application Auto Scaling targets')).toBe(1);
    expect(count('Auto Scaling groups with capacity')).toBe(0);
    expect(count('enabled CloudFront distributions')).toBe(1);
    expect(unitWorkloads({ ...snapshot, globalUnit: false }).counts.map((c) => c.what)).not.toContain(
      'enabled CloudFront distributions',
    );
  });

  it(`counts a Lambda function only from ${MIN_LAMBDA_INVOCATIONS} invocations in the window`, () => {
    const quiet = aLambdaFunction({ functionName: 'nightly' });
    const busy = aLambdaFunction({ functionName: 'api' });
    const snapshot = withMetrics(
      aSnapshot({ lambda: { functions: [quiet, busy] } }),
      invocations('nightly', 1), // 14 in the window
      invocations('api', 15), // 210 in the window
    );
    const inv = unitWorkloads(snapshot);
    expect(inv.total).toBe(1);
    expect(inv.quietFunctions).toBe(1);
    expect(inv.blind).toEqual([]);
  });

  it('is blind when a function has no invocation series, a service was not scanned, or an inventory has a gap', () => {
    expect(unitWorkloads(aSnapshot({ lambda: { functions: [aLambdaFunction()] } })).blind).toEqual([
      '1 Lambda function(s) without invocation data',
    ]);
    expect(unitWorkloads(aSnapshot({ services: ['cloudwatch'] })).blind).toContain('ec2 not scanned');
    expect(unitWorkloads(withGaps(aSnapshot(), aGapOn('rds.instances'))).blind).toEqual([
      'data missing for rds.instances (AccessDenied)',
    ]);
  });
});

describe('failUnlessNoWorkloads', () => {
  it('keeps the fail where a workload runs', () => {
    expect(failUnlessNoWorkloads(aSnapshot({ ec2: { instances: [anEc2Instance()] } }), lack)).toBe(lack);
  });

  it('passes as not applicable in a region with no workload, naming what was counted', () => {
    const snapshot = withMetrics(
      aSnapshot({ lambda: { functions: [aLambdaFunction({ functionName: 'nightly' })] } }),
      invocations('nightly', 1),
    );
    const r = failUnlessNoWorkloads(snapshot, lack);
    expect(r.status).toBe('pass');
    expect(r.severity).toBeUndefined();
    expect(r.message).toMatch(/^Not applicable: no workloads in this region \(0 running EC2 instances, /);
    expect(r.message).toContain(
      `1 Lambda function(s) invoked fewer than ${MIN_LAMBDA_INVOCATIONS} times in the window do not count`,
    );
    expect(r.evidence.map((e) => e.label)).toContain('Workloads in this region');
  });

  it('is unknown when no workload was found but the inventory is incomplete', () => {
    const r = failUnlessNoWorkloads(withGaps(aSnapshot(), aGapOn('ec2.instances')), lack);
    expect(r.status).toBe('unknown');
    expect(r.message).toBe(
      'No latency alarm, but no workload was found in this region and its inventory is incomplete ' +
        '(data missing for ec2.instances (AccessDenied)), so whether anything here needs it cannot be confirmed.',
    );
  });
});
