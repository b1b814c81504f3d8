/**
 * The memory gate of a CLI scan's units (runScan with a memory budget). A unit's memory grows with its metric
 * series: the summaries, the findings evaluated from them and the unit's inventory are alive together until the
 * unit is stored. Checking the live heap when a unit starts is blind to that growth (at 1/4 of the reference
 * account 13 units started at once with 55 MB live and held 222 MB together). So the gate stands twice in a
 * unit's way:
 * - before it lists, it reserves an estimate (what its previous scan saw, else LISTING_SHARE of the budget):
 *   units that list hold their inventory, so only as many list at once as fit;
 * - once listed, with its metric queries queued, it resizes that reservation to queries x
 *   READING_BYTES_PER_METRIC_QUERY before it reads them (its inventory and the summaries as they come);
 * - once read, it grows it to queries x BYTES_PER_METRIC_QUERY before it is evaluated (the findings: its
 *   peak), and gives it back when it is stored.
 * A large unit spends most of its time reading (AWS's datapoint quota: ~53 s for us-east-1 of the reference
 * account), so it reads beside other units and waits, if it must, only before its evaluation; reserving its
 * peak before it read made it read alone (issue 11: three large units in a row, ~80 s of the run).
 * Reservations together stay within the budget, except that a unit always proceeds when no other holds a
 * reservation (so a unit larger than the budget runs, alone), and that when every holder waits to grow the
 * first in line goes on. Units that have listed are served before units that have not (they hold their
 * inventory while they wait); otherwise in arrival order: a large unit is not overtaken forever by small ones.
 */

/**
 * Live bytes a unit holds per metric query at its peak (summaries, findings, inventory, while it is evaluated and
 * stored). Measured: 2.2 KB a series once stored (bench/unit-bytes.ts, us-east-1 of the reference account at
 * 1/20: findings 1.3 KB, summaries 0.7 KB, inventory 0.3 KB) and 2.6 KB with every unit of the account in flight
 * (1/4: 69,436 queries, ~180 MB); the larger, rounded up. It was 3.8 KB (us-east-1 at 1/8 with the store's old
 * whole-file writes and the evidence of `pass` results, both gone since): that made the full us-east-1 (83,000
 * queries) reserve 316 MB, more than the default budget, so it ran alone (issue 11).
 */
export const BYTES_PER_METRIC_QUERY = 2_700;

/**
 * Live bytes a unit holds per metric query while it reads them: its inventory and queued queries (~1.0 KB a
 * series when listed: us-east-1 of the reference account at 1/4, 21 MB for 20,835 series) and the summaries read
 * so far (0.7 KB each at the end). A page being read is garbage once summarized (one at a time, as it is
 * deserialized; in a metric worker thread, not in this heap at all).
 */
export const READING_BYTES_PER_METRIC_QUERY = 1_700;

/**
 * A unit's reservation before it lists, when nothing says how large it is (no previous scan of it): this share
 * of the budget. A listed unit holds ~1.0 KB a metric series (inventory and queued queries: us-east-1 of the
 * reference account at 1/4, 21 MB for 20,835 series), ~37% of its reservation once listed; the full us-east-1
 * holds ~85 MB when listed, a quarter of the default budget (~74 MB) covers most of it. So at most four units
 * of unknown size list at once (as many as start before the first finishes, SLOW_START_UNITS).
 */
export const LISTING_SHARE = 1 / 4;

interface Waiter {
  owner: object;
  bytes: number;
  ahead: number;
  admit: () => void;
  /** Already holds a reservation and asks for more (it has listed): served before units that have not. */
  grow: boolean;
}

export class MemoryGate {
  private readonly held = new Map<object, number>();
  /** Growth a holder will still ask for (a reading unit's evaluation): room the gate keeps for the largest. */
  private readonly ahead = new Map<object, number>();
  private reservedBytes = 0;
  private readonly queue: Waiter[] = [];
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

  /** Units waiting for a reservation, or for a larger one (those have listed and hold their inventory). */
  get waiting(): number {
    return this.queue.length;
  }

