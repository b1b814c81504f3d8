import { describe, expect, it } from 'vitest';
import { computeoptimizerAutoscalingGroupOptimized as check } from '#lib/checks/computeoptimizer/computeoptimizer-autoscaling-group-optimized.js';
import { aGapOn, aRecommendation, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const asg = (finding: string) =>
  aRecommendation({
    kind: 'asg',
    resourceArn: 'arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:x:autoScalingGroupName/web-asg',
    resourceId: 'web-asg',
    finding,
    reasons: [],
  });
const evaluate = (finding: string) =>
  runCheck(check, aSnapshot({ computeOptimizer: { recommendations: [asg(finding)] } }))[0];

describe('computeoptimizer-autoscaling-group-optimized', () => {
  it('fails an under-provisioned group as high, on WAF-PERF-010', () => {
    expect(check.control).toBe('WAF-PERF-010');
    expect(evaluate('underprovisioned')).toMatchObject({
      status: 'fail',
      severity: 'high',
      resourceType: 'AWS::AutoScaling::AutoScalingGroup',
      resourceId: 'web-asg',
    });
  });

  it('passes an optimized group and is unknown when unavailable', () => {
    expect(evaluate('optimized')?.status).toBe('pass');
    expect(evaluate('unavailable')?.status).toBe('unknown');
  });

  it('is unknown under a gap on the whole Compute Optimizer slice', () => {
    const snapshot = withGaps(
      aSnapshot({ computeOptimizer: { recommendations: [asg('optimized')] } }),
      aGapOn('computeOptimizer', { service: 'computeoptimizer' }),
    );
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
  });
});
