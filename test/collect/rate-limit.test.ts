import { describe, expect, it } from 'vitest';
import {
  chargesFor,
  RateLimiter,
  rateRuleFor,
  requestedDatapoints,
  sharedRateLimiter,
} from '#lib/collect/rate-limit.js';

function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    sleeps,
  };
}

describe('rateRuleFor', () => {
  it('uses the documented rates per API family', () => {
    expect(rateRuleFor('ec2:DescribeInstances')).toMatchObject({
      bucket: 'ec2:describe',
      ratePerSecond: 20,
      burst: 90,
    });
    expect(rateRuleFor('ec2:DescribeVolumes').bucket).toBe('ec2:describe');
    expect(rateRuleFor('rds:DescribeDBInstances')).toMatchObject({ ratePerSecond: 12 });
    expect(rateRuleFor('lambda:ListFunctions')).toMatchObject({ bucket: 'lambda', ratePerSecond: 15 });
    expect(rateRuleFor('lambda:GetFunctionConcurrency').bucket).toBe('lambda');
    expect(rateRuleFor('compute-optimizer:GetEC2InstanceRecommendations')).toMatchObject({
      ratePerSecond: 5,
    });
    expect(rateRuleFor('cloudwatch:GetMetricData')).toMatchObject({ ratePerSecond: 50 });
    expect(rateRuleFor('cloudwatch:DescribeAlarms')).toMatchObject({
      bucket: 'cloudwatch:DescribeAlarms',
      ratePerSecond: 9,
    });
    expect(rateRuleFor('cloudwatch:ListMetrics')).toMatchObject({ bucket: 'cloudwatch', ratePerSecond: 10 });
    expect(rateRuleFor('autoscaling:DescribeAutoScalingGroups')).toMatchObject({ ratePerSecond: 10 });
  });
});

describe('RateLimiter', () => {
  it('lets a full bucket burst, then paces at the refill rate', async () => {
    const c = fakeClock();
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep });
    for (let i = 0; i < 90; i++) await limiter.acquire('111', 'eu-west-1', 'ec2:DescribeInstances');
    expect(c.sleeps).toEqual([]);
    await limiter.acquire('111', 'eu-west-1', 'ec2:DescribeVolumes'); // same bucket: empty now
    expect(c.sleeps).toEqual([50]); // 1 token at 20/s
    c.advance(1000); // refills 20 tokens
    for (let i = 0; i < 20; i++) await limiter.acquire('111', 'eu-west-1', 'ec2:DescribeInstances');
    expect(c.sleeps).toEqual([50]);
  });

  it('queues concurrent callers in order without overshooting the rate', async () => {
    const c = fakeClock();
    const limiter = new RateLimiter({ now: c.now, sleep: async (ms) => void c.sleeps.push(ms) });
    const waits = await Promise.all(
      Array.from({ length: 8 }, () =>
        limiter.acquire('111', 'eu-west-1', 'compute-optimizer:GetEnrollmentStatus'),
      ),
    );
    // Burst 4 (AWS's 5 less one token of slack), then 200 ms, 400 ms, ... at 5/s.
    expect(waits.map((w) => Math.round(w))).toEqual([0, 0, 0, 0, 200, 400, 600, 800]);
  });

  it('keeps separate budgets per account, region and bucket', async () => {
    const c = fakeClock();
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep });
    for (let i = 0; i < 4; i++)
      await limiter.acquire('111', 'eu-west-1', 'compute-optimizer:GetEnrollmentStatus');
    await limiter.acquire('222', 'eu-west-1', 'compute-optimizer:GetEnrollmentStatus');
    await limiter.acquire('111', 'us-east-1', 'compute-optimizer:GetEnrollmentStatus');
    await limiter.acquire('111', 'eu-west-1', 'lambda:ListFunctions');
    expect(c.sleeps).toEqual([]);
    await limiter.acquire('111', 'eu-west-1', 'compute-optimizer:GetEnrollmentStatus');
    expect(c.sleeps).toEqual([200]);
  });

  it('paces GetMetricData by datapoints as well as calls (396,000/s per region)', async () => {
    const c = fakeClock();
    const limiter = new RateLimiter({ now: c.now, sleep: c.sleep });
    const end = new Date('2026-11-22T00:00:00Z');
    const input = {
      StartTime: new Date(end.getTime() - 14 * 86_400_000),
      EndTime: end,
      MetricDataQueries: Array.from({ length: 300 }, (_, i) => ({
        Id: `m${i}`,
        MetricStat: { Period: 3600, Stat: 'Average', Metric: {} },
      })),
    };
    expect(requestedDatapoints(input)).toBe(100_800);
    expect(chargesFor('cloudwatch:GetMetricData', input).map((x) => [x.rule.bucket, x.cost])).toEqual([
      ['cloudwatch:GetMetricData', 1],
      ['cloudwatch:datapoints', 100_800],
    ]);
    // 10 full calls = 1,008,000 datapoints; 300,000 of burst, then 396,000/s.
    for (let i = 0; i < 10; i++) await limiter.acquire('111', 'eu-west-1', 'cloudwatch:GetMetricData', input);
    expect(c.now()).toBeCloseTo(((1_008_000 - 300_000) / 396_000) * 1000, 0);
    // Calls alone (no input) are paced at 50/s only.
    const d = fakeClock();
    const calls = new RateLimiter({ now: d.now, sleep: d.sleep });
    for (let i = 0; i < 10; i++) await calls.acquire('111', 'eu-west-1', 'cloudwatch:GetMetricData');
    expect(d.sleeps).toEqual([]);
  });

  it('is shared process-wide by default', () => {
    expect(sharedRateLimiter()).toBe(sharedRateLimiter());
  });
});
