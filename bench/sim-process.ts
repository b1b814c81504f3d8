/**
 * The simulated AWS of a benchmark scenario in its own process, so the measured process is the CLI's alone:
 * its peak RSS, heap and CPU time hold none of the simulator's state (~250 MB for the reference account), its
 * call log or its answer building, as a real scan's process holds none of AWS.
 *
 * The parent (bench/scenario.ts) gets a `SimEndpoint` (lib/sim/core.ts) to hand to the real client factory:
 * each SDK request is sent over IPC (Node's structured-clone serialization: Dates, Maps and typed arrays
 * survive), the child answers through the same `SimAccount.handle` (token buckets, latency model, faults) and
 * the benchmark's call recorder, and the parent rebuilds the answer as the SDK's deserializer hands it over
 * (GetMetricData's timestamps as one `Date` per point, its values as numbers), errors with the same name,
 * fields and HTTP status, so the SDK's retry classifies them as it does against AWS. At the end the parent
 * asks for the recorder's figures, the quota floor and the child's own CPU time and peak RSS.
 *
 *   const sim = await SimProcess.start('reference');   // the scenario's simulated account, in a child
 *   createClientFactory({ region, simulator: sim, ... });
 *   const report = await sim.report(); sim.close();
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PackedSimEndpoint } from '#lib/collect/metric-workers.js';
import { releasePoints } from '#lib/sim/points.js';
import { ScaledClock, type QuotaFloor } from '#lib/sim/quota.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { CallRecorder, type Listing, type RegionCalls } from './calls.js';
import { scenarioNamed } from './scenarios.js';
import { pregenerate } from './sim-state.js';
import { packError, packOutput, unpackError, unpackOutput, type PackedError } from '#lib/sim/wire.js';

/** What the simulated account is, as the scenario result reports it. */
export interface SimInfo {
  accountId: string;
  scale: number;
  enabledRegions: string[];
  busyRegions: string[];
  faultSpecs: number;
  latency: boolean;
  clockScale: number;
  /** The account's data clock ("now" of its metrics), ISO. */
  dataNow: string;
  /** Generating the account's state before the scan (in the simulator's process). */
  simStateMs: number;
  /** Heap the generated state holds (in the simulator's process). */
  simStateHeapBytes: number;
}

/** SimInfo of a generated account: `heapBefore` is the heap used before its state was generated. */
export function simInfo(
  sim: ReturnType<typeof createSimulatedAccount>,
  simStateMs: number,
  heapBefore: number,
): SimInfo {
  return {
    accountId: sim.accountId,
    scale: sim.options.scale,
    enabledRegions: [...sim.options.enabledRegions],
    busyRegions: [...sim.options.busyRegions],
    faultSpecs: sim.options.faults.length,
    latency: sim.options.latency === true,
    clockScale: sim.clock.scale,
    dataNow: sim.options.now.toISOString(),
    simStateMs,
    simStateHeapBytes: Math.max(0, process.memoryUsage().heapUsed - heapBefore),
  };
}

export interface SimReport {
  regions: Map<string, RegionCalls>;
  listings: Map<string, Listing>;
  simulatorMs: number;
  simulatorCpuMs: number;
  quota?: {
    floor: QuotaFloor;
    usage: { region: string; bucket: string; tokens: number; seconds: number }[];
    throttled: number;
  };
  /** The simulator process's own CPU time (user + system) since it started, and its peak RSS (OS). */
  processCpuSeconds: number;
  processMaxRssBytes: number;
}

/** How the simulator process runs, besides its scenario. */
export interface SimProcessOptions {
  /** Run the account on a clock this many times faster than real time (lib/sim/quota.ts ScaledClock). */
  clockScale?: number;
  /** Write a V8 CPU profile of the simulator process into this folder (node --cpu-prof). */
  cpuProfDir?: string;
  /** More node flags for the simulator process (e.g. --trace-gc). */
  nodeFlags?: string[];
}

type ToChild =
  | { t: 'init'; scenario: string; clockScale?: number }
  | { t: 'call'; id: number; c: string; m: string; r: string; input: Record<string, unknown> }
  | { t: 'report' };

type FromChild =
  | { t: 'ready'; info: SimInfo }
  | { t: 'ok'; id: number; out: Record<string, unknown> }
  | { t: 'err'; id: number; e: PackedError }
  | { t: 'report'; report: SimReport }
  | { t: 'failed'; message: string };

