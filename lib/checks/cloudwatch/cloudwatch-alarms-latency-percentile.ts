import type { CloudWatchSlice, EvidenceItem, MetricAlarmFacts } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind, failUnlessNoWorkloads } from '../absence.js';
import { applyGapRule, missingSlice } from '../support.js';

const NEEDS = ['cloudwatch.alarms'];
const RESOURCE_TYPE = 'AWS::CloudWatch::Alarm';
/** Metric names that measure latency across AWS services (TargetResponseTime, Latency, IntegrationLatency, Duration, ...). */
const LATENCY_METRIC = /latency|duration|response[\s_-]?time|ttfb|elapsed/i;
const PERCENTILE = /^p(\d+(?:\.\d+)?)$/i;

const isLatency = (a: MetricAlarmFacts) =>
  LATENCY_METRIC.test(a.metricName ?? '') || a.mathMetricNames.some((n) => LATENCY_METRIC.test(n));

function percentile(a: MetricAlarmFacts): number | undefined {
  const m = PERCENTILE.exec(a.extendedStatistic ?? '');
  return m ? Number(m[1]) : undefined;
}

/** An alarm alerts when its actions are on and it notifies, directly or through a composite alarm that names it. */
const alerts = (a: MetricAlarmFacts, cw: CloudWatchSlice) =>
  a.actionsEnabled &&
  (a.hasActions ||
    cw.compositeAlarms.some((c) =>
      [`"${a.name}"`, `(${a.name})`, a.arn].some((ref) => c.rule.includes(ref)),
    ));

/**
 * Unit-wide: at least one latency alarm alerts on a p95 or higher percentile (WAF-PERF-050 L3, "P99 alerting").
 * Not applicable in a unit without workloads (absence.ts failUnlessNoWorkloads).
 */
export const cloudwatchAlarmsLatencyPercentile = defineCheck<'minPercentile'>({
  id: 'cloudwatch-alarms-latency-percentile',
  title: 'Latency alarms alert on p95/p99 percentiles, not averages',
  service: 'cloudwatch',
  control: 'WAF-PERF-050',
  severity: 'medium',
  rationale:
    'Averages hide the slow tail: 5% of requests can take seconds while the average looks healthy. Alarms on p95/p99 ' +
    'latency catch what users feel. Latency alarms on averages are WAF-PERF-050 L2; p95/p99 alerting is L3. ' +
    'In a region without workloads (no running instance, database, cache, scaling target or Lambda function with ' +
    'traffic) it does not apply and passes as not applicable.',
  remediation: {
    text:
      'Create CloudWatch alarms on the p95 or p99 extended statistic of the latency metrics of user-facing services ' +
      '(e.g. ALB TargetResponseTime, API Gateway Latency, Lambda Duration), with an SNS action.',
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Percentiles',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ConsoleAlarms.html',
    ],
    impact: 'Tail-latency regressions page someone before most users notice them.',
  },
  needs: NEEDS,
  thresholds: {
    minPercentile: {
      default: 95,
      unit: 'percentile',
      description: 'Lowest percentile statistic that counts as tail-latency alerting.',
      source: 'Maturity model WAF-PERF-050 L3 (formal SLOs; P95/P99 alerting)',
      min: 50,
      max: 100,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const cw = snapshot.cloudwatch;
    if (!cw) return missingSlice(snapshot, 'cloudwatch', RESOURCE_TYPE);
    const latency = cw.metricAlarms.filter(isLatency);
    const tail = latency.filter((a) => (percentile(a) ?? 0) >= t.minPercentile);
    const alerting = tail.filter((a) => alerts(a, cw));
    const onAverages = latency.filter((a) => percentile(a) === undefined);
    const sample = (xs: MetricAlarmFacts[]) =>
      xs
        .slice(0, 5)
        .map((a) => `${a.name} (${a.extendedStatistic ?? a.statistic ?? 'math'})`)
        .join(', ');
    const evidence: EvidenceItem[] = [
      {
        label: 'Metric alarms',
        value: cw.metricAlarms.length,
        unit: 'count',
        source: 'cloudwatch:DescribeAlarms',
      },
      { label: 'Latency alarms', value: latency.length, unit: 'count' },
      {
        label: `Latency alarms on p${t.minPercentile} or higher that alert`,
        value: alerting.length,
        unit: 'count',
        threshold: '>= 1',
      },
      {
        label: 'Latency alarms on averages or other simple statistics',
        value: onAverages.length,
        unit: 'count',
      },
    ];
    if (alerting.length > 0) evidence.push({ label: 'Examples', value: sample(alerting) });
    const result =
      alerting.length > 0
        ? {
            status: 'pass' as const,
            message: `${alerting.length} latency alarm(s) alert on p${t.minPercentile} or higher, e.g. ${sample(alerting.slice(0, 2))}.`,
          }
        : {
            status: 'fail' as const,
            message:
              latency.length === 0
                ? cw.metricAlarms.length === 0
                  ? 'No metric alarm is defined in this region, so no latency alarm either.'
                  : `None of the ${cw.metricAlarms.length} metric alarms watches a latency metric.`
                : `No latency alarm alerts on p${t.minPercentile} or higher: ${latency.length} latency alarm(s), ${onAverages.length} on simple statistics${tail.length > alerting.length ? `, ${tail.length - alerting.length} percentile alarm(s) without actions` : ''}.`,
          };
    let unit: CheckResult = { resourceType: RESOURCE_TYPE, resourceId: '*', ...result, evidence };
    if (unit.status === 'fail') unit = failUnlessBlind(snapshot, NEEDS, unit);
    // Lacking latency alarms is a finding only where something serves requests.
    if (unit.status === 'fail') unit = failUnlessNoWorkloads(snapshot, unit);
    return applyGapRule(snapshot, NEEDS, RESOURCE_TYPE, [unit]);
  },
});
