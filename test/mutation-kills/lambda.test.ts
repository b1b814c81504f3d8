/**
 * Kills the mutants the Lambda check suites left alive (npm run mutation; docs/testing.md, run of 2026-12-06):
 * whole results (message and every evidence item) of each outcome, thresholds on both sides of the exact value,
 * reserved concurrency as a rate limit, and the Compute Optimizer match by ARN, qualified ARN or name.
 */
import { describe, expect, it } from 'vitest';
import { lambdaFunctionArm64Architecture as arm64 } from '#lib/checks/lambda/lambda-function-arm64-architecture.js';
import { lambdaFunctionDurationWithinTimeout as duration } from '#lib/checks/lambda/lambda-function-duration-within-timeout.js';
import { lambdaFunctionMemoryConfigured as memory } from '#lib/checks/lambda/lambda-function-memory-configured.js';
import { lambdaFunctionNotThrottled as throttled } from '#lib/checks/lambda/lambda-function-not-throttled.js';
import type { LambdaFunction, MetricSummary } from '#lib/model/index.js';
import {
  aLambdaFunction,
  aLambdaMetricSummary,
  aRecommendation,
  aSnapshot,
  daily,
  hourly,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';

const N = 'orders-api';
const fnWith = (o: Partial<LambdaFunction> = {}) => aLambdaFunction({ functionName: N, ...o });
const snap = (fns: LambdaFunction[], ...metrics: MetricSummary[]) =>
  withMetrics(aSnapshot({ lambda: { functions: fns } }), ...metrics);
const dailySum = (metric: string, values: (number | null)[], name = N) =>
  aLambdaMetricSummary(name, metric, 'Sum', 86400, values);
const hourlyOf = (metric: string, stat: string, values: (number | null)[], name = N) =>
  aLambdaMetricSummary(name, metric, stat, 3600, values);
const msg = (rs: { message: string }[]) => rs.map((r) => r.message);

describe('lambda-function-arm64-architecture (mutation kills)', () => {
  it('reports the architecture and runtime of each function, x86_64 when none is listed', () => {
    const fns = [
      fnWith({ functionName: 'a', architectures: ['arm64'] }),
      fnWith({ functionName: 'b', architectures: [], runtime: undefined, packageType: 'Image' }),
      fnWith({ functionName: 'c', architectures: ['x86_64'], runtime: undefined, packageType: 'Zip' }),
    ];
    expect(runCheck(arm64, snap(fns))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Architecture",
              "source": "lambda:ListFunctions Architectures",
              "threshold": "arm64",
              "value": "arm64",
            },
            {
              "label": "Runtime",
              "value": "nodejs20.x",
            },
          ],
          "message": "a runs on arm64.",
          "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:a",
          "resourceId": "a",
          "resourceName": "a",
          "resourceType": "AWS::Lambda::Function",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Architecture",
              "source": "lambda:ListFunctions Architectures",
              "threshold": "arm64",
              "value": "x86_64",
            },
            {
              "label": "Runtime",
              "value": "container image",
            },
          ],
          "message": "b runs on x86_64; build the container image for arm64 (or multi-architecture).",
          "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:b",
          "resourceId": "b",
          "resourceName": "b",
          "resourceType": "AWS::Lambda::Function",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Architecture",
              "source": "lambda:ListFunctions Architectures",
              "threshold": "arm64",
              "value": "x86_64",
            },
            {
              "label": "Runtime",
              "value": null,
            },
          ],
          "message": "c runs on x86_64.",
          "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:c",
          "resourceId": "c",
          "resourceName": "c",
          "resourceType": "AWS::Lambda::Function",
          "status": "fail",
        },
      ]
    `);
  });
});

describe('lambda-function-duration-within-timeout (mutation kills)', () => {
  const run = (fn: Partial<LambdaFunction>, ...metrics: MetricSummary[]) =>
    runCheck(duration, snap([fnWith(fn)], ...metrics))[0];
  const inv = (n: number) =>
    dailySum(
      'Invocations',
      daily(14, () => n),
    );

  it('unknown without invocations or Duration data: the whole result', () => {
    expect(run({}, inv(0))).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Invocations",
            "metric": "AWS/Lambda/Invocations",
            "statistic": "Sum",
            "unit": "count",
            "value": 0,
          },
        ],
        "message": "orders-api: 0 invocations and no Duration data in the window, so duration cannot be compared with the 10 s timeout.",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "unknown",
      }
    `);
    expect(run({})).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Invocations",
            "metric": "AWS/Lambda/Invocations",
            "statistic": "Sum",
            "unit": "count",
            "value": null,
          },
        ],
        "message": "orders-api: no invocations and no Duration data in the window, so duration cannot be compared with the 10 s timeout.",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "unknown",
      }
    `);
    expect(
      run(
        {},
        inv(10),
        hourlyOf(
          'Duration',
          'p95',
          hourly(14, () => 100),
        ),
      )?.status,
    ).toBe('unknown');
  });

  it('passes below 80% of the timeout and fails at exactly 80% (p95), with the whole evidence', () => {
    // Timeout 10 s: 80% is 8,000 ms.
    const p95 = (ms: number) =>
      hourlyOf(
        'Duration',
        'p95',
        hourly(14, () => ms),
      );
    const max = (ms: number) =>
      hourlyOf(
        'Duration',
        'Maximum',
        hourly(14, () => ms),
      );
    expect(run({}, inv(10), p95(7999), max(7999))).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Timeout",
            "source": "lambda:ListFunctions Timeout",
            "unit": "seconds",
            "value": 10,
          },
          {
            "label": "Duration p95",
            "metric": "AWS/Lambda/Duration",
            "statistic": "p95 of hourly p95",
            "threshold": "< 80% of timeout (8,000 ms)",
            "unit": "ms",
            "value": 7999,
            "window": "14 days, 1-hour periods",
          },
          {
            "label": "Duration maximum",
            "metric": "AWS/Lambda/Duration",
            "statistic": "Maximum",
            "threshold": "< 80% of timeout (8,000 ms)",
            "unit": "ms",
            "value": 7999,
            "window": "14 days, 1-hour periods",
          },
          {
            "label": "Invocations",
            "metric": "AWS/Lambda/Invocations",
            "statistic": "Sum",
            "unit": "count",
            "value": 140,
            "window": "14 days, 1-day periods",
          },
        ],
        "message": "orders-api: p95 duration 7,999 ms (79.99% of the 10 s timeout), longest 7,999 ms (79.99%).",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "pass",
      }
    `);
    const at = run({}, inv(10), p95(8000), max(7000));
    expect(at?.status).toBe('fail');
    expect(at?.severity).toBeUndefined();
    expect(at?.message).toBe(
      'orders-api runs close to its timeout: p95 duration 8,000 ms (80% of the 10 s timeout), longest 7,000 ms (70%).',
    );
    const maxAt = run({}, inv(10), p95(100), max(8000));
    expect(maxAt?.status).toBe('fail');
    const below = run({}, inv(10), p95(100), max(9999));
    expect([below?.status, below?.severity]).toEqual(['fail', undefined]);
    const reached = run({}, inv(10), p95(100), max(10000));
    expect([reached?.severity, reached?.message]).toEqual([
      'high',
      'orders-api runs close to its timeout: p95 duration 100 ms (1% of the 10 s timeout), longest 10,000 ms (100%); invocations reached the timeout.',
    ]);
  });

  it('reads the p95 of the hourly p95 series, not its maximum', () => {
    // 336 hourly p95 values: all 1,000 ms but 5 hours at 9,000 ms -> p95 1,000 ms, maximum 9,000 ms.
    const p95s = hourlyOf(
      'Duration',
      'p95',
      hourly(14, (h) => (h < 5 ? 9000 : 1000)),
    );
    const r = run(
      {},
      inv(10),
      p95s,
      hourlyOf(
        'Duration',
        'Maximum',
        hourly(14, () => 2000),
      ),
    );
    expect([r?.status, r?.evidence[1]?.value]).toEqual(['pass', 1000]);
  });

  it('reads the p95 series maximum when it has no p95, and labels the window of the p95 series', () => {
    const p95s: MetricSummary = {
      ...hourlyOf(
        'Duration',
        'p95',
        hourly(7, () => 3000),
      ),
      p95: undefined,
      windowDays: 7,
    };
    const r = run(
      {},
      inv(10),
      p95s,
      hourlyOf(
        'Duration',
        'Maximum',
        hourly(14, () => 4000),
      ),
    );
    expect(r?.message).toBe(
      'orders-api: p95 duration 3,000 ms (30% of the 10 s timeout), longest 4,000 ms (40%).',
    );
    expect(r?.evidence[1]).toMatchObject({
      label: 'Duration p95',
      value: 3000,
      window: '7 days, 1-hour periods',
    });
    expect(r?.evidence[3]).toMatchObject({ window: '14 days, 1-day periods' });
  });
});

