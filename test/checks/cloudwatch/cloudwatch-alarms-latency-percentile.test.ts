import { describe, expect, it } from 'vitest';
import { cloudwatchAlarmsLatencyPercentile as check } from '#lib/checks/cloudwatch/cloudwatch-alarms-latency-percentile.js';
import {
  aCompositeAlarm,
  aGapOn,
  aMetricAlarm,
  aSnapshot,
  anEc2Instance,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { CloudWatchSlice } from '#lib/model/index.js';

/** A region with one running instance: something to monitor. */
const busy = (slice: Partial<CloudWatchSlice> = {}) =>
  aSnapshot({ cloudwatch: slice, ec2: { instances: [anEc2Instance()] } });
const evaluate = (slice: Partial<CloudWatchSlice>, thresholds: Record<string, number> = {}) =>
  runCheck(check, busy(slice), thresholds);

describe('cloudwatch-alarms-latency-percentile', () => {
  it('passes one unit-wide result when a latency alarm alerts on p99', () => {
    const results = evaluate({ metricAlarms: [aMetricAlarm()] });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'pass',
      resourceId: '*',
      resourceType: 'AWS::CloudWatch::Alarm',
    });
    expect(results[0]?.message).toBe(
      '1 latency alarm(s) alert on p95 or higher, e.g. web-latency-p99 (p99).',
    );
  });

  it('fails when latency alarms use averages only', () => {
    const [r] = evaluate({
      metricAlarms: [
        aMetricAlarm({ name: 'avg', extendedStatistic: undefined, statistic: 'Average' }),
        aMetricAlarm({ name: 'cpu', metricName: 'CPUUtilization', extendedStatistic: 'p99' }),
      ],
    });
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'No latency alarm alerts on p95 or higher: 1 latency alarm(s), 1 on simple statistics.',
    );
  });

  it('does not count a percentile alarm that notifies nobody, unless a composite alarm uses it', () => {
    const silent = aMetricAlarm({ hasActions: false });
    const [r] = evaluate({ metricAlarms: [silent] });
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('1 percentile alarm(s) without actions');
    expect(evaluate({ metricAlarms: [silent], compositeAlarms: [aCompositeAlarm()] })[0]?.status).toBe(
      'pass',
    );
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

  it('fails a region with workloads and no alarm at all', () => {
    const [r] = evaluate({ metricAlarms: [] });
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe('No metric alarm is defined in this region, so no latency alarm either.');
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
});
