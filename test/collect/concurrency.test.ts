import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  liveMemoryBytes,
  mapLimit,
  mapLimitAdmitted,
  trackLiveHeap,
  untrackLiveHeap,
} from '#lib/collect/concurrency.js';

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and returns results in item order', async () => {
    let inFlight = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 10, 2, 15];
    const out = await mapLimit(delays, 3, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return `${i}:${ms}`;
    });
    expect(peak).toBe(3);
    expect(out).toEqual(delays.map((ms, i) => `${i}:${ms}`));
  });

  it('runs one at a time for a limit below 1 and does nothing for no items', async () => {
    let peak = 0;
    let inFlight = 0;
    const out = await mapLimit([1, 2, 3], 0, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await Promise.resolve();
      inFlight--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6]);
    expect(peak).toBe(1);
    const calls: number[] = [];
    expect(await mapLimit([], 4, async (n: number) => calls.push(n))).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('rejects when a call rejects', async () => {
    await expect(
      mapLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});

describe('mapLimitAdmitted', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('starts an item only when admitted, but always when nothing runs (never stalls)', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimitAdmitted(
      [5, 1, 3, 2],
      4,
      () => false,
      async (ms, i) => {
        peak = Math.max(peak, ++inFlight);
        await sleep(ms);
        inFlight--;
        return i;
      },
    );
    expect(peak).toBe(1);
    expect(out).toEqual([0, 1, 2, 3]);
  });

  it('admits up to the limit while the gate is open, and holds back while it is shut', async () => {
    let memory = 0; // what the gate reads: each running item "holds" 100
    let inFlight = 0;
    let peak = 0;
    const seenRunning: number[] = [];
    await mapLimitAdmitted(
      Array.from({ length: 8 }, (_, i) => i),
      6,
      (running) => {
        seenRunning.push(running);
        return memory < 250; // room for at most 3 at once (0, 100, 200 admitted; 300 refused)
      },
      async () => {
        memory += 100;
        peak = Math.max(peak, ++inFlight);
        await sleep(3);
        memory -= 100;
        inFlight--;
      },
    );
    expect(peak).toBe(3);
    expect(seenRunning.every((r) => r > 0)).toBe(true); // never asked when nothing runs
  });

  it('with an always-open gate behaves like mapLimit', async () => {
    let inFlight = 0;
    let peak = 0;
    await mapLimitAdmitted(
      [1, 1, 1, 1, 1],
      2,
      () => true,
      async () => {
        peak = Math.max(peak, ++inFlight);
        await sleep(2);
        inFlight--;
      },
    );
    expect(peak).toBe(2);
  });
});

describe('liveMemoryBytes', () => {
  // A full GC on demand without starting the test process with --expose-gc.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (o?: { type: 'major' | 'minor' }) => void;
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('reads the heap left by the last full GC: garbage promoted since then does not count', async () => {
    untrackLiveHeap();
    trackLiveHeap();
    try {
      gc();
      await settle();
      const live = liveMemoryBytes();
      // ~40 MB kept through two young collections (so it reaches the old generation), then dropped: garbage
      // that heapUsed counts until the next full GC.
      let kept: number[][] | undefined = Array.from({ length: 2_000 }, () =>
        Array.from({ length: 2_500 }, (_, i) => i + 0.5),
      );
      gc({ type: 'minor' });
      gc({ type: 'minor' });
      expect(kept.length).toBe(2_000);
      kept = undefined;
      const m = process.memoryUsage();
      expect(m.heapUsed + m.arrayBuffers).toBeGreaterThan(live + 30 * 1048576);
      expect(liveMemoryBytes()).toBeLessThan(live + 10 * 1048576);
      // After the next full GC the reading follows the heap again (here: back near where it was).
      gc();
      await settle();
      expect(Math.abs(liveMemoryBytes() - live)).toBeLessThan(10 * 1048576);
    } finally {
      untrackLiveHeap();
    }
  });

  it('without tracking (or before a full GC) it is heapUsed + arrayBuffers', () => {
    untrackLiveHeap();
    const a = liveMemoryBytes();
    const m = process.memoryUsage();
    expect(Math.abs(a - (m.heapUsed + m.arrayBuffers))).toBeLessThan(2 * 1048576);
  });
});
