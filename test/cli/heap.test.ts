/** The heap limit `perfscan scan` re-runs itself under (lib/cli/heap.ts). */
import { describe, expect, it } from 'vitest';
import { HEAP_BASE_MB, heapLimitMbFor, heapSizeChosen, runUnderHeapLimit } from '#lib/cli/heap.js';
import { DEFAULT_MEMORY_BUDGET_MB } from '#lib/cli/options.js';

describe('heapLimitMbFor', () => {
  it('follows --memory-budget for scan: budget + the process base', () => {
    expect(heapLimitMbFor(['scan'])).toBe(DEFAULT_MEMORY_BUDGET_MB + HEAP_BASE_MB);
    expect(heapLimitMbFor(['scan', '--memory-budget', '128'])).toBe(128 + HEAP_BASE_MB);
    expect(heapLimitMbFor(['scan', '--regions', 'eu-west-1', '--memory-budget=1024'])).toBe(
      1024 + HEAP_BASE_MB,
    );
  });

  it("adds a simulated account's own state (1 MB per unit of --sim-scale)", () => {
    expect(heapLimitMbFor(['scan', '--simulated'])).toBe(DEFAULT_MEMORY_BUDGET_MB + HEAP_BASE_MB + 1);
    expect(heapLimitMbFor(['scan', '--simulated', '--sim-scale', '60'])).toBe(
      DEFAULT_MEMORY_BUDGET_MB + HEAP_BASE_MB + 60,
    );
    // --sim-scale without --simulated is the option parser's to reject; it adds nothing here.
    expect(heapLimitMbFor(['scan', '--sim-scale', '60'])).toBe(DEFAULT_MEMORY_BUDGET_MB + HEAP_BASE_MB);
  });

  it('sets nothing for other commands, help, or a budget the option parser will reject', () => {
    expect(heapLimitMbFor(['report'])).toBeUndefined();
    expect(heapLimitMbFor([])).toBeUndefined();
    expect(heapLimitMbFor(['scan', '--help'])).toBeUndefined();
    expect(heapLimitMbFor(['scan', '--memory-budget', 'lots'])).toBeUndefined();
  });
});

describe('heapSizeChosen', () => {
  it("respects the user's own heap size, as a node flag or in NODE_OPTIONS", () => {
    expect(heapSizeChosen(['--max-old-space-size=900'], {})).toBe(true);
    expect(heapSizeChosen([], { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=900' })).toBe(true);
    expect(heapSizeChosen([], { NODE_OPTIONS: '--max-heap-size=900' })).toBe(true);
    expect(heapSizeChosen(['--import', 'tsx'], { NODE_OPTIONS: '--enable-source-maps' })).toBe(false);
  });
});

describe('runUnderHeapLimit', () => {
  it('runs in this process when marked as the re-run, turned off, or not a scan', async () => {
    const argv = ['node', 'perfscan', 'scan', '--simulated'];
    expect(await runUnderHeapLimit(argv, { PERFSCAN_HEAP_REEXEC: '513' })).toBeUndefined();
    expect(await runUnderHeapLimit(argv, { PERFSCAN_HEAP_LIMIT: 'off' })).toBeUndefined();
    expect(await runUnderHeapLimit(['node', 'perfscan', 'report'], {})).toBeUndefined();
  });
});
