/**
 * Derive the maturity facts of one unit from its snapshot and findings, and add units up.
 * Pure: no SDK, no clock (the "recent volume" window is measured from `snapshot.collectedAt`).
 *
 * What this file reads, so collectors can match it
 * -------------------------------------------------
 * Resource slices (a gap on the slice or its whole service makes the fact source "not assessed"):
 *   ec2.instances + ec2.instanceTypes    running instances, CurrentGeneration
 *   ebs.volumes                          volumeType, createTime
 *   rds.instances + rds.clusters         storageType, engine, performanceInsightsEnabled, databaseInsightsMode,
 *                                        parameterGroups, clusterId, tags (env/environment/stage/tier = prod*)
 *   rds.parameterGroups                  keys `instance:<name>` / `cluster:<name>`; parameters slow_query_log
 *                                        (MySQL/MariaDB/Aurora MySQL, "1"/"ON" = on) and log_min_duration_statement
 *                                        (PostgreSQL/Aurora PostgreSQL, >= 0 = on, -1 or unset = off)
 *   rds.devOpsGuru                       enabled, coversAll, coveredResourceArns (DB ARN or DbiResourceId)
 *   cloudfront.distributions             enabled, staticContent, additionalMetricsEnabled (global unit only)
 *   elasticache.clusters                 engine (memcached reads GetHits/GetMisses), plus serverless caches
 *                                        (replicationGroups with serverless: true; gap slice ...serverless)
 *   vpc.vpcs + vpc.routeTables + vpc.endpoints   routesToNatGateway, endpoint type/serviceName/state
 *   lambda.functions                     memoryMiB, architectures, provisionedConcurrency, snapStart
 *   autoscaling.groups/.policies/.scheduledActions/.scalableTargets
 *   cloudwatch.metricAlarms / cloudwatch.slos / cloudwatch.agentMemoryInstanceIds
 *   computeOptimizer (gap slice `computeoptimizer...`): enrollmentStatus, recommendations (kind, finding)
 *
 * Metric summaries (snapshot.metrics, matched by namespace + metric + the resource dimension; the key below,
 * built with metricKey(), is preferred when several stats/periods exist):
 *   AWS/EC2         CPUUtilization  Average  3600   {InstanceId}               datapoints > 0 = CPU data
 *   AWS/Lambda      ProvisionedConcurrencyUtilization  Maximum  3600  {FunctionName}   datapoints > 0 = provisioned
 *                   concurrency configured (read when the function record does not list its configs)
 *   AWS/CloudFront  CacheHitRate    Average  86400  {DistributionId, Region: 'Global'}   mean = hit rate %
 *   AWS/CloudFront  Requests        Sum      86400  {DistributionId, Region: 'Global'}   sum 0 = idle distribution
 *   AWS/ElastiCache CacheHits, CacheMisses (Memcached: GetHits, GetMisses)  Sum  86400  {CacheClusterId}
 *                   (serverless caches: {clusterId}, the cache name)
 *                   hit rate = sum(hits) / (sum(hits) + sum(misses))
 * A series that is absent from snapshot.metrics is "unknown" for that resource; a series present with
 * 0 datapoints is "no data" (observed). A gap on `metrics` (or `metrics.<namespace>`) makes the metric
 * source not assessed, and so does a `cloudfront.metrics` gap (other than NotEnabled) for CacheHitRate.
 *
 * Findings (this unit's, suppressed ones ignored: a suppression accepts the state):
 *   ec2 sizing   service ec2, AWS::EC2::Instance, checkId /over-?provision|idle|underutili[sz]/ -> over,
 *                /under-?provision|saturat|overutili[sz]/ -> under; fail counts, unknown/error -> sizing unknown
 *   cyclic ASGs  service autoscaling, checkId /predictive/, status fail -> a cyclic group without predictive scaling;
 *                unknown/error -> the group's cycle is not assessable
 */
import type {
  AlarmFacts,
  ComputeOptimizerRecommendation,
  FactCoverage,
  FactSource,
  Finding,
  MetricSummary,
  RecommendationCounts,
  ServiceName,
  Snapshot,
  UnitFacts,
} from '#lib/model/index.js';
import type { ServiceLevelObjective } from '#lib/model/index.js';
import { GLOBAL_SERVICES, gapsFor, metricKey } from '#lib/model/index.js';
import { isBurnRateAlarmOf } from '#lib/concepts/alarms.js';

// ---------------------------------------------------------------- constants (documented in docs/maturity.md)

/** "New deployments" (checklist L3-13): volumes created within this many days before the scan. perfscan default. */
export const RECENT_VOLUME_DAYS = 90;

/** WAF-PERF-030 L4 "cache hit >= 80% enforced" (maturity model). */
export const CACHE_HIT_RATE_MIN = 80;
/** Checklist L4-7 "CDN cache hit rate >= 95% for static content" (maturity model). */
export const STATIC_CDN_HIT_RATE_MIN = 95;

/**
 * The "major service APIs" (checklist L4-6, WAF-PERF-070 L4) a private workload calls in practice:
 * CloudWatch Logs, CloudWatch metrics and STS (credentials). perfscan default; S3 and DynamoDB are
 * covered by the gateway endpoints (L3).
 */
export const MAJOR_INTERFACE_ENDPOINT_SERVICES = ['logs', 'monitoring', 'sts'] as const;

/** Extended statistics at or above this percentile count as "p95/p99 alerting". */
export const PERCENTILE_ALARM_MIN = 95;

export const FACT_SOURCES: readonly FactSource[] = [
  'ec2.instances',
  'ec2.cpuMetrics',
  'ec2.memoryMetrics',
  'ebs.volumes',
  'rds.instances',
  'rds.parameterGroups',
  'rds.anomalyDetection',
  'cloudfront.distributions',
  'cloudfront.hitRateMetrics',
  'elasticache.clusters',
  'elasticache.hitMetrics',
  'vpc.network',
  'lambda.functions',
  'lambda.computeOptimizer',
  'autoscaling.groups',
  'autoscaling.scalableTargets',
  'cloudwatch.alarms',
  'cloudwatch.slos',
  'computeoptimizer',
];