describe('lambda-function-memory-configured (mutation kills)', () => {
  const arn = fnWith().arn;
  const run = (recs: ReturnType<typeof aRecommendation>[] | undefined, fn: Partial<LambdaFunction> = {}) => {
    const s = snap([fnWith({ memoryMiB: 128, ...fn })]);
    if (recs) s.computeOptimizer = { enrollmentStatus: 'Active', recommendations: recs };
    else delete s.computeOptimizer;
    return runCheck(memory, s)[0];
  };
  const rec = (o: Partial<ReturnType<typeof aRecommendation>>) =>
    aRecommendation({
      kind: 'lambda',
      resourceArn: 'arn:other',
      resourceId: 'other',
      finding: 'optimized',
      ...o,
    });

  it('passes a set size; the 128 MB default passes only when Compute Optimizer rates it optimized', () => {
    expect(run(undefined, { memoryMiB: 1024 })).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Memory size",
            "source": "lambda:ListFunctions MemorySize",
            "threshold": "!= 128 (default)",
            "unit": "MB",
            "value": 1024,
          },
        ],
        "message": "orders-api has 1024 MB of memory set.",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "pass",
      }
    `);
    expect(run([rec({ resourceArn: arn })])).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Memory size",
            "source": "lambda:ListFunctions MemorySize",
            "threshold": "!= 128 (default)",
            "unit": "MB",
            "value": 128,
          },
          {
            "label": "Compute Optimizer finding",
            "source": "compute-optimizer:GetLambdaFunctionRecommendations",
            "value": "optimized",
          },
        ],
        "message": "orders-api runs at the 128 MB default, which Compute Optimizer rates Optimized for its measured use.",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "pass",
      }
    `);
    expect(run(undefined)).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Memory size",
            "source": "lambda:ListFunctions MemorySize",
            "threshold": "!= 128 (default)",
            "unit": "MB",
            "value": 128,
          },
        ],
        "message": "orders-api runs at the 128 MB default memory size, with no measurement showing it is the right size.",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "fail",
      }
    `);
  });

  it('matches the recommendation by ARN, by a qualified ARN or by name, Lambda recommendations only', () => {
    expect(run([rec({ resourceArn: `${arn}:$LATEST` })])?.status).toBe('pass');
    expect(run([rec({ resourceArn: `${arn}:prod` })])?.status).toBe('pass');
    expect(run([rec({ resourceId: N })])?.status).toBe('pass');
    expect(run([rec({ resourceArn: `${arn}-v2` })])?.status).toBe('fail');
    expect(run([rec({ resourceArn: `x:${arn}:` })])?.status).toBe('fail');
    expect(run([rec({ resourceArn: arn, kind: 'ec2' })])?.status).toBe('fail');
    expect(run([rec({ resourceArn: arn, finding: 'underprovisioned' })])?.status).toBe('fail');
    expect(run([])?.status).toBe('fail');
  });
});

describe('lambda-function-not-throttled (mutation kills)', () => {
  const run = (fn: Partial<LambdaFunction>, ...metrics: MetricSummary[]) =>
    runCheck(throttled, snap([fnWith(fn)], ...metrics))[0];
  const thr = (values: (number | null)[]) => dailySum('Throttles', values);
  const inv = (perDay: number) =>
    dailySum(
      'Invocations',
      daily(14, () => perDay),
    );
  const peak = (n: number) =>
    hourlyOf(
      'ConcurrentExecutions',
      'Maximum',
      hourly(14, (h) => (h === 5 ? n : 1)),
    );
  /** `count` throttles on each of `days` days. */
  const onDays = (days: number, count = 1) => thr(daily(14, (d) => (d < days ? count : 0)));

  it('unknown: the series was not collected, or no invocation and no throttle', () => {
    expect(run({}, inv(100))).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Invocations",
            "metric": "AWS/Lambda/Invocations",
            "statistic": "Sum",
            "unit": "count",
            "value": 1400,
            "window": "14 days, 1-day periods",
          },
        ],
        "message": "orders-api: the Throttles series was not collected.",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "unknown",
      }
    `);
    expect(run({}, thr(daily(14, () => null)))).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Invocations",
            "metric": "AWS/Lambda/Invocations",
            "statistic": "Sum",
            "unit": "count",
            "value": 0,
            "window": "14 days, 1-day periods",
          },
        ],
        "message": "orders-api had no invocations and no throttles in the window.",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "unknown",
      }
    `);
  });

  it('a Throttles series without datapoints but with invocations is a pass with 0 throttles', () => {
    const empty: MetricSummary = { ...thr(daily(14, () => null)), sum: 0 };
    expect(run({}, empty, inv(100))?.message).toBe('orders-api had 0 throttles in 1,400 invocations.');
    // ... and with no invocations either, unknown (not a pass on 0 of 0).
    expect(run({}, empty)?.status).toBe('unknown');
  });

  it('zero throttles in zero invocations on a fetched series: pass with a 0% share', () => {
    const r = run({}, thr(daily(14, () => 0)), inv(0));
    expect([r?.status, r?.message, r?.evidence[2]?.value]).toEqual([
      'pass',
      'orders-api had 0 throttles in 0 invocations.',
      0,
    ]);
    const zeros = run(
      {},
      thr(daily(14, () => 0)),
      dailySum(
        'Invocations',
        daily(14, () => null),
      ),
    );
    expect([zeros?.status, zeros?.evidence[2]?.value]).toEqual(['pass', 0]);
    const some = run({}, thr(daily(14, () => 0)), inv(1));
    expect(some).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Throttles",
            "metric": "AWS/Lambda/Throttles",
            "statistic": "Sum",
            "threshold": "<= 0",
            "unit": "count",
            "value": 0,
            "window": "14 days, 1-day periods",
          },
          {
            "label": "Invocations",
            "metric": "AWS/Lambda/Invocations",
            "statistic": "Sum",
            "unit": "count",
            "value": 14,
            "window": "14 days, 1-day periods",
          },
          {
            "label": "Throttled share of requests",
            "threshold": "high >= 1%, medium >= 0.1%",
            "unit": "Percent",
            "value": 0,
          },
          {
            "label": "Days with throttles",
            "metric": "AWS/Lambda/Throttles",
            "statistic": "daily Sum > 0",
            "threshold": "high >= 4, medium >= 2",
            "unit": "days",
            "value": 0,
            "window": "14 days, 1-day periods",
          },
          {
            "label": "Peak concurrent executions",
            "metric": "AWS/Lambda/ConcurrentExecutions",
            "statistic": "Maximum",
            "unit": "count",
            "value": null,
            "window": "14 days, 1-hour periods",
          },
          {
            "label": "Reserved concurrency",
            "source": "lambda:GetFunctionConcurrency",
            "value": "not read",
          },
        ],
        "message": "orders-api had 0 throttles in 14 invocations.",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "status": "pass",
      }
    `);
  });

  it('a failure with the whole evidence (window of the Throttles series, reserved not read)', () => {
    const w7: MetricSummary = { ...onDays(2, 5), windowDays: 7 };
    const conc: MetricSummary = { ...peak(30), windowDays: 3 };
    expect(run({ reservedConcurrency: undefined }, w7, inv(1000), conc)).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Throttles",
            "metric": "AWS/Lambda/Throttles",
            "statistic": "Sum",
            "threshold": "<= 0",
            "unit": "count",
            "value": 10,
            "window": "7 days, 1-day periods",
          },
          {
            "label": "Invocations",
            "metric": "AWS/Lambda/Invocations",
            "statistic": "Sum",
            "unit": "count",
            "value": 14000,
            "window": "7 days, 1-day periods",
          },
          {
            "label": "Throttled share of requests",
            "threshold": "high >= 1%, medium >= 0.1%",
            "unit": "Percent",
            "value": 0.071,
          },
          {
            "label": "Days with throttles",
            "metric": "AWS/Lambda/Throttles",
            "statistic": "daily Sum > 0",
            "threshold": "high >= 4, medium >= 2",
            "unit": "days",
            "value": 2,
            "window": "7 days, 1-day periods",
          },
          {
            "label": "Peak concurrent executions",
            "metric": "AWS/Lambda/ConcurrentExecutions",
            "statistic": "Maximum",
            "unit": "count",
            "value": 30,
            "window": "3 days, 1-hour periods",
          },
          {
            "label": "Reserved concurrency",
            "source": "lambda:GetFunctionConcurrency",
            "value": "not read",
          },
        ],
        "message": "orders-api was throttled 10 times (0.071% of 14,010 requests, on 2 of 14 days).",
        "resourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
        "resourceId": "orders-api",
        "resourceName": "orders-api",
        "resourceType": "AWS::Lambda::Function",
        "severity": "medium",
        "status": "fail",
      }
    `);
  });

  it('severity: share 1% and 4 days are high, 0.1% and 2 days medium, below both low', () => {
    /** Severity for throttles `s` and `total` invocations (all on the first day). */
    const sev = (s: MetricSummary, total: number) =>
      run(
        { reservedConcurrency: null },
        s,
        dailySum(
          'Invocations',
          daily(14, (d) => (d === 0 ? total : 0)),
        ),
      )?.severity;
    // 1 throttle, 99 invocations: exactly 1%.
    expect(sev(onDays(1), 99)).toBe('high');
    expect(sev(onDays(1), 100)).toBe('medium'); // 0.990%
    // 1 in 1,000: exactly 0.1%.
    expect(sev(onDays(1), 999)).toBe('medium');
    expect(sev(onDays(1), 1000)).toBe('low');
    expect(sev(onDays(4), 1e7)).toBe('high');
    expect(sev(onDays(3), 1e7)).toBe('medium');
    expect(sev(onDays(2), 1e7)).toBe('medium');
    expect(sev(onDays(1), 1e7)).toBe('low');
    expect(run({ reservedConcurrency: null }, onDays(1), inv(1e6))?.evidence[5]).toEqual({
      label: 'Reserved concurrency',
      value: 'none',
      source: 'lambda:GetFunctionConcurrency',
    });
  });

  it('throttles at the reserved concurrency are a deliberate rate limit; below it they fail', () => {
    expect(msg([run({ reservedConcurrency: 40 }, onDays(1, 7), inv(100), peak(40))!])).toEqual([
      'orders-api was throttled 7 times (0.498% of 1,407 requests, on 1 of 14 days) at its reserved concurrency of 40, a deliberate rate limit (peak 40); raise it if these throttles are not intended.',
    ]);
    expect(run({ reservedConcurrency: 41 }, onDays(1, 7), inv(100), peak(40))?.status).toBe('fail');
    expect(run({ reservedConcurrency: 40 }, onDays(1, 7), inv(100))?.message).toBe(
      'orders-api was throttled 7 times (0.498% of 1,407 requests, on 1 of 14 days) at its reserved concurrency of 40, a deliberate rate limit (peak not measured); raise it if these throttles are not intended.',
    );
    const off = run({ reservedConcurrency: 0 }, onDays(1, 7), inv(100), peak(3));
    expect([off?.status, off?.message]).toEqual([
      'pass',
      'orders-api was throttled 7 times (0.498% of 1,407 requests, on 1 of 14 days): its reserved concurrency is 0, so it is deliberately turned off.',
    ]);
  });

  it('maxThrottles: exactly at the limit passes, one above fails', () => {
    expect(run({}, onDays(1, 3), inv(100), peak(2))).toMatchObject({
      status: 'fail',
    });
    expect(
      runCheck(throttled, snap([fnWith()], onDays(1, 3), inv(100)), { maxThrottles: 3 })[0]?.message,
    ).toBe('orders-api had 3 throttles in 1,400 invocations.');
    expect(
      runCheck(throttled, snap([fnWith()], onDays(1, 3), inv(100)), { maxThrottles: 2 })[0]?.status,
    ).toBe('fail');
  });
});
