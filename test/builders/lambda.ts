import type { LambdaFunction, MetricSummary } from '#lib/model/index.js';
import { aSeriesSummary } from './metrics.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';

export const TEST_FUNCTION_NAME = 'orders-api';

/** A Node.js 20 arm64 zip function with 512 MB and a 10 s timeout. */
export function aLambdaFunction(overrides: Partial<LambdaFunction> = {}): LambdaFunction {
  const functionName = overrides.functionName ?? TEST_FUNCTION_NAME;
  return {
    functionName,
    arn: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:${functionName}`,
    runtime: 'nodejs20.x',
    memoryMiB: 512,
    timeoutSeconds: 10,
    architectures: ['arm64'],
    packageType: 'Zip',
    lastModified: '2025-05-01T10:00:00.000+0000',
    tags: {},
    ...overrides,
  };
}

/** A summary of an AWS/Lambda per-function series (dims {FunctionName}). */
export function aLambdaMetricSummary(
  functionName: string,
  metricName: string,
  stat: string,
  periodSeconds: number,
  values: readonly (number | null)[],
): MetricSummary {
  return aSeriesSummary(values, {
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: functionName },
    stat,
    periodSeconds,
  });
}
