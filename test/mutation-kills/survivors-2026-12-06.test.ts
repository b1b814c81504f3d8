/**
 * Kills survivors of the 2026-12-06 runs that no kill test reached (docs/testing.md, "Every survivor of the
 * 2026-12-06 groups"): lists of two joined with ', ', the median of days not in ascending order, scheduled
 * actions of another namespace, and a gap on the scheduled actions alone under a group or target without
 * policies.
 */
import { describe, expect, it } from 'vitest';
import { autoscalingGroupPredictiveScalingCyclic as cyclic } from '#lib/checks/autoscaling/autoscaling-group-predictive-scaling-cyclic.js';
import { autoscalingGroupScalingPolicyConfigured as groupPolicy } from '#lib/checks/autoscaling/autoscaling-group-scaling-policy-configured.js';
import { autoscalingScalableTargetScalingPolicyConfigured as targetPolicy } from '#lib/checks/autoscaling/autoscaling-scalable-target-scaling-policy-configured.js';
import { vpcGatewayEndpointsS3Dynamodb as gateway } from '#lib/checks/vpc/vpc-gateway-endpoints-s3-dynamodb.js';
import { vpcInterfaceEndpointsMajorServices as iface } from '#lib/checks/vpc/vpc-interface-endpoints-major-services.js';
import { DEBT_IMPACT, MIN_SCHEDULED_SCANS, WAF_PERF_100 } from '#lib/maturity/controls/waf-perf-100.js';
import { cloudwatchAlarmsLatencyPercentile as percentile } from '#lib/checks/cloudwatch/cloudwatch-alarms-latency-percentile.js';
import { criterion, item } from '#lib/maturity/define.js';
import type { HistoryRequirement, ScanHistory } from '#lib/maturity/types.js';
import { FACT_SOURCES, deriveUnitFacts, emptyFacts, mergeFacts } from '#lib/maturity/facts.js';
import type { AutoScalingSlice, FactSource, MetricSummary, Snapshot, UnitFacts } from '#lib/model/index.js';
import type { CheckDefinition } from '#lib/checks/types.js';
import {
  aDistribution,
  aGapOn,
  aLambdaFunction,
  aMetricAlarm,
  aMetricSummary,
  aNatGateway,
  aRouteTable,
  aScalableTarget,
  aScalingPolicy,
  aScheduledAction,
  aSnapshot,
  aVpc,
  aVpcEndpoint,
  anAutoScalingGroup,
  anEc2Instance,
  anRdsCluster,
  anRdsInstance,
  aParameterGroup,
  parameterGroupsOf,
  defaultThresholds,
  runCheck,
  withGaps,
  withMetrics,
  TEST_NOW,
} from '#test/builders/index.js';

const G = 'web-asg';
const snap = (as: Partial<AutoScalingSlice>, ...metrics: MetricSummary[]) =>
  withMetrics(aSnapshot({ autoscaling: as }), ...metrics);
function groupCpu(means: number[], maxes: number[], avgMaxes: number[]): MetricSummary[] {
  const dims = { AutoScalingGroupName: G };
  return [
    aMetricSummary({ dimensions: dims, stat: 'Sum', dailyMeans: means, dailyMaxes: maxes }),
    aMetricSummary({ dimensions: dims, stat: 'Average', dailyMeans: avgMaxes, dailyMaxes: avgMaxes }),
  ];
}
const days = (n: number, v: number) => Array.from({ length: n }, () => v);
const fourteen = (v: number) => days(14, v);
const direct = (check: CheckDefinition, s: Snapshot) =>
  check.evaluate(s, { thresholds: defaultThresholds(check), now: TEST_NOW })[0]?.status;
const evidence = (r: { evidence: { label: string; value: unknown }[] } | undefined, label: string) =>
  r?.evidence.find((e) => e.label === label)?.value;

