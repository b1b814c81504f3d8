import { describe, expect, it } from 'vitest';
import { autoscalingGroupPredictiveScalingCyclic as check } from '#lib/checks/autoscaling/autoscaling-group-predictive-scaling-cyclic.js';
import {
  aGapOn,
  aScalingPolicy,
  aScheduledAction,
  aSnapshot,
  anAsgCpuSummary,
  anAutoScalingGroup,
  hourly,
  runCheck,
  withGaps,
  withMetrics,
} from '#test/builders/index.js';
import type { AutoScalingSlice, MetricSummary } from '#lib/model/index.js';

const NAME = 'web-asg';
/** 5-minute samples per instance per hour: the hourly Sum of a group is average x instances x 12. */
const SAMPLES = 12;
/** The hourly Average and Sum of a group from an average CPU and an instance count per hour. */
const group = (avg: (h: number) => number | null, instances: (h: number) => number, days = 14) => [
  anAsgCpuSummary(NAME, hourly(days, avg)),
  anAsgCpuSummary(
    NAME,
    hourly(days, (h) => {
      const a = avg(h);
      return a === null ? null : a * instances(h) * SAMPLES;
    }),
    'Sum',
  ),
];
const office = (h: number) => h % 24 >= 8 && h % 24 < 18;
/** Business hours (08-18 UTC) at `peak`%, 15% otherwise, on a fixed 4 instances, for `days` days. */
const cyclic = (peak = 70, days = 14) =>
  group(
    (h) => (office(h) ? peak : 15),
    () => 4,
    days,
  );
/** Flat 40% with a small wobble on 4 instances. */
const flat = group(
  (h) => 40 + (h % 3),
  () => 4,
);

function evaluate(
  cpu: MetricSummary[] | undefined,
  slice: Partial<AutoScalingSlice> = {},
  thresholds: Record<string, number> = {},
) {
  const snapshot = aSnapshot({
    autoscaling: { groups: [anAutoScalingGroup()], policies: [aScalingPolicy()], ...slice },
  });
  return runCheck(check, cpu ? withMetrics(snapshot, ...cpu) : snapshot, thresholds)[0];
}

describe('autoscaling-group-predictive-scaling-cyclic', () => {
  it('fails a group with a daily cycle and no predictive policy', () => {
    const r = evaluate(cyclic());
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'web-asg has a daily load cycle on 14 of 14 days (median peak hour of total CPU 1.8x the daily mean) and no predictive scaling policy.',
    );
    expect(r?.evidence[0]).toMatchObject({ value: 14, threshold: '>= 80% of 14 days (ratio 1.5, peak 30%)' });
  });

  it('passes a cyclic group with predictive scaling that scales, and fails (low) one that only forecasts', () => {
    const scaling = evaluate(cyclic(), {
      policies: [
        aScalingPolicy({
          policyName: 'predict',
          policyType: 'PredictiveScaling',
          predictiveMode: 'ForecastAndScale',
        }),
      ],
    });
    expect(scaling?.status).toBe('pass');
    const forecastOnly = evaluate(cyclic(), {
      policies: [
        aScalingPolicy({
          policyName: 'predict',
          policyType: 'PredictiveScaling',
          predictiveMode: 'ForecastOnly',
        }),
      ],
    });
    expect(forecastOnly).toMatchObject({ status: 'fail', severity: 'low' });
  });

  it('lowers the severity when recurring scheduled actions cover the cycle by hand', () => {
    const r = evaluate(cyclic(), { scheduledActions: [aScheduledAction()] });
    expect(r).toMatchObject({ status: 'fail', severity: 'low' });
  });

  it('passes flat load and a cycle whose peak stays low', () => {
    expect(evaluate(flat)?.status).toBe('pass');
    expect(evaluate(cyclic(25))?.message).toBe(
      'web-asg has no daily load cycle: 0 of 14 days cycle (median peak hour of total CPU 1.3x the daily mean), fewer than 80%.',
    );
  });

  it('finds the cycle in the total CPU of a target-tracking group whose average is held flat', () => {
    // Target tracking keeps the average at ~50% by running 2 instances at night and 8 in office hours:
    // the average is flat (the old rule read it and passed the group), the total load cycles 4x.
    const tracked = group(
      (h) => 48 + (h % 4),
      (h) => (office(h) ? 8 : 2),
    );
    const r = evaluate(tracked);
    expect(r?.status).toBe('fail');
    expect(r?.evidence[0]).toMatchObject({ value: 14, statistic: expect.stringContaining('Sum') });
  });

  it('is unknown without the total (Sum) series: the average alone cannot tell', () => {
    const [avg] = cyclic();
    const r = evaluate(avg ? [avg] : []);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toBe(
      'web-asg: hourly group CPU cannot judge a daily cycle: the total (Sum) series is missing.',
    );
  });

  it('honours thresholds: a 2x ratio makes the 1.8x cycle non-cyclic', () => {
    expect(evaluate(cyclic(), {}, { peakToMeanRatio: 2 })?.status).toBe('pass');
  });

  it('is unknown with fewer than 7 days of data, without the series, or when the policy list has a gap', () => {
    const short = evaluate(cyclic(70, 5));
    expect(short?.status).toBe('unknown');
    expect(short?.message).toBe(
      'web-asg: 5 days of hourly group CPU, fewer than the 7 needed to judge a daily cycle.',
    );
    expect(evaluate(undefined)?.status).toBe('unknown');
    const gapped = withGaps(
      withMetrics(aSnapshot({ autoscaling: { groups: [anAutoScalingGroup()] } }), ...cyclic()),
      aGapOn('autoscaling.policies'),
    );
    expect(runCheck(check, gapped)[0]?.status).toBe('unknown');
  });
});
