import { describe, it, expect } from 'vitest';
import { median, parseElapsed, parseGnuTimeVerbose, summarizeRuns } from '../../bench/process.js';

const REPORT = `perfscan: scan 2026-11-22T17-10-52Z-b176cf complete: 3/3 units
\tCommand being timed: "npx tsx bin/perfscan.ts scan --simulated --out /tmp/x --format json"
\tUser time (seconds): 2.50
\tSystem time (seconds): 0.30
\tPercent of CPU this job got: 69%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:04.06
\tMaximum resident set size (kbytes): 275432
\tExit status: 0
`;

describe('GNU time -v report', () => {
  it('reads wall time, CPU times, peak RSS and exit status', () => {
    expect(parseGnuTimeVerbose(REPORT)).toEqual({
      wallSeconds: 4.06,
      userSeconds: 2.5,
      systemSeconds: 0.3,
      maxRssBytes: 275432 * 1024,
      exitCode: 0,
    });
  });
  it('reads elapsed times with hours and minutes', () => {
    expect(parseElapsed('1:02.50')).toBeCloseTo(62.5);
    expect(parseElapsed('1:00:01')).toBe(3601);
    expect(() => parseElapsed('soon')).toThrow();
  });
  it('fails on output without a report', () => {
    expect(() => parseGnuTimeVerbose('command not found')).toThrow(/no GNU time/);
  });
});

describe('run summaries', () => {
  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('summarizes runs with median, min and max wall time', () => {
    const run = (wallSeconds: number, mb: number) => ({
      wallSeconds,
      userSeconds: 1,
      systemSeconds: 0.1,
      maxRssBytes: mb * 1024 * 1024,
      exitCode: 0,
    });
    const s = summarizeRuns('cmd', [run(2.4, 270), run(4.6, 260), run(2.2, 280)], 1);
    expect(s).toMatchObject({
      command: 'cmd',
      runs: 3,
      warmup: 1,
      source: 'gnu-time',
      medianWallSeconds: 2.4,
      minWallSeconds: 2.2,
      maxWallSeconds: 4.6,
      medianMaxRssBytes: 270 * 1024 * 1024,
    });
  });
});
