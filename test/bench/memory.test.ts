import { describe, it, expect } from 'vitest';
import { liveHeapFromGcStats } from '../../bench/memory.js';

describe('live heap from a GC profile', () => {
  it('takes the peak heap left after full GCs and the total GC time', () => {
    const stat = (gcType: string, cost: number, used: number) => ({
      gcType,
      cost,
      afterGC: { heapStatistics: { usedHeapSize: used } },
    });
    expect(
      liveHeapFromGcStats([
        stat('Scavenge', 500, 900),
        stat('MarkSweepCompact', 2000, 300),
        stat('MarkSweepCompact', 1000, 400),
        stat('Scavenge', 500, 999),
      ]),
    ).toEqual({
      peakLiveHeap: 400,
      fullGcs: 2,
      gcMs: 4,
    });
  });
});
