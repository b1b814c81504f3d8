/**
 * Alarm concepts: which alarms alert, on what, with which statistic. Read by the CloudWatch checks and the score.
 *
 * - Alerting alarm: a metric alarm whose actions are enabled and that has an alarm action, or that feeds a
 *   composite alarm that does ("Alarm actions", "Composite alarms":
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html,
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html).
 * - Percentile alarm: an alerting alarm with an extended statistic p95 or higher, or a percentile stat in its
 *   metric math ("Percentiles": https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Percentiles).
 * - Anomaly alarm: an alerting alarm whose threshold is an ANOMALY_DETECTION_BAND
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Anomaly_Detection_Alarm.html).
 * - Burn-rate alarm: an alerting alarm on the Application Signals `BurnRate` metric of an SLO (its SloName
 *   dimension names the SLO), or metric math over the SLO's own metrics that divides by an error budget
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-ServiceLevelObjectives.html#CloudWatch-ServiceLevelObjectives-burn).
 *   Never recognised by its name.
 */
import type {
  AlarmMetricRef,
  CompositeAlarmFacts,
  MetricAlarmFacts,
  ServiceLevelObjective,
} from '#lib/model/index.js';
import { entryPointOf, isLatencyMetric } from './latency.js';
import type { EntryPoint } from './entry-points.js';

/** "P95/P99" alerting (maturity model WAF-PERF-050 L3, checklist L3-1): p95 or higher. */
export const PERCENTILE_ALARM_MIN = 95;

