import { defineCheck, type CheckResult } from '../types.js';
import {
  findMetric,
  fmt,
  isNum,
  lastDays,
  MIN_CPU_HOURS,
  missingSlice,
  rdsInstanceMetric,
  roundBeside,
  windowLabel,
} from '../support.js';
import { isStoppedDb } from '../rds-instance-facts.js';

const NEEDS = ['rds.instances', 'metrics'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';
const NS = 'AWS/RDS';
const HOUR = 3600;

/** Saturated DB instance CPU: Trusted Advisor's EC2 high-utilization rule (ZRxQlPsb6c) applied to RDS. */
export const rdsInstanceCpuNotSaturated = defineCheck<'highCpuPercent' | 'minDays' | 'minHours'>({
  id: 'rds-instance-cpu-not-saturated',
  title: 'RDS DB instances are not saturated on CPU',
  service: 'rds',
  control: 'WAF-PERF-010',
  severity: 'high',
  rationale:
    'A DB instance averaging above 90% CPU for whole days queues queries: every request waits. The rule is Trusted ' +
    'Advisor\'s "High Utilization" (ZRxQlPsb6c) for EC2, daily average above 90% on at least 4 of the last 14 days.',
  remediation: {
    change: 'resize',
    text:
      'Find the top SQL by DB load in Performance Insights / Database Insights first (an index often beats a bigger ' +
      'class), then scale up or move reads to a replica.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.UsingDashboard.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html',
    ],
    impact: 'Removes CPU queuing: lower query latency and headroom for peaks.',
  },
  needs: NEEDS,
  thresholds: {
    highCpuPercent: {
      default: 90,
      unit: 'Percent',
      description: 'A day counts as saturated when its average CPU is above this.',
      source: 'Trusted Advisor ZRxQlPsb6c (High Utilization Amazon EC2 Instances)',
      min: 0,
      max: 100,
    },
    minDays: {
      default: 4,
      unit: 'days',
      description: 'Saturated days in the window needed to flag the instance.',
      source: 'Trusted Advisor ZRxQlPsb6c (4 of the last 14 days)',
      min: 1,
    },
    minHours: MIN_CPU_HOURS,
  },
  evaluate(snapshot, { thresholds: t }) {
    const rds = snapshot.rds;
    if (!rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const db of rds.instances) {
      if (isStoppedDb(db)) continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: db.dbInstanceId,
        resourceArn: db.arn,
        resourceName: db.dbInstanceId,
      };
      const who = `${db.dbInstanceId} (${db.dbInstanceClass})`;
      const avg = findMetric(snapshot, rdsInstanceMetric(db.dbInstanceId, 'CPUUtilization', 'Average', HOUR));
      const hours = avg?.datapoints ?? 0;
      const days = lastDays(avg?.dailyMeans, snapshot.window.days).filter(isNum);
      if (!avg || hours < t.minHours || days.length === 0) {
        results.push({
          ...base,
          status: 'unknown',
          message:
            hours < t.minHours
              ? `${who}: ${hours} hourly CPU datapoints in the window, fewer than the ${t.minHours} needed.`
              : `${who}: the hourly CPU series has ${hours} datapoints but no daily averages, so saturated days cannot be counted.`,
          evidence: [
            {
              label: 'Hourly CPU datapoints',
              value: hours,
              metric: `${NS}/CPUUtilization`,
              threshold: `>= ${t.minHours}`,
            },
          ],
        });
        continue;
      }
      const hot = days.filter((d) => d > t.highCpuPercent).length;
      const evidence = [
        {
          label: `Days with average CPU above ${fmt(t.highCpuPercent)}%`,
          value: hot,
          unit: 'days',
          metric: `${NS}/CPUUtilization`,
          statistic: 'daily mean of hourly Average',
          window: windowLabel(avg.windowDays, HOUR),
          threshold: `< ${t.minDays} of ${days.length}`,
          source: 'Trusted Advisor ZRxQlPsb6c rule',
        },
        {
          label: 'Highest daily average CPU',
          value: roundBeside(Math.max(...days), t.highCpuPercent, 1),
          unit: 'Percent',
          metric: `${NS}/CPUUtilization`,
        },
      ];
      const state = `daily average CPU above ${fmt(t.highCpuPercent)}% on ${hot} of the last ${days.length} days`;
      results.push(
        hot >= t.minDays
          ? {
              ...base,
              status: 'fail',
              message: `${who} is saturated: ${state} (flagged at ${t.minDays}).`,
              evidence,
            }
          : { ...base, status: 'pass', message: `${who}: ${state} (flagged at ${t.minDays}).`, evidence },
      );
    }
    return results;
  },
});
