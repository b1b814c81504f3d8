/** The heap limit `perfscan scan` re-runs itself under (lib/cli/heap.ts). */
import { describe, expect, it } from 'vitest';
import {
  HEAP_BASE_MB,
  heapFlagsFor,
  heapLimitMbFor,
  heapSizeChosen,
  runUnderHeapLimit,
  SEMI_SPACE_WITH_WORKERS_MB,
} from '#lib/cli/heap.js';
import { InvalidArgumentError } from 'commander';
import { parseMetricWorkers } from '#lib/cli/options.js';
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

describe('heapFlagsFor', () => {
  const limit = `--max-old-space-size=${DEFAULT_MEMORY_BUDGET_MB + HEAP_BASE_MB}`;
  const semi = `--max-semi-space-size=${SEMI_SPACE_WITH_WORKERS_MB}`;
  it('adds a smaller semi-space when metric worker threads read the pages (auto: on more than one core)', () => {
    expect(heapFlagsFor(['scan'], 2)).toEqual([limit, semi]);
    expect(heapFlagsFor(['scan', '--metric-workers', 'auto'], 4)).toEqual([limit, semi]);
    expect(heapFlagsFor(['scan', '--metric-workers=2'], 1)).toEqual([limit, semi]);
  });
  it("keeps V8's young generation when this thread reads them: one core, or --metric-workers 0", () => {
    expect(heapFlagsFor(['scan'], 1)).toEqual([limit]);
    expect(heapFlagsFor(['scan', '--metric-workers', '0'], 8)).toEqual([limit]);
    expect(heapFlagsFor(['report'], 8)).toBeUndefined();
  });
});

describe('parseMetricWorkers', () => {
  it("takes 'auto' or a whole number from 0 to 16, and names the fix otherwise", () => {
    expect(parseMetricWorkers('auto')).toBe('auto');
    expect(parseMetricWorkers(' AUTO ')).toBe('auto');
    expect(parseMetricWorkers('0')).toBe(0);
    expect(parseMetricWorkers('3')).toBe(3);
    for (const bad of ['-1', '17', '1.5', 'many', ''])
      expect(() => parseMetricWorkers(bad)).toThrow(InvalidArgumentError);
    expect(() => parseMetricWorkers('many')).toThrow(/'auto' or the number of metric worker threads/);
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