const CO_KINDS: readonly string[] = ['ec2', 'asg', 'ebs', 'lambda', 'rds'];
const OVER_PROVISIONED = /over-?provision|idle|underutili[sz]/i;
const UNDER_PROVISIONED = /under-?provision|saturat|overutili[sz]/i;
const PRODUCTION_TAG_KEY = /^(env|environment|stage|tier)$/i;
const PRODUCTION_TAG_VALUE = /^prod/i;

// ---------------------------------------------------------------- empty facts and merge

function recommendationCounts(): RecommendationCounts {
  return { optimized: 0, overprovisioned: 0, underprovisioned: 0, notOptimized: 0, unavailable: 0, other: 0 };
}

export function emptyFacts(): UnitFacts {
  const coverage = {} as Record<FactSource, FactCoverage>;
  for (const s of FACT_SOURCES) coverage[s] = { assessed: 0, gaps: 0, notScanned: 0 };
  return {
    units: 0,
    coverage,
    ec2: {
      running: 0,
      runningCurrentGeneration: 0,
      runningGenerationUnknown: 0,
      runningCpuAssessed: 0,
      runningWithCpuData: 0,
      runningWithoutCpuData: 0,
      runningCpuUnknown: 0,
      runningWithMemoryMetric: 0,
      runningWithoutMemoryMetric: 0,
      overProvisioned: 0,
      underProvisioned: 0,
      sizingUnknown: 0,
    },
    ebs: {
      volumes: 0,
      gp2: 0,
      gp3: 0,
      io1: 0,
      io2: 0,
      standard: 0,
      hdd: 0,
      otherType: 0,
      recent: 0,
      recentLegacy: 0,
      createTimeUnknown: 0,
    },
    rds: {
      instances: 0,
      storageGp2: 0,
      storageGp3: 0,
      storageIo1: 0,
      storageIo2: 0,
      storageStandard: 0,
      storageAurora: 0,
      storageOther: 0,
      withPerformanceInsights: 0,
      production: 0,
      productionWithPerformanceInsights: 0,
      slowLogEligible: 0,
      slowLogOn: 0,
      slowLogUnknown: 0,
      devOpsGuruEnabled: 0,
      anomalyCovered: 0,
      anomalyUncovered: 0,
      productionAnomalyCovered: 0,
      productionAnomalyUncovered: 0,
    },
    cloudfront: {
      distributions: 0,
      static: 0,
      hitRateMeasured: 0,
      hitRateNotMeasured: 0,
      hitRateIdle: 0,
      hitRateWithData: 0,
      hitRateAtLeast80: 0,
      staticMeasured: 0,
      staticNotMeasured: 0,
      staticIdle: 0,
      staticWithData: 0,
      staticAtLeast95: 0,
    },
    elasticache: { clusters: 0, hitMeasured: 0, hitNotMeasured: 0, hitWithTraffic: 0, hitAtLeast80: 0 },
    vpc: {
      vpcs: 0,
      privateVpcs: 0,
      privateWithS3Gateway: 0,
      privateWithDynamoDbGateway: 0,
      privateWithBothGateways: 0,
      privateWithMajorInterfaceEndpoints: 0,
      privateWithAllEndpoints: 0,
      gatewayEndpoints: 0,
      interfaceEndpoints: 0,
    },
    lambda: {
      functions: 0,
      at128: 0,
      at128NotOptimized: 0,
      arm64: 0,
      coOptimized: 0,
      coNotOptimized: 0,
      coUnavailable: 0,
      withProvisionedConcurrency: 0,
      provisionedConcurrencyKnown: 0,
      withSnapStart: 0,
    },
    autoscaling: {
      groups: 0,
      groupsWithPolicy: 0,
      groupsScaling: 0,
      groupsFixed: 0,
      groupsPredictive: 0,
      groupsPredictiveForecastOnly: 0,
      cyclicGroups: 0,
      cyclicGroupsWithPredictive: 0,
      cyclicUnknown: 0,
      scalableTargets: 0,
      scalableTargetsWithPolicy: 0,
    },
    cloudwatch: {
      metricAlarms: 0,
      compositeAlarms: 0,
      latencyAlarms: 0,
      cpuAlarms: 0,
      averageAlarms: 0,
      percentileAlarms: 0,
      latencyPercentileAlarms: 0,
      anomalyAlarms: 0,
      burnRateAlarms: 0,
      ioAlarms: 0,
      slos: 0,
      latencySlos: 0,
      slosWithBurnRateWindows: 0,
      slosTypeUnknown: 0,
    },
    computeOptimizer: {
      enrolled: 0,
      notEnrolled: 0,
      ec2: recommendationCounts(),
      asg: recommendationCounts(),
      ebs: recommendationCounts(),
      lambda: recommendationCounts(),
      rds: recommendationCounts(),
    },
  };
}

type Tree = { [k: string]: number | Tree };

/** Adds `src` into `dst` key by key, following `dst`'s shape; keys missing in `src` (older stored facts) add 0. */
function addInto(dst: Tree, src: unknown): void {
  if (typeof src !== 'object' || src === null) return;
  const s = src as Record<string, unknown>;
  for (const [k, v] of Object.entries(dst)) {
    if (typeof v === 'number') {
      const add = s[k];
      if (typeof add === 'number' && Number.isFinite(add)) dst[k] = v + add;
    } else {
      addInto(v, s[k]);
    }
  }
}