describe('autoscaling survivors of 2026-12-06', () => {
  it('the median peak-to-mean ratio sorts the days numerically (ratios 1,1,1,10,2,2,2: median 2)', () => {
    const maxes = [100, 100, 100, 1000, 200, 200, 200];
    const [r] = runCheck(
      cyclic,
      snap({ groups: [anAutoScalingGroup()] }, ...groupCpu(days(7, 100), maxes, days(7, 50))),
    );
    expect(r?.status).toBe('pass');
    expect(evidence(r, 'Median peak-to-mean ratio of total CPU')).toBe(2);
  });

  it('a series without daily maxima leaves no day to judge: unknown', () => {
    for (const which of ['Sum', 'Average']) {
      const m = groupCpu(fourteen(100), fourteen(150), fourteen(30)).map((x) =>
        x.stat === which ? { ...x, dailyMaxes: undefined } : x,
      );
      expect(runCheck(cyclic, snap({ groups: [anAutoScalingGroup()] }, ...m))[0]?.status, which).toBe(
        'unknown',
      );
    }
  });

  it('two forecast-and-scale policies are both named, joined with ", "', () => {
    const policies = ['p1', 'p2'].map((policyName) =>
      aScalingPolicy({ policyName, policyType: 'PredictiveScaling', predictiveMode: 'ForecastAndScale' }),
    );
    const [r] = runCheck(
      cyclic,
      snap(
        { groups: [anAutoScalingGroup()], policies },
        ...groupCpu(fourteen(100), fourteen(150), fourteen(30)),
      ),
    );
    expect(r?.message).toBe(
      'web-asg has a daily load cycle on 14 of 14 days (median peak hour of total CPU 1.5x the daily mean) and predictive scaling p1, p2.',
    );
    expect(evidence(r, 'Predictive scaling policies')).toBe('p1 (ForecastAndScale), p2 (ForecastAndScale)');
  });

  it("another namespace's recurring action on a resource named like the group is not the group's", () => {
    const scheduledActions = [aScheduledAction({ namespace: 'ecs', resourceId: G })];
    const [r] = runCheck(
      cyclic,
      snap(
        { groups: [anAutoScalingGroup()], scheduledActions },
        ...groupCpu(fourteen(100), fourteen(150), fourteen(30)),
      ),
    );
    expect(evidence(r, 'Recurring scheduled actions')).toBe(0);
  });

  it('a group with two scaling policies lists both', () => {
    const policies = [aScalingPolicy({ policyName: 'a' }), aScalingPolicy({ policyName: 'b' })];
    const [r] = runCheck(groupPolicy, snap({ groups: [anAutoScalingGroup()], policies }));
    expect(evidence(r, 'Scaling policies')).toBe('a (TargetTrackingScaling), b (TargetTrackingScaling)');
  });

  it('a gap on the scheduled actions alone makes a group without policies unknown', () => {
    const s = withGaps(snap({ groups: [anAutoScalingGroup()] }), aGapOn('autoscaling.scheduledActions'));
    expect(direct(groupPolicy, s)).toBe('unknown');
  });

  it('a scalable target: two policies listed; an EC2 Auto Scaling action with its resource id is not its own', () => {
    const t = aScalableTarget();
    const policies = ['a', 'b'].map((policyName) =>
      aScalingPolicy({ namespace: t.namespace, resourceId: t.resourceId, policyName }),
    );
    const [withPolicies] = runCheck(targetPolicy, snap({ scalableTargets: [t], policies }));
    expect(evidence(withPolicies, 'Scaling policies')).toBe(
      'a (TargetTrackingScaling), b (TargetTrackingScaling)',
    );
    const scheduledActions = [aScheduledAction({ namespace: 'asg', resourceId: t.resourceId })];
    expect(runCheck(targetPolicy, snap({ scalableTargets: [t], scheduledActions }))[0]?.status).toBe('fail');
  });

  it('a gap on the target schedules alone makes a scalable target without policies unknown', () => {
    const s = withGaps(
      snap({ scalableTargets: [aScalableTarget()] }),
      aGapOn('autoscaling.scalableTargets.scheduledActions'),
    );
    expect(direct(targetPolicy, s)).toBe('unknown');
  });
});

