import { describe, expect, it } from 'vitest';
import { computeoptimizerLambdaFunctionOptimized as check } from '#lib/checks/computeoptimizer/computeoptimizer-lambda-function-optimized.js';
import { aGapOn, aRecommendation, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const fn = (finding: string, reasons: string[] = []) =>
  aRecommendation({
    kind: 'lambda',
    resourceArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
    resourceId: 'orders-api',
    finding,
    reasons,
    current: '128 MB',
    topOption: '512 MB',
    performanceRisk: undefined,
    estimatedMonthlySavingsUsd: undefined,
  });
const evaluate = (finding: string, reasons: string[] = []) =>
  runCheck(check, aSnapshot({ computeOptimizer: { recommendations: [fn(finding, reasons)] } }))[0];

describe('computeoptimizer-lambda-function-optimized', () => {
  it('fails NotOptimized with MemoryUnderprovisioned as high, on WAF-PERF-080', () => {
    expect(check.control).toBe('WAF-PERF-080');
    const r = evaluate('notoptimized', ['MemoryUnderprovisioned']);
    expect(r).toMatchObject({ status: 'fail', severity: 'high', resourceType: 'AWS::Lambda::Function' });
    expect(r?.message).toBe(
      'orders-api is not optimized per Compute Optimizer (MemoryUnderprovisioned): 128 MB -> 512 MB.',
    );
  });

  it('fails NotOptimized with MemoryOverprovisioned at the check severity', () => {
    const r = evaluate('notoptimized', ['MemoryOverprovisioned']);
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBeUndefined();
  });

  it('passes optimized and is unknown when unavailable or under a gap', () => {
    expect(evaluate('optimized')?.status).toBe('pass');
    expect(evaluate('unavailable')?.status).toBe('unknown');
    const snapshot = withGaps(
      aSnapshot({ computeOptimizer: { recommendations: [fn('optimized')] } }),
      aGapOn('computeOptimizer.lambda', { service: 'computeoptimizer' }),
    );
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
  });
});
