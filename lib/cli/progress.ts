/**
 * Progress on stderr while a scan runs.
 * - `live` (stderr is a terminal): one line, redrawn in place and clipped to the terminal width:
 *   units done/total, what each running unit is doing (listing, metrics, evaluating, storing), API calls,
 *   elapsed time and an ETA from the planned work. On a real terminal a small worker thread redraws
 *   it every 250 ms, so the clock and the ETA keep moving while the main thread is busy with CPU-bound
 *   work (evaluating a large unit, serializing findings); elsewhere (tests) a timer on the main thread does.
 * - `lines` (--progress on a non-terminal, or --verbose): one line per finished unit.
 * - `off` (--quiet, or a non-terminal without --progress).
 * The command prints its one-line summary itself (unless --quiet).
 */
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ScanProgress, UnitPhase } from '#lib/engine/scan.js';
import { formatNumber } from '#lib/model/index.js';
import type { CliStream } from './io.js';

const fmt = (n: number) => formatNumber(n, 0);

/** Share of a unit's work done when it enters each phase (metrics dominate: GetMetricData is the long part). */
export const PHASE_DONE: Record<UnitPhase | 'queued' | 'done', number> = {
  queued: 0,
  listing: 0,
  metrics: 0.35,
  evaluating: 0.8,
  storing: 0.9,
  done: 1,
};

/** What the live line shows; the time-dependent parts (elapsed, ETA) are added when it is drawn. */
export interface LiveState {
  /** e.g. "perfscan: 1/3 units · 171 API calls" */
  text: string;
  /** What the running units do, e.g. "eu-west-1 metrics, us-east-1 listing" (after the clock: cut first). */
  detail?: string;
  startedAt: number;
  /** Share of the planned work done (0-1) and when that was measured. */
  fraction: number;
  width: number;
}

/**
 * The line as drawn at `now`: the state's text, the elapsed time and, once a tenth of the planned work is
 * done, the ETA (elapsed x remaining / done), clipped to the width. Self-contained (no outside reference)
 * because the worker runs its source text.
 */
