import { describe, expect, it } from 'vitest';
import { cloudwatchAlarmsLatencyPercentile as check } from '#lib/checks/cloudwatch/cloudwatch-alarms-latency-percentile.js';
import {
  aCompositeAlarm,
  aGapOn,
  aMetricAlarm,
  aServiceLevelObjective,
  aSnapshot,
  anEc2Instance,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { CloudWatchSlice, LatencyMetricSeries } from '#lib/model/index.js';

/** A region with one running instance: something to monitor. */
const busy = (slice: Partial<CloudWatchSlice> = {}) =>
  aSnapshot({ cloudwatch: slice, ec2: { instances: [anEc2Instance()] } });
const evaluate = (slice: Partial<CloudWatchSlice>, thresholds: Record<string, number> = {}) =>
  runCheck(check, busy(slice), thresholds);

const alb = (lb: string): LatencyMetricSeries => ({
  namespace: 'AWS/ApplicationELB',
  metricName: 'TargetResponseTime',
  dimensions: { LoadBalancer: lb },
});
const LB = 'app/web/0123456789abcdef'; // the builder alarm's load balancer

describe('cloudwatch-alarms-latency-percentile', () => {
  it('judges each request entry point: p99 alerting passes, none fails', () => {
    const results = evaluate({ metricAlarms: [aMetricAlarm()], latencyMetrics: [alb(LB), alb('app/api/1')] });
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      [`LoadBalancer=${LB}`, 'pass'],
      ['LoadBalancer=app/api/1', 'fail'],
    ]);
    expect(results[0]).toMatchObject({ resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer' });
    expect(results[0]?.message).toBe(
      `Application Load Balancer ${LB} is watched by 1 alerting p95+ alarm(s).`,
    );
    expect(results[1]?.message).toBe(
      'Application Load Balancer app/api/1 has no alerting alarm on p95+ latency and no latency SLO (0 alarm(s) on its latency).',
    );
  });

  it('counts an entry point an alarm names even when ListMetrics did not list it', () => {
    const results = evaluate({ metricAlarms: [aMetricAlarm()], latencyMetrics: [] });
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([[`LoadBalancer=${LB}`, 'pass']]);
  });

  it('fails an entry point whose latency alarms use averages only', () => {
    const [r] = evaluate({
      metricAlarms: [aMetricAlarm({ name: 'avg', extendedStatistic: undefined, statistic: 'Average' })],
    });
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('(1 alarm(s) on its latency)');
  });

  it('does not count a percentile alarm that notifies nobody, unless a composite alarm with an action uses it', () => {
    const silent = aMetricAlarm({ hasActions: false });
    const [r] = evaluate({ metricAlarms: [silent] });
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('1 percentile alarm(s) without an action');
    expect(
      evaluate({ metricAlarms: [silent], compositeAlarms: [aCompositeAlarm({ hasActions: true })] })[0]
        ?.status,
    ).toBe('pass');
    expect(
      evaluate({ metricAlarms: [silent], compositeAlarms: [aCompositeAlarm({ hasActions: false })] })[0]
        ?.status,
    ).toBe('fail');
  });

  it('passes an Application Signals service covered by a latency SLO', () => {
    const svc: LatencyMetricSeries = {
      namespace: 'ApplicationSignals',
      metricName: 'Latency',
      dimensions: { Service: 'checkout', Environment: 'eks:prod/default' },
    };
    const slo = aServiceLevelObjective({ service: 'checkout' });
    expect(evaluate({ latencyMetrics: [svc], slos: [slo] })[0]?.status).toBe('pass');
    expect(
      evaluate({ latencyMetrics: [svc], slos: [aServiceLevelObjective({ service: 'search' })] })[0]?.status,
    ).toBe('fail');
  });

  it('minPercentile boundary: an alarm on exactly the minimum percentile counts, one a hair below does not', () => {
    const status = (stat: string, min: number) =>
      evaluate({ metricAlarms: [aMetricAlarm({ extendedStatistic: stat })] }, { minPercentile: min })[0]
        ?.status;
    expect([status('p94.9', 95), status('p95', 95), status('p95.1', 95)]).toEqual(['fail', 'pass', 'pass']);
    expect([status('p98.9', 99), status('p99', 99)]).toEqual(['fail', 'pass']);
  });

  it('honours a stricter percentile', () => {
    expect(
      evaluate({ metricAlarms: [aMetricAlarm({ extendedStatistic: 'p95' })] }, { minPercentile: 99 })[0]
        ?.status,
    ).toBe('fail');
    expect(
      evaluate({ metricAlarms: [aMetricAlarm({ extendedStatistic: 'p99.9' })] }, { minPercentile: 99 })[0]
        ?.status,
    ).toBe('pass');
  });

  it('without entry points, judges the unit: a p99 alarm on another latency metric passes, none fails', () => {
    const duration = aMetricAlarm({
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions: { FunctionName: 'f' },
    });
    const [ok] = evaluate({ metricAlarms: [duration] });
    expect(ok).toMatchObject({ status: 'pass', resourceId: '*' });
    const [r] = evaluate({ metricAlarms: [] });
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe('No alarm watches a latency metric (0 metric alarm(s)).');
  });

  it('does not apply in a region without workloads, and is unknown when that region cannot be inventoried', () => {
    const [empty] = runCheck(check, aSnapshot({ cloudwatch: { metricAlarms: [] } }));
    expect(empty?.status).toBe('pass');
    expect(empty?.message).toMatch(/^Not applicable: no workloads in this region \(0 running EC2 instances/);
    const [blind] = runCheck(
      check,
      withGaps(aSnapshot({ cloudwatch: { metricAlarms: [] } }), aGapOn('lambda.functions')),
    );
    expect(blind?.status).toBe('unknown');
    expect(blind?.message).toContain('lambda.functions');
  });

  it('is unknown, not fail, when the alarm list has a gap', () => {
    const [r] = runCheck(check, withGaps(busy(), aGapOn('cloudwatch.alarms')));
    expect(r?.status).toBe('unknown');
    expect(r?.message).toContain('cloudwatch.alarms');
  });

  it('is unknown, not pass, when the entry points could not be listed', () => {
    const [r] = runCheck(
      check,
      withGaps(busy({ metricAlarms: [aMetricAlarm()] }), aGapOn('cloudwatch.entryPoints')),
    );
    expect(r?.status).toBe('unknown');
  });
});
