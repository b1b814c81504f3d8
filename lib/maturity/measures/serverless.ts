/** Measures over Lambda functions (WAF-PERF-080, checklist L4-8). */
import type { LambdaFunction } from '#lib/model/index.js';
import { lambdaInvocationsKey } from '#lib/concepts/workloads.js';
import type { MeasureContext, MeasureDef } from '../types.js';
import { seriesSum } from '../metric-index.js';
import { count, tally, USES } from './support.js';

/** Functions invoked in the window; those without an Invocations series are returned apart (no data). */
function invoked(ctx: MeasureContext): { fns: LambdaFunction[]; unmeasured: number } {
  const fns: LambdaFunction[] = [];
  let unmeasured = 0;
  for (const fn of ctx.snapshot.lambda?.functions ?? []) {
    const inv = ctx.snapshot.metrics[lambdaInvocationsKey(fn.functionName)];
    if (!inv) unmeasured++;
    else if (seriesSum(inv) > 0) fns.push(fn);
  }
  return { fns, unmeasured };
}

function optimized(ctx: MeasureContext, fn: LambdaFunction): boolean {
  const co = ctx.snapshot.computeOptimizer;
  if (!co || !/^active$/i.test(co.enrollmentStatus)) return false;
  const rec = co.recommendations.find(
    (r) =>
      r.kind === 'lambda' &&
      (r.resourceArn === fn.arn ||
        r.resourceArn.startsWith(`${fn.arn}:`) ||
        r.resourceId === fn.functionName),
  );
  return rec !== undefined && rec.finding.toLowerCase().replace(/[^a-z]/g, '') === 'optimized';
}

export const SERVERLESS_MEASURES: readonly MeasureDef[] = [
  {
    id: 'subject.functions',
    denominator: 'Lambda functions',
    meets: 'exist',
    sources: ['lambda.functions'],
    uses: [USES.lambda],
    tally: ({ snapshot: s }) => {
      const n = s.lambda?.functions.length ?? 0;
      return tally(n, n);
    },
  },
  {
    id: 'lambda.memoryAdjusted',
    denominator: 'Lambda functions invoked in the window',
    meets: 'are not at the 128 MB default memory size',
    sources: ['lambda.functions'],
    uses: [USES.lambda],
    tally: (ctx) => {
      const { fns, unmeasured } = invoked(ctx);
      const t = count(fns, (fn) => fn.memoryMiB !== 128);
      return tally(t.of + unmeasured, t.met, unmeasured);
    },
  },
  {
    id: 'lambda.optimized',
    denominator: 'Lambda functions invoked in the window',
    meets: 'are rated Optimized by Compute Optimizer (no recommendation = not measured)',
    sources: ['lambda.functions', 'lambda.computeOptimizer'],
    uses: [USES.lambda, 'compute-optimizer:GetLambdaFunctionRecommendations (finding)'],
    tally: (ctx) => {
      const { fns, unmeasured } = invoked(ctx);
      const t = count(fns, (fn) => optimized(ctx, fn));
      return tally(t.of + unmeasured, t.met, unmeasured);
    },
  },
];
