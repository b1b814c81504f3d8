import { describe, expect, it } from 'vitest';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';
import { metricWindow } from '#lib/collect/unit.js';

const REGION = 'eu-west-1';
const account = createSimulatedAccount();
const cw = simClientFactory(account, REGION).get(CloudWatchClient);
const w = metricWindow(account.options.now, 14);
const ids = ec2SimState(account, REGION)
  .instances.filter((i) => i.State?.Name === 'running' && (i.LaunchTime as Date) < w.start)
  .map((i) => i.InstanceId as string);
const cpu = (id: string, i: number, period = 3600, stat = 'Average'): MetricDataQuery => ({
  Id: `m${i}`,
  MetricStat: {
    Metric: {
      Namespace: 'AWS/EC2',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'InstanceId', Value: id }],
    },
    Period: period,
    Stat: stat,
  },
});

describe('CloudWatch simulation: GetMetricData', () => {
  it('answers each query with values at period starts, ascending when asked', async () => {
    const id = ids[0] as string;
    const out = await cw.send(
      new GetMetricDataCommand({
        MetricDataQueries: [cpu(id, 0)],
        StartTime: w.start,
        EndTime: w.end,
        ScanBy: 'TimestampAscending',
      }),
    );
    const r = out.MetricDataResults?.[0];
    expect(r?.StatusCode).toBe('Complete');
    expect(r?.Values).toHaveLength(336);
    expect(r?.Timestamps?.[0]?.toISOString()).toBe(w.start.toISOString());
    expect((r?.Timestamps?.[1] as Date).getTime() - (r?.Timestamps?.[0] as Date).getTime()).toBe(3_600_000);
    const desc = await cw.send(
      new GetMetricDataCommand({ MetricDataQueries: [cpu(id, 0)], StartTime: w.start, EndTime: w.end }),
    );
    expect(desc.MetricDataResults?.[0]?.Values).toEqual([...(r?.Values ?? [])].reverse()); // default: newest first
  });

  it('rejects more than 500 queries, bad ids and a bad period with validation errors', async () => {
    const q501 = Array.from({ length: 501 }, (_, i) => cpu(ids[i % ids.length] as string, i, 86_400));
    await expect(
      cw.send(new GetMetricDataCommand({ MetricDataQueries: q501, StartTime: w.start, EndTime: w.end })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('500'),
    });
    await expect(
      cw.send(
        new GetMetricDataCommand({
          MetricDataQueries: [{ ...cpu(ids[0] as string, 0), Id: 'Bad' }],
          StartTime: w.start,
          EndTime: w.end,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      cw.send(
        new GetMetricDataCommand({
          MetricDataQueries: [cpu(ids[0] as string, 0, 90)],
          StartTime: w.start,
          EndTime: w.end,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      cw.send(
        new GetMetricDataCommand({
          MetricDataQueries: [cpu(ids[0] as string, 0)],
          StartTime: w.start,
          EndTime: w.end,
          MaxDatapoints: 100_801,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('pages beyond MaxDatapoints with NextToken and PartialData', async () => {
    const queries = ids.slice(0, 3).map((id, i) => cpu(id, i));
    const first = await cw.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: w.start,
        EndTime: w.end,
        ScanBy: 'TimestampAscending',
        MaxDatapoints: 500,
      }),
    );
    expect(first.NextToken).toBeDefined();
    expect(first.MetricDataResults?.map((r) => r.Values?.length)).toEqual([336, 164, 0]);
    expect(first.MetricDataResults?.map((r) => r.StatusCode)).toEqual([
      'Complete',
      'PartialData',
      'PartialData',
    ]);
    const second = await cw.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: w.start,
        EndTime: w.end,
        ScanBy: 'TimestampAscending',
        MaxDatapoints: 500,
        NextToken: first.NextToken,
      }),
    );
    expect(second.MetricDataResults?.map((r) => r.Values?.length)).toEqual([0, 172, 328]);
    const third = await cw.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: w.start,
        EndTime: w.end,
        ScanBy: 'TimestampAscending',
        MaxDatapoints: 500,
        NextToken: second.NextToken,
      }),
    );
    expect(third.MetricDataResults?.map((r) => r.Values?.length)).toEqual([0, 0, 8]);
    expect(third.NextToken).toBeUndefined();
  });

  it('an unknown series exists with no data', async () => {
    const out = await cw.send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          {
            Id: 'x',
            MetricStat: {
              Metric: { Namespace: 'Nope', MetricName: 'Nothing', Dimensions: [] },
              Period: 3600,
              Stat: 'Average',
            },
          },
        ],
        StartTime: w.start,
        EndTime: w.end,
      }),
    );
    expect(out.MetricDataResults?.[0]).toMatchObject({ Id: 'x', StatusCode: 'Complete', Values: [] });
  });
});

describe('CloudWatch simulation: GetMetricStatistics', () => {
  it('answers one metric per call, with the 1,440-datapoint cap', async () => {
    const id = ids[0] as string;
    const dims = [{ Name: 'InstanceId', Value: id }];
    const out = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: dims,
        StartTime: w.start,
        EndTime: w.end,
        Period: 3600,
        Statistics: ['Average', 'Maximum'],
      }),
    );
    expect(out.Datapoints).toHaveLength(336);
    expect(out.Datapoints?.[0]).toMatchObject({
      Unit: 'Percent',
      Average: expect.any(Number),
      Maximum: expect.any(Number),
    });
    await expect(
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Dimensions: dims,
          StartTime: w.start,
          EndTime: w.end,
          Period: 300,
          Statistics: ['Average'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
  });
});
