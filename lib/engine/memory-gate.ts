/**
 * The memory gate of a CLI scan's units (runScan with a memory budget). A unit's memory grows with its metric
 * series: the summaries, the findings evaluated from them and the unit's inventory are alive together until the
 * unit is stored. Checking the live heap when a unit starts is blind to that growth (at 1/4 of the reference
 * account 13 units started at once with 55 MB live and held 222 MB together); so each unit, once its listing is
 * done and its metric queries are queued, reserves an estimate of what it will hold
 * (queries x BYTES_PER_METRIC_QUERY) before it reads them, and gives it back when it is stored. Reservations
 * together stay within the budget, except that a unit always proceeds when no other holds a reservation (so a
 * unit larger than the budget runs, alone). Waiting units are served in arrival order: a large unit is not
 * overtaken forever by small ones.
 */

/**
 * Live bytes a unit holds per metric query at its peak (summaries, findings, inventory), measured on the
 * simulated reference account's us-east-1 unit at 1/8 (10,336 queries, 39 MB over the process's baseline when
 * the unit was stored: 3.8 KB) and the whole account at 1/4 (69,436 queries, ~180 MB with every unit in
 * flight: 2.6 KB). The larger figure: the estimate should not undershoot.
 */
export const BYTES_PER_METRIC_QUERY = 3_800;

export class MemoryGate {
  private readonly held = new Map<object, number>();
  private reservedBytes = 0;
  private readonly queue: { owner: object; bytes: number; admit: () => void }[] = [];
  /** Most bytes reserved at once, and most units holding a reservation at once (reports, tests). */
  peakReservedBytes = 0;
  peakHolders = 0;

  constructor(readonly budgetBytes: number) {}

  get reserved(): number {
    return this.reservedBytes;
  }

  get holders(): number {
    return this.held.size;
  }

  /** Units waiting for a reservation (listed, holding their inventory). */
  get waiting(): number {
    return this.queue.length;
  }

  private fits(bytes: number): boolean {
    return this.held.size === 0 || this.reservedBytes + bytes <= this.budgetBytes;
  }

  private grant(owner: object, bytes: number): void {
    this.held.set(owner, bytes);
    this.reservedBytes += bytes;
    this.peakReservedBytes = Math.max(this.peakReservedBytes, this.reservedBytes);
    this.peakHolders = Math.max(this.peakHolders, this.held.size);
  }

  /** Resolves once `owner` may go on with `bytes` reserved (at once when they fit and nobody waits). */
  async acquire(owner: object, bytes: number): Promise<void> {
    if (this.held.has(owner)) return;
    if (this.queue.length === 0 && this.fits(bytes)) {
      this.grant(owner, bytes);
      return;
    }
    // Granted by release() before it resolves this, so no later caller can slip in between.
    await new Promise<void>((resolve) => this.queue.push({ owner, bytes, admit: resolve }));
  }

  /** Give back `owner`'s reservation (no-op without one) and admit the waiting units that now fit, in order. */
  release(owner: object): void {
    const bytes = this.held.get(owner);
    if (bytes === undefined) return;
    this.held.delete(owner);
    this.reservedBytes -= bytes;
    // Admit from the head while the head fits.
    while (this.queue.length > 0) {
      const head = this.queue[0] as { owner: object; bytes: number; admit: () => void };
      if (!this.fits(head.bytes)) break;
      this.queue.shift();
      this.grant(head.owner, head.bytes);
      head.admit();
    }
  }
}
