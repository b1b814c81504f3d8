/**
 * CloudWatch collector: metric and composite alarms (DescribeAlarms, 100 per page), CloudWatch agent
 * memory metrics (ListMetrics, 500 per page, no per-instance call) and CloudWatch Application Signals
 * service level objectives.
 *
 * Alarm facts are the alarm definitions, recorded as they are (lib/concepts/alarms.ts decides what an alarm is):
 * - `statistic` / `extendedStatistic`: the alarm's own fields; for a metric-math alarm without them,
 *   the statistics of the metrics it reads (a percentile stat there sets `extendedStatistic`);
 * - `metrics`: every metric it reads (namespace, name, dimensions, stat); `expressions`: its math;
 * - `anomalyDetection`: an expression calls ANOMALY_DETECTION_BAND(...).
 * Nothing is inferred from an alarm's name. Composite alarms record whether they alert (actions enabled and an
 * alarm action).
 *
 * Request entry points: ListMetrics (500 per page, no per-resource call) once per entry-point latency metric of
 * lib/concepts/latency.ts (ALB TargetResponseTime, API Gateway Latency, AppSync Latency, CloudFront OriginLatency,
 * Application Signals Latency); only the resource-level series are kept.
 *
 * SLOs: ListServiceLevelObjectives (50 per page) names them; burn-rate windows are only in
 * GetServiceLevelObjective, which is per SLO, so it is called for at most `ctx.limits.maxFollowUpCalls`
 * SLOs. The rest get their goal and SLI type from BatchGetServiceLevelObjectiveBudgetReport (50 per
 * call) and a gap `cloudwatch.slos.burnRate` says their windows were not read. Where Application Signals
 * is not offered (no endpoint in the region) `slos` stays undefined with a NotSupported gap.
 */
import {
  CloudWatchClient,
  paginateDescribeAlarms,
  paginateListMetrics,
  type MetricAlarm,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  ApplicationSignalsClient,
  BatchGetServiceLevelObjectiveBudgetReportCommand,
  GetServiceLevelObjectiveCommand,
  paginateListServiceLevelObjectives,
  type ServiceLevelObjective as SdkSlo,
  type ServiceLevelObjectiveBudgetReport,
  type ServiceLevelObjectiveSummary,
} from '@aws-sdk/client-application-signals';
import type {
  AlarmMetricRef,
  CloudWatchSlice,
  CompositeAlarmFacts,
  LatencyMetricSeries,
  MetricAlarmFacts,
  ServiceLevelObjective,
} from '#lib/model/index.js';
import { ENTRY_POINT_METRICS, entryPointMetricNames } from '#lib/concepts/latency.js';
import { mapLimit } from './concurrency.js';
import { guard, isEndpointUnavailable, toGap } from './errors.js';
import type { Collector, CollectorContext } from './types.js';

export const DESCRIBE_ALARMS_PAGE_SIZE = 100;
export const SLO_PAGE_SIZE = 50;
/** GetServiceLevelObjective detail reads in flight at once. */
const SLO_DETAIL_CONCURRENCY = 4;

/** BatchGetServiceLevelObjectiveBudgetReport accepts 1 to 50 SLO ids. */
export const SLO_BUDGET_BATCH = 50;

/** CloudWatch agent memory metrics: Linux (`mem_used_percent`) and Windows (`Memory % Committed Bytes In Use`). */
export const AGENT_MEMORY_METRICS = ['mem_used_percent', 'Memory % Committed Bytes In Use'] as const;