export function composeLine(s: LiveState, now: number): string {
  const secs = (ms: number): string => {
    const t = Math.max(0, Math.round(ms / 1000));
    return t >= 60 ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s` : `${t}s`;
  };
  const elapsed = now - s.startedAt;
  let line = `${s.text} · ${secs(elapsed)}`;
  if (s.fraction >= 0.1 && s.fraction < 1)
    line += ` · ETA ${secs((elapsed * (1 - s.fraction)) / s.fraction)}`;
  if (s.detail) line += ` · ${s.detail}`;
  const width = Math.max(20, s.width - 1);
  const chars = Array.from(line);
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : line;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const composeLine = ${composeLine.toString()};
const lock = new Int32Array(workerData.shared);
const fd = workerData.fd;
let state;
let last = '';
function draw() {
  if (!state) return;
  const line = composeLine(state, Date.now());
  if (line === last) return;
  // lock[0]: 1 while someone writes; lock[1]: 1 once the main thread stopped the display.
  if (Atomics.compareExchange(lock, 0, 0, 1) !== 0) return;
  try {
    if (Atomics.load(lock, 1) === 0) { writeSync(fd, '\\r\\x1b[2K' + line); last = line; }
  } catch {}
  Atomics.store(lock, 0, 0);
}
parentPort.on('message', (s) => { state = s; draw(); });
setInterval(draw, 250);
`;

export type UnitState = UnitPhase | 'queued' | 'done';

export class ProgressDisplay {
  private readonly out: CliStream;
  private readonly mode: 'live' | 'lines' | 'off';
  private readonly apiCalls: () => number;
  private readonly now: () => number;
  private readonly startedAt: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private worker: Worker | undefined;
  private shared: Int32Array | undefined;
  private done = 0;
  private total = 0;
  private readonly units = new Map<string, UnitState>();
  private statusText: string | undefined;
  private last = '';

  constructor(
    out: CliStream,
    opts: { force: boolean; quiet?: boolean; lines?: boolean; apiCalls: () => number; now?: () => number },
  ) {
    this.out = out;
    this.apiCalls = opts.apiCalls;
    this.now = opts.now ?? Date.now;
    this.startedAt = this.now();
    this.mode = opts.quiet
      ? 'off'
      : out.isTTY && !opts.lines
        ? 'live'
        : opts.force || opts.lines
          ? 'lines'
          : 'off';
  }

  /** Before the scan: e.g. "identifying the account". */
  status(text: string): void {
    this.statusText = text;
    if (this.mode === 'live') this.update();
    else if (this.mode === 'lines') this.out.write(`perfscan: ${text}\n`);
  }

  onProgress = (p: ScanProgress): void => {
    this.done = p.unitsDone;
    this.total = p.unitsTotal;
    const key = p.unit ? `${p.unit.accountId}/${p.unit.region}` : undefined;
    if (p.type === 'planned') {
      this.statusText = undefined;
      if (this.mode === 'live') this.startTicker();
    } else if (key && p.type === 'unit-start') this.units.set(key, 'listing');
    else if (key && p.type === 'unit-phase' && p.phase) this.units.set(key, p.phase);
    else if (key && p.type === 'unit-done') this.units.set(key, 'done');

    if (this.mode === 'live') this.update();
    else if (this.mode === 'lines' && p.type === 'unit-done' && p.unit && p.summary) {
      const s = p.summary;
      this.out.write(
        `perfscan: [${p.unitsDone}/${p.unitsTotal}] ${s.accountId}/${s.region} ${s.status}` +
          ` (${fmt(s.apiCalls)} API calls, ${s.gaps.length} gaps, ${(s.durationMs / 1000).toFixed(1)}s)${s.error ? `: ${s.error}` : ''}\n`,
      );
    }
  };

  /** The live state: units done, the running units' phases, API calls; the share of planned work done. */
  state(): LiveState {
    const width = this.out.columns && this.out.columns > 0 ? this.out.columns : 80;
    if (this.statusText !== undefined)
      return { text: `perfscan: ${this.statusText}`, startedAt: this.startedAt, fraction: 0, width };
    const running = [...this.units].filter(([, s]) => s !== 'done' && s !== 'queued');
    const shown = running.slice(0, 3).map(([k, s]) => `${k.split('/')[1]} ${s}`);
    const more = running.length - shown.length;
    let work = 0;
    for (const s of this.units.values()) work += PHASE_DONE[s];
    const fraction = this.total ? Math.min(1, work / this.total) : 0;
    return {
      text: `perfscan: ${this.done}/${this.total} units · ${fmt(this.apiCalls())} API calls`,
      ...(shown.length ? { detail: `${shown.join(', ')}${more > 0 ? ` +${more}` : ''}` } : {}),
      startedAt: this.startedAt,
      fraction,
      width,
    };
  }

  private startTicker(): void {
    if (this.timer || this.worker) return;
    if (typeof this.out.fd === 'number') {
      try {
        this.shared = new Int32Array(new SharedArrayBuffer(8));
        this.worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { fd: this.out.fd, shared: this.shared.buffer },
          stdout: false,
          stderr: false,
        });
        this.worker.unref();
        this.worker.on('error', () => this.fallbackTimer());
        return;
      } catch {
        this.worker = undefined;
      }
    }
    this.fallbackTimer();
  }

  private fallbackTimer(): void {
    this.worker = undefined;
    if (this.timer) return;
    this.timer = setInterval(() => this.draw(composeLine(this.state(), this.now())), 250);
    this.timer.unref?.();
  }

  private update(): void {
    const s = this.state();
    if (this.worker) this.worker.postMessage(s);
    else this.draw(composeLine(s, this.now()));
  }

  private draw(line: string): void {
    if (line === this.last) return;
    this.last = line;
    this.out.write(`\r\x1b[2K${line}`);
  }

  /** Clear the live line (before the digest or an error is printed). Synchronous: nothing is drawn after. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.worker && this.shared) {
      // Take the write lock so the worker cannot be mid-line, mark stopped, clear the line.
      while (Atomics.compareExchange(this.shared, 0, 0, 1) !== 0) {
        /* the worker holds it for one write */
      }
      Atomics.store(this.shared, 1, 1);
      try {
        writeSync(this.out.fd as number, '\r\x1b[2K');
      } catch {
        // stderr closed: nothing to clear
      }
      Atomics.store(this.shared, 0, 0);
      void this.worker.terminate();
      this.worker = undefined;
      this.last = '';
      return;
    }
    if (this.mode === 'live' && this.last !== '') this.out.write('\r\x1b[2K');
    this.last = '';
  }
}
