/**
 * Simulated EC2 Auto Scaling (groups, policies, scheduled actions) and Application Auto Scaling
 * (scalable targets, policies, scheduled actions), plus the per-group AWS/EC2 CPUUtilization series.
 *
 * Groups take their names and instances from the simulated EC2 instances tagged
 * `aws:autoscaling:groupName`; when EC2 has fewer tagged groups than the deliberate roles below, the
 * missing groups get their own instance ids. Deliberate roles, in order:
 * 1. target tracking on CPU (good);
 * 2. min = max = desired and no policy (fixed capacity);
 * 3. step scaling only, with a strong daily CPU cycle and no predictive policy;
 * 4. target tracking plus predictive scaling in ForecastAndScale mode, daily cycle (good);
 * 5. target tracking plus a recurring scheduled action.
 * Application Auto Scaling: an ECS service and a DynamoDB table with target tracking, and the first
 * provisioned Aurora cluster's replica count when the RDS simulation has one.
 */
import type {
  AutoScalingGroup,
  ScalingPolicy as AsgScalingPolicy,
  ScheduledUpdateGroupAction,
} from '@aws-sdk/client-auto-scaling';
import type {
  ScalableTarget,
  ScalingPolicy as AppScalingPolicy,
  ScheduledAction as AppScheduledAction,
} from '@aws-sdk/client-application-auto-scaling';
import { awsError, hashSeed, paginate, type SimAccount, type SimServiceModule } from './core.js';
import { ec2SimState } from './ec2.js';
import { rdsSimState } from './rds.js';
import { shapedSeries } from './patterns.js';

export interface AutoScalingSimState {
  groups: AutoScalingGroup[];
  policies: AsgScalingPolicy[];
  scheduledActions: ScheduledUpdateGroupAction[];
  scalableTargets: ScalableTarget[];
  appPolicies: AppScalingPolicy[];
  appScheduledActions: AppScheduledAction[];
  /**
   * Per group: mean CPU % and relative amplitude of its daily cycle (drives CPUUtilization Average), and the
   * relative daily amplitude of its in-service instance count (0 = fixed size), which with the average drives the
   * group's total CPU (Sum): a target-tracking group holds its average flat while its instance count follows load.
   */
  cpu: Record<string, { base: number; daily: number; instancesDaily?: number }>;
}

type Role = 'target-tracking' | 'fixed' | 'step-cyclic' | 'predictive' | 'scheduled';
const ROLES: readonly Role[] = ['target-tracking', 'fixed', 'step-cyclic', 'predictive', 'scheduled'];
const DEFAULT_NAMES: Record<Role, string> = {
  'target-tracking': 'web-asg',
  fixed: 'batch-fixed-asg',
  'step-cyclic': 'api-step-asg',
  predictive: 'frontend-predictive-asg',
  scheduled: 'reporting-asg',
};
/** Groups per busy region at scale 1 (the five roles); more target-tracking groups with scale. */
const GROUPS_PER_SCALE = 5;
const ASG_TAG = 'aws:autoscaling:groupName';

function asgArn(account: SimAccount, region: string, name: string): string {
  return `arn:aws:autoscaling:${region}:${account.accountId}:autoScalingGroup:${hashSeed(name).toString(16)}-0000-4000-8000-000000000000:autoScalingGroupName/${name}`;
}

function policyArn(account: SimAccount, region: string, group: string, policy: string): string {
  return `arn:aws:autoscaling:${region}:${account.accountId}:scalingPolicy:${hashSeed(group, policy).toString(16)}:autoScalingGroupName/${group}:policyName/${policy}`;
}

