import { describe, expect, it } from 'vitest';
import { mapLimit, mapLimitAdmitted } from '#lib/collect/concurrency.js';

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
    await mapLimitAdmitted([1, 1, 1, 1, 1], 2, () => true, async () => {
      peak = Math.max(peak, ++inFlight);
      await sleep(2);
      inFlight--;
    });
    expect(peak).toBe(2);
  });
});
