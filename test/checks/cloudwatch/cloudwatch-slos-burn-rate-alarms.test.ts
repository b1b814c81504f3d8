import { describe, expect, it } from 'vitest';
import { cloudwatchSlosBurnRateAlarms as check } from '#lib/checks/cloudwatch/cloudwatch-slos-burn-rate-alarms.js';
import {
  aBurnRateAlarm,
  aGapOn,
  aMetricAlarm,
  aServiceLevelObjective,
  aSnapshot,
  aScalableTarget,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { CloudWatchSlice } from '#lib/model/index.js';

/** A region with an ECS service under Application Auto Scaling: something that could have an SLO. */
const busy = (slice: Partial<CloudWatchSlice>) =>
  aSnapshot({ cloudwatch: slice, autoscaling: { scalableTargets: [aScalableTarget()] } });
const evaluate = (slice: Partial<CloudWatchSlice>) => runCheck(check, busy(slice));

describe('cloudwatch-slos-burn-rate-alarms', () => {
  it('passes an SLO with a BurnRate alarm naming it, and fails one without', () => {
    const results = evaluate({
      slos: [aServiceLevelObjective(), aServiceLevelObjective({ name: 'search-availability' })],
      metricAlarms: [aBurnRateAlarm('checkout-latency')],
    });
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['checkout-latency', 'pass'],
      ['search-availability', 'fail'],
    ]);
    expect(results[1]?.message).toBe(
      'SLO search-availability has no burn-rate alarm (burn-rate windows 5, 60 min are configured but nothing alarms on them).',
    );
  });

  it('never takes an alarm for a burn-rate alarm by its name, and ties math to the SLO it reads', () => {
    const named = aMetricAlarm({
      name: 'checkout burn rate',
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: 'i-1' },
    });
    expect(evaluate({ slos: [aServiceLevelObjective()], metricAlarms: [named] })[0]?.status).toBe('fail');
    const math = aMetricAlarm({
      name: 'fast burn',
      namespace: undefined,
      metricName: undefined,
      metricMath: true,
      dimensions: {},
      expressions: ['(f / r) / (1 - 0.999)'],
      metrics: [
        {
          namespace: 'ApplicationSignals',
          metricName: 'Fault',
          dimensions: { Service: 'checkout' },
          stat: 'Sum',
        },
        {
          namespace: 'ApplicationSignals',
          metricName: 'Latency',
          dimensions: { Service: 'checkout' },
          stat: 'SampleCount',
        },
      ],
    });
    const slo = aServiceLevelObjective({ service: 'checkout' });
    expect(evaluate({ slos: [slo], metricAlarms: [math] })[0]?.status).toBe('pass');
    // The same math over another service's metrics does not cover this SLO.
    expect(
      evaluate({ slos: [aServiceLevelObjective({ service: 'search' })], metricAlarms: [math] })[0]?.status,
    ).toBe('fail');
  });

  it('counts only alerting burn-rate alarms', () => {
    const silent = aBurnRateAlarm('checkout-latency', { hasActions: false });
    expect(evaluate({ slos: [aServiceLevelObjective()], metricAlarms: [silent] })[0]?.status).toBe('fail');
  });

  it('fails one unit-wide result when no SLO exists', () => {
    const results = evaluate({ slos: [], metricAlarms: [aMetricAlarm()] });
    expect(results).toEqual([
      expect.objectContaining({
        status: 'fail',
        resourceId: '*',
        message: 'No service level objective is defined (Application Signals); 0 burn-rate alarm(s) found.',
      }),
    ]);
  });

  it('does not apply when the region runs no workload, but still judges SLOs that exist there', () => {
    const [none] = runCheck(check, aSnapshot({ cloudwatch: { slos: [] } }));
    expect(none?.status).toBe('pass');
    expect(none?.message).toMatch(/^Not applicable: no workloads in this region/);
    const [orphan] = runCheck(check, aSnapshot({ cloudwatch: { slos: [aServiceLevelObjective()] } }));
    expect(orphan?.status).toBe('fail');
  });

  it('is unknown when SLOs were not collected (slos undefined), or the alarm list has a gap', () => {
    const [r] = evaluate({ slos: undefined });
    expect(r?.status).toBe('unknown');
    expect(r?.message).toContain('were not collected');
    const gapped = withGaps(busy({ slos: [aServiceLevelObjective()] }), aGapOn('cloudwatch.alarms'));
    expect(runCheck(check, gapped)[0]?.status).toBe('unknown');
  });
});