describe('vpc survivors of 2026-12-06', () => {
  it('two NAT gateways of a VPC are joined with ", "', () => {
    const s = aSnapshot({
      vpc: {
        vpcs: [aVpc()],
        routeTables: [aRouteTable()],
        natGateways: [aNatGateway({ natGatewayId: 'nat-a' }), aNatGateway({ natGatewayId: 'nat-b' })],
        endpoints: [],
      },
    });
    expect(evidence(runCheck(gateway, s)[0], 'NAT gateways')).toBe('nat-a, nat-b');
  });

  it('two other common interface endpoints are joined with ", "', () => {
    const s = aSnapshot({
      vpc: {
        vpcs: [aVpc()],
        routeTables: [aRouteTable()],
        natGateways: [aNatGateway()],
        endpoints: [aVpcEndpoint('kms'), aVpcEndpoint('secretsmanager')],
      },
    });
    expect(evidence(runCheck(iface, s)[0], 'Other common interface endpoints present')).toBe(
      'kms, secretsmanager',
    );
  });
});

describe('maturity facts survivors of 2026-12-06', () => {
  type Mark = 'A' | 'G' | 'N' | '-';
  const marks = (f: UnitFacts): Record<FactSource, Mark> =>
    Object.fromEntries(
      FACT_SOURCES.map((s) => {
        const c = f.coverage[s];
        return [s, c.assessed ? 'A' : c.gaps ? 'G' : c.notScanned ? 'N' : '-'];
      }),
    ) as Record<FactSource, Mark>;
  const ALL_A = Object.fromEntries(FACT_SOURCES.map((s) => [s, 'A'])) as Record<FactSource, Mark>;
  const only = (changes: Partial<Record<FactSource, Mark>>) => ({ ...ALL_A, ...changes });
  /** One resource of each kind the detail sources concern, every slice present. */
  const busy = (): Snapshot =>
    aSnapshot({
      ec2: { instances: [anEc2Instance()] },
      rds: {
        instances: [anRdsInstance()],
        devOpsGuru: { enabled: false, coversAll: false, coveredResourceArns: [] },
      },
      lambda: { functions: [aLambdaFunction()] },
      cloudfront: { distributions: [aDistribution()] },
      cloudwatch: { latencyMetrics: [] } as never,
    });
  const gapped = (slice: string) => {
    const s = busy();
    s.gaps.push(aGapOn(slice));
    return marks(deriveUnitFacts(s, []));
  };

  it('a gap on each listed slice alone, with the slice still present, is a gap of its source', () => {
    expect(gapped('cloudwatch.alarms')).toEqual(
      only({ 'cloudwatch.alarms': 'G', 'rds.anomalyDetection': 'G' }),
    );
    expect(gapped('ebs.volumes')).toEqual(only({ 'ebs.volumes': 'G' }));
    expect(gapped('rds.instances')).toEqual(
      only({ 'rds.instances': 'G', 'rds.parameterGroups': 'G', 'rds.anomalyDetection': 'G' }),
    );
    expect(gapped('elasticache.clusters')).toEqual(
      only({ 'elasticache.clusters': 'G', 'elasticache.hitMetrics': 'G' }),
    );
    expect(gapped('vpc.vpcs')).toEqual(only({ 'vpc.network': 'G' }));
    expect(gapped('vpc.routeTables')).toEqual(only({ 'vpc.network': 'G' }));
    expect(gapped('autoscaling.groups')).toEqual(only({ 'autoscaling.groups': 'G' }));
  });

  it('without EC2 instances a memory gap hides nothing, but a source not scanned stays not scanned', () => {
    const gap = aSnapshot({ cloudwatch: { latencyMetrics: [] } as never });
    gap.ec2 = { ...gap.ec2!, instances: [] };
    gap.gaps.push(aGapOn('cloudwatch.agentMemory'));
    expect(marks(deriveUnitFacts(gap, []))['ec2.memoryMetrics']).toBe('A');
    const noCw = aSnapshot({});
    noCw.ec2 = { ...noCw.ec2!, instances: [] };
    noCw.services = noCw.services.filter((x) => x !== 'cloudwatch');
    expect(marks(deriveUnitFacts(noCw, []))['ec2.memoryMetrics']).toBe('N');
  });

  it('merging skips a known measure whose tally is undefined', () => {
    const odd = { units: 1, measures: { 'ec2.inGroup': undefined } } as unknown as UnitFacts;
    expect(mergeFacts([odd]).measures['ec2.inGroup']).toEqual({ of: 0, met: 0, noData: 0 });
  });

  it('merging sums the not-scanned coverage', () => {
    const a = emptyFacts();
    a.coverage['ebs.volumes'].notScanned = 1;
    const b = emptyFacts();
    b.coverage['ebs.volumes'].notScanned = 1;
    expect(mergeFacts([a, b]).coverage['ebs.volumes']).toEqual({ assessed: 0, gaps: 0, notScanned: 2 });
  });
});

