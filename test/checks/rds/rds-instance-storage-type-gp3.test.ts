import { describe, expect, it } from 'vitest';
import { rdsInstanceStorageTypeGp3 as check } from '#lib/checks/rds/rds-instance-storage-type-gp3.js';
import { aGapOn, aSnapshot, anRdsInstance, runCheck, withGaps } from '#test/builders/index.js';
import type { RdsInstance } from '#lib/model/index.js';

const one = (overrides: Partial<RdsInstance>) =>
  runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance(overrides)] } }))[0];

describe('rds-instance-storage-type-gp3', () => {
  it('does not judge a stopped or stopping instance', () => {
    const results = runCheck(
      check,
      aSnapshot({
        rds: {
          instances: [
            anRdsInstance({ dbInstanceId: 'stopped', status: 'stopped', storageType: 'gp2' }),
            anRdsInstance({ dbInstanceId: 'stopping', status: 'stopping', storageType: 'gp2' }),
            anRdsInstance({ dbInstanceId: 'up', status: 'available', storageType: 'gp2' }),
          ],
        },
      }),
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([['up', 'fail']]);
  });

  it('passes gp3 and io2', () => {
    expect(one({ storageType: 'gp3' })?.status).toBe('pass');
    expect(one({ storageType: 'io2', iops: 20000 })?.status).toBe('pass');
  });

  it('fails gp2 (medium) with the size-bound baseline IOPS', () => {
    const r = one({ storageType: 'gp2', allocatedStorageGiB: 200, iops: undefined });
    expect(r).toMatchObject({ status: 'fail', severity: 'medium' });
    expect(r?.message).toBe(
      'orders-db uses gp2 storage (200 GiB): gp2 IOPS scale with size (3 IOPS per GiB) and depend on burst credits; gp3 or io2 is current.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'gp2 baseline IOPS (3 per GiB)', value: 600 }),
    );
  });

  it('fails magnetic storage as high and io1 as low', () => {
    expect(one({ storageType: 'standard' })).toMatchObject({ status: 'fail', severity: 'high' });
    const io1 = one({ storageType: 'io1', iops: 10000 });
    expect(io1).toMatchObject({ status: 'fail', severity: 'low' });
    expect(io1?.impact).toContain('io2');
  });

  it('skips Aurora, whose storage is managed by the cluster', () => {
    expect(one({ engine: 'aurora-postgresql', storageType: 'aurora' })).toBeUndefined();
  });

  it('is unknown when the storage type is not reported, and under a gap', () => {
    expect(one({ storageType: undefined })?.status).toBe('unknown');
    const gapped = withGaps(aSnapshot({ rds: { instances: [anRdsInstance()] } }), aGapOn('rds'));
    expect(runCheck(check, gapped).map((r) => r.status)).toEqual(['unknown']);
  });
});
