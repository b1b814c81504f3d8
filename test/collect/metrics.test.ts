import { describe, expect, it } from 'vitest';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { HttpResponse } from '@smithy/protocol-http';
import { MetricBatcher, queriesPerCall, summarize } from '#lib/collect/metrics.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { metricWindow } from '#lib/collect/unit.js';

const DAY = 86_400;
const HOUR_MS = 3_600_000;

describe('queriesPerCall', () => {
  it('is min(500, floor(100,800 / datapoints per series))', () => {
    expect(queriesPerCall(3600, 14 * DAY)).toBe(300); // 336 hourly points
    expect(queriesPerCall(300, 14 * DAY)).toBe(25); // 4,032 five-minute points
    expect(queriesPerCall(86_400, 14 * DAY)).toBe(500); // 14 daily points: the query cap binds
    expect(queriesPerCall(60, 14 * DAY)).toBe(5);
    expect(queriesPerCall(3600, 30 * DAY)).toBe(140);
  });
});

describe('summarize', () => {
  const meta = {
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { InstanceId: 'i-1' },
    stat: 'Average',
    periodSeconds: 3600,
    windowDays: 14,
  };
  const day1 = Date.UTC(2026, 10, 20);
  const day2 = Date.UTC(2026, 10, 21);

  it('computes the statistics checks read, with nearest-rank percentiles and UTC days', () => {
    // Given out of order: summarize sorts by time. NaN is ignored.
    const points: [number, number][] = [
      [day2 + 1 * HOUR_MS, 50],
      [day1 + 0 * HOUR_MS, 10],
      [day1 + 1 * HOUR_MS, 20],
      [day1 + 2 * HOUR_MS, 30],
      [day2 + 0 * HOUR_MS, 40],
      [day2 + 2 * HOUR_MS, Number.NaN],
    ];
    const s = summarize(
      points.map((p) => p[1]),
      points.map((p) => new Date(p[0])),
      meta,
    );
    expect(s).toMatchObject({
      datapoints: 5,
      expectedDatapoints: 336,
      min: 10,
      max: 50,
      mean: 30,
      sum: 150,
      p50: 30, // rank ceil(0.5*5)=3 of [10,20,30,40,50]
      p95: 50, // rank ceil(4.75)=5
      p99: 50,
      dailyMeans: [20, 45],
      dailyMaxes: [30, 50],
      first: 20,
      last: 45,
    });
    expect(s.dimensions).toEqual({ InstanceId: 'i-1' });
  });

  it('nearest rank on 100 values picks the 50th, 95th and 99th smallest', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, reversed on purpose
    const ts = values.map((_, i) => new Date(day1 + i * 60_000));
    const s = summarize(values, ts, meta);
    expect([s.p50, s.p95, s.p99, s.min, s.max]).toEqual([50, 95, 99, 1, 100]);
  });

  it('zero points: datapoints 0 and no statistics (missing data is not zero)', () => {
    const s = summarize([], [], meta);
    expect(s.datapoints).toBe(0);
    expect(s.expectedDatapoints).toBe(336);
    for (const k of [
      'min',
      'max',
      'mean',
      'sum',
      'p50',
      'p95',
      'p99',
      'dailyMeans',
      'first',
      'last',
    ] as const) {
      expect(s[k]).toBeUndefined();
    }
  });
});

function simCloudWatch(overrides: Parameters<typeof createSimulatedAccount>[0] = {}) {
  const account = createSimulatedAccount(overrides);
  const clients = createClientFactory({
    region: 'eu-west-1',
    simulator: account,
    limiter: new RateLimiter(),
  });
  return { account, clients, client: clients.get(CloudWatchClient) };
}

