import { describe, expect, it } from 'vitest';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { applicationSignalsSimState, cloudwatchAlarmsSimState } from '#lib/sim/cloudwatch-alarms.js';
import { cloudwatchCollector, normalizeMetricAlarm } from '#lib/collect/cloudwatch.js';
import { iamActionFor } from '#lib/collect/iam.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';

const SLO_REGION = 'eu-west-1'; // first busy region
const OTHER_BUSY = 'us-east-1';

describe('cloudwatchCollector', () => {
  it('normalizes metric alarms: statistics, percentiles, math, anomaly bands, burn rates, actions', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, SLO_REGION);

    const out = await cloudwatchCollector.collect(ctx);
    const alarms = out.cloudwatch?.metricAlarms ?? [];
    const byName = (n: string) => alarms.find((a) => a.name === n);

    expect(alarms).toHaveLength(cloudwatchAlarmsSimState(account, SLO_REGION).metricAlarms.length);
    const cpu = alarms.find((a) => a.metricName === 'CPUUtilization');
    expect(cpu).toMatchObject({
      namespace: 'AWS/EC2',
      statistic: 'Average',
      metricMath: false,
      anomalyDetection: false,
      hasActions: true,
    });
    expect(byName('alb-web-p99-latency')).toMatchObject({
      extendedStatistic: 'p99',
      statistic: undefined,
      dimensions: { LoadBalancer: 'app/web-alb/50dc6c495c0c9188' },
    });
    expect(byName('orders-api-invocations-anomaly')).toMatchObject({
      metricMath: true,
      anomalyDetection: true,
      mathMetricNames: ['Invocations'],
    });
    expect(byName('orders-api-error-rate')).toMatchObject({
      metricMath: true,
      anomalyDetection: false,
      mathMetricNames: ['Errors', 'Invocations'],
      expressions: ['100 * e / i'],
    });
    expect(byName('payments-error-budget-fast-burn')).toMatchObject({
      metricMath: true,
      expressions: ['(f / r) / (1 - 0.999)'],
    });
    expect(byName('SLO-BurnRate-checkout-latency-p99-60')).toMatchObject({
      namespace: 'AWS/ApplicationSignals',
      metricName: 'BurnRate',
      metrics: [
        expect.objectContaining({
          namespace: 'AWS/ApplicationSignals',
          metricName: 'BurnRate',
          dimensions: { SloName: 'checkout-latency-p99', BurnRateWindowMinutes: '60' },
        }),
      ],
      metricMath: false,
    });
    expect(alarms.find((a) => a.name.startsWith('ec2-status-check-'))).toMatchObject({
      hasActions: false,
      actionsEnabled: true,
    });
    expect(out.cloudwatch?.compositeAlarms).toEqual([
      {
        name: 'checkout-degraded',
        arn: `arn:aws:cloudwatch:${SLO_REGION}:${account.accountId}:alarm:checkout-degraded`,
        rule: 'ALARM("alb-web-p99-latency") OR ALARM("checkout-api-p95-duration")',
        actionsEnabled: true,
        hasActions: true,
      },
    ]);
    expect(ctx.gaps).toEqual([]);
  });

  it('reads SLOs with their goals and burn-rate windows where Application Signals has them', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, SLO_REGION);

    const out = await cloudwatchCollector.collect(ctx);

    expect(out.cloudwatch?.slos).toEqual([
      {
        name: 'checkout-latency-p99',
        arn: expect.stringContaining(':slo/checkout-latency-p99'),
        sliKind: 'latency',
        metricType: 'LATENCY',
        goalAttainment: 99.9,
        burnRateWindowsMinutes: [5, 60],
        service: 'checkout',
        sliMetrics: [
          {
            namespace: 'ApplicationSignals',
            metricName: 'Latency',
            dimensions: { Service: 'checkout', Operation: 'POST /checkout', Environment: 'eks:prod/default' },
            stat: 'p99',
          },
        ],
      },
      {
        name: 'checkout-availability',
        arn: expect.any(String),
        sliKind: 'request',
        metricType: 'AVAILABILITY',
        goalAttainment: 99.95,
        burnRateWindowsMinutes: [60, 360],
        service: 'checkout',
      },
      {
        name: 'orders-latency',
        arn: expect.any(String),
        sliKind: 'latency',
        metricType: 'LATENCY',
        goalAttainment: 99,
        burnRateWindowsMinutes: [],
        service: expect.any(String),
        sliMetrics: [expect.objectContaining({ metricName: 'Latency', stat: 'p99' })],
      },
    ]);
    expect(account.callsTo('GetServiceLevelObjectiveCommand')).toHaveLength(3);
    expect(account.callsTo('BatchGetServiceLevelObjectiveBudgetReportCommand')).toHaveLength(0);
  });

  it('has no SLOs, burn-rate or percentile alarms in the other busy region', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, OTHER_BUSY);

    const out = await cloudwatchCollector.collect(ctx);

    expect(out.cloudwatch?.slos).toEqual([]);
    expect(out.cloudwatch?.metricAlarms.length).toBeGreaterThan(0);
    expect(
      out.cloudwatch?.metricAlarms.some(
        (a) =>
          a.extendedStatistic || a.metrics?.some((m) => m.metricName === 'BurnRate') || a.anomalyDetection,
      ),
    ).toBe(false);
    expect(ctx.gaps).toEqual([]);
  });

  it('bounds GetServiceLevelObjective by the follow-up limit and reads the rest in batches, with a gap', async () => {
    const account = createSimulatedAccount({ scale: 30 }); // 3 + 58 SLOs
    const slos = applicationSignalsSimState(account, SLO_REGION).slos;
    const ctx = simCollectorContext(account, SLO_REGION);
    ctx.limits.maxFollowUpCalls = 5;

    const out = await cloudwatchCollector.collect(ctx);

    expect(out.cloudwatch?.slos).toHaveLength(slos.length);
    expect(account.callsTo('ListServiceLevelObjectivesCommand')).toHaveLength(Math.ceil(slos.length / 50));
    expect(account.callsTo('ListServiceLevelObjectivesCommand').every((c) => c.input.MaxResults === 50)).toBe(
      true,
    );
    expect(account.callsTo('GetServiceLevelObjectiveCommand')).toHaveLength(5);
    expect(account.callsTo('BatchGetServiceLevelObjectiveBudgetReportCommand')).toHaveLength(
      Math.ceil((slos.length - 5) / 50),
    );
    const late = out.cloudwatch?.slos?.[slos.length - 1];
    expect(late).toMatchObject({
      metricType: 'AVAILABILITY',
      goalAttainment: 99.5,
      burnRateWindowsMinutes: [],
    });
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        slice: 'cloudwatch.slos.burnRate',
        code: 'Throttled',
        action: 'application-signals:GetServiceLevelObjective',
      }),
    ]);
  });

  it('lists CloudWatch agent memory metrics once per metric name, recently active only', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, SLO_REGION);

    const out = await cloudwatchCollector.collect(ctx);

    expect(out.cloudwatch?.agentMemoryInstanceIds).toEqual(
      [...cloudwatchAlarmsSimState(account, SLO_REGION).agentMemoryInstanceIds].sort(),
    );
    const list = account.callsTo('ListMetricsCommand').filter((c) => c.input.Namespace === 'CWAgent');
    expect(list.map((c) => c.input.MetricName).sort()).toEqual([
      'Memory % Committed Bytes In Use',
      'mem_used_percent',
    ]);
    expect(list.every((c) => c.input.Namespace === 'CWAgent' && c.input.RecentlyActive === 'PT3H')).toBe(
      true,
    );
  });

  it('lists request entry points with one ListMetrics call per latency metric, keeping resource-level series', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, SLO_REGION);

    const out = await cloudwatchCollector.collect(ctx);

    const calls = account.callsTo('ListMetricsCommand').filter((c) => c.input.Namespace !== 'CWAgent');
    expect(calls.map((c) => `${String(c.input.Namespace)} ${String(c.input.MetricName)}`).sort()).toEqual([
      'AWS/ApiGateway Latency',
      'AWS/AppSync Latency',
      'AWS/ApplicationELB TargetResponseTime',
      'AWS/CloudFront OriginLatency',
      'ApplicationSignals Latency',
    ]);
    const series = out.cloudwatch?.latencyMetrics ?? [];
    // 2 ALBs, 1 REST stage, 1 HTTP API stage, 1 AppSync API, 2 services; not the per-target-group or per-method series.
    expect(series).toHaveLength(7);
    expect(series.filter((m) => m.namespace === 'AWS/ApplicationELB').map((m) => m.dimensions)).toEqual([
      { LoadBalancer: 'app/web-alb/50dc6c495c0c9188' },
      { LoadBalancer: 'app/internal-api/7e1f2d3c4b5a6978' },
    ]);
    expect(iamActionFor('CloudWatchClient', 'ListMetricsCommand')).toBe('cloudwatch:ListMetrics');
    expect(cloudwatchCollector.iamActions).toContain('cloudwatch:ListMetrics');
  });

  it('records an entry-point gap and no series when ListMetrics is denied', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'ListMetricsCommand', kind: 'accessDenied', times: Infinity }],
    });
    const ctx = simCollectorContext(account, SLO_REGION);
    const out = await cloudwatchCollector.collect(ctx);
    expect(out.cloudwatch?.latencyMetrics).toBeUndefined();
    expect(ctx.gaps.map((g) => g.slice)).toContain('cloudwatch.entryPoints');
  });

  it('pages DescribeAlarms at 100 with both alarm types: calls grow with ceil(N / 100)', async () => {
    const account = createSimulatedAccount({ scale: 10 });
    const sim = cloudwatchAlarmsSimState(account, SLO_REGION);
    const total = sim.metricAlarms.length + sim.compositeAlarms.length;
    expect(total).toBeGreaterThan(100);
    const ctx = simCollectorContext(account, SLO_REGION);

    const out = await cloudwatchCollector.collect(ctx);

    const calls = account.callsTo('DescribeAlarmsCommand');
    expect(calls).toHaveLength(Math.ceil(total / 100));
    expect(
      calls.every(
        (c) =>
          c.input.MaxRecords === 100 &&
          JSON.stringify(c.input.AlarmTypes) === '["MetricAlarm","CompositeAlarm"]',
      ),
    ).toBe(true);
    expect((out.cloudwatch?.metricAlarms.length ?? 0) + (out.cloudwatch?.compositeAlarms.length ?? 0)).toBe(
      total,
    );
    expect(ctx.requested).toEqual([]);
  });

  it('records a NotSupported gap and leaves slos undefined where Application Signals has no endpoint', async () => {
    const account = createSimulatedAccount({ enabledRegions: ['eu-west-1', 'us-east-1', 'mx-central-1'] });
    const ctx = simCollectorContext(account, 'mx-central-1');

    const out = await cloudwatchCollector.collect(ctx);

    expect(out.cloudwatch?.slos).toBeUndefined();
    expect(out.cloudwatch?.metricAlarms).toEqual([]);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({ service: 'cloudwatch', slice: 'cloudwatch.slos', code: 'NotSupported' }),
    ]);
  });

  it('records AccessDenied gaps per slice and keeps the other slices', async () => {
    const account = createSimulatedAccount({
      faults: [
        { commandName: 'DescribeAlarmsCommand', kind: 'accessDenied', times: Infinity },
        { commandName: 'ListServiceLevelObjectivesCommand', kind: 'accessDenied', times: Infinity },
      ],
    });
    const ctx = simCollectorContext(account, SLO_REGION);

    const out = await cloudwatchCollector.collect(ctx);

    expect(out.cloudwatch?.metricAlarms).toEqual([]);
    expect(out.cloudwatch?.slos).toBeUndefined();
    expect(out.cloudwatch?.agentMemoryInstanceIds.length).toBeGreaterThan(0);
    expect(ctx.gaps).toHaveLength(2);
    expect(ctx.gaps).toContainEqual(
      expect.objectContaining({
        slice: 'cloudwatch.alarms',
        code: 'AccessDenied',
        action: 'cloudwatch:DescribeAlarms',
      }),
    );
    expect(ctx.gaps).toContainEqual(
      expect.objectContaining({
        slice: 'cloudwatch.slos',
        code: 'AccessDenied',
        action: 'application-signals:ListServiceLevelObjectives',
      }),
    );
  });

  it('declares exactly the actions it calls', async () => {
    const account = createSimulatedAccount({ scale: 30 });
    const ctx = simCollectorContext(account, SLO_REGION);
    ctx.limits.maxFollowUpCalls = 1;
    await cloudwatchCollector.collect(ctx);
    const called = new Set(account.calls.map((c) => iamActionFor(c.clientName, c.commandName)));
    expect([...called].sort()).toEqual([...cloudwatchCollector.iamActions].sort());
  });
});

