import { describe, expect, it } from 'vitest';
import { lambdaFunctionDurationWithinTimeout as check } from '#lib/checks/lambda/lambda-function-duration-within-timeout.js';
import {
  aGapOn,
  aLambdaFunction,
  aLambdaMetricSummary,
  aSnapshot,
  daily,
  hourly,
  runCheck,
  withGaps,
  withMetrics,
} from '#test/builders/index.js';
import type { MetricSummary } from '#lib/model/index.js';

const NAME = 'orders-api';
/** Hourly p95 and Maximum duration (ms) and daily invocations; the function's timeout is 10 s. */
function series(p95: number, max: number, invocations = 1000): MetricSummary[] {
  return [
    aLambdaMetricSummary(
      NAME,
      'Duration',
      'p95',
      3600,
      hourly(14, () => p95),
    ),
    aLambdaMetricSummary(
      NAME,
      'Duration',
      'Maximum',
      3600,
      hourly(14, () => max),
    ),
    aLambdaMetricSummary(
      NAME,
      'Invocations',
      'Sum',
      86400,
      daily(14, () => invocations),
    ),
  ];
}
const evaluate = (summaries: MetricSummary[], thresholds: Record<string, number> = {}) =>
  runCheck(
    check,
    withMetrics(aSnapshot({ lambda: { functions: [aLambdaFunction()] } }), ...summaries),
    thresholds,
  )[0];

describe('lambda-function-duration-within-timeout', () => {
  it('passes well within the timeout', () => {
    const r = evaluate(series(1200, 3000));
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'orders-api: p95 duration 1,200 ms (12% of the 10 s timeout), longest 3,000 ms (30%).',
    );
  });

  it('fails when the p95 reaches 80% of the timeout', () => {
    const r = evaluate(series(8500, 9000));
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'orders-api runs close to its timeout: p95 duration 8,500 ms (85% of the 10 s timeout), longest 9,000 ms (90%).',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'Duration p95',
        value: 8500,
        threshold: '< 80% of timeout (8,000 ms)',
      }),
    );
  });

  it('never shows a figure on the threshold it passes below (7,999 ms of 10 s is not "80%")', () => {
    const r = evaluate(series(7999, 7999));
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'orders-api: p95 duration 7,999 ms (79.99% of the 10 s timeout), longest 7,999 ms (79.99%).',
    );
    const closer = evaluate(series(7999.7, 7999.96));
    expect(closer?.status).toBe('pass');
    expect(closer?.message).toBe(
      'orders-api: p95 duration 7,999.7 ms (just under 80% of the 10 s timeout), longest 7,999.96 ms (just under 80%).',
    );
    expect(closer?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'Duration p95',
        value: 7999.7,
        threshold: '< 80% of timeout (8,000 ms)',
      }),
    );
  });

  it('shows a figure just over a limit as over it, and exactly on it as the limit', () => {
    const over = evaluate(series(1000, 9999.96));
    expect(over).toMatchObject({ status: 'fail' });
    expect(over?.severity).toBeUndefined();
    expect(over?.message).toBe(
      'orders-api runs close to its timeout: p95 duration 1,000 ms (10% of the 10 s timeout), longest 9,999.96 ms (just under 100%).',
    );
    const at = evaluate(series(8000, 8000));
    expect(at?.message).toBe(
      'orders-api runs close to its timeout: p95 duration 8,000 ms (80% of the 10 s timeout), longest 8,000 ms (80%).',
    );
  });

  it('fails high when invocations reached the timeout', () => {
    const r = evaluate(series(2000, 10000));
    expect(r).toMatchObject({ status: 'fail', severity: 'high' });
    expect(r?.message).toContain('invocations reached the timeout');
  });

  it('honours a higher max share', () => {
    expect(evaluate(series(2000, 8500), { maxPercentOfTimeout: 90 })?.status).toBe('pass');
  });

  it('is unknown without invocations or Duration data, and under a metrics gap', () => {
    const idle = evaluate(series(0, 0, 0));
    expect(idle?.status).toBe('unknown');
    expect(idle?.message).toBe(
      'orders-api: 0 invocations and no Duration data in the window, so duration cannot be compared with the 10 s timeout.',
    );
    expect(evaluate([])?.status).toBe('unknown');
    const gapped = withGaps(
      withMetrics(aSnapshot({ lambda: { functions: [aLambdaFunction()] } }), ...series(100, 200)),
      aGapOn('metrics'),
    );
    expect(runCheck(check, gapped)[0]?.status).toBe('unknown');
  });
});
