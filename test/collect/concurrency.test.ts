import { describe, expect, it } from 'vitest';
import { mapLimit } from '#lib/collect/concurrency.js';

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
