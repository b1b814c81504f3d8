/**
 * Kills the mutants the EBS check suites left alive (npm run mutation; docs/testing.md): the gp2 formulas at
 * their bends (33 and 5,334 GiB for IOPS, 170 GiB for throughput), the io1 gp3-fit boundary, volumes being
 * deleted, and the full evidence of each outcome.
 */
import { describe, expect, it } from 'vitest';
import { ebsVolumeBurstBalanceHealthy as burstBalance } from '#lib/checks/ebs/ebs-volume-burst-balance-healthy.js';
import { ebsVolumeIo1Migrated as io1 } from '#lib/checks/ebs/ebs-volume-io1-migrated.js';
import { ebsVolumeNotMagnetic as magnetic } from '#lib/checks/ebs/ebs-volume-not-magnetic.js';
import { ebsVolumeTypeGp3 as gp3 } from '#lib/checks/ebs/ebs-volume-type-gp3.js';
import { gp2BaselineIops, gp2MaxThroughputMiBps, isLiveVolume } from '#lib/checks/ebs-volume-facts.js';
import type { EbsVolume, MetricSummary } from '#lib/model/index.js';
import {
  aMetricSummary,
  aSnapshot,
  anEbsVolume,
  runCheck,
  withMetrics,
  TEST_VOLUME_ID as ID,
} from '#test/builders/index.js';

const ARN = anEbsVolume().arn;
const run = (check: Parameters<typeof runCheck>[0], ...volumes: Partial<EbsVolume>[]) =>
  runCheck(check, aSnapshot({ ebs: { volumes: volumes.map((v) => anEbsVolume(v)) } }));

describe('EBS volume facts', () => {
  it('gp2 baseline: 3 IOPS per GiB, at least 100, at most 16,000', () => {
    expect(gp2BaselineIops(1)).toBe(100);
    expect(gp2BaselineIops(33)).toBe(100);
    expect(gp2BaselineIops(34)).toBe(102);
    expect(gp2BaselineIops(5333)).toBe(15999);
    expect(gp2BaselineIops(5334)).toBe(16000);
    expect(gp2BaselineIops(16384)).toBe(16000);
  });

  it('gp2 throughput: 128 MiB/s up to and including 170 GiB, 250 above', () => {
    expect(gp2MaxThroughputMiBps(170)).toBe(128);
    expect(gp2MaxThroughputMiBps(171)).toBe(250);
  });

  it('volumes being deleted, deleted or failed are not live', () => {
    for (const state of ['deleting', 'deleted', 'error']) expect(isLiveVolume({ state })).toBe(false);
    for (const state of ['in-use', 'available', 'creating']) expect(isLiveVolume({ state })).toBe(true);
  });
});

describe('ebs-volume-type-gp3 (mutation kills)', () => {
  it('a small gp2 volume: gp3 baseline meets it, full evidence and impact', () => {
    expect(run(gp3, { volumeType: 'gp2', sizeGiB: 100 })).toEqual([
      {
        status: 'fail',
        resourceType: 'AWS::EC2::Volume',
        resourceId: ID,
        resourceArn: ARN,
        resourceName: 'data-1',
        message:
          "vol-0123456789abcdef0 (data-1) is gp2 (100 GiB, baseline 300 IOPS); gp3's 3,000 IOPS baseline meets it without extra IOPS.",
        evidence: [
          { label: 'Volume type', value: 'gp2', threshold: 'gp3', source: 'ec2:DescribeVolumes VolumeType' },
          { label: 'Size', value: 100, unit: 'GiB', source: 'ec2:DescribeVolumes Size' },
          {
            label: 'gp2 baseline IOPS (max(100, min(16000, 3 x GiB)))',
            value: 300,
            unit: 'IOPS',
            threshold: 'gp3 baseline 3000',
            source: expect.stringContaining('AWS EBS docs'),
          },
          {
            label: 'gp2 maximum throughput',
            value: 128,
            unit: 'MiB/s',
            threshold: 'gp3 baseline 125',
            source: expect.stringContaining('AWS EBS docs'),
          },
        ],
        impact: 'About 20% cheaper per GB as gp3 with no extra IOPS, and 10x the gp2 baseline IOPS.',
      },
    ]);
  });

  it('at exactly 1,000 GiB gp3 needs no extra IOPS; at 1,001 it needs 3', () => {
    const [at] = run(gp3, { volumeType: 'gp2', sizeGiB: 1000 });
    expect(at?.message).toBe(
      "vol-0123456789abcdef0 (data-1) is gp2 (1,000 GiB, baseline 3,000 IOPS); gp3's 3,000 IOPS baseline meets it without extra IOPS; gp2 allows up to 250 MiB/s, so provision up to 250 MiB/s on gp3 if the workload uses it.",
    );
    expect(at?.impact).toBe(
      'About 20% cheaper per GB as gp3 with no extra IOPS, and 1x the gp2 baseline IOPS.',
    );
    const [above] = run(gp3, { volumeType: 'gp2', sizeGiB: 1001 });
    expect(above?.message).toMatch(
      /; gp3 needs 3 provisioned IOPS above its 3,000 baseline to match it; gp2 allows/,
    );
    expect(above?.impact).toBe(
      "About 20% cheaper per GB as gp3; provision 3,003 IOPS to keep today's baseline.",
    );
  });

  it('the throughput note starts above 170 GiB', () => {
    expect(run(gp3, { volumeType: 'gp2', sizeGiB: 170 })[0]?.message).not.toMatch(/MiB\/s/);
    expect(run(gp3, { volumeType: 'gp2', sizeGiB: 171 })[0]?.message).toMatch(
      /; gp2 allows up to 250 MiB\/s, so provision up to 250 MiB\/s on gp3 if the workload uses it\.$/,
    );
  });

  it('gp3 passes with the type as evidence; other types and dead volumes are skipped', () => {
    expect(run(gp3, { volumeType: 'gp3', sizeGiB: 1500 })).toEqual([
      {
        status: 'pass',
        resourceType: 'AWS::EC2::Volume',
        resourceId: ID,
        resourceArn: ARN,
        resourceName: 'data-1',
        message: 'vol-0123456789abcdef0 (data-1) is gp3 (1,500 GiB).',
        evidence: [
          { label: 'Volume type', value: 'gp3', threshold: 'gp3', source: 'ec2:DescribeVolumes VolumeType' },
        ],
      },
    ]);
    expect(
      run(gp3, { volumeType: 'io1' }, { volumeType: 'st1' }, { volumeType: 'gp2', state: 'deleting' }),
    ).toEqual([]);
  });
});

