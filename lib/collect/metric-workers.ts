/**
 * Metric worker threads: GetMetricData batches read on other cores. A large scan's CPU goes mostly to its
 * metric pages: deserializing them (the SDK builds a Date per datapoint: ~100,000 per full page), summarizing
 * each series and collecting the garbage of both (issue 11: ~70M datapoints for the reference account, most of
 * one core). A worker thread sends the batch's calls with its own SDK client and hands back only the
 * statistics records of its series (lib/collect/metrics.ts readBatch), a few hundred bytes a series; the
 * summaries are built, kept and evaluated in the scan's thread as before.
 *
 * What stays in the scan's thread: the rate limiter (a worker's client asks it before each attempt, so every
 * call stays paced by the one set of buckets per account and region), the credentials (resolved there per
 * batch, so a provider's refresh applies), the call counts (the worker's are added to the unit's), the
 * memory gate, and the simulator when one answers (a worker's requests are relayed to it).
 *
 * Same calls, same retries, same summaries and gaps as a read in the scan's thread: the batcher reads there
 * instead whenever the pool cannot (a worker that died or failed to start), so no batch is lost.
 *
 *   const pool = MetricWorkerPool.start(2);
 *   new MetricBatcher({ client, window, reader: pool.reader(factory.remote(region)) });
 *   ...
 *   await pool.close();
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import type { SimEndpoint } from '#lib/sim/core.js';
import { packError, packOutput, type PackedError } from '#lib/sim/wire.js';
import { releasePoints } from '#lib/sim/points.js';
import type { CallStatsCounts, RemoteCallSpec } from './clients.js';
import type { BatchRead, MetricReader } from './metrics.js';

/** The IAM action a metric worker's calls are. */
const ACTION = 'cloudwatch:GetMetricData';

/**
 * Heap limits of a worker. It holds one page at a time (~100,000 Dates: ~10 MB) and its SDK client's code, so
 * its young generation must hold a page whole (smaller, each page outlived its scavenges and was promoted: 10 s
 * of GC in a worker at 1/4 of the reference account) and its old generation little more than the code. Measured
 * on the full reference account (issue 11): 48 + 48 MB kept the process's peak RSS at 506 MB.
 */
const WORKER_OLD_GENERATION_MB = 48;
const WORKER_YOUNG_GENERATION_MB = 48;

/**
 * Units with fewer metric series read them in the scan's thread: their pages are a small share of the CPU, and
 * starting a worker costs more than it saves (a thread and a second copy of the SDK: ~0.1 s from the built CLI,
 * ~1 s from the TypeScript sources). 1,000 hourly series over 14 days are 336,000 datapoints.
 */
export const MIN_SERIES = 1_000;

/** A simulator that can hand its answers over already packed (bench/sim-process.ts: as they came over IPC). */
export interface PackedSimEndpoint extends SimEndpoint {
  handlePacked(
    clientName: string,
    commandName: string,
    region: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
}

function isPacked(sim: SimEndpoint): sim is PackedSimEndpoint {
  return typeof (sim as Partial<PackedSimEndpoint>).handlePacked === 'function';
}

/** Messages to a worker. */
export type ToWorker =
  | {
      t: 'read';
      id: number;
      /** The factory the read's calls are made for (acquire and sim messages name it). */
      key: string;
      accountId: string;
      region: string;
      maxAttempts: number;
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
      simulated: boolean;
      input: GetMetricDataCommandInput;
    }
  | { t: 'acquired'; id: number; waitedMs: number }
  | { t: 'sim-ok'; id: number; out: Record<string, unknown> }
  | { t: 'sim-err'; id: number; e: PackedError };

/** Messages from a worker. */
export type FromWorker =
  | { t: 'acquire'; id: number; key: string; action: string; input?: Record<string, unknown> }
  | {
      t: 'sim';
      id: number;
      key: string;
      c: string;
      m: string;
      r: string;
      input: Record<string, unknown>;
    }
  | { t: 'done'; id: number; result: BatchRead; stats: CallStatsCounts }
  | { t: 'failed'; id: number; message: string };

/** The worker's entry: the TypeScript source under tsx (tests, `npm run demo`), else the built bundle's. */
function workerEntry(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./metric-worker-dev.mjs', here);
  // dist/perfscan.js or a chunk of it (dist/chunks/...): the worker is dist/metric-worker.js (a bundle named
  // .mjs, the benchmark's: metric-worker.mjs beside it).
  const name = here.endsWith('.mjs') ? 'metric-worker.mjs' : 'metric-worker.js';
  return new URL(here.includes('/chunks/') ? `../${name}` : `./${name}`, here);
}

/**
 * The metric worker threads `--metric-workers auto` starts: one per core beyond the scan's own, at most 3 (the
 * scan's thread also lists, evaluates and stores), none on a single core.
 */
export function autoMetricWorkers(cores: number = availableParallelism()): number {
  return Math.max(0, Math.min(3, cores - 1));
}

interface Pending {
  key: string;
  spec: RemoteCallSpec;
  resolve(r: BatchRead): void;
  reject(e: Error): void;
}

class WorkerSlot {
  readonly worker: Worker;
  /** Reads sent to this worker and not yet answered. */
  readonly reads = new Map<number, Pending>();
  /** The factories of the reads in flight, by key (their limiter, stats and simulator), and how many reads each. */
  private readonly specs = new Map<string, { spec: RemoteCallSpec; reads: number }>();
  alive = true;

