/**
 * GetMetricData's points as the simulator holds them: one response's page of points in two typed arrays
 * (timestamps in ms, values), series after series, kept on the answer under a symbol (not enumerable: spreads,
 * JSON and comparisons see only the SDK's fields). Each result's `Timestamps` (a Date per point) and `Values`
 * (number[]) are built from them when first read, as the SDK's deserializer builds them on arrival. The
 * benchmark's simulator process sends the two arrays over IPC as they are (bench/sim-process.ts), and the
 * call recorder and the latency model count points without building anything.
 */

export const PACKED_POINTS = Symbol('perfscan.sim.packedPoints');

/** The page's points: result i holds `counts[i]` of them, after those of results 0..i-1. */
export interface PackedPoints {
  ts: Float64Array;
  vs: Float64Array;
  counts: number[];
  /** The answer's results as built: packing falls back to their fields once one was replaced or rewritten. */
  results: object[];
}

/**
 * The packed points of an answer whose results are still the ones the simulator built, their Timestamps and
 * Values not yet read or assigned (a test may rewrite an answer); otherwise undefined.
 */
export function untouchedPackedPoints(output: Record<string, unknown>): PackedPoints | undefined {
  const packed = packedPointsOf(output);
  const results = output.MetricDataResults as object[] | undefined;
  if (!packed || !Array.isArray(results) || results.length !== packed.results.length) return undefined;
  for (let i = 0; i < results.length; i++) {
    const r = results[i] as object;
    if (r !== packed.results[i]) return undefined;
    if (!Object.getOwnPropertyDescriptor(r, 'Timestamps')?.get) return undefined;
    if (!Object.getOwnPropertyDescriptor(r, 'Values')?.get) return undefined;
  }
  return packed;
}

/** The packed points of a simulated GetMetricData answer, or undefined for any other object. */
export function packedPointsOf(output: object): PackedPoints | undefined {
  return (output as { [PACKED_POINTS]?: PackedPoints })[PACKED_POINTS];
}

/** Datapoints a GetMetricData answer carries (its results' Values), without building them. */
export function datapointCount(output: Record<string, unknown>): number {
  const packed = untouchedPackedPoints(output);
  if (packed) return packed.vs.length;
  const results = output.MetricDataResults as { Values?: unknown[] }[] | undefined;
  let n = 0;
  for (const r of results ?? []) n += r.Values?.length ?? 0;
  return n;
}
