/**
 * Auto Scaling collector: EC2 Auto Scaling groups, scaling policies (target tracking, step, simple,
 * predictive) and scheduled actions, each listed account-wide at 100 per page; Application Auto Scaling
 * scalable targets, policies and scheduled actions per service namespace (the namespace is a required
 * parameter, so one paginated call per namespace is unavoidable; policies and scheduled actions are
 * only listed for namespaces that have scalable targets, since neither can exist without one).
 *
 * Metrics: AWS/EC2 CPUUtilization Average, hourly, per group (dims {AutoScalingGroupName}; EC2
 * publishes it for every group, unlike the GroupInServiceInstances group metrics that need metrics
 * collection enabled), so a check can see a daily cycle that predictive scaling would serve.
 *
 * Gap slices: `autoscaling.groups`, `autoscaling.policies`, `autoscaling.scheduledActions` (EC2 Auto
 * Scaling), `autoscaling.scalableTargets` with `autoscaling.scalableTargets.policies` and
 * `autoscaling.scalableTargets.scheduledActions` (Application Auto Scaling).
 */
import {
  AutoScalingClient,
  paginateDescribeAutoScalingGroups,
  paginateDescribePolicies,
  paginateDescribeScheduledActions,
  type AutoScalingGroup as SdkGroup,
  type ScalingPolicy as SdkPolicy,
} from '@aws-sdk/client-auto-scaling';
import {
  ApplicationAutoScalingClient,
  paginateDescribeScalableTargets,
  paginateDescribeScalingPolicies,
  paginateDescribeScheduledActions as paginateDescribeAppScheduledActions,
  type ServiceNamespace,
} from '@aws-sdk/client-application-auto-scaling';
import type {
  AutoScalingGroup,
  AutoScalingSlice,
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
} from '#lib/model/index.js';
import { guard, toGap, type GapWhere } from './errors.js';
import type { Collector } from './types.js';

/** EC2 Auto Scaling Describe* calls: MaxRecords up to 100. */
/**
 * Hourly CPUUtilization of each group (dims {AutoScalingGroupName}): the Average (per-instance load) and the Sum,
 * the group's total CPU, which is the load metric predictive scaling forecasts (ASGTotalCPUUtilization: the sum
 * of CPUUtilization over the group). Target tracking holds the average flat; the total shows the cycle.
 */
export const ASG_CPU_STATS = ['Average', 'Sum'] as const;

export const ASG_PAGE_SIZE = 100;
/** Application Auto Scaling: DescribeScalableTargets / DescribeScheduledActions up to 50, DescribeScalingPolicies up to 10. */
export const APP_TARGETS_PAGE_SIZE = 50;
export const APP_POLICIES_PAGE_SIZE = 10;
export const APP_SCHEDULED_PAGE_SIZE = 50;

/**
 * Application Auto Scaling namespaces read: the compute and data services whose capacity is a
 * performance lever (ECS services, DynamoDB tables, Aurora replicas, ElastiCache, Lambda provisioned
 * concurrency, SageMaker endpoints). Others (AppStream, WorkSpaces, EMR, Keyspaces, Comprehend, MSK
 * storage, Neptune, Spot Fleet, custom resources) are left out to keep the per-region call count low.
 */
const TARGETS_WHERE: GapWhere = {
  service: 'autoscaling',
  slice: 'autoscaling.scalableTargets',
  action: 'application-autoscaling:DescribeScalableTargets',
};
const APP_POLICIES_WHERE: GapWhere = {
  service: 'autoscaling',
  slice: 'autoscaling.scalableTargets.policies',
  action: 'application-autoscaling:DescribeScalingPolicies',
};
const APP_SCHEDULED_WHERE: GapWhere = {
  service: 'autoscaling',
  slice: 'autoscaling.scalableTargets.scheduledActions',
  action: 'application-autoscaling:DescribeScheduledActions',
};

export const APP_AUTOSCALING_NAMESPACES: readonly ServiceNamespace[] = [
  'ecs',
  'dynamodb',
  'rds',
  'elasticache',
  'lambda',
  'sagemaker',
];

