import { describe, expect, it } from 'vitest';
import { computeoptimizerRdsStorageOptimized as check } from '#lib/checks/computeoptimizer/computeoptimizer-rds-storage-optimized.js';
import type { ComputeOptimizerRecommendation } from '#lib/model/index.js';
import { aGapOn, aRecommendation, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const ARN = 'arn:aws:rds:eu-west-1:123456789012:db:orders-db';
const rds = (o: Partial<ComputeOptimizerRecommendation>) =>
  aRecommendation({
    kind: 'rds',
    resourceArn: ARN,
    resourceId: 'orders-db',
    reasons: [],
    performanceRisk: undefined,
    estimatedMonthlySavingsUsd: undefined,
    ...o,
  });
const evaluate = (...recs: ComputeOptimizerRecommendation[]) =>
  runCheck(check, aSnapshot({ computeOptimizer: { recommendations: recs } }));

describe('computeoptimizer-rds-storage-optimized', () => {
  it('fails an over-provisioned storage finding with its savings, on WAF-PERF-090', () => {
    expect(check.control).toBe('WAF-PERF-090');
    const [r] = evaluate(
      rds({
        finding: 'overprovisioned',
        reasons: ['EBSVolumeIOPSOverprovisioned'],
        current: 'io1',
        topOption: 'gp3',
        estimatedMonthlySavingsUsd: 210,
      }),
    );
    expect(r).toMatchObject({ status: 'fail', estimatedMonthlySavingsUsd: 210 });
    expect(r?.message).toBe(
      'orders-db is over-provisioned per Compute Optimizer (EBSVolumeIOPSOverprovisioned): io1 -> gp3, saves about USD 210 per month.',
    );
  });

  it('passes a fully optimized database and types Aurora cluster storage as a DB cluster', () => {
    expect(evaluate(rds({ finding: 'optimized', current: 'db.r6g.large' }))[0]?.status).toBe('pass');
    const [cluster] = evaluate(
      rds({
        finding: 'optimized',
        resourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:aur',
        resourceId: 'aur',
        current: 'aurora',
      }),
    );
    expect(cluster?.resourceType).toBe('AWS::RDS::DBCluster');
  });

  it('says nothing when an instance finding hides the storage finding, and is unknown under a gap', () => {
    expect(
      evaluate(rds({ finding: 'underprovisioned', current: 'db.r6g.large', topOption: 'db.r7g.xlarge' })),
    ).toEqual([]);
    const snapshot = withGaps(
      aSnapshot({ computeOptimizer: { recommendations: [rds({ finding: 'optimized', current: 'gp3' })] } }),
      aGapOn('computeOptimizer.rds', { service: 'computeoptimizer' }),
    );
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
  });
});
