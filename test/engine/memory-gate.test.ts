import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Collector } from '#lib/collect/types.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import {
  BYTES_PER_METRIC_QUERY,
  MemoryGate,
  READING_BYTES_PER_METRIC_QUERY,
} from '#lib/engine/memory-gate.js';
import { runScan, SLOW_START_UNITS, startOrder } from '#lib/engine/scan.js';
import { LocalStore } from '#lib/store/local.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('MemoryGate', () => {
  it('keeps reservations within the budget, lets a unit larger than the budget run alone, and serves waiters in order', async () => {
    const gate = new MemoryGate(100);
    const [a, b, c, d] = [{}, {}, {}, {}];
    const order: string[] = [];
    await gate.acquire(a, 60);
    const pb = gate.acquire(b, 50).then(() => order.push('b')); // 110 > 100: waits
    const pc = gate.acquire(c, 10).then(() => order.push('c')); // would fit, but b waits first
    await tick();
    expect(order).toEqual([]);
    expect(gate.reserved).toBe(60);
    gate.release(a);
    await Promise.all([pb, pc]);
    expect(order).toEqual(['b', 'c']);
    expect(gate.reserved).toBe(60);
    // Larger than the whole budget: waits until nobody holds a reservation, then runs alone.
    const pd = gate.acquire(d, 500).then(() => order.push('d'));
    await tick();
    gate.release(b);
    await tick();
    expect(order).toEqual(['b', 'c']);
    gate.release(c);
    await pd;
    expect(order).toEqual(['b', 'c', 'd']);
    expect(gate.holders).toBe(1);
    expect(gate.peakReservedBytes).toBe(500);
    gate.release(d);
    gate.release(d); // idempotent
    expect(gate.reserved).toBe(0);
  });

  it('resizes a reservation: a unit that has listed grows when it fits, ahead of units that have not listed', async () => {
    const gate = new MemoryGate(100);
    const [a, b, c] = [{}, {}, {}];
    const order: string[] = [];
    await gate.acquire(a, 10); // listing
    await gate.acquire(b, 10); // listing
    const pc = gate.acquire(c, 70).then(() => order.push('c')); // not listed: 90 fits
    await pc;
    // a has listed and needs 60: 60 + 10 + 70 > 100, so it waits, holding its 10.
    const pa = gate.acquire(a, 60).then(() => order.push('a'));
    await tick();
    expect(order).toEqual(['c']);
    expect(gate.waiting).toBe(1);
    // A unit that has not listed arrives: it queues behind the grower, even when it would fit.
    const d = {};
    const pd = gate.acquire(d, 5).then(() => order.push('d'));
    await tick();
    expect(order).toEqual(['c']);
    gate.release(c);
    await Promise.all([pa, pd]);
    expect(order).toEqual(['c', 'a', 'd']);
    expect(gate.reserved).toBe(75);
    // Shrinking is immediate.
    await gate.acquire(a, 20);
    expect(gate.reserved).toBe(35);
  });

  it('when every holder waits to grow, the first in line goes on (no deadlock), and the next when it is done', async () => {
    const gate = new MemoryGate(100);
    const [a, b] = [{}, {}];
    await gate.acquire(a, 10);
    await gate.acquire(b, 10);
    const order: string[] = [];
    const pa = gate.acquire(a, 95).then(() => order.push('a'));
    await tick();
    expect(order).toEqual([]); // b still runs: it may release
    const pb = gate.acquire(b, 95).then(() => order.push('b'));
    await pa;
    await tick();
    expect(order).toEqual(['a']);
    gate.release(a);
    await pb;
    expect(order).toEqual(['a', 'b']);
    expect(gate.reserved).toBe(95);
  });

  it('keeps room for the largest growth declared ahead, so units that all wait to grow never go over the budget', async () => {
    const gate = new MemoryGate(100);
    const [a, b, c] = [{}, {}, {}];
    const order: string[] = [];
    await gate.acquire(a, 30, 40); // reading, its evaluation will need 40 more
    await gate.acquire(b, 30, 40); // 60 + room for 40: fits
    const pc = gate.acquire(c, 10).then(() => order.push('c')); // 70 + 40 > 100: waits
    await tick();
    expect(order).toEqual([]);
    // a grows into the room kept for it; b's growth must wait for a to finish, even though both now wait or run.
    await gate.acquire(a, 70);
    const pb = gate.acquire(b, 70).then(() => order.push('b'));
    await tick();
    expect(order).toEqual([]);
    expect(gate.reserved).toBe(100);
    gate.release(a);
    await Promise.all([pb, pc]);
    expect(order).toEqual(['b', 'c']);
    expect(gate.peakReservedBytes).toBe(100);
  });

  it('estimates a unit before it lists from its previous scan, else a share of the budget', () => {
    const gate = new MemoryGate(1_600_000);
    expect(gate.listingEstimate()).toBe(400_000);
    expect(gate.listingEstimate(100)).toBe(100 * BYTES_PER_METRIC_QUERY);
    expect(gate.listingEstimate(0)).toBe(25_000);
  });

  it('admits at once while reservations fit', async () => {
    const gate = new MemoryGate(100);
    await gate.acquire({}, 40);
    await gate.acquire({}, 40);
    expect(gate.holders).toBe(2);
    expect(gate.peakHolders).toBe(2);
  });
});