describe('ebs-volume-not-magnetic (mutation kills)', () => {
  it('a magnetic volume fails with its evidence and impact; others pass; dead volumes are skipped', () => {
    const evidence = (type: string) => [
      {
        label: 'Volume type',
        value: type,
        threshold: 'not standard',
        source: 'ec2:DescribeVolumes VolumeType',
      },
      { label: 'Size', value: 2048, unit: 'GiB', source: 'ec2:DescribeVolumes Size' },
    ];
    expect(
      run(magnetic, { volumeType: 'standard', sizeGiB: 2048 }, { volumeType: 'standard', state: 'error' }),
    ).toEqual([
      {
        status: 'fail',
        resourceType: 'AWS::EC2::Volume',
        resourceId: ID,
        resourceArn: ARN,
        resourceName: 'data-1',
        message:
          'vol-0123456789abcdef0 (data-1) is a magnetic (standard) volume of 2,048 GiB, a previous-generation HDD type delivering about 100 IOPS on average.',
        evidence: evidence('standard'),
        impact: 'As gp3: 3,000 IOPS and 125 MiB/s baseline for 2,048 GiB.',
      },
    ]);
    expect(run(magnetic, { volumeType: 'sc1', sizeGiB: 2048 })).toEqual([
      {
        status: 'pass',
        resourceType: 'AWS::EC2::Volume',
        resourceId: ID,
        resourceArn: ARN,
        resourceName: 'data-1',
        message: 'vol-0123456789abcdef0 (data-1) is sc1, not magnetic.',
        evidence: evidence('sc1'),
      },
    ]);
  });
});