  /** The reservation of a unit that has not listed yet, given what a previous scan saw of it (metric series). */
  listingEstimate(previousSeries?: number): number {
    const share = Math.ceil(this.budgetBytes * LISTING_SHARE);
    if (previousSeries === undefined) return share;
    return Math.max(Math.ceil(this.budgetBytes / 64), previousSeries * BYTES_PER_METRIC_QUERY);
  }

  /**
   * Whether `owner` may hold `bytes`: within the budget with the others' reservations, or when no other unit
   * holds one (a unit larger than the budget runs alone), or when every other holder itself waits for more
   * (they could never release: the first in line goes on, over the budget).
   */
  private fits(owner: object, bytes: number, ahead: number): boolean {
    const own = this.held.get(owner) ?? 0;
    const others = this.held.size - (this.held.has(owner) ? 1 : 0);
    if (others === 0) return true;
    // Room is kept for the largest growth still to come, so that a unit that has read its metrics can always be
    // evaluated within the budget once the units ahead of it are done: the units that wait to grow never all
    // wait at once with no room (the last resort below would then go over the budget). The growth itself uses
    // that room.
    const growth = this.ahead.has(owner) && bytes > own;
    let keep = ahead;
    if (!growth) for (const [o, a] of this.ahead) if (o !== owner && a > keep) keep = a;
    if (this.reservedBytes - own + bytes + keep <= this.budgetBytes) return true;
    const growing = this.queue.filter((w) => w.grow && w.owner !== owner).length;
    return growing === others;
  }

  private grant(owner: object, bytes: number, ahead: number): void {
    this.reservedBytes += bytes - (this.held.get(owner) ?? 0);
    this.held.set(owner, bytes);
    if (ahead > 0) this.ahead.set(owner, ahead);
    else this.ahead.delete(owner);
    this.peakReservedBytes = Math.max(this.peakReservedBytes, this.reservedBytes);
    this.peakHolders = Math.max(this.peakHolders, this.held.size);
  }

  /**
   * Resolves once `owner` may go on with `bytes` reserved (at once when they fit and nobody waits). An owner that
   * already holds a reservation gets it resized to `bytes`: smaller at once, larger when it fits, ahead of the
   * units that have not listed yet. `ahead`: the growth it will ask for later (the gate keeps room for it).
   */
  async acquire(owner: object, bytes: number, ahead = 0): Promise<void> {
    if (this.tryAcquire(owner, bytes, ahead)) return;
    const grow = this.held.has(owner);
    const position = grow ? this.queue.filter((w) => w.grow).length : this.queue.length;
    // Granted by admitWaiting() before it resolves this, so no later caller can slip in between.
    await new Promise<void>((resolve) => {
      const w: Waiter = { owner, bytes, ahead, admit: resolve, grow };
      // Growers go after the growers already waiting, before every unit that has not listed.
      if (grow) this.queue.splice(position, 0, w);
      else this.queue.push(w);
      // A new grower may be the last holder still running: the first grower in line then goes on.
      if (grow) this.admitWaiting();
    });
  }

  /** `acquire` when it needs no wait (true: reserved), without yielding to other tasks; false: nothing changed. */
  tryAcquire(owner: object, bytes: number, ahead = 0): boolean {
    const current = this.held.get(owner);
    if (current !== undefined && bytes <= current) {
      this.grant(owner, bytes, ahead);
      this.admitWaiting();
      return true;
    }
    const grow = current !== undefined;
    const waitingAhead = grow ? this.queue.filter((w) => w.grow).length : this.queue.length;
    if (waitingAhead === 0 && this.fits(owner, bytes, ahead)) {
      this.grant(owner, bytes, ahead);
      return true;
    }
    return false;
  }

  /** Give back `owner`'s reservation (no-op without one) and admit the waiting units that now fit, in order. */
  release(owner: object): void {
    const bytes = this.held.get(owner);
    if (bytes === undefined) return;
    this.held.delete(owner);
    this.ahead.delete(owner);
    this.reservedBytes -= bytes;
    this.admitWaiting();
  }

  /** Admit from the head while the head fits. */
  private admitWaiting(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0] as Waiter;
      if (!this.fits(head.owner, head.bytes, head.ahead)) break;
      this.queue.shift();
      this.grant(head.owner, head.bytes, head.ahead);
      head.admit();
    }
  }
}
