import { describe, expect, it } from 'vitest';
import { ec2InstanceCpuNotOverprovisioned as check } from '#lib/checks/ec2/ec2-instance-cpu-not-overprovisioned.js';
import type { MetricSummary } from '#lib/model/index.js';
import {
  aGapOn,
  aResourceGapOn,
  aSnapshot,
  anEc2Instance,
  anEc2MetricSummary,
  daily,
  hourly,
  runCheck,
  withGaps,
  withMetrics,
  TEST_INSTANCE_ID as ID,
} from '#test/builders/index.js';

const MB = 1_000_000;

interface Load {
  /** Hourly CPU average for day d, hour h. */
  cpu?: (day: number, hour: number) => number | null;
  /** Hourly CPU maximum. */
  cpuMax?: (day: number, hour: number) => number | null;
  /** Bytes per day, each direction. */
  netPerDirection?: (day: number) => number | null;
  omit?: ('avg' | 'max' | 'in' | 'out')[];
}

function metricsFor({
  cpu = () => 3,
  cpuMax,
  netPerDirection = () => 1 * MB,
  omit = [],
}: Load): MetricSummary[] {
  const avg = hourly(14, (h) => cpu(Math.floor(h / 24), h % 24));
  const max = hourly(14, (h) => (cpuMax ? cpuMax(Math.floor(h / 24), h % 24) : (avg[h] ?? 0) * 2));
  const all: [string, MetricSummary][] = [
    ['avg', anEc2MetricSummary(ID, 'CPUUtilization', 'Average', 3600, avg)],
    ['max', anEc2MetricSummary(ID, 'CPUUtilization', 'Maximum', 3600, max)],
    ['in', anEc2MetricSummary(ID, 'NetworkIn', 'Sum', 86400, daily(14, netPerDirection))],
    ['out', anEc2MetricSummary(ID, 'NetworkOut', 'Sum', 86400, daily(14, netPerDirection))],
  ];
  return all.filter(([k]) => !omit.includes(k as never)).map(([, m]) => m);
}

function evaluate(load: Load, thresholds: Record<string, number> = {}) {
  const snapshot = withMetrics(
    aSnapshot({ ec2: { instances: [anEc2Instance({ instanceType: 'm5.2xlarge' })] } }),
    ...metricsFor(load),
  );
  return runCheck(check, snapshot, thresholds);
}

describe('ec2-instance-cpu-not-overprovisioned', () => {
  it('fails an instance idle on CPU and network every day, with the numbers that decided it', () => {
    const [r] = evaluate({});
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1, m5.2xlarge) had daily average CPU <= 10% and network I/O <= 5 MB on 14 of the last 14 days (flagged at 4); hourly CPU peaked at 6%.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ value: 14, threshold: '>= 4 of 14', unit: 'days' }),
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'CPU utilization, p95 of hourly averages',
        value: 3,
        metric: 'AWS/EC2/CPUUtilization',
        window: '14 days, 1-hour periods',
      }),
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Network I/O (in + out), median day', value: 2, unit: 'MB' }),
    );
  });

  it('flags at exactly 4 low days and not at 3 (Trusted Advisor: 4 of 14)', () => {
    const lowOn = (n: number) => (d: number) => (d < n ? 3 : 40);
    expect(evaluate({ cpu: lowOn(4), cpuMax: () => 50 })[0]?.status).toBe('fail');
    const [r] = evaluate({ cpu: lowOn(3), cpuMax: () => 50 });
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/on 3 of the last 14 days \(flagged at 4\)\.$/);
  });

  it('passes a busy instance', () => {
    expect(evaluate({ cpu: () => 45 })[0]?.status).toBe('pass');
  });

  it('does not count days with more than 5 MB of network I/O', () => {
    const [r] = evaluate({ netPerDirection: () => 3 * MB }); // 6 MB per day in + out
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/on 0 of the last 14 days/);
  });

  it('one hourly maximum above 90% (a reboot, a patch run) does not exempt an otherwise idle instance', () => {
    const [r] = evaluate({ cpuMax: (d, h) => (d === 5 && h === 12 ? 97 : 8) });
    expect(r?.status).toBe('fail');
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'CPU utilization, p99 of hourly maxima', value: 8 }),
    );
  });

  it('is spiky (not flagged) from 4 hours above 90% in 336 (p99 of hourly maxima), flagged at 3', () => {
    const busyHours = (n: number) => (d: number, h: number) => (d === 5 && h < n ? 97 : 8);
    const [spiky] = evaluate({ cpuMax: busyHours(4) });
    expect(spiky?.status).toBe('pass');
    expect(spiky?.message).toMatch(
      /p99 of hourly CPU maxima is 97% \(above 90%\): spiky, so not downsized on the average alone\.$/,
    );
    expect(evaluate({ cpuMax: busyHours(3) })[0]?.status).toBe('fail');
  });

  it('is unknown with fewer than 30 hours of CPU data (Compute Optimizer minimum)', () => {
    const [r] = evaluate({ cpu: (d, h) => (d === 13 && h < 20 ? 3 : null) });
    expect(r?.status).toBe('unknown');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1, m5.2xlarge): 20 hourly CPU datapoints in the window, fewer than the 30 hours needed.',
    );
  });

  it.each([
    [['avg'], /no hourly CPU datapoints in the window \(30 hours needed\)/],
    [['max'], /spikes cannot be ruled out/],
    [['in'], /network I\/O cannot be judged/],
  ] as const)('is unknown when the %j series is missing', (omit, message) => {
    const [r] = evaluate({ omit: [...omit] });
    expect(r?.status).toBe('unknown');
    expect(r?.message).toMatch(message);
  });

  it('never counts a day without network data as low', () => {
    const [r] = evaluate({ netPerDirection: (d) => (d < 11 ? null : 1 * MB) });
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/on 3 of the last 14 days/);
  });

  it('honours threshold overrides', () => {
    expect(evaluate({}, { lowCpuPercent: 2 })[0]?.status).toBe('pass');
    expect(evaluate({}, { minDays: 15 })[0]?.status).toBe('pass');
    expect(evaluate({ netPerDirection: () => 3 * MB }, { lowNetworkMB: 10 })[0]?.status).toBe('fail');
    expect(evaluate({ cpuMax: () => 50 }, { spikyMaxPercent: 40 })[0]?.status).toBe('pass');
    expect(
      evaluate({ cpu: (d, h) => (d === 13 && h < 20 ? 3 : null) }, { minHours: 10, minDays: 1 })[0]?.status,
    ).toBe('fail');
  });

  it('turns a would-be pass into unknown when a metric gap names the instance', () => {
    const snapshot = withGaps(
      withMetrics(aSnapshot({ ec2: { instances: [anEc2Instance()] } }), ...metricsFor({ cpu: () => 45 })),
      aResourceGapOn('metrics', [ID], { code: 'Throttled' }),
    );
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toMatch(/but data is missing \(metrics: Throttled\), so this cannot be confirmed\.$/);
  });

  it('is unknown unit-wide when the metrics are missing as a whole', () => {
    const snapshot = withGaps(
      withMetrics(aSnapshot({ ec2: { instances: [anEc2Instance()] } }), ...metricsFor({ cpu: () => 45 })),
      aGapOn('metrics', { code: 'AccessDenied' }),
    );
    expect(runCheck(check, snapshot)).toEqual([
      expect.objectContaining({ status: 'unknown', resourceId: '*' }),
    ]);
  });
});
