import { describe, expect, it } from 'vitest';
import { ec2InstanceCpuNotSaturated as check } from '#lib/checks/ec2/ec2-instance-cpu-not-saturated.js';
import {
  aGapOn,
  aSnapshot,
  anEc2Instance,
  anEc2MetricSummary,
  anInstanceType,
  hourly,
  instanceTypesOf,
  runCheck,
  withGaps,
  withMetrics,
  TEST_INSTANCE_ID as ID,
} from '#test/builders/index.js';

/** Hourly CPU averages: `hot` on the first `hotDays` days, 50% otherwise. */
function cpu(hotDays: number, hot = 95) {
  return anEc2MetricSummary(
    ID,
    'CPUUtilization',
    'Average',
    3600,
    hourly(14, (h) => (Math.floor(h / 24) < hotDays ? hot : 50)),
  );
}

function evaluate(instanceType: string, metric = cpu(5), thresholds: Record<string, number> = {}) {
  const snapshot = withMetrics(
    aSnapshot({
      ec2: {
        instances: [anEc2Instance({ instanceType })],
        instanceTypes: instanceTypesOf(
          anInstanceType({ instanceType, burstable: instanceType.startsWith('t') }),
        ),
      },
    }),
    metric,
  );
  return runCheck(check, snapshot, thresholds);
}

describe('ec2-instance-cpu-not-saturated', () => {
  it('fails an instance above 90% daily average CPU on 4 or more days, with the p95 of hourly averages', () => {
    const [r] = evaluate('c5.large');
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1, c5.large) had daily average CPU above 90% on 5 of the last 14 days (p95 of hourly averages 95%).',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'CPU utilization, p95 of hourly averages',
        value: 95,
        unit: 'Percent',
      }),
    );
    expect(r?.evidence).toContainEqual(expect.objectContaining({ value: 5, threshold: '>= 4 of 14' }));
  });

  it('adds the burstable note for a T instance', () => {
    const [r] = evaluate('t3.medium');
    expect(r?.status).toBe('fail');
    expect(r?.message).toMatch(
      /t3\.medium is burstable: sustained CPU above its baseline spends CPU credits/,
    );
    expect(r?.impact).toMatch(/fixed-performance type/);
  });

  it('passes below the day count', () => {
    const [r] = evaluate('c5.large', cpu(3));
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/on 3 of the last 14 days \(p95 of hourly averages 95%\); flagged at 4\.$/);
  });

  it('is unknown without CPU data or with fewer than 30 hours', () => {
    const none = aSnapshot({ ec2: { instances: [anEc2Instance()] } });
    expect(runCheck(check, none)[0]).toMatchObject({
      status: 'unknown',
      message: expect.stringMatching(/no hourly CPU datapoints in the window \(30 hours needed\)\.$/),
    });
    const sparse = anEc2MetricSummary(
      ID,
      'CPUUtilization',
      'Average',
      3600,
      hourly(14, (h) => (h < 29 ? 99 : null)),
    );
    const [r] = evaluate('c5.large', sparse);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toMatch(/29 hourly CPU datapoints in the window, fewer than the 30 hours needed\.$/);
  });

  it('honours threshold overrides', () => {
    expect(evaluate('c5.large', cpu(5, 85))[0]?.status).toBe('pass');
    expect(evaluate('c5.large', cpu(5, 85), { highCpuPercent: 80 })[0]?.status).toBe('fail');
    expect(evaluate('c5.large', cpu(5), { minDays: 6 })[0]?.status).toBe('pass');
  });

  it('never passes with a metrics gap', () => {
    const snapshot = withGaps(
      withMetrics(aSnapshot({ ec2: { instances: [anEc2Instance()] } }), cpu(0)),
      aGapOn('metrics'),
    );
    expect(runCheck(check, snapshot)[0]?.status).toBe('unknown');
  });
});
