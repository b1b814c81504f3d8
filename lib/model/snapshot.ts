/**
 * The normalized, versioned snapshot of one (account, region) unit.
 * Collectors produce it; checks, scoring and digests only read it.
 * Every field is plain JSON so a snapshot can be stored and re-evaluated later.
 */
import type { ServiceName } from './common.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

export type Tags = Record<string, string>;

/**
 * A slice is the part of the snapshot a check reads, `<service>.<part>` (e.g. `ec2.instances`).
 * A gap on a slice (or on its whole service, `ec2`) with no resource list means the whole slice is missing:
 * the checks that need it answer one unit-wide `unknown`. A gap that lists `resources` hides only those
 * resources' data: the checks run, and only those resources' results can turn `unknown`.
 */
export type SliceId = string;

export type GapCode =
  | 'AccessDenied'
  | 'OptInRequired'
  | 'NotEnabled'
  | 'NotSupported'
  | 'Throttled'
  | 'Timeout'
  | 'InvalidResponse'
  | 'Error';

export interface Gap {
  /** `pricing`: the AWS Price List could not price a finding's change (no saving is shown for it). */
  service: ServiceName | 'metrics' | 'account' | 'pricing';
  /** The slice that is missing or incomplete, e.g. `rds.parameterGroups` or `ec2` for the whole service. */
  slice: SliceId;
  code: GapCode;
  /** IAM action (or API) whose call failed, e.g. `rds:DescribeDBParameters`. */
  action?: string;
  message: string;
  /** How the user can close the gap. */
  hint?: string;
  /**
   * The resources whose data this gap hides, by the id checks report them under (instance id, volume id,
   * DB instance id, function name, distribution id, cache cluster or replication group id, group name).
   * Absent: the whole slice is missing. Unit summaries drop the list and keep `resourceCount`.
   */
  resources?: string[];
  /** How many resources the gap hides (set whenever `resources` is, and kept when the list is dropped). */
  resourceCount?: number;
  /** Metric series missing, for gaps of the metric batcher. */
  series?: number;
}

// ---------------------------------------------------------------- EC2

export interface Ec2Instance {
  instanceId: string;
  arn: string;
  name?: string;
  instanceType: string;
  state: string; // running | stopped | ...
  architecture?: string; // x86_64 | arm64 | i386
  platform?: string; // e.g. 'windows' or PlatformDetails
  launchTime?: string;
  ebsOptimized?: boolean;
  autoScalingGroup?: string; // from aws:autoscaling:groupName tag
  lifecycle?: string; // spot | scheduled | undefined (on-demand)
  tags: Tags;
}

/** Live facts from DescribeInstanceTypes, keyed by instance type. */
export interface InstanceTypeInfo {
  instanceType: string;
  currentGeneration: boolean;
  architectures: string[]; // supported: x86_64, arm64, i386
  vcpus: number;
  memoryMiB: number;
  burstable?: boolean;
  ebsOptimizedSupport?: string; // default | supported | unsupported
  ebsMaxBandwidthMbps?: number;
  networkPerformance?: string;
}

export interface Ec2Slice {
  instances: Ec2Instance[];
  instanceTypes: Record<string, InstanceTypeInfo>;
  /**
   * Instance families offered in this region that have at least one arm64 (Graviton) type, e.g. `m7g`, `c6g`.
   * Derived from DescribeInstanceTypes filtered by processor-info.supported-architecture=arm64.
   */
  gravitonFamilies: string[];
}

// ---------------------------------------------------------------- EBS

export interface EbsVolume {
  volumeId: string;
  arn: string;
  name?: string;
  volumeType: string; // gp2 | gp3 | io1 | io2 | st1 | sc1 | standard
  sizeGiB: number;
  iops?: number;
  throughputMiBps?: number;
  state: string; // in-use | available | ...
  attachments: { instanceId: string; device?: string; state?: string }[];
  createTime?: string;
  encrypted?: boolean;
  tags: Tags;
}

export interface EbsSlice {
  volumes: EbsVolume[];
}

