import { describe, expect, it } from 'vitest';
import { computeoptimizerRdsInstanceOptimized as check } from '#lib/checks/computeoptimizer/computeoptimizer-rds-instance-optimized.js';
import type { ComputeOptimizerRecommendation } from '#lib/model/index.js';
import { aGapOn, aRecommendation, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const ARN = 'arn:aws:rds:eu-west-1:123456789012:db:orders-db';
const rds = (o: Partial<ComputeOptimizerRecommendation>) =>
  aRecommendation({
    kind: 'rds',
    resourceArn: ARN,
    resourceId: 'orders-db',
    reasons: [],
    current: 'db.r6g.large',
    topOption: 'db.r7g.xlarge',
    performanceRisk: 2,
    estimatedMonthlySavingsUsd: undefined,
    ...o,
  });
const evaluate = (...recs: ComputeOptimizerRecommendation[]) =>
  runCheck(check, aSnapshot({ computeOptimizer: { recommendations: recs } }));

describe('computeoptimizer-rds-instance-optimized', () => {
  it('fails an under-provisioned DB instance class as high, on WAF-PERF-010', () => {
    expect(check.control).toBe('WAF-PERF-010');
    const [r] = evaluate(rds({ finding: 'underprovisioned', reasons: ['CPUUnderprovisioned'] }));
    expect(r).toMatchObject({ status: 'fail', severity: 'high', resourceType: 'AWS::RDS::DBInstance' });
    expect(r?.message).toBe(
      'orders-db is under-provisioned per Compute Optimizer (CPUUnderprovisioned): db.r6g.large -> db.r7g.xlarge, performance risk medium.',
    );
  });

  it('passes when the class is optimized, including when only the storage has a finding', () => {
    expect(evaluate(rds({ finding: 'optimized' }))[0]?.status).toBe('pass');
    const [storageOnly] = evaluate(rds({ finding: 'overprovisioned', current: 'io1', topOption: 'gp3' }));
    expect(storageOnly?.status).toBe('pass');
    expect(storageOnly?.message).toContain('only its storage has a finding');
  });

  it('leaves Aurora cluster-level recommendations to the storage check, and is unknown under a gap', () => {
    expect(
      evaluate(rds({ finding: 'optimized', resourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:aur' })),
    ).toEqual([]);
    const snapshot = withGaps(
      aSnapshot({ computeOptimizer: { recommendations: [rds({ finding: 'optimized' })] } }),
      aGapOn('computeOptimizer.rds', { service: 'computeoptimizer' }),
    );
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
  });
});
