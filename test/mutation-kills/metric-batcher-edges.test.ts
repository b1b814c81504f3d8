/**
 * The metric batcher's mutants left alive by the 2026-12-05 incremental run (docs/testing.md, "Surviving
 * mutants"): plan() at exact multiples of q and above q, two kinds of failure in one flush, a batch with
 * both Forbidden and InternalError results, the caller's resources array changed after request(), and a
 * result with values but no timestamps. A real CloudWatchClient whose transport is a local handler.
 */
import { describe, expect, it } from 'vitest';
import { CloudWatchClient, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { HttpResponse } from '@smithy/protocol-http';
import { MetricBatcher, queriesPerCall } from '#lib/collect/metrics.js';
import type { MetricRequest } from '#lib/collect/types.js';

const DAY = 86_400;
const T0 = Date.UTC(2026, 10, 8);
const WINDOW = { start: new Date(T0), end: new Date(T0 + 14 * DAY * 1000), days: 14 };

type Query = { Id: string; MetricStat: { Period: number; Metric: { Dimensions: { Value: string }[] } } };
type Input = { MetricDataQueries: Query[]; NextToken?: string };
type Answer = (input: Input) => { MetricDataResults?: MetricDataResult[] };

const complete = (q: Query): MetricDataResult => ({
  Id: q.Id,
  StatusCode: 'Complete',
  Timestamps: [new Date(T0)],
  Values: [7],
});

/** A CloudWatchClient answering GetMetricData locally (one complete point per query unless `answer` says otherwise). */
function fakeClient(
  answer: Answer = (input) => ({ MetricDataResults: input.MetricDataQueries.map(complete) }),
) {
  const client = new CloudWatchClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  const inputs: Input[] = [];
  (client.middlewareStack as unknown as { add: (mw: unknown, opts: object) => void }).add(
    () => async (args: { input: Input }) => {
      inputs.push(args.input);
      await new Promise((r) => setTimeout(r, 1));
      return {
        output: { ...answer(args.input), $metadata: {} },
        response: new HttpResponse({ statusCode: 200, headers: {} }),
      };
    },
    { step: 'deserialize', priority: 'high', name: 'fakeCloudWatch' },
  );
  return { client, inputs };
}

const cpu = (id: string, periodSeconds = 3600, extra: Partial<MetricRequest> = {}): MetricRequest => ({
  namespace: 'AWS/EC2',
  metricName: 'CPUUtilization',
  dimensions: { InstanceId: id },
  stat: 'Average',
  periodSeconds,
  ...extra,
});

describe('MetricBatcher: survivors of the 2026-12-05 run', () => {
  it('plan() at an exact multiple of q has no empty batch; above q the last batch holds the rest', async () => {
    const q = queriesPerCall(60, 14 * DAY);
    expect(q).toBe(5); // 20,160 one-minute points per series over 14 days
    for (const [n, sizes] of [
      [5, [5]],
      [10, [5, 5]],
      [11, [5, 5, 1]],
    ] as const) {
      const b = new MetricBatcher({ client: fakeClient().client, window: WINDOW });
      const keys: string[] = [];
      for (let i = 0; i < n; i++) keys.push(b.request(cpu(`i-${i}`, 60)));
      const plan = b.plan();
      expect(plan.map((batch) => batch.length)).toEqual(sizes);
      expect(plan.flat()).toEqual(keys); // every series once, in request order
      const out = await b.flush();
      expect(out.calls).toBe(sizes.length);
    }
  });

  it('two kinds of failure in one flush are two gaps (a denied call and an InternalError result)', async () => {
    const { client } = fakeClient((input) => {
      if (input.MetricDataQueries[0]?.MetricStat.Period === 60)
        throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      return {
        MetricDataResults: input.MetricDataQueries.map((q, i) =>
          i === 0 ? { Id: q.Id, StatusCode: 'InternalError' } : complete(q),
        ) as MetricDataResult[],
      };
    });
    const b = new MetricBatcher({ client, window: WINDOW, concurrency: 1 });
    b.request(cpu('i-a', 60));
    b.request(cpu('i-b', 3600));
    b.request(cpu('i-c', 3600));
    const out = await b.flush();
    expect(out.gaps.map((g) => [g.code, g.series, g.resources])).toEqual([
      ['AccessDenied', 1, ['i-a']],
      ['Error', 1, ['i-b']],
    ]);
  });

  it('a batch with both Forbidden and InternalError results is an AccessDenied gap with the IAM hint', async () => {
    const { client } = fakeClient((input) => ({
      MetricDataResults: input.MetricDataQueries.map((q, i) =>
        i === 0
          ? { Id: q.Id, StatusCode: 'InternalError' }
          : i === 1
            ? { Id: q.Id, StatusCode: 'Forbidden' }
            : complete(q),
      ) as MetricDataResult[],
    }));
    const b = new MetricBatcher({ client, window: WINDOW });
    for (const id of ['i-a', 'i-b', 'i-c']) b.request(cpu(id));
    const out = await b.flush();
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]).toMatchObject({
      code: 'AccessDenied',
      series: 2,
      resources: ['i-a', 'i-b'],
      hint: expect.stringContaining('cloudwatch:GetMetricData'),
    });
  });

  it("keeps its own copy of the request's resources: a later change by the caller does not reach the gap", async () => {
    const { client } = fakeClient((input) => {
      if (input.MetricDataQueries[0]?.MetricStat.Period === 60)
        throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      return { MetricDataResults: input.MetricDataQueries.map(complete) };
    });
    const b = new MetricBatcher({ client, window: WINDOW, concurrency: 1 });
    const resources = ['asg-1'];
    b.request(cpu('i-a', 60, { resources }));
    resources.push('asg-other');
    b.request(cpu('i-b', 3600));
    const out = await b.flush();
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]?.resources).toEqual(['asg-1']);
  });

  it('a result with values but no timestamps is an empty series (no crash, no gap)', async () => {
    const { client } = fakeClient((input) => ({
      MetricDataResults: input.MetricDataQueries.map((q) => ({
        Id: q.Id,
        StatusCode: 'Complete',
        Values: [5],
      })),
    }));
    const b = new MetricBatcher({ client, window: WINDOW });
    const key = b.request(cpu('i-a'));
    const out = await b.flush();
    expect(out.gaps).toEqual([]);
    expect(out.summaries[key]?.datapoints).toBe(0);
  });
});
