/**
 * `perfscan scan` runs with a V8 heap limit that follows `--memory-budget`: without one, V8 sizes the old
 * generation from the machine's memory (~2 GB and more here) and lets a scan's garbage pile up between full
 * collections, so the process's peak RSS was several times the live heap (603 MB at 1/20 of the reference
 * account with a live heap <= 115 MB). The limit is set by re-running the same command once with
 * `--max-old-space-size` (V8 reads heap sizes only at start-up); the re-run is marked so it never repeats.
 *
 * Not applied when the user set a heap size themselves (node flag or NODE_OPTIONS), or with
 * PERFSCAN_HEAP_LIMIT=off.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * `--memory-budget`'s default, MB (re-exported by options.ts): defined here so the start-up path that decides
 * on the re-run loads nothing but this file.
 */
export const DEFAULT_MEMORY_BUDGET_MB = 256;

/** Set in the re-run's environment. */
export const REEXEC_MARK = 'PERFSCAN_HEAP_REEXEC';
/**
 * What the process holds besides the units' data (code, SDK clients, the digest) and V8's working room, MB.
 * Measured (bench/unit-bytes.ts, issue 10): ~35 MB of heap before the first unit and ~4 MB of code loaded once;
 * the units' own data stays under the budget (the memory gate reserves 3.8 KB a metric query; a unit needs
 * ~2.7 KB a series at its peak, its write included). us-east-1 of the reference account at 1/4 (20,835
 * series) ran under a 100 MB limit and not under 90, so the full us-east-1 alone needs ~245-285 MB; the
 * process's RSS is ~145 MB more than V8's heap (code, the SDK's modules, malloc). With the default budget the
 * old generation is limited to 320 MB: the largest unit fits, and the process stays near 512 MB of RSS.
 */
export const HEAP_BASE_MB = 64;

/** The value of `--name <v>` or `--name=<v>` in argv, if given. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === name) return argv[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/**
 * The old-generation limit (MB) for `perfscan <args>`, or undefined when none is to be set: only `scan`;
 * the memory budget (default 256) + HEAP_BASE_MB, + 1 MB per unit of --sim-scale for a simulated account's
 * own state (~1 KB per simulated resource).
 */
export function heapLimitMbFor(args: readonly string[]): number | undefined {
  if (args[0] !== 'scan') return undefined;
  if (args.includes('--help') || args.includes('-h')) return undefined;
  const budget = Number(flagValue(args, '--memory-budget') ?? DEFAULT_MEMORY_BUDGET_MB);
  // A bad value is the option parser's to report, in the process that parses it.
  if (!Number.isFinite(budget) || budget <= 0) return undefined;
  const scale = args.includes('--simulated') ? Number(flagValue(args, '--sim-scale') ?? 1) : 0;
  return Math.ceil(budget + HEAP_BASE_MB + (Number.isFinite(scale) && scale > 0 ? scale : 0));
}

/**
 * The young generation's semi-space of a scan whose metric pages are read in worker threads (MB; V8's default
 * is 16): this thread then allocates no page (~100,000 Dates each), only longer-lived inventory, summaries and
 * findings, and the worker's heap is the room it gives up. Measured on the full reference account (issue 11): peak
 * RSS 548 -> 506 MB, CPU within run-to-run variation.
 */
export const SEMI_SPACE_WITH_WORKERS_MB = 8;

/** Whether `perfscan scan <args>` starts metric worker threads (lib/collect/metric-workers.ts autoMetricWorkers). */
export function scanUsesMetricWorkers(
  args: readonly string[],
  cores: number = availableParallelism(),
): boolean {
  const v = flagValue(args, '--metric-workers');
  if (v === undefined || v.trim().toLowerCase() === 'auto') return cores > 1;
  const n = Number(v);
  return Number.isFinite(n) && n > 0;
}

/** The node flags `perfscan <args>` runs under (heapLimitMbFor, and a smaller semi-space with metric workers). */
export function heapFlagsFor(
  args: readonly string[],
  cores: number = availableParallelism(),
): string[] | undefined {
  const limit = heapLimitMbFor(args);
  if (limit === undefined) return undefined;
  return [
    `--max-old-space-size=${limit}`,
    ...(scanUsesMetricWorkers(args, cores) ? [`--max-semi-space-size=${SEMI_SPACE_WITH_WORKERS_MB}`] : []),
  ];
}

/**
 * What the re-run's environment adds: glibc's malloc arenas capped at 2 (unless the user set them). A scan's
 * threads (the SDK's, V8's helpers, metric workers) each got an arena of their own, most of it idle: ~28 MB of
 * RSS for one unit of the reference account (301 -> 273 MB, issue 10).
 */
export function heapEnvFor(env: NodeJS.ProcessEnv): Record<string, string> {
  return env.MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX: '2' } : {};
}

/** Whether the user already chose a heap size (then perfscan leaves it alone). */
export function heapSizeChosen(execArgv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const chosen = (s: string) => /--max-old-space-size|--max-heap-size/.test(s);
  return execArgv.some(chosen) || chosen(env.NODE_OPTIONS ?? '');
}

/**
 * Re-run this command under a heap limit when it needs one; resolves to the re-run's exit code, or undefined
 * when the command is to run in this process.
 */
export async function runUnderHeapLimit(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | undefined> {
  if (env[REEXEC_MARK] || (env.PERFSCAN_HEAP_LIMIT ?? '').toLowerCase() === 'off') return undefined;
  if (heapSizeChosen(process.execArgv, env)) return undefined;
  const flags = heapFlagsFor(argv.slice(2));
  if (flags === undefined) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...argv.slice(1)], {
    stdio: 'inherit',
    env: { ...env, ...heapEnvFor(env), [REEXEC_MARK]: String(heapLimitMbFor(argv.slice(2))) },
  });
  // Ctrl-C reaches both processes (same process group): this one only waits for the re-run to end. A
  // SIGTERM sent to this process alone (a container runtime, a CI job's timeout) is passed on to the re-run.
  const ignore = () => {};
  const forward = () => void child.kill('SIGTERM');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)));
    });
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', forward);
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : signal === 'SIGKILL' ? 9 : 1;
}
