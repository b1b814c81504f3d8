import { describe, expect, it } from 'vitest';
import { ebsVolumeBurstBalanceHealthy as check } from '#lib/checks/ebs/ebs-volume-burst-balance-healthy.js';
import type { EbsVolume, MetricSummary } from '#lib/model/index.js';
import {
  aGapOn,
  aSnapshot,
  anEbsMetricSummary,
  anEbsVolume,
  hourly,
  runCheck,
  withGaps,
  withMetrics,
  TEST_VOLUME_ID as ID,
} from '#test/builders/index.js';

const gp2 = (extra: Partial<EbsVolume> = {}) =>
  anEbsVolume({ volumeType: 'gp2', sizeGiB: 100, iops: 300, throughputMiBps: undefined, ...extra });
/** Hourly BurstBalance from fn(day, hour). */
const balance = (fn: (day: number, hour: number) => number | null, stat = 'Minimum') =>
  anEbsMetricSummary(
    ID,
    'BurstBalance',
    stat,
    3600,
    hourly(14, (h) => fn(Math.floor(h / 24), h % 24)),
  );

function evaluate(volume: EbsVolume, metrics: MetricSummary[], thresholds: Record<string, number> = {}) {
  return runCheck(check, withMetrics(aSnapshot({ ebs: { volumes: [volume] } }), ...metrics), thresholds);
}

describe('ebs-volume-burst-balance-healthy', () => {
  it('fails a gp2 volume whose burst balance drains, with both reasons and the baseline it falls to', () => {
    const [r] = evaluate(gp2(), [balance((d) => 100 - d * 7)]);
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'vol-0123456789abcdef0 (data-1, gp2, 100 GiB): BurstBalance fell to 9% (below 20%) and it dropped 91 points in the window (more than 50); daily mean went from 100% on the first day to 9% on the last; at 0% it is throttled to its 300 IOPS baseline.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'BurstBalance, lowest',
        value: 9,
        metric: 'AWS/EBS/BurstBalance',
        threshold: '>= 20',
      }),
    );
  });

  it('fails on the trend alone, and on the minimum alone', () => {
    const trend = evaluate(gp2(), [balance((d) => 100 - d * 4.5)])[0];
    expect(trend?.status).toBe('fail');
    expect(trend?.message).toMatch(/: it dropped 58\.5 points in the window \(more than 50\)/);
    const dip = evaluate(gp2(), [balance((d, h) => (d === 6 && h === 3 ? 12 : 95))])[0];
    expect(dip?.status).toBe('fail');
    expect(dip?.message).toMatch(/BurstBalance fell to 12% \(below 20%\); daily mean/);
  });

  it('passes a volume that keeps its credits', () => {
    const [r] = evaluate(gp2(), [balance(() => 98)]);
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'vol-0123456789abcdef0 (data-1, gp2, 100 GiB) kept BurstBalance at or above 20% (lowest 98%); daily mean went from 98% on the first day to 98% on the last.',
    );
  });

  it('uses an Average series when no Minimum series was fetched, and covers st1', () => {
    const [r] = evaluate(gp2({ volumeType: 'st1', sizeGiB: 500 }), [balance(() => 10, 'Average')]);
    expect(r?.status).toBe('fail');
    expect(r?.evidence[0]).toMatchObject({ statistic: 'Average (lowest hour)' });
  });

  it('is unknown without BurstBalance datapoints', () => {
    expect(evaluate(gp2(), [])[0]).toMatchObject({
      status: 'unknown',
      message:
        'vol-0123456789abcdef0 (data-1, gp2, 100 GiB): no BurstBalance datapoints in the 14-day window.',
    });
    expect(evaluate(gp2(), [balance(() => null)])[0]?.status).toBe('unknown');
  });

  it('passes gp2 volumes of 1,000 GiB or more, which never spend credits', () => {
    const [r] = evaluate(gp2({ sizeGiB: 1000 }), []);
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(
      /3,000 IOPS baseline, at or above the 3,000 IOPS burst, so it never spends burst credits\.$/,
    );
  });

  it('ignores detached volumes and non-bursting types', () => {
    expect(evaluate(gp2({ state: 'available', attachments: [] }), [])).toEqual([]);
    expect(evaluate(anEbsVolume(), [])).toEqual([]);
  });

  it('honours threshold overrides', () => {
    const draining = [balance((d) => 100 - d * 7)];
    expect(evaluate(gp2(), draining, { minBurstBalancePercent: 5, trendDropPoints: 95 })[0]?.status).toBe(
      'pass',
    );
    expect(evaluate(gp2(), [balance(() => 98)], { minBurstBalancePercent: 99 })[0]?.status).toBe('fail');
  });

  it('never passes with a metrics gap', () => {
    const snapshot = withGaps(
      withMetrics(
        aSnapshot({ ebs: { volumes: [gp2()] } }),
        balance(() => 98),
      ),
      aGapOn('metrics'),
    );
    expect(runCheck(check, snapshot)[0]?.status).toBe('unknown');
  });
});