  constructor(
    private readonly pool: MetricWorkerPool,
    entry: URL,
  ) {
    this.worker = new Worker(entry, {
      // No inherited node flags (the scan's heap limit, a loader): the worker's entry sets up what it needs.
      // PERFSCAN_METRIC_WORKER_FLAGS adds some (e.g. --cpu-prof to profile a worker).
      execArgv: (process.env.PERFSCAN_METRIC_WORKER_FLAGS ?? '').split(' ').filter(Boolean),
      resourceLimits: {
        maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB,
        maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
      },
      stdout: false,
      stderr: false,
    });
    // An idle pool never keeps the process alive (a CLI that exits takes it along); a worker with reads in
    // flight does, as a socket would: the scan may have nothing else to wait on while a worker reads.
    this.worker.unref();
    this.worker.on('message', (msg: FromWorker) => this.onMessage(msg));
    this.worker.on('error', (err: Error) => this.die(err));
    this.worker.on('exit', (code: number) => this.die(new Error(`metric worker exited with code ${code}`)));
  }

  private die(err: Error): void {
    if (!this.alive) return;
    this.alive = false;
    this.pool.lost(err);
    for (const p of this.reads.values()) p.reject(err);
    this.reads.clear();
    this.specs.clear();
  }

  private onMessage(msg: FromWorker): void {
    if (msg.t === 'done' || msg.t === 'failed') {
      const p = this.reads.get(msg.id);
      if (!p) return;
      this.reads.delete(msg.id);
      if (this.reads.size === 0) this.worker.unref();
      const held = this.specs.get(p.key);
      if (held && --held.reads === 0) this.specs.delete(p.key);
      if (msg.t === 'done') {
        this.pool.answered++;
        p.spec.stats.add(msg.stats);
        p.resolve(msg.result);
      } else p.reject(new Error(`metric worker: ${msg.message}`));
      return;
    }
    const spec = this.specs.get(msg.key)?.spec;
    if (!spec) {
      // No read of that factory in flight (cannot happen: a worker asks only while it reads): answer anyway,
      // so the worker never waits for nothing.
      if (msg.t === 'acquire') this.post({ t: 'acquired', id: msg.id, waitedMs: 0 });
      else
        this.post({
          t: 'sim-err',
          id: msg.id,
          e: packError(new Error('no read in flight for this request')),
        });
      return;
    }
    if (msg.t === 'acquire') {
      spec.limiter.acquire(spec.accountId, spec.region, msg.action, msg.input).then(
        (waitedMs) => this.post({ t: 'acquired', id: msg.id, waitedMs }),
        // The limiter only sleeps; should it fail, the call goes unpaced rather than lost.
        () => this.post({ t: 'acquired', id: msg.id, waitedMs: 0 }),
      );
      return;
    }
    // msg.t === 'sim': relay the request to the simulator this thread holds.
    const sim = spec.simulator;
    if (!sim) {
      this.post({ t: 'sim-err', id: msg.id, e: packError(new Error('no simulator in the scan thread')) });
      return;
    }
    const fail = (err: unknown) => this.post({ t: 'sim-err', id: msg.id, e: packError(err) });
    if (isPacked(sim)) {
      sim
        .handlePacked(msg.c, msg.m, msg.r, msg.input)
        .then((out) => this.post({ t: 'sim-ok', id: msg.id, out }), fail);
      return;
    }
    sim.handle(msg.c, msg.m, msg.r, msg.input).then((out) => {
      try {
        this.post({ t: 'sim-ok', id: msg.id, out: packOutput(out) });
      } catch (err) {
        fail(err);
      } finally {
        // Copied into the message (in the same turn): its point arrays may serve the simulator's next answer.
        releasePoints(out);
      }
    }, fail);
  }