/** The parent's side: a SimEndpoint whose requests the child process answers. */
export class SimProcess implements PackedSimEndpoint {
  readonly accountId: string;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: unknown): void; packed?: boolean }
  >();
  private closed = false;
  /**
   * BENCH_SIM_CAPTURE=file: every request, one JSON line each, in the order sent (bench/sim-cpu.ts replays
   * them to measure the simulator alone).
   */
  private capture: number | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly info: SimInfo,
    /** Leave by closing the channel (the child exits and writes its CPU profile) instead of a signal. */
    private readonly leaveGently = false,
  ) {
    this.accountId = info.accountId;
    const file = process.env.BENCH_SIM_CAPTURE;
    if (file) this.capture = openSync(file, 'w');
  }

  /** Fork the simulator for a scenario of bench/scenarios.ts and wait until its account's state is built. */
  static async start(scenario: string, options: SimProcessOptions = {}): Promise<SimProcess> {
    // This module's source (the scenario's process may run from a bundle: BENCH_SIM_ENTRY names the source).
    const child = fork(process.env.BENCH_SIM_ENTRY ?? fileURLToPath(import.meta.url), [], {
      execArgv: [
        '--import',
        'tsx',
        ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
        ...(options.nodeFlags ?? []),
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const info = await new Promise<SimInfo>((resolve, reject) => {
      const onMessage = (msg: FromChild) => {
        if (msg.t === 'ready') {
          child.off('message', onMessage);
          resolve(msg.info);
        } else if (msg.t === 'failed') reject(new Error(`simulator process: ${msg.message}`));
      };
      child.on('message', onMessage);
      child.once('exit', (code) =>
        reject(new Error(`simulator process ended with ${code} before it was ready`)),
      );
      child.send({
        t: 'init',
        scenario,
        ...(options.clockScale ? { clockScale: options.clockScale } : {}),
      } satisfies ToChild);
    });
    const sim = new SimProcess(child, info, options.cpuProfDir !== undefined);
    child.on('message', (msg: FromChild) => sim.onMessage(msg));
    child.on('exit', (code) => sim.fail(new Error(`simulator process ended with ${code}`)));
    return sim;
  }

  private onMessage(msg: FromChild): void {
    if (msg.t === 'ok' || msg.t === 'err' || msg.t === 'report') {
      const id = msg.t === 'report' ? 0 : msg.id;
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (msg.t === 'ok') p.resolve(p.packed ? msg.out : unpackOutput(msg.out));
      else if (msg.t === 'err') p.reject(unpackError(msg.e));
      else p.resolve(msg.report);
    }
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  handle(
    clientName: string,
    commandName: string,
    region: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return this.call(clientName, commandName, region, input, false);
  }

  /** The answer as it came over IPC (packed: lib/sim/wire.ts), for a metric worker thread to rebuild. */
  handlePacked(
    clientName: string,
    commandName: string,
    region: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return this.call(clientName, commandName, region, input, true);
  }

  private call(
    clientName: string,
    commandName: string,
    region: string,
    input: Record<string, unknown>,
    packed: boolean,
  ): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new Error('simulator process is closed'));
    if (this.capture !== undefined)
      writeSync(this.capture, JSON.stringify({ c: clientName, m: commandName, r: region, input }) + '\n');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, packed });
      this.child.send({ t: 'call', id, c: clientName, m: commandName, r: region, input } satisfies ToChild);
    });
  }

  /** The recorder's figures, the quota floor and the child's own CPU and memory. */
  report(): Promise<SimReport> {
    return new Promise((resolve, reject) => {
      this.pending.set(0, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ t: 'report' } satisfies ToChild);
    });
  }

  close(): void {
    this.closed = true;
    if (this.capture !== undefined) closeSync(this.capture);
    this.capture = undefined;
    if (this.leaveGently) this.child.disconnect();
    else this.child.kill();
  }
}

// ---------------------------------------------------------------- the child

function serve(): void {
  const send = (m: FromChild) => process.send?.(m);
  let answer: ((m: Extract<ToChild, { t: 'call' }>) => void) | undefined;
  let report: (() => SimReport) | undefined;
  process.on('message', (msg: ToChild) => {
    if (msg.t === 'call') answer?.(msg);
    else if (msg.t === 'report' && report) send({ t: 'report', report: report() });
    else if (msg.t === 'init') {
      try {
        const scenario = scenarioNamed(msg.scenario);
        (globalThis as { gc?: () => void }).gc?.();
        const before = process.memoryUsage().heapUsed;
        const sim = createSimulatedAccount({
          ...scenario.sim,
          ...(msg.clockScale ? { clock: new ScaledClock({ scale: msg.clockScale }) } : {}),
        });
        // The process is the simulator's alone: its CPU is read once, for the report (no getrusage per request).
        sim.measureCpu = false;
        const recorder = new CallRecorder();
        recorder.attach(sim);
        const t0 = performance.now();
        pregenerate(sim);
        const simStateMs = performance.now() - t0;
        const cpu0 = process.cpuUsage();
        answer = (m) => {
          sim.handle(m.c, m.m, m.r, m.input).then(
            (out) => {
              try {
                send({ t: 'ok', id: m.id, out: packOutput(out) });
              } catch (err) {
                send({ t: 'err', id: m.id, e: packError(err) });
              } finally {
                // Serialized as it was sent: its point arrays serve the next answer.
                releasePoints(out);
              }
            },
            (err: unknown) => send({ t: 'err', id: m.id, e: packError(err) }),
          );
        };
        report = () => {
          const cpu = process.cpuUsage(cpu0);
          return {
            regions: recorder.regions,
            listings: recorder.listings,
            simulatorMs: recorder.simulatorMs,
            // All of this process's CPU is the simulator's.
            simulatorCpuMs: (cpu.user + cpu.system) / 1000,
            ...(sim.quotas
              ? {
                  quota: {
                    floor: sim.quotas.floor(),
                    usage: sim.quotas.usage(),
                    throttled: sim.quotas.throttledTotal(),
                  },
                }
              : {}),
            processCpuSeconds: (cpu.user + cpu.system) / 1e6,
            processMaxRssBytes: process.resourceUsage().maxRSS * 1024,
          };
        };
        send({
          t: 'ready',
          info: simInfo(sim, simStateMs, before),
        });
      } catch (err) {
        send({ t: 'failed', message: err instanceof Error ? err.message : String(err) });
      }
    }
  });
  // The parent's end closes the channel: leave with it.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.send) serve();
