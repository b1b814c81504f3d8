import { describe, expect, it } from 'vitest';
import { ebsVolumeTypeGp3 as check } from '#lib/checks/ebs/ebs-volume-type-gp3.js';
import type { EbsVolume } from '#lib/model/index.js';
import { aGapOn, aResourceGapOn, aSnapshot, anEbsVolume, runCheck, withGaps } from '#test/builders/index.js';

const gp2 = (sizeGiB: number, extra: Partial<EbsVolume> = {}) =>
  anEbsVolume({ volumeType: 'gp2', sizeGiB, iops: undefined, throughputMiBps: undefined, ...extra });
const evaluate = (...volumes: EbsVolume[]) => runCheck(check, aSnapshot({ ebs: { volumes } }));

describe('ebs-volume-type-gp3', () => {
  it('fails a gp2 volume and says gp3 meets its baseline without extra IOPS', () => {
    const [r] = evaluate(gp2(100));
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      "vol-0123456789abcdef0 (data-1) is gp2 (100 GiB, baseline 300 IOPS); gp3's 3,000 IOPS baseline meets it without extra IOPS.",
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: expect.stringContaining('gp2 baseline IOPS'), value: 300 }),
    );
    expect(r?.impact).toMatch(/About 20% cheaper per GB/);
  });

  it('computes the gp2 baseline as max(100, min(16000, 3 x GiB)) and the IOPS gp3 must add', () => {
    expect(evaluate(gp2(10))[0]?.message).toMatch(/baseline 100 IOPS\)/);
    const [big] = evaluate(gp2(2000));
    expect(big?.message).toBe(
      'vol-0123456789abcdef0 (data-1) is gp2 (2,000 GiB, baseline 6,000 IOPS); gp3 needs 3,000 provisioned IOPS above its 3,000 baseline to match it; gp2 allows up to 250 MiB/s, so provision up to 250 MiB/s on gp3 if the workload uses it.',
    );
    expect(evaluate(gp2(16384))[0]?.message).toMatch(
      /baseline 16,000 IOPS\); gp3 needs 13,000 provisioned IOPS/,
    );
  });

  it('passes gp3 and ignores other types and deleting volumes', () => {
    const results = evaluate(
      anEbsVolume(),
      anEbsVolume({ volumeId: 'vol-io', volumeType: 'io2' }),
      gp2(100, { volumeId: 'vol-gone', state: 'deleting' }),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'pass',
      resourceId: 'vol-0123456789abcdef0',
      message: 'vol-0123456789abcdef0 (data-1) is gp3 (100 GiB).',
    });
  });

  it('is unknown when the volume inventory is missing or gapped', () => {
    const missing = aSnapshot({ services: ['ebs'] });
    delete missing.ebs;
    expect(runCheck(check, missing)).toEqual([
      expect.objectContaining({ status: 'unknown', resourceId: '*' }),
    ]);
    const gapped = withGaps(
      aSnapshot({ ebs: { volumes: [anEbsVolume(), gp2(50, { volumeId: 'vol-2' })] } }),
      aGapOn('ebs.volumes'),
    );
    // The inventory is missing as a whole: one unit-wide unknown, no per-volume verdicts.
    expect(runCheck(check, gapped).map((r) => [r.resourceId, r.status])).toEqual([['*', 'unknown']]);
    const partial = withGaps(
      aSnapshot({ ebs: { volumes: [anEbsVolume(), gp2(50, { volumeId: 'vol-2' })] } }),
      aResourceGapOn('ebs.volumes', [anEbsVolume().volumeId]),
    );
    expect(runCheck(check, partial).map((r) => r.status)).toEqual(['unknown', 'fail']);
  });
});
