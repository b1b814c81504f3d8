/**
 * Every threshold of the checks below on its exact boundary: the value at the threshold and one step on each
 * side, asserting the status (or severity) each side must give. A `<=` mutated to `<` (or `>` to `>=`) flips
 * the middle row, so these tables pin the comparisons the checks document in their threshold descriptions.
 */
import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from '#lib/checks/types.js';
import type { CloudFrontDistribution, MetricSummary, Snapshot } from '#lib/model/index.js';
import { lambdaFunctionNotThrottled } from '#lib/checks/lambda/lambda-function-not-throttled.js';
import { lambdaFunctionDurationWithinTimeout } from '#lib/checks/lambda/lambda-function-duration-within-timeout.js';
import { rdsInstanceCpuNotOverprovisioned } from '#lib/checks/rds/rds-instance-cpu-not-overprovisioned.js';
import { rdsInstanceCpuNotSaturated } from '#lib/checks/rds/rds-instance-cpu-not-saturated.js';
import { ec2InstanceCpuNotSaturated } from '#lib/checks/ec2/ec2-instance-cpu-not-saturated.js';
import { elasticacheClusterCacheHitRateHigh } from '#lib/checks/elasticache/elasticache-cluster-cache-hit-rate-high.js';
import { ebsVolumeBurstBalanceHealthy } from '#lib/checks/ebs/ebs-volume-burst-balance-healthy.js';
import { ec2InstanceCpuNotOverprovisioned } from '#lib/checks/ec2/ec2-instance-cpu-not-overprovisioned.js';
import { rdsInstanceReadReplicaOrProxy } from '#lib/checks/rds/rds-instance-read-replica-or-proxy.js';
import { ebsVolumeIo1Migrated } from '#lib/checks/ebs/ebs-volume-io1-migrated.js';
import { cloudfrontDistributionCacheHitRateHigh } from '#lib/checks/cloudfront/cloudfront-distribution-cache-hit-rate-high.js';
import { rdsInstanceSlowQueryLogEnabled } from '#lib/checks/rds/rds-instance-slow-query-log-enabled.js';
import { autoscalingGroupPredictiveScalingCyclic } from '#lib/checks/autoscaling/autoscaling-group-predictive-scaling-cyclic.js';
import {
  aCacheCluster,
  aCloudFrontMetricSummary,
  aCloudFrontOrigin,
  aDistribution,
  aParameterGroup,
  parameterGroupsOf,
  TEST_DISTRIBUTION_ID,
  aLambdaFunction,
  aLambdaMetricSummary,
  aScalingPolicy,
  aSnapshot,
  anAsgCpuSummary,
  anAutoScalingGroup,
  anEbsMetricSummary,
  anEbsVolume,
  anEc2Instance,
  anEc2MetricSummary,
  anElastiCacheMetricSummary,
  anInstanceType,
  anRdsInstance,
  anRdsMetricSummary,
  daily,
  hourly,
  instanceTypesOf,
  runCheck,
  withMetrics,
  TEST_INSTANCE_ID,
  TEST_VOLUME_ID,
} from '#test/builders/index.js';

interface Row {
  /** What the value is, for the failure message. */
  value: number;
  expect: string;
}

/** Runs `scenario(v)` for each row and compares `pick(result)` with the row's expectation, all rows at once. */
function table(
  check: CheckDefinition,
  scenario: (v: number) => Snapshot,
  rows: Row[],
  pick: (r: ReturnType<typeof runCheck>[number] | undefined) => string | undefined = (r) => r?.status,
  thresholds: Record<string, number> = {},
) {
  const got = rows.map((row) => ({
    value: row.value,
    got: pick(runCheck(check, scenario(row.value), thresholds)[0]),
  }));
  expect(got).toEqual(rows.map((r) => ({ value: r.value, got: r.expect })));
}
const rows = (below: number, at: number, above: number, b: string, a: string, c: string): Row[] => [
  { value: below, expect: b },
  { value: at, expect: a },
  { value: above, expect: c },
];

/**
 * The parts of the message `re` matches, joined by "; " (the whole message when it does not match): the figure a reader compares
 * with the threshold, which must never be rounded onto it or across it (19.99% is not "20%" beside "below 20%").
 */
const figure =
  (re: RegExp) =>
  (r: ReturnType<typeof runCheck>[number] | undefined): string | undefined => {
    const found = [...(r?.message ?? '').matchAll(new RegExp(re, 'g'))].map((m) => m[0]);
    return found.length > 0 ? found.join('; ') : r?.message;
  };
