import { describe, expect, it } from 'vitest';
import { lambdaFunctionMemoryConfigured as check } from '#lib/checks/lambda/lambda-function-memory-configured.js';
import {
  aGapOn,
  aLambdaFunction,
  aRecommendation,
  aSnapshot,
  runCheck,
  withGaps,
} from '#test/builders/index.js';

describe('lambda-function-memory-configured', () => {
  it('passes a function with memory set and fails one at the 128 MB default', () => {
    const results = runCheck(
      check,
      aSnapshot({
        lambda: { functions: [aLambdaFunction(), aLambdaFunction({ functionName: 'cron', memoryMiB: 128 })] },
      }),
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['orders-api', 'pass'],
      ['cron', 'fail'],
    ]);
    expect(results[1]?.message).toBe(
      'cron runs at the 128 MB default memory size, with no measurement showing it is the right size.',
    );
    expect(results[1]?.evidence[0]).toMatchObject({
      value: 128,
      unit: 'MB',
      source: 'lambda:ListFunctions MemorySize',
    });
  });

  it('passes 128 MB when Compute Optimizer rates the function optimized', () => {
    const fn = aLambdaFunction({ functionName: 'cron', memoryMiB: 128 });
    const rec = aRecommendation({
      kind: 'lambda',
      resourceArn: `${fn.arn}:$LATEST`,
      resourceId: 'cron',
      finding: 'optimized',
      reasons: [],
    });
    const [r] = runCheck(
      check,
      aSnapshot({ lambda: { functions: [fn] }, computeOptimizer: { recommendations: [rec] } }),
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain('Compute Optimizer rates Optimized');
  });

  it('is unknown under a gap on the function list', () => {
    const gapped = withGaps(
      aSnapshot({ lambda: { functions: [aLambdaFunction()] } }),
      aGapOn('lambda.functions'),
    );
    expect(runCheck(check, gapped).map((r) => r.status)).toEqual(['unknown']);
  });
});
