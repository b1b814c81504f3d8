import { describe, expect, it } from 'vitest';
import { ebsVolumeIo1Migrated as check } from '#lib/checks/ebs/ebs-volume-io1-migrated.js';
import type { EbsVolume } from '#lib/model/index.js';
import { aGapOn, aSnapshot, anEbsVolume, runCheck, withGaps } from '#test/builders/index.js';

const io1 = (iops: number | undefined, extra: Partial<EbsVolume> = {}) =>
  anEbsVolume({ volumeType: 'io1', sizeGiB: 200, iops, throughputMiBps: undefined, ...extra });
const evaluate = (v: EbsVolume, thresholds: Record<string, number> = {}) =>
  runCheck(check, aSnapshot({ ebs: { volumes: [v] } }), thresholds);

describe('ebs-volume-io1-migrated', () => {
  it('fails io1 and offers gp3 when the provisioned IOPS fit', () => {
    const [r] = evaluate(io1(4000));
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'vol-0123456789abcdef0 (data-1) is io1 (200 GiB, 4,000 provisioned IOPS): io2 costs the same with 99.999% durability and up to 500 IOPS/GiB; gp3 also fits (4,000 <= 80,000 IOPS, up to 2,000 MiB/s) at a lower price if single-digit millisecond latency is acceptable.',
    );
    expect(r?.evidence).toContainEqual(expect.objectContaining({ label: 'Provisioned IOPS', value: 4000 }));
    expect(r?.impact).toMatch(/gp3 with 4,000 IOPS/);
  });

  it('offers only io2 above the gp3 maximum or when Multi-Attached', () => {
    expect(evaluate(io1(80_001, { sizeGiB: 1700 }))[0]?.message).toMatch(
      /gp3 does not fit \(80,001 > 80,000 IOPS\)\.$/,
    );
    const multi = io1(4000, { attachments: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] });
    const [r] = evaluate(multi);
    expect(r?.status).toBe('fail');
    expect(r?.message).toMatch(/Multi-Attached, so io2 is the target/);
    expect(r?.impact).not.toMatch(/gp3/);
  });

  it('offers gp3 up to its 2025 maximum of 80,000 IOPS (not the old 16,000)', () => {
    // AWS EBS docs: gp3 up to 80,000 IOPS and 2,000 MiB/s per volume.
    for (const iops of [20_000, 64_000, 80_000]) {
      const [r] = evaluate(io1(iops, { sizeGiB: 1700 }));
      expect(r?.message, String(iops)).toMatch(/gp3 also fits \([\d,]+ <= 80,000 IOPS, up to 2,000 MiB\/s\)/);
      expect(r?.impact, String(iops)).toMatch(/^gp3 with/);
    }
    expect(check.thresholds.gp3MaxIops.source).toMatch(/80,000 IOPS and 2,000 MiB\/s/);
  });

  it('still fails io1 without reported IOPS, saying gp3 cannot be judged', () => {
    const [r] = evaluate(io1(undefined));
    expect(r?.status).toBe('fail');
    expect(r?.message).toMatch(/provisioned IOPS not reported.*cannot be judged without its IOPS\.$/);
  });

  it('passes io2 and ignores other types', () => {
    expect(evaluate(io1(4000, { volumeType: 'io2' }))[0]).toMatchObject({
      status: 'pass',
      message: 'vol-0123456789abcdef0 (data-1) is io2 (200 GiB).',
    });
    expect(evaluate(anEbsVolume())).toEqual([]);
  });

  it('honours the gp3MaxIops override', () => {
    expect(evaluate(io1(4000), { gp3MaxIops: 3000 })[0]?.message).toMatch(
      /gp3 does not fit \(4,000 > 3,000 IOPS\)/,
    );
  });

  it('is unknown with a gap on the volumes', () => {
    const snapshot = withGaps(
      aSnapshot({ ebs: { volumes: [io1(4000, { volumeType: 'io2' })] } }),
      aGapOn('ebs'),
    );
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
    expect(runCheck(check, withGaps(aSnapshot(), aGapOn('ebs.volumes')))).toEqual([
      expect.objectContaining({ status: 'unknown', resourceId: '*' }),
    ]);
  });
});
