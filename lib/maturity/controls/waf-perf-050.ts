import { criterion, needs } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-050 SLOs & Monitoring: request entry points (lib/concepts/entry-points.ts). */
export const WAF_PERF_050: ControlDef = {
  id: 'WAF-PERF-050',
  name: 'SLOs & Monitoring',
  levels: {
    1: 'no SLOs',
    2: 'informal targets, average values',
    3: 'formal SLOs; P99 alerting',
    4: 'error budget management',
    5: 'predictive burn rate alerts',
  },
  subject: { measure: 'subject.workloads', none: 'no workloads' },
  criteria: [
    criterion(
      'WAF-PERF-050',
      2,
      "at least one alerting alarm on an entry point's latency (averages are enough)",
      {
        observe: [needs('entryPoints.latencyAlarm', 'one')],
        hint: 'create an alarm with an action on the latency of a load balancer, API or service',
      },
    ),
    criterion('WAF-PERF-050', 3, 'percentile alarm (p95+) or latency SLO on most entry points', {
      observe: [needs('entryPoints.percentileOrSlo', 'most')],
      hint: 'alarm on p95/p99 latency (extended statistics) of each entry point, or define latency SLOs',
    }),
    criterion('WAF-PERF-050', 4, 'most SLOs have burn-rate alarms (error budget)', {
      observe: [needs('slos.burnRate', 'most')],
      items: ['L4-1'],
      hint: 'add burn-rate alarms (with an action) to the SLOs',
    }),
    criterion('WAF-PERF-050', 5, 'anomaly or multi-window burn-rate alarms on most entry points', {
      observe: [needs('entryPoints.anomalyOrMultiWindow', 'most')],
      hint: 'create anomaly-detection alarms on entry-point latency, or multi-window burn-rate alarms on their SLOs',
    }),
  ],
};
