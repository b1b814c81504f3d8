/** Measures over Lambda functions (WAF-PERF-080, checklist L4-8). */
import type { ComputeOptimizerRecommendation, LambdaFunction } from '#lib/model/index.js';
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

/**
 * Compute Optimizer's Lambda recommendations by what names a function: the ARN, any ARN that starts with it
 * and a `:` (a qualified ARN: version or alias), the function name. Each map keeps the position of the first
 * recommendation with that key, so a lookup gives the same recommendation as a scan in list order, without
 * a scan per function (quadratic over a large region: thousands of functions x tens of thousands of
 * recommendations; 1.5 s of CPU in us-east-1 of the reference account).
 */
interface LambdaRecIndex {
  length: number;
  byArn: Map<string, number>;
  byArnPrefix: Map<string, number>;
  byId: Map<string, number>;
}
const recIndexes = new WeakMap<readonly ComputeOptimizerRecommendation[], LambdaRecIndex>();

function setFirst(m: Map<string, number>, k: string, i: number): void {
  if (!m.has(k)) m.set(k, i);
}

function lambdaRecIndex(recs: readonly ComputeOptimizerRecommendation[]): LambdaRecIndex {
  const cached = recIndexes.get(recs);
  if (cached && cached.length === recs.length) return cached;
  const index: LambdaRecIndex = {
    length: recs.length,
    byArn: new Map(),
    byArnPrefix: new Map(),
    byId: new Map(),
  };
  recs.forEach((r, i) => {
    if (r.kind !== 'lambda') return;
    setFirst(index.byArn, r.resourceArn, i);
    // `resourceArn.startsWith(`${arn}:`)` for any arn: every prefix that a `:` follows.
    for (let at = r.resourceArn.indexOf(':'); at >= 0; at = r.resourceArn.indexOf(':', at + 1))
      setFirst(index.byArnPrefix, r.resourceArn.slice(0, at), i);
    setFirst(index.byId, r.resourceId, i);
  });
  recIndexes.set(recs, index);
  return index;
}

function optimized(ctx: MeasureContext, fn: LambdaFunction): boolean {
  const co = ctx.snapshot.computeOptimizer;
  if (!co || !/^active$/i.test(co.enrollmentStatus)) return false;
  const index = lambdaRecIndex(co.recommendations);
  const at = Math.min(
    index.byArn.get(fn.arn) ?? Infinity,
    index.byArnPrefix.get(fn.arn) ?? Infinity,
    index.byId.get(fn.functionName) ?? Infinity,
  );
  const rec = Number.isFinite(at) ? co.recommendations[at] : undefined;
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
