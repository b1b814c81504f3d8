/**
 * Levels earned by coverage, through the whole engine: a small simulated account -> collectors -> checks -> facts ->
 * score. Each case is an account built to fool an existence-based score.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceLevelObjective } from '@aws-sdk/client-application-signals';
import { summarizeScore } from '#lib/maturity/score.js';
import {
  REGION,
  aFunction,
  anAlarm,
  control,
  emptyAccount,
  item,
  scanAndScore,
  seed,
  seedAlarms,
  seedFunctions,
} from '#test/helpers/sim-scenario.js';

const dims = (d: Record<string, string>) => Object.entries(d).map(([Name, Value]) => ({ Name, Value }));

describe('maturity through the engine', () => {
  it('scores the WAF-PERF-050 adversarial account at Level 2 at most (no latency alarm at all)', async () => {
    const account = emptyAccount((a) => seedFunctions(a, [aFunction('checkout-api')]));
    seedAlarms(
      account,
      [
        anAlarm('cpu-average', {
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Statistic: 'Average',
          Dimensions: dims({ InstanceId: 'i-0abc' }),
        }),
        anAlarm('checkout-slo-burn-rate-fast', {
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Statistic: 'Maximum',
          Dimensions: dims({ InstanceId: 'i-0abc' }),
        }),
        anAlarm('network-in-anomaly', {
          Metrics: [
            {
              Id: 'm1',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/EC2',
                  MetricName: 'NetworkIn',
                  Dimensions: dims({ InstanceId: 'i-0abc' }),
                },
                Period: 300,
                Stat: 'Average',
              },
              ReturnData: true,
            },
            { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: true },
          ],
          ThresholdMetricId: 'ad1',
          ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
          Threshold: undefined,
        }),
      ],
      [
        {
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'TargetResponseTime',
          Dimensions: dims({ LoadBalancer: 'app/web/1' }),
        },
      ],
    );
    const slo: ServiceLevelObjective = {
      Arn: `arn:aws:application-signals:${REGION}:111122223333:slo/checkout-availability`,
      Name: 'checkout-availability',
      CreatedTime: new Date('2026-09-01T00:00:00Z'),
      LastUpdatedTime: new Date('2026-09-01T00:00:00Z'),
      EvaluationType: 'PeriodBased',
      Sli: {
        SliMetric: {
          KeyAttributes: { Type: 'Service', Name: 'checkout', Environment: 'eks:prod/default' },
          MetricType: 'AVAILABILITY',
          MetricDataQueries: [],
        },
        MetricThreshold: 99.9,
        ComparisonOperator: 'GreaterThanOrEqualTo',
      },
      Goal: { AttainmentGoal: 99.9 },
      BurnRateConfigurations: [{ LookBackWindowMinutes: 60 }],
    };
    seed(account, `application-signals:${REGION}`, { slos: [slo] });

    const { score, findings } = await scanAndScore(account);

    const c050 = control(score, 'WAF-PERF-050');
    expect(c050.notApplicable).toBeUndefined();
    expect(c050.level).toBeLessThanOrEqual(2);
    expect(c050.level).toBe(1);
    expect(item(score, 'WAF-PERF-050:L2').evidence[0]).toBe(
      '0 of 1 request entry points have an alerting alarm on their latency (any statistic) (0%); needs at least one',
    );
    // The alarm named "burn-rate" is not a burn-rate alarm, and no anomaly alarm watches latency.
    expect(item(score, 'L3-3')).toMatchObject({ state: 'not met', source: 'observed' });
    expect(item(score, 'WAF-PERF-050:L4').state).toBe('not met');
    expect(item(score, 'WAF-PERF-050:L5').state).toBe('not met');
    // The checks say the same.
    const burn = findings.filter((f) => f.checkId === 'cloudwatch-slos-burn-rate-alarms');
    expect(burn.map((f) => [f.resourceId, f.status])).toEqual([['checkout-availability', 'fail']]);
    const latency = findings.filter((f) => f.checkId === 'cloudwatch-alarms-latency-percentile');
    expect(latency.map((f) => [f.resourceId, f.status])).toEqual([['LoadBalancer=app/web/1', 'fail']]);
  });

  it('does not meet L4-8 or WAF-PERF-080:L3 with one Optimized function of 100', async () => {
    const fns = Array.from({ length: 100 }, (_, i) => aFunction(`fn-${String(i).padStart(3, '0')}`));
    const account = emptyAccount((a) => seedFunctions(a, fns));
    const first = fns[0];
    seed(account, `computeoptimizer:${REGION}`, {
      status: 'Active',
      ec2: [],
      asg: [],
      ebs: [],
      rds: [],
      lambda: [
        {
          functionArn: `${first?.FunctionArn}:$LATEST`,
          functionVersion: '$LATEST',
          accountId: '111122223333',
          currentMemorySize: 512,
          numberOfInvocations: 70_000,
          lookbackPeriodInDays: 14,
          finding: 'Optimized',
          memorySizeRecommendationOptions: [],
        },
      ],
    });

    const { score } = await scanAndScore(account);

    expect(item(score, 'L4-8')).toMatchObject({ state: 'not met', source: 'observed' });
    expect(item(score, 'L4-8').evidence[0]).toMatch(
      /^1 of 100 Lambda functions invoked in the window are rated Optimized.*\(1%\); needs most \(>= 80%\)$/,
    );
    expect(item(score, 'WAF-PERF-080:L3').state).toBe('not met');
    expect(control(score, 'WAF-PERF-080').level).toBe(2); // memory adjusted on all 100
  });

  it('counts a group scaled by an external scaler the same in the check and the score', async () => {
    const account = emptyAccount();
    seed(account, `autoscaling:${REGION}`, {
      groups: [
        {
          AutoScalingGroupName: 'eks-nodes',
          AutoScalingGroupARN: `arn:aws:autoscaling:${REGION}:111122223333:autoScalingGroup:1:autoScalingGroupName/eks-nodes`,
          MinSize: 2,
          MaxSize: 10,
          DesiredCapacity: 3,
          DefaultCooldown: 300,
          AvailabilityZones: [`${REGION}a`],
          HealthCheckType: 'EC2',
          CreatedTime: new Date('2026-01-01T00:00:00Z'),
          Instances: [],
          Tags: [
            {
              Key: 'k8s.io/cluster-autoscaler/enabled',
              Value: 'true',
              ResourceId: 'eks-nodes',
              ResourceType: 'auto-scaling-group',
              PropagateAtLaunch: true,
            },
          ],
        },
      ],
      policies: [],
      scheduledActions: [],
      scalableTargets: [],
      appPolicies: [],
      appScheduledActions: [],
      cpu: {},
    });

    const { score, findings } = await scanAndScore(account);

    const check = findings.find((f) => f.checkId === 'autoscaling-group-scaling-policy-configured');
    expect(check).toMatchObject({ resourceId: 'eks-nodes', status: 'pass' });
    expect(item(score, 'L2-3')).toMatchObject({ state: 'met', source: 'observed' });
    expect(item(score, 'L3-4').evidence[0]).toMatch(/^1 of 1 production Auto Scaling groups/);
    expect(item(score, 'L3-4').state).toBe('met');
    expect(control(score, 'WAF-PERF-020').level).toBe(2); // L3 also needs the load-test attestation
    expect(item(score, 'WAF-PERF-020:L3').evidence[0]).toMatch(/^observed: 1 of 1 Auto Scaling groups/);
  });

  it('does not meet L4-6 with 1 of the 10 common interface endpoints', async () => {
    const account = emptyAccount();
    const vpcId = 'vpc-0123456789abcdef0';
    seed(account, `vpc:${REGION}`, {
      vpcs: [
        {
          VpcId: vpcId,
          CidrBlock: '10.0.0.0/16',
          IsDefault: false,
          State: 'available',
          OwnerId: '111122223333',
          Tags: [],
        },
      ],
      subnets: [],
      natGateways: [
        { NatGatewayId: 'nat-0123456789abcdef0', VpcId: vpcId, SubnetId: 'subnet-1', State: 'available' },
      ],
      routeTables: [
        {
          RouteTableId: 'rtb-1',
          VpcId: vpcId,
          Associations: [{ SubnetId: 'subnet-2', Main: false }],
          Routes: [
            { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0123456789abcdef0', State: 'active' },
          ],
        },
      ],
      endpoints: [
        ...['s3', 'dynamodb'].map((s, i) => ({
          VpcEndpointId: `vpce-g${i}`,
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${REGION}.${s}`,
          VpcEndpointType: 'Gateway',
          State: 'available',
          RouteTableIds: ['rtb-1'],
        })),
        {
          VpcEndpointId: 'vpce-i0',
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${REGION}.ecr.dkr`,
          VpcEndpointType: 'Interface',
          State: 'available',
        },
      ],
    });

    const { score, findings } = await scanAndScore(account);

    expect(findings.find((f) => f.checkId === 'vpc-interface-endpoints-major-services')).toMatchObject({
      resourceId: vpcId,
      status: 'fail',
    });
    expect(item(score, 'L4-6')).toMatchObject({ state: 'not met', source: 'observed' });
    expect(item(score, 'WAF-PERF-070:L4').state).toBe('not met');
  });

  it('shows a control with no resources as not applicable, never as a level', async () => {
    const { score } = await scanAndScore(emptyAccount());
    for (const id of [
      'WAF-PERF-010',
      'WAF-PERF-020',
      'WAF-PERF-030',
      'WAF-PERF-040',
      'WAF-PERF-050',
      'WAF-PERF-070',
      'WAF-PERF-080',
      'WAF-PERF-090',
    ]) {
      expect(control(score, id).notApplicable, id).toMatch(/^no /);
    }
    // Load tests and debt apply to every account.
    expect(control(score, 'WAF-PERF-060').notApplicable).toBeUndefined();
    const summary = summarizeScore(score);
    expect(summary.controls['WAF-PERF-040']).toBeUndefined();
    expect(Object.keys(summary.controls).sort()).toEqual(['WAF-PERF-060', 'WAF-PERF-100']);
  });
});
