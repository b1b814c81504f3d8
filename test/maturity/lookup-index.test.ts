/**
 * The indexed lookups that replaced a scan per resource (lib/model/lookup.ts, the Compute Optimizer index of
 * lib/maturity/measures/serverless.ts) give what the scan gave: the first matching item in list order.
 */
import { describe, expect, it } from 'vitest';
import { firstBy } from '#lib/model/lookup.js';
import { deriveUnitFacts } from '#lib/maturity/facts.js';
import type { ComputeOptimizerRecommendation } from '#lib/model/index.js';
import {
  aLambdaFunction,
  aLambdaMetricSummary,
  aRecommendation,
  aSnapshot,
  withMetrics,
} from '#test/builders/index.js';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('firstBy', () => {
  it('equals find() for every id, duplicates and misses included', () => {
    const r = rng(7);
    const list = Array.from({ length: 300 }, (_, i) => ({ id: `v-${Math.floor(r() * 80)}`, n: i }));
    const idOf = (x: { id: string }) => x.id;
    for (let k = 0; k < 100; k++) {
      const id = `v-${k}`;
      expect(firstBy(list, idOf, id)).toBe(list.find((x) => x.id === id));
    }
    expect(firstBy(undefined, idOf, 'v-1')).toBeUndefined();
  });

  it('sees an item added to the list after a first lookup', () => {
    const list = [{ id: 'a' }];
    const idOf = (x: { id: string }) => x.id;
    expect(firstBy(list, idOf, 'b')).toBeUndefined();
    list.push({ id: 'b' });
    expect(firstBy(list, idOf, 'b')).toBe(list[1]);
  });
});

describe('lambda.optimized over many functions and recommendations', () => {
  it('counts what a scan of the recommendations in list order counts', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = rng(seed);
      const fns = Array.from({ length: 60 }, (_, i) => aLambdaFunction({ functionName: `fn${i}` }));
      const arnOf = (i: number) => fns[i % fns.length]!.arn;
      const recs: ComputeOptimizerRecommendation[] = Array.from({ length: 150 }, () => {
        const i = Math.floor(r() * 80); // some name no function has
        const how = Math.floor(r() * 5);
        const resourceArn =
          how === 0
            ? arnOf(i)
            : how === 1
              ? `${arnOf(i)}:$LATEST`
              : how === 2
                ? `${arnOf(i)}x`
                : `other:${i}`;
        return aRecommendation({
          kind: r() < 0.85 ? 'lambda' : 'ec2',
          resourceArn,
          resourceId: how === 3 ? `fn${i}` : `id${i}`,
          finding: r() < 0.5 ? 'Optimized' : 'NotOptimized',
        });
      });
      const s = withMetrics(
        aSnapshot({
          lambda: { functions: fns },
          computeOptimizer: { enrollmentStatus: 'Active', recommendations: recs },
        }),
        ...fns.map((f) => aLambdaMetricSummary(f.functionName, 'Invocations', 'Sum', 86400, [5])),
      );
      const expected = fns.filter((fn) => {
        const rec = recs.find(
          (x) =>
            x.kind === 'lambda' &&
            (x.resourceArn === fn.arn ||
              x.resourceArn.startsWith(`${fn.arn}:`) ||
              x.resourceId === fn.functionName),
        );
        return rec?.finding === 'Optimized';
      }).length;
      expect(deriveUnitFacts(s, []).measures['lambda.optimized']).toEqual({
        of: 60,
        met: expected,
        noData: 0,
      });
    }
  });
});
