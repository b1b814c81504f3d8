import type { EvidenceItem } from '#lib/model/index.js';
import { groupScaling } from '#lib/concepts/scaling.js';
import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind } from '../absence.js';
import { missingSlice } from '../support.js';

const NEEDS = ['autoscaling.groups', 'autoscaling.policies', 'autoscaling.scheduledActions'];
const RESOURCE_TYPE = 'AWS::AutoScaling::AutoScalingGroup';

/**
 * A group that scales (lib/concepts/scaling.ts, shared with the score): min < max and something that changes its
 * capacity (a scaling policy that acts, or a documented external scaler such as Cluster Autoscaler or Karpenter),
 * or a recurring scheduled action. Predictive policies in ForecastOnly mode do not act.
 */
export const autoscalingGroupScalingPolicyConfigured = defineCheck({
  id: 'autoscaling-group-scaling-policy-configured',
  title: 'Auto Scaling groups can scale: a scaling policy and min below max',
  service: 'autoscaling',
  control: 'WAF-PERF-020',
  severity: 'medium',
  rationale:
    'A group without a scaling policy, or with min = max, has static capacity: it is over-provisioned at quiet times ' +
    'and saturates at peaks. Every group scaling (min < max and a policy) is the WAF-PERF-020 L3 evidence and ' +
    'checklist item L3-4; at least one is L2 (item L2-3).',
  remediation: {
    change: 'scaling-policy',
    text:
      'Add a target tracking policy (e.g. average CPU 50-60% or ALB requests per target) and set max above min; use ' +
      'scheduled actions for known events and predictive scaling for daily cycles.',
    docs: [
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scale-based-on-demand.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-capacity-limits.html',
    ],
    impact: 'Capacity follows load: fewer instances at quiet times, headroom at peaks.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const asg = snapshot.autoscaling;
    if (!asg) return missingSlice(snapshot, 'autoscaling', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const g of asg.groups) {
      if (g.maxSize === 0) continue; // parked group: nothing runs
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: g.name,
        resourceArn: g.arn,
        resourceName: g.name,
      };
      const scaling = groupScaling(g, asg);
      const { policies, acting, external } = scaling;
      const scheduled = { length: scaling.recurringActions };
      const evidence: EvidenceItem[] = [
        {
          label: 'Min / desired / max',
          value: `${g.minSize} / ${g.desiredCapacity} / ${g.maxSize}`,
          threshold: 'min < max',
          source: 'autoscaling:DescribeAutoScalingGroups',
        },
        {
          label: 'Scaling policies',
          value:
            policies
              .map(
                (p) => `${p.policyName} (${p.policyType}${p.predictiveMode ? ` ${p.predictiveMode}` : ''})`,
              )
              .join(', ') || 'none',
          source: 'autoscaling:DescribePolicies',
        },
        {
          label: 'Recurring scheduled actions',
          value: scheduled.length,
          unit: 'count',
          source: 'autoscaling:DescribeScheduledActions',
        },
      ];
      if (external) evidence.push({ label: 'Scaled by', value: external, source: 'group tags' });
      const size = `min ${g.minSize}, max ${g.maxSize}`;
      if (scaling.scales) {
        const how = [
          acting.length > 0 ? `${acting.length} scaling policy(ies)` : '',
          scheduled.length > 0 ? `${scheduled.length} recurring scheduled action(s)` : '',
          external ? `scaling by ${external}` : '',
        ].filter(Boolean);
        results.push({
          ...base,
          status: 'pass',
          message: `${g.name} (${size}) scales with ${how.join(' and ')}.`,
          evidence,
        });
      } else if (!scaling.canChange) {
        const message = `${g.name} cannot scale: min = max = ${g.maxSize}${policies.length > 0 ? `, so its ${policies.length} policy(ies) cannot change capacity` : ''}.`;
        results.push(
          failUnlessBlind(snapshot, ['autoscaling.scheduledActions'], {
            ...base,
            status: 'fail',
            message,
            evidence,
          }),
        );
      } else {
        const why = policies.length > 0 ? 'only forecast-only predictive policies' : 'no scaling policy';
        const message = `${g.name} (${size}) has ${why}: capacity changes only by hand.`;
        results.push(
          failUnlessBlind(snapshot, ['autoscaling.policies', 'autoscaling.scheduledActions'], {
            ...base,
            status: 'fail',
            message,
            evidence,
          }),
        );
      }
    }
    return results;
  },
});