function tags(t: SdkGroup['Tags']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const x of t ?? []) if (x.Key) out[x.Key] = x.Value ?? '';
  return out;
}

export function normalizeGroup(g: SdkGroup): AutoScalingGroup | undefined {
  if (!g.AutoScalingGroupName) return undefined;
  const types = new Set<string>();
  for (const i of g.Instances ?? []) if (i.InstanceType) types.add(i.InstanceType);
  for (const o of g.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [])
    if (o.InstanceType) types.add(o.InstanceType);
  return {
    name: g.AutoScalingGroupName,
    arn: g.AutoScalingGroupARN ?? '',
    minSize: g.MinSize ?? 0,
    maxSize: g.MaxSize ?? 0,
    desiredCapacity: g.DesiredCapacity ?? 0,
    instanceIds: (g.Instances ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : [])),
    instanceTypes: [...types].sort(),
    tags: tags(g.Tags),
  };
}

export function normalizePolicy(p: SdkPolicy): ScalingPolicy | undefined {
  if (!p.AutoScalingGroupName || !p.PolicyName) return undefined;
  const predictive = p.PolicyType === 'PredictiveScaling';
  return {
    namespace: 'asg',
    resourceId: p.AutoScalingGroupName,
    policyName: p.PolicyName,
    policyType: p.PolicyType ?? 'SimpleScaling',
    // Predictive scaling defaults to ForecastOnly when Mode is omitted (EC2 Auto Scaling API reference).
    ...(predictive ? { predictiveMode: p.PredictiveScalingConfiguration?.Mode ?? 'ForecastOnly' } : {}),
    enabled: p.Enabled,
  };
}

