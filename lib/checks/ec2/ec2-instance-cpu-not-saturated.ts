import { defineCheck, type CheckResult } from '../types.js';
import { parseInstanceType } from '../instance-families.js';
import {
  MIN_CPU_HOURS,
  ec2InstanceMetric,
  findMetric,
  fmt,
  isNum,
  label,
  lastDays,
  metricName,
  missingSlice,
  round,
  sentence,
  windowLabel,
} from '../support.js';

const NEEDS = ['ec2.instances', 'metrics'];
const RESOURCE_TYPE = 'AWS::EC2::Instance';
const HOUR = 3600;

export const ec2InstanceCpuNotSaturated = defineCheck({
  id: 'ec2-instance-cpu-not-saturated',
  title: 'EC2 instances are not saturated on CPU',
  service: 'ec2',
  control: 'WAF-PERF-010',
  severity: 'high',
  rationale:
    'An instance whose CPU runs near 100% for whole days queues work and answers slowly. The rule is ' +
    'Trusted Advisor\'s "High Utilization Amazon EC2 Instances" (ZRxQlPsb6c): daily average CPU above 90% on ' +
    "at least 4 of the last 14 days. Fewer than 30 hours of data (Compute Optimizer's minimum) gives unknown.",
  remediation: {
    change: 'resize',
    text:
      'Move to a larger size or a compute-optimized family, or spread the load over more instances with an ' +
      'Auto Scaling group; for a burstable (T) instance, move to a fixed-performance type.',
    docs: [
      'https://docs.aws.amazon.com/awssupport/latest/user/performance-checks.html',
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-ec2-recommendations.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html',
    ],
    impact: 'Removes CPU queuing: lower latency and headroom for peaks.',
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
    const ec2 = snapshot.ec2;
    if (!ec2) return missingSlice(snapshot, 'ec2', RESOURCE_TYPE);
    const days = snapshot.window.days;
    const results: CheckResult[] = [];
    for (const inst of ec2.instances) {
      if (inst.state !== 'running') continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: inst.instanceId,
        resourceArn: inst.arn,
        resourceName: inst.name,
      };
      const who = label(inst.instanceId, inst.name, inst.instanceType);
      const spec = ec2InstanceMetric(inst.instanceId, 'CPUUtilization', 'Average', HOUR);
      const avg = findMetric(snapshot, spec);
      const hours = avg?.datapoints ?? 0;
      if (!avg || hours < t.minHours || !avg.dailyMeans || avg.dailyMeans.length === 0) {
        results.push({
          ...base,
          status: 'unknown',
          message: sentence(
            hours === 0
              ? `${who}: no hourly CPU datapoints in the window (${t.minHours} hours needed)`
              : `${who}: ${hours} hourly CPU datapoints in the window, fewer than the ${t.minHours} hours needed`,
          ),
          evidence: [],
        });
        continue;
      }
      const cpuDays = lastDays(avg.dailyMeans, days);
      const highDays = cpuDays.filter((v) => isNum(v) && v > t.highCpuPercent).length;
      const p95 = isNum(avg.p95) ? avg.p95 : undefined;
      const window = windowLabel(avg.windowDays, HOUR);
      const evidence = [
        {
          label: `Days with average CPU > ${fmt(t.highCpuPercent)}%`,
          value: highDays,
          unit: 'days',
          threshold: `>= ${t.minDays} of ${cpuDays.length}`,
          window: `last ${cpuDays.length} days`,
          source: 'Trusted Advisor ZRxQlPsb6c rule',
        },
        {
          label: 'CPU utilization, p95 of hourly averages',
          value: p95 === undefined ? null : round(p95),
          unit: 'Percent',
          metric: metricName(spec),
          statistic: 'p95 of hourly Average',
          window,
        },
        {
          label: 'CPU utilization, mean of hourly averages',
          value: isNum(avg.mean) ? round(avg.mean) : null,
          unit: 'Percent',
          metric: metricName(spec),
          statistic: 'Average',
          window,
        },
      ];
      const p95Text = p95 === undefined ? '' : ` (p95 of hourly averages ${fmt(p95)}%)`;
      const summary = `daily average CPU above ${fmt(t.highCpuPercent)}% on ${highDays} of the last ${cpuDays.length} days${p95Text}`;
      if (highDays < t.minDays) {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(`${who} had ${summary}; flagged at ${t.minDays}`),
          evidence,
        });
        continue;
      }
      const burstable =
        ec2.instanceTypes[inst.instanceType]?.burstable ?? parseInstanceType(inst.instanceType)?.cls === 't';
      const burstNote = burstable
        ? `; ${inst.instanceType} is burstable: sustained CPU above its baseline spends CPU credits (throttled in standard mode, billed in unlimited mode)`
        : '';
      results.push({
        ...base,
        status: 'fail',
        message: sentence(`${who} had ${summary}${burstNote}`),
        evidence,
        impact: burstable
          ? 'A fixed-performance type of the same size removes credit throttling and surplus-credit charges.'
          : 'A larger size or more instances removes CPU queuing.',
      });
    }
    return results;
  },
});
