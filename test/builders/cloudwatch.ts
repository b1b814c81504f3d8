import type { CompositeAlarmFacts, MetricAlarmFacts, ServiceLevelObjective } from '#lib/model/index.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';

/** An ALB TargetResponseTime p99 alarm with an SNS action. */
export function aMetricAlarm(overrides: Partial<MetricAlarmFacts> = {}): MetricAlarmFacts {
  const name = overrides.name ?? 'web-latency-p99';
  return {
    name,
    arn: `arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT_ID}:alarm:${name}`,
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    dimensions: { LoadBalancer: 'app/web/0123456789abcdef' },
    extendedStatistic: 'p99',
    metricMath: false,
    mathMetricNames: [],
    anomalyDetection: false,
    actionsEnabled: true,
    hasActions: true,
    stateValue: 'OK',
    ...overrides,
  };
}

export function aCompositeAlarm(overrides: Partial<CompositeAlarmFacts> = {}): CompositeAlarmFacts {
  const name = overrides.name ?? 'web-health';
  return {
    name,
    arn: `arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT_ID}:alarm:${name}`,
    rule: 'ALARM("web-latency-p99")',
    ...overrides,
  };
}

/** A latency SLO (99.9%) with 60 and 5 minute burn-rate windows. */
export function aServiceLevelObjective(
  overrides: Partial<ServiceLevelObjective> = {},
): ServiceLevelObjective {
  const name = overrides.name ?? 'checkout-latency';
  return {
    name,
    arn: `arn:aws:application-signals:${TEST_REGION}:${TEST_ACCOUNT_ID}:slo/${name}`,
    sliKind: 'latency',
    metricType: 'LATENCY',
    goalAttainment: 99.9,
    burnRateWindowsMinutes: [5, 60],
    ...overrides,
  };
}

/** An alarm on the Application Signals BurnRate metric of an SLO (dims SloName + BurnRateWindowMinutes). */
export function aBurnRateAlarm(sloName: string, overrides: Partial<MetricAlarmFacts> = {}): MetricAlarmFacts {
  return aMetricAlarm({
    name: `${sloName}-burn-rate-60m`,
    namespace: 'AWS/ApplicationSignals',
    metricName: 'BurnRate',
    dimensions: { SloName: sloName, BurnRateWindowMinutes: '60' },
    statistic: 'Average',
    extendedStatistic: undefined,
    ...overrides,
  });
}
