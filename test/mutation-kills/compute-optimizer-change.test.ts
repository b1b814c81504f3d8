/**
 * Kills the survivors of lib/checks/compute-optimizer-results.ts left after test/mutation-kills/check-shared.test.ts
 * (docs/testing.md): the right-sizing finding alone asks for a resize, names are compared trimmed, a generation
 * of two digits, and sizes with a hyphen (`metal-24xl`).
 */
import { describe, expect, it } from 'vitest';
import { recommendationChange } from '#lib/checks/compute-optimizer-results.js';
import type { ComputeOptimizerRecommendation } from '#lib/model/index.js';
import { aRecommendation } from '#test/builders/index.js';

const change = (o: Partial<ComputeOptimizerRecommendation>) => recommendationChange(aRecommendation(o));

describe('recommendationChange (mutation kills)', () => {
  it('an over- or under-provisioned finding is a resize even when the size name stays the same', () => {
    expect(change({ finding: 'overprovisioned', current: 'm5.large', topOption: 'm6g.large' })).toEqual([
      'architecture',
      'generation',
      'resize',
    ]);
    expect(change({ finding: 'underprovisioned', current: 'm5.large', topOption: 'm6i.large' })).toEqual([
      'generation',
      'resize',
    ]);
    expect(change({ finding: 'notoptimized', current: 'm5.large', topOption: 'm6i.large' })).toEqual([
      'generation',
    ]);
  });

  it('compares storage types trimmed: padding is not a storage-type change', () => {
    expect(change({ kind: 'ebs', current: ' gp3 ', topOption: 'gp3' })).toEqual(['resize']);
    expect(change({ kind: 'ebs', current: 'gp3', topOption: 'GP3  ' })).toEqual(['resize']);
    expect(change({ kind: 'ebs', current: ' gp2', topOption: 'gp3 ' })).toEqual(['storage-type']);
  });

  it('reads instance types trimmed, of any generation number and with a hyphenated size', () => {
    expect(change({ finding: 'notoptimized', current: ' m5.large ', topOption: ' m6g.large' })).toEqual([
      'architecture',
      'generation',
    ]);
    expect(change({ finding: 'notoptimized', current: 'm9.large', topOption: 'm10.large' })).toEqual([
      'generation',
    ]);
    expect(change({ finding: 'notoptimized', current: 'm5.metal', topOption: 'm7i.metal-24xl' })).toEqual([
      'generation',
      'resize',
    ]);
    expect(
      change({ finding: 'notoptimized', current: 'm7i.metal-24xl', topOption: 'm7i.metal-48xl' }),
    ).toEqual(['resize']);
    expect(change({ finding: 'notoptimized', current: 'db.r6g.large', topOption: 'db.r7g.large' })).toEqual([
      'generation',
    ]);
  });
});