describe('ebs-volume-io1-migrated (mutation kills)', () => {
  it('io1 at exactly the gp3 IOPS maximum: gp3 fits; one above: it does not', () => {
    const [at] = run(io1, { volumeType: 'io1', iops: 80_000, sizeGiB: 500 });
    expect(at).toEqual({
      status: 'fail',
      resourceType: 'AWS::EC2::Volume',
      resourceId: ID,
      resourceArn: ARN,
      resourceName: 'data-1',
      message:
        'vol-0123456789abcdef0 (data-1) is io1 (500 GiB, 80,000 provisioned IOPS): io2 costs the same with 99.999% durability and up to 500 IOPS/GiB; gp3 also fits (80,000 <= 80,000 IOPS, up to 2,000 MiB/s) at a lower price if single-digit millisecond latency is acceptable.',
      evidence: [
        {
          label: 'Volume type',
          value: 'io1',
          threshold: 'io2 or gp3',
          source: 'ec2:DescribeVolumes VolumeType',
        },
        {
          label: 'Provisioned IOPS',
          value: 80_000,
          unit: 'IOPS',
          threshold: 'gp3 possible at <= 80000',
          source: 'ec2:DescribeVolumes Iops',
        },
        { label: 'Size', value: 500, unit: 'GiB', source: 'ec2:DescribeVolumes Size' },
      ],
      impact: 'gp3 with 80,000 IOPS costs far less than io1; io2 keeps the price and raises durability 100x.',
    });
    const [above] = run(io1, { volumeType: 'io1', iops: 80_001, sizeGiB: 500 });
    expect(above?.message).toMatch(/; gp3 does not fit \(80,001 > 80,000 IOPS\)\.$/);
    expect(above?.impact).toBe('io2 keeps the price and raises durability 100x (99.999%).');
  });

  it('a low-IOPS io1 is priced as gp3 at its 3,000 baseline', () => {
    expect(run(io1, { volumeType: 'io1', iops: 1000 })[0]?.impact).toBe(
      'gp3 with 3,000 IOPS costs far less than io1; io2 keeps the price and raises durability 100x.',
    );
  });

  it('Multi-Attach and unreported IOPS', () => {
    const attach = { instanceId: 'i-2', device: '/dev/xvdg', state: 'attached' };
    const [multi] = run(io1, {
      volumeType: 'io1',
      iops: 1000,
      attachments: [...anEbsVolume().attachments, attach],
    });
    expect(multi?.message).toMatch(
      /; it is Multi-Attached, so io2 is the target \(gp3 has no Multi-Attach\)\.$/,
    );
    expect(multi?.impact).toBe('io2 keeps the price and raises durability 100x (99.999%).');
    const [single] = run(io1, { volumeType: 'io1', iops: 1000, attachments: [attach] });
    expect(single?.message).toMatch(/gp3 also fits/);
    const [noIops] = run(io1, { volumeType: 'io1', iops: undefined });
    expect(noIops?.message).toBe(
      'vol-0123456789abcdef0 (data-1) is io1 (100 GiB, provisioned IOPS not reported): io2 costs the same with 99.999% durability and up to 500 IOPS/GiB; whether gp3 fits cannot be judged without its IOPS.',
    );
    expect(noIops?.evidence[1]?.value).toBeNull();
    expect(noIops?.impact).toBe('io2 keeps the price and raises durability 100x (99.999%).');
  });

  it('io2 passes; gp3 and dead io1 volumes are skipped', () => {
    const [r] = run(
      io1,
      { volumeType: 'io2', iops: 5000, sizeGiB: 64 },
      { volumeType: 'gp3' },
      { volumeType: 'io1', state: 'deleted' },
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe('vol-0123456789abcdef0 (data-1) is io2 (64 GiB).');
    expect(run(io1, { volumeType: 'gp3' }, { volumeType: 'io1', state: 'deleted' })).toEqual([]);
  });
});

describe('ebs-volume-burst-balance-healthy (mutation kills)', () => {
  const burst = (m: Partial<MetricSummary>, stat = 'Minimum') =>
    aMetricSummary({
      namespace: 'AWS/EBS',
      metricName: 'BurstBalance',
      dimensions: { VolumeId: ID },
      stat,
      ...m,
    });
  const check = (v: Partial<EbsVolume>, ...metrics: MetricSummary[]) =>
    runCheck(burstBalance, withMetrics(aSnapshot({ ebs: { volumes: [anEbsVolume(v)] } }), ...metrics));

  it('a gp2 volume below 20%: every evidence item, message and impact', () => {
    const [r] = check(
      { volumeType: 'gp2', sizeGiB: 200 },
      burst({ min: 12.345, first: 90, last: 60.5, datapoints: 300 }),
    );
    expect(r).toEqual({
      status: 'fail',
      resourceType: 'AWS::EC2::Volume',
      resourceId: ID,
      resourceArn: ARN,
      resourceName: 'data-1',
      message:
        'vol-0123456789abcdef0 (data-1, gp2, 200 GiB): BurstBalance fell to 12.3% (below 20%); daily mean went from 90% on the first day to 60.5% on the last; at 0% it is throttled to its 600 IOPS baseline.',
      evidence: [
        {
          label: 'BurstBalance, lowest',
          value: 12.35,
          unit: 'Percent',
          metric: 'AWS/EBS/BurstBalance',
          statistic: 'Minimum (lowest hour)',
          window: '14 days, 1-hour periods',
          threshold: '>= 20',
        },
        {
          label: 'BurstBalance, first day mean',
          value: 90,
          unit: 'Percent',
          metric: 'AWS/EBS/BurstBalance',
          statistic: 'Minimum, mean of the oldest day',
          window: '14 days, 1-hour periods',
        },
        {
          label: 'BurstBalance, last day mean',
          value: 60.5,
          unit: 'Percent',
          metric: 'AWS/EBS/BurstBalance',
          statistic: 'Minimum, mean of the most recent day',
          window: '14 days, 1-hour periods',
        },
        {
          label: 'BurstBalance drop, first to last day',
          value: 29.5,
          unit: 'Percent points',
          threshold: '<= 50',
        },
        { label: 'Datapoints', value: 300, unit: 'count', window: '14 days, 1-hour periods' },
      ],
      impact:
        'As gp3: 3,000 IOPS sustained without burst credits (gp2 baseline 600 IOPS), and about 20% cheaper per GB.',
    });
  });

  it('exactly 20% is healthy; a drop of exactly 50 points is not a fall, above it is', () => {
    expect(check({ volumeType: 'gp2' }, burst({ min: 20, first: 100, last: 50 }))[0]?.status).toBe('pass');
    const [falling] = check({ volumeType: 'st1', sizeGiB: 500 }, burst({ min: 40, first: 100, last: 49.9 }));
    expect(falling?.status).toBe('fail');
    expect(falling?.message).toBe(
      'vol-0123456789abcdef0 (data-1, st1, 500 GiB): it dropped 50.1 points in the window (more than 50); daily mean went from 100% on the first day to 49.9% on the last.',
    );
    expect(falling?.impact).toBe('A larger volume or gp3 removes throttling when credits run out.');
    const [both] = check({ volumeType: 'sc1' }, burst({ min: 5, first: 100, last: 10 }));
    expect(both?.message).toMatch(
      /: BurstBalance fell to 5% \(below 20%\) and it dropped 90 points in the window/,
    );
  });

  it('a healthy volume passes with the trend; without first or last day the trend is left out', () => {
    const [r] = check({ volumeType: 'gp2' }, burst({ min: 80, first: 100, last: 99 }));
    expect(r?.message).toBe(
      'vol-0123456789abcdef0 (data-1, gp2, 100 GiB) kept BurstBalance at or above 20% (lowest 80%); daily mean went from 100% on the first day to 99% on the last.',
    );
    const [noTrend] = check({ volumeType: 'gp2' }, burst({ min: 80, first: undefined, last: 99 }));
    expect(noTrend?.message).toBe(
      'vol-0123456789abcdef0 (data-1, gp2, 100 GiB) kept BurstBalance at or above 20% (lowest 80%).',
    );
    expect(noTrend?.evidence.slice(1, 4).map((e) => e.value)).toEqual([null, 99, null]);
    const [noLast] = check({ volumeType: 'gp2' }, burst({ min: 5, first: 100, last: undefined }));
    expect(noLast?.message).toBe(
      'vol-0123456789abcdef0 (data-1, gp2, 100 GiB): BurstBalance fell to 5% (below 20%); at 0% it is throttled to its 300 IOPS baseline.',
    );
  });

  it('the Average series is used when the Minimum one was not fetched', () => {
    const [r] = check({ volumeType: 'gp2' }, burst({ min: 5 }, 'Average'));
    expect(r?.status).toBe('fail');
    expect(r?.evidence[0]?.statistic).toBe('Average (lowest hour)');
  });

  it('unknown without datapoints or without a minimum', () => {
    for (const m of [undefined, burst({ datapoints: 0 }), burst({ min: undefined })]) {
      const [r] = m ? check({ volumeType: 'gp2' }, m) : check({ volumeType: 'gp2' });
      expect(r).toEqual(
        expect.objectContaining({
          status: 'unknown',
          message:
            'vol-0123456789abcdef0 (data-1, gp2, 100 GiB): no BurstBalance datapoints in the 14-day window.',
          evidence: [],
        }),
      );
    }
  });

  it('gp2 of 1,000 GiB and more never bursts; 999 GiB does', () => {
    const [r] = check({ volumeType: 'gp2', sizeGiB: 1000 });
    expect(r).toEqual(
      expect.objectContaining({
        status: 'pass',
        message:
          'vol-0123456789abcdef0 (data-1, gp2, 1,000 GiB) has a 3,000 IOPS baseline, at or above the 3,000 IOPS burst, so it never spends burst credits.',
        evidence: [
          {
            label: 'Size',
            value: 1000,
            unit: 'GiB',
            threshold: '>= 1000 (no bursting)',
            source: 'ec2:DescribeVolumes Size',
          },
        ],
      }),
    );
    expect(check({ volumeType: 'gp2', sizeGiB: 999 })[0]?.status).toBe('unknown');
  });

  it('only attached bursting volumes are judged', () => {
    expect(check({ volumeType: 'gp3' }, burst({ min: 1 }))).toEqual([]);
    expect(check({ volumeType: 'io1' }, burst({ min: 1 }))).toEqual([]);
    expect(check({ volumeType: 'gp2', state: 'available' }, burst({ min: 1 }))).toEqual([]);
    expect(check({ volumeType: 'gp2', state: 'deleting' }, burst({ min: 1 }))).toEqual([]);
  });
});
