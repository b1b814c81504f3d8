/** Measures over request entry points and SLOs (WAF-PERF-050, checklist L2-2, L3-1..3, L4-1). */
import type { Snapshot } from '#lib/model/index.js';
import {
  alarmWatches,
  burnRateAlarmsOf,
  hasMultiWindowBurnRate,
  isAlertingAlarm,
  isAnomalyAlarm,
  isPercentileAlarm,
} from '#lib/concepts/alarms.js';
import { requestEntryPoints, sloCoversEntryPoint, type EntryPoint } from '#lib/concepts/entry-points.js';
import type { MeasureDef } from '../types.js';
import { count, tally, USES } from './support.js';

const SOURCES = ['cloudwatch.alarms', 'cloudwatch.entryPoints'] as const;

function perEntryPoint(
  s: Snapshot,
  judge: (ep: EntryPoint, cw: NonNullable<Snapshot['cloudwatch']>) => boolean,
) {
  const cw = s.cloudwatch;
  if (!cw) return tally(0, 0);
  return count(requestEntryPoints(s), (ep) => judge(ep, cw));
}

export const MONITORING_MEASURES: readonly MeasureDef[] = [
  {
    id: 'entryPoints.latencyAlarm',
    denominator: 'request entry points',
    meets: 'have an alerting alarm on their latency (any statistic)',
    sources: SOURCES,
    uses: [USES.entryPoints, USES.alarms],
    tally: ({ snapshot: s }) =>
      perEntryPoint(s, (ep, cw) =>
        cw.metricAlarms.some((a) => alarmWatches(a, ep) && isAlertingAlarm(a, cw.compositeAlarms)),
      ),
  },
  {
    id: 'entryPoints.percentileOrSlo',
    denominator: 'request entry points',
    meets: 'alarm on p95/p99 latency or have a latency SLO',
    sources: [...SOURCES, 'cloudwatch.slos'],
    uses: [USES.entryPoints, USES.alarms, USES.slos],
    tally: ({ snapshot: s }) =>
      perEntryPoint(
        s,
        (ep, cw) =>
          cw.metricAlarms.some((a) => alarmWatches(a, ep) && isPercentileAlarm(a, cw.compositeAlarms)) ||
          (cw.slos ?? []).some((slo) => sloCoversEntryPoint(slo, ep)),
      ),
  },
  {
    id: 'entryPoints.latencySlo',
    denominator: 'request entry points (production-critical services)',
    meets: 'have a latency SLO (p95/p99 target)',
    sources: [...SOURCES, 'cloudwatch.slos'],
    uses: [USES.entryPoints, USES.slos],
    tally: ({ snapshot: s }) =>
      perEntryPoint(s, (ep, cw) => (cw.slos ?? []).some((slo) => sloCoversEntryPoint(slo, ep))),
  },
  {
    id: 'entryPoints.anomalyOrMultiWindow',
    denominator: 'request entry points',
    meets:
      'have an alerting anomaly-detection alarm on their latency or a latency SLO with multi-window burn-rate alarms',
    sources: [...SOURCES, 'cloudwatch.slos'],
    uses: [USES.entryPoints, USES.alarms, USES.slos],
    tally: ({ snapshot: s }) =>
      perEntryPoint(
        s,
        (ep, cw) =>
          cw.metricAlarms.some((a) => alarmWatches(a, ep) && isAnomalyAlarm(a, cw.compositeAlarms)) ||
          (cw.slos ?? []).some(
            (slo) =>
              sloCoversEntryPoint(slo, ep) &&
              hasMultiWindowBurnRate(slo, cw.metricAlarms, cw.compositeAlarms),
          ),
      ),
  },
  {
    id: 'slos.exist',
    denominator: 'Application Signals SLOs',
    meets: 'measure their SLI continuously',
    sources: ['cloudwatch.slos'],
    uses: [USES.slos],
    tally: ({ snapshot: s }) => {
      const n = s.cloudwatch?.slos?.length ?? 0;
      return tally(n, n);
    },
  },
  {
    id: 'slos.burnRate',
    denominator: 'Application Signals SLOs',
    meets: 'have an alerting burn-rate alarm (error budget)',
    sources: ['cloudwatch.slos', 'cloudwatch.alarms'],
    uses: [USES.slos, USES.alarms],
    tally: ({ snapshot: s }) => {
      const cw = s.cloudwatch;
      return count(
        cw?.slos ?? [],
        (slo) => burnRateAlarmsOf(slo, cw?.metricAlarms ?? [], cw?.compositeAlarms ?? []).length > 0,
      );
    },
  },
];
