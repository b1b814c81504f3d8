/** Bounded parallelism, shared by collectors (follow-up reads), the metric batcher, the engine and the Plan handler. */
import { PerformanceObserver, constants } from 'node:perf_hooks';

/**
 * `fn` over `items` with at most `limit` calls in flight (at least one); results in the order of `items`.
 * A rejection rejects the whole call, as Promise.all does.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  const workers = Math.min(Math.max(1, Math.floor(limit)), items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return out;
}

/**
 * mapLimit with admission control: before an item starts, `admit(running)` must say yes, unless nothing is
 * running (so the work always progresses, one item at a time at worst). A refused start waits until a running
 * item finishes and asks again. The engine uses it to hold back units while the process's live memory is over
 * its budget (lib/engine/scan.ts memoryBudget).
 */
export async function mapLimitAdmitted<T, R>(
  items: readonly T[],
  limit: number,
  admit: (running: number) => boolean,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let running = 0;
  let waiting: (() => void)[] = [];
  const released = () => new Promise<void>((resolve) => waiting.push(resolve));
  const release = () => {
    const wake = waiting;
    waiting = [];
    for (const w of wake) w();
  };
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      while (running > 0 && !admit(running)) await released();
      if (next >= items.length) return;
      const i = next++;
      running++;
      try {
        out[i] = await fn(items[i] as T, i);
      } finally {
        running--;
        release();
      }
    }
  };
  const workers = Math.min(Math.max(1, Math.floor(limit)), items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return out;
}

/**
 * The heap in use right after V8's last full (mark-compact) collection: the live heap, without the garbage
 * `heapUsed` also counts between collections (a scan allocates fast, and between two full GCs most of its heap
 * is garbage). Read in a PerformanceObserver callback, so a little after the collection; undefined until the
 * first full GC since trackLiveHeap() ran.
 */
let heapAfterFullGc: number | undefined;
let gcObserver: PerformanceObserver | undefined;

/** Start following V8's full collections (idempotent; the observer never keeps the process alive). */
export function trackLiveHeap(): void {
  if (gcObserver) return;
  gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) heapAfterFullGc = process.memoryUsage().heapUsed;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
}

/** Stop following full collections (tests). */
export function untrackLiveHeap(): void {
  gcObserver?.disconnect();
  gcObserver = undefined;
  heapAfterFullGc = undefined;
}

/**
 * The process's live memory as the engine budgets it: V8 heap in use plus ArrayBuffers (typed metric series).
 * With trackLiveHeap() running and a full GC seen, the heap part is the heap left after the last full GC
 * (capped by heapUsed now): garbage waiting for the next collection does not hold units back.
 */
export function liveMemoryBytes(): number {
  const m = process.memoryUsage();
  const heap = heapAfterFullGc === undefined ? m.heapUsed : Math.min(m.heapUsed, heapAfterFullGc);
  return heap + m.arrayBuffers;
}