describe('normalizeMetricAlarm heuristics', () => {
  const base: MetricAlarm = {
    AlarmName: 'a',
    AlarmArn: 'arn:aws:cloudwatch:eu-west-1:1:alarm:a',
    AlarmActions: [],
  };

  it('takes a percentile from the metrics of a Metrics[]-based alarm', () => {
    const n = normalizeMetricAlarm({
      ...base,
      Metrics: [
        {
          Id: 'm1',
          MetricStat: {
            Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime' },
            Period: 60,
            Stat: 'p99',
          },
          ReturnData: true,
        },
      ],
    });
    expect(n).toMatchObject({
      extendedStatistic: 'p99',
      metricMath: false,
      namespace: 'AWS/ApplicationELB',
      metricName: 'TargetResponseTime',
    });
  });

  it('records the math and every metric an alarm reads, and nothing from its name', () => {
    const n = normalizeMetricAlarm({
      ...base,
      AlarmName: 'api-burn-rate-1h',
      Metrics: [
        {
          Id: 'f',
          MetricStat: {
            Metric: {
              Namespace: 'ApplicationSignals',
              MetricName: 'Fault',
              Dimensions: [{ Name: 'Service', Value: 'api' }],
            },
            Period: 60,
            Stat: 'Sum',
          },
        },
        { Id: 'e', Expression: '(f / 100) / (1 - 0.999)' },
      ],
    });
    expect(n).toMatchObject({
      metricMath: true,
      expressions: ['(f / 100) / (1 - 0.999)'],
      metrics: [
        { namespace: 'ApplicationSignals', metricName: 'Fault', dimensions: { Service: 'api' }, stat: 'Sum' },
      ],
    });
    expect(n && 'burnRate' in n).toBe(false);
  });
});
