/**
 * One definition per concept: for each concept, a check and the score look at the same resources and must agree,
 * resource for resource. Each case runs the check on a snapshot and derives the score's facts from the same
 * snapshot; the check's passing resources must be exactly the ones the score's measure counts as meeting.
 */
import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from '#lib/checks/types.js';
import type { Snapshot } from '#lib/model/index.js';
import { cloudwatchAlarmsLatencyPercentile } from '#lib/checks/cloudwatch/cloudwatch-alarms-latency-percentile.js';
import { cloudwatchSlosBurnRateAlarms } from '#lib/checks/cloudwatch/cloudwatch-slos-burn-rate-alarms.js';
import { autoscalingGroupScalingPolicyConfigured } from '#lib/checks/autoscaling/autoscaling-group-scaling-policy-configured.js';
import { vpcInterfaceEndpointsMajorServices } from '#lib/checks/vpc/vpc-interface-endpoints-major-services.js';
import { cloudfrontDistributionCacheHitRateHigh } from '#lib/checks/cloudfront/cloudfront-distribution-cache-hit-rate-high.js';
import { deriveUnitFacts } from '#lib/maturity/facts.js';
import { CACHING_DISABLED_POLICY_ID } from '#lib/concepts/cache.js';
import {
  aBurnRateAlarm,
  aCacheBehavior,
  aCloudFrontMetricSummary,
  aCompositeAlarm,
  aDistribution,
  aMetricAlarm,
  aRouteTable,
  aScalingPolicy,
  aServiceLevelObjective,
  aSnapshot,
  aVpc,
  aVpcEndpoint,
  anAutoScalingGroup,
  anEc2Instance,
  daily,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';

function agree(check: CheckDefinition, snapshot: Snapshot, measureId: string) {
  const results = runCheck(check, snapshot).filter((r) => r.resourceId !== '*');
  const t = deriveUnitFacts(snapshot, [])['measures'][measureId];
  return {
    check: {
      judged: results.filter((r) => r.status === 'pass' || r.status === 'fail').length,
      pass: results.filter((r) => r.status === 'pass').length,
    },
    score: { judged: t?.of ?? -1, pass: t?.met ?? -1 },
  };
}

const lb = (id: string) => ({
  namespace: 'AWS/ApplicationELB',
  metricName: 'TargetResponseTime',
  dimensions: { LoadBalancer: id },
});

describe('checks and the score agree on every shared concept', () => {
  it('request entry point, latency metric, alerting and percentile alarm', () => {
    const snapshot = aSnapshot({
      ec2: { instances: [anEc2Instance()] },
      cloudwatch: {
        latencyMetrics: [lb('app/a/1'), lb('app/b/2'), lb('app/c/3'), lb('app/d/4'), lb('app/e/5')],
        metricAlarms: [
          aMetricAlarm({ name: 'a-p99', dimensions: { LoadBalancer: 'app/a/1' } }), // alerting p99
          aMetricAlarm({
            name: 'b-avg',
            dimensions: { LoadBalancer: 'app/b/2' },
            extendedStatistic: undefined,
            statistic: 'Average',
          }),
          aMetricAlarm({ name: 'c-silent', dimensions: { LoadBalancer: 'app/c/3' }, hasActions: false }),
          aMetricAlarm({ name: 'd-child', dimensions: { LoadBalancer: 'app/d/4' }, hasActions: false }),
          aMetricAlarm({ name: 'e-p90', dimensions: { LoadBalancer: 'app/e/5' }, extendedStatistic: 'p90' }),
        ],
        compositeAlarms: [
          aCompositeAlarm({ rule: 'ALARM("d-child")', hasActions: true, actionsEnabled: true }),
        ],
      },
    });
    expect(agree(cloudwatchAlarmsLatencyPercentile, snapshot, 'entryPoints.percentileOrSlo')).toEqual({
      check: { judged: 5, pass: 2 },
      score: { judged: 5, pass: 2 },
    });
  });

  it('burn-rate alarm (never by name)', () => {
    const snapshot = aSnapshot({
      cloudwatch: {
        slos: [
          aServiceLevelObjective({ name: 'a' }),
          aServiceLevelObjective({ name: 'b' }),
          aServiceLevelObjective({ name: 'c', service: 'checkout' }),
        ],
        metricAlarms: [
          aBurnRateAlarm('a'),
          aMetricAlarm({
            name: 'b-burn-rate',
            namespace: 'AWS/EC2',
            metricName: 'CPUUtilization',
            dimensions: {},
          }),
          aMetricAlarm({
            name: 'c-math',
            namespace: undefined,
            metricName: undefined,
            metricMath: true,
            expressions: ['(f / r) / (1 - 0.999)'],
            metrics: [
              { namespace: 'ApplicationSignals', metricName: 'Fault', dimensions: { Service: 'checkout' } },
            ],
          }),
        ],
      },
    });
    expect(agree(cloudwatchSlosBurnRateAlarms, snapshot, 'slos.burnRate')).toEqual({
      check: { judged: 3, pass: 2 },
      score: { judged: 3, pass: 2 },
    });
  });

  it('a group that scales (policy, external scaler, none)', () => {
    const snapshot = aSnapshot({
      autoscaling: {
        groups: [
          anAutoScalingGroup({ name: 'policy' }),
          anAutoScalingGroup({ name: 'karpenter', tags: { 'karpenter.sh/nodepool': 'default' } }),
          anAutoScalingGroup({
            name: 'cluster-autoscaler',
            tags: { 'k8s.io/cluster-autoscaler/enabled': 'true' },
          }),
          anAutoScalingGroup({ name: 'static' }),
          anAutoScalingGroup({ name: 'fixed', minSize: 3, maxSize: 3, desiredCapacity: 3 }),
        ],
        policies: [aScalingPolicy({ resourceId: 'policy' }), aScalingPolicy({ resourceId: 'fixed' })],
      },
    });
    expect(agree(autoscalingGroupScalingPolicyConfigured, snapshot, 'scaling.scales')).toEqual({
      check: { judged: 5, pass: 3 },
      score: { judged: 5, pass: 3 },
    });
  });

  it('major interface-endpoint services', () => {
    const vpc = (id: string) => aVpc({ vpcId: id });
    const rt = (id: string) => aRouteTable({ vpcId: id, routeTableId: `rtb-${id}` });
    const ep = (vpcId: string, s: string) => ({
      ...aVpcEndpoint(s),
      vpcId,
      vpcEndpointId: `vpce-${vpcId}-${s}`,
    });
    const snapshot = aSnapshot({
      vpc: {
        vpcs: [vpc('vpc-all'), vpc('vpc-one'), vpc('vpc-ten')],
        routeTables: [rt('vpc-all'), rt('vpc-one'), rt('vpc-ten')],
        endpoints: [
          ...['logs', 'monitoring', 'sts'].map((s) => ep('vpc-all', s)),
          ep('vpc-one', 'logs'),
          ...[
            'kms',
            'secretsmanager',
            'ecr.api',
            'ecr.dkr',
            'ssm',
            'ssmmessages',
            'ec2messages',
            'logs',
            'sts',
          ].map((s) => ep('vpc-ten', s)),
        ],
      },
    });
    expect(agree(vpcInterfaceEndpointsMajorServices, snapshot, 'vpc.majorInterfaceEndpoints')).toEqual({
      check: { judged: 3, pass: 1 },
      score: { judged: 3, pass: 1 },
    });
  });

  it('a cache (CachingDisabled behaviors are not one)', () => {
    const api = aDistribution({
      id: 'EAPI',
      staticContent: false,
      behaviors: [aCacheBehavior({ cachePolicyId: CACHING_DISABLED_POLICY_ID })],
    });
    const site = aDistribution({ id: 'ESITE' });
    const series = (id: string, hit: number) => [
      aCloudFrontMetricSummary(
        id,
        'CacheHitRate',
        'Average',
        daily(14, () => hit),
      ),
      aCloudFrontMetricSummary(
        id,
        'Requests',
        'Sum',
        daily(14, () => 10_000),
      ),
    ];
    const snapshot = withMetrics(
      aSnapshot({ cloudfront: { distributions: [api, site] } }),
      ...series('EAPI', 1),
      ...series('ESITE', 97),
    );
    const results = runCheck(cloudfrontDistributionCacheHitRateHigh, snapshot);
    expect(results.map((r) => r.resourceId)).toEqual(['ESITE']);
    const f = deriveUnitFacts(snapshot, []);
    expect(f.measures['caches.inUse']).toEqual({ of: 1, met: 1, noData: 0 });
    expect(f.measures['caches.hitRateHigh']).toEqual({ of: 1, met: 1, noData: 0 });
  });
});
