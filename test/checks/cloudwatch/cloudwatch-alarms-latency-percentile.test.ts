import { describe, expect, it } from 'vitest';
import { cloudwatchAlarmsLatencyPercentile as check } from '#lib/checks/cloudwatch/cloudwatch-alarms-latency-percentile.js';
import {
  aCompositeAlarm,
  aGapOn,
  aMetricAlarm,
  aSnapshot,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { CloudWatchSlice } from '#lib/model/index.js';

const evaluate = (slice: Partial<CloudWatchSlice>, thresholds: Record<string, number> = {}) =>
  runCheck(check, aSnapshot({ cloudwatch: slice }), thresholds);

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

  it('is unknown, not fail, when the alarm list has a gap', () => {
    const [r] = runCheck(check, withGaps(aSnapshot(), aGapOn('cloudwatch.alarms')));
    expect(r?.status).toBe('unknown');
    expect(r?.message).toContain('cloudwatch.alarms');
  });
});
