/**
 * Lambda collector: functions from ListFunctions (50 per page, the API maximum) and their duration,
 * throttle and concurrency metrics through the unit's metric batcher.
 *
 * No call is made per function. The Lambda control plane allows 15 requests/s for all its APIs
 * together (not adjustable), so per-function reads (ListProvisionedConcurrencyConfigs, ListTags,
 * GetFunctionConcurrency) would make a 1,000-function account take over a minute and starve other
 * Lambda callers in the account. Instead:
 * - provisioned concurrency is left `undefined` on each function (not known from the list), and is
 *   observed from the `ProvisionedConcurrencyUtilization` metric (AWS/Lambda, {FunctionName}), which
 *   Lambda publishes only for functions with provisioned concurrency on a version or alias: data
 *   present means configured, values near 1 mean saturated;
 * - tags are not collected (ListTags is per function); `tags` stays empty.
 */
import { LambdaClient, paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { LambdaFunction } from '#lib/model/index.js';
import { guard } from './errors.js';
import type { Collector, CollectorContext, MetricRequest } from './types.js';

/** ListFunctions returns at most 50 functions per response, whatever MaxItems says. */
export const LAMBDA_PAGE_SIZE = 50;

/**
 * Series queued per function (dims {FunctionName}). Hourly for shapes (p95 near timeout, peaks),
 * daily sums for counts. Percentiles of Duration are supported by GetMetricData ('p95').
 */
export const LAMBDA_METRICS: readonly Omit<MetricRequest, 'dimensions' | 'namespace'>[] = [
  { metricName: 'Duration', stat: 'Average', periodSeconds: 3600 },
  { metricName: 'Duration', stat: 'p95', periodSeconds: 3600 },
  { metricName: 'Duration', stat: 'Maximum', periodSeconds: 3600 },
  { metricName: 'Invocations', stat: 'Sum', periodSeconds: 86_400 },
  { metricName: 'Errors', stat: 'Sum', periodSeconds: 86_400 },
  { metricName: 'Throttles', stat: 'Sum', periodSeconds: 86_400 },
  { metricName: 'ConcurrentExecutions', stat: 'Maximum', periodSeconds: 3600 },
  { metricName: 'ProvisionedConcurrencyUtilization', stat: 'Maximum', periodSeconds: 3600 },
];

/** Lambda defaults when the API omits a field (AWS Lambda developer guide). */
const DEFAULT_MEMORY_MIB = 128;
const DEFAULT_TIMEOUT_SECONDS = 3;

export function normalizeFunction(f: FunctionConfiguration): LambdaFunction | undefined {
  if (!f.FunctionName || !f.FunctionArn) return undefined;
  return {
    functionName: f.FunctionName,
    arn: f.FunctionArn,
    runtime: f.Runtime,
    memoryMiB: f.MemorySize ?? DEFAULT_MEMORY_MIB,
    timeoutSeconds: f.Timeout ?? DEFAULT_TIMEOUT_SECONDS,
    // A function created before Graviton support has no Architectures field: it runs on x86_64.
    architectures: f.Architectures && f.Architectures.length > 0 ? [...f.Architectures] : ['x86_64'],
    packageType: f.PackageType,
    lastModified: f.LastModified,
    provisionedConcurrency: undefined,
    snapStart: f.SnapStart?.ApplyOn,
    tags: {},
  };
}

function queueMetrics(ctx: CollectorContext, functionName: string): void {
  for (const m of LAMBDA_METRICS) {
    ctx.metrics.request({ namespace: 'AWS/Lambda', dimensions: { FunctionName: functionName }, ...m });
  }
}

export const lambdaCollector: Collector = {
  service: 'lambda',
  iamActions: ['lambda:ListFunctions'],
  async collect(ctx) {
    const client = ctx.clients.get(LambdaClient);
    const functions: LambdaFunction[] = [];
    // On a failed page the functions read so far are kept and the gap marks the list incomplete.
    await guard(
      ctx,
      { service: 'lambda', slice: 'lambda.functions', action: 'lambda:ListFunctions' },
      async () => {
        for await (const page of paginateListFunctions({ client, pageSize: LAMBDA_PAGE_SIZE }, {})) {
          for (const f of page.Functions ?? []) {
            const n = normalizeFunction(f);
            if (n) functions.push(n);
          }
        }
      },
    );
    for (const f of functions) queueMetrics(ctx, f.functionName);
    return { lambda: { functions } };
  },
};
