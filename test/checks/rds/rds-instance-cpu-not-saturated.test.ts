import { describe, expect, it } from 'vitest';
import { rdsInstanceCpuNotSaturated as check } from '#lib/checks/rds/rds-instance-cpu-not-saturated.js';
import {
  aGapOn,
  aSnapshot,
  anRdsInstance,
  anRdsMetricSummary,
  hourly,
  runCheck,
  withGaps,
  withMetrics,
} from '#test/builders/index.js';

/** Hourly CPU: 95% on the first `hotDays` days, 50% otherwise. */
const cpu = (hotDays: number) =>
  anRdsMetricSummary(
    'orders-db',
    'CPUUtilization',
    'Average',
    3600,
    hourly(14, (h) => (Math.floor(h / 24) < hotDays ? 95 : 50)),
  );
const evaluate = (hotDays: number, thresholds: Record<string, number> = {}) =>
  runCheck(
    check,
    withMetrics(aSnapshot({ rds: { instances: [anRdsInstance()] } }), cpu(hotDays)),
    thresholds,
  )[0];

describe('rds-instance-cpu-not-saturated', () => {
  it('fails above 90% daily average on 4 or more of 14 days', () => {
    const r = evaluate(5);
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'orders-db (db.m6g.large) is saturated: daily average CPU above 90% on 5 of the last 14 days (flagged at 4).',
    );
    expect(r?.evidence[0]).toMatchObject({
      value: 5,
      threshold: '< 4 of 14',
      source: 'Trusted Advisor ZRxQlPsb6c rule',
    });
  });

  it('passes with 3 hot days, and fails them once minDays is 3', () => {
    expect(evaluate(3)?.status).toBe('pass');
    expect(evaluate(3, { minDays: 3 })?.status).toBe('fail');
  });

  it('is unknown without CPU data, and never passes under a metrics gap', () => {
    expect(runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance()] } }))[0]?.status).toBe('unknown');
    const gapped = withGaps(
      withMetrics(aSnapshot({ rds: { instances: [anRdsInstance()] } }), cpu(0)),
      aGapOn('metrics'),
    );
    expect(runCheck(check, gapped)[0]?.status).toBe('unknown');
  });

  it('skips stopped instances', () => {
    expect(
      runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance({ status: 'stopped' })] } })),
    ).toEqual([]);
  });
});
