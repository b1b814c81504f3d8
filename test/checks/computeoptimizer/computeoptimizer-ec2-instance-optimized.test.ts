import { describe, expect, it } from 'vitest';
import { computeoptimizerEc2InstanceOptimized as check } from '#lib/checks/computeoptimizer/computeoptimizer-ec2-instance-optimized.js';
import type { ComputeOptimizerRecommendation } from '#lib/model/index.js';
import { aGapOn, aRecommendation, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const evaluate = (recommendations: ComputeOptimizerRecommendation[], enrollmentStatus = 'Active') =>
  runCheck(check, aSnapshot({ computeOptimizer: { enrollmentStatus, recommendations } }));

describe('computeoptimizer-ec2-instance-optimized', () => {
  it('fails an over-provisioned instance with Compute Optimizer evidence and savings, ignoring other kinds', () => {
    const results = evaluate([aRecommendation(), aRecommendation({ kind: 'lambda', resourceId: 'fn' })]);
    expect(results).toHaveLength(1);
    const [r] = results;
    expect(check.control).toBe('WAF-PERF-010');
    expect(r).toMatchObject({
      status: 'fail',
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-0123456789abcdef0',
      estimatedMonthlySavingsUsd: 120.5,
    });
    expect(r?.severity).toBeUndefined();
    expect(r?.message).toBe(
      'i-0123456789abcdef0 is over-provisioned per Compute Optimizer (CPUOverprovisioned, MemoryOverprovisioned): m5.2xlarge -> m7g.xlarge, performance risk low, saves about USD 120.5 per month.',
    );
    expect(r?.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          label: 'Compute Optimizer finding',
          value: 'overprovisioned',
          source: 'compute-optimizer:GetEC2InstanceRecommendations',
        }),
        expect.objectContaining({
          label: 'Performance risk of the top option (0-4)',
          value: 1,
          threshold: 'low',
        }),
        expect.objectContaining({
          label: 'Estimated monthly savings of the top option',
          value: 120.5,
          unit: 'USD',
        }),
      ]),
    );
  });

  it('fails under-provisioned instances as high', () => {
    const [r] = evaluate([
      aRecommendation({
        finding: 'underprovisioned',
        reasons: ['CPUUnderprovisioned'],
        estimatedMonthlySavingsUsd: 0,
      }),
    ]);
    expect(r).toMatchObject({ status: 'fail', severity: 'high' });
    expect(r?.estimatedMonthlySavingsUsd).toBeUndefined();
  });

  it('passes optimized instances and is unknown for unavailable findings', () => {
    const results = evaluate([
      aRecommendation({ resourceId: 'i-1', finding: 'optimized', reasons: [] }),
      aRecommendation({ resourceId: 'i-2', finding: 'unavailable', reasons: [] }),
    ]);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['i-1', 'pass'],
      ['i-2', 'unknown'],
    ]);
  });

  it('says nothing when the account is not enrolled (the enrollment check reports it)', () => {
    expect(evaluate([aRecommendation()], 'Inactive')).toEqual([]);
  });

  it('is unknown when the EC2 recommendation list has a gap', () => {
    const snapshot = withGaps(
      aSnapshot({ computeOptimizer: { recommendations: [aRecommendation({ finding: 'optimized' })] } }),
      aGapOn('computeOptimizer.ec2', { service: 'computeoptimizer' }),
    );
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
  });
});
