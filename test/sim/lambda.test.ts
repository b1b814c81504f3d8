import { describe, expect, it } from 'vitest';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { createSimulatedAccount, type SimMetricQuery } from '#lib/sim/index.js';
import { lambdaSimState } from '#lib/sim/lambda.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

const REGION = 'eu-west-1';

function query(
  account: ReturnType<typeof createSimulatedAccount>,
  fn: string,
  metricName: string,
  stat: string,
  periodSeconds = 3600,
): SimMetricQuery {
  const end = account.options.now;
  return {
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: fn },
    stat,
    periodSeconds,
    start: new Date(end.getTime() - 14 * 86_400_000),
    end,
  };
}

describe('lambda simulation', () => {
  it('is deterministic and holds the deliberate functions in busy regions', () => {
    const a = lambdaSimState(createSimulatedAccount(), REGION);
    const b = lambdaSimState(createSimulatedAccount(), REGION);
    expect(a.functions).toEqual(b.functions);
    const byName = new Map(a.functions.map((f) => [f.FunctionName, f]));
    expect(byName.get('orders-api')).toMatchObject({ MemorySize: 128, Architectures: ['x86_64'] });
    expect(byName.get('image-resize')).toMatchObject({ MemorySize: 1024, Architectures: ['arm64'] });
    expect(a.functions.some((f) => f.Architectures?.[0] === 'x86_64' && f.MemorySize !== 128)).toBe(true);
    expect(a.functions.length).toBe(24);
  });

  it('scales with account.options.scale and stays near empty outside busy regions', () => {
    const account = createSimulatedAccount({ scale: 10 });
    expect(lambdaSimState(account, REGION).functions).toHaveLength(240);
    expect(lambdaSimState(account, 'eu-central-1').functions.length).toBeLessThanOrEqual(1);
  });

  it('answers ListFunctions with at most 50 functions and a NextMarker, and rejects MaxItems out of range', async () => {
    const account = createSimulatedAccount({ scale: 3 });
    const client = simClientFactory(account, REGION).get(LambdaClient);
    const first = await client.send(new ListFunctionsCommand({ MaxItems: 1000 }));
    expect(first.Functions).toHaveLength(50);
    expect(first.NextMarker).toBeDefined();
    const second = await client.send(new ListFunctionsCommand({ MaxItems: 50, Marker: first.NextMarker }));
    expect(second.Functions?.[0]?.FunctionName).not.toBe(first.Functions?.[0]?.FunctionName);
    await expect(client.send(new ListFunctionsCommand({ MaxItems: 10_001 }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });

  it('publishes the metrics that make the deliberate functions good or bad', () => {
    const account = createSimulatedAccount();
    const max = (v: (number | null)[]) => Math.max(...v.map((x) => x ?? 0));
    // p95 duration near the 30 s timeout.
    expect(
      max(account.metricValues(query(account, 'report-builder', 'Duration', 'p95'), REGION)),
    ).toBeGreaterThan(0.85 * 30_000);
    expect(max(account.metricValues(query(account, 'image-resize', 'Duration', 'p95'), REGION))).toBeLessThan(
      0.1 * 30_000,
    );
    // No duration exceeds the function's timeout (Lambda stops it there), even for functions sized too small.
    for (const f of lambdaSimState(account, REGION).functions) {
      const limit = (f.Timeout ?? 3) * 1000;
      for (const stat of ['p95', 'Maximum'])
        expect(
          max(account.metricValues(query(account, f.FunctionName ?? '', 'Duration', stat), REGION)),
        ).toBeLessThanOrEqual(limit);
    }
    // An idle function publishes nothing (Lambda emits metrics only when invoked).
    const idle = lambdaSimState(account, REGION).functions.find(
      (f) => lambdaSimState(account, REGION).profiles[f.FunctionName ?? '']?.dailyInvocations === 0,
    );
    for (const metric of ['Invocations', 'Throttles', 'Errors'])
      expect(
        account.metricValues(query(account, idle?.FunctionName ?? '', metric, 'Sum', 86_400), REGION),
      ).toEqual([]);
    // Throttles only on the throttling function.
    expect(
      max(account.metricValues(query(account, 'ingest-worker', 'Throttles', 'Sum', 86_400), REGION)),
    ).toBeGreaterThan(0);
    expect(max(account.metricValues(query(account, 'orders-api', 'Throttles', 'Sum', 86_400), REGION))).toBe(
      0,
    );
    // Provisioned concurrency metrics exist only where it is configured.
    const pc = account.metricValues(
      query(account, 'checkout-api', 'ProvisionedConcurrencyUtilization', 'Maximum'),
      REGION,
    );
    expect(pc).toHaveLength(14 * 24);
    expect(
      account.metricValues(
        query(account, 'orders-api', 'ProvisionedConcurrencyUtilization', 'Maximum'),
        REGION,
      ),
    ).toEqual([]);
  });
});
