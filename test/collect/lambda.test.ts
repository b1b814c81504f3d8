import { describe, expect, it } from 'vitest';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { lambdaSimState } from '#lib/sim/lambda.js';
import { LAMBDA_METRICS, lambdaCollector } from '#lib/collect/lambda.js';
import { metricKey, type MetricSummary } from '#lib/model/index.js';
import { iamActionFor } from '#lib/collect/iam.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';

const REGION = 'eu-west-1';

describe('lambdaCollector', () => {
  it('normalizes every function of the region', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, REGION);

    const out = await lambdaCollector.collect(ctx);

    const functions = out.lambda?.functions ?? [];
    expect(functions).toHaveLength(lambdaSimState(account, REGION).functions.length);
    expect(functions.find((f) => f.functionName === 'orders-api')).toEqual({
      functionName: 'orders-api',
      arn: `arn:aws:lambda:${REGION}:${account.accountId}:function:orders-api`,
      runtime: 'nodejs20.x',
      memoryMiB: 128,
      timeoutSeconds: 10,
      architectures: ['x86_64'],
      packageType: 'Zip',
      lastModified: expect.any(String),
      provisionedConcurrency: undefined,
      snapStart: 'None',
      tags: {},
    });
    const image = functions.find((f) => f.functionName === 'ml-scoring');
    expect(image?.packageType).toBe('Image');
    expect(image?.runtime).toBeUndefined();
    expect(functions.find((f) => f.functionName === 'image-resize')?.architectures).toEqual(['arm64']);
    expect(ctx.gaps).toEqual([]);
  });

  it('lists 500 functions in ceil(500 / 50) = 10 calls, at the maximum page size, with no per-function call', async () => {
    const account = createSimulatedAccount({ scale: 500 / 24 });
    expect(lambdaSimState(account, REGION).functions).toHaveLength(500);
    const ctx = simCollectorContext(account, REGION);

    const out = await lambdaCollector.collect(ctx);

    expect(out.lambda?.functions).toHaveLength(500);
    const lambdaCalls = account.calls.filter((c) => c.clientName === 'LambdaClient');
    expect(lambdaCalls).toHaveLength(10);
    expect(
      lambdaCalls.every((c) => c.commandName === 'ListFunctionsCommand' && c.input.MaxItems === 50),
    ).toBe(true);
  });

  it('queues the duration, count and concurrency series of every function', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, REGION);

    const out = await lambdaCollector.collect(ctx);

    const n = out.lambda?.functions.length ?? 0;
    expect(ctx.requested).toHaveLength(n * LAMBDA_METRICS.length);
    const keys = new Set(ctx.requested.map(metricKey));
    const fn = { FunctionName: 'report-builder' };
    expect(keys).toContain(
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        stat: 'p95',
        periodSeconds: 3600,
        dimensions: fn,
      }),
    );
    expect(keys).toContain(
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        stat: 'Maximum',
        periodSeconds: 3600,
        dimensions: fn,
      }),
    );
    expect(keys).toContain(
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        stat: 'Sum',
        periodSeconds: 86_400,
        dimensions: fn,
      }),
    );
    expect(keys).toContain(
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'ProvisionedConcurrencyUtilization',
        stat: 'Maximum',
        periodSeconds: 3600,
        dimensions: { FunctionName: 'checkout-api' },
      }),
    );
  });

  it('records an AccessDenied gap and returns no functions when ListFunctions is denied', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'ListFunctionsCommand', kind: 'accessDenied', times: Infinity }],
    });
    const ctx = simCollectorContext(account, REGION);

    const out = await lambdaCollector.collect(ctx);

    expect(out.lambda?.functions).toEqual([]);
    expect(ctx.requested).toEqual([]);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        service: 'lambda',
        slice: 'lambda.functions',
        code: 'AccessDenied',
        action: 'lambda:ListFunctions',
      }),
    ]);
  });

  it('retries a throttled page without recording a gap', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'ListFunctionsCommand', kind: 'throttle', times: 1 }],
    });
    const ctx = simCollectorContext(account, REGION);

    const out = await lambdaCollector.collect(ctx);

    expect(out.lambda?.functions.length).toBe(lambdaSimState(account, REGION).functions.length);
    expect(ctx.gaps).toEqual([]);
  });

  it('declares exactly the actions it calls', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, REGION);
    const out = await lambdaCollector.collect(ctx);
    await lambdaCollector.followUp?.(ctx, out, throttleMetrics({ 'ingest-worker': 25_000 }));
    const called = new Set(account.calls.map((c) => iamActionFor(c.clientName, c.commandName)));
    expect([...called].sort()).toEqual([...lambdaCollector.iamActions].sort());
  });

  describe('reserved concurrency (followUp, after the metrics)', () => {
    it('reads it only for the functions that throttled, and leaves the others unread', async () => {
      const account = createSimulatedAccount();
      const ctx = simCollectorContext(account, REGION);
      const out = await lambdaCollector.collect(ctx);
      const before = account.callsTo('GetFunctionConcurrencyCommand').length;

      await lambdaCollector.followUp?.(
        ctx,
        out,
        throttleMetrics({ 'ingest-worker': 25_000, 'report-builder': 56, 'orders-api': 0 }),
      );

      const fns = out.lambda?.functions ?? [];
      expect(account.callsTo('GetFunctionConcurrencyCommand').length - before).toBe(2);
      expect(fns.find((f) => f.functionName === 'report-builder')?.reservedConcurrency).toBe(6);
      expect(fns.find((f) => f.functionName === 'ingest-worker')?.reservedConcurrency).toBeNull();
      expect(fns.find((f) => f.functionName === 'orders-api')?.reservedConcurrency).toBeUndefined();
      expect(ctx.gaps).toEqual([]);
    });

    it('reads at most maxFollowUpCalls, most throttled first, and names the rest in a per-resource gap', async () => {
      const account = createSimulatedAccount();
      const ctx = { ...simCollectorContext(account, REGION), limits: { maxFollowUpCalls: 1 } };
      const out = await lambdaCollector.collect(ctx);

      await lambdaCollector.followUp?.(
        ctx,
        out,
        throttleMetrics({ 'ingest-worker': 25_000, 'report-builder': 56 }),
      );

      expect(account.callsTo('GetFunctionConcurrencyCommand')).toHaveLength(1);
      const fns = out.lambda?.functions ?? [];
      expect(fns.find((f) => f.functionName === 'ingest-worker')?.reservedConcurrency).toBeNull();
      expect(fns.find((f) => f.functionName === 'report-builder')?.reservedConcurrency).toBeUndefined();
      expect(ctx.gaps).toEqual([
        expect.objectContaining({
          slice: 'lambda.reservedConcurrency',
          action: 'lambda:GetFunctionConcurrency',
          resources: ['report-builder'],
          resourceCount: 1,
        }),
      ]);
    });

    it('turns a denied read into a gap on the functions concerned, not on the whole slice', async () => {
      const account = createSimulatedAccount({
        faults: [{ commandName: 'GetFunctionConcurrencyCommand', kind: 'accessDenied', times: Infinity }],
      });
      const ctx = simCollectorContext(account, REGION);
      const out = await lambdaCollector.collect(ctx);

      await lambdaCollector.followUp?.(ctx, out, throttleMetrics({ 'ingest-worker': 25_000 }));

      expect(ctx.gaps).toEqual([
        expect.objectContaining({
          slice: 'lambda.reservedConcurrency',
          code: 'AccessDenied',
          resources: ['ingest-worker'],
        }),
      ]);
    });
  });
});

/** Summaries of the daily Throttles Sum series with the given totals, keyed as the batcher keys them. */
function throttleMetrics(totals: Record<string, number>): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  for (const [name, sum] of Object.entries(totals)) {
    const q = {
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      dimensions: { FunctionName: name },
      stat: 'Sum',
      periodSeconds: 86_400,
    };
    out[metricKey(q)] = { ...q, windowDays: 14, datapoints: 14, expectedDatapoints: 14, sum };
  }
  return out;
}
