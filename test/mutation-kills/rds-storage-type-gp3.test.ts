/**
 * Kills the mutants the rds-instance-storage-type-gp3 suite left alive (npm run mutation; docs/testing.md): the
 * full evidence of every outcome (type, size and IOPS when known, null when not), the gp2 baseline only for gp2
 * of a known size, messages with and without a size, an unrecognised type, and what counts as Aurora storage.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstanceStorageTypeGp3 as check } from '#lib/checks/rds/rds-instance-storage-type-gp3.js';
import type { RdsInstance } from '#lib/model/index.js';
import { aSnapshot, anRdsInstance, runCheck } from '#test/builders/index.js';

const ID = 'orders-db';
const BASE = {
  resourceType: 'AWS::RDS::DBInstance',
  resourceId: ID,
  resourceArn: `arn:aws:rds:eu-west-1:123456789012:db:${ID}`,
  resourceName: ID,
};
const run = (db: Partial<RdsInstance>) =>
  runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance(db)] } }));

const type = (value: string | null) => ({
  label: 'Storage type',
  value,
  threshold: 'gp3 or io2',
  source: 'rds:DescribeDBInstances StorageType',
});
const size = (value: number | null) => ({ label: 'Allocated storage', value, unit: 'GiB' });
const iops = (value: number) => ({ label: 'Provisioned or baseline IOPS', value, unit: 'IOPS' });
const GP2_WHY = 'gp2 IOPS scale with size (3 IOPS per GiB) and depend on burst credits';

describe('rds-instance-storage-type-gp3 (mutation kills)', () => {
  it('pass: the full evidence, IOPS only when reported', () => {
    expect(run({})).toEqual([
      {
        ...BASE,
        status: 'pass',
        message: 'orders-db uses gp3 storage.',
        evidence: [type('gp3'), size(100), iops(3000)],
      },
    ]);
    expect(run({ storageType: 'io2', iops: undefined })).toEqual([
      { ...BASE, status: 'pass', message: 'orders-db uses io2 storage.', evidence: [type('io2'), size(100)] },
    ]);
  });

  it('unknown when the type is not reported: null type and size', () => {
    expect(run({ storageType: undefined, allocatedStorageGiB: undefined, iops: undefined })).toEqual([
      {
        ...BASE,
        status: 'unknown',
        message: 'orders-db: storage type was not reported.',
        evidence: [type(null), size(null)],
      },
    ]);
  });

  it('gp2: the baseline IOPS from the size, no impact override', () => {
    expect(run({ storageType: 'gp2', allocatedStorageGiB: 1500, iops: undefined })).toEqual([
      {
        ...BASE,
        status: 'fail',
        severity: 'medium',
        message: `orders-db uses gp2 storage (1,500 GiB): ${GP2_WHY}; gp3 or io2 is current.`,
        evidence: [
          type('gp2'),
          size(1500),
          {
            label: 'gp2 baseline IOPS (3 per GiB)',
            value: 4500,
            unit: 'IOPS',
            source: 'AWS RDS storage docs',
          },
        ],
      },
    ]);
  });

  it('gp2 of an unknown size: no size in the message, no baseline', () => {
    expect(run({ storageType: 'gp2', allocatedStorageGiB: undefined, iops: undefined })).toEqual([
      {
        ...BASE,
        status: 'fail',
        severity: 'medium',
        message: `orders-db uses gp2 storage: ${GP2_WHY}; gp3 or io2 is current.`,
        evidence: [type('gp2'), size(null)],
      },
    ]);
  });

  it('magnetic: high, no gp2 baseline; io1: low with the io2 impact', () => {
    expect(run({ storageType: 'standard', iops: undefined })).toEqual([
      {
        ...BASE,
        status: 'fail',
        severity: 'high',
        message:
          'orders-db uses standard storage (100 GiB): magnetic storage is previous generation, with about 100 IOPS on average; gp3 or io2 is current.',
        evidence: [type('standard'), size(100)],
      },
    ]);
    expect(run({ storageType: 'io1', iops: 10000 })).toEqual([
      {
        ...BASE,
        status: 'fail',
        severity: 'low',
        message:
          'orders-db uses io1 storage (100 GiB): io1 is superseded by io2, which gives more IOPS per GiB and higher durability; gp3 or io2 is current.',
        evidence: [type('io1'), size(100), iops(10000)],
        impact: 'io2: up to 500 IOPS per GiB and 99.999% durability at the io1 price.',
      },
    ]);
  });

  it('a type it does not know fails with the check severity and no reason', () => {
    expect(run({ storageType: 'sc1', iops: undefined })).toEqual([
      {
        ...BASE,
        status: 'fail',
        message: 'orders-db uses sc1 storage (100 GiB); gp3 or io2 is current.',
        evidence: [type('sc1'), size(100)],
      },
    ]);
  });

  it('Aurora: skipped for an aurora engine whatever the reported type, and for aurora storage types', () => {
    expect(run({ engine: 'aurora-postgresql', storageType: undefined })).toEqual([]);
    expect(run({ engine: 'aurora-mysql', storageType: 'gp2' })).toEqual([]);
    expect(run({ engine: 'docdb', storageType: 'aurora-iopt1' })).toEqual([]);
    expect(run({ engine: 'postgres', storageType: 'gp2' })).toHaveLength(1);
  });
});
