/**
 * The metric batcher against a real CloudWatchClient whose transport is a local handler (a deserialize
 * middleware answering GetMetricData): the exact queries sent, the batching by period, result ids it must
 * ignore, per-result status codes, and the wording and counts of the gaps. Written to kill the mutants
 * test/collect/metrics.test.ts left alive (npm run mutation; docs/testing.md).
 */
import { describe, expect, it } from 'vitest';
import { CloudWatchClient, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { HttpResponse } from '@smithy/protocol-http';
import { MetricBatcher, queriesPerCall } from '#lib/collect/metrics.js';
import { UndeclaredActionError } from '#lib/collect/errors.js';
import type { MetricRequest } from '#lib/collect/types.js';

const DAY = 86_400;
const T0 = Date.UTC(2026, 10, 8);
const WINDOW = { start: new Date(T0), end: new Date(T0 + 14 * DAY * 1000), days: 14 };

type Input = { MetricDataQueries: { Id: string }[]; NextToken?: string } & Record<string, unknown>;
type Answer = (input: Input, call: number) => { MetricDataResults?: MetricDataResult[]; NextToken?: string };

/** One complete hourly point per query, unless `answer` says otherwise; records every input. */
function fakeClient(answer?: Answer) {
  const client = new CloudWatchClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  const inputs: Input[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  (client.middlewareStack as unknown as { add: (mw: unknown, opts: object) => void }).add(
    () => async (args: { input: Input }) => {
      inputs.push(args.input);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const output = answer
        ? answer(args.input, inputs.length)
        : {
            MetricDataResults: args.input.MetricDataQueries.map((q) => ({
              Id: q.Id,
              StatusCode: 'Complete',
              Timestamps: [new Date(T0)],
              Values: [7],
            })),
          };
      return {
        output: { ...output, $metadata: {} },
        response: new HttpResponse({ statusCode: 200, headers: {} }),
      };
    },
    { step: 'deserialize', priority: 'high', name: 'fakeCloudWatch' },
  );
  return { client, inputs, maxInFlight: () => maxInFlight };
}

const cpu = (id: string, periodSeconds = 3600, extra: Partial<MetricRequest> = {}): MetricRequest => ({
  namespace: 'AWS/EC2',
  metricName: 'CPUUtilization',
  dimensions: { InstanceId: id },
  stat: 'Average',
  periodSeconds,
  ...extra,
});

describe('queriesPerCall at the edges', () => {
  it('rounds points up and the series down, and never goes below 1', () => {
    expect(queriesPerCall(3600, 13 * DAY)).toBe(323); // 312 points: floor(100,800 / 312)
    expect(queriesPerCall(3600, 13 * DAY + 1)).toBe(322); // 313 points (a partial period counts)
    expect(queriesPerCall(86_400, 100)).toBe(500); // less than one period: 1 point, the query cap binds
    expect(queriesPerCall(60, 0)).toBe(500);
    expect(queriesPerCall(1, 200_000)).toBe(1); // 200,000 points: more than the cap, still one series
    expect(queriesPerCall(1, 100_800)).toBe(1);
    expect(queriesPerCall(1, 100_801)).toBe(1);
    expect(queriesPerCall(1, 201)).toBe(500); // floor(100,800 / 201) = 501: the query cap binds
    expect(queriesPerCall(1, 202)).toBe(499);
  });
});

describe('MetricBatcher (mutation kills)', () => {
  it('sends each query with its namespace, metric, dimensions, period and stat, over the window', async () => {
    const { client, inputs } = fakeClient();
    const b = new MetricBatcher({ client, window: WINDOW });
    b.request({
      namespace: 'AWS/ApplicationELB',
      metricName: 'TargetResponseTime',
      dimensions: { LoadBalancer: 'app/lb/1', TargetGroup: 'tg/1' },
      stat: 'p99',
      periodSeconds: 300,
    });
    await b.flush();
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toEqual({
      MetricDataQueries: [
        {
          Id: 'm0',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ApplicationELB',
              MetricName: 'TargetResponseTime',
              Dimensions: [
                { Name: 'LoadBalancer', Value: 'app/lb/1' },
                { Name: 'TargetGroup', Value: 'tg/1' },
              ],
            },
            Period: 300,
            Stat: 'p99',
          },
          ReturnData: true,
        },
      ],
      StartTime: WINDOW.start,
      EndTime: WINDOW.end,
      ScanBy: 'TimestampAscending',
    });
  });

  it('keeps its own copy of a request: later changes by the caller do not reach the query', async () => {
    const { client, inputs } = fakeClient();
    const b = new MetricBatcher({ client, window: WINDOW });
    const req = cpu('i-a');
    b.request(req);
    req.dimensions.InstanceId = 'i-changed';
    await b.flush();
    const q = inputs[0]?.MetricDataQueries[0] as unknown as {
      MetricStat: { Metric: { Dimensions: unknown } };
    };
    expect(q.MetricStat.Metric.Dimensions).toEqual([{ Name: 'InstanceId', Value: 'i-a' }]);
  });

  it('summarizes each series over the window days and returns it under its key', async () => {
    const { client } = fakeClient();
    const b = new MetricBatcher({ client, window: WINDOW });
    const key = b.request(cpu('i-a'));
    const out = await b.flush();
    expect(out.calls).toBe(1);
    expect(out.gaps).toEqual([]);
    expect(out.summaries[key]).toMatchObject({
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: 'i-a' },
      stat: 'Average',
      periodSeconds: 3600,
      windowDays: 14,
      datapoints: 1,
      expectedDatapoints: 336,
      mean: 7,
    });
  });

  it('plan(): batches per period, smallest period first, q series each', () => {
    const { client } = fakeClient();
    const window = { start: new Date(T0), end: new Date(T0 + 14 * DAY * 1000), days: 14 };
    const b = new MetricBatcher({ client, window });
    // Queue through plan() only: 26 five-minute series (q = 25) and 2 daily ones, daily first.
    const daily = ['d1', 'd2'].map((id) => b.request(cpu(id, DAY)));
    const five: string[] = [];
    for (let i = 0; i < 24; i++) five.push(b.request(cpu(`i-${i}`, 300)));
    expect(b.plan()).toEqual([five, daily]);
    expect(b.size).toBe(26);
  });

  it('sends a full batch as soon as its period has q series, before flush()', async () => {
    const { client, inputs } = fakeClient();
    const b = new MetricBatcher({ client, window: WINDOW });
    for (let i = 0; i < 24; i++) b.request(cpu(`i-${i}`, 300));
    await new Promise((r) => setTimeout(r, 30));
    expect(inputs).toHaveLength(0);
    b.request(cpu('i-24', 300)); // the 25th: q for 5-minute periods over 14 days
    await new Promise((r) => setTimeout(r, 30));
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.MetricDataQueries).toHaveLength(25);
    const out = await b.flush();
    expect(out.calls).toBe(1); // nothing pending: no empty call at flush
  });

  it('flushes the pending series by period, smallest first, one call each', async () => {
    const { client, inputs } = fakeClient();
    const b = new MetricBatcher({ client, window: WINDOW, concurrency: 1 });
    b.request(cpu('a', DAY));
    b.request(cpu('b', 60));
    b.request(cpu('c', 3600));
    const out = await b.flush();
    expect(out.calls).toBe(3);
    expect(
      inputs.map(
        (i) => (i.MetricDataQueries[0] as unknown as { MetricStat: { Period: number } }).MetricStat.Period,
      ),
    ).toEqual([60, 3600, DAY]);
  });

  it('runs at most `concurrency` calls at once (default 4, at least 1)', async () => {
    const run = async (concurrency?: number) => {
      const fake = fakeClient();
      const b = new MetricBatcher({
        client: fake.client,
        window: WINDOW,
        ...(concurrency === undefined ? {} : { concurrency }),
      });
      for (let i = 0; i < 8 * 25; i++) b.request(cpu(`i-${i}`, 300));
      const out = await b.flush();
      expect(out.calls).toBe(8);
      return fake.maxInFlight();
    };
    expect(await run()).toBe(4);
    expect(await run(2)).toBe(2);
    expect(await run(0)).toBe(1);
  });

  it('a repeated series is fetched once; a failure names the resources of every request for it', async () => {
    const { client, inputs } = fakeClient(() => {
      throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    });
    const b = new MetricBatcher({ client, window: WINDOW });
    const k1 = b.request(cpu('i-a'));
    const k2 = b.request(cpu('i-a', 3600, { resources: ['asg-1'] }));
    const k3 = b.request(cpu('i-a', 3600, { resources: ['asg-2', 'asg-1'] }));
    b.request(cpu('i-b', 60, { resources: ['x'] }));
    b.request(cpu('i-b', 60)); // a later request without resources keeps the declared ones
    expect(new Set([k1, k2, k3]).size).toBe(1);
    expect(b.size).toBe(2);
    // One more series that succeeds, so the failure is partial and names resources.
    const out = await b.flush();
    expect(inputs).toHaveLength(2);
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]?.resources).toBeUndefined(); // every series failed: missing as a whole
    expect(out.gaps[0]?.series).toBe(2);
    expect(out.gaps[0]?.message).toMatch(
      / 2 metric series are missing \(2 GetMetricData calls or results affected\)\.$/,
    );
  });

  it('a partly failed scan: one gap per kind of failure, with resources, counts and wording', async () => {
    let call = 0;
    const { client } = fakeClient((input) => {
      call++;
      const periods = input.MetricDataQueries.map(
        (q) => (q as unknown as { MetricStat: { Period: number } }).MetricStat.Period,
      );
      if (periods[0] === 60) throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      return {
        MetricDataResults: input.MetricDataQueries.map((q) => ({
          Id: q.Id,
          StatusCode: 'Complete',
          Timestamps: [new Date(T0)],
          Values: [1],
        })),
      };
    });
    const b = new MetricBatcher({ client, window: WINDOW, concurrency: 1 });
    b.request(cpu('i-a', 60));
    b.request(cpu('i-b', 60, { resources: ['asg-1', 'asg-1'] }));
    b.request(cpu('i-c', 3600));
    const out = await b.flush();
    expect(call).toBe(2);
    expect(out.calls).toBe(2);
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]).toMatchObject({
      service: 'metrics',
      slice: 'metrics',
      action: 'cloudwatch:GetMetricData',
      code: 'AccessDenied',
      series: 2,
      resources: ['asg-1', 'i-a'],
      resourceCount: 2,
    });
    expect(out.gaps[0]?.message).toMatch(
      / 2 metric series are missing \(1 GetMetricData call or results affected\)\.$/,
    );
  });

  it('per-result status: InternalError is an Error gap without a hint, Forbidden an AccessDenied one with it', async () => {
    const answer =
      (status: string, messages?: { Code?: string; Value?: string }[]): Answer =>
      (input) => ({
        MetricDataResults: input.MetricDataQueries.map((q, i) =>
          i === 0
            ? { Id: q.Id, StatusCode: status, ...(messages ? { Messages: messages } : {}) }
            : { Id: q.Id, StatusCode: 'Complete', Timestamps: [new Date(T0)], Values: [1] },
        ) as MetricDataResult[],
      });
    const run = async (a: Answer, firstMissing = true) => {
      const b = new MetricBatcher({ client: fakeClient(a).client, window: WINDOW });
      const first = b.request(cpu('i-a'));
      const second = b.request(cpu('i-b'));
      const out = await b.flush();
      expect(out.summaries[first] === undefined).toBe(firstMissing);
      expect(out.summaries[second]).toBeDefined();
      return out.gaps;
    };
    const [internal] = await run(answer('InternalError'));
    expect(internal).toEqual({
      service: 'metrics',
      slice: 'metrics',
      action: 'cloudwatch:GetMetricData',
      code: 'Error',
      message:
        'GetMetricData answered InternalError for some series. 1 metric series are missing (1 GetMetricData call or results affected).',
      series: 1,
      resources: ['i-a'],
      resourceCount: 1,
    });
    const [forbidden] = await run(
      answer('Forbidden', [{ Code: 'Forbidden', Value: 'nope' }, { Value: 'second' }, {}]),
    );
    expect(forbidden).toMatchObject({
      code: 'AccessDenied',
      hint: 'grant cloudwatch:GetMetricData on these metrics to the scanning role (see docs/iam-policy.json)',
      message:
        'GetMetricData answered Forbidden for some series (Forbidden nope; second; ). 1 metric series are missing (1 GetMetricData call or results affected).',
    });
    const [partial] = await run(answer('PartialData'), false);
    expect(partial).toBeUndefined(); // PartialData is data
  });

  it('ignores results whose id is not one of its queries, and reports the queries left unanswered', async () => {
    const { client } = fakeClient((input) => ({
      MetricDataResults: [
        { Id: 'm0', StatusCode: 'Complete', Timestamps: [new Date(T0)], Values: [1] },
        { Id: 'x1', StatusCode: 'Complete', Timestamps: [new Date(T0)], Values: [1] },
        { Id: 'm7', StatusCode: 'Complete', Timestamps: [new Date(T0)], Values: [1] },
        { Id: 'm-1', StatusCode: 'Complete', Timestamps: [new Date(T0)], Values: [1] },
        { Id: 'm1.5', StatusCode: 'Complete', Timestamps: [new Date(T0)], Values: [1] },
        { StatusCode: 'Complete', Timestamps: [new Date(T0)], Values: [1] },
        {
          Id: `m${input.MetricDataQueries.length}`,
          StatusCode: 'Complete',
          Timestamps: [new Date(T0)],
          Values: [1],
        },
      ] as MetricDataResult[],
    }));
    const b = new MetricBatcher({ client, window: WINDOW });
    const keys = ['i-a', 'i-b', 'i-c'].map((id) => b.request(cpu(id)));
    const out = await b.flush();
    expect(Object.keys(out.summaries)).toEqual([keys[0]]);
    expect(out.summaries[keys[0] as string]?.datapoints).toBe(1);
    expect(out.gaps).toEqual([
      {
        service: 'metrics',
        slice: 'metrics',
        action: 'cloudwatch:GetMetricData',
        code: 'InvalidResponse',
        message:
          'GetMetricData returned no result for some queries. 2 metric series are missing (1 GetMetricData call or results affected).',
        series: 2,
        resources: ['i-b', 'i-c'],
        resourceCount: 2,
      },
    ]);
  });

  it('a series split over pages is joined in order; a page without results is fine', async () => {
    const { client } = fakeClient((input) =>
      input.NextToken === undefined
        ? {
            MetricDataResults: [
              { Id: 'm0', StatusCode: 'PartialData', Timestamps: [new Date(T0)], Values: [1] },
            ],
            NextToken: 'p2',
          }
        : input.NextToken === 'p2'
          ? { NextToken: 'p3' }
          : {
              MetricDataResults: [
                { Id: 'm0', StatusCode: 'Complete', Timestamps: [new Date(T0 + 3_600_000)], Values: [5] },
              ],
            },
    );
    const b = new MetricBatcher({ client, window: WINDOW });
    const key = b.request(cpu('i-a'));
    const out = await b.flush();
    expect(out.calls).toBe(3);
    expect(out.summaries[key]).toMatchObject({ datapoints: 2, min: 1, max: 5, sum: 6, dailyMeans: [3] });
  });

  it('a result without values or timestamps is an empty series, not a gap', async () => {
    const { client } = fakeClient((input) => ({
      MetricDataResults: input.MetricDataQueries.map((q) => ({ Id: q.Id, StatusCode: 'Complete' })),
    }));
    const b = new MetricBatcher({ client, window: WINDOW });
    const key = b.request(cpu('i-a'));
    const out = await b.flush();
    expect(out.gaps).toEqual([]);
    expect(out.summaries[key]?.datapoints).toBe(0);
  });

  it('a failed call counts as a call, after the pages that succeeded', async () => {
    const { client } = fakeClient((input) => {
      if (input.NextToken) throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
      return {
        MetricDataResults: [{ Id: 'm0', StatusCode: 'PartialData', Timestamps: [new Date(T0)], Values: [1] }],
        NextToken: 'p2',
      };
    });
    const b = new MetricBatcher({ client, window: WINDOW });
    const key = b.request(cpu('i-a'));
    b.request(cpu('i-b', 60));
    const out = await b.flush();
    // The hourly batch: one page, then a failed second page (2 calls); the minute batch fails too (1 page,
    // then its second page fails: 2 calls).
    expect(out.calls).toBe(4);
    expect(out.summaries[key]).toBeUndefined();
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]?.code).toBe('Throttled');
  });

  it('an undeclared action is a programming error: flush() rejects with it', async () => {
    const { client } = fakeClient(() => {
      throw new UndeclaredActionError('cloudwatch:GetMetricData');
    });
    const b = new MetricBatcher({ client, window: WINDOW });
    b.request(cpu('i-a'));
    await expect(b.flush()).rejects.toBeInstanceOf(UndeclaredActionError);
  });

  it('a series without a resource dimension (CloudFront Region, an ElastiCache node) names no resource', async () => {
    const { client } = fakeClient((input) => ({
      MetricDataResults: input.MetricDataQueries.map((q, i) =>
        i < 2
          ? { Id: q.Id, StatusCode: 'Forbidden' }
          : { Id: q.Id, StatusCode: 'Complete', Values: [], Timestamps: [] },
      ) as MetricDataResult[],
    }));
    const b = new MetricBatcher({ client, window: WINDOW });
    b.request({
      namespace: 'AWS/CloudFront',
      metricName: 'Requests',
      dimensions: { DistributionId: 'E1', Region: 'Global' },
      stat: 'Sum',
      periodSeconds: 3600,
    });
    b.request({
      namespace: 'AWS/ElastiCache',
      metricName: 'CacheHits',
      dimensions: { CacheClusterId: 'c-1', CacheNodeId: '0001' },
      stat: 'Sum',
      periodSeconds: 3600,
    });
    b.request(cpu('i-ok'));
    const out = await b.flush();
    expect(out.gaps[0]?.resources).toEqual(['E1', 'c-1']);
    expect(out.gaps[0]?.message).toMatch(
      /^GetMetricData answered Forbidden for some series\. 2 metric series/,
    );
  });
});