// ---------------------------------------------------------------- RDS

export interface RdsInstance {
  dbInstanceId: string;
  arn: string;
  resourceId?: string; // DbiResourceId, used by Performance Insights
  dbInstanceClass: string;
  engine: string;
  engineVersion?: string;
  status?: string;
  storageType?: string; // gp2 | gp3 | io1 | io2 | standard | aurora | aurora-iopt1
  allocatedStorageGiB?: number;
  iops?: number;
  multiAz?: boolean;
  performanceInsightsEnabled: boolean;
  /**
   * Whether the class supports Performance Insights for this engine and version (DescribeOrderableDBInstanceOptions
   * SupportsPerformanceInsights); absent when the orderable options were not read.
   */
  performanceInsightsSupported?: boolean;
  /** Enhanced Monitoring interval in seconds; 0 = off. */
  monitoringIntervalSeconds: number;
  databaseInsightsMode?: string; // standard | advanced
  clusterId?: string;
  readReplicaSourceId?: string;
  readReplicaIds: string[];
  parameterGroups: string[]; // DB parameter group names
  enabledCloudwatchLogsExports: string[];
  tags: Tags;
}

export interface RdsCluster {
  clusterId: string;
  arn: string;
  engine: string;
  engineVersion?: string;
  members: { dbInstanceId: string; isWriter: boolean }[];
  clusterParameterGroup?: string;
  storageType?: string;
  serverless?: boolean; // Serverless v2 / v1
  performanceInsightsEnabled?: boolean;
  enabledCloudwatchLogsExports: string[];
  tags: Tags;
}

/** The performance-relevant parameters of one (cluster) parameter group, read once per group in use. */
export interface RdsParameterGroupFacts {
  name: string;
  kind: 'instance' | 'cluster';
  family?: string;
  /** Only the parameters perfscan reads: slow_query_log, long_query_time, log_min_duration_statement, ... */
  parameters: Record<string, string | undefined>;
}

export interface RdsProxy {
  name: string;
  arn: string;
  engineFamily?: string;
  status?: string;
  /** DB instance or cluster ids this proxy targets (from DescribeDBProxyTargets). */
  targets: string[];
}

export interface RdsSlice {
  instances: RdsInstance[];
  clusters: RdsCluster[];
  parameterGroups: Record<string, RdsParameterGroupFacts>; // key: `${kind}:${name}`
  proxies: RdsProxy[];
  /**
   * Instance classes offered by RDS as orderable for the engines in use (DescribeOrderableDBInstanceOptions),
   * keyed `${engine}` -> class list. Absent when not collected (gap).
   */
  orderableClasses?: Record<string, string[]>;
  /**
   * Facts of the DB instance classes in use, from the EC2 instance type each runs on (ec2:DescribeInstanceTypes
   * filtered by instance-type), keyed by DB instance class: memory for the over-provisioning check, EC2's
   * CurrentGeneration for the generation fallback. A class without an EC2 equivalent is absent.
   */
  classFacts?: Record<string, { memoryMiB: number; vcpus: number; currentGeneration: boolean }>;
  /** DevOps Guru for RDS: resource ids (DbiResourceId or ARN) covered, when DevOps Guru answers. */
  devOpsGuru?: { enabled: boolean; coveredResourceArns: string[]; coversAll: boolean };
}

// ---------------------------------------------------------------- CloudFront (global)

export interface CloudFrontCacheBehavior {
  pathPattern: string; // '*' for the default behavior
  compress: boolean;
  cachePolicyId?: string;
  /** Legacy ForwardedValues instead of a cache policy. */
  legacyCacheSettings?: boolean;
  minTtl?: number;
  defaultTtl?: number;
  targetOriginId: string;
  viewerProtocolPolicy?: string;
}

export interface CloudFrontOrigin {
  id: string;
  domainName: string;
  originShieldEnabled: boolean;
  originShieldRegion?: string;
  kind: 's3' | 'custom';
}