/** Account facts = the sum of the unit facts (every counter is additive by construction). */
export function mergeFacts(facts: readonly UnitFacts[]): UnitFacts {
  const total = emptyFacts();
  for (const f of facts) addInto(total as unknown as Tree, f);
  return total;
}

/** The services each fact source is read from (deriveUnitFacts combines their statuses the same way). */
const SOURCE_SERVICES: Record<FactSource, readonly ServiceName[]> = {
  'ec2.instances': ['ec2'],
  'ec2.cpuMetrics': ['ec2'],
  'ec2.memoryMetrics': ['ec2', 'cloudwatch'],
  'ebs.volumes': ['ebs'],
  'rds.instances': ['rds'],
  'rds.parameterGroups': ['rds'],
  'rds.anomalyDetection': ['rds', 'cloudwatch'],
  'cloudfront.distributions': ['cloudfront'],
  'cloudfront.hitRateMetrics': ['cloudfront'],
  'elasticache.clusters': ['elasticache'],
  'elasticache.hitMetrics': ['elasticache'],
  'vpc.network': ['vpc'],
  'lambda.functions': ['lambda'],
  'lambda.computeOptimizer': ['lambda', 'computeoptimizer'],
  'autoscaling.groups': ['autoscaling'],
  'autoscaling.scalableTargets': ['autoscaling'],
  'cloudwatch.alarms': ['cloudwatch'],
  'cloudwatch.slos': ['cloudwatch'],
  computeoptimizer: ['computeoptimizer'],
};

/**
 * The facts of a unit that produced no data (it failed, or never reported): one unit, no counters, and every
 * fact source it should have read marked as a gap. Merged into an account, it keeps "every/all" criteria
 * `unknown` instead of letting the other units' facts make them look met. Sources of a global service
 * count only for the global unit, and services the unit was not asked for are "not scanned", as in
 * deriveUnitFacts.
 */
export function unassessedFacts(
  unit: { global?: boolean; services?: readonly ServiceName[] } = {},
): UnitFacts {
  const f = emptyFacts();
  f.units = 1;
  for (const s of FACT_SOURCES) {
    const services = SOURCE_SERVICES[s];
    if (!unit.global && services.some((x) => GLOBAL_SERVICES.includes(x))) continue;
    if (unit.services && services.some((x) => !unit.services?.includes(x))) f.coverage[s].notScanned = 1;
    else f.coverage[s].gaps = 1;
  }
  return f;
}

// ---------------------------------------------------------------- source status

type SourceStatus = 'assessed' | 'gap' | 'notScanned' | 'notApplicable';

function serviceStatus(
  snapshot: Snapshot,
  service: ServiceName,
  slices: string[],
  present: boolean,
): SourceStatus {
  if (GLOBAL_SERVICES.includes(service) && !snapshot.globalUnit) return 'notApplicable';
  if (!snapshot.services.includes(service)) return 'notScanned';
  if (gapsFor(snapshot, slices).length > 0) return 'gap';
  // A requested service whose slice is missing without a recorded gap was still not collected.
  return present ? 'assessed' : 'gap';
}

function combine(...statuses: SourceStatus[]): SourceStatus {
  for (const s of ['notApplicable', 'notScanned', 'gap'] as const) if (statuses.includes(s)) return s;
  return 'assessed';
}

/** A gap on the metric batcher (all metrics) or on this namespace's metrics. */
function metricGap(snapshot: Snapshot, namespace: string, service: ServiceName): boolean {
  const ns = namespace.toLowerCase();
  return snapshot.gaps.some((g) => {
    const slice = g.slice.toLowerCase();
    if (slice === `${service}.metrics` && g.code !== 'NotEnabled') return true;
    const onMetrics = g.service === 'metrics' || slice === 'metrics' || slice.startsWith('metrics.');
    if (!onMetrics) return false;
    if (!slice.startsWith('metrics.')) return true; // the whole batcher
    return slice.includes(ns) || slice.includes(service);
  });
}

function withMetric(
  snapshot: Snapshot,
  status: SourceStatus,
  namespace: string,
  service: ServiceName,
): SourceStatus {
  if (status !== 'assessed') return status;
  return metricGap(snapshot, namespace, service) ? 'gap' : 'assessed';
}

// ---------------------------------------------------------------- metric lookup

class MetricIndex {
  private readonly byKey = new Map<string, MetricSummary[]>();
  constructor(metrics: Record<string, MetricSummary>) {
    for (const m of Object.values(metrics)) {
      const k = `${m.namespace}|${m.metricName}`;
      const list = this.byKey.get(k) ?? [];
      list.push(m);
      this.byKey.set(k, list);
    }
  }
  /** The series for one resource: the preferred stat/period first, otherwise any with the same dimension value. */
  find(
    metrics: Record<string, MetricSummary>,
    q: {
      namespace: string;
      metricName: string;
      dimensions: Record<string, string>;
      stat: string;
      periodSeconds: number;
    },
    dim: string,
  ): MetricSummary | undefined {
    const exact = metrics[metricKey(q)];
    if (exact) return exact;
    const candidates = (this.byKey.get(`${q.namespace}|${q.metricName}`) ?? []).filter(
      (m) => m.dimensions[dim] === q.dimensions[dim],
    );
    return candidates.find((m) => m.stat === q.stat) ?? candidates[0];
  }
}

function seriesSum(m: MetricSummary): number {
  if (m.sum !== undefined) return m.sum;
  return m.mean !== undefined ? m.mean * m.datapoints : 0;
}

/**
 * Lambda publishes ProvisionedConcurrencyUtilization only for functions with provisioned concurrency on a
 * version or alias, so a datapoint in the window shows it is configured (no datapoint shows nothing: an idle
 * function publishes none either).
 */
