/** `npm run bench -- --scenario memory`: its arguments, and the memory section of docs/benchmarks.md. */
import { describe, expect, it } from 'vitest';
import {
  MEMORY_END,
  MEMORY_START,
  existingMemorySection,
  renderMemoryDocs,
  spliceMemorySection,
} from '../../bench/memory-report.js';
import type { OrgMemoryResult } from '../../bench/org-memory.js';
import { parseArgs } from '../../bench/run.js';

const org: OrgMemoryResult = {
  accounts: 500,
  regions: 17,
  units: 8500,
  templateUnitBytes: 296_777,
  largestItemBytes: 78_778,
  rowsItems: 4,
  digestMs: 120_000,
  markdownBytes: 400_000,
  baselineRssMb: 170,
  peakRssMb: 530,
  peakHeapMb: 200,
  liveHeapMb: 60,
  digestBytes: 2_600_000,
  heapLimitMb: 432,
  mode: 'sections',
  kept: 10,
  sections: { files: 1000, bytes: 150_000_000, largestBytes: 262_000 },
  loadavg: { start: [2, 2, 2], end: [3, 3, 3] },
};

describe('bench --scenario memory', () => {
  it('is a pseudo-scenario: only the memory benchmarks, with their options', () => {
    expect(parseArgs(['--scenario', 'memory'])).toMatchObject({
      scenarios: [],
      memory: true,
      org: false,
      demo: false,
      unit: false,
      memoryAccounts: 500,
      memorySkip: [],
    });
    expect(
      parseArgs(['--scenario', 'memory', '--memory-accounts', '50', '--memory-skip', 'cli,cold']),
    ).toMatchObject({ memory: true, memoryAccounts: 50, memorySkip: ['cli', 'cold'] });
    expect(parseArgs([]).memory).toBe(false);
  });

  it('the docs section states each figure against its target, met or not', () => {
    const md = renderMemoryDocs({ org }, '2026-12-05T23:00:00Z');
    expect(md.startsWith(MEMORY_START)).toBe(true);
    expect(md.endsWith(MEMORY_END)).toBe(true);
    expect(md).toContain('[benchmarks-memory.md](benchmarks-memory.md)');
    expect(md).toMatch(
      /Digest Lambda, 500 accounts x 17 regions .* \| peak RSS <= 512 MB \| 530 MB .* \| \*\*not met\*\* \|/,
    );
    expect(md).toMatch(/Largest DynamoDB item .* \| 78,778 bytes \| met \|/);
    expect(renderMemoryDocs({ org: { ...org, peakRssMb: 400 } }, '2026-12-05')).toMatch(
      /\| 400 MB .* \| met \|/,
    );
  });

  it('splices the section into the page: replaced in place, else before the observations', () => {
    const page = '# Benchmarks\n\n## Time\n\nx\n\n## Observations\n\ny\n';
    const first = spliceMemorySection(page, renderMemoryDocs({ org }, '2026-12-05'));
    expect(first.indexOf(MEMORY_START)).toBeLessThan(first.indexOf('## Observations'));
    expect(first.indexOf(MEMORY_START)).toBeGreaterThan(first.indexOf('## Time'));
    const again = spliceMemorySection(
      first,
      renderMemoryDocs({ org: { ...org, peakRssMb: 400 } }, '2026-12-05'),
    );
    expect(again.split(MEMORY_START)).toHaveLength(2);
    expect(existingMemorySection(again)).toContain('400 MB');
    expect(existingMemorySection(again)).not.toContain('530 MB');
    expect(existingMemorySection(page)).toBeUndefined();
  });
});