const SIMPLE_STATISTICS = new Set(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']);
const ANOMALY_BAND = /ANOMALY_DETECTION_BAND\s*\(/i;

function dimensionRecord(d: { Name?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const x of d ?? []) if (x.Name) out[x.Name] = x.Value ?? '';
  return out;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export function normalizeMetricAlarm(a: MetricAlarm): MetricAlarmFacts | undefined {
  if (!a.AlarmName || !a.AlarmArn) return undefined;
  const queries: MetricDataQuery[] = a.Metrics ?? [];
  const expressions = queries.flatMap((q) => (q.Expression ? [q.Expression] : []));
  const stats = queries.flatMap((q) => (q.MetricStat ? [q.MetricStat] : []));
  const metricMath = expressions.length > 0;

  let statistic: string | undefined = a.Statistic;
  let extendedStatistic: string | undefined = a.ExtendedStatistic;
  if (!statistic && !extendedStatistic) {
    // Metrics[]-based alarm: the statistics of the metrics it reads.
    const used = stats.flatMap((s) => (s.Stat ? [s.Stat] : []));
    extendedStatistic = used.find((s) => !SIMPLE_STATISTICS.has(s));
    statistic = used.find((s) => SIMPLE_STATISTICS.has(s));
  }
  // A single returned metric without math: its namespace and name are the alarm's.
  const single = !metricMath && stats.length === 1 ? stats[0] : undefined;

  const metrics: AlarmMetricRef[] = [];
  if (a.Namespace && a.MetricName) {
    metrics.push({
      namespace: a.Namespace,
      metricName: a.MetricName,
      dimensions: dimensionRecord(a.Dimensions),
      ...(a.ExtendedStatistic || a.Statistic ? { stat: a.ExtendedStatistic ?? a.Statistic } : {}),
    });
  }
  for (const st of stats) {
    if (!st.Metric?.Namespace || !st.Metric.MetricName) continue;
    metrics.push({
      namespace: st.Metric.Namespace,
      metricName: st.Metric.MetricName,
      dimensions: dimensionRecord(st.Metric.Dimensions),
      ...(st.Stat ? { stat: st.Stat } : {}),
    });
  }

  return {
    name: a.AlarmName,
    arn: a.AlarmArn,
    namespace: a.Namespace ?? single?.Metric?.Namespace,
    metricName: a.MetricName ?? single?.Metric?.MetricName,
    dimensions: dimensionRecord(a.Dimensions ?? single?.Metric?.Dimensions),
    statistic,
    extendedStatistic,
    metricMath,
    mathMetricNames: unique(stats.flatMap((s) => (s.Metric?.MetricName ? [s.Metric.MetricName] : []))),
    anomalyDetection: expressions.some((e) => ANOMALY_BAND.test(e)),
    metrics,
    ...(expressions.length > 0 ? { expressions } : {}),
    actionsEnabled: a.ActionsEnabled ?? true,
    hasActions: (a.AlarmActions ?? []).length > 0,
    stateValue: a.StateValue,
  };
}

function sliMetricRefs(queries: MetricDataQuery[] | undefined): AlarmMetricRef[] {
  return (queries ?? []).flatMap((q) =>
    q.MetricStat?.Metric?.Namespace && q.MetricStat.Metric.MetricName
      ? [
          {
            namespace: q.MetricStat.Metric.Namespace,
            metricName: q.MetricStat.Metric.MetricName,
            dimensions: dimensionRecord(q.MetricStat.Metric.Dimensions),
            ...(q.MetricStat.Stat ? { stat: q.MetricStat.Stat } : {}),
          },
        ]
      : [],
  );
}

function fromFullSlo(s: SdkSlo): ServiceLevelObjective | undefined {
  if (!s.Arn || !s.Name) return undefined;
  const metricType = s.Sli?.SliMetric?.MetricType ?? s.RequestBasedSli?.RequestBasedSliMetric?.MetricType;
  const keyAttributes =
    s.Sli?.SliMetric?.KeyAttributes ?? s.RequestBasedSli?.RequestBasedSliMetric?.KeyAttributes;
  const service = keyAttributes?.Type === 'Service' ? keyAttributes.Name : undefined;
  const sliMetrics = sliMetricRefs(s.Sli?.SliMetric?.MetricDataQueries);
  return {
    name: s.Name,
    arn: s.Arn,
    sliKind: sliKind(s.EvaluationType, metricType),
    metricType,
    goalAttainment: s.Goal?.AttainmentGoal,
    burnRateWindowsMinutes: (s.BurnRateConfigurations ?? [])
      .flatMap((b) => (b.LookBackWindowMinutes !== undefined ? [b.LookBackWindowMinutes] : []))
      .sort((x, y) => x - y),
    ...(service ? { service } : {}),
    ...(sliMetrics.length > 0 ? { sliMetrics } : {}),
  };
}

/** Latency or availability from the SLI metric; 'request' for request-based SLOs (model doc). */
function sliKind(evaluationType: string | undefined, metricType: string | undefined): string | undefined {
  if (evaluationType === 'RequestBased') return 'request';
  return metricType?.toLowerCase();
}

function fromSummary(
  s: ServiceLevelObjectiveSummary,
  report: ServiceLevelObjectiveBudgetReport | undefined,
): ServiceLevelObjective {
  const metricType =
    report?.Sli?.SliMetric?.MetricType ?? report?.RequestBasedSli?.RequestBasedSliMetric?.MetricType;
  const service = s.KeyAttributes?.Type === 'Service' ? s.KeyAttributes.Name : undefined;
  const sliMetrics = sliMetricRefs(report?.Sli?.SliMetric?.MetricDataQueries);
  return {
    name: s.Name ?? '',
    arn: s.Arn ?? '',
    sliKind: sliKind(s.EvaluationType ?? report?.EvaluationType, metricType),
    metricType,
    goalAttainment: report?.Goal?.AttainmentGoal,
    burnRateWindowsMinutes: [],
    ...(service ? { service } : {}),
    ...(sliMetrics.length > 0 ? { sliMetrics } : {}),
  };
}

async function collectSlos(ctx: CollectorContext): Promise<ServiceLevelObjective[] | undefined> {
  const client = ctx.clients.get(ApplicationSignalsClient);
  const summaries: ServiceLevelObjectiveSummary[] = [];
  try {
    for await (const page of paginateListServiceLevelObjectives({ client, pageSize: SLO_PAGE_SIZE }, {})) {
      summaries.push(...(page.SloSummaries ?? []));
    }
  } catch (err) {
    if (isEndpointUnavailable(err)) {
      ctx.gap({
        service: 'cloudwatch',
        slice: 'cloudwatch.slos',
        code: 'NotSupported',
        action: 'application-signals:ListServiceLevelObjectives',
        message: `CloudWatch Application Signals has no endpoint in ${ctx.region}; SLOs cannot be read there.`,
        hint: 'Define SLOs in a Region where Application Signals is available.',
      });
    } else {
      ctx.gap(
        toGap(err, {
          service: 'cloudwatch',
          slice: 'cloudwatch.slos',
          action: 'application-signals:ListServiceLevelObjectives',
        }),
      );
    }
    return undefined;
  }

  const bound = Math.max(0, ctx.limits.maxFollowUpCalls);
  const detailed = summaries.slice(0, bound);
  const rest = summaries.slice(bound);
  const slos: ServiceLevelObjective[] = [];

  // A few detail reads at a time (the shared rate limiter still paces them), in list order.
  const fulls = await mapLimit(detailed, SLO_DETAIL_CONCURRENCY, (s) =>
    guard(
      ctx,
      {
        service: 'cloudwatch',
        slice: 'cloudwatch.slos.burnRate',
        action: 'application-signals:GetServiceLevelObjective',
      },
      () => client.send(new GetServiceLevelObjectiveCommand({ Id: s.Arn ?? s.Name })),
    ),
  );
  // A failed detail read is a gap (from guard); the SLO is still listed from its summary.
  detailed.forEach((s, i) => {
    const full = fulls[i];
    slos.push((full?.Slo ? fromFullSlo(full.Slo) : undefined) ?? fromSummary(s, undefined));
  });

  for (let i = 0; i < rest.length; i += SLO_BUDGET_BATCH) {
    const batch = rest.slice(i, i + SLO_BUDGET_BATCH);
    const ids = batch.flatMap((s) => (s.Arn ? [s.Arn] : []));
    const out =
      ids.length === 0
        ? undefined
        : await guard(
            ctx,
            {
              service: 'cloudwatch',
              slice: 'cloudwatch.slos.goals',
              action: 'application-signals:BatchGetServiceLevelObjectiveBudgetReport',
            },
            () =>
              client.send(
                new BatchGetServiceLevelObjectiveBudgetReportCommand({
                  SloIds: ids,
                  Timestamp: ctx.window.end,
                }),
              ),
          );
    const byArn = new Map((out?.Reports ?? []).map((r) => [r.Arn, r]));
    for (const s of batch) slos.push(fromSummary(s, byArn.get(s.Arn)));
  }

  if (rest.length > 0) {
    ctx.gap({
      service: 'cloudwatch',
      slice: 'cloudwatch.slos.burnRate',
      code: 'Throttled',
      action: 'application-signals:GetServiceLevelObjective',
      message: `Burn-rate windows read for ${detailed.length} of ${summaries.length} SLOs: GetServiceLevelObjective is one call per SLO and is bounded to ${bound} per unit.`,
      hint: 'Raise the follow-up call limit to read every SLO, or check burn-rate alarms (DescribeAlarms) instead.',
    });
  }
  return slos;
}

async function collectAgentMemory(ctx: CollectorContext): Promise<string[]> {
  const client = ctx.clients.get(CloudWatchClient);
  const ids = new Set<string>();
  for (const metricName of AGENT_MEMORY_METRICS) {
    await guard(
      ctx,
      { service: 'cloudwatch', slice: 'cloudwatch.agentMemory', action: 'cloudwatch:ListMetrics' },
      async () => {
        // RecentlyActive PT3H: only series with data in the last 3 hours, i.e. agents that run now.
        for await (const page of paginateListMetrics(
          { client },
          { Namespace: 'CWAgent', MetricName: metricName, RecentlyActive: 'PT3H' },
        )) {
          for (const m of page.Metrics ?? []) {
            const id = m.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
            if (id) ids.add(id);
          }
        }
      },
    );
  }
  return [...ids].sort();
}

/** Resource-level latency series of the entry points (ListMetrics lists metrics with data in the last two weeks). */
async function collectLatencyMetrics(ctx: CollectorContext): Promise<LatencyMetricSeries[] | undefined> {
  const client = ctx.clients.get(CloudWatchClient);
  const out: LatencyMetricSeries[] = [];
  let complete = true;
  for (const { namespace, metricName } of entryPointMetricNames()) {
    const defs = ENTRY_POINT_METRICS.filter((d) => d.namespace === namespace && d.metricName === metricName);
    const ok = await guard(
      ctx,
      { service: 'cloudwatch', slice: 'cloudwatch.entryPoints', action: 'cloudwatch:ListMetrics' },
      async () => {
        for await (const page of paginateListMetrics(
          { client },
          { Namespace: namespace, MetricName: metricName },
        )) {
          for (const m of page.Metrics ?? []) {
            const dimensions = dimensionRecord(m.Dimensions);
            const keys = Object.keys(dimensions);
            // Only the series that name one resource (not per target group, method or availability zone).
            if (!defs.some((d) => keys.length === d.series.length && d.series.every((k) => k in dimensions)))
              continue;
            out.push({ namespace, metricName, dimensions });
          }
        }
        return true;
      },
    );
    if (!ok) complete = false;
  }
  return complete ? out : undefined;
}

export const cloudwatchCollector: Collector = {
  service: 'cloudwatch',
  iamActions: [
    'cloudwatch:DescribeAlarms',
    'cloudwatch:ListMetrics',
    'application-signals:ListServiceLevelObjectives',
    'application-signals:GetServiceLevelObjective',
    'application-signals:BatchGetServiceLevelObjectiveBudgetReport',
  ],
  async collect(ctx) {
    const client = ctx.clients.get(CloudWatchClient);
    const metricAlarms: MetricAlarmFacts[] = [];
    const compositeAlarms: CompositeAlarmFacts[] = [];
    await guard(
      ctx,
      { service: 'cloudwatch', slice: 'cloudwatch.alarms', action: 'cloudwatch:DescribeAlarms' },
      async () => {
        for await (const page of paginateDescribeAlarms(
          { client, pageSize: DESCRIBE_ALARMS_PAGE_SIZE },
          { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
        )) {
          for (const a of page.MetricAlarms ?? []) {
            const n = normalizeMetricAlarm(a);
            if (n) metricAlarms.push(n);
          }
          for (const c of page.CompositeAlarms ?? []) {
            if (c.AlarmName && c.AlarmArn)
              compositeAlarms.push({
                name: c.AlarmName,
                arn: c.AlarmArn,
                rule: c.AlarmRule ?? '',
                actionsEnabled: c.ActionsEnabled ?? true,
                hasActions: (c.AlarmActions ?? []).length > 0,
              });
          }
        }
      },
    );
    const [agentMemoryInstanceIds, slos, latencyMetrics] = await Promise.all([
      collectAgentMemory(ctx),
      collectSlos(ctx),
      collectLatencyMetrics(ctx),
    ]);
    const cloudwatch: CloudWatchSlice = {
      metricAlarms,
      compositeAlarms,
      agentMemoryInstanceIds,
      ...(slos ? { slos } : {}),
      ...(latencyMetrics ? { latencyMetrics } : {}),
    };
    return { cloudwatch };
  },
};
