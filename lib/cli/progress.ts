/**
 * Progress on stderr for long scans: a live line on a terminal (units done/total, API calls so far),
 * one line per finished unit when forced with --progress on a non-terminal, nothing otherwise.
 * The final one-line summary is printed by the command, always.
 */
import type { ScanProgress } from '#lib/engine/scan.js';
import { formatNumber } from '#lib/model/index.js';
import type { CliStream } from './io.js';

const fmt = (n: number) => formatNumber(n, 0);

export class ProgressDisplay {
  private readonly out: CliStream;
  private readonly mode: 'live' | 'lines' | 'off';
  private readonly apiCalls: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private done = 0;
  private total = 0;
  private last = '';
  private readonly started = Date.now();

  constructor(out: CliStream, opts: { force: boolean; apiCalls: () => number }) {
    this.out = out;
    this.apiCalls = opts.apiCalls;
    this.mode = out.isTTY ? 'live' : opts.force ? 'lines' : 'off';
  }

  /** Before the scan: e.g. "identifying the account". */
  status(text: string): void {
    if (this.mode === 'live') this.draw(`perfscan: ${text}`);
    else if (this.mode === 'lines') this.out.write(`perfscan: ${text}\n`);
  }

  onProgress = (p: ScanProgress): void => {
    this.done = p.unitsDone;
    this.total = p.unitsTotal;
    if (p.type === 'planned' && this.mode === 'live' && !this.timer) {
      this.timer = setInterval(() => this.drawLive(), 250);
      this.timer.unref?.();
    }
    if (this.mode === 'live')
      this.drawLive(
        p.type === 'unit-done' && p.unit ? `${p.unit.region} ${p.summary?.status ?? ''}` : undefined,
      );
    else if (this.mode === 'lines' && p.type === 'unit-done' && p.unit && p.summary) {
      const s = p.summary;
      this.out.write(
        `perfscan: [${p.unitsDone}/${p.unitsTotal}] ${s.accountId}/${s.region} ${s.status}` +
          ` (${fmt(s.apiCalls)} API calls, ${s.gaps.length} gaps, ${(s.durationMs / 1000).toFixed(1)}s)${s.error ? `: ${s.error}` : ''}\n`,
      );
    }
  };

  private drawLive(lastUnit?: string): void {
    const secs = ((Date.now() - this.started) / 1000).toFixed(0);
    this.draw(
      `perfscan: units ${this.done}/${this.total} · ${fmt(this.apiCalls())} API calls · ${secs}s${lastUnit ? ` · ${lastUnit}` : ''}`,
    );
  }

  private draw(line: string): void {
    if (line === this.last) return;
    this.last = line;
    this.out.write(`\r\x1b[2K${line}`);
  }

  /** Clear the live line (before the digest or an error is printed). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.mode === 'live' && this.last !== '') this.out.write('\r\x1b[2K');
    this.last = '';
  }
}
