import { describe, expect, it } from 'vitest';
import { CloudWatchClient, DescribeAlarmsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  ApplicationSignalsClient,
  GetServiceLevelObjectiveCommand,
} from '@aws-sdk/client-application-signals';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { applicationSignalsSimState, cloudwatchAlarmsSimState } from '#lib/sim/cloudwatch-alarms.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

const SLO_REGION = 'eu-west-1';

describe('cloudwatch alarms and Application Signals simulation', () => {
  it('puts percentile, anomaly, composite and burn-rate alarms and SLOs in one region only', () => {
    const account = createSimulatedAccount();
    const slo = cloudwatchAlarmsSimState(account, SLO_REGION);
    expect(slo.metricAlarms.some((a) => a.ExtendedStatistic === 'p99')).toBe(true);
    expect(
      slo.metricAlarms.some((a) =>
        a.Metrics?.some((m) => m.Expression?.startsWith('ANOMALY_DETECTION_BAND')),
      ),
    ).toBe(true);
    expect(slo.metricAlarms.filter((a) => a.MetricName === 'BurnRate')).toHaveLength(4);
    expect(slo.compositeAlarms).toHaveLength(1);
    expect(applicationSignalsSimState(account, SLO_REGION).slos).toHaveLength(3);

    const other = cloudwatchAlarmsSimState(account, 'us-east-1');
    expect(other.metricAlarms.length).toBeGreaterThan(0);
    expect(
      other.metricAlarms.some((a) => a.ExtendedStatistic || a.Metrics || a.MetricName === 'BurnRate'),
    ).toBe(false);
    expect(applicationSignalsSimState(account, 'us-east-1').slos).toEqual([]);
    expect(cloudwatchAlarmsSimState(account, 'eu-central-1').metricAlarms).toEqual([]);
  });

  it('publishes agent memory metrics for some running instances only', () => {
    const account = createSimulatedAccount();
    const state = cloudwatchAlarmsSimState(account, SLO_REGION);
    const running = ec2SimState(account, SLO_REGION).instances.filter((i) => i.State?.Name === 'running');
    expect(state.agentMemoryInstanceIds.length).toBeGreaterThan(0);
    expect(state.agentMemoryInstanceIds.length).toBeLessThan(running.length);
    const runningIds = new Set(running.map((i) => i.InstanceId));
    expect(state.agentMemoryInstanceIds.every((id) => runningIds.has(id))).toBe(true);
  });

  it('answers DescribeAlarms like CloudWatch: metric alarms only by default, page cap 100', async () => {
    const account = createSimulatedAccount();
    const cw = simClientFactory(account, SLO_REGION).get(CloudWatchClient);
    const metricOnly = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 100 }));
    expect(metricOnly.CompositeAlarms).toEqual([]);
    const both = await cw.send(
      new DescribeAlarmsCommand({ MaxRecords: 100, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
    );
    expect(both.CompositeAlarms).toHaveLength(1);
    await expect(cw.send(new DescribeAlarmsCommand({ MaxRecords: 101 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('filters ListMetrics by name and RecentlyActive', async () => {
    const account = createSimulatedAccount();
    const cw = simClientFactory(account, SLO_REGION).get(CloudWatchClient);
    const all = await cw.send(new ListMetricsCommand({ Namespace: 'CWAgent' }));
    const mem = await cw.send(
      new ListMetricsCommand({
        Namespace: 'CWAgent',
        MetricName: 'mem_used_percent',
        RecentlyActive: 'PT3H',
      }),
    );
    expect(mem.Metrics?.every((m) => m.MetricName === 'mem_used_percent')).toBe(true);
    expect(all.Metrics?.length ?? 0).toBeGreaterThan(mem.Metrics?.length ?? 0);
  });

  it('returns full SLOs with burn-rate configurations and 404s unknown ones', async () => {
    const account = createSimulatedAccount();
    const as = simClientFactory(account, SLO_REGION).get(ApplicationSignalsClient);
    const out = await as.send(new GetServiceLevelObjectiveCommand({ Id: 'checkout-latency-p99' }));
    expect(out.Slo?.BurnRateConfigurations).toEqual([
      { LookBackWindowMinutes: 5 },
      { LookBackWindowMinutes: 60 },
    ]);
    await expect(as.send(new GetServiceLevelObjectiveCommand({ Id: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