/** The value of the evidence item labelled `name`, as text. */
const evidenceValue =
  (name: string) =>
  (r: ReturnType<typeof runCheck>[number] | undefined): string =>
    String(r?.evidence.find((e) => e.label === name)?.value);

describe('lambda-function-not-throttled boundaries', () => {
  const NAME = 'orders-api';
  const snap = (
    throttlesPerDay: (d: number) => number,
    invocationsPerDay: number,
    extra: MetricSummary[] = [],
  ) =>
    withMetrics(
      aSnapshot({ lambda: { functions: [aLambdaFunction()] } }),
      aLambdaMetricSummary(NAME, 'Throttles', 'Sum', 86_400, daily(14, throttlesPerDay)),
      aLambdaMetricSummary(
        NAME,
        'Invocations',
        'Sum',
        86_400,
        daily(14, () => invocationsPerDay),
      ),
      ...extra,
    );
  const severity = (r: ReturnType<typeof runCheck>[number] | undefined) =>
    r?.status === 'fail' ? (r.severity ?? 'high') : r?.status;

  it('maxThrottles: fails above the tolerated count (> 0), passes at it', () => {
    table(
      lambdaFunctionNotThrottled,
      (v) => snap((d) => (d === 0 ? v : 0), 1000),
      rows(4, 5, 6, 'pass', 'pass', 'fail'),
      undefined,
      { maxThrottles: 5 },
    );
    table(lambdaFunctionNotThrottled, (v) => snap((d) => (d === 0 ? v : 0), 1000), [
      { value: 0, expect: 'pass' },
      { value: 1, expect: 'fail' },
    ]);
  });

  it('highSharePercent: high at or above 1% of requests (one day, so days do not decide)', () => {
    // share = t / (t + 990 * 14 / 14 ...): 140 throttles of 14,000 requests = 1% exactly.
    table(
      lambdaFunctionNotThrottled,
      (v) =>
        snap((d) => (d === 0 ? v : 0), 0, [
          aLambdaMetricSummary(
            NAME,
            'Invocations',
            'Sum',
            86_400,
            daily(14, (d) => (d === 0 ? 14_000 - v : 0)),
          ),
        ]),
      rows(139, 140, 141, 'medium', 'high', 'high'),
      severity,
    );
  });

  it('mediumSharePercent: medium at or above 0.1% (14 of 14,000 requests), low below', () => {
    table(
      lambdaFunctionNotThrottled,
      (v) =>
        snap((d) => (d === 0 ? v : 0), 0, [
          aLambdaMetricSummary(
            NAME,
            'Invocations',
            'Sum',
            86_400,
            daily(14, (d) => (d === 0 ? 14_000 - v : 0)),
          ),
        ]),
      rows(13, 14, 15, 'low', 'medium', 'medium'),
      severity,
    );
  });

  it('the throttled share is never rounded onto the high threshold it is below', () => {
    // 99,996 throttles of 10,000,000 requests: 0.99996%, medium (high at 1%), not "1%".
    const snapOf = (v: number) =>
      snap((d) => (d === 0 ? v : 0), 0, [
        aLambdaMetricSummary(
          NAME,
          'Invocations',
          'Sum',
          86_400,
          daily(14, (d) => (d === 0 ? 10_000_000 - v : 0)),
        ),
      ]);
    table(lambdaFunctionNotThrottled, snapOf, [{ value: 99_996, expect: 'medium' }], severity);
    table(
      lambdaFunctionNotThrottled,
      snapOf,
      [
        { value: 99_996, expect: '(0.99996% of 10,000,000 requests' },
        { value: 100_000, expect: '(1% of 10,000,000 requests' },
      ],
      figure(/\([^%]*% of [\d,]+ requests/),
    );
    table(
      lambdaFunctionNotThrottled,
      snapOf,
      [{ value: 99_996, expect: '0.99996' }],
      evidenceValue('Throttled share of requests'),
    );
  });

  it('mediumDays and highDays: 1 throttle a day on N days of 100,000 requests a day', () => {
    const byDays = (v: number) => snap((d) => (d < v ? 1 : 0), 100_000);
    table(lambdaFunctionNotThrottled, byDays, rows(1, 2, 3, 'low', 'medium', 'medium'), severity);
    table(lambdaFunctionNotThrottled, byDays, rows(3, 4, 5, 'medium', 'high', 'high'), severity);
  });

  it('a reserved limit counts as reached at exactly the peak concurrency', () => {
    const snapWith = (peak: number) => {
      const s = snap(() => 10, 1000, [
        aLambdaMetricSummary(
          NAME,
          'ConcurrentExecutions',
          'Maximum',
          3600,
          hourly(14, (h) => (h === 5 ? peak : 1)),
        ),
      ]);
      return { ...s, lambda: { functions: [aLambdaFunction({ reservedConcurrency: 10 })] } };
    };
    table(lambdaFunctionNotThrottled, snapWith, rows(9, 10, 11, 'fail', 'pass', 'pass'));
  });
});

describe('lambda-function-duration-within-timeout boundaries', () => {
  it('p95PercentOfTimeout: flags at or above 80% of the timeout', () => {
    // Timeout 10 s; hourly p95 Duration flat at v% of it, hourly Maximum well below the max threshold.
    const snap = (pct: number) =>
      withMetrics(
        aSnapshot({ lambda: { functions: [aLambdaFunction({ timeoutSeconds: 10 })] } }),
        aLambdaMetricSummary(
          'orders-api',
          'Duration',
          'p95',
          3600,
          hourly(14, () => pct * 100),
        ),
        aLambdaMetricSummary(
          'orders-api',
          'Duration',
          'Maximum',
          3600,
          hourly(14, () => pct * 100),
        ),
        aLambdaMetricSummary(
          'orders-api',
          'Duration',
          'Average',
          3600,
          hourly(14, () => pct * 50),
        ),
        aLambdaMetricSummary(
          'orders-api',
          'Invocations',
          'Sum',
          86_400,
          daily(14, () => 1000),
        ),
      );
    table(lambdaFunctionDurationWithinTimeout, snap, rows(79.9, 80, 80.1, 'pass', 'fail', 'fail'));
  });
});

describe('RDS CPU boundaries', () => {
  const ID = 'orders-db';
  const GIB = 1024 ** 3;
  const snap = (opts: { p95?: number; peak?: number; freeGiB?: number; hours?: number }) => {
    const hours = opts.hours ?? 14 * 24;
    return withMetrics(
      aSnapshot({
        rds: {
          instances: [anRdsInstance({ dbInstanceClass: 'db.r6g.2xlarge' })],
          classFacts: { 'db.r6g.2xlarge': { memoryMiB: 65_536, vcpus: 8, currentGeneration: true } },
        },
      }),
      anRdsMetricSummary(
        ID,
        'CPUUtilization',
        'Average',
        3600,
        hourly(14, (h) => (h < hours ? (opts.p95 ?? 5) : null)),
      ),
      anRdsMetricSummary(
        ID,
        'CPUUtilization',
        'Maximum',
        3600,
        // The peak hour every day: spiky is judged on the p99 of hourly maxima, not on one hour.
        hourly(14, (h) => (h % 24 === 7 ? (opts.peak ?? 30) : 20)),
      ),
      anRdsMetricSummary(
        ID,
        'FreeableMemory',
        'Average',
        3600,
        hourly(14, () => (opts.freeGiB ?? 40) * GIB),
      ),
    );
  };

  it('lowP95Percent: over-provisioned below 10%, not at it', () => {
    table(
      rdsInstanceCpuNotOverprovisioned,
      (v) => snap({ p95: v }),
      rows(9.99, 10, 10.01, 'fail', 'pass', 'pass'),
    );
  });

  it('spikyMaxPercent: spiky (not flagged) when the p99 of hourly maxima is at or above 90%', () => {
    table(
      rdsInstanceCpuNotOverprovisioned,
      (v) => snap({ peak: v }),
      rows(89.99, 90, 90.01, 'fail', 'pass', 'pass'),
    );
  });

  it('minFreeMemoryPercent: memory-bound below 50% of the class memory free (32 of 64 GiB)', () => {
    table(
      rdsInstanceCpuNotOverprovisioned,
      (v) => snap({ freeGiB: v }),
      rows(31.99, 32, 32.01, 'pass', 'fail', 'fail'),
    );
  });

  it('the CPU and memory figures are never rounded onto the thresholds they are judged against', () => {
    table(
      rdsInstanceCpuNotOverprovisioned,
      (v) => snap({ p95: v }),
      rows(9.99, 10, 10.01, 'CPU 9.99%', 'CPU 10%', 'CPU 10.01%'),
      figure(/CPU [\d.]+%/),
    );
    table(
      rdsInstanceCpuNotOverprovisioned,
      (v) => snap({ p95: 5, peak: v }),
      rows(89.99, 90, 90.01, 'peak 89.99%', 'peak 90%; maxima 90%', 'peak 90.01%; maxima 90.01%'),
      figure(/maxima [\d.]+%|peak [\d.]+%/),
    );
    table(
      rdsInstanceCpuNotOverprovisioned,
      (v) => snap({ freeGiB: v }),
      rows(31.99, 32, 32.01, '(49.98%, below 50%)', '(50%)', '(50.02%)'),
      figure(/\([\d.]+%(, below [\d.]+%)?\)/),
    );
    table(
      rdsInstanceCpuNotOverprovisioned,
      (v) => snap({ freeGiB: v }),
      rows(31.9999, 32, 32.0001, '49.9998', '50', '50.0002'),
      evidenceValue('Freeable memory, share of the class memory'),
    );
  });

  it('minHours: judged from 30 hourly datapoints, unknown with 29', () => {
    table(
      rdsInstanceCpuNotOverprovisioned,
      (v) => snap({ hours: v }),
      rows(29, 30, 31, 'unknown', 'fail', 'fail'),
    );
  });

  it('rds-instance-cpu-not-saturated: a day is hot above 90%, and 4 hot days fail', () => {
    const byLevel = (v: number) =>
      withMetrics(
        aSnapshot({ rds: { instances: [anRdsInstance()] } }),
        anRdsMetricSummary(
          ID,
          'CPUUtilization',
          'Average',
          3600,
          hourly(14, () => v),
        ),
        anRdsMetricSummary(
          ID,
          'CPUUtilization',
          'Maximum',
          3600,
          hourly(14, () => v),
        ),
      );
    table(rdsInstanceCpuNotSaturated, byLevel, rows(89.99, 90, 90.01, 'pass', 'pass', 'fail'));
    const byDays = (n: number) =>
      withMetrics(
        aSnapshot({ rds: { instances: [anRdsInstance()] } }),
        anRdsMetricSummary(
          ID,
          'CPUUtilization',
          'Average',
          3600,
          hourly(14, (h) => (Math.floor(h / 24) < n ? 95 : 40)),
        ),
        anRdsMetricSummary(
          ID,
          'CPUUtilization',
          'Maximum',
          3600,
          hourly(14, () => 95),
        ),
      );
    table(rdsInstanceCpuNotSaturated, byDays, rows(3, 4, 5, 'pass', 'fail', 'fail'));
    // The highest daily average is counted above 90% when it is, and reads so.
    table(
      rdsInstanceCpuNotSaturated,
      byLevel,
      rows(89.99, 90, 90.01, '89.99', '90', '90.01'),
      evidenceValue('Highest daily average CPU'),
    );
  });
});

describe('ec2-instance-cpu-not-saturated boundaries', () => {
  const snap = (values: (h: number) => number | null) =>
    withMetrics(
      aSnapshot({
        ec2: {
          instances: [anEc2Instance({ instanceType: 'm5.large' })],
          instanceTypes: instanceTypesOf(anInstanceType({ instanceType: 'm5.large' })),
        },
      }),
      anEc2MetricSummary(TEST_INSTANCE_ID, 'CPUUtilization', 'Average', 3600, hourly(14, values)),
    );
  it('highCpuPercent: a day is saturated above 90%', () => {
    table(ec2InstanceCpuNotSaturated, (v) => snap(() => v), rows(89.99, 90, 90.01, 'pass', 'pass', 'fail'));
  });
  it('minDays: 4 saturated days fail, 3 pass', () => {
    table(
      ec2InstanceCpuNotSaturated,
      (n) => snap((h) => (Math.floor(h / 24) < n ? 95 : 40)),
      rows(3, 4, 5, 'pass', 'fail', 'fail'),
    );
  });
  it('minHours: 30 hourly datapoints judge, 29 do not', () => {
    table(
      ec2InstanceCpuNotSaturated,
      (n) => snap((h) => (h < n ? 95 : null)),
      rows(29, 30, 31, 'unknown', 'pass', 'pass'),
    );
  });
});

describe('elasticache-cluster-cache-hit-rate-high boundaries', () => {
  const snap = (hitsPerDay: number, missesPerDay: number) =>
    withMetrics(
      aSnapshot({ elasticache: { clusters: [aCacheCluster()], replicationGroups: [] } }),
      anElastiCacheMetricSummary(
        'sessions-001',
        'CacheHits',
        daily(14, () => hitsPerDay),
      ),
      anElastiCacheMetricSummary(
        'sessions-001',
        'CacheMisses',
        daily(14, () => missesPerDay),
      ),
    );
  it('minHitRatePercent: passes at 80% exactly (hits / lookups), fails one lookup below', () => {
    // 10,000 lookups a day: 7,999 / 8,000 / 8,001 hits.
    table(
      elasticacheClusterCacheHitRateHigh,
      (h) => snap(h, 10_000 - h),
      rows(7_999, 8_000, 8_001, 'fail', 'pass', 'pass'),
    );
  });
  it('the hit rate is never rounded onto the 80% it is judged against', () => {
    table(
      elasticacheClusterCacheHitRateHigh,
      (h) => snap(h, 10_000 - h),
      rows(7_999, 8_000, 8_001, 'served only 79.99%', 'served 80%', 'served 80.01%'),
      figure(/served (only )?[\d.]+%/),
    );
    // 99,999 / 100,001 hits of 125,000 lookups a day: 79.9992% / 80.0008%, shown with the decimals it takes.
    table(
      elasticacheClusterCacheHitRateHigh,
      (h) => snap(h, 125_000 - h),
      rows(99_999, 100_000, 100_001, 'served only 79.999%', 'served 80%', 'served 80.001%'),
      figure(/served (only )?[\d.]+%/),
    );
    table(
      elasticacheClusterCacheHitRateHigh,
      (h) => snap(h, 125_000 - h),
      rows(99_999, 100_000, 100_001, '79.999', '80', '80.001'),
      evidenceValue('Hit rate'),
    );
  });

  it('minLookups: judged from 1,000 lookups in the window (14 days x lookups a day)', () => {
    // 71 x 14 = 994, 72 x 14 = 1,008: the rate is judged (and fails at 50%) from 1,000 on.
    table(elasticacheClusterCacheHitRateHigh, (n) => snap(n / 2, n / 2), [
      { value: 70, expect: 'unknown' },
      { value: 72, expect: 'fail' },
    ]);
    table(elasticacheClusterCacheHitRateHigh, (n) => snap(n / 2, n / 2), [
      { value: 1000 / 14, expect: 'fail' },
    ]);
  });
});

describe('ebs-volume-burst-balance-healthy boundaries', () => {
  const snap = (min: number) =>
    withMetrics(
      aSnapshot({
        ebs: {
          volumes: [anEbsVolume({ volumeType: 'gp2', sizeGiB: 100, iops: 300, throughputMiBps: undefined })],
        },
      }),
      anEbsMetricSummary(
        TEST_VOLUME_ID,
        'BurstBalance',
        'Minimum',
        3600,
        hourly(14, (h) => (h === 100 ? min : 90)),
      ),
    );
  it('minBurstBalancePercent: fails below 20%, passes at it', () => {
    table(ebsVolumeBurstBalanceHealthy, snap, rows(19.99, 20, 20.01, 'fail', 'pass', 'pass'));
  });
  it('the lowest BurstBalance is never rounded onto the 20% it is judged against', () => {
    table(
      ebsVolumeBurstBalanceHealthy,
      snap,
      rows(19.99, 20, 20.01, 'fell to 19.99% (below 20%)', 'lowest 20%', 'lowest 20.01%'),
      figure(/fell to [\d.]+% \(below [\d.]+%\)|lowest [\d.]+%/),
    );
    table(
      ebsVolumeBurstBalanceHealthy,
      snap,
      rows(19.999, 20, 20.001, '19.999', '20', '20.001'),
      evidenceValue('BurstBalance, lowest'),
    );
  });

  it('trendDropPoints: a drop of more than 50 points from the first to the last day fails, 50 does not', () => {
    // Every hour at 90% except the last day, held at 90 - drop (the low point stays well above 20%).
    const falling = (drop: number) =>
      withMetrics(
        aSnapshot({
          ebs: {
            volumes: [
              anEbsVolume({ volumeType: 'gp2', sizeGiB: 100, iops: 300, throughputMiBps: undefined }),
            ],
          },
        }),
        anEbsMetricSummary(
          TEST_VOLUME_ID,
          'BurstBalance',
          'Minimum',
          3600,
          hourly(14, (h) => (h >= 13 * 24 ? 90 - drop : 90)),
        ),
      );
    table(ebsVolumeBurstBalanceHealthy, falling, rows(49.99, 50, 50.01, 'pass', 'pass', 'fail'));
    table(
      ebsVolumeBurstBalanceHealthy,
      falling,
      [{ value: 50.01, expect: 'it dropped 50.01 points in the window (more than 50)' }],
      figure(/it dropped [\d.]+ points in the window \(more than [\d.]+\)/),
    );
  });
});

describe('autoscaling-group-predictive-scaling-cyclic boundaries', () => {
  const office = (h: number) => h % 24 >= 8 && h % 24 < 18;
  /** Average CPU `peak` in office hours and `night` otherwise, on a fixed 4 instances. */
  const snap = (opts: { night?: number; peak?: number; days?: number; cyclicDays?: number }) => {
    const days = opts.days ?? 14;
    const avg = (h: number) =>
      Math.floor(h / 24) < (opts.cyclicDays ?? days) && office(h) ? (opts.peak ?? 60) : (opts.night ?? 15);
    return withMetrics(
      aSnapshot({ autoscaling: { groups: [anAutoScalingGroup()], policies: [aScalingPolicy()] } }),
      anAsgCpuSummary('web-asg', hourly(days, avg)),
      anAsgCpuSummary(
        'web-asg',
        hourly(days, (h) => avg(h) * 48),
        'Sum',
      ),
    );
  };
  it('peakToMeanRatio: a day cycles at a peak of exactly 1.5x its mean', () => {
    // 12 busy hours at 60% and 12 quiet ones at n: mean (60 + n) / 2, ratio 1.5 exactly at n = 20.
    const half = (n: number) => {
      const avg = (h: number) => (h % 24 >= 8 && h % 24 < 20 ? 60 : n);
      return withMetrics(
        aSnapshot({ autoscaling: { groups: [anAutoScalingGroup()], policies: [aScalingPolicy()] } }),
        anAsgCpuSummary('web-asg', hourly(14, avg)),
        anAsgCpuSummary(
          'web-asg',
          hourly(14, (h) => avg(h) * 48),
          'Sum',
        ),
      );
    };
    table(autoscalingGroupPredictiveScalingCyclic, half, rows(19.99, 20, 20.01, 'fail', 'fail', 'pass'));
  });
  it('minPeakPercent: a day cycles only when its busiest hour reaches 30% average CPU', () => {
    table(
      autoscalingGroupPredictiveScalingCyclic,
      (v) => snap({ peak: v, night: v / 4 }),
      rows(29.99, 30, 30.01, 'pass', 'fail', 'fail'),
    );
  });
  it('cyclicDaysPercent: cyclic at 80% of the days (8 of 10), not at 7', () => {
    table(
      autoscalingGroupPredictiveScalingCyclic,
      (v) => snap({ days: 10, cyclicDays: v }),
      rows(7, 8, 9, 'pass', 'fail', 'fail'),
    );
  });
  it('minDays: judged from 7 days of data, unknown with 6', () => {
    table(
      autoscalingGroupPredictiveScalingCyclic,
      (v) => snap({ days: v }),
      rows(6, 7, 8, 'unknown', 'fail', 'fail'),
    );
  });
});

describe('ec2-instance-cpu-not-overprovisioned boundaries', () => {
  const MB = 1_000_000;
  /** `lowDays` days at `cpu`% average (maxima at twice it) and `net` bytes each way, 40% / 1 GB on the rest. */
  const snap = (o: { cpu?: number; lowDays?: number; netMB?: number }) => {
    const low = (d: number) => d < (o.lowDays ?? 14);
    return withMetrics(
      aSnapshot({ ec2: { instances: [anEc2Instance({ instanceType: 'm5.2xlarge' })] } }),
      anEc2MetricSummary(
        TEST_INSTANCE_ID,
        'CPUUtilization',
        'Average',
        3600,
        hourly(14, (h) => (low(Math.floor(h / 24)) ? (o.cpu ?? 3) : 40)),
      ),
      anEc2MetricSummary(
        TEST_INSTANCE_ID,
        'CPUUtilization',
        'Maximum',
        3600,
        hourly(14, (h) => (low(Math.floor(h / 24)) ? (o.cpu ?? 3) * 2 : 60)),
      ),
      // Network: half of the day's total each way, so in + out equals netMB.
      anEc2MetricSummary(
        TEST_INSTANCE_ID,
        'NetworkIn',
        'Sum',
        86_400,
        daily(14, (d) => (low(d) ? ((o.netMB ?? 1) * MB) / 2 : 1e9)),
      ),
      anEc2MetricSummary(
        TEST_INSTANCE_ID,
        'NetworkOut',
        'Sum',
        86_400,
        daily(14, (d) => (low(d) ? ((o.netMB ?? 1) * MB) / 2 : 1e9)),
      ),
    );
  };
  it('lowCpuPercent: a day is low at or below 10% average CPU', () => {
    table(
      ec2InstanceCpuNotOverprovisioned,
      (v) => snap({ cpu: v }),
      rows(9.99, 10, 10.01, 'fail', 'fail', 'pass'),
    );
  });
  it('spikyMaxPercent: the p99 of hourly maxima is never rounded onto the 90% it is judged against', () => {
    // 14 idle days (3% average) whose hourly maxima sit at v: spiky (not flagged) above 90%.
    const spiky = (v: number) =>
      withMetrics(
        snap({}),
        anEc2MetricSummary(
          TEST_INSTANCE_ID,
          'CPUUtilization',
          'Maximum',
          3600,
          hourly(14, () => v),
        ),
      );
    table(ec2InstanceCpuNotOverprovisioned, spiky, rows(89.99, 90, 90.01, 'fail', 'fail', 'pass'));
    table(
      ec2InstanceCpuNotOverprovisioned,
      spiky,
      [{ value: 90.01, expect: 'maxima is 90.01% (above 90%)' }],
      figure(/maxima is [\d.]+% \(above [\d.]+%\)/),
    );
    table(
      ec2InstanceCpuNotOverprovisioned,
      spiky,
      rows(89.999, 90, 90.001, '89.999', '90', '90.001'),
      evidenceValue('CPU utilization, p99 of hourly maxima'),
    );
  });

  it('lowNetworkMB: a low day moves at most 5 MB (in + out)', () => {
    table(
      ec2InstanceCpuNotOverprovisioned,
      (v) => snap({ netMB: v }),
      rows(4.99, 5, 5.01, 'fail', 'fail', 'pass'),
    );
  });
  it('minDays: 4 low days flag the instance, 3 do not', () => {
    table(
      ec2InstanceCpuNotOverprovisioned,
      (v) => snap({ lowDays: v }),
      rows(3, 4, 5, 'pass', 'fail', 'fail'),
    );
  });
});

describe('rds-instance-read-replica-or-proxy boundaries', () => {
  const ID = 'orders-db';
  const snap = (read: number, write: number, cpu: number) =>
    withMetrics(
      aSnapshot({ rds: { instances: [anRdsInstance()] } }),
      anRdsMetricSummary(
        ID,
        'ReadIOPS',
        'Average',
        3600,
        hourly(14, () => read),
      ),
      anRdsMetricSummary(
        ID,
        'WriteIOPS',
        'Average',
        3600,
        hourly(14, () => write),
      ),
      anRdsMetricSummary(
        ID,
        'CPUUtilization',
        'Average',
        3600,
        hourly(14, () => cpu),
      ),
    );
  it('minReadRatio: read-heavy at a read share of 0.8 (800 of 1,000 IOPS)', () => {
    table(
      rdsInstanceReadReplicaOrProxy,
      (r) => snap(r, 1000 - r, 70),
      rows(799, 800, 801, 'pass', 'fail', 'fail'),
    );
  });
  it('the read share and CPU figures are never rounded onto the thresholds they are judged against', () => {
    table(
      rdsInstanceReadReplicaOrProxy,
      (r) => snap(r, 1000 - r, 70),
      rows(799, 800, 801, '79.9% of IOPS', '80% of IOPS', '80.1% of IOPS'),
      figure(/[\d.]+% of IOPS/),
    );
    table(
      rdsInstanceReadReplicaOrProxy,
      (r) => snap(r, 100_000 - r, 70),
      rows(79_999, 80_000, 80_001, '0.79999', '0.8', '0.80001'),
      evidenceValue('Read share of IOPS'),
    );
    table(
      rdsInstanceReadReplicaOrProxy,
      (c) => snap(900, 100, c),
      rows(59.99, 60, 60.01, 'CPU is 59.99%', 'CPU 60%', 'CPU 60.01%'),
      figure(/CPU (is )?[\d.]+%/),
    );
  });

  it('minCpuP95Percent: busy at a CPU p95 of 60%', () => {
    table(
      rdsInstanceReadReplicaOrProxy,
      (c) => snap(900, 100, c),
      rows(59.99, 60, 60.01, 'pass', 'fail', 'fail'),
    );
  });
});

describe('ebs-volume-io1-migrated boundaries', () => {
  it('gp3MaxIops: gp3 is offered up to and including 80,000 IOPS', () => {
    const snap = (iops: number) =>
      aSnapshot({
        ebs: {
          volumes: [anEbsVolume({ volumeType: 'io1', sizeGiB: 1700, iops, throughputMiBps: undefined })],
        },
      });
    table(ebsVolumeIo1Migrated, snap, rows(79_999, 80_000, 80_001, 'fits', 'fits', 'does not fit'), (r) =>
      /gp3 also fits/.test(r?.message ?? '')
        ? 'fits'
        : /gp3 does not fit/.test(r?.message ?? '')
          ? 'does not fit'
          : r?.message,
    );
  });
});

describe('lambda-function-duration-within-timeout maxPercentOfTimeout boundary', () => {
  it('flags when the longest invocation reaches 80% of the timeout (p95 well below)', () => {
    const snap = (pct: number) =>
      withMetrics(
        aSnapshot({ lambda: { functions: [aLambdaFunction({ timeoutSeconds: 10 })] } }),
        aLambdaMetricSummary(
          'orders-api',
          'Duration',
          'p95',
          3600,
          hourly(14, () => 1000),
        ),
        aLambdaMetricSummary(
          'orders-api',
          'Duration',
          'Maximum',
          3600,
          hourly(14, (h) => (h === 9 ? pct * 100 : 1500)),
        ),
        aLambdaMetricSummary(
          'orders-api',
          'Duration',
          'Average',
          3600,
          hourly(14, () => 500),
        ),
        aLambdaMetricSummary(
          'orders-api',
          'Invocations',
          'Sum',
          86_400,
          daily(14, () => 1000),
        ),
      );
    table(lambdaFunctionDurationWithinTimeout, snap, rows(79.9, 80, 80.1, 'pass', 'fail', 'fail'));
  });
});

describe('cloudfront-distribution-cache-hit-rate-high boundaries', () => {
  const snap = (rate: number, reqs: (d: number) => number, dist: Partial<CloudFrontDistribution> = {}) =>
    withMetrics(
      aSnapshot({ cloudfront: { distributions: [aDistribution(dist)] } }),
      aCloudFrontMetricSummary(
        TEST_DISTRIBUTION_ID,
        'CacheHitRate',
        'Average',
        daily(14, () => rate),
      ),
      aCloudFrontMetricSummary(TEST_DISTRIBUTION_ID, 'Requests', 'Sum', daily(14, reqs)),
    );
  it('minStaticHitRatePercent: static content passes at 95%, fails below', () => {
    table(
      cloudfrontDistributionCacheHitRateHigh,
      (v) => snap(v, () => 10_000),
      rows(94.99, 95, 95.01, 'fail', 'pass', 'pass'),
    );
  });
  it('minHitRatePercent: dynamic or mixed content passes at 80%, fails below', () => {
    table(
      cloudfrontDistributionCacheHitRateHigh,
      (v) =>
        snap(v, () => 10_000, { staticContent: false, origins: [aCloudFrontOrigin({ kind: 'custom' })] }),
      rows(79.99, 80, 80.01, 'fail', 'pass', 'pass'),
    );
  });
  it('the hit rate is never rounded onto the target it is judged against', () => {
    table(
      cloudfrontDistributionCacheHitRateHigh,
      (v) => snap(v, () => 10_000),
      rows(94.99, 95, 95.01, 'served only 94.99%', 'served 95%', 'served 95.01%'),
      figure(/served (only )?[\d.]+%/),
    );
    table(
      cloudfrontDistributionCacheHitRateHigh,
      (v) => snap(v, () => 10_000),
      rows(94.99, 95, 95.01, '94.99', '95', '95.01'),
      evidenceValue('Cache hit rate'),
    );
  });

  it('minRequests: judged from 1,000 requests in the window', () => {
    table(
      cloudfrontDistributionCacheHitRateHigh,
      (v) => snap(50, (d) => (d === 0 ? v : 0)),
      rows(999, 1000, 1001, 'unknown', 'fail', 'fail'),
    );
  });
});

describe('rds-instance-slow-query-log-enabled boundaries', () => {
  const mysql = (seconds: number) =>
    aSnapshot({
      rds: {
        instances: [anRdsInstance()],
        parameterGroups: parameterGroupsOf(
          aParameterGroup('orders-mysql80', { slow_query_log: '1', long_query_time: String(seconds) }),
        ),
      },
    });
  const postgres = (ms: number) =>
    aSnapshot({
      rds: {
        instances: [
          anRdsInstance({
            engine: 'postgres',
            parameterGroups: ['pg16'],
            enabledCloudwatchLogsExports: ['postgresql'],
          }),
        ],
        parameterGroups: parameterGroupsOf(
          aParameterGroup('pg16', { log_min_duration_statement: String(ms) }),
        ),
      },
    });
  it('maxLongQueryTimeSeconds: long_query_time up to and including 10 s counts as logging slow queries', () => {
    table(rdsInstanceSlowQueryLogEnabled, mysql, rows(9.99, 10, 10.01, 'pass', 'pass', 'fail'));
  });
  it('maxLongQueryTimeSeconds: log_min_duration_statement up to and including 10,000 ms', () => {
    table(rdsInstanceSlowQueryLogEnabled, postgres, rows(9_999, 10_000, 10_001, 'pass', 'pass', 'fail'));
  });
});
