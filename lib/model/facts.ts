/**
 * Facts the maturity scorer needs, derived from one unit's snapshot and findings
 * (`lib/maturity/facts.ts` derives and merges them). Counters only, no resource lists: units add up
 * into account facts by summing every number, and the unit summary stays small enough for DynamoDB
 * and Step Functions.
 *
 * Each counter belongs to a fact source (see `FactSource`). A unit adds to a source's counters only
 * when every slice the source reads was collected without a gap; otherwise it adds 1 to that source's
 * `coverage[source].gaps` and nothing else. So "0 because not assessed" (coverage) is always
 * distinguishable from "0 observed" (a counter in a fully assessed unit).
 */

/** Where a group of counters comes from. */
export type FactSource =
  /** ec2.instances + ec2.instanceTypes. */
  | 'ec2.instances'
  /** AWS/EC2 CPUUtilization per running instance (and the ec2 sizing checks built on it). */
  | 'ec2.cpuMetrics'
  /** cloudwatch.agentMemoryInstanceIds joined with running instances. */
  | 'ec2.memoryMetrics'
  | 'ebs.volumes'
  /** rds.instances + rds.clusters. */
  | 'rds.instances'
  | 'rds.parameterGroups'
  /** rds.devOpsGuru joined with anomaly-detection alarms on AWS/RDS metrics. */
  | 'rds.anomalyDetection'
  | 'cloudfront.distributions'
  /** AWS/CloudFront CacheHitRate per distribution (additional metrics). */
  | 'cloudfront.hitRateMetrics'
  | 'elasticache.clusters'
  /** AWS/ElastiCache CacheHits/CacheMisses (GetHits/GetMisses for Memcached) per cluster. */
  | 'elasticache.hitMetrics'
  /** vpc.vpcs + vpc.routeTables + vpc.endpoints. */
  | 'vpc.network'
  | 'lambda.functions'
  /** Lambda functions joined with Compute Optimizer Lambda recommendations. */
  | 'lambda.computeOptimizer'
  /** autoscaling.groups + autoscaling.policies + autoscaling.scheduledActions. */
  | 'autoscaling.groups'
  /** autoscaling.scalableTargets + autoscaling.policies. */
  | 'autoscaling.scalableTargets'
  | 'cloudwatch.alarms'
  /** Application Signals service level objectives. */
  | 'cloudwatch.slos'
  | 'computeoptimizer';

/** How many of the added-up units assessed a fact source. */
export interface FactCoverage {
  /** Units whose source slices were collected without a gap (their counters are included). */
  assessed: number;
  /** Units where a gap (AccessDenied, throttling, not enabled, missing slice) left the source incomplete. */
  gaps: number;
  /** Units where the service was not requested. */
  notScanned: number;
}

export interface Ec2Facts {
  running: number;
  /** Running instances whose type is `CurrentGeneration` per DescribeInstanceTypes. */
  runningCurrentGeneration: number;
  /** Running instances whose type is missing from the DescribeInstanceTypes facts. */
  runningGenerationUnknown: number;
  /** ec2.cpuMetrics: running instances in units where the CPU source was assessed (the denominator below). */
  runningCpuAssessed: number;
  /** ec2.cpuMetrics: running instances with CPUUtilization datapoints in the window. */
  runningWithCpuData: number;
  /** ec2.cpuMetrics: running instances whose CPUUtilization series came back without datapoints. */
  runningWithoutCpuData: number;
  /** ec2.cpuMetrics: running instances whose CPUUtilization series was not requested/returned. */
  runningCpuUnknown: number;
  /** ec2.memoryMetrics: running instances with a CloudWatch agent memory metric. */
  runningWithMemoryMetric: number;
  /** ec2.memoryMetrics: running instances without one. */
  runningWithoutMemoryMetric: number;
  /** ec2.cpuMetrics: running instances with a failing over-provisioned (idle) sizing finding. */
  overProvisioned: number;
  /** ec2.cpuMetrics: running instances with a failing under-provisioned (saturated) sizing finding. */
  underProvisioned: number;
  /** ec2.cpuMetrics: running instances whose sizing checks answered unknown/error (and did not fail). */
  sizingUnknown: number;
}

export interface EbsFacts {
  volumes: number;
  gp2: number;
  gp3: number;
  io1: number;
  io2: number;
  /** Magnetic (previous generation). */
  standard: number;
  /** Throughput-optimized and cold HDD (st1, sc1). */
  hdd: number;
  otherType: number;
  /** Volumes created within the "new deployments" window before the snapshot. */
  recent: number;
  /** Recent volumes of type gp2, io1 or standard. */
  recentLegacy: number;
  /** Volumes without a creation time. */
  createTimeUnknown: number;
}

export interface RdsFacts {
  instances: number;
  storageGp2: number;
  storageGp3: number;
  storageIo1: number;
  storageIo2: number;
  /** Magnetic storage. */
  storageStandard: number;
  /** Aurora cluster storage (aurora, aurora-iopt1). */
  storageAurora: number;
  storageOther: number;
  /** Performance Insights on, or Database Insights advanced mode. */
  withPerformanceInsights: number;
  /** Instances tagged as production (env/environment/stage/tier = prod*). */
  production: number;
  productionWithPerformanceInsights: number;
  /** rds.parameterGroups: instances of engines with a slow query log (MySQL, MariaDB, PostgreSQL, Aurora). */
  slowLogEligible: number;
  slowLogOn: number;
  /** Eligible instances whose parameter group facts were not collected. */
  slowLogUnknown: number;
  /** rds.anomalyDetection: units where DevOps Guru for RDS is enabled. */
  devOpsGuruEnabled: number;
  /** Instances covered by DevOps Guru for RDS or an anomaly-detection alarm on their metrics. */
  anomalyCovered: number;
  /** Instances covered by neither. */
  anomalyUncovered: number;
  productionAnomalyCovered: number;
  productionAnomalyUncovered: number;
}