export const autoscalingCollector: Collector = {
  service: 'autoscaling',
  iamActions: [
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:DescribePolicies',
    'autoscaling:DescribeScheduledActions',
    'application-autoscaling:DescribeScalableTargets',
    'application-autoscaling:DescribeScalingPolicies',
    'application-autoscaling:DescribeScheduledActions',
  ],
  async collect(ctx) {
    const asg = ctx.clients.get(AutoScalingClient);
    const app = ctx.clients.get(ApplicationAutoScalingClient);
    const slice: AutoScalingSlice = { groups: [], policies: [], scheduledActions: [], scalableTargets: [] };

    const groups = guard(
      ctx,
      {
        service: 'autoscaling',
        slice: 'autoscaling.groups',
        action: 'autoscaling:DescribeAutoScalingGroups',
      },
      async () => {
        for await (const page of paginateDescribeAutoScalingGroups(
          { client: asg, pageSize: ASG_PAGE_SIZE },
          {},
        )) {
          for (const g of page.AutoScalingGroups ?? []) {
            const n = normalizeGroup(g);
            if (n) slice.groups.push(n);
          }
        }
      },
    );
    const policies = guard(
      ctx,
      { service: 'autoscaling', slice: 'autoscaling.policies', action: 'autoscaling:DescribePolicies' },
      async () => {
        for await (const page of paginateDescribePolicies({ client: asg, pageSize: ASG_PAGE_SIZE }, {})) {
          for (const p of page.ScalingPolicies ?? []) {
            const n = normalizePolicy(p);
            if (n) slice.policies.push(n);
          }
        }
      },
    );
    const scheduled = guard(
      ctx,
      {
        service: 'autoscaling',
        slice: 'autoscaling.scheduledActions',
        action: 'autoscaling:DescribeScheduledActions',
      },
      async () => {
        for await (const page of paginateDescribeScheduledActions(
          { client: asg, pageSize: ASG_PAGE_SIZE },
          {},
        )) {
          for (const a of page.ScheduledUpdateGroupActions ?? []) {
            if (!a.AutoScalingGroupName || !a.ScheduledActionName) continue;
            slice.scheduledActions.push({
              namespace: 'asg',
              resourceId: a.AutoScalingGroupName,
              name: a.ScheduledActionName,
              recurrence: a.Recurrence,
            });
          }
        }
      },
    );

    const appPolicies: ScalingPolicy[] = [];
    const appScheduled: ScheduledAction[] = [];
    const appTargets: ScalableTarget[] = [];
    // One gap per slice, naming the namespaces that failed, rather than one per namespace call.
    const failures = new Map<string, { where: GapWhere; err: unknown; namespaces: string[] }>();
    const attempt = async (where: GapWhere, ns: string, fn: () => Promise<void>): Promise<boolean> => {
      try {
        await fn();
        return true;
      } catch (err) {
        toGap(err, where); // rethrows programming errors (undeclared action) at once
        const f = failures.get(where.slice) ?? { where, err, namespaces: [] };
        f.namespaces.push(ns);
        failures.set(where.slice, f);
        return false;
      }
    };
    const perNamespace = APP_AUTOSCALING_NAMESPACES.map(async (ns) => {
      const targets: ScalableTarget[] = [];
      const ok = await attempt(TARGETS_WHERE, ns, async () => {
        for await (const page of paginateDescribeScalableTargets(
          { client: app, pageSize: APP_TARGETS_PAGE_SIZE },
          { ServiceNamespace: ns },
        )) {
          for (const t of page.ScalableTargets ?? []) {
            if (!t.ResourceId || !t.ScalableDimension) continue;
            targets.push({
              namespace: ns,
              resourceId: t.ResourceId,
              scalableDimension: t.ScalableDimension,
              minCapacity: t.MinCapacity ?? 0,
              maxCapacity: t.MaxCapacity ?? 0,
            });
          }
        }
      });
      appTargets.push(...targets);
      if (!ok || targets.length === 0) return;
      await Promise.all([
        attempt(APP_POLICIES_WHERE, ns, async () => {
          for await (const page of paginateDescribeScalingPolicies(
            { client: app, pageSize: APP_POLICIES_PAGE_SIZE },
            { ServiceNamespace: ns },
          )) {
            for (const p of page.ScalingPolicies ?? []) {
              if (!p.ResourceId || !p.PolicyName) continue;
              const predictive = p.PolicyType === 'PredictiveScaling';
              appPolicies.push({
                namespace: ns,
                resourceId: p.ResourceId,
                policyName: p.PolicyName,
                policyType: p.PolicyType ?? 'StepScaling',
                ...(predictive
                  ? { predictiveMode: p.PredictiveScalingPolicyConfiguration?.Mode ?? 'ForecastOnly' }
                  : {}),
              });
            }
          }
        }),
        attempt(APP_SCHEDULED_WHERE, ns, async () => {
          for await (const page of paginateDescribeAppScheduledActions(
            { client: app, pageSize: APP_SCHEDULED_PAGE_SIZE },
            { ServiceNamespace: ns },
          )) {
            for (const a of page.ScheduledActions ?? []) {
              if (!a.ResourceId || !a.ScheduledActionName) continue;
              appScheduled.push({
                namespace: ns,
                resourceId: a.ResourceId,
                name: a.ScheduledActionName,
                recurrence: a.Schedule,
              });
            }
          }
        }),
      ]);
    });

    await Promise.all([groups, policies, scheduled, ...perNamespace]);
    for (const f of failures.values()) {
      const gap = toGap(f.err, f.where);
      ctx.gap({
        ...gap,
        message: `${gap.message.replace(/\.$/, '')} (namespaces: ${f.namespaces.sort().join(', ')}).`,
      });
    }
    // Deterministic order whatever the completion order of the namespace calls.
    const byNs = (
      a: { namespace: string; resourceId: string },
      b: { namespace: string; resourceId: string },
    ) =>
      APP_AUTOSCALING_NAMESPACES.indexOf(a.namespace as ServiceNamespace) -
        APP_AUTOSCALING_NAMESPACES.indexOf(b.namespace as ServiceNamespace) ||
      a.resourceId.localeCompare(b.resourceId);
    slice.scalableTargets.push(...appTargets.sort(byNs));
    slice.policies.push(...appPolicies.sort(byNs));
    slice.scheduledActions.push(...appScheduled.sort(byNs));

    for (const g of slice.groups) {
      for (const stat of ASG_CPU_STATS)
        ctx.metrics.request({
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: { AutoScalingGroupName: g.name },
          stat,
          periodSeconds: 3600,
        });
    }
    return { autoscaling: slice };
  },
};
