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
/** Business hours (08-18 UTC) at `peak`%, 15% otherwise, for `days` days. */
const cyclic = (peak = 70, days = 14) =>
  anAsgCpuSummary(
    NAME,
    hourly(days, (h) => (h % 24 >= 8 && h % 24 < 18 ? peak : 15)),
  );
/** Flat 40% with a small wobble. */
const flat = anAsgCpuSummary(
  NAME,
  hourly(14, (h) => 40 + (h % 3)),
);

function evaluate(
  cpu: MetricSummary | undefined,
  slice: Partial<AutoScalingSlice> = {},
  thresholds: Record<string, number> = {},
) {
  const snapshot = aSnapshot({
    autoscaling: { groups: [anAutoScalingGroup()], policies: [aScalingPolicy()], ...slice },
  });
  return runCheck(check, cpu ? withMetrics(snapshot, cpu) : snapshot, thresholds)[0];
}

describe('autoscaling-group-predictive-scaling-cyclic', () => {
  it('fails a group with a daily cycle and no predictive policy', () => {
    const r = evaluate(cyclic());
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'web-asg has a daily load cycle on 14 of 14 days (median peak hour 1.8x the daily mean) and no predictive scaling policy.',
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
      'web-asg has no daily load cycle: 0 of 14 days cycle (median peak hour 1.3x the daily mean), fewer than 80%.',
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
      withMetrics(aSnapshot({ autoscaling: { groups: [anAutoScalingGroup()] } }), cyclic()),
      aGapOn('autoscaling.policies'),
    );
    expect(runCheck(check, gapped)[0]?.status).toBe('unknown');
  });
});
