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
 * - tags are not collected (ListTags is per function); `tags` stays empty;
 * - reserved concurrency (a deliberate rate limit the throttle check must tell apart) is read with
 *   GetFunctionConcurrency only for the functions whose Throttles series shows a throttle, most throttled
 *   first, at most ctx.limits.maxFollowUpCalls per unit, two at a time, once the metrics are in (followUp). A
 *   throttling function is rare, so a 1,000-function account with none costs no call; the ones over the bound
 *   are named in a `lambda.reservedConcurrency` gap. Rejected alternatives: ListFunctions and GetAccountSettings
 *   do not return it per function, and the per-function ConcurrentExecutions maximum cannot tell a reserved
 *   limit from a burst that merely peaked there.
 */
import {
  GetFunctionConcurrencyCommand,
  LambdaClient,
  paginateListFunctions,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { metricKey, type LambdaFunction, type MetricSummary } from '#lib/model/index.js';
import { mapLimit } from './concurrency.js';
import { guard, toGap } from './errors.js';
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

/** Reserved-concurrency reads in flight: the Lambda control plane allows 15 requests/s for all its APIs. */
const FOLLOW_UP_CONCURRENCY = 2;

/** Throttled invocations of a function in the window (the daily Throttles Sum), 0 when none or not fetched. */
function throttlesOf(metrics: Readonly<Record<string, MetricSummary>>, functionName: string): number {
  const m =
    metrics[
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: { FunctionName: functionName },
        stat: 'Sum',
        periodSeconds: 86_400,
      })
    ];
  return m && typeof m.sum === 'number' && Number.isFinite(m.sum) ? m.sum : 0;
}

/**
 * Reserved concurrency of the functions that throttled (see the module comment): most throttled first, bounded.
 * Sets `reservedConcurrency` (number, or null when none is set); the others keep it absent.
 */
export async function readReservedConcurrency(
  ctx: CollectorContext,
  functions: LambdaFunction[],
  metrics: Readonly<Record<string, MetricSummary>>,
): Promise<void> {
  const throttled = functions
    .map((f) => ({ f, n: throttlesOf(metrics, f.functionName) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.f.functionName.localeCompare(b.f.functionName));
  if (throttled.length === 0) return;
  const bound = Math.max(0, ctx.limits.maxFollowUpCalls);
  const read = throttled.slice(0, bound);
  const skipped = throttled.slice(bound).map((x) => x.f.functionName);
  const client = ctx.clients.get(LambdaClient);
  const failed: string[] = [];
  let firstError: unknown;
  await mapLimit(read, FOLLOW_UP_CONCURRENCY, async ({ f }) => {
    try {
      const out = await client.send(new GetFunctionConcurrencyCommand({ FunctionName: f.functionName }));
      f.reservedConcurrency = out.ReservedConcurrentExecutions ?? null;
    } catch (err) {
      failed.push(f.functionName);
      firstError ??= err;
    }
  });
  const where = {
    service: 'lambda' as const,
    slice: 'lambda.reservedConcurrency',
    action: 'lambda:GetFunctionConcurrency',
  };
  if (failed.length > 0) {
    failed.sort();
    ctx.gap({ ...toGap(firstError, where), resources: failed, resourceCount: failed.length });
  }
  if (skipped.length > 0) {
    ctx.gap({
      ...where,
      code: 'Error',
      message: `Reserved concurrency was read for the ${bound} most throttled functions only (at most ${bound} calls per unit); ${skipped.length} more throttled.`,
      hint: 'raise the follow-up call limit for this scan',
      resources: skipped.sort(),
      resourceCount: skipped.length,
    });
  }
}

export const lambdaCollector: Collector = {
  service: 'lambda',
  iamActions: ['lambda:ListFunctions', 'lambda:GetFunctionConcurrency'],
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
  async followUp(ctx, slice, metrics) {
    if (slice.lambda) await readReservedConcurrency(ctx, slice.lambda.functions, metrics);
  },
};
