import { describe, expect, it } from 'vitest';
import { lambdaFunctionNotThrottled as check } from '#lib/checks/lambda/lambda-function-not-throttled.js';
import {
  aLambdaFunction,
  aLambdaMetricSummary,
  aSnapshot,
  daily,
  hourly,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';
import type { MetricSummary } from '#lib/model/index.js';

const NAME = 'orders-api';
const throttles = (fn: (d: number) => number | null) =>
  aLambdaMetricSummary(NAME, 'Throttles', 'Sum', 86400, daily(14, fn));
const invocations = (n: number | null) =>
  aLambdaMetricSummary(
    NAME,
    'Invocations',
    'Sum',
    86400,
    daily(14, () => n),
  );
const concurrency = aLambdaMetricSummary(
  NAME,
  'ConcurrentExecutions',
  'Maximum',
  3600,
  hourly(14, () => 40),
);
const evaluate = (summaries: MetricSummary[], thresholds: Record<string, number> = {}) =>
  runCheck(
    check,
    withMetrics(aSnapshot({ lambda: { functions: [aLambdaFunction()] } }), ...summaries),
    thresholds,
  )[0];

describe('lambda-function-not-throttled', () => {
  it('fails when any invocation was throttled, with the throttled share', () => {
    const r = evaluate([throttles((d) => (d === 3 ? 50 : 0)), invocations(1000), concurrency]);
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe('orders-api was throttled 50 times (0.36% of 14,050 requests) in 14 days.');
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Peak concurrent executions', value: 40 }),
    );
  });

  it('passes with zero throttles, including a fetched series that has no datapoints while the function ran', () => {
    expect(evaluate([throttles(() => 0), invocations(1000)])?.status).toBe('pass');
    const r = evaluate([throttles(() => null), invocations(1000)]);
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe('orders-api had 0 throttles in 14,000 invocations.');
  });

  it('honours a tolerated throttle count', () => {
    expect(
      evaluate([throttles((d) => (d === 3 ? 50 : 0)), invocations(1000)], { maxThrottles: 100 })?.status,
    ).toBe('pass');
  });

  it('is unknown when the series was not fetched or the function had no traffic', () => {
    expect(evaluate([invocations(1000)])?.message).toBe(
      'orders-api: the Throttles series was not collected.',
    );
    expect(evaluate([throttles(() => null), invocations(null)])?.status).toBe('unknown');
  });
});