export interface CloudFrontDistribution {
  id: string;
  arn: string;
  domainName: string;
  aliases: string[];
  enabled: boolean;
  httpVersion: string; // http1.1 | http2 | http3 | http2and3
  priceClass?: string;
  isIpv6Enabled?: boolean;
  behaviors: CloudFrontCacheBehavior[]; // default first
  origins: CloudFrontOrigin[];
  /** True when a behavior (the default one or a path pattern such as `/static/*`) routes to an S3 origin. */
  staticContent: boolean;
  /** Additional metrics (CacheHitRate) enabled; undefined when not known. */
  additionalMetricsEnabled?: boolean;
  tags: Tags;
}

export interface CloudFrontSlice {
  distributions: CloudFrontDistribution[];
}

// ---------------------------------------------------------------- VPC

export interface Vpc {
  vpcId: string;
  arn: string;
  name?: string;
  isDefault: boolean;
  cidr?: string;
  tags: Tags;
}

export interface RouteTable {
  routeTableId: string;
  vpcId: string;
  subnetIds: string[];
  main: boolean;
  /** True when a 0.0.0.0/0 route targets an internet gateway. */
  routesToInternetGateway: boolean;
  /** True when a 0.0.0.0/0 route targets a NAT gateway (private subnets). */
  routesToNatGateway: boolean;
  /** Gateway endpoint ids referenced by the table's routes (prefix-list routes). */
  gatewayEndpointIds: string[];
}

export interface NatGateway {
  natGatewayId: string;
  vpcId: string;
  subnetId?: string;
  state: string;
  name?: string;
}

export interface VpcEndpoint {
  vpcEndpointId: string;
  vpcId: string;
  serviceName: string; // com.amazonaws.eu-west-1.s3
  type: string; // Gateway | Interface | GatewayLoadBalancer
  state: string;
  routeTableIds: string[];
  privateDnsEnabled?: boolean;
}

export interface VpcSlice {
  vpcs: Vpc[];
  routeTables: RouteTable[];
  natGateways: NatGateway[];
  endpoints: VpcEndpoint[];
}

// ---------------------------------------------------------------- Lambda

export interface LambdaFunction {
  functionName: string;
  arn: string;
  runtime?: string;
  memoryMiB: number;
  timeoutSeconds: number;
  architectures: string[]; // x86_64 | arm64
  packageType?: string; // Zip | Image
  lastModified?: string;
  /** Provisioned concurrency configs, when known (ListProvisionedConcurrencyConfigs is per function: only collected for a bounded set). */
  provisionedConcurrency?: { qualifier: string; allocated: number; requested: number }[];
  snapStart?: string;
  /**
   * Reserved concurrency (GetFunctionConcurrency ReservedConcurrentExecutions): a number when set, `null` when read
   * and none is set, absent when not read. Read only for the functions that throttled in the window (bounded), as
   * ListFunctions does not return it.
   */
  reservedConcurrency?: number | null;
  tags: Tags;
}

export interface LambdaSlice {
  functions: LambdaFunction[];
}

// ---------------------------------------------------------------- Auto Scaling

export interface AutoScalingGroup {
  name: string;
  arn: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  instanceIds: string[];
  instanceTypes: string[]; // from launch template overrides or instances
  tags: Tags;
}

export interface ScalingPolicy {
  /** `asg` for EC2 Auto Scaling, otherwise the Application Auto Scaling namespace (ecs, dynamodb, rds, ...). */
  namespace: string;
  resourceId: string; // ASG name or Application Auto Scaling resource id
  policyName: string;
  policyType: string; // TargetTrackingScaling | StepScaling | SimpleScaling | PredictiveScaling
  /** Predictive scaling mode: ForecastAndScale | ForecastOnly. */
  predictiveMode?: string;
  enabled?: boolean;
}

export interface ScheduledAction {
  namespace: string;
  resourceId: string;
  name: string;
  recurrence?: string;
}