function hasProvisionedConcurrencyData(idx: MetricIndex, snapshot: Snapshot, functionName: string): boolean {
  const m = idx.find(
    snapshot.metrics,
    {
      namespace: 'AWS/Lambda',
      metricName: 'ProvisionedConcurrencyUtilization',
      dimensions: { FunctionName: functionName },
      stat: 'Maximum',
      periodSeconds: 3600,
    },
    'FunctionName',
  );
  return m !== undefined && m.datapoints > 0;
}

// ---------------------------------------------------------------- helpers

function isProduction(tags: Record<string, string>): boolean {
  return Object.entries(tags).some(([k, v]) => PRODUCTION_TAG_KEY.test(k) && PRODUCTION_TAG_VALUE.test(v));
}

function normalizeFinding(finding: string): keyof RecommendationCounts {
  const f = finding.toLowerCase().replace(/[^a-z]/g, '');
  if (f === 'optimized') return 'optimized';
  if (f === 'overprovisioned') return 'overprovisioned';
  if (f === 'underprovisioned') return 'underprovisioned';
  if (f === 'notoptimized') return 'notOptimized';
  if (f === 'unavailable') return 'unavailable';
  return 'other';
}

/** Endpoint service short name: `com.amazonaws.eu-west-1.ecr.api` -> `ecr.api`. */
function endpointService(serviceName: string): string {
  const parts = serviceName.split('.');
  return parts[0] === 'com' && parts[1] === 'amazonaws' ? parts.slice(3).join('.') : serviceName;
}

function live(state: string | undefined): boolean {
  return state === undefined || /^available$/i.test(state);
}

const LATENCY_METRIC = /latency|duration|responsetime|response_time|firstbyte/i;
const CPU_METRIC = /cpu/i;

function isIoMetric(namespace: string | undefined, name: string): boolean {
  if (namespace === 'AWS/EBS') return true;
  if (namespace === 'AWS/RDS')
    return /IOPS|Latency|QueueDepth|Throughput|BurstBalance|IOBalance|ByteBalance/i.test(name);
  if (namespace === 'AWS/EC2') return /^EBS/i.test(name);
  if (namespace === undefined)
    return /^Volume|^EBS|ReadIOPS|WriteIOPS|DiskQueueDepth|ReadLatency|WriteLatency/.test(name);
  return false;
}

