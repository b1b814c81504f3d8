/**
 * Small helpers shared by check files: metric look-up, messages, number formatting. The gap rule is not
 * here: the engine applies it to every check's results (lib/engine/evaluate.ts).
 * Pure; imports only the model.
 */
import { SERVICE_SLICE_KEYS, metricKey } from '#lib/model/index.js';
import type { Gap, MetricSummary, ServiceName, Snapshot } from '#lib/model/index.js';
import type { CheckResult, ThresholdSpec } from './types.js';

/** "ec2.instanceTypes (ec2:DescribeInstanceTypes AccessDenied)", for messages. */
export function describeGaps(gaps: readonly Gap[]): string {
  return gaps.map((g) => `${g.slice} (${g.action ? `${g.action} ` : ''}${g.code})`).join(', ');
}

/** One unit-wide `unknown` result (resource id `*`). */
export function unitUnknown(resourceType: string, message: string): CheckResult {
  return { status: 'unknown', resourceType, resourceId: '*', message: sentence(message), evidence: [] };
}

/**
 * The outcome when a service's slice is absent: `[]` if the service was not requested (its checks
 * do not run), otherwise one unit-wide `unknown` (requested but not collected).
 */
export function missingSlice(snapshot: Snapshot, service: ServiceName, resourceType: string): CheckResult[] {
  if (!snapshot.services.includes(service)) return [];
  return [
    unitUnknown(
      resourceType,
      `The ${service} inventory (snapshot slice ${SERVICE_SLICE_KEYS[service]}) was not collected.`,
    ),
  ];
}

export interface MetricSpec {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
}

/** The summary of one series, or undefined when it was not fetched. */
export function findMetric(snapshot: Snapshot, spec: MetricSpec): MetricSummary | undefined {
  return snapshot.metrics[metricKey(spec)];
}

/** The first of several acceptable series that exists (e.g. Minimum, else Average). */
export function findFirstMetric(snapshot: Snapshot, specs: readonly MetricSpec[]): MetricSummary | undefined {
  for (const s of specs) {
    const m = findMetric(snapshot, s);
    if (m) return m;
  }
  return undefined;
}

/** "AWS/EC2/CPUUtilization", the evidence `metric` field. */
export function metricName(m: Pick<MetricSpec, 'namespace' | 'metricName'>): string {
  return `${m.namespace}/${m.metricName}`;
}

/** "14 days, 1-hour periods". */
export function windowLabel(days: number, periodSeconds: number): string {
  const period =
    periodSeconds % 86400 === 0
      ? `${periodSeconds / 86400}-day`
      : periodSeconds % 3600 === 0
        ? `${periodSeconds / 3600}-hour`
        : periodSeconds % 60 === 0
          ? `${periodSeconds / 60}-minute`
          : `${periodSeconds}-second`;
  return `${days} days, ${period} periods`;
}

/** Numbers for messages: thousands separators, at most `digits` decimals (default 1), no trailing zeros. */
export { formatNumber as fmt } from '#lib/model/index.js';

/** A figure judged against thresholds, never rounded onto or across one (`formatBeside`, lib/model/format.ts). */
export { formatBeside as fmtBeside } from '#lib/model/index.js';

/** Round for evidence values (keeps JSON short and stable). */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * `round` for an evidence value judged against `thresholds`: more decimals where rounding to `digits` would put
 * it on a threshold or across one (79.996 against 80 stays 79.996, not 80); the value itself if even that fails.
 */
export function roundBeside(value: number, thresholds: number | readonly number[], digits = 2): number {
  const ts = typeof thresholds === 'number' ? [thresholds] : thresholds;
  for (let d = digits; d <= digits + 6; d++) {
    const r = round(value, d);
    if (ts.every((t) => Math.sign(r - t) === Math.sign(value - t))) return r;
  }
  return value;
}

export function stripPeriod(s: string): string {
  return s.replace(/[.\s]+$/, '');
}

/** Messages end with exactly one period. */
export function sentence(s: string): string {
  return `${stripPeriod(s)}.`;
}

/** "i-0abc (web-1, m5.large)": the id, then whichever details are known. */
export function label(id: string, ...details: (string | undefined)[]): string {
  const known = details.filter((d): d is string => d !== undefined && d !== '');
  return known.length > 0 ? `${id} (${known.join(', ')})` : id;
}

/** The last `n` entries (the most recent days of an oldest-first daily series). */
export function lastDays<T>(values: readonly T[] | undefined, n: number): T[] {
  if (!values) return [];
  return values.slice(Math.max(0, values.length - n));
}

/** A per-resource series of one namespace, keyed by one dimension: `(id, metric, stat, periodSeconds) => spec`. */
function perResource(namespace: string, dimension: string) {
  return (id: string, metric: string, stat: string, periodSeconds: number): MetricSpec => ({
    namespace,
    metricName: metric,
    dimensions: { [dimension]: id },
    stat,
    periodSeconds,
  });
}

/** An AWS/EC2 per-instance series, e.g. CPUUtilization Average over 1-hour periods. */
export const ec2InstanceMetric = perResource('AWS/EC2', 'InstanceId');
/** An AWS/EBS per-volume series, e.g. BurstBalance Minimum over 1-hour periods. */
export const ebsVolumeMetric = perResource('AWS/EBS', 'VolumeId');
/** An AWS/RDS per-DB-instance series, e.g. CPUUtilization Average over 1-hour periods. */
export const rdsInstanceMetric = perResource('AWS/RDS', 'DBInstanceIdentifier');
/** An AWS/Lambda per-function series (all versions and aliases), e.g. Duration p95 over 1-hour periods. */
export const lambdaFunctionMetric = perResource('AWS/Lambda', 'FunctionName');

/** True for a finite number (a summary built from sparse data may carry nulls or be missing a field). */
export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Hourly CPU datapoints a CPU sizing check needs before it judges a resource; fewer gives unknown.
 * Shared by the EC2 and RDS CPU checks so the rule and its source cannot drift apart.
 */
export const MIN_CPU_HOURS: ThresholdSpec = {
  default: 30,
  unit: 'hours',
  description: 'Hourly CPU datapoints needed in the window; fewer gives unknown.',
  source: 'Compute Optimizer docs: at least 30 hours of metrics in 14 days',
  min: 1,
};
