import { afterAll, describe, expect, it } from 'vitest';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { createClientFactory, type CallStats } from '#lib/collect/clients.js';
import { MetricBatcher, type FlushResult } from '#lib/collect/metrics.js';
import { autoMetricWorkers, MetricWorkerPool, MIN_SERIES } from '#lib/collect/metric-workers.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { metricWindow } from '#lib/collect/unit.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { createSimulatedAccount } from '#lib/sim/index.js';

const REGION = 'eu-west-1';

/** A batcher over a fresh simulated account (same seed: same series), reading here or in `pool`. */
async function readAll(
  pool: MetricWorkerPool | undefined,
  overrides: Parameters<typeof createSimulatedAccount>[0] = {},
  concurrency = 2,
): Promise<{
  out: FlushResult;
  stats: CallStats;
  acquired: number;
  account: ReturnType<typeof createSimulatedAccount>;
}> {
  const account = createSimulatedAccount({ scale: 4, ...overrides });
  const limiter = new RateLimiter();
  let acquired = 0;
  const counting = {
    acquire: (...args: Parameters<RateLimiter['acquire']>) => {
      acquired++;
      return limiter.acquire(...args);
    },
  };
  const clients = createClientFactory({ region: REGION, simulator: account, limiter: counting });
  const batcher = new MetricBatcher({
    client: clients.get(CloudWatchClient),
    window: metricWindow(account.options.now, 14),
    concurrency,
    ...(pool ? { reader: pool.reader(clients.remote(REGION)) } : {}),
  });
  const running = ec2SimState(account, REGION).instances.filter((i) => i.State?.Name === 'running');
  for (const i of running) {
    const id = i.InstanceId as string;
    batcher.request({
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: id },
      stat: 'Average',
      periodSeconds: 3600,
    });
    batcher.request({
      namespace: 'AWS/EC2',
      metricName: 'NetworkIn',
      dimensions: { InstanceId: id },
      stat: 'Sum',
      periodSeconds: 86_400,
    });
  }
  const out = await batcher.flush();
  return { out, stats: clients.stats, acquired, account };
}

describe('MetricWorkerPool: GetMetricData batches read in worker threads', () => {
  const pool = MetricWorkerPool.start(2, { minSeries: 0 });
  afterAll(() => pool.close());

  it('gives the same summaries, calls, gaps and call counts as a read in the scan thread', async () => {
    const here = await readAll(undefined);
    const before = pool.answered;
    const there = await readAll(pool);
    // Every batch was read by a worker: as many as the calls (no batch needed a second page).
    expect(pool.answered - before).toBe(there.out.calls);
    expect(Object.keys(here.out.summaries).length).toBeGreaterThan(100);
    expect(there.out).toEqual(here.out);
    expect(there.stats.apiCalls).toEqual(here.stats.apiCalls);
    expect(there.stats.attempts).toBe(here.stats.attempts);
    // Every attempt the workers made was paced by the scan thread's limiter.
    expect(there.acquired).toBe(here.acquired);
    expect(there.acquired).toBe(there.stats.attempts);
    // The workers did the reading: the scan thread's client sent nothing.
    expect(pool.size).toBe(2);
  }, 60_000);

  it("retries a throttled call in the worker (the SDK's standard retry) and counts it in the unit's stats", async () => {
    const faults = [{ commandName: 'GetMetricDataCommand', kind: 'throttle' as const, times: 2 }];
    const here = await readAll(undefined, { faults });
    const there = await readAll(pool, { faults });
    expect(there.stats.throttles).toBe(2);
    expect(there.stats.retries).toBe(2);
    expect(there.stats.failedCalls).toBe(0);
    expect(there.out).toEqual(here.out);
    expect(there.out.gaps).toEqual([]);
  }, 60_000);

  it('a call that fails for good is the same gap, and only its series are missing', async () => {
    const faults = [{ commandName: 'GetMetricDataCommand', kind: 'accessDenied' as const, times: 1 }];
    // One call at a time: the same batch (the first sent) is the one that fails, here and there.
    const here = await readAll(undefined, { faults }, 1);
    const there = await readAll(pool, { faults }, 1);
    expect(there.out.gaps).toHaveLength(1);
    expect(there.out.gaps[0]).toMatchObject({ code: 'AccessDenied', action: 'cloudwatch:GetMetricData' });
    expect(there.out).toEqual(here.out);
    expect(there.stats.failedCalls).toBe(1);
  }, 60_000);

  it('reads in the scan thread when its workers are gone, and loses nothing', async () => {
    // A worker that exits as it starts.
    const broken = MetricWorkerPool.start(1, {
      entry: new URL('data:text/javascript,process.exit(3)'),
      minSeries: 0,
    });
    const here = await readAll(undefined);
    const there = await readAll(broken);
    expect(there.out).toEqual(here.out);
    expect(broken.size).toBe(0);
    expect(broken.answered).toBe(0);
    expect(broken.lastError?.message).toMatch(/exited with code 3/);
    await broken.close();
  }, 60_000);

  it('leaves a small unit to the scan thread (under MIN_SERIES series): no worker starts for it', async () => {
    const small = MetricWorkerPool.start(1);
    const there = await readAll(small);
    expect(Object.keys(there.out.summaries).length).toBeLessThan(MIN_SERIES);
    expect(small.answered).toBe(0);
    await small.close();
  }, 60_000);

  it('starts one worker per core beyond the first, at most 3, none on one core', () => {
    expect(autoMetricWorkers(1)).toBe(0);
    expect(autoMetricWorkers(2)).toBe(1);
    expect(autoMetricWorkers(8)).toBe(3);
  });
});
