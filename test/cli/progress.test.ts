/**
 * The live progress display: phases per unit, an ETA from the planned work, clipped to the terminal
 * width, and (on a real file descriptor) redrawn by its worker while the main thread is busy.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressDisplay, composeLine } from '#lib/cli/progress.js';
import type { ScanProgress } from '#lib/engine/scan.js';
import type { ScanUnit } from '#lib/model/index.js';

const unit = (region: string): ScanUnit => ({
  accountId: '111122223333',
  region,
  global: region === 'us-east-1',
});

function fakeTty(columns: number) {
  const writes: string[] = [];
  return { stream: { isTTY: true, columns, write: (s: string) => writes.push(s) }, writes };
}

describe('composeLine', () => {
  it('adds elapsed time, an ETA once a tenth of the work is done, and clips to the width', () => {
    const s = { text: 'perfscan: 1/4 units', startedAt: 0, fraction: 0.25, width: 80 };
    expect(composeLine(s, 30_000)).toBe('perfscan: 1/4 units · 30s · ETA 1m30s');
    expect(composeLine({ ...s, fraction: 0.05 }, 30_000)).toBe('perfscan: 1/4 units · 30s');
    const long = composeLine({ ...s, text: 'x'.repeat(200), width: 40 }, 1000);
    expect(Array.from(long)).toHaveLength(39);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('ProgressDisplay (live, in-process)', () => {
  it('shows each running unit with its phase and the planned work done', () => {
    let now = 1_000_000;
    const { stream, writes } = fakeTty(120);
    const p = new ProgressDisplay(stream, { force: false, apiCalls: () => 42, now: () => now });
    const ev = (e: Partial<ScanProgress> & Pick<ScanProgress, 'type'>) =>
      p.onProgress({ unitsTotal: 2, unitsDone: 0, apiCalls: 0, ...e });
    ev({ type: 'planned' });
    ev({ type: 'unit-start', unit: unit('eu-west-1') });
    ev({ type: 'unit-start', unit: unit('us-east-1') });
    ev({ type: 'unit-phase', unit: unit('eu-west-1'), phase: 'metrics' });
    now += 20_000;
    ev({ type: 'unit-phase', unit: unit('us-east-1'), phase: 'evaluating' });
    const last = writes.at(-1)!;
    // (0.35 + 0.8) / 2 of the planned work in 20 s -> about 15 s left.
    expect(last).toBe(
      '\r\u001b[2Kperfscan: 0/2 units · 42 API calls · 20s · ETA 15s · eu-west-1 metrics, us-east-1 evaluating',
    );
    ev({ type: 'unit-done', unit: unit('eu-west-1'), unitsDone: 1 });
    expect(writes.at(-1)).toMatch(/1\/2 units · 42 API calls · 20s · ETA \d+s · us-east-1 evaluating$/);
    p.stop();
    expect(writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('clips the line to a narrow terminal', () => {
    const { stream, writes } = fakeTty(40);
    const p = new ProgressDisplay(stream, { force: false, apiCalls: () => 1234 });
    p.onProgress({ type: 'planned', unitsTotal: 17, unitsDone: 0, apiCalls: 0 });
    for (const r of ['eu-west-1', 'eu-central-1', 'us-east-1', 'ap-southeast-2'])
      p.onProgress({ type: 'unit-start', unitsTotal: 17, unitsDone: 0, apiCalls: 0, unit: unit(r) });
    for (const w of writes) expect(Array.from(w.replace('\r\u001b[2K', '')).length).toBeLessThan(40);
    p.stop();
  });

  it('is silent with --quiet', () => {
    const quiet = fakeTty(80);
    const q = new ProgressDisplay(quiet.stream, { force: true, quiet: true, apiCalls: () => 0 });
    q.status('identifying the account');
    q.onProgress({ type: 'planned', unitsTotal: 1, unitsDone: 0, apiCalls: 0 });
    q.stop();
    expect(quiet.writes).toEqual([]);
  });
});

describe('ProgressDisplay (live, worker on a file descriptor)', () => {
  it('keeps redrawing while the main thread is blocked by CPU-bound work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfscan-progress-'));
    const file = join(dir, 'tty');
    const fd = openSync(file, 'w');
    try {
      const stream = { isTTY: true, columns: 100, fd, write: (s: string) => writeSync(fd, s) };
      const p = new ProgressDisplay(stream, { force: false, apiCalls: () => 7 });
      p.onProgress({ type: 'planned', unitsTotal: 1, unitsDone: 0, apiCalls: 0 });
      p.onProgress({ type: 'unit-start', unitsTotal: 1, unitsDone: 0, apiCalls: 0, unit: unit('eu-west-1') });
      // Wait for the worker's first draw (starting a worker takes a moment on a busy machine).
      for (let i = 0; i < 200 && !readFileSync(file, 'utf8').includes('eu-west-1 listing'); i++)
        await new Promise((r) => setTimeout(r, 50));
      const before = readFileSync(file, 'utf8').split('\r\u001b[2K').filter(Boolean).length;
      expect(before).toBeGreaterThan(0);
      // Block the main thread: no timer of ours can fire, the worker still draws the moving clock.
      const until = Date.now() + 3_200;
      while (Date.now() < until) {
        /* CPU-bound */
      }
      const during = readFileSync(file, 'utf8').split('\r\u001b[2K').filter(Boolean);
      expect(during.length - before).toBeGreaterThanOrEqual(2);
      p.stop();
      const after = readFileSync(file, 'utf8');
      expect(after.endsWith('\r\u001b[2K')).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      expect(readFileSync(file, 'utf8')).toBe(after); // nothing drawn after stop()
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