function make(account: SimAccount, region: string): AutoScalingSimState {
  const state: AutoScalingSimState = {
    groups: [],
    policies: [],
    scheduledActions: [],
    scalableTargets: [],
    appPolicies: [],
    appScheduledActions: [],
    cpu: {},
  };
  if (!account.isBusy(region)) return state;
  const created = new Date(account.options.now.getTime() - 120 * 86_400_000);

  // Instances per group name, from the EC2 simulation's tags.
  const byGroup = new Map<string, { id: string; type: string; az: string }[]>();
  for (const i of ec2SimState(account, region).instances) {
    const g = i.Tags?.find((t) => t.Key === ASG_TAG)?.Value;
    if (!g || !i.InstanceId || i.State?.Name === 'terminated') continue;
    const list = byGroup.get(g) ?? [];
    list.push({
      id: i.InstanceId,
      type: String(i.InstanceType ?? 'm5.large'),
      az: i.Placement?.AvailabilityZone ?? `${region}a`,
    });
    byGroup.set(g, list);
  }
  const tagged = [...byGroup.keys()].sort();
  const total = Math.max(
    GROUPS_PER_SCALE,
    Math.round(GROUPS_PER_SCALE * account.options.scale),
    tagged.length,
  );
  const names: { name: string; role: Role }[] = [];
  for (let k = 0; k < total; k++) {
    const role: Role = k < ROLES.length ? (ROLES[k] as Role) : 'target-tracking';
    const name =
      tagged[k] ?? (k < ROLES.length ? DEFAULT_NAMES[role] : `svc-${String(k).padStart(4, '0')}-asg`);
    names.push({ name, role });
  }

  for (const { name, role } of names) {
    let members = byGroup.get(name);
    if (!members || members.length === 0) {
      const n = role === 'fixed' ? 4 : 2 + (hashSeed(name) % 3);
      members = Array.from({ length: n }, (_, j) => ({
        id: `i-0${(hashSeed(region, name, j) >>> 0).toString(16).padStart(8, '0')}${j.toString(16).padStart(8, '0')}`,
        type: role === 'fixed' ? 'c5.xlarge' : 'm5.large',
        az: `${region}${'abc'[j % 3]}`,
      }));
    }
    const desired = members.length;
    const min = role === 'fixed' ? desired : Math.max(1, desired - 1);
    const max = role === 'fixed' ? desired : desired * 4;
    state.groups.push({
      AutoScalingGroupName: name,
      AutoScalingGroupARN: asgArn(account, region, name),
      LaunchTemplate: {
        LaunchTemplateId: `lt-0${hashSeed('lt', name).toString(16).padStart(16, '0')}`,
        LaunchTemplateName: `${name}-lt`,
        Version: '$Latest',
      },
      MinSize: min,
      MaxSize: max,
      DesiredCapacity: desired,
      DefaultCooldown: 300,
      AvailabilityZones: [...new Set(members.map((m) => m.az))].sort(),
      LoadBalancerNames: [],
      TargetGroupARNs: [],
      HealthCheckType: 'EC2',
      HealthCheckGracePeriod: 300,
      Instances: members.map((m) => ({
        InstanceId: m.id,
        InstanceType: m.type,
        AvailabilityZone: m.az,
        LifecycleState: 'InService',
        HealthStatus: 'Healthy',
        ProtectedFromScaleIn: false,
      })),
      CreatedTime: created,
      SuspendedProcesses: [],
      VPCZoneIdentifier: '',
      EnabledMetrics: [],
      Tags: [
        {
          ResourceId: name,
          ResourceType: 'auto-scaling-group',
          Key: 'Name',
          Value: name,
          PropagateAtLaunch: true,
        },
      ],
      TerminationPolicies: ['Default'],
      NewInstancesProtectedFromScaleIn: false,
      ServiceLinkedRoleARN: `arn:aws:iam::${account.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      CapacityRebalance: false,
    });

    const targetTracking = (policy: string, target: number): AsgScalingPolicy => ({
      AutoScalingGroupName: name,
      PolicyName: policy,
      PolicyARN: policyArn(account, region, name, policy),
      PolicyType: 'TargetTrackingScaling',
      EstimatedInstanceWarmup: 300,
      Alarms: [],
      TargetTrackingConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
        TargetValue: target,
        DisableScaleIn: false,
      },
      Enabled: true,
    });

    switch (role) {
      case 'target-tracking':
        state.policies.push(targetTracking('cpu50-target-tracking', 50));
        // Target tracking holds the average near 50% while the instance count follows an office-hours cycle:
        // the average looks flat, the total load (what predictive scaling forecasts) cycles.
        state.cpu[name] = { base: 48, daily: 0.1, instancesDaily: 0.7 };
        break;
      case 'fixed':
        state.cpu[name] = { base: 35, daily: 0.05 };
        break;
      case 'step-cyclic':
        state.policies.push({
          AutoScalingGroupName: name,
          PolicyName: 'cpu-step-out',
          PolicyARN: policyArn(account, region, name, 'cpu-step-out'),
          PolicyType: 'StepScaling',
          AdjustmentType: 'ChangeInCapacity',
          MetricAggregationType: 'Average',
          StepAdjustments: [
            { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 },
            { MetricIntervalLowerBound: 20, ScalingAdjustment: 2 },
          ],
          Alarms: [
            {
              AlarmName: `${name}-cpu-high`,
              AlarmARN: `arn:aws:cloudwatch:${region}:${account.accountId}:alarm:${name}-cpu-high`,
            },
          ],
          Enabled: true,
        });
        // Office-hours load: ~12% at night, ~78% mid-afternoon.
        state.cpu[name] = { base: 45, daily: 0.72 };
        break;
      case 'predictive':
        state.policies.push(targetTracking('cpu50-target-tracking', 50), {
          AutoScalingGroupName: name,
          PolicyName: 'cpu-predictive',
          PolicyARN: policyArn(account, region, name, 'cpu-predictive'),
          PolicyType: 'PredictiveScaling',
          Alarms: [],
          Enabled: true,
          PredictiveScalingConfiguration: {
            MetricSpecifications: [
              {
                TargetValue: 50,
                PredefinedMetricPairSpecification: { PredefinedMetricType: 'ASGCPUUtilization' },
              },
            ],
            Mode: 'ForecastAndScale',
            SchedulingBufferTime: 300,
            MaxCapacityBreachBehavior: 'HonorMaxCapacity',
          },
        });
        state.cpu[name] = { base: 42, daily: 0.65, instancesDaily: 0.5 };
        break;
      case 'scheduled':
        state.policies.push(targetTracking('cpu60-target-tracking', 60));
        state.scheduledActions.push({
          AutoScalingGroupName: name,
          ScheduledActionName: 'weekday-morning-scale-out',
          ScheduledActionARN: `arn:aws:autoscaling:${region}:${account.accountId}:scheduledUpdateGroupAction:${hashSeed(name).toString(16)}:autoScalingGroupName/${name}:scheduledActionName/weekday-morning-scale-out`,
          Recurrence: '0 7 * * MON-FRI',
          StartTime: created,
          MinSize: min + 1,
          MaxSize: max,
          DesiredCapacity: desired + 1,
          TimeZone: 'Etc/UTC',
        });
        state.cpu[name] = { base: 40, daily: 0.3 };
        break;
    }
  }

  // Application Auto Scaling.
  const target = (
    ns: ScalableTarget['ServiceNamespace'],
    resourceId: string,
    dim: ScalableTarget['ScalableDimension'],
    min: number,
    max: number,
  ): ScalableTarget => ({
    ServiceNamespace: ns,
    ResourceId: resourceId,
    ScalableDimension: dim,
    MinCapacity: min,
    MaxCapacity: max,
    RoleARN: `arn:aws:iam::${account.accountId}:role/aws-service-role/${ns}.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling`,
    CreationTime: created,
    SuspendedState: {
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false,
    },
    ScalableTargetARN: `arn:aws:application-autoscaling:${region}:${account.accountId}:scalable-target/${hashSeed(resourceId, String(dim)).toString(16)}`,
  });
  const appTargetTracking = (t: ScalableTarget, predefined: string, value: number): AppScalingPolicy => {
    const policyName = `${predefined}-target-tracking`;
    return {
      PolicyARN: `arn:aws:autoscaling:${region}:${account.accountId}:scalingPolicy:${hashSeed(String(t.ResourceId), policyName).toString(16)}:resource/${t.ServiceNamespace}/${t.ResourceId}:policyName/${policyName}`,
      PolicyName: policyName,
      ServiceNamespace: t.ServiceNamespace,
      ResourceId: t.ResourceId,
      ScalableDimension: t.ScalableDimension,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: value,
        PredefinedMetricSpecification: { PredefinedMetricType: predefined as never },
        DisableScaleIn: false,
      },
      Alarms: [],
      CreationTime: created,
    };
  };
  const ecs = target('ecs', 'service/prod-cluster/orders-svc', 'ecs:service:DesiredCount', 2, 20);
  const ddbRead = target('dynamodb', 'table/orders', 'dynamodb:table:ReadCapacityUnits', 5, 500);
  const ddbWrite = target('dynamodb', 'table/orders', 'dynamodb:table:WriteCapacityUnits', 5, 200);
  state.scalableTargets.push(ecs, ddbRead, ddbWrite);
  state.appPolicies.push(
    appTargetTracking(ecs, 'ECSServiceAverageCPUUtilization', 60),
    appTargetTracking(ddbRead, 'DynamoDBReadCapacityUtilization', 70),
    appTargetTracking(ddbWrite, 'DynamoDBWriteCapacityUtilization', 70),
  );
  state.appScheduledActions.push({
    ScheduledActionName: 'orders-weekday-read-boost',
    ScheduledActionARN: `arn:aws:autoscaling:${region}:${account.accountId}:scheduledAction:${hashSeed('orders-boost').toString(16)}:resource/dynamodb/table/orders:scheduledActionName/orders-weekday-read-boost`,
    ServiceNamespace: 'dynamodb',
    Schedule: 'cron(0 6 ? * MON-FRI *)',
    Timezone: 'Etc/UTC',
    ResourceId: 'table/orders',
    ScalableDimension: 'dynamodb:table:ReadCapacityUnits',
    ScalableTargetAction: { MinCapacity: 50, MaxCapacity: 500 },
    CreationTime: created,
  });
  // Aurora replica auto scaling on the first provisioned (non-serverless) Aurora cluster.
  const aurora = rdsSimState(account, region).clusters.find(
    (c) =>
      c.Engine?.startsWith('aurora') &&
      c.EngineMode !== 'serverless' &&
      c.ServerlessV2ScalingConfiguration === undefined,
  );
  if (aurora?.DBClusterIdentifier) {
    const t = target('rds', `cluster:${aurora.DBClusterIdentifier}`, 'rds:cluster:ReadReplicaCount', 1, 4);
    state.scalableTargets.push(t);
    state.appPolicies.push(appTargetTracking(t, 'RDSReaderAverageCPUUtilization', 60));
  }
  return state;
}

export function autoscalingSimState(account: SimAccount, region: string): AutoScalingSimState {
  return account.memo(`autoscaling:${region}`, () => make(account, region));
}

function requireNamespace(input: { ServiceNamespace?: string }): string {
  if (!input.ServiceNamespace)
    throw awsError(
      'ValidationException',
      "1 validation error detected: Value null at 'serviceNamespace' failed to satisfy constraint: Member must not be null",
      400,
    );
  return input.ServiceNamespace;
}

export const autoscalingSim: SimServiceModule = {
  clientName: 'AutoScalingClient',
  handlers: {
    DescribeAutoScalingGroupsCommand: (input: { AutoScalingGroupNames?: string[] }, { account, region }) => {
      const names = input.AutoScalingGroupNames;
      const groups = autoscalingSimState(account, region).groups.filter(
        (g) => !names?.length || names.includes(g.AutoScalingGroupName ?? ''),
      );
      const { page, nextToken } = paginate(groups, input, {
        sizeIn: 'MaxRecords',
        max: 100,
        defaultSize: 50,
      });
      return { AutoScalingGroups: page, NextToken: nextToken };
    },
    DescribePoliciesCommand: (
      input: { AutoScalingGroupName?: string; PolicyTypes?: string[] },
      { account, region },
    ) => {
      const policies = autoscalingSimState(account, region).policies.filter(
        (p) =>
          (!input.AutoScalingGroupName || p.AutoScalingGroupName === input.AutoScalingGroupName) &&
          (!input.PolicyTypes?.length || input.PolicyTypes.includes(p.PolicyType ?? '')),
      );
      const { page, nextToken } = paginate(policies, input, {
        sizeIn: 'MaxRecords',
        max: 100,
        defaultSize: 50,
      });
      return { ScalingPolicies: page, NextToken: nextToken };
    },
    DescribeScheduledActionsCommand: (input: { AutoScalingGroupName?: string }, { account, region }) => {
      const actions = autoscalingSimState(account, region).scheduledActions.filter(
        (a) => !input.AutoScalingGroupName || a.AutoScalingGroupName === input.AutoScalingGroupName,
      );
      const { page, nextToken } = paginate(actions, input, {
        sizeIn: 'MaxRecords',
        max: 100,
        defaultSize: 50,
      });
      return { ScheduledUpdateGroupActions: page, NextToken: nextToken };
    },
  },
  metrics(q, { account, region }) {
    // AWS/EC2 publishes instance metrics aggregated per Auto Scaling group (dims {AutoScalingGroupName}).
    if (q.namespace !== 'AWS/EC2' || q.metricName !== 'CPUUtilization') return undefined;
    const name = q.dimensions.AutoScalingGroupName;
    if (name === undefined || Object.keys(q.dimensions).length !== 1) return undefined;
    const state = autoscalingSimState(account, region);
    const cpu = state.cpu[name];
    if (!cpu) return undefined;
    if (q.stat === 'Sum') {
      // The sum of every instance's datapoints in the period: average x in-service instances x samples per
      // instance (basic monitoring: one per 5 minutes).
      const avg = shapedSeries(
        { ...q, stat: 'Average' },
        {
          base: cpu.base,
          daily: cpu.daily,
          jitter: 0.06,
          min: 0,
          max: 100,
          key: `asg-cpu:${region}:${name}:Average`,
        },
      );
      const desired = state.groups.find((g) => g.AutoScalingGroupName === name)?.DesiredCapacity ?? 1;
      const instances = shapedSeries(q, {
        base: desired,
        daily: cpu.instancesDaily ?? 0,
        jitter: 0,
        min: 1,
        key: `asg-instances:${region}:${name}`,
      });
      const samples = q.periodSeconds / 300;
      return avg.map((a, i) => Math.round(a * Math.round(instances[i] ?? 1) * samples * 1000) / 1000);
    }
    const peak = q.stat === 'Maximum' ? 1.25 : 1;
    return shapedSeries(q, {
      base: cpu.base * peak,
      daily: cpu.daily,
      jitter: 0.06,
      min: 0,
      max: 100,
      key: `asg-cpu:${region}:${name}:${q.stat}`,
    });
  },
};

export const applicationAutoScalingSim: SimServiceModule = {
  clientName: 'ApplicationAutoScalingClient',
  handlers: {
    DescribeScalableTargetsCommand: (input: { ServiceNamespace?: string }, { account, region }) => {
      const ns = requireNamespace(input);
      const targets = autoscalingSimState(account, region).scalableTargets.filter(
        (t) => t.ServiceNamespace === ns,
      );
      const { page, nextToken } = paginate(targets, input, { max: 50, defaultSize: 50 });
      return { ScalableTargets: page, NextToken: nextToken };
    },
    DescribeScalingPoliciesCommand: (input: { ServiceNamespace?: string }, { account, region }) => {
      const ns = requireNamespace(input);
      const policies = autoscalingSimState(account, region).appPolicies.filter(
        (p) => p.ServiceNamespace === ns,
      );
      // DescribeScalingPolicies pages hold 1 to 10 policies (default 10).
      const { page, nextToken } = paginate(policies, input, { max: 10, defaultSize: 10 });
      return { ScalingPolicies: page, NextToken: nextToken };
    },
    DescribeScheduledActionsCommand: (input: { ServiceNamespace?: string }, { account, region }) => {
      const ns = requireNamespace(input);
      const actions = autoscalingSimState(account, region).appScheduledActions.filter(
        (a) => a.ServiceNamespace === ns,
      );
      const { page, nextToken } = paginate(actions, input, { max: 50, defaultSize: 50 });
      return { ScheduledActions: page, NextToken: nextToken };
    },
  },
};
