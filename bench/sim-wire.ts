/**
 * GetMetricData answers on the way from the simulator process to the scan's: the packing lives in
 * lib/sim/wire.ts (the scan's metric worker threads use it too); re-exported here for the benchmark's tests.
 */
export { packOutput, unpackOutput } from '#lib/sim/wire.js';
