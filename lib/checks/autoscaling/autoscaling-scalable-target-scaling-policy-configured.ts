import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind } from '../absence.js';
import { missingSlice } from '../support.js';

const NEEDS = [
  'autoscaling.scalableTargets',
  'autoscaling.scalableTargets.policies',
  'autoscaling.scalableTargets.scheduledActions',
];
const RESOURCE_TYPE = 'AWS::ApplicationAutoScaling::ScalableTarget';

/**
 * Application Auto Scaling targets (ECS services, DynamoDB tables, Aurora replicas, Lambda provisioned concurrency,
 * ...) that are registered but have nothing to scale them. Policies are matched on namespace and resource id; the
 * model does not carry the dimension of a policy, so a table with a read policy counts as scaling for writes too
 * (a possible miss, never a false alarm).
 */
export const autoscalingScalableTargetScalingPolicyConfigured = defineCheck({
  id: 'autoscaling-scalable-target-scaling-policy-configured',
  title: 'Application Auto Scaling targets have a scaling policy and min below max',
  service: 'autoscaling',
  control: 'WAF-PERF-020',
  severity: 'medium',
  rationale:
    'A scalable target without a scaling policy or scheduled action never changes capacity: the registration alone ' +
    'does nothing. Scaling configured for the stateless workloads (ECS services, DynamoDB, Aurora replicas) is ' +
    'WAF-PERF-020 L2-L3.',
  remediation: {
    change: 'scaling-policy',
    text: 'Attach a target tracking policy to the scalable target (e.g. ECS service CPU 60%, DynamoDB 70% utilization) and keep max above min.',
    docs: [
      'https://docs.aws.amazon.com/autoscaling/application/userguide/what-is-application-auto-scaling.html',
      'https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html',
    ],
    impact: 'Capacity follows load instead of staying at the registered minimum.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const asg = snapshot.autoscaling;
    if (!asg) return missingSlice(snapshot, 'autoscaling', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const t of asg.scalableTargets) {
      if (t.maxCapacity === 0) continue; // parked target
      const id = `${t.namespace}:${t.resourceId}:${t.scalableDimension}`;
      const base = { resourceType: RESOURCE_TYPE, resourceId: id, resourceName: t.resourceId };
      const policies = asg.policies.filter(
        (p) => p.namespace === t.namespace && p.resourceId === t.resourceId && p.enabled !== false,
      );
      // Recurring only: cron(...) or rate(...); a one-time at(...) action does not keep scaling.
      const scheduled = asg.scheduledActions.filter(
        (a) =>
          a.namespace === t.namespace &&
          a.resourceId === t.resourceId &&
          a.recurrence !== undefined &&
          !a.recurrence.startsWith('at('),
      );
      const evidence = [
        {
          label: 'Min / max capacity',
          value: `${t.minCapacity} / ${t.maxCapacity}`,
          threshold: 'min < max',
          source: 'application-autoscaling:DescribeScalableTargets',
        },
        {
          label: 'Scaling policies',
          value: policies.map((p) => `${p.policyName} (${p.policyType})`).join(', ') || 'none',
          source: 'application-autoscaling:DescribeScalingPolicies',
        },
        {
          label: 'Recurring scheduled actions',
          value: scheduled.length,
          unit: 'count',
          source: 'application-autoscaling:DescribeScheduledActions',
        },
      ];
      const who = `${t.resourceId} (${t.scalableDimension})`;
      if (t.minCapacity >= t.maxCapacity && scheduled.length === 0) {
        results.push(
          failUnlessBlind(snapshot, ['autoscaling.scalableTargets.scheduledActions'], {
            ...base,
            status: 'fail',
            message: `${who} cannot scale: min = max = ${t.maxCapacity}.`,
            evidence,
          }),
        );
      } else if (policies.length === 0 && scheduled.length === 0) {
        const message = `${who} is registered for scaling (min ${t.minCapacity}, max ${t.maxCapacity}) but has no scaling policy or recurring scheduled action.`;
        results.push(
          failUnlessBlind(
            snapshot,
            ['autoscaling.scalableTargets.policies', 'autoscaling.scalableTargets.scheduledActions'],
            { ...base, status: 'fail', message, evidence },
          ),
        );
      } else {
        results.push({
          ...base,
          status: 'pass',
          message: `${who} scales between ${t.minCapacity} and ${t.maxCapacity} with ${policies.length} policy(ies) and ${scheduled.length} recurring scheduled action(s).`,
          evidence,
        });
      }
    }
    return results;
  },
});
