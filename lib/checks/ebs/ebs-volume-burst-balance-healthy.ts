import { defineCheck, type CheckResult } from '../types.js';
import {
  ebsVolumeMetric,
  findFirstMetric,
  fmt,
  fmtBeside,
  isNum,
  label,
  metricName,
  missingSlice,
  round,
  roundBeside,
  sentence,
  windowLabel,
} from '../support.js';
import { GP2_NO_BURST_MIN_GIB, gp2BaselineIops, isLiveVolume } from '../ebs-volume-facts.js';

const NEEDS = ['ebs.volumes', 'metrics'];
const RESOURCE_TYPE = 'AWS::EC2::Volume';
const HOUR = 3600;
/** Volume types with a burst bucket (BurstBalance is published only for these). */
const BURSTING = ['gp2', 'st1', 'sc1'];

export const ebsVolumeBurstBalanceHealthy = defineCheck({
  id: 'ebs-volume-burst-balance-healthy',
  title: 'Bursting EBS volumes keep a healthy burst balance',
  service: 'ebs',
  control: 'WAF-PERF-090',
  severity: 'medium',
  rationale:
    'gp2, st1 and sc1 volumes run above their baseline on burst credits; when BurstBalance reaches zero the ' +
    'volume is throttled to its baseline (for a 100 GiB gp2 volume, 300 IOPS) and the application stalls. A ' +
    'minimum below 20% in the window, or a drop of more than 50 points from the first to the last day, shows ' +
    'the workload needs more than the baseline. gp2 volumes of 1,000 GiB or more never spend credits.',
  remediation: {
    change: 'storage-type',
    text:
      'Move gp2 volumes to gp3 and provision the IOPS and throughput the workload needs (no burst model); for ' +
      'st1/sc1, grow the volume (baseline scales with size) or move hot data to gp3.',
    docs: [
      'https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html',
      'https://docs.aws.amazon.com/ebs/latest/userguide/hdd-vols.html',
      'https://docs.aws.amazon.com/ebs/latest/userguide/using_cloudwatch_ebs.html',
      'https://repost.aws/knowledge-center/ebs-volume-burst-balance-low',
    ],
    impact:
      'No more throttling to baseline when credits run out; gp3 also costs about 20% less per GB than gp2.',
  },
  needs: NEEDS,
  thresholds: {
    minBurstBalancePercent: {
      default: 20,
      unit: 'Percent',
      description: 'A BurstBalance minimum below this in the window fails the volume.',
      source:
        'perfscan default; AWS EBS docs: at 0% the volume is throttled to its baseline, 20% leaves time to act',
      min: 0,
      max: 100,
    },
    trendDropPoints: {
      default: 50,
      unit: 'Percent points',
      description:
        "A fall of more than this from the first day's to the last day's mean BurstBalance fails the volume.",
      source: 'perfscan default (a bucket half drained in the window is depleting faster than it refills)',
      min: 0,
      max: 100,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const ebs = snapshot.ebs;
    if (!ebs) return missingSlice(snapshot, 'ebs', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const v of ebs.volumes.filter(isLiveVolume)) {
      // Detached volumes publish no BurstBalance and serve no I/O.
      if (!BURSTING.includes(v.volumeType) || v.state !== 'in-use') continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: v.volumeId,
        resourceArn: v.arn,
        resourceName: v.name,
      };
      const who = label(v.volumeId, v.name, v.volumeType, `${fmt(v.sizeGiB, 0)} GiB`);
      if (v.volumeType === 'gp2' && v.sizeGiB >= GP2_NO_BURST_MIN_GIB) {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(
            `${who} has a ${fmt(gp2BaselineIops(v.sizeGiB), 0)} IOPS baseline, at or above the 3,000 IOPS burst, so it never spends burst credits`,
          ),
          evidence: [
            {
              label: 'Size',
              value: v.sizeGiB,
              unit: 'GiB',
              threshold: `>= ${GP2_NO_BURST_MIN_GIB} (no bursting)`,
              source: 'ec2:DescribeVolumes Size',
            },
          ],
        });
        continue;
      }
      // Minimum shows the true low point; an Average series is accepted when that is what was fetched.
      const specs = ['Minimum', 'Average'].map((stat) =>
        ebsVolumeMetric(v.volumeId, 'BurstBalance', stat, HOUR),
      );
      const m = findFirstMetric(snapshot, specs);
      if (!m || m.datapoints === 0 || !isNum(m.min)) {
        results.push({
          ...base,
          status: 'unknown',
          message: sentence(`${who}: no BurstBalance datapoints in the ${snapshot.window.days}-day window`),
          evidence: [],
        });
        continue;
      }
      const min = m.min;
      const first = isNum(m.first) ? m.first : undefined;
      const last = isNum(m.last) ? m.last : undefined;
      const drop = first !== undefined && last !== undefined ? first - last : undefined;
      const window = windowLabel(m.windowDays, m.periodSeconds);
      const metric = metricName(m);
      const evidence = [
        {
          label: 'BurstBalance, lowest',
          value: roundBeside(min, t.minBurstBalancePercent),
          unit: 'Percent',
          metric,
          statistic: `${m.stat} (lowest hour)`,
          window,
          threshold: `>= ${fmt(t.minBurstBalancePercent)}`,
        },
        {
          label: 'BurstBalance, first day mean',
          value: first === undefined ? null : round(first),
          unit: 'Percent',
          metric,
          statistic: `${m.stat}, mean of the oldest day`,
          window,
        },
        {
          label: 'BurstBalance, last day mean',
          value: last === undefined ? null : round(last),
          unit: 'Percent',
          metric,
          statistic: `${m.stat}, mean of the most recent day`,
          window,
        },
        {
          label: 'BurstBalance drop, first to last day',
          value: drop === undefined ? null : roundBeside(drop, t.trendDropPoints),
          unit: 'Percent points',
          threshold: `<= ${fmt(t.trendDropPoints)}`,
        },
        { label: 'Datapoints', value: m.datapoints, unit: 'count', window },
      ];
      const low = min < t.minBurstBalancePercent;
      const falling = drop !== undefined && drop > t.trendDropPoints;
      const trendText =
        first !== undefined && last !== undefined
          ? `; daily mean went from ${fmt(first)}% on the first day to ${fmt(last)}% on the last`
          : '';
      if (!low && !falling) {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(
            `${who} kept BurstBalance at or above ${fmt(t.minBurstBalancePercent)}% (lowest ${fmtBeside(min, t.minBurstBalancePercent)}%)${trendText}`,
          ),
          evidence,
        });
        continue;
      }
      const reasons = [
        ...(low
          ? [
              `BurstBalance fell to ${fmtBeside(min, t.minBurstBalancePercent)}% (below ${fmt(t.minBurstBalancePercent)}%)`,
            ]
          : []),
        ...(falling
          ? [
              `it dropped ${fmtBeside(drop, t.trendDropPoints)} points in the window (more than ${fmt(t.trendDropPoints)})`,
            ]
          : []),
      ];
      const baselineText =
        v.volumeType === 'gp2'
          ? `; at 0% it is throttled to its ${fmt(gp2BaselineIops(v.sizeGiB), 0)} IOPS baseline`
          : '';
      results.push({
        ...base,
        status: 'fail',
        message: sentence(`${who}: ${reasons.join(' and ')}${trendText}${baselineText}`),
        evidence,
        impact:
          v.volumeType === 'gp2'
            ? `As gp3: 3,000 IOPS sustained without burst credits (gp2 baseline ${fmt(gp2BaselineIops(v.sizeGiB), 0)} IOPS), and about 20% cheaper per GB.`
            : 'A larger volume or gp3 removes throttling when credits run out.',
      });
    }
    return results;
  },
});
