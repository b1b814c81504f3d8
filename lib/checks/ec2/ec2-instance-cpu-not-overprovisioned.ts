import { defineCheck, type CheckResult } from '../types.js';
import {
  ec2InstanceMetric,
  findMetric,
  fmt,
  fmtBeside,
  isNum,
  label,
  lastDays,
  metricName,
  MIN_CPU_HOURS,
  missingSlice,
  round,
  roundBeside,
  sentence,
  windowLabel,
} from '../support.js';

const NEEDS = ['ec2.instances', 'metrics'];
const RESOURCE_TYPE = 'AWS::EC2::Instance';
const HOUR = 3600;
const DAY = 86400;
/** TA counts network I/O in MB; 10^6 bytes is the stricter reading (flags fewer instances). */
const BYTES_PER_MB = 1_000_000;

export const ec2InstanceCpuNotOverprovisioned = defineCheck({
  id: 'ec2-instance-cpu-not-overprovisioned',
  title: 'EC2 instances are not over-provisioned for CPU',
  service: 'ec2',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'An instance that idles most days holds capacity nobody uses. The rule is Trusted Advisor\'s "Low ' +
    'Utilization Amazon EC2 Instances" (Qch7DwouX1): daily average CPU at or below 10% and network I/O at or ' +
    'below 5 MB on at least 4 of the last 14 days. An instance whose p99 of hourly CPU maxima is above 90% is ' +
    'spiky and is not flagged: it is not downsized on the average alone; one hour above 90% (a reboot, a patch ' +
    'run) does not make it spiky. Fewer than 30 hours of data ' +
    "(Compute Optimizer's minimum) gives unknown.",
  remediation: {
    change: 'resize',
    text:
      'Downsize the instance (or consolidate, or stop it outside working hours); use the Compute Optimizer ' +
      'recommendation for the target type and check memory use (CloudWatch agent) before resizing.',
    docs: [
      'https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html',
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-ec2-recommendations.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-resize.html',
    ],
    impact: 'One size down halves the vCPUs and roughly halves the On-Demand price of the instance.',
  },
  needs: NEEDS,
  thresholds: {
    lowCpuPercent: {
      default: 10,
      unit: 'Percent',
      description: 'A day counts as low when its average CPU is at or below this.',
      source: 'Trusted Advisor Qch7DwouX1 (Low Utilization Amazon EC2 Instances)',
      min: 0,
      max: 100,
    },
    lowNetworkMB: {
      default: 5,
      unit: 'MB',
      description: 'A low day also has network I/O (in + out) at or below this many MB (10^6 bytes).',
      source: 'Trusted Advisor Qch7DwouX1 (Low Utilization Amazon EC2 Instances)',
      min: 0,
    },
    minDays: {
      default: 4,
      unit: 'days',
      description: 'Low days in the window needed to flag the instance.',
      source: 'Trusted Advisor Qch7DwouX1 (4 of the previous 14 days)',
      min: 1,
    },
    spikyMaxPercent: {
      default: 90,
      unit: 'Percent',
      description: 'A p99 of hourly CPU maxima above this marks the instance spiky: not flagged.',
      source: 'service-screener-v2 (from Trusted Advisor): do not downsize on the average alone',
      min: 0,
      max: 100,
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
      const unknown = (why: string) =>
        results.push({ ...base, status: 'unknown', message: sentence(`${who}: ${why}`), evidence: [] });

      const avgSpec = ec2InstanceMetric(inst.instanceId, 'CPUUtilization', 'Average', HOUR);
      const avg = findMetric(snapshot, avgSpec);
      const hours = avg?.datapoints ?? 0;
      if (!avg || hours < t.minHours || !avg.dailyMeans || avg.dailyMeans.length === 0) {
        unknown(
          hours === 0
            ? `no hourly CPU datapoints in the window (${t.minHours} hours needed)`
            : `${hours} hourly CPU datapoints in the window, fewer than the ${t.minHours} hours needed`,
        );
        continue;
      }
      const max = findMetric(snapshot, ec2InstanceMetric(inst.instanceId, 'CPUUtilization', 'Maximum', HOUR));
      if (!max || !isNum(max.max)) {
        unknown('the hourly CPU Maximum series is missing, so spikes cannot be ruled out');
        continue;
      }
      const netIn = findMetric(snapshot, ec2InstanceMetric(inst.instanceId, 'NetworkIn', 'Sum', DAY));
      const netOut = findMetric(snapshot, ec2InstanceMetric(inst.instanceId, 'NetworkOut', 'Sum', DAY));
      if (!netIn?.dailyMeans?.length || !netOut?.dailyMeans?.length) {
        unknown('daily NetworkIn/NetworkOut sums are missing, so network I/O cannot be judged');
        continue;
      }

      // Daily series are oldest first; align them on the most recent day.
      const cpuDays = lastDays(avg.dailyMeans, days);
      const inDays = lastDays(netIn.dailyMeans, cpuDays.length);
      const outDays = lastDays(netOut.dailyMeans, cpuDays.length);
      const netAt = (i: number): number | undefined => {
        const a = inDays[i - (cpuDays.length - inDays.length)];
        const b = outDays[i - (cpuDays.length - outDays.length)];
        return isNum(a) && isNum(b) ? a + b : undefined;
      };
      let lowDays = 0;
      const netTotals: number[] = [];
      cpuDays.forEach((cpu, i) => {
        const net = netAt(i);
        if (net !== undefined) netTotals.push(net);
        // A day without network data never counts as low (no false alarm from a hole).
        if (isNum(cpu) && net !== undefined && cpu <= t.lowCpuPercent && net <= t.lowNetworkMB * BYTES_PER_MB)
          lowDays++;
      });
      const peak = max.max;
      // Robust: the p99 of hourly maxima (the 4th-highest of 336 hours), so one reboot or patch-run hour above
      // 90% does not exempt an otherwise idle instance; a few busy hours still do.
      const spikyLevel = isNum(max.p99) ? max.p99 : peak;
      const spiky = spikyLevel > t.spikyMaxPercent;
      const medianNetMB = median(netTotals) / BYTES_PER_MB;
      const cpuWindow = windowLabel(avg.windowDays, HOUR);
      const evidence = [
        {
          label: `Days with average CPU <= ${fmt(t.lowCpuPercent)}% and network I/O <= ${fmt(t.lowNetworkMB)} MB`,
          value: lowDays,
          unit: 'days',
          threshold: `>= ${t.minDays} of ${cpuDays.length}`,
          window: `last ${cpuDays.length} days`,
          source: 'Trusted Advisor Qch7DwouX1 rule',
        },
        {
          label: 'CPU utilization, mean of hourly averages',
          value: isNum(avg.mean) ? round(avg.mean) : null,
          unit: 'Percent',
          metric: metricName(avgSpec),
          statistic: 'Average',
          window: cpuWindow,
        },
        {
          label: 'CPU utilization, p95 of hourly averages',
          value: isNum(avg.p95) ? round(avg.p95) : null,
          unit: 'Percent',
          metric: metricName(avgSpec),
          statistic: 'p95 of hourly Average',
          window: cpuWindow,
        },
        {
          label: 'CPU utilization, p99 of hourly maxima',
          value: roundBeside(spikyLevel, t.spikyMaxPercent),
          unit: 'Percent',
          metric: metricName(avgSpec),
          statistic: 'p99 of hourly Maximum',
          window: windowLabel(max.windowDays, HOUR),
          threshold: `<= ${fmt(t.spikyMaxPercent)} (above: spiky, not flagged)`,
        },
        {
          label: 'CPU utilization, highest hourly maximum',
          value: round(peak),
          unit: 'Percent',
          metric: metricName(avgSpec),
          statistic: 'Maximum',
          window: windowLabel(max.windowDays, HOUR),
        },
        {
          label: 'Network I/O (in + out), median day',
          value: round(medianNetMB, 3),
          unit: 'MB',
          metric: 'AWS/EC2/NetworkIn + AWS/EC2/NetworkOut',
          statistic: 'Sum per day',
          window: windowLabel(netIn.windowDays, DAY),
        },
      ];
      const lowText = `daily average CPU <= ${fmt(t.lowCpuPercent)}% and network I/O <= ${fmt(t.lowNetworkMB)} MB on ${lowDays} of the last ${cpuDays.length} days`;
      if (lowDays >= t.minDays && !spiky) {
        results.push({
          ...base,
          status: 'fail',
          message: sentence(
            `${who} had ${lowText} (flagged at ${t.minDays}); hourly CPU peaked at ${fmt(peak)}%`,
          ),
          evidence,
          impact: `Idle on ${lowDays} of ${cpuDays.length} days with a ${fmt(peak)}% hourly peak: a smaller size (or stopping it when idle) cuts its cost.`,
        });
      } else if (lowDays >= t.minDays) {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(
            `${who} had ${lowText}, but the p99 of hourly CPU maxima is ${fmtBeside(spikyLevel, t.spikyMaxPercent)}% (above ${fmt(t.spikyMaxPercent)}%): spiky, so not downsized on the average alone`,
          ),
          evidence,
        });
      } else {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(`${who} had ${lowText} (flagged at ${t.minDays})`),
          evidence,
        });
      }
    }
    return results;
  },
});

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
