import { describe, expect, it } from 'vitest';
import { ebsVolumeNotMagnetic as check } from '#lib/checks/ebs/ebs-volume-not-magnetic.js';
import { aGapOn, aSnapshot, anEbsVolume, runCheck, withGaps } from '#test/builders/index.js';

describe('ebs-volume-not-magnetic', () => {
  it('fails a magnetic (standard) volume at high severity', () => {
    const [r] = runCheck(
      check,
      aSnapshot({
        ebs: { volumes: [anEbsVolume({ volumeType: 'standard', sizeGiB: 50, iops: undefined })] },
      }),
    );
    expect(check.severity).toBe('high');
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'vol-0123456789abcdef0 (data-1) is a magnetic (standard) volume of 50 GiB, a previous-generation HDD type delivering about 100 IOPS on average.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Volume type', value: 'standard', threshold: 'not standard' }),
    );
  });

  it('passes every other live volume type', () => {
    const volumes = ['gp3', 'gp2', 'io2', 'st1'].map((t, i) =>
      anEbsVolume({ volumeId: `vol-${i}`, volumeType: t }),
    );
    const results = runCheck(
      check,
      aSnapshot({
        ebs: {
          volumes: [
            ...volumes,
            anEbsVolume({ volumeId: 'vol-x', volumeType: 'standard', state: 'deleting' }),
          ],
        },
      }),
    );
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(results[1]?.message).toBe('vol-1 (data-1) is gp2, not magnetic.');
  });

  it('is unknown when the inventory has a gap', () => {
    const snapshot = withGaps(
      aSnapshot({ ebs: { volumes: [anEbsVolume()] } }),
      aGapOn('ebs.volumes', { code: 'Throttled' }),
    );
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('unknown');
    expect(r?.resourceId).toBe('*');
    expect(r?.message).toMatch(/data this check needs is missing \(ebs\.volumes: Throttled\)/);
  });
});
