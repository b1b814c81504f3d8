import type { EvidenceItem } from '#lib/model/index.js';
import { burnRateAlarmsOf, isAlertingAlarm, isBurnRateAlarmOf } from '#lib/concepts/alarms.js';
import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind, failUnlessNoWorkloads } from '../absence.js';
import { missingSlice } from '../support.js';

// Burn-rate windows read per SLO (cloudwatch.slos.burnRate) are evidence only, so that gap is not needed here.
const NEEDS = ['cloudwatch.slos', 'cloudwatch.alarms'];
const RESOURCE_TYPE = 'AWS::ApplicationSignals::ServiceLevelObjective';

/**
 * SLOs exist (Application Signals) and each has an alerting burn-rate alarm (lib/concepts/alarms.ts: an alarm on
 * the SLO's BurnRate metric, or error-budget math over the SLO's own metrics; never found by name). The score's
 * "most SLOs have burn-rate alarms" counts the same alarms. "No SLO at all" does not apply in a unit without
 * workloads (absence.ts failUnlessNoWorkloads).
 */
export const cloudwatchSlosBurnRateAlarms = defineCheck({
  id: 'cloudwatch-slos-burn-rate-alarms',
  title: 'Service level objectives exist and have burn-rate alarms',
  service: 'cloudwatch',
  control: 'WAF-PERF-050',
  severity: 'medium',
  rationale:
    'Formal SLOs with continuously measured SLIs are WAF-PERF-050 L3 (checklist items L3-1, L3-2); alerting on how ' +
    'fast the error budget burns is error budget management, L4 (item L3-3). Without SLOs, performance targets stay informal. ' +
    'In a region without workloads (no running instance, database, cache, scaling target or Lambda function with ' +
    'traffic) it does not apply and passes as not applicable.',
  remediation: {
    change: 'burn-rate-alarm',
    text:
      'Define Application Signals SLOs (p95/p99 latency and availability) for production-critical services, configure ' +
      'burn-rate windows (e.g. 60 and 5 minutes), and create CloudWatch alarms on the BurnRate metric for each SLO.',
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-ServiceLevelObjectives.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-ServiceLevelObjectives.html#CloudWatch-ServiceLevelObjectives-burn',
    ],
    impact: 'Pages fire when the error budget is burning fast, before the SLO is breached.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const cw = snapshot.cloudwatch;
    if (!cw) return missingSlice(snapshot, 'cloudwatch', RESOURCE_TYPE);
    const slos = cw.slos ?? [];
    const burnAlarms = cw.metricAlarms.filter(
      (a) => isAlertingAlarm(a, cw.compositeAlarms) && slos.some((s) => isBurnRateAlarmOf(a, s)),
    );
    const unitEvidence: EvidenceItem[] = [
      {
        label: 'Alerting burn-rate alarms',
        value: burnAlarms.length,
        unit: 'count',
        source: 'cloudwatch:DescribeAlarms',
      },
    ];
    let results: CheckResult[];
    if (cw.slos === undefined) {
      results = [
        {
          resourceType: RESOURCE_TYPE,
          resourceId: '*',
          status: 'unknown',
          message:
            'Application Signals SLOs were not collected in this region, so SLOs and their burn-rate alarms cannot be judged.',
          evidence: unitEvidence,
        },
      ];
    } else if (cw.slos.length === 0) {
      const none = failUnlessBlind(snapshot, ['cloudwatch.slos'], {
        resourceType: RESOURCE_TYPE,
        resourceId: '*',
        status: 'fail',
        message: `No service level objective is defined (Application Signals); ${burnAlarms.length} burn-rate alarm(s) found.`,
        evidence: [
          {
            label: 'Service level objectives',
            value: 0,
            unit: 'count',
            threshold: '>= 1',
            source: 'application-signals:ListServiceLevelObjectives',
          },
          ...unitEvidence,
        ],
      });
      // No SLO is a finding only where a workload could have one.
      results = [none.status === 'fail' ? failUnlessNoWorkloads(snapshot, none) : none];
    } else {
      results = cw.slos.map((slo) => {
        const alarms = burnRateAlarmsOf(slo, cw.metricAlarms, cw.compositeAlarms);
        const evidence: EvidenceItem[] = [
          { label: 'SLI', value: [slo.sliKind, slo.metricType].filter(Boolean).join(' / ') || null },
          { label: 'Attainment goal', value: slo.goalAttainment ?? null, unit: 'Percent' },
          {
            label: 'Burn-rate windows',
            value: slo.burnRateWindowsMinutes.join(', ') || 'none read',
            unit: 'minutes',
            source: 'application-signals:GetServiceLevelObjective',
          },
          {
            label: 'Burn-rate alarms',
            value: alarms.map((a) => a.name).join(', ') || 'none',
            threshold: '>= 1',
            source: 'cloudwatch:DescribeAlarms',
          },
        ];
        const base = {
          resourceType: RESOURCE_TYPE,
          resourceId: slo.name,
          resourceArn: slo.arn,
          resourceName: slo.name,
        };
        return alarms.length > 0
          ? {
              ...base,
              status: 'pass' as const,
              message: `SLO ${slo.name} has ${alarms.length} burn-rate alarm(s).`,
              evidence,
            }
          : failUnlessBlind(snapshot, ['cloudwatch.alarms'], {
              ...base,
              status: 'fail',
              message: `SLO ${slo.name} has no burn-rate alarm${slo.burnRateWindowsMinutes.length > 0 ? ` (burn-rate windows ${slo.burnRateWindowsMinutes.join(', ')} min are configured but nothing alarms on them)` : ''}.`,
              evidence,
            });
      });
    }
    return results;
  },
});
