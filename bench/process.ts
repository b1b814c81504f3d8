/**
 * Whole-process figures of a command (the demo scan): wall time and peak RSS from GNU time's `-v`
 * report (/usr/bin/time), several runs after a warm-up, medians quoted. The operating system's own
 * accounting of each finished run, so it includes start-up (npx, tsx, module loading), which the
 * in-process scenario figures leave out.
 */
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';

export const GNU_TIME = '/usr/bin/time';

export interface ProcessRun {
  wallSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  /** Largest single process of the run (GNU time: "Maximum resident set size"), bytes. */
  maxRssBytes: number;
  exitCode: number;
}

export interface ProcessFigures {
  command: string;
  runs: number;
  warmup: number;
  /** Who measured: 'gnu-time' (this benchmark) or 'external' (figures given with --process-figures). */
  source: 'gnu-time' | 'external';
  medianWallSeconds: number;
  minWallSeconds: number;
  maxWallSeconds: number;
  medianMaxRssBytes: number;
  medianUserSeconds?: number;
  medianSystemSeconds?: number;
}

/** "1:02.50", "0:03.41" or "1:00:01" -> seconds. */
export function parseElapsed(text: string): number {
  const parts = text.trim().split(':').map(Number);
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !Number.isFinite(p)))
    throw new Error(`unreadable elapsed time '${text}'`);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/** Parse the report `/usr/bin/time -v` writes to stderr (the command's own stderr lines are ignored). */
export function parseGnuTimeVerbose(stderr: string): ProcessRun {
  const field = (label: string): string | undefined => {
    const line = stderr.split('\n').find((l) => l.trimStart().startsWith(label));
    return line?.slice(line.indexOf(label) + label.length).trim();
  };
  const elapsed = field('Elapsed (wall clock) time (h:mm:ss or m:ss):');
  const rss = field('Maximum resident set size (kbytes):');
  if (elapsed === undefined || rss === undefined) throw new Error('no GNU time -v report found');
  return {
    wallSeconds: parseElapsed(elapsed),
    userSeconds: Number(field('User time (seconds):') ?? NaN),
    systemSeconds: Number(field('System time (seconds):') ?? NaN),
    maxRssBytes: Number(rss) * 1024,
    exitCode: Number(field('Exit status:') ?? NaN),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function summarizeRuns(command: string, runs: readonly ProcessRun[], warmup: number): ProcessFigures {
  const wall = runs.map((r) => r.wallSeconds);
  return {
    command,
    runs: runs.length,
    warmup,
    source: 'gnu-time',
    medianWallSeconds: median(wall),
    minWallSeconds: Math.min(...wall),
    maxWallSeconds: Math.max(...wall),
    medianMaxRssBytes: median(runs.map((r) => r.maxRssBytes)),
    medianUserSeconds: median(runs.map((r) => r.userSeconds)),
    medianSystemSeconds: median(runs.map((r) => r.systemSeconds)),
  };
}

export async function gnuTimeAvailable(): Promise<boolean> {
  try {
    await access(GNU_TIME);
    return true;
  } catch {
    return false;
  }
}

function runOnce(argv: readonly string[], cwd: string): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(GNU_TIME, ['-v', ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(parseGnuTimeVerbose(err));
      } catch (e) {
        reject(new Error(`${(e as Error).message}; stderr ends: ${err.slice(-500)}`));
      }
    });
  });
}

/** Time `argv` (`makeArgv(i)` gives each run its own arguments, e.g. its own output folder). */
export async function timeCommand(
  makeArgv: (run: number) => string[],
  opts: { runs: number; warmup: number; cwd: string },
): Promise<ProcessRun[]> {
  const out: ProcessRun[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const r = await runOnce(makeArgv(i), opts.cwd);
    // 0 clean, 1 findings at --fail-on, 3 partial scan: all finished scans (2 is a usage error).
    if (![0, 1, 3].includes(r.exitCode))
      throw new Error(`'${makeArgv(i).join(' ')}' exited with ${r.exitCode}`);
    if (i >= opts.warmup) out.push(r);
  }
  return out;
}
