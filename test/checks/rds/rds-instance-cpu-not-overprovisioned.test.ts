import { describe, expect, it } from 'vitest';
import { rdsInstanceCpuNotOverprovisioned as check } from '#lib/checks/rds/rds-instance-cpu-not-overprovisioned.js';
import {
  aSnapshot,
  anRdsInstance,
  anRdsMetricSummary,
  hourly,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';

const ID = 'orders-db';
const avg = (fn: (h: number) => number | null) =>
  anRdsMetricSummary(ID, 'CPUUtilization', 'Average', 3600, hourly(14, fn));
const max = (fn: (h: number) => number | null) =>
  anRdsMetricSummary(ID, 'CPUUtilization', 'Maximum', 3600, hourly(14, fn));

function evaluate(opts: {
  cls?: string;
  average?: ReturnType<typeof avg>;
  maximum?: ReturnType<typeof max> | null;
  thresholds?: Record<string, number>;
}) {
  const summaries = [
    opts.average ?? avg(() => 5),
    ...(opts.maximum === null ? [] : [opts.maximum ?? max(() => 30)]),
  ];
  const snapshot = withMetrics(
    aSnapshot({ rds: { instances: [anRdsInstance({ dbInstanceClass: opts.cls ?? 'db.r6g.2xlarge' })] } }),
    ...summaries,
  );
  return runCheck(check, snapshot, opts.thresholds)[0];
}

describe('rds-instance-cpu-not-overprovisioned', () => {
  it('fails when even the busy hours stay under 10% and nothing spikes', () => {
    const r = evaluate({});
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'orders-db (db.r6g.2xlarge) is over-provisioned: p95 of hourly CPU 5% and hourly peak 30% over 14 days (flagged when the p95 is below 10% and the peak below 90%).',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'CPU utilization, p95 of hourly averages',
        value: 5,
        statistic: 'p95 of hourly Average',
        window: '14 days, 1-hour periods',
      }),
    );
  });

  it('passes a busy instance, a spiky one and the smallest class', () => {
    expect(evaluate({ average: avg((h) => (h % 24 >= 9 && h % 24 < 18 ? 60 : 5)) })?.status).toBe('pass');
    const spiky = evaluate({ maximum: max(() => 95) });
    expect(spiky?.status).toBe('pass');
    expect(spiky?.message).toContain('spiky');
    expect(evaluate({ cls: 'db.t4g.micro' })?.message).toContain('already the smallest size');
  });

  it('honours a lower threshold', () => {
    expect(evaluate({ thresholds: { lowP95Percent: 4 } })?.status).toBe('pass');
  });

  it('is unknown with fewer than 30 hourly datapoints or without the Maximum series', () => {
    const short = evaluate({ average: avg((h) => (h < 20 ? 5 : null)) });
    expect(short?.status).toBe('unknown');
    expect(short?.message).toBe(
      'orders-db (db.r6g.2xlarge): 20 hourly CPU datapoints in the window, fewer than the 30 needed.',
    );
    expect(evaluate({ maximum: null })?.status).toBe('unknown');
  });
});
