import { describe, expect, it } from 'vitest';
import { isThrottlingError } from '@smithy/service-error-classification';
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
} from '@aws-sdk/client-cloudwatch';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { RDSClient, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { ComputeOptimizerClient, GetEnrollmentStatusCommand } from '@aws-sdk/client-compute-optimizer';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { createClientFactory } from '#lib/collect/clients.js';
import { RateLimiter, type RateRule } from '#lib/collect/rate-limit.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import {
  getMetricDataDatapoints,
  latencyMs,
  requestItems,
  quotaCharges,
  ScaledClock,
  SimQuotas,
  type QuotaBucket,
} from '#lib/sim/quota.js';

const NOW = new Date('2026-11-22T06:00:00Z');

/** A real clock under the test's control. */
function manualReal() {
  let t = 1_000;
  const sleeps: number[] = [];
  return {
    realNow: () => t,
    realSleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => (t += ms),
    sleeps,
  };
}

/** A limiter that never waits: lets the simulator's own buckets decide. */
const NO_LIMIT = new RateLimiter({
  rules: (): RateRule => ({ bucket: 'none', ratePerSecond: 1e12, burst: 1e12, source: 'test' }),
});

function gmdInput(queries: number, periodSeconds = 3600, days = 14) {
  const end = new Date('2026-11-22T00:00:00Z');
  return {
    StartTime: new Date(end.getTime() - days * 86_400_000),
    EndTime: end,
    MetricDataQueries: Array.from({ length: queries }, (_, i) => ({
      Id: `m${i}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'InstanceId', Value: `i-${i}` }],
        },
        Period: periodSeconds,
        Stat: 'Average',
      },
    })),
  };
}

describe('ScaledClock', () => {
  it('is exact: simulated time is real time x scale, and a simulated sleep takes 1/scale real time', async () => {
    const r = manualReal();
    const clock = new ScaledClock({ scale: 20, realNow: r.realNow, realSleep: r.realSleep });
    expect(clock.now()).toBe(0);
    r.advance(1_000);
    expect(clock.now()).toBe(20_000);
    await clock.sleep(500);
    expect(r.sleeps).toEqual([25]);
    expect(clock.now()).toBe(20_500);
    expect(() => new ScaledClock({ scale: 0 })).toThrow(/scale must be > 0/);
  });

  it('never wakes a sleeper before its simulated time, even when the real timer fires early', async () => {
    let t = 0;
    const sleeps: number[] = [];
    // A timer that fires 0.1 real ms early (as Node's can against performance.now()).
    const clock = new ScaledClock({
      scale: 100,
      realNow: () => t,
      realSleep: async (ms) => {
        sleeps.push(ms);
        t += Math.max(0, ms - 0.1);
      },
    });
    await clock.sleep(1_000);
    expect(clock.now()).toBeGreaterThanOrEqual(1_000);
    expect(sleeps).toEqual([10, 1]);
  });

  it('token buckets decide identically at any scale for the same simulated schedule', () => {
    // 400 EC2 Describe calls at simulated times with gaps from 0 to 60 ms (~33/s against a refill of 20/s).
    const gaps = Array.from({ length: 400 }, (_, i) => (i * 37) % 61);
    const run = (scale: number) => {
      const r = manualReal();
      const q = new SimQuotas(new ScaledClock({ scale, realNow: r.realNow }));
      return gaps.map((g) => {
        r.advance(g / scale);
        return q.admit('eu-west-1', quotaCharges('EC2Client', 'DescribeVpcsCommand', {}, NOW))?.name ?? 'ok';
      });
    };
    const atOne = run(1);
    expect(atOne.filter((x) => x !== 'ok').length).toBeGreaterThan(0); // the schedule does hit the limit
    // Powers of two keep real time = simulated time / scale exact in binary floating point.
    for (const scale of [2, 64, 1_024]) expect(run(scale)).toEqual(atOne);
  });

  it('paces a real run end to end on the scaled clock: never faster than the bucket, never throttled', async () => {
    const clock = new ScaledClock({ scale: 5 });
    const sim = createSimulatedAccount({ clock });
    const clients = createClientFactory({
      region: 'eu-west-1',
      simulator: sim,
      limiter: new RateLimiter({ now: () => clock.now(), sleep: (ms) => clock.sleep(ms) }),
    });
    const ec2 = clients.get(EC2Client);
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 150 }, () => ec2.send(new DescribeRegionsCommand({}))));
    const simSeconds = (clock.now() - t0) / 1000;
    // Burst 90, then 60 calls at 20/s: at least 3 s of simulated time (CPU time adds scale x its real time).
    expect(simSeconds).toBeGreaterThanOrEqual(2.95);
    expect(clients.stats.rateLimitWaitMs).toBeGreaterThan(0);
    expect(sim.quotas?.throttledTotal()).toBe(0);
    expect(clients.stats.throttles).toBe(0);
    clients.destroy();
  });
});

describe('SimQuotas: AWS rates per region', () => {
  const clockAt = () => {
    const r = manualReal();
    return { r, q: new SimQuotas(new ScaledClock({ realNow: r.realNow })) };
  };
  const fire = (
    q: SimQuotas,
    n: number,
    client: string,
    command: string,
    input = {},
    region = 'eu-west-1',
  ) => {
    let refused: QuotaBucket | undefined;
    let ok = 0;
    for (let i = 0; i < n; i++) {
      refused = q.admit(region, quotaCharges(client, command, input, NOW));
      if (!refused) ok++;
    }
    return { ok, refused };
  };

  it('EC2 Describe*: 100 burst, 20/s; unfiltered unpaginated DescribeInstances/DescribeVolumes: 50 burst, 10/s', () => {
    const { r, q } = clockAt();
    expect(fire(q, 101, 'EC2Client', 'DescribeInstancesCommand', { MaxResults: 1000 }).ok).toBe(100);
    r.advance(1000);
    expect(fire(q, 25, 'EC2Client', 'DescribeVpcsCommand').ok).toBe(20);
    const u = fire(q, 60, 'EC2Client', 'DescribeVolumesCommand', {});
    expect(u.ok).toBe(50);
    expect(u.refused?.name).toBe('ec2:unfiltered-unpaginated');
    r.advance(500);
    expect(fire(q, 10, 'EC2Client', 'DescribeInstancesCommand', {}).ok).toBe(5);
    // Another region has its own buckets.
    expect(fire(q, 100, 'EC2Client', 'DescribeVpcsCommand', {}, 'us-east-1').ok).toBe(100);
  });

  it('RDS 300 then 12/s, Lambda 15/s for all APIs, Compute Optimizer 5/s, GetMetricStatistics 400/s', () => {
    const { r, q } = clockAt();
    expect(fire(q, 310, 'RDSClient', 'DescribeDBInstancesCommand').ok).toBe(300);
    r.advance(1000);
    expect(fire(q, 20, 'RDSClient', 'DescribeDBParametersCommand').ok).toBe(12);
    expect(fire(q, 10, 'LambdaClient', 'ListFunctionsCommand').ok).toBe(10);
    expect(fire(q, 10, 'LambdaClient', 'GetFunctionConcurrencyCommand').ok).toBe(5);
    expect(fire(q, 9, 'ComputeOptimizerClient', 'GetEC2InstanceRecommendationsCommand').ok).toBe(5);
    expect(fire(q, 401, 'CloudWatchClient', 'GetMetricStatisticsCommand').ok).toBe(400);
    // No published rate: not throttled.
    expect(fire(q, 1000, 'AutoScalingClient', 'DescribeAutoScalingGroupsCommand').ok).toBe(1000);
  });

  it('Price List GetProducts: 10 burst, 5/s, one bucket per endpoint region for every unit of the account', () => {
    const { r, q } = clockAt();
    const gp = fire(q, 12, 'PricingClient', 'GetProductsCommand', { ServiceCode: 'AmazonEC2' }, 'us-east-1');
    expect(gp.ok).toBe(10);
    expect(gp.refused?.name).toBe('pricing:GetProducts');
    // Its own bucket: the other Price List APIs are not drawn from it.
    expect(fire(q, 10, 'PricingClient', 'GetAttributeValuesCommand', {}, 'us-east-1').ok).toBe(10);
    r.advance(1000);
    expect(fire(q, 8, 'PricingClient', 'GetProductsCommand', {}, 'us-east-1').ok).toBe(5);
    // The floor counts it: 15 admitted - 10 burst = 5 tokens at 5/s = 1 s.
    expect(q.floor()).toEqual({ seconds: 1, region: 'us-east-1', bucket: 'pricing:GetProducts', tokens: 15 });
  });

  it('GetMetricData: 50 calls/s and ~396,000 datapoints/s (180,000/s for the last 3 h)', () => {
    const { r, q } = clockAt();
    const full = gmdInput(300); // 300 series x 336 hourly points = 100,800 datapoints
    expect(getMetricDataDatapoints(full)).toBe(100_800);
    expect(getMetricDataDatapoints(gmdInput(500))).toBe(100_800); // one response carries at most 100,800
    const dp = fire(q, 4, 'CloudWatchClient', 'GetMetricDataCommand', full);
    expect(dp.ok).toBe(3);
    expect(dp.refused?.name).toBe('cloudwatch:datapoints');
    r.advance(1000);
    const small = gmdInput(1, 86_400); // 14 datapoints
    expect(fire(q, 60, 'CloudWatchClient', 'GetMetricDataCommand', small).ok).toBe(50);
    const recent = {
      ...gmdInput(1, 60),
      StartTime: new Date(NOW.getTime() - 3_600_000),
      EndTime: NOW,
    };
    expect(quotaCharges('CloudWatchClient', 'GetMetricDataCommand', recent, NOW)[1]?.bucket.name).toBe(
      'cloudwatch:datapoints-recent',
    );
  });
});

describe('throttling answers through the real SDK clients', () => {
  const cases = [
    {
      client: EC2Client,
      send: (c: EC2Client) => c.send(new DescribeInstancesCommand({})),
      n: 51,
      name: 'RequestLimitExceeded',
      status: 503,
    },
    {
      client: CloudWatchClient,
      send: (c: CloudWatchClient) =>
        c.send(
          new GetMetricStatisticsCommand({
            Namespace: 'AWS/EC2',
            MetricName: 'CPUUtilization',
            StartTime: new Date('2026-11-21T00:00:00Z'),
            EndTime: new Date('2026-11-22T00:00:00Z'),
            Period: 3600,
            Statistics: ['Average'],
          }),
        ),
      n: 401,
      name: 'Throttling',
      status: 400,
    },
    {
      client: LambdaClient,
      send: (c: LambdaClient) => c.send(new ListFunctionsCommand({ MaxItems: 50 })),
      n: 16,
      name: 'TooManyRequestsException',
      status: 429,
    },
    {
      client: RDSClient,
      send: (c: RDSClient) => c.send(new DescribeDBInstancesCommand({ MaxRecords: 100 })),
      n: 301,
      name: 'Throttling',
      status: 400,
    },
    {
      client: ComputeOptimizerClient,
      send: (c: ComputeOptimizerClient) => c.send(new GetEnrollmentStatusCommand({})),
      n: 6,
      name: 'ThrottlingException',
      status: 400,
    },
    {
      client: PricingClient,
      send: (c: PricingClient) =>
        c.send(new GetProductsCommand({ ServiceCode: 'AmazonEC2', FormatVersion: 'aws_v1', MaxResults: 1 })),
      n: 11,
      name: 'ThrottlingException',
      status: 400,
      region: 'us-east-1',
    },
  ] as const;

  for (const tc of cases) {
    it(`${tc.client.name}: over the rate answers ${tc.name} (HTTP ${tc.status}), a throttling error to the SDK`, async () => {
      const sim = createSimulatedAccount({ clock: new ScaledClock({ scale: 1e-6 }) }); // buckets do not refill
      const clients = createClientFactory({
        region: 'region' in tc ? tc.region : 'eu-west-1',
        simulator: sim,
        limiter: NO_LIMIT,
        maxAttempts: 1,
      });
      const c = clients.get(tc.client as never);
      const results = await Promise.allSettled(
        Array.from({ length: tc.n }, () => (tc.send as (x: unknown) => Promise<unknown>)(c)),
      );
      const rejected = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
      expect(rejected).toHaveLength(1);
      const err = rejected[0]?.reason as { name: string; $metadata: { httpStatusCode: number } };
      expect(err.name).toBe(tc.name);
      expect(err.$metadata.httpStatusCode).toBe(tc.status);
      expect(isThrottlingError(err as never)).toBe(true);
      expect(clients.stats.throttles).toBe(1);
      clients.destroy();
    });
  }

  it("the SDK's standard retry backs off and gets through once the bucket refills", async () => {
    const sim = createSimulatedAccount({});
    const clients = createClientFactory({
      region: 'eu-west-1',
      simulator: sim,
      limiter: NO_LIMIT,
      maxAttempts: 5,
    });
    const co = clients.get(ComputeOptimizerClient);
    const out = await Promise.all(
      Array.from({ length: 7 }, () => co.send(new GetEnrollmentStatusCommand({}))),
    );
    expect(out).toHaveLength(7);
    expect(sim.quotas?.throttledTotal()).toBeGreaterThanOrEqual(2);
    expect(clients.stats.retries).toBe(sim.quotas?.throttledTotal());
    clients.destroy();
  });

  it("perfscan's limiter keeps a GetMetricData burst under both the call and the datapoint rate", async () => {
    // Real time (scale 1, ~2.3 s): the limiter's burst sits 96,000 datapoints under AWS's, which absorbs
    // 0.24 s of delay between the limiter's grant and the bucket's check. A scaled clock multiplies the event
    // loop's lag on a loaded machine (at scale 10, 24 real ms were enough to throttle one call in CI).
    const clock = new ScaledClock({ scale: 1 });
    const sim = createSimulatedAccount({ clock });
    const clients = createClientFactory({
      region: 'eu-west-1',
      simulator: sim,
      limiter: new RateLimiter({ now: () => clock.now(), sleep: (ms) => clock.sleep(ms) }),
    });
    const cw = clients.get(CloudWatchClient);
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 12 }, () => cw.send(new GetMetricDataCommand(gmdInput(300)))));
    const simSeconds = (clock.now() - t0) / 1000;
    // 12 x 100,800 = 1,209,600 datapoints: 300,000 of burst, then 396,000/s -> >= 2.3 s; none throttled.
    expect(simSeconds).toBeGreaterThanOrEqual(2.29);
    expect(sim.quotas?.throttledTotal()).toBe(0);
    expect(sim.quotas?.stats.admitted['cloudwatch:datapoints']).toBe(12);
    clients.destroy();
  });
});

describe('latency model', () => {
  it('is off by default and, when on, delays each answer by fixed + per-item simulated time', async () => {
    expect(latencyMs('EC2Client', 'DescribeInstancesCommand', 1000)).toBeCloseTo(340);
    expect(latencyMs('CloudWatchClient', 'GetMetricDataCommand', 100_800)).toBeCloseTo(120.8);
    const run = async (latency: boolean) => {
      const slept: number[] = [];
      const clock = { scale: 1, now: () => 0, sleep: async (ms: number) => void slept.push(ms) };
      const sim = createSimulatedAccount({ clock, latency });
      const clients = createClientFactory({ region: 'eu-west-1', simulator: sim, limiter: NO_LIMIT });
      const out = await clients.get(EC2Client).send(new DescribeInstancesCommand({ MaxResults: 1000 }));
      clients.destroy();
      const items = (out.Reservations ?? []).reduce((n, r) => n + (r.Instances?.length ?? 0), 0);
      return { slept, items };
    };
    expect((await run(false)).slept).toEqual([]);
    const on = await run(true);
    expect(on.items).toBeGreaterThan(0);
    expect(on.slept).toEqual([latencyMs('EC2Client', 'DescribeInstancesCommand', on.items)]);
  });

  it('GetMetricData waits for the datapoints asked for first, then builds its answer (not before the wait)', async () => {
    const events: string[] = [];
    const clock = {
      scale: 1,
      now: () => 0,
      sleep: async (ms: number) => void events.push(`sleep ${ms}`),
    };
    const sim = createSimulatedAccount({ clock, latency: true });
    const metricValues = sim.metricValues.bind(sim);
    sim.metricValues = (q, region) => {
      events.push('generate');
      return metricValues(q, region);
    };
    const end = new Date(sim.options.now.getTime() - 3_600_000);
    const input = {
      MetricDataQueries: [
        {
          Id: 'm0',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/EC2',
              MetricName: 'CPUUtilization',
              Dimensions: [{ Name: 'InstanceId', Value: 'i-none' }],
            },
            Period: 3600,
            Stat: 'Average',
          },
        },
      ],
      StartTime: new Date(end.getTime() - 14 * 86_400_000),
      EndTime: end,
    };
    expect(requestItems('CloudWatchClient', 'GetMetricDataCommand', input)).toBe(336);
    const out = await sim.handle('CloudWatchClient', 'GetMetricDataCommand', 'eu-west-1', input);
    expect(events).toEqual([
      `sleep ${latencyMs('CloudWatchClient', 'GetMetricDataCommand', 336)}`,
      'generate',
    ]);
    expect(out.MetricDataResults).toHaveLength(1);
    expect(sim.handlerTime.ms).toBeGreaterThan(0);
  });
});
