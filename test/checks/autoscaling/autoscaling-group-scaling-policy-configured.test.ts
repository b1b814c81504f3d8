import { describe, expect, it } from 'vitest';
import { autoscalingGroupScalingPolicyConfigured as check } from '#lib/checks/autoscaling/autoscaling-group-scaling-policy-configured.js';
import {
  aGapOn,
  aScalingPolicy,
  aScheduledAction,
  aSnapshot,
  anAutoScalingGroup,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { AutoScalingSlice } from '#lib/model/index.js';

const evaluate = (slice: Partial<AutoScalingSlice>) =>
  runCheck(check, aSnapshot({ autoscaling: { groups: [anAutoScalingGroup()], ...slice } }))[0];

describe('autoscaling-group-scaling-policy-configured', () => {
  it('passes a 2-10 group with a target tracking policy', () => {
    const r = evaluate({ policies: [aScalingPolicy()] });
    expect(r).toMatchObject({
      status: 'pass',
      resourceType: 'AWS::AutoScaling::AutoScalingGroup',
      resourceId: 'web-asg',
    });
    expect(r?.message).toBe('web-asg (min 2, max 10) scales with 1 scaling policy(ies).');
  });

  it('fails a group without any policy', () => {
    const r = evaluate({});
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe('web-asg (min 2, max 10) has no scaling policy: capacity changes only by hand.');
  });

  it('fails min = max even with a policy, unless recurring scheduled actions change the size', () => {
    const fixed = evaluate({
      groups: [anAutoScalingGroup({ minSize: 3, maxSize: 3, desiredCapacity: 3 })],
      policies: [aScalingPolicy()],
    });
    expect(fixed?.status).toBe('fail');
    expect(fixed?.message).toBe(
      'web-asg cannot scale: min = max = 3, so its 1 policy(ies) cannot change capacity.',
    );
    const scheduled = evaluate({
      groups: [anAutoScalingGroup({ minSize: 3, maxSize: 3 })],
      scheduledActions: [aScheduledAction()],
    });
    expect(scheduled?.status).toBe('pass');
  });

  it('does not count a forecast-only predictive policy or a disabled policy', () => {
    const r = evaluate({
      policies: [
        aScalingPolicy({ policyType: 'PredictiveScaling', predictiveMode: 'ForecastOnly' }),
        aScalingPolicy({ policyName: 'off', enabled: false }),
      ],
    });
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('only forecast-only predictive policies');
  });

  it('passes groups scaled by the Kubernetes Cluster Autoscaler and skips parked groups', () => {
    const k8s = evaluate({
      groups: [anAutoScalingGroup({ tags: { 'k8s.io/cluster-autoscaler/enabled': 'true' } })],
    });
    expect(k8s?.status).toBe('pass');
    expect(k8s?.message).toContain('Kubernetes Cluster Autoscaler');
    expect(
      evaluate({ groups: [anAutoScalingGroup({ minSize: 0, maxSize: 0, desiredCapacity: 0 })] }),
    ).toBeUndefined();
  });

  it('passes Karpenter-tagged groups, but not an external scaler on a group with min = max', () => {
    const karpenter = evaluate({
      groups: [anAutoScalingGroup({ tags: { 'karpenter.sh/nodepool': 'default' } })],
    });
    expect(karpenter?.status).toBe('pass');
    expect(karpenter?.message).toContain('Karpenter');
    const fixed = evaluate({
      groups: [
        anAutoScalingGroup({ minSize: 3, maxSize: 3, tags: { 'k8s.io/cluster-autoscaler/enabled': 'true' } }),
      ],
    });
    expect(fixed?.status).toBe('fail');
  });

  it('is unknown, not fail, when the policy list has a gap', () => {
    const snapshot = withGaps(
      aSnapshot({ autoscaling: { groups: [anAutoScalingGroup()] } }),
      aGapOn('autoscaling.policies'),
    );
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toContain('autoscaling.policies');
  });
});