describe('MetricBatcher', () => {
  it('sends a full batch while collectors are still queuing, and the remainder at flush', async () => {
    const { account, client } = simCloudWatch({ scale: 25 });
    const window = metricWindow(account.options.now, 14);
    const batcher = new MetricBatcher({ client, window });
    const q = queriesPerCall(3600, 14 * DAY);
    const running = ec2SimState(account, 'eu-west-1').instances.filter((i) => i.State?.Name === 'running');
    const ask = (i: number) =>
      batcher.request({
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimensions: { InstanceId: running[i]?.InstanceId as string },
        stat: 'Average',
        periodSeconds: 3600,
      });
    for (let i = 0; i < q - 1; i++) ask(i);
    await new Promise((r) => setTimeout(r, 20));
    expect(account.callsTo('GetMetricDataCommand')).toHaveLength(0); // not a full call yet
    ask(q - 1);
    ask(q); // starts the next, partial batch
    await new Promise((r) => setTimeout(r, 20));
    expect(account.callsTo('GetMetricDataCommand')).toHaveLength(1); // sent before flush()
    const out = await batcher.flush();
    expect(out.calls).toBe(2);
    expect(Object.keys(out.summaries)).toHaveLength(q + 1);
  });

  it('sends ceil(N*M/q) GetMetricData calls of <= q queries and never GetMetricStatistics', async () => {
    const { account, client } = simCloudWatch({ scale: 25 });
    const window = metricWindow(account.options.now, 14);
    const batcher = new MetricBatcher({ client, window });
    const running = ec2SimState(account, 'eu-west-1').instances.filter((i) => i.State?.Name === 'running');
    const N = 600;
    expect(running.length).toBeGreaterThanOrEqual(N);
    const stats = ['Average', 'Maximum'];
    for (const i of running.slice(0, N)) {
      for (const stat of stats) {
        batcher.request({
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: { InstanceId: i.InstanceId as string },
          stat,
          periodSeconds: 3600,
        });
      }
    }
    // Duplicates are fetched once.
    batcher.request({
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: running[0]?.InstanceId as string },
      stat: 'Average',
      periodSeconds: 3600,
    });
    expect(batcher.size).toBe(N * stats.length);

    const out = await batcher.flush();
    const q = queriesPerCall(3600, 14 * DAY);
    expect(out.calls).toBe(Math.ceil((N * stats.length) / q)); // 1,200 / 300 -> 4
    expect(account.callsTo('GetMetricDataCommand')).toHaveLength(out.calls);
    expect(account.callsTo('GetMetricStatisticsCommand')).toHaveLength(0);
    for (const c of account.callsTo('GetMetricDataCommand')) {
      expect((c.input.MetricDataQueries as unknown[]).length).toBeLessThanOrEqual(q);
      expect(c.input.ScanBy).toBe('TimestampAscending');
    }
    expect(out.gaps).toEqual([]);
    expect(Object.keys(out.summaries)).toHaveLength(N * stats.length);
  });

  it('lets the datapoint cap bind for 5-minute periods: 25 series per call over 14 days', async () => {
    const { account, client } = simCloudWatch();
    const batcher = new MetricBatcher({ client, window: metricWindow(account.options.now, 14) });
    const running = ec2SimState(account, 'eu-west-1').instances.filter((i) => i.State?.Name === 'running');
    for (const i of running.slice(0, 20)) {
      for (const metricName of ['CPUUtilization', 'NetworkIn', 'NetworkOut']) {
        batcher.request({
          namespace: 'AWS/EC2',
          metricName,
          dimensions: { InstanceId: i.InstanceId as string },
          stat: 'Average',
          periodSeconds: 300,
        });
      }
    }
    const out = await batcher.flush();
    expect(out.calls).toBe(Math.ceil(60 / 25));
    expect(
      account.callsTo('GetMetricDataCommand').map((c) => (c.input.MetricDataQueries as unknown[]).length),
    ).toEqual([25, 25, 10]);
    expect(account.callsTo('GetMetricStatisticsCommand')).toHaveLength(0);
    // No call needed a second page: every series came back whole.
    const full = Object.values(out.summaries).filter((s) => s.datapoints > 4000);
    expect(full.length).toBeGreaterThan(0);
  });

  it('a failed call becomes one metrics gap and its series stay absent; other batches survive', async () => {
    const { account, client } = simCloudWatch({
      faults: [{ commandName: 'GetMetricDataCommand', kind: 'accessDenied', times: 1 }],
    });
    const batcher = new MetricBatcher({
      client,
      window: metricWindow(account.options.now, 14),
      concurrency: 1,
    });
    const running = ec2SimState(account, 'eu-west-1').instances.filter((i) => i.State?.Name === 'running');
    // Two periods -> two calls: the first (86400 sorts after 3600) fails.
    const keys = running.slice(0, 3).flatMap((i) => [
      batcher.request({
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimensions: { InstanceId: i.InstanceId as string },
        stat: 'Average',
        periodSeconds: 3600,
      }),
      batcher.request({
        namespace: 'AWS/EC2',
        metricName: 'NetworkIn',
        dimensions: { InstanceId: i.InstanceId as string },
        stat: 'Sum',
        periodSeconds: 86_400,
      }),
    ]);
    const out = await batcher.flush();
    expect(out.calls).toBe(2);
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]).toMatchObject({
      service: 'metrics',
      slice: 'metrics',
      code: 'AccessDenied',
      action: 'cloudwatch:GetMetricData',
    });
    expect(out.gaps[0]?.message).toContain('3 metric series are missing');
    // The gap names the resources whose series failed, so only their results can turn unknown.
    expect(out.gaps[0]?.resources).toEqual(
      running
        .slice(0, 3)
        .map((i) => i.InstanceId as string)
        .sort(),
    );
    expect(out.gaps[0]).toMatchObject({ resourceCount: 3, series: 3 });
    const hourly = keys.filter((k) => k.includes('|3600|'));
    const daily = keys.filter((k) => k.includes('|86400|'));
    for (const k of hourly) expect(out.summaries[k]).toBeUndefined();
    for (const k of daily) expect(out.summaries[k]?.datapoints).toBe(14);
  });

  it('follows NextToken pages and handles per-result status codes', async () => {
    const client = new CloudWatchClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    });
    const t0 = Date.UTC(2026, 10, 8);
    const inputs: Record<string, unknown>[] = [];
    (client.middlewareStack as unknown as { add: (mw: unknown, opts: object) => void }).add(
      () => async (args: { input: Record<string, unknown> }) => {
        inputs.push(args.input);
        const first = !args.input.NextToken;
        const output = first
          ? {
              MetricDataResults: [
                {
                  Id: 'm0',
                  StatusCode: 'PartialData',
                  Timestamps: [new Date(t0), new Date(t0 + HOUR_MS)],
                  Values: [1, 2],
                },
                {
                  Id: 'm1',
                  StatusCode: 'Forbidden',
                  Messages: [{ Code: 'Forbidden', Value: 'no access to this namespace' }],
                  Timestamps: [],
                  Values: [],
                },
              ],
              NextToken: 'page2',
            }
          : {
              MetricDataResults: [
                { Id: 'm0', StatusCode: 'Complete', Timestamps: [new Date(t0 + 2 * HOUR_MS)], Values: [3] },
              ],
            };
        return {
          output: { ...output, $metadata: {} },
          response: new HttpResponse({ statusCode: 200, headers: {} }),
        };
      },
      { step: 'deserialize', priority: 'high', name: 'fakeCloudWatch' },
    );
    const window = { start: new Date(t0), end: new Date(t0 + 14 * DAY * 1000), days: 14 };
    const batcher = new MetricBatcher({ client, window });
    const a = batcher.request({
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: 'i-a' },
      stat: 'Average',
      periodSeconds: 3600,
    });
    const b = batcher.request({
      namespace: 'Custom',
      metricName: 'Secret',
      dimensions: {},
      stat: 'Average',
      periodSeconds: 3600,
    });
    const out = await batcher.flush();
    expect(out.calls).toBe(2);
    expect(inputs[1]?.NextToken).toBe('page2');
    expect(out.summaries[a]).toMatchObject({ datapoints: 3, sum: 6, first: 2, last: 2 });
    expect(out.summaries[b]).toBeUndefined();
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]).toMatchObject({ code: 'AccessDenied', slice: 'metrics', series: 1 });
    expect(out.gaps[0]?.message).toContain('no access to this namespace');
    // Only the Forbidden series is missing, and it has no dimension naming a resource.
    expect(out.gaps[0]?.resources).toEqual([]);
  });

  it('when every series failed, the gap hides the metrics as a whole (no resource list)', async () => {
    const { account, client } = simCloudWatch({
      faults: [{ commandName: 'GetMetricDataCommand', kind: 'accessDenied', times: Infinity }],
    });
    const batcher = new MetricBatcher({ client, window: metricWindow(account.options.now, 14) });
    for (const id of ['i-a', 'i-b'])
      batcher.request({
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimensions: { InstanceId: id },
        stat: 'Average',
        periodSeconds: 3600,
      });
    const out = await batcher.flush();
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]?.resources).toBeUndefined();
    expect(out.gaps[0]?.resourceCount).toBeUndefined();
    expect(out.gaps[0]?.series).toBe(2);
  });

  it('names the resources a series declares, and both when two resources share a series', async () => {
    const { account, client } = simCloudWatch({
      faults: [{ commandName: 'GetMetricDataCommand', kind: 'accessDenied', times: 1 }],
    });
    const batcher = new MetricBatcher({
      client,
      window: metricWindow(account.options.now, 14),
      concurrency: 1,
    });
    const hit = { namespace: 'AWS/ElastiCache', metricName: 'CacheHits', stat: 'Sum', periodSeconds: 3600 };
    batcher.request({
      ...hit,
      dimensions: { CacheClusterId: 'rg-001', CacheNodeId: '0001' },
      resources: ['rg-001', 'rg'],
    });
    batcher.request({
      ...hit,
      dimensions: { CacheClusterId: 'rg-001', CacheNodeId: '0001' },
      resources: ['other'],
    });
    batcher.request({
      ...hit,
      metricName: 'CacheMisses',
      dimensions: { CacheClusterId: 'c-2', CacheNodeId: '0001' },
    });
    batcher.request({ ...hit, periodSeconds: 86_400, dimensions: { CacheClusterId: 'c-3' } }); // second call: succeeds
    const out = await batcher.flush();
    expect(out.gaps[0]?.resources).toEqual(['c-2', 'other', 'rg', 'rg-001']); // no node number
  });
});

