/**
 * RDS for Oracle's preconfigured classes (`db.r5b.4xlarge.tpc2.mem2x`: more memory than the standard size) in the
 * release radar's move rules: they move only to a newer preconfigured class of the same size and variant, never
 * to or from a standard class of the "same" size (so not to a standard Graviton class either). Pins the behaviour
 * lib/radar/moves.ts gets from comparing the whole size (`4xlarge.tpc2.mem2x`).
 */
import { describe, expect, it } from 'vitest';
import { moveKind, withoutPrefix } from '#lib/radar/moves.js';

const kind = (from: string, to: string) => moveKind(withoutPrefix(from), withoutPrefix(to));

describe('radar moves of RDS for Oracle preconfigured classes', () => {
  it('a newer generation of the same size and variant, on the same processor maker', () => {
    expect(kind('db.r5.4xlarge.tpc2.mem2x', 'db.r7i.4xlarge.tpc2.mem2x')).toBe('generation');
    expect(kind('db.r5.4xlarge.tpc2.mem2x', 'db.r7i.4xlarge.tpc2.mem4x')).toBeUndefined();
    expect(kind('db.r5.4xlarge.tpc2.mem2x', 'db.r7i.4xlarge.tpc1.mem2x')).toBeUndefined();
  });

  it('never between a preconfigured and a standard class (Graviton included)', () => {
    expect(kind('db.r5.4xlarge.tpc2.mem2x', 'db.r7i.4xlarge')).toBeUndefined();
    expect(kind('db.r5.4xlarge', 'db.r7i.4xlarge.tpc2.mem2x')).toBeUndefined();
    expect(kind('db.r5.4xlarge.tpc2.mem2x', 'db.r8g.4xlarge')).toBeUndefined();
    // db.r5b (EBS-optimized `b`) is not db.r7i's like for like either.
    expect(kind('db.r5b.4xlarge.tpc2.mem2x', 'db.r7i.4xlarge.tpc2.mem2x')).toBeUndefined();
  });
});
