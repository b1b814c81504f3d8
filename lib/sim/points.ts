/**
 * GetMetricData's points as the simulator holds them: one response's page of points in two typed arrays
 * (timestamps in ms, values), series after series, kept on the answer under a symbol (not enumerable: spreads,
 * JSON and comparisons see only the SDK's fields). Each result's `Timestamps` (a Date per point) and `Values`
 * (number[]) are built from them when first read, as the SDK's deserializer builds them on arrival. The
 * benchmark's simulator process sends the two arrays over IPC as they are (bench/sim-process.ts), and the
 * call recorder and the latency model count points without building anything.
 */

export const PACKED_POINTS = Symbol('perfscan.sim.packedPoints');

/** The arrays an answer's points were written into (views of them are the page and each result's points). */
export interface PointStore {
  ts: Float64Array;
  vs: Float64Array;
  /** Handed back to the pool (releasePoints): the answer's points are no longer readable. */
  released: boolean;
}

/** The page's points: result i holds `counts[i]` of them, after those of results 0..i-1. */
export interface PackedPoints {
  ts: Float64Array;
  vs: Float64Array;
  store: PointStore;
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
  const packed = (output as { [PACKED_POINTS]?: PackedPoints })[PACKED_POINTS];
  return packed && !packed.store.released ? packed : undefined;
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

/**
 * Point arrays to reuse: an answer's arrays come back here once it was sent (releasePoints), so a simulator
 * process does not allocate (and V8 does not count as external memory, which triggers full collections) two
 * new ~1 MB arrays per GetMetricData answer. Answers nobody releases (the simulator in the scan's process)
 * keep theirs, and the collector takes them with the answer.
 */
const POOL: Float64Array[] = [];
const POOL_MAX = 8;
/** Smallest array handed out: a full page (100,800 points) fits, so arrays of any answer can serve the next. */
const POINT_BUFFER_MIN = 1 << 17;

/** An array of at least `capacity` points, reused when one is free (its contents are stale: write before reading). */
export function pointBuffer(capacity: number): Float64Array {
  for (let i = POOL.length - 1; i >= 0; i--) {
    const b = POOL[i] as Float64Array;
    if (b.length >= capacity) {
      POOL.splice(i, 1);
      return b;
    }
  }
  return new Float64Array(Math.max(capacity, POINT_BUFFER_MIN));
}

/** Points a store had before it grew (the handler outgrew them): back to the pool. */
export function recyclePointBuffer(b: Float64Array): void {
  if (POOL.length < POOL_MAX && b.length >= POINT_BUFFER_MIN) POOL.push(b);
}

/**
 * Hand an answer's point arrays back for reuse, once nothing will read its points again (the simulator process
 * calls it when the answer was serialized and sent). Reading the answer's Timestamps or Values after this
 * throws, and it is no longer packed.
 */
export function releasePoints(output: object): void {
  const packed = packedPointsOf(output);
  if (!packed || packed.store.released) return;
  packed.store.released = true;
  recyclePointBuffer(packed.store.ts);
  recyclePointBuffer(packed.store.vs);
  delete (output as { [PACKED_POINTS]?: PackedPoints })[PACKED_POINTS];
}
