/**
 * Request entry point: a resource that serves users and emits a latency metric in the window (maturity model,
 * "Observable evidence per control"): the ALB, API Gateway stage, AppSync API, CloudFront distribution or
 * Application Signals service whose latency series CloudWatch ListMetrics lists (metrics with data in the last
 * two weeks: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html), plus any
 * that an alarm's dimensions name. No per-resource call. The metrics are in ./latency.ts.
 */
import type { MetricAlarmFacts, ServiceLevelObjective, Snapshot } from '#lib/model/index.js';
import { ENTRY_POINT_METRICS, entryPointOf, type EntryPointMetric } from './latency.js';
import { alarmMetrics, isLatencySlo } from './alarms.js';

export interface EntryPoint {
  /** Stable id: `LoadBalancer=app/web/123`, `ApiName=orders;Stage=prod`. */
  id: string;
  def: EntryPointMetric;
  dimensions: Record<string, string>;
  /** Found by ListMetrics, or only named by an alarm. */
  source: 'metrics' | 'alarm';
}

function isResourceSeries(def: EntryPointMetric, dims: Record<string, string>): boolean {
  const keys = Object.keys(dims).sort();
  return keys.length === def.series.length && def.series.every((k) => k in dims);
}

/** The unit's request entry points, each once. */
export function requestEntryPoints(snapshot: Snapshot): EntryPoint[] {
  const cw = snapshot.cloudwatch;
  const out = new Map<string, EntryPoint>();
  for (const s of cw?.latencyMetrics ?? []) {
    const ep = entryPointOf(s);
    if (!ep || !isResourceSeries(ep.def, s.dimensions) || out.has(ep.id)) continue;
    out.set(ep.id, { id: ep.id, def: ep.def, dimensions: s.dimensions, source: 'metrics' });
  }
  for (const a of cw?.metricAlarms ?? []) addAlarmEntryPoints(a, out);
  return [...out.values()];
}

function addAlarmEntryPoints(a: MetricAlarmFacts, out: Map<string, EntryPoint>): void {
  for (const m of alarmMetrics(a)) {
    const ep = entryPointOf(m);
    if (!ep || out.has(ep.id)) continue;
    // An alarm on a whole REST API (no Stage) names the API, not a stage: covered by its stages when listed.
    if (ep.def.part && m.dimensions[ep.def.part] === undefined) {
      const key = m.dimensions[ep.def.key];
      if ([...out.values()].some((x) => x.def === ep.def && x.dimensions[ep.def.key] === key)) continue;
    }
    out.set(ep.id, { id: ep.id, def: ep.def, dimensions: m.dimensions, source: 'alarm' });
  }
}

/** A latency SLO covers an entry point when its SLI reads the entry point's latency, or it is about its service. */
export function sloCoversEntryPoint(slo: ServiceLevelObjective, ep: EntryPoint): boolean {
  if (!isLatencySlo(slo)) return false;
  if (
    (slo.sliMetrics ?? []).some(
      (m) =>
        m.namespace === ep.def.namespace &&
        m.metricName === ep.def.metricName &&
        m.dimensions[ep.def.key] === ep.dimensions[ep.def.key],
    )
  )
    return true;
  return ep.def.key === 'Service' && slo.service !== undefined && slo.service === ep.dimensions.Service;
}

/** For docs and evidence: "ALB TargetResponseTime, API Gateway Latency, ...". */
export function describeEntryPointMetrics(): string {
  return ENTRY_POINT_METRICS.map((m) => `${m.kind} (${m.namespace} ${m.metricName})`).join(', ');
}
