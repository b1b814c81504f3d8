import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind } from '../absence.js';
import { findMetric, fmt, isNum, lastDays, missingSlice, round, windowLabel } from '../support.js';

const NEEDS = ['autoscaling.groups', 'autoscaling.policies', 'autoscaling.scheduledActions', 'metrics'];
const RESOURCE_TYPE = 'AWS::AutoScaling::AutoScalingGroup';
const HOUR = 3600;
/** ASGTotalCPUUtilization, the predefined load metric of predictive scaling: the group's total CPU. */
const PREDICTIVE_LOAD_DOC =
  'https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PredefinedLoadMetricSpecification.html';

/**
 * Daily-cycle test on the group's load, using the per-day summaries the snapshot keeps. The load is the group's
 * TOTAL CPU (hourly Sum of AWS/EC2 CPUUtilization by AutoScalingGroupName), the load metric predictive scaling
 * itself forecasts (ASGTotalCPUUtilization): a target-tracking policy holds the *average* flat by changing the
 * instance count, so the average hides the very cycle predictive scaling would forecast. A day "cycles" when its
 * busiest hour's total is at least `peakToMeanRatio` times that day's mean total and the busiest hour's average
 * CPU reaches `minPeakPercent` (a swing that matters for capacity). The group is cyclic when at least
 * `cyclicDaysPercent` of at least `minDays` days cycle. Flat load, or one-off spikes on a few days, is not cyclic.
 * Predictive scaling looks for daily and weekly cycles in up to 14 days.
 */
type T = 'minDays' | 'peakToMeanRatio' | 'minPeakPercent' | 'cyclicDaysPercent';

