import { describe, expect, it } from 'vitest';
import { computeoptimizerEbsVolumeOptimized as check } from '#lib/checks/computeoptimizer/computeoptimizer-ebs-volume-optimized.js';
import { aGapOn, aRecommendation, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const vol = (finding: string) =>
  aRecommendation({
    kind: 'ebs',
    resourceArn: 'arn:aws:ec2:eu-west-1:123456789012:volume/vol-1',
    resourceId: 'vol-1',
    finding,
    reasons: [],
    current: 'gp2',
    topOption: 'gp3',
    performanceRisk: 0,
    estimatedMonthlySavingsUsd: 8,
  });
const evaluate = (finding: string) =>
  runCheck(check, aSnapshot({ computeOptimizer: { recommendations: [vol(finding)] } }))[0];

describe('computeoptimizer-ebs-volume-optimized', () => {
  it('fails a not-optimized volume on WAF-PERF-090', () => {
    expect(check.control).toBe('WAF-PERF-090');
    const r = evaluate('notoptimized');
    expect(r).toMatchObject({
      status: 'fail',
      resourceType: 'AWS::EC2::Volume',
      estimatedMonthlySavingsUsd: 8,
    });
    expect(r?.message).toBe(
      'vol-1 is not optimized per Compute Optimizer: gp2 -> gp3, performance risk very low, saves about USD 8 per month.',
    );
  });

  it('passes an optimized volume and is unknown when unavailable', () => {
    expect(evaluate('optimized')?.status).toBe('pass');
    expect(evaluate('unavailable')?.status).toBe('unknown');
  });

  it('is unknown under a gap on the EBS recommendations', () => {
    const snapshot = withGaps(
      aSnapshot({ computeOptimizer: { recommendations: [vol('optimized')] } }),
      aGapOn('computeOptimizer.ebs', { service: 'computeoptimizer' }),
    );
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
  });
});
