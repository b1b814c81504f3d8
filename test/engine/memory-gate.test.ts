import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Collector } from '#lib/collect/types.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { BYTES_PER_METRIC_QUERY, MemoryGate } from '#lib/engine/memory-gate.js';
import { runScan, SLOW_START_UNITS } from '#lib/engine/scan.js';
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
  const scan = async (budgetBytes: number, track: { reading: number; max: number }) => {
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
      memoryBudget: { bytes: budgetBytes, usage: () => 0 },
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
      memoryBudget: { bytes: 15 * BYTES_PER_METRIC_QUERY, usage: () => 0 },
      pricing: false,
    });
    expect(track.max).toBe(1);
    expect(maxListedWaiting).toBeLessThanOrEqual(SLOW_START_UNITS);
  });

  it('room for all: they read at once', async () => {
    const track = { reading: 0, max: 0 };
    await scan(30 * BYTES_PER_METRIC_QUERY, track);
    expect(track.max).toBe(3);
  });
});
