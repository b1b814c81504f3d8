import type { EvidenceItem, Severity } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice, fmt } from '../support.js';
import { STOPPED_DB_SOURCE, isStoppedDb } from '../rds-instance-facts.js';
import { gp2BaselineIops } from '../ebs-volume-facts.js';

const NEEDS = ['rds.instances'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/**
 * Current storage types for RDS: gp3 (or io2 for provisioned IOPS). gp2 ties IOPS to size with burst credits,
 * io1 is superseded by io2 Block Express, magnetic ('standard') is previous generation (Trusted Advisor c1qf5bt000).
 * Aurora manages its own storage and is not applicable.
 */

const CURRENT = new Set(['gp3', 'io2']);
const OUTDATED: Record<string, { severity: Severity; why: string }> = {
  standard: {
    severity: 'high',
    why: 'magnetic storage is previous generation, with about 100 IOPS on average',
  },
  gp2: { severity: 'medium', why: 'gp2 IOPS scale with size (3 IOPS per GiB) and depend on burst credits' },
  io1: {
    severity: 'low',
    why: 'io1 is superseded by io2, which gives more IOPS per GiB and higher durability',
  },
};

export const rdsInstanceStorageTypeGp3 = defineCheck({
  id: 'rds-instance-storage-type-gp3',
  title: 'RDS DB instances use gp3 or io2 storage',
  service: 'rds',
  control: 'WAF-PERF-090',
  severity: 'medium',
  rationale:
    'gp2 storage couples IOPS to allocated size and throttles once burst credits run out; magnetic storage is previous ' +
    'generation. No gp2, io1 or magnetic storage left on EBS and RDS is WAF-PERF-090 L4 (checklist item L4-9).' +
    ' A stopped DB instance is not judged: it serves no load until it starts again (RDS User Guide, "Stopping an Amazon RDS DB instance temporarily").',
  remediation: {
    change: 'storage-type',
    text:
      'Modify the DB instance storage type to gp3 (or io2 for sustained high IOPS). The change runs online; a storage ' +
      'optimization follows during which further storage changes are blocked.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.ModifyingExisting.html',
      STOPPED_DB_SOURCE,
    ],
    impact:
      'gp3 gives a 3,000 IOPS and 125 MiB/s baseline (12,000 IOPS and 500 MiB/s from 400 GiB on most engines) independent of size, with no burst credits.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const rds = snapshot.rds;
    if (!rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const db of rds.instances) {
      if (isStoppedDb(db)) continue; // no I/O while stopped
      if (db.engine.startsWith('aurora') || db.storageType?.startsWith('aurora')) continue; // Aurora: cluster storage
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: db.dbInstanceId,
        resourceArn: db.arn,
        resourceName: db.dbInstanceId,
      };
      const type = db.storageType;
      const evidence: EvidenceItem[] = [
        {
          label: 'Storage type',
          value: type ?? null,
          threshold: 'gp3 or io2',
          source: 'rds:DescribeDBInstances StorageType',
        },
        { label: 'Allocated storage', value: db.allocatedStorageGiB ?? null, unit: 'GiB' },
      ];
      if (db.iops !== undefined)
        evidence.push({ label: 'Provisioned or baseline IOPS', value: db.iops, unit: 'IOPS' });
      if (!type) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${db.dbInstanceId}: storage type was not reported.`,
          evidence,
        });
      } else if (CURRENT.has(type)) {
        results.push({
          ...base,
          status: 'pass',
          message: `${db.dbInstanceId} uses ${type} storage.`,
          evidence,
        });
      } else {
        const known = OUTDATED[type];
        const size = db.allocatedStorageGiB !== undefined ? ` (${fmt(db.allocatedStorageGiB)} GiB)` : '';
        if (type === 'gp2' && db.allocatedStorageGiB !== undefined) {
          // RDS gp2 has the EBS gp2 baseline: 3 IOPS per GiB, at least 100, at most 16,000 (bursting to 3,000 below 1 TiB).
          const baseline = gp2BaselineIops(db.allocatedStorageGiB);
          evidence.push({
            label: 'gp2 baseline IOPS (3 per GiB)',
            value: baseline,
            unit: 'IOPS',
            source: 'AWS RDS storage docs',
          });
        }
        results.push({
          ...base,
          status: 'fail',
          ...(known ? { severity: known.severity } : {}),
          message: `${db.dbInstanceId} uses ${type} storage${size}${known ? `: ${known.why}` : ''}; gp3 or io2 is current.`,
          evidence,
          ...(type === 'io1'
            ? { impact: 'io2: up to 500 IOPS per GiB and 99.999% durability at the io1 price.' }
            : {}),
        });
      }
    }
    return results;
  },
});