describe('summarize percentiles by selection', () => {
  const meta = {
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { InstanceId: 'i-1' },
    stat: 'Average',
    periodSeconds: 300,
    windowDays: 14,
  };
  const sortedRank = (xs: number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(Math.max(1, Math.ceil((p / 100) * s.length)), s.length) - 1] as number;
  };

  it('matches a full sort on random, constant, duplicated and shuffled series of many lengths', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const start = Date.UTC(2026, 10, 1);
    for (const n of [1, 2, 3, 5, 17, 100, 336, 1001, 4032]) {
      for (const kind of ['random', 'constant', 'few', 'descending'] as const) {
        const values = Array.from({ length: n }, (_, i) =>
          kind === 'random'
            ? rnd() * 100
            : kind === 'constant'
              ? 42
              : kind === 'few'
                ? Math.floor(rnd() * 3)
                : n - i,
        );
        // Timestamps shuffled: summarize must still produce daily figures in time order.
        const idx = Array.from({ length: n }, (_, i) => i).sort(() => rnd() - 0.5);
        const s = summarize(
          idx.map((i) => values[i] as number),
          idx.map((i) => new Date(start + i * 300_000)),
          meta,
        );
        expect([s.p50, s.p95, s.p99], `${kind} n=${n}`).toEqual([
          sortedRank(values, 50),
          sortedRank(values, 95),
          sortedRank(values, 99),
        ]);
        expect(s.min).toBe(Math.min(...values));
        expect(s.max).toBe(Math.max(...values));
        const perDay = Math.floor(86_400_000 / 300_000);
        expect(s.dailyMaxes?.[0]).toBe(
          Math.max(...values.slice(0, Math.min(n, perDay - (start % 86_400_000) / 300_000))),
        );
      }
    }
  });

  it('a long series followed by a short one: the shared buffers never leak points between calls', () => {
    const start = Date.UTC(2026, 10, 1);
    const long = Array.from({ length: 5000 }, () => 1000);
    summarize(
      long,
      long.map((_, i) => new Date(start + i * 60_000)),
      meta,
    );
    const s = summarize(
      [1, 2, 3],
      [0, 1, 2].map((i) => new Date(start + i * 60_000)),
      meta,
    );
    expect([s.datapoints, s.max, s.p99, s.sum]).toEqual([3, 3, 3, 6]);
  });
});

