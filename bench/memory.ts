/**
 * Memory of the benchmark process: process.memoryUsage() sampled on a timer (50 ms by default), peaks
 * kept, plus the operating system's own peak RSS (process.resourceUsage().maxRSS) at the end.
 *
 * heapUsed counts garbage not yet collected, and V8 lets a lot pile up while a scan allocates fast
 * (metric responses), so its peak says little about what the scan keeps. The live heap comes from V8's
 * GC profiler instead: the heap left after each full (mark-compact) collection V8 ran by itself, plus
 * full GCs the caller forces at chosen moments (`sampleLive`, e.g. when a unit's snapshot is complete);
 * their time is recorded so it can be taken out of wall times. The peak is a floor on the true live peak.
 */
import { GCProfiler } from 'node:v8';

export interface MemoryFigures {
  samples: number;
  peakRss: number;
  peakHeapUsed: number;
  peakHeapTotal: number;
  peakExternal: number;
  peakArrayBuffers: number;
  /** The OS's peak RSS of the whole process so far (bytes). */
  maxRssOs: number;
  /** Peak heap left after a full GC (0 when none ran). */
  peakLiveHeap: number;
  fullGcs: number;
  /** Time V8 spent in garbage collection (all kinds, forced ones included). */
  gcMs: number;
  /** Full GCs forced by sampleLive and the time they took. */
  forcedGcs: number;
  forcedGcMs: number;
  /** CPU time (user + system) of the forced full GCs, ms: taken out of the scan's CPU time. */
  forcedGcCpuMs?: number;
}

interface GcStat {
  gcType: string;
  cost: number;
  afterGC: { heapStatistics: Record<string, number> };
}

/** Peak heap after full GCs, their count, and total GC time (ms) from a GC profile. Exported for tests. */
export function liveHeapFromGcStats(stats: readonly GcStat[]): {
  peakLiveHeap: number;
  fullGcs: number;
  gcMs: number;
} {
  let peakLiveHeap = 0;
  let fullGcs = 0;
  let costUs = 0;
  for (const s of stats) {
    costUs += s.cost;
    if (s.gcType !== 'MarkSweepCompact') continue;
    fullGcs++;
    const h = s.afterGC.heapStatistics;
    // The runtime reports camelCase keys; @types/node documents snake_case.
    peakLiveHeap = Math.max(peakLiveHeap, h.usedHeapSize ?? h.used_heap_size ?? 0);
  }
  return { peakLiveHeap, fullGcs, gcMs: costUs / 1000 };
}

export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private profiler: GCProfiler | undefined;
  private figures: MemoryFigures = {
    samples: 0,
    peakRss: 0,
    peakHeapUsed: 0,
    peakHeapTotal: 0,
    peakExternal: 0,
    peakArrayBuffers: 0,
    maxRssOs: 0,
    peakLiveHeap: 0,
    fullGcs: 0,
    gcMs: 0,
    forcedGcs: 0,
    forcedGcMs: 0,
  };
  private forcedPeak = 0;

  constructor(private readonly intervalMs = 50) {}

  sample(): void {
    const m = process.memoryUsage();
    const f = this.figures;
    f.samples++;
    f.peakRss = Math.max(f.peakRss, m.rss);
    f.peakHeapUsed = Math.max(f.peakHeapUsed, m.heapUsed);
    f.peakHeapTotal = Math.max(f.peakHeapTotal, m.heapTotal);
    f.peakExternal = Math.max(f.peakExternal, m.external);
    f.peakArrayBuffers = Math.max(f.peakArrayBuffers, m.arrayBuffers);
  }

  /**
   * Force a full GC (needs --expose-gc) and record the heap left; returns the memory then (undefined without
   * --expose-gc). Its wall and CPU time are recorded, to be taken out of the scan's figures.
   */
  sampleLive(): NodeJS.MemoryUsage | undefined {
    const t = performance.now();
    const cpu = process.cpuUsage();
    if (!collectGarbage()) return undefined;
    const used = process.cpuUsage(cpu);
    this.figures.forcedGcMs += performance.now() - t;
    this.figures.forcedGcCpuMs = (this.figures.forcedGcCpuMs ?? 0) + (used.user + used.system) / 1000;
    this.figures.forcedGcs++;
    const m = process.memoryUsage();
    this.forcedPeak = Math.max(this.forcedPeak, m.heapUsed);
    return m;
  }

  start(): void {
    this.profiler = new GCProfiler();
    this.profiler.start();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    // The sampler must never keep the process alive on its own.
    this.timer.unref();
  }

  stop(): MemoryFigures {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    if (this.profiler) {
      const live = liveHeapFromGcStats(this.profiler.stop().statistics as unknown as GcStat[]);
      this.profiler = undefined;
      this.figures.fullGcs = live.fullGcs;
      this.figures.gcMs = live.gcMs;
      this.figures.peakLiveHeap = Math.max(live.peakLiveHeap, this.forcedPeak);
    }
    // maxRSS is in kilobytes (getrusage).
    this.figures.maxRssOs = process.resourceUsage().maxRSS * 1024;
    return { ...this.figures };
  }
}

/** Run a full garbage collection when the process was started with --expose-gc (the bench's children are). */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}
