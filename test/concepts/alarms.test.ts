import { describe, expect, it } from 'vitest';
import {
  alarmPercentile,
  hasMultiWindowBurnRate,
  isAlertingAlarm,
  isAnomalyAlarm,
  isBurnRateAlarmOf,
  isPercentileAlarm,
} from '#lib/concepts/alarms.js';
import { requestEntryPoints, sloCoversEntryPoint } from '#lib/concepts/entry-points.js';
import { isLatencyMetric } from '#lib/concepts/latency.js';
import {
  aBurnRateAlarm,
  aCompositeAlarm,
  aMetricAlarm,
  aServiceLevelObjective,
  aSnapshot,
} from '#test/builders/index.js';

describe('alarm concepts', () => {
  it('alerting: an action with actions enabled, or feeding a composite alarm that alerts', () => {
    expect(isAlertingAlarm(aMetricAlarm(), [])).toBe(true);
    expect(isAlertingAlarm(aMetricAlarm({ hasActions: false }), [])).toBe(false);
    expect(isAlertingAlarm(aMetricAlarm({ actionsEnabled: false }), [])).toBe(false);
    const silent = aMetricAlarm({ hasActions: false });
    expect(isAlertingAlarm(silent, [aCompositeAlarm()])).toBe(true); // older snapshot: composite alerting unknown
    expect(isAlertingAlarm(silent, [aCompositeAlarm({ hasActions: true, actionsEnabled: true })])).toBe(true);
    expect(isAlertingAlarm(silent, [aCompositeAlarm({ hasActions: false })])).toBe(false);
  });

  it('percentile: p95 or higher, from the extended statistic or a stat in its math', () => {
    expect(isPercentileAlarm(aMetricAlarm({ extendedStatistic: 'p99' }), [])).toBe(true);
    expect(isPercentileAlarm(aMetricAlarm({ extendedStatistic: 'p90' }), [])).toBe(false);
    const math = aMetricAlarm({
      extendedStatistic: undefined,
      metricMath: true,
      metrics: [
        { namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', dimensions: {}, stat: 'p99.9' },
      ],
    });
    expect(alarmPercentile(math)).toBe(99.9);
  });

  it('anomaly: a band, and alerting', () => {
    expect(isAnomalyAlarm(aMetricAlarm({ anomalyDetection: true }), [])).toBe(true);
    expect(isAnomalyAlarm(aMetricAlarm({ anomalyDetection: true, hasActions: false }), [])).toBe(false);
  });

  it("burn rate: the SLO's BurnRate metric or error-budget math over its metrics, never a name", () => {
    const slo = aServiceLevelObjective({ name: 'checkout-latency', service: 'checkout' });
    expect(isBurnRateAlarmOf(aBurnRateAlarm('checkout-latency'), slo)).toBe(true);
    expect(isBurnRateAlarmOf(aBurnRateAlarm('other-slo'), slo)).toBe(false);
    const named = aMetricAlarm({
      name: 'checkout-burn-rate',
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
    });
    expect(isBurnRateAlarmOf(named, slo)).toBe(false);
    const math = (service: string, expression: string) =>
      aMetricAlarm({
        metricMath: true,
        namespace: undefined,
        metricName: undefined,
        expressions: [expression],
        metrics: [{ namespace: 'ApplicationSignals', metricName: 'Fault', dimensions: { Service: service } }],
      });
    expect(isBurnRateAlarmOf(math('checkout', '(f / r) / (1 - 0.999)'), slo)).toBe(true);
    expect(isBurnRateAlarmOf(math('checkout', '100 * f / r'), slo)).toBe(false);
    expect(isBurnRateAlarmOf(math('search', '(f / r) / (1 - 0.999)'), slo)).toBe(false);
  });

  it('multi-window burn rate: alerting alarms on two windows', () => {
    const slo = aServiceLevelObjective({ name: 's' });
    const w = (m: string) =>
      aBurnRateAlarm('s', { name: `s-${m}`, dimensions: { SloName: 's', BurnRateWindowMinutes: m } });
    expect(hasMultiWindowBurnRate(slo, [w('60')], [])).toBe(false);
    expect(hasMultiWindowBurnRate(slo, [w('60'), w('5')], [])).toBe(true);
  });
});

describe('latency metric and entry points', () => {
  it('knows the entry-point latency metrics and latency-named metrics, not CPU', () => {
    expect(isLatencyMetric('AWS/ApplicationELB', 'TargetResponseTime')).toBe(true);
    expect(isLatencyMetric('AWS/Lambda', 'Duration')).toBe(true);
    expect(isLatencyMetric('AWS/EC2', 'CPUUtilization')).toBe(false);
  });

  it('takes resource-level series as entry points, once each, plus those alarms name', () => {
    const s = aSnapshot({
      cloudwatch: {
        latencyMetrics: [
          {
            namespace: 'AWS/ApiGateway',
            metricName: 'Latency',
            dimensions: { ApiName: 'orders', Stage: 'prod' },
          },
          { namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensions: { ApiName: 'orders' } },
          {
            namespace: 'AWS/ApiGateway',
            metricName: 'Latency',
            dimensions: { ApiName: 'orders', Stage: 'prod', Method: 'GET', Resource: '/' },
          },
        ],
        metricAlarms: [
          aMetricAlarm({
            namespace: 'AWS/ApiGateway',
            metricName: 'Latency',
            dimensions: { ApiName: 'orders' },
          }),
          aMetricAlarm({ name: 'alb' }),
        ],
      },
    });
    expect(requestEntryPoints(s).map((e) => [e.id, e.source])).toEqual([
      ['ApiName=orders;Stage=prod', 'metrics'],
      ['LoadBalancer=app/web/0123456789abcdef', 'alarm'],
    ]);
  });

  it('a latency SLO covers its Application Signals service', () => {
    const [ep] = requestEntryPoints(
      aSnapshot({
        cloudwatch: {
          latencyMetrics: [
            {
              namespace: 'ApplicationSignals',
              metricName: 'Latency',
              dimensions: { Service: 'checkout', Environment: 'prod' },
            },
          ],
        },
      }),
    );
    if (!ep) throw new Error('no entry point');
    expect(sloCoversEntryPoint(aServiceLevelObjective({ service: 'checkout' }), ep)).toBe(true);
    expect(
      sloCoversEntryPoint(
        aServiceLevelObjective({ service: 'checkout', metricType: 'AVAILABILITY', sliKind: 'availability' }),
        ep,
      ),
    ).toBe(false);
  });
});
