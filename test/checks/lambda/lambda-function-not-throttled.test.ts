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
import type { LambdaFunction, MetricSummary } from '#lib/model/index.js';

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
const evaluate = (
  summaries: MetricSummary[],
  thresholds: Record<string, number> = {},
  fn: Partial<LambdaFunction> = {},
) =>
  runCheck(
    check,
    withMetrics(aSnapshot({ lambda: { functions: [aLambdaFunction(fn)] } }), ...summaries),
    thresholds,
  )[0];
const peakAt = (n: number) =>
  aLambdaMetricSummary(
    NAME,
    'ConcurrentExecutions',
    'Maximum',
    3600,
    hourly(14, (h) => (h === 100 ? n : 2)),
  );

describe('lambda-function-not-throttled', () => {
  it('fails when any invocation was throttled, with the throttled share', () => {
    const r = evaluate([throttles((d) => (d === 3 ? 50 : 0)), invocations(1000), concurrency]);
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'orders-api was throttled 50 times (0.356% of 14,050 requests, on 1 of 14 days).',
    );
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

  it('rates one throttle in 14 days low, not high (the old rule made any throttle a high-severity failure)', () => {
    const r = evaluate([throttles((d) => (d === 6 ? 1 : 0)), invocations(1000)]);
    expect(r).toMatchObject({ status: 'fail', severity: 'low' });
    expect(r?.evidence).toContainEqual(expect.objectContaining({ label: 'Days with throttles', value: 1 }));
  });

  it('scales severity with the throttled share and the days with throttles', () => {
    // 20 throttles on 1 day of 14,020 requests: 0.143% -> medium by share.
    expect(evaluate([throttles((d) => (d === 2 ? 20 : 0)), invocations(1000)])?.severity).toBe('medium');
    // 1 throttle on each of 2 days: 0.014% but 2 days -> medium by days.
    expect(evaluate([throttles((d) => (d < 2 ? 1 : 0)), invocations(1000)])?.severity).toBe('medium');
    // 1 throttle on each of 4 days -> high by days.
    expect(evaluate([throttles((d) => (d < 4 ? 1 : 0)), invocations(1000)])?.severity).toBe('high');
    // 200 throttles on one day: 1.41% -> high by share.
    expect(evaluate([throttles((d) => (d === 0 ? 200 : 0)), invocations(1000)])?.severity).toBe('high');
  });

  it('does not fail throttles at a reserved concurrency (a deliberate rate limit), and says so with the limit', () => {
    const r = evaluate([throttles(() => 30), invocations(1000), peakAt(5)], {}, { reservedConcurrency: 5 });
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'orders-api was throttled 420 times (2.913% of 14,420 requests, on 14 of 14 days) at its reserved concurrency of 5, a deliberate rate limit (peak 5); raise it if these throttles are not intended.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'Reserved concurrency',
        value: 5,
        source: 'lambda:GetFunctionConcurrency',
      }),
    );
    // Reserved concurrency 0 turns the function off on purpose.
    expect(evaluate([throttles(() => 30), invocations(0)], {}, { reservedConcurrency: 0 })?.status).toBe(
      'pass',
    );
  });

  it('still fails throttles below the reserved limit, or without a reservation', () => {
    expect(
      evaluate([throttles(() => 30), invocations(1000), peakAt(3)], {}, { reservedConcurrency: 5 }),
    ).toMatchObject({ status: 'fail', severity: 'high' });
    const none = evaluate(
      [throttles(() => 30), invocations(1000), peakAt(5)],
      {},
      { reservedConcurrency: null },
    );
    expect(none).toMatchObject({ status: 'fail', severity: 'high' });
    expect(none?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Reserved concurrency', value: 'none' }),
    );
    expect(evaluate([throttles(() => 30), invocations(1000), peakAt(5)])?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Reserved concurrency', value: 'not read' }),
    );
  });

  it('is unknown when the series was not fetched or the function had no traffic', () => {
    expect(evaluate([invocations(1000)])?.message).toBe(
      'orders-api: the Throttles series was not collected.',
    );
    expect(evaluate([throttles(() => null), invocations(null)])?.status).toBe('unknown');
  });
});