describe('MetricBatcher pages', () => {
  const t0 = Date.UTC(2026, 10, 8);
  const window = { start: new Date(t0), end: new Date(t0 + 14 * DAY * 1000), days: 14 };
  type Result = { Id: string; StatusCode: string; Timestamps: Date[]; Values: number[] };
  /** Three series over pages: m0 whole in the last page, m1 split over pages 1 and 3, m2 only in page 1, m3
   * twice in the last page (its points concatenated). */
  const pages: { MetricDataResults: Result[]; NextToken?: string }[] = [];
  const pts = (from: number, n: number, f: (i: number) => number) => ({
    Timestamps: Array.from({ length: n }, (_, i) => new Date(t0 + (from + i) * HOUR_MS)),
    Values: Array.from({ length: n }, (_, i) => f(from + i)),
  });
  pages.push({
    MetricDataResults: [
      { Id: 'm1', StatusCode: 'PartialData', ...pts(0, 100, (i) => (i * 7) % 13) },
      { Id: 'm2', StatusCode: 'Complete', ...pts(0, 50, (i) => i % 5) },
    ],
    NextToken: 'p2',
  });
  pages.push({ MetricDataResults: [], NextToken: 'p3' });
  pages.push({
    MetricDataResults: [
      { Id: 'm0', StatusCode: 'Complete', ...pts(0, 336, (i) => Math.sin(i) * 10) },
      { Id: 'm1', StatusCode: 'Complete', ...pts(100, 236, (i) => (i * 7) % 13) },
      { Id: 'm3', StatusCode: 'PartialData', ...pts(0, 30, (i) => i) },
      { Id: 'm3', StatusCode: 'Complete', ...pts(30, 30, (i) => 100 - i) },
    ],
  });
  const pageFor = (token: unknown) => pages[token === 'p2' ? 1 : token === 'p3' ? 2 : 0]!;
  const meta = (i: number) => ({
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { InstanceId: `i-${i}` },
    stat: 'Average',
    periodSeconds: 3600,
  });
  /** What each series' summary must be: summarize() over all its points, in page order. */
  const expected = (id: string) => {
    const rs = pages.flatMap((p) => p.MetricDataResults.filter((r) => r.Id === id));
    return summarize(
      rs.flatMap((r) => r.Values),
      rs.flatMap((r) => r.Timestamps),
      { ...meta(Number(id.slice(1))), windowDays: 14 },
    );
  };
  const check = async (client: CloudWatchClient) => {
    const batcher = new MetricBatcher({ client, window });
    const keys = [0, 1, 2, 3].map((i) => batcher.request(meta(i)));
    const out = await batcher.flush();
    expect(out.calls).toBe(3);
    expect(out.gaps).toEqual([]);
    keys.forEach((k, i) => expect(out.summaries[k], `m${i}`).toEqual(expected(`m${i}`)));
    expect(out.summaries[keys[3]!]?.datapoints).toBe(60);
    expect(out.summaries[keys[1]!]?.datapoints).toBe(336);
    // The answers were not altered (a page's results are read, never rewritten).
    expect(pages[2]!.MetricDataResults[0]!.Timestamps).toHaveLength(336);
  };

  it('through the middleware stack: the same summaries as summarize() over every page of a series', async () => {
    const client = new CloudWatchClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    });
    (client.middlewareStack as unknown as { add: (mw: unknown, opts: object) => void }).add(
      () => async (args: { input: Record<string, unknown> }) => ({
        output: { ...pageFor(args.input.NextToken), $metadata: {} },
        response: new HttpResponse({ statusCode: 200, headers: {} }),
      }),
      { step: 'deserialize', priority: 'high', name: 'fakeCloudWatch' },
    );
    await check(client);
  });

  it('from a send() that bypasses the middleware stack (a test double): the same summaries', async () => {
    const client = new CloudWatchClient({ region: 'eu-west-1' });
    client.send = (async (command: { input: Record<string, unknown> }) =>
      pageFor(command.input.NextToken)) as unknown as CloudWatchClient['send'];
    await check(client);
  });

  it('points without a valid timestamp or value are ignored', () => {
    const s = summarize(
      [1, 2, 3, Number.POSITIVE_INFINITY, 5],
      [
        new Date(t0),
        new Date(Number.NaN),
        new Date(t0 + HOUR_MS),
        new Date(t0 + 2 * HOUR_MS),
        undefined as never,
      ],
      { ...meta(0), windowDays: 14 },
    );
    expect([s.datapoints, s.sum, s.min, s.max, s.p99]).toEqual([2, 4, 1, 3, 3]);
  });
});