export interface CloudFrontFacts {
  /** Enabled distributions. */
  distributions: number;
  /** Enabled distributions serving static content (S3 origin on the default behavior). */
  static: number;
  /** Distributions with CacheHitRate measured (additional metrics on, or datapoints present). */
  hitRateMeasured: number;
  /** Distributions with additional metrics known to be off, or a CacheHitRate series without data while serving requests. */
  hitRateNotMeasured: number;
  /** Distributions without a CacheHitRate datapoint that served no requests in the window (nothing to measure). */
  hitRateIdle: number;
  /** Measured distributions with CacheHitRate datapoints in the window. */
  hitRateWithData: number;
  hitRateAtLeast80: number;
  staticMeasured: number;
  staticNotMeasured: number;
  staticIdle: number;
  staticWithData: number;
  staticAtLeast95: number;
}

export interface ElastiCacheFacts {
  clusters: number;
  /** Clusters with hit and miss series returned (datapoints > 0). */
  hitMeasured: number;
  /** Clusters whose hit/miss series were requested but returned no datapoints. */
  hitNotMeasured: number;
  /** Measured clusters that served lookups (hits + misses > 0). */
  hitWithTraffic: number;
  hitAtLeast80: number;
}

export interface VpcFacts {
  vpcs: number;
  /** VPCs with a route table sending 0.0.0.0/0 to a NAT gateway (private subnets). */
  privateVpcs: number;
  privateWithS3Gateway: number;
  privateWithDynamoDbGateway: number;
  privateWithBothGateways: number;
  /** Private VPCs with interface endpoints for every major service API (see lib/maturity/facts.ts). */
  privateWithMajorInterfaceEndpoints: number;
  /** Private VPCs with both gateway endpoints and every major interface endpoint. */
  privateWithAllEndpoints: number;
  gatewayEndpoints: number;
  interfaceEndpoints: number;
}

export interface LambdaFacts {
  functions: number;
  /** Functions at the 128 MB default memory size. */
  at128: number;
  /** Functions at 128 MB that Compute Optimizer does not call optimized. */
  at128NotOptimized: number;
  arm64: number;
  /** lambda.computeOptimizer: functions Compute Optimizer calls optimized. */
  coOptimized: number;
  /** lambda.computeOptimizer: functions with a not-optimized (memory over/under-provisioned) finding. */
  coNotOptimized: number;
  /** lambda.computeOptimizer: functions without a usable recommendation (unavailable / none). */
  coUnavailable: number;
  /** Functions with provisioned concurrency allocated or requested. */
  withProvisionedConcurrency: number;
  /** Functions whose provisioned concurrency configuration was collected. */
  provisionedConcurrencyKnown: number;
  withSnapStart: number;
}

export interface AutoScalingFacts {
  groups: number;
  groupsWithPolicy: number;
  /** Groups that can scale: min < max and at least one enabled scaling policy. */
  groupsScaling: number;
  /** Groups with min = max. */
  groupsFixed: number;
  /** Groups with a predictive scaling policy in ForecastAndScale mode. */
  groupsPredictive: number;
  groupsPredictiveForecastOnly: number;
  /** Groups with a cyclic load: a recurring scheduled action, or a failing predictive-scaling finding. */
  cyclicGroups: number;
  cyclicGroupsWithPredictive: number;
  /** Groups without predictive scaling whose predictive-scaling check answered unknown (cycle not assessable). */
  cyclicUnknown: number;
  scalableTargets: number;
  scalableTargetsWithPolicy: number;
}

export interface AlarmFacts {
  metricAlarms: number;
  compositeAlarms: number;
  /** Alarms on a latency/duration metric. */
  latencyAlarms: number;
  cpuAlarms: number;
  /** Latency or CPU alarms on the Average statistic. */
  averageAlarms: number;
  /** Alarms on an extended statistic p95 or higher. */
  percentileAlarms: number;
  latencyPercentileAlarms: number;
  anomalyAlarms: number;
  burnRateAlarms: number;
  /** Alarms on EBS/RDS IOPS, latency, queue depth, throughput or burst balance metrics. */
  ioAlarms: number;
  slos: number;
  latencySlos: number;
  slosWithBurnRateWindows: number;
  /** SLOs whose SLI metric type could not be read (detail call skipped or failed). */
  slosTypeUnknown: number;
}

export interface RecommendationCounts {
  optimized: number;
  overprovisioned: number;
  underprovisioned: number;
  notOptimized: number;
  unavailable: number;
  other: number;
}

export interface ComputeOptimizerFacts {
  /**
   * Source `computeoptimizer` covers enrollment and the EC2 / Auto Scaling group recommendations (what the
   * criteria read); EBS and RDS counts are informational. Lambda recommendations are joined per function
   * under `lambda.computeOptimizer`.
   * Units (regions) where enrollment status is Active.
   */
  enrolled: number;
  notEnrolled: number;
  ec2: RecommendationCounts;
  asg: RecommendationCounts;
  ebs: RecommendationCounts;
  lambda: RecommendationCounts;
  rds: RecommendationCounts;
}

export interface UnitFacts {
  /** Units added up into these facts. */
  units: number;
  coverage: Record<FactSource, FactCoverage>;
  ec2: Ec2Facts;
  ebs: EbsFacts;
  rds: RdsFacts;
  cloudfront: CloudFrontFacts;
  elasticache: ElastiCacheFacts;
  vpc: VpcFacts;
  lambda: LambdaFacts;
  autoscaling: AutoScalingFacts;
  cloudwatch: AlarmFacts;
  computeOptimizer: ComputeOptimizerFacts;
}
