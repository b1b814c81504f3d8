import { describe, expect, it } from 'vitest';
import { autoscalingScalableTargetScalingPolicyConfigured as check } from '#lib/checks/autoscaling/autoscaling-scalable-target-scaling-policy-configured.js';
import {
  aGapOn,
  aScalableTarget,
  aScalingPolicy,
  aScheduledAction,
  aSnapshot,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { AutoScalingSlice } from '#lib/model/index.js';

const ECS = { namespace: 'ecs', resourceId: 'service/prod/checkout' };
const evaluate = (slice: Partial<AutoScalingSlice>) =>
  runCheck(check, aSnapshot({ autoscaling: { scalableTargets: [aScalableTarget()], ...slice } }))[0];

describe('autoscaling-scalable-target-scaling-policy-configured', () => {
  it('passes a target with a policy', () => {
    const r = evaluate({ policies: [aScalingPolicy({ ...ECS, policyName: 'cpu60' })] });
    expect(r).toMatchObject({
      status: 'pass',
      resourceId: 'ecs:service/prod/checkout:ecs:service:DesiredCount',
    });
    expect(r?.message).toBe(
      'service/prod/checkout (ecs:service:DesiredCount) scales between 2 and 20 with 1 policy(ies) and 0 recurring scheduled action(s).',
    );
  });

  it('fails a registered target with nothing to scale it; a one-time scheduled action does not count', () => {
    const r = evaluate({
      scheduledActions: [aScheduledAction({ ...ECS, name: 'launch', recurrence: 'at(2025-06-20T08:00:00)' })],
    });
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'service/prod/checkout (ecs:service:DesiredCount) is registered for scaling (min 2, max 20) but has no scaling policy or recurring scheduled action.',
    );
    expect(
      evaluate({ scheduledActions: [aScheduledAction({ ...ECS, recurrence: 'cron(0 7 ? * MON-FRI *)' })] })
        ?.status,
    ).toBe('pass');
  });

  it('fails min = max', () => {
    const r = evaluate({
      scalableTargets: [aScalableTarget({ minCapacity: 4, maxCapacity: 4 })],
      policies: [aScalingPolicy(ECS)],
    });
    expect(r?.message).toBe('service/prod/checkout (ecs:service:DesiredCount) cannot scale: min = max = 4.');
  });

  it('is unknown when the Application Auto Scaling policies have a gap', () => {
    const snapshot = withGaps(
      aSnapshot({ autoscaling: { scalableTargets: [aScalableTarget()] } }),
      aGapOn('autoscaling.scalableTargets.policies'),
    );
    expect(runCheck(check, snapshot)[0]?.status).toBe('unknown');
  });
});
