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

  it('counts a burn-rate alarm that cannot be tied to one SLO (metric math) for every SLO', () => {
    const math = aMetricAlarm({
      name: 'checkout burn rate',
      burnRate: true,
      metricMath: true,
      dimensions: {},
    });
    expect(evaluate({ slos: [aServiceLevelObjective()], metricAlarms: [math] })[0]?.status).toBe('pass');
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
