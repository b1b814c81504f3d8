/**
 * Kills the mutants the rds-instance-cpu-not-saturated suite left alive (npm run mutation; docs/testing.md): the
 * full evidence of a pass and a fail, the highest day (not the lowest), both sides of the 90% day and the
 * 30-datapoint thresholds, days without a value, and a series without daily averages.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstanceCpuNotSaturated as check } from '#lib/checks/rds/rds-instance-cpu-not-saturated.js';
import type { MetricSummary } from '#lib/model/index.js';
import {
  aSnapshot,
  anRdsInstance,
  anRdsMetricSummary,
  hourly,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';

const ID = 'orders-db';
const BASE = {
  resourceType: 'AWS::RDS::DBInstance',
  resourceId: ID,
  resourceArn: `arn:aws:rds:eu-west-1:123456789012:db:${ID}`,
  resourceName: ID,
};
/** Hourly CPU Average, `byDay(dayIndex)` all day; hours from `hours` on are missing. */
const cpu = (byDay: (d: number) => number, hours = 14 * 24) =>
  anRdsMetricSummary(
    ID,
    'CPUUtilization',
    'Average',
    3600,
    hourly(14, (h) => (h < hours ? byDay(Math.floor(h / 24)) : null)),
  );
const run = (summary: MetricSummary, thresholds: Record<string, number> = {}) =>
  runCheck(check, withMetrics(aSnapshot({ rds: { instances: [anRdsInstance()] } }), summary), thresholds);
const evidence = (hot: number, days: number, highest: number) => [
  {
    label: 'Days with average CPU above 90%',
    value: hot,
    unit: 'days',
    metric: 'AWS/RDS/CPUUtilization',
    statistic: 'daily mean of hourly Average',
    window: '14 days, 1-hour periods',
    threshold: `< 4 of ${days}`,
    source: 'Trusted Advisor ZRxQlPsb6c rule',
  },
  { label: 'Highest daily average CPU', value: highest, unit: 'Percent', metric: 'AWS/RDS/CPUUtilization' },
];
const unknown = (message: string, hours: number) => [
  {
    ...BASE,
    status: 'unknown',
    message,
    evidence: [
      { label: 'Hourly CPU datapoints', value: hours, metric: 'AWS/RDS/CPUUtilization', threshold: '>= 30' },
    ],
  },
];

describe('rds-instance-cpu-not-saturated (mutation kills)', () => {
  it('pass: the full result, the highest daily average as evidence', () => {
    expect(run(cpu((d) => 50 + d))).toEqual([
      {
        ...BASE,
        status: 'pass',
        message:
          'orders-db (db.m6g.large): daily average CPU above 90% on 0 of the last 14 days (flagged at 4).',
        evidence: evidence(0, 14, 63),
      },
    ]);
  });

  it('fail: the full result', () => {
    expect(run(cpu((d) => (d < 4 ? 95 + d : 40)))).toEqual([
      {
        ...BASE,
        status: 'fail',
        message:
          'orders-db (db.m6g.large) is saturated: daily average CPU above 90% on 4 of the last 14 days (flagged at 4).',
        evidence: evidence(4, 14, 98),
      },
    ]);
  });

  it('a day at exactly 90% is not saturated, 90.1% is', () => {
    expect(run(cpu((d) => (d < 4 ? 90 : 40)))[0]?.status).toBe('pass');
    expect(run(cpu((d) => (d < 4 ? 90.1 : 40)))[0]?.status).toBe('fail');
  });

  it('fewer than 30 hourly datapoints is unknown; exactly 30 is judged (on the days they cover)', () => {
    expect(run(cpu(() => 95, 29))).toEqual(
      unknown(
        'orders-db (db.m6g.large): 29 hourly CPU datapoints in the window, fewer than the 30 needed.',
        29,
      ),
    );
    expect(run(cpu(() => 95, 30))[0]?.message).toBe(
      'orders-db (db.m6g.large): daily average CPU above 90% on 2 of the last 2 days (flagged at 4).',
    );
  });

  it('days without a value do not count as days', () => {
    const s = cpu((d) => (d < 4 ? 95 : 40));
    // A NaN day mean stored as JSON comes back as null.
    const withNull = { ...s, dailyMeans: [null, ...(s.dailyMeans ?? []).slice(1)] as unknown as number[] };
    expect(run(withNull)[0]?.message).toBe(
      'orders-db (db.m6g.large): daily average CPU above 90% on 3 of the last 13 days (flagged at 4).',
    );
  });

  it('a series with datapoints but no daily averages is unknown, and says so', () => {
    const s = { ...cpu(() => 95), dailyMeans: undefined };
    expect(run(s)).toEqual(
      unknown(
        'orders-db (db.m6g.large): the hourly CPU series has 336 datapoints but no daily averages, so saturated days cannot be counted.',
        336,
      ),
    );
    expect(run({ ...s, datapoints: 30 })[0]?.message).toMatch(/has 30 datapoints but no daily averages/);
  });
});