describe('runScan under a memory budget: units reserve their metric queries before reading them', () => {
  const sim = createSimulatedAccount({ enabledRegions: ['us-east-1', 'eu-west-1', 'eu-central-1'] });
  const clientsFor = (unit: { region: string }) =>
    createClientFactory({ region: unit.region, simulator: sim });
  /** A collector that queues `n` metric queries and notes how many units read metrics at once. */
  const queuing = (n: number, track: { reading: number; max: number }): Collector => ({
    service: 'ebs',
    iamActions: ['ec2:DescribeVolumes'],
    async collect(ctx) {
      for (let i = 0; i < n; i++)
        ctx.metrics.request({
          namespace: 'AWS/EBS',
          metricName: 'VolumeIdleTime',
          dimensions: { VolumeId: `vol-${ctx.region}-${i}` },
          stat: 'Sum',
          periodSeconds: 3600,
        });
      return {};
    },
    async followUp() {
      // Runs after the unit's metrics were read: the unit still holds its reservation here.
      track.reading++;
      track.max = Math.max(track.max, track.reading);
      await tick();
      track.reading--;
    },
  });
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const scan = async (
    budgetBytes: number,
    track: { reading: number; max: number },
    usage: () => number = () => 0,
  ) => {
    const dir = await mkdtemp(join(tmpdir(), 'perfscan-gate-'));
    dirs.push(dir);
    return runScan({
      store: new LocalStore(dir),
      accounts: [{ accountId: sim.accountId, enabledRegions: ['us-east-1', 'eu-west-1', 'eu-central-1'] }],
      services: ['ebs'],
      clientsFor,
      now: new Date('2026-11-22T07:00:00Z'),
      trigger: 'cli',
      checks: [],
      collectors: { ebs: queuing(10, track) },
      concurrency: 3,
      memoryBudget: { bytes: budgetBytes, usage },
      pricing: false,
    });
  };

  it('room for one unit at a time: the units read their metrics one after the other, all scanned', async () => {
    const track = { reading: 0, max: 0 };
    const r = await scan(15 * BYTES_PER_METRIC_QUERY, track);
    expect(r.units.map((u) => u.status)).toEqual(['ok', 'ok', 'ok']);
    expect(track.max).toBe(1);
  });

  it('no unit starts while listed units wait at the gate (they hold their inventory)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfscan-gate-'));
    dirs.push(dir);
    const regions = ['us-east-1', 'eu-west-1', 'eu-central-1', 'eu-west-2', 'eu-west-3', 'us-west-2'];
    const six = createSimulatedAccount({ enabledRegions: regions });
    // Listed and not yet through their metrics: at most the slow-start units, never more.
    let listedWaiting = 0;
    let maxListedWaiting = 0;
    const track = { reading: 0, max: 0 };
    const base = queuing(10, track);
    await runScan({
      store: new LocalStore(dir),
      accounts: [{ accountId: six.accountId, enabledRegions: regions }],
      services: ['ebs'],
      clientsFor: (unit) => createClientFactory({ region: unit.region, simulator: six }),
      now: new Date('2026-11-22T07:00:00Z'),
      trigger: 'cli',
      checks: [],
      collectors: {
        ebs: {
          ...base,
          async collect(ctx) {
            const r = await base.collect(ctx);
            maxListedWaiting = Math.max(maxListedWaiting, ++listedWaiting);
            return r;
          },
          async followUp(ctx, slice, metrics) {
            listedWaiting--;
            await base.followUp?.(ctx, slice, metrics);
          },
        },
      },
      concurrency: 6,
      // Room for one unit reading at a time (10 queries each).
      memoryBudget: { bytes: 15 * READING_BYTES_PER_METRIC_QUERY, usage: () => 0 },
      pricing: false,
    });
    expect(track.max).toBe(1);
    expect(maxListedWaiting).toBeLessThanOrEqual(SLOW_START_UNITS);
  });

  it('units read their metrics side by side and wait, if they must, only before they are evaluated (their peak)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfscan-gate-'));
    dirs.push(dir);
    const track = { reading: 0, max: 0 };
    const phases: string[] = [];
    let evaluating = 0;
    let maxEvaluating = 0;
    await runScan({
      store: new LocalStore(dir),
      accounts: [{ accountId: sim.accountId, enabledRegions: ['eu-west-1', 'eu-central-1'] }],
      services: ['ebs'],
      clientsFor,
      now: new Date('2026-11-22T07:00:00Z'),
      trigger: 'cli',
      checks: [],
      collectors: {
        ebs: {
          ...queuing(10, track),
          // Holds the unit after its reads until the other one has read too (or 1 s: when the gate makes them
          // read one after the other, the other never comes while this one holds its reservation).
          async followUp() {
            track.reading++;
            track.max = Math.max(track.max, track.reading);
            for (let waited = 0; track.reading < 2 && waited < 1000; waited += 5) await tick();
            await tick();
            track.reading--;
          },
        },
      },
      concurrency: 2,
      // Both units' reading fits (2 x 10 queries) with room kept for one's evaluation; both peaks do not.
      memoryBudget: {
        bytes: 10 * BYTES_PER_METRIC_QUERY + 10 * READING_BYTES_PER_METRIC_QUERY,
        usage: () => 0,
      },
      pricing: false,
      onProgress: (p) => {
        if (p.type === 'unit-phase' && p.phase === 'evaluating') {
          maxEvaluating = Math.max(maxEvaluating, ++evaluating);
          phases.push(`evaluating ${p.unit?.region}`);
        }
        if (p.type === 'unit-done') {
          evaluating--;
          phases.push(`done ${p.unit?.region}`);
        }
      },
    });
    // Both read at once (their follow-ups run after their reads, before their evaluation) ...
    expect(track.max).toBe(2);
    // ... and were evaluated one after the other.
    expect(maxEvaluating).toBe(1);
    expect(phases).toHaveLength(4);
  });

  it('starts the largest units first: by the previous scan, else the global unit and the usually largest regions', async () => {
    const units = ['ap-south-1', 'eu-west-1', 'sa-east-1', 'us-east-1', 'us-west-2'].map((region) => ({
      accountId: '111122223333',
      region,
      global: region === 'us-east-1',
    }));
    const regions = (order: number[]) => order.map((i) => units[i]?.region);
    expect(regions(await startOrder(units))).toEqual([
      'us-east-1',
      'us-west-2',
      'eu-west-1',
      'ap-south-1',
      'sa-east-1',
    ]);
    const previous: Record<string, number> = { 'ap-south-1': 900, 'sa-east-1': 50_000, 'us-east-1': 1_000 };
    expect(regions(await startOrder(units, async (u) => previous[u.region]))).toEqual([
      'sa-east-1',
      'us-east-1',
      'ap-south-1',
      'us-west-2',
      'eu-west-1',
    ]);
  });

  it("starts each account's global unit first, then the usually largest regions, and reports the units in plan order", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfscan-gate-'));
    dirs.push(dir);
    const started: string[] = [];
    const r = await runScan({
      store: new LocalStore(dir),
      accounts: [{ accountId: sim.accountId, enabledRegions: ['eu-central-1', 'eu-west-1', 'us-east-1'] }],
      services: ['ebs'],
      clientsFor,
      now: new Date('2026-11-22T07:00:00Z'),
      trigger: 'cli',
      checks: [],
      collectors: { ebs: queuing(2, { reading: 0, max: 0 }) },
      concurrency: 1,
      pricing: false,
      onProgress: (p) => {
        if (p.type === 'unit-start' && p.unit) started.push(p.unit.region);
      },
    });
    expect(started).toEqual(['us-east-1', 'eu-west-1', 'eu-central-1']);
    expect(r.units.map((u) => u.region)).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
  });

  it('the gate stands before listing: a unit whose previous scan says it fills the budget lists alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfscan-gate-'));
    dirs.push(dir);
    const store = new LocalStore(dir);
    const listing = { now: 0, max: 0 };
    const track = { reading: 0, max: 0 };
    const base = queuing(10, track);
    const ebs: Collector = {
      ...base,
      async collect(ctx) {
        listing.max = Math.max(listing.max, ++listing.now);
        await tick();
        listing.now--;
        return base.collect(ctx);
      },
    };
    const run = (previous?: { scanId: string; startedAt: string }) =>
      runScan({
        store,
        accounts: [{ accountId: sim.accountId, enabledRegions: ['us-east-1', 'eu-west-1', 'eu-central-1'] }],
        services: ['ebs'],
        clientsFor,
        now: new Date(previous ? '2026-11-29T07:00:00Z' : '2026-11-22T07:00:00Z'),
        trigger: 'cli',
        checks: [],
        collectors: { ebs },
        concurrency: 3,
        memoryBudget: { bytes: 15 * BYTES_PER_METRIC_QUERY, usage: () => 0 },
        pricing: false,
        ...(previous ? { previous } : {}),
      });
    // No previous scan: a share of the budget each, so the three list at once.
    const first = await run();
    expect(listing.max).toBe(3);
    expect(first.units.map((u) => u.resourceCounts['metrics.series'])).toEqual([10, 10, 10]);
    // The previous scan saw 10 series a unit: 10 x BYTES_PER_METRIC_QUERY each, one fits the budget at a time.
    listing.max = 0;
    const second = await run({ scanId: first.header.scanId, startedAt: first.header.startedAt });
    expect(listing.max).toBe(1);
    expect(track.max).toBe(1);
    expect(second.units.map((u) => u.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it("shares out only what the budget adds to the process's memory when the scan starts", async () => {
    // An absolute budget of 1 GB + room for one unit, with 1 GB held already: one unit at a time.
    const track = { reading: 0, max: 0 };
    const r = await scan(1e9 + 15 * BYTES_PER_METRIC_QUERY, track, () => 1e9);
    expect(r.units.map((u) => u.status)).toEqual(['ok', 'ok', 'ok']);
    expect(track.max).toBe(1);
  });

  it('room for all: they read at once', async () => {
    const track = { reading: 0, max: 0 };
    await scan(30 * BYTES_PER_METRIC_QUERY, track);
    expect(track.max).toBe(3);
  });
});