describe('maturity measure survivors of 2026-12-06', () => {
  it("rds.slowLog reads the instance's own cluster, not the first one listed", () => {
    const s = aSnapshot({
      rds: {
        instances: [
          anRdsInstance({
            dbInstanceId: 'x',
            engine: 'aurora-mysql',
            clusterId: 'c2',
            enabledCloudwatchLogsExports: [],
            parameterGroups: ['my-off'],
          }),
        ],
        clusters: [
          anRdsCluster({
            clusterId: 'c1',
            clusterParameterGroup: undefined,
            enabledCloudwatchLogsExports: ['slowquery'],
          }),
          anRdsCluster({
            clusterId: 'c2',
            clusterParameterGroup: undefined,
            enabledCloudwatchLogsExports: [],
          }),
        ],
        parameterGroups: parameterGroupsOf(aParameterGroup('my-off', { slow_query_log: '0' })),
      },
    });
    expect(deriveUnitFacts(s, []).measures['rds.slowLog']).toEqual({ of: 1, met: 0, noData: 0 });
  });
});

describe('WAF-PERF-100 history tallies (survivors of 2026-12-06)', () => {
  it('debt impact counts open entries with an estimate; scheduled scans are capped at the number needed', () => {
    const h = {
      scans: MIN_SCHEDULED_SCANS + 2,
      scheduled: true,
      openDebt: 3,
      debtWithImpact: 2,
    } as ScanHistory;
    expect(DEBT_IMPACT.tally(h)).toEqual({ of: 3, met: 2, noData: 0 });
    const scheduled = WAF_PERF_100.criteria.at(-1)?.observe[0] as HistoryRequirement;
    expect(scheduled.tally(h)).toEqual({ of: MIN_SCHEDULED_SCANS, met: MIN_SCHEDULED_SCANS, noData: 0 });
    expect(scheduled.tally({ ...h, scans: 2 })).toEqual({ of: MIN_SCHEDULED_SCANS, met: 2, noData: 0 });
    expect(scheduled.tally({ ...h, scheduled: false })).toEqual({
      of: MIN_SCHEDULED_SCANS,
      met: 0,
      noData: 0,
    });
  });
});

describe('criterion() and item() options no registry entry uses today (survivors of 2026-12-06)', () => {
  it('a control criterion keeps notMetIsUnknown, a checklist item keeps orAttested', () => {
    expect(criterion('WAF-PERF-100', 3, 'x', { hint: 'h', notMetIsUnknown: true }).notMetIsUnknown).toBe(
      true,
    );
    expect(criterion('WAF-PERF-100', 3, 'x', { hint: 'h' })).not.toHaveProperty('notMetIsUnknown');
    expect(item(2, 1, 'x', { hint: 'h', orAttested: true }).orAttested).toBe(true);
    expect(item(2, 1, 'x', { hint: 'h' })).not.toHaveProperty('orAttested');
  });
});

describe('cloudwatch survivors of 2026-12-06', () => {
  it('a metric-math alarm on the latency (no statistic) is named "(math)" among the other alarms', () => {
    const s = aSnapshot({
      cloudwatch: {
        metricAlarms: [
          aMetricAlarm({ name: 'math-alarm', statistic: undefined, extendedStatistic: undefined }),
        ],
        latencyMetrics: [
          {
            namespace: 'AWS/ApplicationELB',
            metricName: 'TargetResponseTime',
            dimensions: { LoadBalancer: 'app/web/0123456789abcdef' },
          },
        ],
      },
      ec2: { instances: [anEc2Instance()] },
    });
    expect(evidence(runCheck(percentile, s)[0], 'Other alarms on its latency')).toBe('math-alarm (math)');
  });
});