function percentile(ext: string | undefined): number | undefined {
  const m = ext ? /^p(\d+(?:\.\d+)?)$/i.exec(ext) : null;
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

// ---------------------------------------------------------------- derive

/** The maturity facts of one unit. `findings` are that unit's findings (after suppressions). */
export function deriveUnitFacts(snapshot: Snapshot, findings: readonly Finding[]): UnitFacts {
  const f = emptyFacts();
  f.units = 1;
  const idx = new MetricIndex(snapshot.metrics);
  const active = findings.filter((x) => !x.suppressedBy);

  // ---- source statuses
  const ec2 = serviceStatus(
    snapshot,
    'ec2',
    ['ec2.instances', 'ec2.instanceTypes'],
    snapshot.ec2 !== undefined,
  );
  const cw = serviceStatus(
    snapshot,
    'cloudwatch',
    ['cloudwatch.alarms', 'cloudwatch.metricAlarms'],
    snapshot.cloudwatch !== undefined,
  );
  const st: Record<FactSource, SourceStatus> = {
    'ec2.instances': ec2,
    'ec2.cpuMetrics': withMetric(snapshot, ec2, 'AWS/EC2', 'ec2'),
    'ec2.memoryMetrics': combine(
      ec2,
      serviceStatus(
        snapshot,
        'cloudwatch',
        ['cloudwatch.agentMemory', 'cloudwatch.agentMemoryInstanceIds'],
        snapshot.cloudwatch !== undefined,
      ),
    ),
    'ebs.volumes': serviceStatus(snapshot, 'ebs', ['ebs.volumes'], snapshot.ebs !== undefined),
    'rds.instances': serviceStatus(
      snapshot,
      'rds',
      ['rds.instances', 'rds.clusters'],
      snapshot.rds !== undefined,
    ),
    'rds.parameterGroups': 'assessed',
    'rds.anomalyDetection': 'assessed',
    'cloudfront.distributions': serviceStatus(
      snapshot,
      'cloudfront',
      ['cloudfront.distributions'],
      snapshot.cloudfront !== undefined,
    ),
    'cloudfront.hitRateMetrics': 'assessed',
    'elasticache.clusters': serviceStatus(
      snapshot,
      'elasticache',
      ['elasticache.clusters', 'elasticache.replicationGroups.serverless'],
      snapshot.elasticache !== undefined,
    ),
    'elasticache.hitMetrics': 'assessed',
    'vpc.network': serviceStatus(
      snapshot,
      'vpc',
      ['vpc.vpcs', 'vpc.routeTables', 'vpc.endpoints'],
      snapshot.vpc !== undefined,
    ),
    'lambda.functions': serviceStatus(
      snapshot,
      'lambda',
      ['lambda.functions'],
      snapshot.lambda !== undefined,
    ),
    'lambda.computeOptimizer': 'assessed',
    'autoscaling.groups': serviceStatus(
      snapshot,
      'autoscaling',
      ['autoscaling.groups', 'autoscaling.policies', 'autoscaling.scheduledActions'],
      snapshot.autoscaling !== undefined,
    ),
    'autoscaling.scalableTargets': serviceStatus(
      snapshot,
      'autoscaling',
      ['autoscaling.scalableTargets.policies', 'autoscaling.policies'],
      snapshot.autoscaling !== undefined,
    ),
    'cloudwatch.alarms': cw,
    'cloudwatch.slos': combine(
      serviceStatus(snapshot, 'cloudwatch', ['cloudwatch.slos'], snapshot.cloudwatch !== undefined),
      // slos is undefined when Application Signals did not answer.
      snapshot.cloudwatch && snapshot.cloudwatch.slos === undefined ? 'gap' : 'assessed',
    ),
    computeoptimizer: computeOptimizerStatus(snapshot, ['ec2', 'asg']),
  };
  st['rds.parameterGroups'] = combine(
    st['rds.instances'],
    serviceStatus(snapshot, 'rds', ['rds.parameterGroups'], snapshot.rds !== undefined),
  );
  st['rds.anomalyDetection'] = combine(
    st['rds.instances'],
    serviceStatus(snapshot, 'rds', ['rds.devOpsGuru'], snapshot.rds?.devOpsGuru !== undefined),
    cw,
  );
  st['cloudfront.hitRateMetrics'] = withMetric(
    snapshot,
    st['cloudfront.distributions'],
    'AWS/CloudFront',
    'cloudfront',
  );
  st['elasticache.hitMetrics'] = withMetric(
    snapshot,
    st['elasticache.clusters'],
    'AWS/ElastiCache',
    'elasticache',
  );
  st['lambda.computeOptimizer'] = combine(
    st['lambda.functions'],
    computeOptimizerStatus(snapshot, ['lambda']),
  );

  for (const s of FACT_SOURCES) {
    const status = st[s];
    if (status === 'assessed') f.coverage[s].assessed = 1;
    else if (status === 'gap') f.coverage[s].gaps = 1;
    else if (status === 'notScanned') f.coverage[s].notScanned = 1;
  }
  const ok = (s: FactSource): boolean => st[s] === 'assessed';

  // ---- EC2
  const running = (snapshot.ec2?.instances ?? []).filter((i) => i.state === 'running');
  if (ok('ec2.instances') && snapshot.ec2) {
    const types = snapshot.ec2.instanceTypes;
    f.ec2.running = running.length;
    for (const i of running) {
      const t = types[i.instanceType];
      if (!t) f.ec2.runningGenerationUnknown++;
      else if (t.currentGeneration) f.ec2.runningCurrentGeneration++;
    }
  }
  if (ok('ec2.cpuMetrics')) {
    const ids = new Set(running.map((i) => i.instanceId));
    f.ec2.runningCpuAssessed = running.length;
    for (const i of running) {
      const m = idx.find(
        snapshot.metrics,
        {
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: { InstanceId: i.instanceId },
          stat: 'Average',
          periodSeconds: 3600,
        },
        'InstanceId',
      );
      if (!m) f.ec2.runningCpuUnknown++;
      else if (m.datapoints > 0) f.ec2.runningWithCpuData++;
      else f.ec2.runningWithoutCpuData++;
    }
    const sizing = active.filter(
      (x) => x.service === 'ec2' && (OVER_PROVISIONED.test(x.checkId) || UNDER_PROVISIONED.test(x.checkId)),
    );
    const over = new Set<string>();
    const under = new Set<string>();
    const unknown = new Set<string>();
    let unitWideUnknown = false;
    for (const x of sizing) {
      if (x.status === 'fail' && ids.has(x.resourceId)) {
        (OVER_PROVISIONED.test(x.checkId) ? over : under).add(x.resourceId);
      } else if (x.status === 'unknown' || x.status === 'error') {
        if (x.resourceId === '*') unitWideUnknown = true;
        else if (ids.has(x.resourceId)) unknown.add(x.resourceId);
      }
    }
    f.ec2.overProvisioned = over.size;
    f.ec2.underProvisioned = under.size;
    const failing = new Set([...over, ...under]);
    f.ec2.sizingUnknown = unitWideUnknown
      ? running.length - failing.size
      : [...unknown].filter((id) => !failing.has(id)).length;
  }
  if (ok('ec2.memoryMetrics') && snapshot.cloudwatch) {
    const withMem = new Set(snapshot.cloudwatch.agentMemoryInstanceIds);
    for (const i of running) {
      if (withMem.has(i.instanceId)) f.ec2.runningWithMemoryMetric++;
      else f.ec2.runningWithoutMemoryMetric++;
    }
  }

  // ---- EBS
  if (ok('ebs.volumes') && snapshot.ebs) {
    const collected = Date.parse(snapshot.collectedAt);
    const recentFrom = collected - RECENT_VOLUME_DAYS * 86_400_000;
    for (const v of snapshot.ebs.volumes) {
      f.ebs.volumes++;
      const t = v.volumeType.toLowerCase();
      const legacy = t === 'gp2' || t === 'io1' || t === 'standard';
      if (t === 'gp2') f.ebs.gp2++;
      else if (t === 'gp3') f.ebs.gp3++;
      else if (t === 'io1') f.ebs.io1++;
      else if (t === 'io2') f.ebs.io2++;
      else if (t === 'standard') f.ebs.standard++;
      else if (t === 'st1' || t === 'sc1') f.ebs.hdd++;
      else f.ebs.otherType++;
      const created = v.createTime ? Date.parse(v.createTime) : NaN;
      if (Number.isNaN(created) || Number.isNaN(collected)) f.ebs.createTimeUnknown++;
      else if (created >= recentFrom) {
        f.ebs.recent++;
        if (legacy) f.ebs.recentLegacy++;
      }
    }
  }

  // ---- RDS
  const rds = snapshot.rds;
  if (ok('rds.instances') && rds) {
    for (const db of rds.instances) {
      f.rds.instances++;
      const engine = db.engine.toLowerCase();
      const storage = (db.storageType ?? (engine.startsWith('aurora') ? 'aurora' : '')).toLowerCase();
      if (storage === 'gp2') f.rds.storageGp2++;
      else if (storage === 'gp3') f.rds.storageGp3++;
      else if (storage === 'io1') f.rds.storageIo1++;
      else if (storage === 'io2') f.rds.storageIo2++;
      else if (storage === 'standard') f.rds.storageStandard++;
      else if (storage.startsWith('aurora')) f.rds.storageAurora++;
      else f.rds.storageOther++;
      const cluster = db.clusterId ? rds.clusters.find((c) => c.clusterId === db.clusterId) : undefined;
      const pi =
        db.performanceInsightsEnabled ||
        db.databaseInsightsMode === 'advanced' ||
        cluster?.performanceInsightsEnabled === true;
      const prod = isProduction(db.tags);
      if (pi) f.rds.withPerformanceInsights++;
      if (prod) {
        f.rds.production++;
        if (pi) f.rds.productionWithPerformanceInsights++;
      }
    }
  }
  if (ok('rds.parameterGroups') && rds) {
    for (const db of rds.instances) {
      const engine = db.engine.toLowerCase();
      const family = /mysql|mariadb|^aurora$/.test(engine)
        ? 'mysql'
        : /postgres/.test(engine)
          ? 'postgres'
          : undefined;
      if (!family) continue;
      f.rds.slowLogEligible++;
      const cluster = db.clusterId ? rds.clusters.find((c) => c.clusterId === db.clusterId) : undefined;
      const keys = db.parameterGroups.map((n) => `instance:${n}`);
      if (cluster?.clusterParameterGroup) keys.push(`cluster:${cluster.clusterParameterGroup}`);
      const groups = keys.map((k) => rds.parameterGroups[k]);
      const on = groups.some((g) => g !== undefined && slowLogOn(family, g.parameters));
      if (on) f.rds.slowLogOn++;
      else if (groups.length === 0 || groups.some((g) => g === undefined)) f.rds.slowLogUnknown++;
    }
  }
  if (ok('rds.anomalyDetection') && rds?.devOpsGuru && snapshot.cloudwatch) {
    const dg = rds.devOpsGuru;
    if (dg.enabled) f.rds.devOpsGuruEnabled++;
    const covered = new Set(dg.coveredResourceArns);
    const anomalyAlarms = snapshot.cloudwatch.metricAlarms.filter(
      (a) => a.anomalyDetection && a.namespace === 'AWS/RDS',
    );
    for (const db of rds.instances) {
      const byGuru =
        dg.enabled &&
        (dg.coversAll || covered.has(db.arn) || (db.resourceId !== undefined && covered.has(db.resourceId)));
      const byAlarm = anomalyAlarms.some(
        (a) =>
          a.dimensions['DBInstanceIdentifier'] === db.dbInstanceId ||
          (db.clusterId !== undefined && a.dimensions['DBClusterIdentifier'] === db.clusterId),
      );
      const yes = byGuru || byAlarm;
      const prod = isProduction(db.tags);
      if (yes) f.rds.anomalyCovered++;
      else f.rds.anomalyUncovered++;
      if (prod) {
        if (yes) f.rds.productionAnomalyCovered++;
        else f.rds.productionAnomalyUncovered++;
      }
    }
  }

  // ---- CloudFront (global unit only)
  const distributions = (snapshot.cloudfront?.distributions ?? []).filter((d) => d.enabled);
  if (ok('cloudfront.distributions')) {
    f.cloudfront.distributions = distributions.length;
    f.cloudfront.static = distributions.filter((d) => d.staticContent).length;
  }
  if (ok('cloudfront.hitRateMetrics')) {
    for (const d of distributions) {
      const m = idx.find(
        snapshot.metrics,
        {
          namespace: 'AWS/CloudFront',
          metricName: 'CacheHitRate',
          dimensions: { DistributionId: d.id, Region: 'Global' },
          stat: 'Average',
          periodSeconds: 86400,
        },
        'DistributionId',
      );
      const withData = m !== undefined && m.datapoints > 0 && m.mean !== undefined;
      const measured = withData || d.additionalMetricsEnabled === true;
      const requests = idx.find(
        snapshot.metrics,
        {
          namespace: 'AWS/CloudFront',
          metricName: 'Requests',
          dimensions: { DistributionId: d.id, Region: 'Global' },
          stat: 'Sum',
          periodSeconds: 86400,
        },
        'DistributionId',
      );
      // No hit-rate datapoint and no request either: an idle distribution has nothing to measure.
      const idle =
        !measured &&
        d.additionalMetricsEnabled !== false &&
        requests !== undefined &&
        seriesSum(requests) === 0;
      const notMeasured = !measured && !idle && (d.additionalMetricsEnabled === false || m !== undefined);
      const rate = withData ? (m?.mean ?? 0) : undefined;
      if (measured) f.cloudfront.hitRateMeasured++;
      if (notMeasured) f.cloudfront.hitRateNotMeasured++;
      if (idle) f.cloudfront.hitRateIdle++;
      if (rate !== undefined) {
        f.cloudfront.hitRateWithData++;
        if (rate >= CACHE_HIT_RATE_MIN) f.cloudfront.hitRateAtLeast80++;
      }
      if (d.staticContent) {
        if (measured) f.cloudfront.staticMeasured++;
        if (notMeasured) f.cloudfront.staticNotMeasured++;
        if (idle) f.cloudfront.staticIdle++;
        if (rate !== undefined) {
          f.cloudfront.staticWithData++;
          if (rate >= STATIC_CDN_HIT_RATE_MIN) f.cloudfront.staticAtLeast95++;
        }
      }
    }
  }

  // ---- ElastiCache: node-based clusters (dimension CacheClusterId) and serverless caches (dimension clusterId)
  const caches = [
    ...(snapshot.elasticache?.clusters ?? []).map((c) => ({
      engine: c.engine,
      dim: 'CacheClusterId',
      id: c.cacheClusterId,
    })),
    ...(snapshot.elasticache?.replicationGroups ?? [])
      .filter((g) => g.serverless === true)
      .map((g) => ({ engine: g.engine ?? 'valkey', dim: 'clusterId', id: g.replicationGroupId })),
  ];
  if (ok('elasticache.clusters')) f.elasticache.clusters = caches.length;
  if (ok('elasticache.hitMetrics')) {
    for (const c of caches) {
      const memcached = c.engine.toLowerCase() === 'memcached';
      const find = (metricName: string) =>
        idx.find(
          snapshot.metrics,
          {
            namespace: 'AWS/ElastiCache',
            metricName,
            dimensions: { [c.dim]: c.id },
            stat: 'Sum',
            periodSeconds: 86400,
          },
          c.dim,
        );
      const hits = find(memcached ? 'GetHits' : 'CacheHits');
      const misses = find(memcached ? 'GetMisses' : 'CacheMisses');
      if (!hits || !misses) continue; // unknown for this cluster
      if (hits.datapoints === 0 && misses.datapoints === 0) {
        f.elasticache.hitNotMeasured++;
        continue;
      }
      f.elasticache.hitMeasured++;
      const h = seriesSum(hits);
      const total = h + seriesSum(misses);
      if (total > 0) {
        f.elasticache.hitWithTraffic++;
        if ((h / total) * 100 >= CACHE_HIT_RATE_MIN) f.elasticache.hitAtLeast80++;
      }
    }
  }

  // ---- VPC
  if (ok('vpc.network') && snapshot.vpc) {
    const v = snapshot.vpc;
    f.vpc.vpcs = v.vpcs.length;
    const endpoints = v.endpoints.filter((e) => live(e.state));
    f.vpc.gatewayEndpoints = endpoints.filter((e) => /^gateway$/i.test(e.type)).length;
    f.vpc.interfaceEndpoints = endpoints.filter((e) => /^interface$/i.test(e.type)).length;
    const privateVpcs = new Set(v.routeTables.filter((r) => r.routesToNatGateway).map((r) => r.vpcId));
    for (const vpcId of privateVpcs) {
      f.vpc.privateVpcs++;
      const mine = endpoints.filter((e) => e.vpcId === vpcId);
      const gateway = new Set(
        mine.filter((e) => /^gateway$/i.test(e.type)).map((e) => endpointService(e.serviceName)),
      );
      const iface = new Set(
        mine.filter((e) => /^interface$/i.test(e.type)).map((e) => endpointService(e.serviceName)),
      );
      const s3 = gateway.has('s3');
      const ddb = gateway.has('dynamodb');
      if (s3) f.vpc.privateWithS3Gateway++;
      if (ddb) f.vpc.privateWithDynamoDbGateway++;
      if (s3 && ddb) f.vpc.privateWithBothGateways++;
      const major = MAJOR_INTERFACE_ENDPOINT_SERVICES.every((s) => iface.has(s));
      if (major) f.vpc.privateWithMajorInterfaceEndpoints++;
      if (major && s3 && ddb) f.vpc.privateWithAllEndpoints++;
    }
  }

  // ---- Lambda
  const functions = snapshot.lambda?.functions ?? [];
  if (ok('lambda.functions')) {
    for (const fn of functions) {
      f.lambda.functions++;
      if (fn.memoryMiB === 128) f.lambda.at128++;
      if (fn.architectures.includes('arm64')) f.lambda.arm64++;
      if (fn.provisionedConcurrency !== undefined) {
        f.lambda.provisionedConcurrencyKnown++;
        if (fn.provisionedConcurrency.some((p) => p.allocated > 0 || p.requested > 0))
          f.lambda.withProvisionedConcurrency++;
      } else if (hasProvisionedConcurrencyData(idx, snapshot, fn.functionName)) {
        // The collector lists no configs (one call per function); a utilization datapoint proves one.
        f.lambda.provisionedConcurrencyKnown++;
        f.lambda.withProvisionedConcurrency++;
      }
      if (fn.snapStart !== undefined && !/^none$/i.test(fn.snapStart)) f.lambda.withSnapStart++;
    }
  }
  if (ok('lambda.computeOptimizer')) {
    const recs = snapshot.computeOptimizer?.recommendations.filter((r) => r.kind === 'lambda') ?? [];
    for (const fn of functions) {
      const rec = recs.find(
        (r) =>
          r.resourceArn === fn.arn ||
          r.resourceArn.startsWith(`${fn.arn}:`) ||
          r.resourceId === fn.functionName,
      );
      const finding = rec ? normalizeFinding(rec.finding) : 'unavailable';
      if (finding === 'optimized') f.lambda.coOptimized++;
      else if (finding === 'unavailable' || finding === 'other') f.lambda.coUnavailable++;
      else f.lambda.coNotOptimized++;
      if (fn.memoryMiB === 128 && finding !== 'optimized') f.lambda.at128NotOptimized++;
    }
  }

  // ---- Auto Scaling
  const as = snapshot.autoscaling;
  if (ok('autoscaling.groups') && as) {
    const predictiveFindings = active.filter(
      (x) => x.service === 'autoscaling' && /predictive/i.test(x.checkId),
    );
    const namesOf = (status: (s: Finding['status']) => boolean) =>
      new Set(
        predictiveFindings
          .filter((x) => status(x.status))
          .flatMap((x) =>
            [x.resourceId, x.resourceName, x.resourceArn].filter((s): s is string => s !== undefined),
          ),
      );
    const cyclicByFinding = namesOf((s) => s === 'fail');
    const cycleUnknown = namesOf((s) => s === 'unknown' || s === 'error');
    const unitWideUnknown = cycleUnknown.has('*');
    for (const g of as.groups) {
      f.autoscaling.groups++;
      const policies = as.policies.filter(
        (p) => p.namespace === 'asg' && p.resourceId === g.name && p.enabled !== false,
      );
      const predictive = policies.some(
        (p) => p.policyType === 'PredictiveScaling' && p.predictiveMode !== 'ForecastOnly',
      );
      const forecastOnly = policies.some(
        (p) => p.policyType === 'PredictiveScaling' && p.predictiveMode === 'ForecastOnly',
      );
      // A ForecastOnly predictive policy does not scale anything.
      const scalingPolicy = policies.some((p) => p.policyType !== 'PredictiveScaling') || predictive;
      if (scalingPolicy) f.autoscaling.groupsWithPolicy++;
      if (scalingPolicy && g.minSize < g.maxSize) f.autoscaling.groupsScaling++;
      if (g.minSize === g.maxSize) f.autoscaling.groupsFixed++;
      if (predictive) f.autoscaling.groupsPredictive++;
      if (forecastOnly) f.autoscaling.groupsPredictiveForecastOnly++;
      const recurring = as.scheduledActions.some(
        (a) => a.namespace === 'asg' && a.resourceId === g.name && !!a.recurrence,
      );
      const cyclic = recurring || cyclicByFinding.has(g.name) || cyclicByFinding.has(g.arn);
      if (cyclic) {
        f.autoscaling.cyclicGroups++;
        if (predictive) f.autoscaling.cyclicGroupsWithPredictive++;
      } else if (!predictive && (unitWideUnknown || cycleUnknown.has(g.name) || cycleUnknown.has(g.arn))) {
        f.autoscaling.cyclicUnknown++;
      }
    }
  }
  if (ok('autoscaling.scalableTargets') && as) {
    for (const t of as.scalableTargets) {
      f.autoscaling.scalableTargets++;
      if (
        as.policies.some(
          (p) => p.namespace === t.namespace && p.resourceId === t.resourceId && p.enabled !== false,
        )
      ) {
        f.autoscaling.scalableTargetsWithPolicy++;
      }
    }
  }

  // ---- CloudWatch alarms and SLOs
  if (ok('cloudwatch.alarms') && snapshot.cloudwatch) {
    addAlarmFacts(f.cloudwatch, snapshot.cloudwatch.metricAlarms, snapshot.cloudwatch.slos ?? []);
    f.cloudwatch.compositeAlarms = snapshot.cloudwatch.compositeAlarms.length;
  }
  if (ok('cloudwatch.slos') && snapshot.cloudwatch?.slos) {
    for (const s of snapshot.cloudwatch.slos) {
      f.cloudwatch.slos++;
      if (s.metricType?.toUpperCase() === 'LATENCY' || /latency/i.test(s.sliKind ?? ''))
        f.cloudwatch.latencySlos++;
      if (s.burnRateWindowsMinutes.length > 0) f.cloudwatch.slosWithBurnRateWindows++;
      if (s.metricType === undefined && !/latency|availability/i.test(s.sliKind ?? ''))
        f.cloudwatch.slosTypeUnknown++;
    }
  }

  // ---- Compute Optimizer
  if (ok('computeoptimizer')) {
    const co = snapshot.computeOptimizer;
    if (co && /^active$/i.test(co.enrollmentStatus)) {
      f.computeOptimizer.enrolled++;
      for (const r of co.recommendations) countRecommendation(f, r);
    } else {
      f.computeOptimizer.notEnrolled++;
    }
  }

  return f;
}

function slowLogOn(family: 'mysql' | 'postgres', p: Record<string, string | undefined>): boolean {
  if (family === 'mysql') return /^(1|on|true)$/i.test(p['slow_query_log'] ?? '');
  const v = p['log_min_duration_statement'];
  // -1 (the default) disables it; 0 logs every statement; > 0 logs statements slower than v ms.
  return v !== undefined && v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0;
}

function addAlarmFacts(
  out: AlarmFacts,
  alarms: NonNullable<Snapshot['cloudwatch']>['metricAlarms'],
  slos: readonly ServiceLevelObjective[],
): void {
  for (const a of alarms) {
    out.metricAlarms++;
    const names = [a.metricName ?? '', ...a.mathMetricNames].filter((n) => n !== '');
    const latency = names.some((n) => LATENCY_METRIC.test(n));
    const cpu = names.some((n) => CPU_METRIC.test(n));
    const p = percentile(a.extendedStatistic);
    if (latency) out.latencyAlarms++;
    if (cpu) out.cpuAlarms++;
    if ((latency || cpu) && a.statistic === 'Average' && !a.extendedStatistic) out.averageAlarms++;
    if (p !== undefined && p >= PERCENTILE_ALARM_MIN) {
      out.percentileAlarms++;
      if (latency) out.latencyPercentileAlarms++;
    }
    if (a.anomalyDetection) out.anomalyAlarms++;
    if (slos.some((s) => isBurnRateAlarmOf(a, s))) out.burnRateAlarms++;
    if (names.some((n) => isIoMetric(a.metricMath ? undefined : a.namespace, n))) out.ioAlarms++;
  }
}

function countRecommendation(f: UnitFacts, r: ComputeOptimizerRecommendation): void {
  f.computeOptimizer[r.kind][normalizeFinding(r.finding)]++;
}

/**
 * Compute Optimizer for the given recommendation kinds. "Not enrolled" is an observation (OptInRequired),
 * not a gap; a failed enrollment call, or a failed recommendations call of one of `kinds`, is a gap.
 */
function computeOptimizerStatus(snapshot: Snapshot, kinds: readonly string[]): SourceStatus {
  if (!snapshot.services.includes('computeoptimizer')) return 'notScanned';
  const relevant = snapshot.gaps.filter((g) => {
    const slice = g.slice.toLowerCase();
    if (!/^computeoptimizer(\.|$)/.test(slice)) return g.service === 'computeoptimizer';
    const sub = slice.replace(/^computeoptimizer\.?/, '');
    // A gap on another recommendation kind does not concern these sources; anything else does.
    return kinds.includes(sub) || !CO_KINDS.includes(sub);
  });
  const failed = relevant.some((g) => g.code !== 'OptInRequired');
  if (!snapshot.computeOptimizer) return relevant.length > 0 && !failed ? 'assessed' : 'gap';
  return failed ? 'gap' : 'assessed';
}