export interface ScalableTarget {
  namespace: string; // ecs | dynamodb | rds | lambda | ...
  resourceId: string; // service/cluster/name, table/name, cluster:name
  scalableDimension: string;
  minCapacity: number;
  maxCapacity: number;
}

export interface AutoScalingSlice {
  groups: AutoScalingGroup[];
  policies: ScalingPolicy[];
  scheduledActions: ScheduledAction[];
  scalableTargets: ScalableTarget[];
}

// ---------------------------------------------------------------- ElastiCache

export interface CacheCluster {
  cacheClusterId: string;
  arn: string;
  engine: string; // redis | valkey | memcached
  engineVersion?: string;
  nodeType: string;
  numNodes: number;
  replicationGroupId?: string;
  status?: string;
}

export interface ReplicationGroup {
  replicationGroupId: string;
  arn: string;
  engine?: string;
  memberClusters: string[];
  clusterMode?: string;
  automaticFailover?: string;
  serverless?: boolean;
}

export interface ElastiCacheSlice {
  clusters: CacheCluster[];
  replicationGroups: ReplicationGroup[];
}

// ---------------------------------------------------------------- CloudWatch alarms, SLOs, agent metrics

export interface MetricAlarmFacts {
  name: string;
  arn: string;
  namespace?: string;
  metricName?: string;
  dimensions: Record<string, string>;
  /** Simple statistic (Average, Maximum, ...) or extended statistic (p95, p99, tm99, ...). */
  statistic?: string;
  extendedStatistic?: string;
  /** True for metric-math alarms; `metrics` names the metrics involved. */
  metricMath: boolean;
  mathMetricNames: string[];
  /** True when the alarm uses an anomaly-detection band (ANOMALY_DETECTION_BAND). */
  anomalyDetection: boolean;
  /**
   * Every metric the alarm reads (its own, or each MetricStat of its math), with dimensions and statistic.
   * Absent in snapshots taken before it was recorded. lib/concepts/alarms.ts reads it.
   */
  metrics?: AlarmMetricRef[];
  /** The math expressions of a metric-math alarm (for burn-rate and percentile math). */
  expressions?: string[];
  actionsEnabled: boolean;
  hasActions: boolean;
  stateValue?: string;
}

/** One metric an alarm reads. */
export interface AlarmMetricRef {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat?: string;
}

export interface CompositeAlarmFacts {
  name: string;
  arn: string;
  rule: string;
  /** ActionsEnabled and at least one AlarmAction (absent in older snapshots: treated as alerting). */
  actionsEnabled?: boolean;
  hasActions?: boolean;
}

/**
 * A series of a request entry point's latency metric, as listed by CloudWatch ListMetrics (metrics with data in
 * the last two weeks). lib/concepts/entry-points.ts turns them into entry points.
 */
