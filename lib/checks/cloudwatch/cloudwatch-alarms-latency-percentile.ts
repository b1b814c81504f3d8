import type { EvidenceItem, MetricAlarmFacts, Snapshot } from '#lib/model/index.js';
import {
  alarmPercentile,
  alarmWatches,
  isAlertingAlarm,
  isLatencyAlarm,
  isPercentileAlarm,
} from '#lib/concepts/alarms.js';
import { requestEntryPoints, sloCoversEntryPoint, type EntryPoint } from '#lib/concepts/entry-points.js';
import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind, failUnlessNoWorkloads } from '../absence.js';
import { missingSlice } from '../support.js';

const NEEDS = ['cloudwatch.alarms', 'cloudwatch.entryPoints'];
const UNIT_TYPE = 'AWS::CloudWatch::Alarm';

const sample = (xs: MetricAlarmFacts[]) =>
  xs
    .slice(0, 3)
    .map((a) => `${a.name} (${a.extendedStatistic ?? a.statistic ?? 'math'})`)
    .join(', ');

/** What covers one entry point: its alerting percentile alarms, its latency SLOs, and the rest for evidence. */
export function entryPointLatencyCoverage(snapshot: Snapshot, ep: EntryPoint, minPercentile: number) {
  const cw = snapshot.cloudwatch;
  const alarms = (cw?.metricAlarms ?? []).filter((a) => alarmWatches(a, ep));
  const percentile = alarms.filter((a) => isPercentileAlarm(a, cw?.compositeAlarms ?? [], minPercentile));
  const slos = (cw?.slos ?? []).filter((s) => sloCoversEntryPoint(s, ep));
  return { alarms, percentile, slos, covered: percentile.length > 0 || slos.length > 0 };
}

/**
 * One result per request entry point (lib/concepts/entry-points.ts): it passes when an alerting alarm watches its
 * latency on p95 or higher, or a latency SLO covers it (WAF-PERF-050 L3, "P99 alerting"); the score counts the
 * same entry points the same way. Where no entry point emits latency, one unit-wide result says whether any
 * latency alarm alerts on a percentile (not applicable in a unit without workloads).
 */
export const cloudwatchAlarmsLatencyPercentile = defineCheck<'minPercentile'>({
  id: 'cloudwatch-alarms-latency-percentile',
  title: 'Request entry points alarm on p95/p99 latency, not averages',
  service: 'cloudwatch',
  control: 'WAF-PERF-050',
  severity: 'medium',
  rationale:
    'Averages hide the slow tail: 5% of requests can take seconds while the average looks healthy. Alarms on p95/p99 ' +
    'latency of every request entry point (load balancer, API stage, GraphQL API, CloudFront distribution, ' +
    'Application Signals service) catch what users feel. Latency alarms on averages are WAF-PERF-050 L2; p95/p99 ' +
    'alerting (or a latency SLO) on most entry points is L3. An alarm counts only when it alerts: an alarm action, ' +
    'or it feeds a composite alarm with one.',
  remediation: {
    change: 'latency-alarm',
    text:
      'Create CloudWatch alarms on the p95 or p99 extended statistic of each entry point latency metric (ALB ' +
      'TargetResponseTime, API Gateway Latency, AppSync Latency, CloudFront OriginLatency, Application Signals ' +
      'Latency) with an SNS action, or define an Application Signals latency SLO for it.',
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Percentiles',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ConsoleAlarms.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-ServiceLevelObjectives.html',
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
    if (!cw) return missingSlice(snapshot, 'cloudwatch', UNIT_TYPE);
    const entryPoints = requestEntryPoints(snapshot);
    if (entryPoints.length > 0) {
      const results: CheckResult[] = entryPoints.map((ep) => {
        const c = entryPointLatencyCoverage(snapshot, ep, t.minPercentile);
        const name = ep.dimensions[ep.def.key] ?? ep.id;
        const part = ep.def.part ? ep.dimensions[ep.def.part] : undefined;
        const who = `${ep.def.kind} ${name}${part ? ` (${ep.def.part} ${part})` : ''}`;
        const evidence: EvidenceItem[] = [
          {
            label: 'Latency metric',
            value: `${ep.def.namespace} ${ep.def.metricName}`,
            source: 'cloudwatch:ListMetrics',
          },
          {
            label: `Alerting alarms on p${t.minPercentile} or higher`,
            value: c.percentile.map((a) => a.name).join(', ') || 'none',
            threshold: '>= 1 (or a latency SLO)',
            source: 'cloudwatch:DescribeAlarms',
          },
          { label: 'Latency SLOs', value: c.slos.map((s) => s.name).join(', ') || 'none' },
          {
            label: 'Other alarms on its latency',
            value: sample(c.alarms.filter((a) => !c.percentile.includes(a))) || 'none',
          },
        ];
        const base = { resourceType: ep.def.resourceType, resourceId: ep.id, resourceName: who };
        if (c.covered) {
          const how = [
            c.percentile.length > 0 ? `${c.percentile.length} alerting p${t.minPercentile}+ alarm(s)` : '',
            c.slos.length > 0 ? `${c.slos.length} latency SLO(s)` : '',
          ].filter(Boolean);
          return {
            ...base,
            status: 'pass' as const,
            message: `${who} is watched by ${how.join(' and ')}.`,
            evidence,
          };
        }
        const others = c.alarms.length;
        const silent = c.alarms.filter(
          (a) => (alarmPercentile(a) ?? 0) >= t.minPercentile && !isAlertingAlarm(a, cw.compositeAlarms),
        ).length;
        return failUnlessBlind(snapshot, ['cloudwatch.alarms'], {
          ...base,
          status: 'fail',
          message: `${who} has no alerting alarm on p${t.minPercentile}+ latency and no latency SLO (${others} alarm(s) on its latency${silent > 0 ? `, ${silent} percentile alarm(s) without an action` : ''}).`,
          evidence,
        });
      });
      return results;
    }

    // No entry point emits latency: judge the unit's latency alarms as a whole.
    const latency = cw.metricAlarms.filter(isLatencyAlarm);
    const alerting = latency.filter((a) => isPercentileAlarm(a, cw.compositeAlarms, t.minPercentile));
    const evidence: EvidenceItem[] = [
      {
        label: 'Request entry points emitting latency',
        value: 0,
        unit: 'count',
        source: 'cloudwatch:ListMetrics',
      },
      { label: 'Latency alarms', value: latency.length, unit: 'count', source: 'cloudwatch:DescribeAlarms' },
      {
        label: `Alerting latency alarms on p${t.minPercentile} or higher`,
        value: alerting.length,
        unit: 'count',
        threshold: '>= 1',
      },
    ];
    let unit: CheckResult = {
      resourceType: UNIT_TYPE,
      resourceId: '*',
      evidence,
      ...(alerting.length > 0
        ? {
            status: 'pass' as const,
            message: `No request entry point emits latency here; ${alerting.length} latency alarm(s) alert on p${t.minPercentile} or higher, e.g. ${sample(alerting)}.`,
          }
        : {
            status: 'fail' as const,
            message:
              latency.length === 0
                ? `No alarm watches a latency metric (${cw.metricAlarms.length} metric alarm(s)).`
                : `No latency alarm alerts on p${t.minPercentile} or higher: ${latency.length} latency alarm(s) on averages, other statistics or without actions.`,
          }),
    };
    if (unit.status === 'fail') unit = failUnlessBlind(snapshot, NEEDS, unit);
    if (unit.status === 'fail') unit = failUnlessNoWorkloads(snapshot, unit);
    return [unit];
  },
});
