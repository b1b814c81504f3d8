import { attested, criterion, needs } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-090 Storage I/O: EBS volumes and RDS storage. */
export const WAF_PERF_090: ControlDef = {
  id: 'WAF-PERF-090',
  name: 'Storage I/O',
  levels: {
    1: 'gp2; no I/O monitoring',
    2: 'storage type selected',
    3: 'gp3 migration; I/O alerts',
    4: 'disk type fully optimized',
    5: 'intelligent tiering; auto-tuning',
  },
  subject: { measure: 'subject.storage', none: 'no EBS volumes or DB storage' },
  criteria: [
    criterion('WAF-PERF-090', 2, 'most new volumes (last 90 days) on gp3/io2', {
      observe: [needs('storage.newModern', 'most', 'unknown')],
      hint: 'create new volumes as gp3 (or io2): set gp3 in launch templates and EBS default settings',
    }),
    criterion(
      'WAF-PERF-090',
      3,
      'gp3 migration under way (gp3 in use, or no gp2 left) and I/O alarms on most production DB instances',
      {
        observe: [needs('storage.gp3Migration', 'one', 'met'), needs('rds.ioAlarms', 'most', 'met')],
        hint: 'migrate gp2 to gp3 and add alarms on DB IOPS / latency / queue depth',
      },
    ),
    criterion('WAF-PERF-090', 4, 'no gp2, io1 or magnetic left (100%)', {
      observe: [needs('storage.noLegacy', 'all')],
      hint: 'migrate the remaining gp2/io1/magnetic volumes and RDS storage to gp3 or io2',
    }),
    attested('WAF-PERF-090', 5, 'intelligent tiering, auto-tuning (attested)'),
  ],
};
