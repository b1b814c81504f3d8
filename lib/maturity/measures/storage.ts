/** Measures over EBS volumes and RDS storage (WAF-PERF-090, checklist L3-13, L4-9). */
import type { Snapshot } from '#lib/model/index.js';
import type { MeasureDef } from '../types.js';
import { count, tally, USES } from './support.js';

/** "New deployments" (checklist L3-13, WAF-PERF-090 L2): volumes created within this many days. perfscan default. */
export const RECENT_VOLUME_DAYS = 90;

/** The storage types of a unit: EBS volumes and RDS instance storage (Aurora cluster storage has no type to pick). */
function storageTypes(s: Snapshot): string[] {
  return [
    ...(s.ebs?.volumes ?? []).map((v) => v.volumeType.toLowerCase()),
    ...(s.rds?.instances ?? [])
      .map((d) =>
        (d.storageType ?? (d.engine.toLowerCase().startsWith('aurora') ? 'aurora' : '')).toLowerCase(),
      )
      .filter((t) => !t.startsWith('aurora')),
  ];
}

const LEGACY = new Set(['gp2', 'io1', 'standard']);

export const STORAGE_MEASURES: readonly MeasureDef[] = [
  {
    id: 'subject.storage',
    denominator: 'EBS volumes and RDS DB instances',
    meets: 'exist',
    sources: ['ebs.volumes', 'rds.instances'],
    uses: [USES.ebs, USES.rds],
    tally: ({ snapshot: s }) => {
      const n = (s.ebs?.volumes.length ?? 0) + (s.rds?.instances.length ?? 0);
      return tally(n, n);
    },
  },
  {
    id: 'storage.newModern',
    denominator: `EBS volumes created in the last ${RECENT_VOLUME_DAYS} days`,
    meets: 'are gp3 or io2 (or st1/sc1 throughput volumes)',
    sources: ['ebs.volumes'],
    uses: [USES.ebs],
    tally: ({ snapshot: s }) => {
      const collected = Date.parse(s.collectedAt);
      const from = collected - RECENT_VOLUME_DAYS * 86_400_000;
      const recent = (s.ebs?.volumes ?? []).filter((v) => {
        const t = v.createTime ? Date.parse(v.createTime) : NaN;
        return !Number.isNaN(t) && !Number.isNaN(collected) && t >= from;
      });
      return count(recent, (v) => /^(gp3|io2|st1|sc1)$/i.test(v.volumeType));
    },
  },
  {
    id: 'storage.gp3Migration',
    denominator: 'gp2 and gp3 EBS volumes and RDS storage',
    meets: 'are gp3',
    sources: ['ebs.volumes', 'rds.instances'],
    uses: [USES.ebs, USES.rds],
    tally: ({ snapshot: s }) => {
      const t = storageTypes(s).filter((x) => x === 'gp2' || x === 'gp3');
      return tally(t.length, t.filter((x) => x === 'gp3').length);
    },
  },
  {
    id: 'storage.noGp2',
    denominator: 'EBS volumes and RDS storage',
    meets: 'are not gp2',
    sources: ['ebs.volumes', 'rds.instances'],
    uses: [USES.ebs, USES.rds],
    tally: ({ snapshot: s }) => {
      const t = storageTypes(s);
      return tally(t.length, t.filter((x) => x !== 'gp2').length);
    },
  },
  {
    id: 'storage.noLegacy',
    denominator: 'EBS volumes and RDS storage',
    meets: 'are not gp2, io1 or magnetic',
    sources: ['ebs.volumes', 'rds.instances'],
    uses: [USES.ebs, USES.rds],
    tally: ({ snapshot: s }) => {
      const t = storageTypes(s);
      return tally(t.length, t.filter((x) => !LEGACY.has(x)).length);
    },
  },
];
