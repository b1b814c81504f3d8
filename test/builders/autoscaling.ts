import type {
  AutoScalingGroup,
  MetricSummary,
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
} from '#lib/model/index.js';
import { aSeriesSummary } from './metrics.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';

export const TEST_ASG_NAME = 'web-asg';

/** A group of 2-10 m5.large instances (desired 2). */
export function anAutoScalingGroup(overrides: Partial<AutoScalingGroup> = {}): AutoScalingGroup {
  const name = overrides.name ?? TEST_ASG_NAME;
  return {
    name,
    arn: `arn:aws:autoscaling:${TEST_REGION}:${TEST_ACCOUNT_ID}:autoScalingGroup:uuid:autoScalingGroupName/${name}`,
    minSize: 2,
    maxSize: 10,
    desiredCapacity: 2,
    instanceIds: ['i-0aaa', 'i-0bbb'],
    instanceTypes: ['m5.large'],
    tags: {},
    ...overrides,
  };
}

/** An enabled EC2 Auto Scaling target tracking policy on the test group. */
export function aScalingPolicy(overrides: Partial<ScalingPolicy> = {}): ScalingPolicy {
  return {
    namespace: 'asg',
    resourceId: TEST_ASG_NAME,
    policyName: 'cpu50',
    policyType: 'TargetTrackingScaling',
    enabled: true,
    ...overrides,
  };
}

/** A recurring EC2 Auto Scaling scheduled action on the test group. */
export function aScheduledAction(overrides: Partial<ScheduledAction> = {}): ScheduledAction {
  return {
    namespace: 'asg',
    resourceId: TEST_ASG_NAME,
    name: 'business-hours',
    recurrence: '0 7 * * MON-FRI',
    ...overrides,
  };
}

/** An ECS service scalable target, 2-20 tasks. */
export function aScalableTarget(overrides: Partial<ScalableTarget> = {}): ScalableTarget {
  return {
    namespace: 'ecs',
    resourceId: 'service/prod/checkout',
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: 2,
    maxCapacity: 20,
    ...overrides,
  };
}

/** Hourly AWS/EC2 CPUUtilization of a group (dims {AutoScalingGroupName}): Average, or Sum (the group total). */
export function anAsgCpuSummary(
  groupName: string,
  values: readonly (number | null)[],
  stat: 'Average' | 'Sum' = 'Average',
): MetricSummary {
  return aSeriesSummary(values, {
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { AutoScalingGroupName: groupName },
    stat,
    periodSeconds: 3600,
  });
}