const PERCENTILE = /^p(\d+(?:\.\d+)?)$/i;
const ANOMALY_BAND = /ANOMALY_DETECTION_BAND\s*\(/i;
/** Division by an error budget: `/ (1 - 0.999)`, `/(1-.99)`, `/ 0.001`. */
const ERROR_BUDGET_DIVISION = /\/\s*\(?\s*(1\s*-\s*0?\.\d+|0?\.0\d*)\s*\)?/;
const APPLICATION_SIGNALS = new Set(['ApplicationSignals', 'AWS/ApplicationSignals']);

/** The metrics an alarm reads: its recorded list, or (older snapshots) its own metric. */
export function alarmMetrics(a: MetricAlarmFacts): AlarmMetricRef[] {
  if (a.metrics && a.metrics.length > 0) return a.metrics;
  if (a.namespace && a.metricName) {
    return [
      {
        namespace: a.namespace,
        metricName: a.metricName,
        dimensions: a.dimensions,
        ...(a.extendedStatistic || a.statistic ? { stat: a.extendedStatistic ?? a.statistic } : {}),
      },
    ];
  }
  return [];
}

function composites(a: MetricAlarmFacts, all: readonly CompositeAlarmFacts[]): CompositeAlarmFacts[] {
  return all.filter((c) => [`"${a.name}"`, `(${a.name})`, a.arn].some((ref) => c.rule.includes(ref)));
}

/** Alerting: actions enabled and an alarm action, or feeds a composite alarm that alerts. */
export function isAlertingAlarm(a: MetricAlarmFacts, all: readonly CompositeAlarmFacts[]): boolean {
  if (a.actionsEnabled && a.hasActions) return true;
  // A child alarm's own ActionsEnabled does not matter to the composite it feeds.
  return composites(a, all).some((c) => c.actionsEnabled !== false && c.hasActions !== false);
}

/** The percentile an alarm evaluates (extended statistic, or a percentile stat in its math), if any. */
export function alarmPercentile(a: MetricAlarmFacts): number | undefined {
  const stats = [a.extendedStatistic, ...alarmMetrics(a).map((m) => m.stat)];
  let best: number | undefined;
  for (const s of stats) {
    const m = PERCENTILE.exec(s ?? '');
    if (m) best = Math.max(best ?? 0, Number(m[1]));
  }
  return best;
}

/** Reads a latency metric (an entry point's, or any metric named as latency). */
export function isLatencyAlarm(a: MetricAlarmFacts): boolean {
  return alarmMetrics(a).some((m) => isLatencyMetric(m.namespace, m.metricName));
}

export function isPercentileAlarm(
  a: MetricAlarmFacts,
  all: readonly CompositeAlarmFacts[],
  minPercentile = PERCENTILE_ALARM_MIN,
): boolean {
  return (alarmPercentile(a) ?? 0) >= minPercentile && isAlertingAlarm(a, all);
}

export function hasAnomalyBand(a: MetricAlarmFacts): boolean {
  return a.anomalyDetection || (a.expressions ?? []).some((e) => ANOMALY_BAND.test(e));
}

export function isAnomalyAlarm(a: MetricAlarmFacts, all: readonly CompositeAlarmFacts[]): boolean {
  return hasAnomalyBand(a) && isAlertingAlarm(a, all);
}

/** The entry points whose latency metric the alarm reads. */
export function alarmEntryPoints(a: MetricAlarmFacts): string[] {
  const out = new Set<string>();
  for (const m of alarmMetrics(a)) {
    const ep = entryPointOf(m);
    if (ep) out.add(ep.id);
  }
  return [...out];
}

/**
 * Whether the alarm watches this entry point's latency: same metric, same resource; an alarm without the
 * stage (`ApiName` only) watches every stage of the API.
 */
export function alarmWatches(a: MetricAlarmFacts, ep: EntryPoint): boolean {
  return alarmMetrics(a).some((m) => {
    if (m.namespace !== ep.def.namespace || m.metricName !== ep.def.metricName) return false;
    if (m.dimensions[ep.def.key] !== ep.dimensions[ep.def.key]) return false;
    const part = ep.def.part;
    return (
      part === undefined || m.dimensions[part] === undefined || m.dimensions[part] === ep.dimensions[part]
    );
  });
}

/** The SLO names an alarm reads Application Signals SLO metrics of (SloName dimension). */
function sloNamesRead(a: MetricAlarmFacts, metricName?: string): Set<string> {
  const out = new Set<string>();
  for (const m of alarmMetrics(a)) {
    if (!APPLICATION_SIGNALS.has(m.namespace)) continue;
    if (metricName && m.metricName !== metricName) continue;
    const slo = m.dimensions.SloName;
    if (slo !== undefined) out.add(slo);
  }
  return out;
}

const sameMetric = (x: AlarmMetricRef, y: AlarmMetricRef): boolean =>
  x.namespace === y.namespace &&
  x.metricName === y.metricName &&
  Object.keys(y.dimensions).every((k) => x.dimensions[k] === y.dimensions[k]);

/**
 * A burn-rate alarm of this SLO (alerting or not; combine with isAlertingAlarm): it reads the SLO's BurnRate
 * metric, or is metric math dividing by an error budget over the SLO's own metrics (its SloName metrics, or the
 * metrics of its SLI).
 */
export function isBurnRateAlarmOf(a: MetricAlarmFacts, slo: ServiceLevelObjective): boolean {
  const names = [slo.name, slo.arn];
  if (names.some((n) => sloNamesRead(a, 'BurnRate').has(n))) return true;
  const divides = (a.expressions ?? []).some((e) => ERROR_BUDGET_DIVISION.test(e));
  if (!divides) return false;
  if (names.some((n) => sloNamesRead(a).has(n))) return true;
  const sli = slo.sliMetrics ?? [];
  const service = slo.service;
  return alarmMetrics(a).some(
    (m) =>
      sli.some((s) => sameMetric(m, s)) ||
      (service !== undefined && APPLICATION_SIGNALS.has(m.namespace) && m.dimensions.Service === service),
  );
}

/** The SLO's alerting burn-rate alarms. */
export function burnRateAlarmsOf(
  slo: ServiceLevelObjective,
  alarms: readonly MetricAlarmFacts[],
  all: readonly CompositeAlarmFacts[],
): MetricAlarmFacts[] {
  return alarms.filter((a) => isBurnRateAlarmOf(a, slo) && isAlertingAlarm(a, all));
}

/** Multi-window burn-rate alerting: alerting burn-rate alarms on at least two look-back windows. */
export function hasMultiWindowBurnRate(
  slo: ServiceLevelObjective,
  alarms: readonly MetricAlarmFacts[],
  all: readonly CompositeAlarmFacts[],
): boolean {
  const windows = new Set<string>();
  let math = 0;
  for (const a of burnRateAlarmsOf(slo, alarms, all)) {
    const w = alarmMetrics(a).find((m) => m.metricName === 'BurnRate')?.dimensions.BurnRateWindowMinutes;
    if (w !== undefined) windows.add(w);
    else math++;
  }
  return windows.size + math >= 2;
}

/** An SLO on latency (period-based LATENCY metric type, or a latency SLI). */
export function isLatencySlo(slo: ServiceLevelObjective): boolean {
  return slo.metricType?.toUpperCase() === 'LATENCY' || /latency/i.test(slo.sliKind ?? '');
}