export interface LatencyMetricSeries {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

export interface ServiceLevelObjective {
  name: string;
  arn: string;
  /** Latency or availability, from the SLI metric; 'request' for request-based SLOs. */
  sliKind?: string;
  metricType?: string; // LATENCY | AVAILABILITY
  goalAttainment?: number; // e.g. 99.9
  burnRateWindowsMinutes: number[];
  /** The Application Signals service the SLO is about (KeyAttributes Name), when it is service-based. */
  service?: string;
  /** The CloudWatch metrics of its SLI (MetricDataQueries), when read. */
  sliMetrics?: AlarmMetricRef[];
}

export interface CloudWatchSlice {
  metricAlarms: MetricAlarmFacts[];
  compositeAlarms: CompositeAlarmFacts[];
  /** Application Signals SLOs; undefined when Application Signals is not available in the region (gap). */
  slos?: ServiceLevelObjective[];
  /** Instance ids for which a CloudWatch agent memory metric (CWAgent mem_used_percent / Memory % Committed Bytes In Use) exists. */
  agentMemoryInstanceIds: string[];
  /**
   * Latency series of request entry points (ALB, API Gateway, AppSync, CloudFront, Application Signals) from
   * ListMetrics; undefined when not listed (older snapshots, or a gap on `cloudwatch.entryPoints`).
   */
  latencyMetrics?: LatencyMetricSeries[];
}

// ---------------------------------------------------------------- Compute Optimizer

export type ComputeOptimizerResourceKind = 'ec2' | 'asg' | 'ebs' | 'lambda' | 'rds';

export interface ComputeOptimizerRecommendation {
  kind: ComputeOptimizerResourceKind;
  resourceArn: string;
  resourceId: string;
  /** As returned, normalized to lower case: optimized | overprovisioned | underprovisioned | notoptimized | unavailable. */
  finding: string;
  reasons: string[];
  current?: string; // instance type, memory size, volume type
  topOption?: string;
  performanceRisk?: number;
  estimatedMonthlySavingsUsd?: number;
  lookbackDays?: number;
}

export interface ComputeOptimizerSlice {
  /** Active | Inactive | Pending | Failed. */
  enrollmentStatus: string;
  memberAccountsEnrolled?: boolean;
  recommendations: ComputeOptimizerRecommendation[];
}

// ---------------------------------------------------------------- metrics

/**
 * Summary of one metric series over the window. Computed from the series the batcher fetched
 * (e.g. hourly Average over 14 days); the raw points are not kept.
 */
export interface MetricSummary {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string; // Average | Maximum | Sum | Minimum | p99 ...
  periodSeconds: number;
  windowDays: number;
  /** Points returned. 0 means the metric exists for nobody in the window (no data). */
  datapoints: number;
  /** Expected points for a full window (windowDays * 86400 / period), to judge completeness. */
  expectedDatapoints: number;
  min?: number;
  max?: number;
  mean?: number;
  sum?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  /** Mean of the points per UTC day, oldest first (for Trusted Advisor style "N of 14 days" rules). */
  dailyMeans?: number[];
  /** Max of the points per UTC day, oldest first. */
  dailyMaxes?: number[];
  /** Mean of the points in the most recent day, and the oldest day, for trend checks (e.g. BurstBalance). */
  first?: number;
  last?: number;
}

// ---------------------------------------------------------------- the snapshot

export interface SnapshotStats {
  apiCalls: Record<string, number>; // by IAM action, e.g. "ec2:DescribeInstances": 3
  throttles: number;
  retries: number;
  metricQueries: number;
  getMetricDataCalls: number;
  durationMs: number;
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  scanId: string;
  accountId: string;
  region: string;
  /** True in the one unit per account that also collects global services (CloudFront). */
  globalUnit: boolean;
  collectedAt: string; // ISO
  window: { start: string; end: string; days: number };
  /** Services requested for this unit. A service absent here was not scanned (its checks do not run). */
  services: ServiceName[];
  ec2?: Ec2Slice;
  ebs?: EbsSlice;
  rds?: RdsSlice;
  cloudfront?: CloudFrontSlice;
  vpc?: VpcSlice;
  lambda?: LambdaSlice;
  autoscaling?: AutoScalingSlice;
  elasticache?: ElastiCacheSlice;
  cloudwatch?: CloudWatchSlice;
  computeOptimizer?: ComputeOptimizerSlice;
  /** Metric summaries keyed by `metricKey()`. */
  metrics: Record<string, MetricSummary>;
  /**
   * On-demand list prices of the SKUs the failing findings' changes need (lib/pricing), keyed by price id:
   * read after evaluation, kept here so a rescore re-prices without calling the Price List again.
   */
  prices?: Record<string, Price>;
  gaps: Gap[];
  stats: SnapshotStats;
}

/** One SKU's on-demand list price from the AWS Price List (GetProducts), as perfscan stores it. */
export interface Price {
  /** perfscan's id of the request it answers, e.g. `ebs-storage|us-east-1|gp2` (lib/pricing/requests.ts). */
  id: string;
  sku: string;
  usd: number;
  /** The price dimension's unit: Hrs, GB-Mo, IOPS-Mo, GiBps-mo, Lambda-GB-Second. */
  unit: string;
  description?: string;
  /** The price list's publicationDate (ISO). */
  publicationDate: string;
  /** When perfscan read it (ISO): a cached price is re-read after PRICE_MAX_AGE_DAYS. */
  fetchedAt: string;
}

/** The snapshot key of each service's slice (the `computeoptimizer` service lives under `computeOptimizer`). */
export const SERVICE_SLICE_KEYS = {
  ec2: 'ec2',
  ebs: 'ebs',
  rds: 'rds',
  cloudfront: 'cloudfront',
  vpc: 'vpc',
  lambda: 'lambda',
  autoscaling: 'autoscaling',
  elasticache: 'elasticache',
  cloudwatch: 'cloudwatch',
  computeoptimizer: 'computeOptimizer',
} as const satisfies Record<ServiceName, keyof Snapshot>;

/** A snapshot key that holds a service slice. */
export type ServiceSliceKey = (typeof SERVICE_SLICE_KEYS)[ServiceName];

/** Canonical key of a metric series: namespace|metric|stat|period|k=v,k=v (dimensions sorted). */
export function metricKey(q: {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
}): string {
  const dims = Object.keys(q.dimensions)
    .sort()
    .map((k) => `${k}=${q.dimensions[k]}`)
    .join(',');
  return `${q.namespace}|${q.metricName}|${q.stat}|${q.periodSeconds}|${dims}`;
}

/** True when a gap covers the slice (same slice, or a gap on the whole service / a parent slice). */
export function gapCovers(gap: Gap, slice: SliceId): boolean {
  return gap.slice === slice || slice.startsWith(`${gap.slice}.`);
}

/**
 * Every gap that covers one of `slices`, whole or per resource: "is anything missing there". Used where a
 * count over the whole slice is needed (maturity facts): a partial gap leaves such a count incomplete.
 */
export function gapsFor(snapshot: Pick<Snapshot, 'gaps'>, slices: readonly SliceId[]): Gap[] {
  return snapshot.gaps.filter((g) => slices.some((s) => gapCovers(g, s)));
}

/** True for a gap that hides a whole slice (no resource list), false for one scoped to some resources. */
export function isWholeSliceGap(gap: Gap): boolean {
  return gap.resources === undefined && gap.resourceCount === undefined;
}

/** The gaps that leave one of `slices` missing as a whole (no resource list): nothing there can be judged. */
export function wholeSliceGapsFor(snapshot: Pick<Snapshot, 'gaps'>, slices: readonly SliceId[]): Gap[] {
  return gapsFor(snapshot, slices).filter(isWholeSliceGap);
}

/**
 * "Is this source fully missing": true when a gap hides one of `slices` as a whole. A gap scoped to some
 * resources (one failed GetMetricData batch) leaves the rest of the slice usable and answers false.
 */
export function sliceFullyMissing(snapshot: Pick<Snapshot, 'gaps'>, slices: readonly SliceId[]): boolean {
  return wholeSliceGapsFor(snapshot, slices).length > 0;
}

/**
 * The per-resource gaps on `slices` (on a slice, its parent, or a sub-slice of it), by resource id. Only gaps
 * with a resource list: a whole-slice gap is answered before a check runs.
 */
export function resourceGapsFor(
  snapshot: Pick<Snapshot, 'gaps'>,
  slices: readonly SliceId[],
): Map<string, Gap[]> {
  const out = new Map<string, Gap[]>();
  for (const g of snapshot.gaps) {
    if (!g.resources) continue;
    if (!slices.some((s) => gapCovers(g, s) || g.slice.startsWith(`${s}.`))) continue;
    for (const id of g.resources) {
      const list = out.get(id);
      if (list) list.push(g);
      else out.set(id, [g]);
    }
  }
  return out;
}

/** A gap as a unit summary keeps it: the resource list dropped (it grows with the estate), its count kept. */
export function gapSummary(gap: Gap): Gap {
  if (!gap.resources) return gap;
  const { resources, ...rest } = gap;
  return { ...rest, resourceCount: gap.resourceCount ?? resources.length };
}
