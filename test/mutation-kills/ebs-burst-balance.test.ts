/**
 * The ebs-volume-burst-balance-healthy mutants left alive by the 2026-12-05 runs (docs/testing.md,
 * "Surviving mutants"): a missing last day must read as no value (null) in the evidence, not NaN, and the
 * "1,000 GiB never bursts" rule is gp2's alone (st1 and sc1 burst at every size).
 */
import { describe, expect, it } from 'vitest';
import { ebsVolumeBurstBalanceHealthy as burstBalance } from '#lib/checks/ebs/ebs-volume-burst-balance-healthy.js';
import type { EbsVolume, MetricSummary } from '#lib/model/index.js';
import {
  aMetricSummary,
  aSnapshot,
  anEbsVolume,
  runCheck,
  withMetrics,
  TEST_VOLUME_ID as ID,
} from '#test/builders/index.js';

const burst = (m: Partial<MetricSummary>) =>
  aMetricSummary({
    namespace: 'AWS/EBS',
    metricName: 'BurstBalance',
    dimensions: { VolumeId: ID },
    stat: 'Minimum',
    ...m,
  });
const check = (v: Partial<EbsVolume>, ...metrics: MetricSummary[]) =>
  runCheck(burstBalance, withMetrics(aSnapshot({ ebs: { volumes: [anEbsVolume(v)] } }), ...metrics));

describe('ebs-volume-burst-balance-healthy: survivors of the 2026-12-05 run', () => {
  it('without a last day, the last-day mean and the drop are null in the evidence (not NaN)', () => {
    const [r] = check({ volumeType: 'gp2' }, burst({ min: 5, first: 100, last: undefined }));
    expect(r?.status).toBe('fail');
    expect(r?.evidence.map((e) => [e.label, e.value])).toEqual([
      ['BurstBalance, lowest', 5],
      ['BurstBalance, first day mean', 100],
      ['BurstBalance, last day mean', null],
      ['BurstBalance drop, first to last day', null],
      ['Datapoints', r?.evidence[4]?.value],
    ]);
    expect(r?.evidence[4]?.value).toEqual(expect.any(Number));
  });

  it('an st1 or sc1 volume of 1,000 GiB and more still bursts: judged on its BurstBalance', () => {
    for (const volumeType of ['st1', 'sc1']) {
      const [r] = check({ volumeType, sizeGiB: 2000 }, burst({ min: 5, first: 60, last: 40 }));
      expect(r?.status).toBe('fail');
      expect(r?.message).toMatch(
        /^vol-0123456789abcdef0 \(data-1, (st1|sc1), 2,000 GiB\): BurstBalance fell to 5%/,
      );
    }
  });
});