export const autoscalingGroupPredictiveScalingCyclic = defineCheck<T>({
  id: 'autoscaling-group-predictive-scaling-cyclic',
  title: 'Auto Scaling groups with a daily load cycle use predictive scaling',
  service: 'autoscaling',
  control: 'WAF-PERF-020',
  severity: 'medium',
  rationale:
    'Reactive policies add capacity after load has risen, so each daily ramp-up runs hot until new instances are in ' +
    'service. Predictive scaling launches capacity ahead of the forecast cycle. Predictive scaling on cyclic groups ' +
    'is WAF-PERF-020 L4.',
  remediation: {
    change: 'predictive-scaling',
    text:
      'Add a predictive scaling policy in ForecastOnly mode, compare the forecast with actual load for a few days, ' +
      'then switch it to ForecastAndScale; keep a target tracking policy for unforecast spikes.',
    docs: [
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-predictive-scaling.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/predictive-scaling-create-policy.html',
      PREDICTIVE_LOAD_DOC,
    ],
    impact: 'Capacity is in service before the daily peak instead of minutes after it.',
  },
  needs: NEEDS,
  thresholds: {
    minDays: {
      default: 7,
      unit: 'days',
      description: 'Days of hourly CPU needed to judge a daily cycle; fewer gives unknown.',
      source:
        'perfscan: one week shows a daily pattern; predictive scaling needs at least 24 hours and reads up to 14 days (EC2 Auto Scaling docs)',
      min: 2,
    },
    peakToMeanRatio: {
      default: 1.5,
      unit: 'ratio',
      description:
        "A day cycles when its busiest hour's total group CPU is at least this multiple of the day's mean total.",
      source: `perfscan heuristic: business-hours load (8 busy hours at 2-4x the night level) gives 1.5-2; total CPU is predictive scaling's load metric (${PREDICTIVE_LOAD_DOC})`,
      min: 1,
    },
    minPeakPercent: {
      default: 30,
      unit: 'Percent',
      description:
        "A day cycles only when its busiest hour's average CPU reaches this (a swing that matters for capacity).",
      source: 'perfscan heuristic: below this the group has headroom at the peak anyway',
      min: 0,
      max: 100,
    },
    cyclicDaysPercent: {
      default: 80,
      unit: 'Percent',
      description: 'Share of the days that must cycle for the group to count as cyclic.',
      source: 'perfscan heuristic: a pattern that repeats on most days, not a few one-off spikes',
      min: 1,
      max: 100,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const asg = snapshot.autoscaling;
    if (!asg) return missingSlice(snapshot, 'autoscaling', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const g of asg.groups) {
      if (g.maxSize === 0) continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: g.name,
        resourceArn: g.arn,
        resourceName: g.name,
      };
      const series = (stat: 'Average' | 'Sum') =>
        findMetric(snapshot, {
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: { AutoScalingGroupName: g.name },
          stat,
          periodSeconds: HOUR,
        });
      const total = series('Sum');
      const cpu = series('Average');
      // Per UTC day, oldest first: the total's mean and peak hour, and the busiest hour of the average.
      const n = Math.min(
        lastDays(total?.dailyMeans, snapshot.window.days).length,
        total?.dailyMaxes?.length ?? 0,
        cpu?.dailyMaxes?.length ?? 0,
      );
      const tMeans = lastDays(total?.dailyMeans, n);
      const tMaxes = lastDays(total?.dailyMaxes, n);
      const aMaxes = lastDays(cpu?.dailyMaxes, n);
      const days = tMeans
        .map((mean, i) => ({ mean, max: tMaxes[i], avgMax: aMaxes[i] }))
        .filter(
          (d): d is { mean: number; max: number; avgMax: number } =>
            isNum(d.mean) && isNum(d.max) && isNum(d.avgMax) && d.mean > 0,
        );
      if (!total || !cpu || days.length < t.minDays) {
        const missing = !total
          ? 'the total (Sum) series is missing'
          : !cpu
            ? 'the Average series is missing'
            : '';
        results.push({
          ...base,
          status: 'unknown',
          message: missing
            ? `${g.name}: hourly group CPU cannot judge a daily cycle: ${missing}.`
            : `${g.name}: ${days.length} days of hourly group CPU, fewer than the ${t.minDays} needed to judge a daily cycle.`,
          evidence: [
            {
              label: 'Days with hourly total and average CPU data',
              value: days.length,
              unit: 'days',
              metric: 'AWS/EC2/CPUUtilization',
              statistic: 'Sum and Average (AutoScalingGroupName)',
              threshold: `>= ${t.minDays}`,
            },
          ],
        });
        continue;
      }
      const cyclicDays = days.filter(
        (d) => d.max / d.mean >= t.peakToMeanRatio && d.avgMax >= t.minPeakPercent,
      ).length;
      const share = (cyclicDays / days.length) * 100;
      const cyclic = share >= t.cyclicDaysPercent;
      const ratios = days.map((d) => d.max / d.mean).sort((a, b) => a - b);
      const medianRatio = ratios[Math.floor(ratios.length / 2)] ?? 0;
      const predictive = asg.policies.filter(
        (p) =>
          p.namespace === 'asg' &&
          p.resourceId === g.name &&
          p.policyType === 'PredictiveScaling' &&
          p.enabled !== false,
      );
      const scaling = predictive.filter((p) => p.predictiveMode !== 'ForecastOnly');
      const scheduled = asg.scheduledActions.filter(
        (a) => a.namespace === 'asg' && a.resourceId === g.name && a.recurrence,
      );
      const evidence = [
        {
          label:
            'Days whose peak hour of total CPU is >= ratio x the daily mean, with average CPU >= min peak',
          value: cyclicDays,
          unit: 'days',
          metric: 'AWS/EC2/CPUUtilization',
          statistic:
            'daily max / daily mean of hourly Sum (group total, ASGTotalCPUUtilization); peak of hourly Average (AutoScalingGroupName)',
          window: windowLabel(total.windowDays, HOUR),
          threshold: `>= ${t.cyclicDaysPercent}% of ${days.length} days (ratio ${t.peakToMeanRatio}, peak ${t.minPeakPercent}%)`,
        },
        { label: 'Median peak-to-mean ratio of total CPU', value: round(medianRatio), unit: 'ratio' },
        {
          label: 'Predictive scaling policies',
          value:
            predictive
              .map((p) => `${p.policyName} (${p.predictiveMode ?? 'mode not reported'})`)
              .join(', ') || 'none',
          source: 'autoscaling:DescribePolicies',
        },
        {
          label: 'Recurring scheduled actions',
          value: scheduled.length,
          unit: 'count',
          source: 'autoscaling:DescribeScheduledActions',
        },
      ];
      const median = `median peak hour of total CPU ${fmt(medianRatio)}x the daily mean`;
      if (!cyclic) {
        results.push({
          ...base,
          status: 'pass',
          message: `${g.name} has no daily load cycle: ${cyclicDays} of ${days.length} days cycle (${median}), fewer than ${t.cyclicDaysPercent}%.`,
          evidence,
        });
      } else if (scaling.length > 0) {
        results.push({
          ...base,
          status: 'pass',
          message: `${g.name} has a daily load cycle on ${cyclicDays} of ${days.length} days (${median}) and predictive scaling ${scaling.map((p) => p.policyName).join(', ')}.`,
          evidence,
        });
      } else if (predictive.length > 0) {
        results.push({
          ...base,
          status: 'fail',
          severity: 'low',
          message: `${g.name} has a daily load cycle on ${cyclicDays} of ${days.length} days (${median}); its predictive policy runs ForecastOnly and does not scale.`,
          evidence,
        });
      } else {
        results.push(
          failUnlessBlind(snapshot, ['autoscaling.policies'], {
            ...base,
            status: 'fail',
            ...(scheduled.length > 0 ? { severity: 'low' as const } : {}),
            message: `${g.name} has a daily load cycle on ${cyclicDays} of ${days.length} days (${median}) and no predictive scaling policy${scheduled.length > 0 ? `; ${scheduled.length} recurring scheduled action(s) cover it by hand` : ''}.`,
            evidence,
          }),
        );
      }
    }
    return results;
  },
});