  /** Send a read (its factory's spec held until it is answered). */
  send(msg: Extract<ToWorker, { t: 'read' }>, pending: Pending): void {
    if (this.reads.size === 0) this.worker.ref();
    this.reads.set(msg.id, pending);
    const held = this.specs.get(pending.key);
    if (held) held.reads++;
    else this.specs.set(pending.key, { spec: pending.spec, reads: 1 });
    this.post(msg);
  }

  post(msg: ToWorker): void {
    if (this.alive) this.worker.postMessage(msg);
  }
}

export class MetricWorkerPool {
  private readonly slots: WorkerSlot[] = [];
  private nextId = 1;
  private turn = 0;
  /** Batches the workers read. */
  answered = 0;
  /** Why the last worker was lost (reads go to the scan's thread from then on, for that worker's share). */
  lastError: Error | undefined;

  private started = false;

  private constructor(
    private readonly want: number,
    private readonly entry: URL,
    private readonly minSeries: number,
  ) {}

  /**
   * A pool of `size` workers (at least 1), started with the first batch it reads: a scan whose units are all
   * small (under `minSeries` metric series each; default MIN_SERIES) starts none.
   */
  static start(size: number, opts: { entry?: URL; minSeries?: number } = {}): MetricWorkerPool {
    return new MetricWorkerPool(
      Math.max(1, Math.floor(size)),
      opts.entry ?? workerEntry(),
      opts.minSeries ?? MIN_SERIES,
    );
  }

  private ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.want; i++) this.slots.push(new WorkerSlot(this, this.entry));
  }

  /** Factories told apart (two factories of one account and region keep their own stats and limiter). */
  private readonly specIds = new WeakMap<RemoteCallSpec['stats'], number>();
  private nextSpec = 1;

  private keyOf(spec: RemoteCallSpec): number {
    let k = this.specIds.get(spec.stats);
    if (k === undefined) this.specIds.set(spec.stats, (k = this.nextSpec++));
    return k;
  }

  /** Workers still running (all of them before the first batch). */
  get size(): number {
    return this.started ? this.slots.filter((s) => s.alive).length : this.want;
  }

  /** @internal A worker died: its reads were rejected (their batchers read in their own thread). */
  lost(err: Error): void {
    this.lastError = err;
  }

  /**
   * A reader that makes a factory's GetMetricData calls in the pool's workers. It rejects (and the batcher
   * reads in its own thread) when no worker is left, or when the factory's declared actions leave
   * GetMetricData out (the batcher's own client then fails the call as undeclared, as before).
   */
  reader(spec: RemoteCallSpec): MetricReader {
    return {
      minSeries: this.minSeries,
      read: async (input) => {
        if (spec.allowedActions && !spec.allowedActions.has(ACTION))
          throw new Error(`${ACTION} is not declared`);
        const credentials = await spec.credentials();
        this.ensureStarted();
        const alive = this.slots.filter((s) => s.alive);
        // Least busy worker first (reads of every unit share the pool).
        let slot: WorkerSlot | undefined;
        for (let k = 0; k < alive.length; k++) {
          const s = alive[(this.turn + k) % alive.length] as WorkerSlot;
          if (!slot || s.reads.size < slot.reads.size) slot = s;
        }
        this.turn++;
        if (!slot) throw this.lastError ?? new Error('no metric worker');
        const id = this.nextId++;
        const chosen = slot;
        const key = `${spec.accountId}|${spec.region}|${this.keyOf(spec)}`;
        return new Promise<BatchRead>((resolve, reject) => {
          chosen.send(
            {
              t: 'read',
              id,
              key,
              accountId: spec.accountId,
              region: spec.region,
              maxAttempts: spec.maxAttempts,
              credentials: {
                accessKeyId: credentials.accessKeyId,
                secretAccessKey: credentials.secretAccessKey,
                ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
                ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
              },
              simulated: spec.simulator !== undefined,
              input,
            },
            { key, spec, resolve, reject },
          );
        });
      },
    };
  }

  /** End the workers (reads still in flight are rejected, and read in their batchers' thread). */
  async close(): Promise<void> {
    this.started = true; // none starts after this
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
