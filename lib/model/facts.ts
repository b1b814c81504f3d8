/**
 * Facts the maturity scorer needs, derived from one unit's snapshot and findings
 * (`lib/maturity/facts.ts` derives and merges them). Counters only, no resource lists: units add up
 * into account facts by summing every number, and the unit summary stays small enough for DynamoDB
 * and Step Functions.
 *
 * Each measure (lib/maturity/measures/) is a tally over the resources it concerns: how many there are
 * (its denominator), how many meet it, how many had no data. A unit adds to a measure only when every
 * fact source the measure reads was collected without a gap; otherwise it adds 1 to that source's
 * `coverage[source].gaps` and nothing else. So "0 because not assessed" (coverage) is always
 * distinguishable from "0 observed" (a tally in a fully assessed unit).
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
  /** Request entry points: ListMetrics latency series (plus those alarms name). */
  | 'cloudwatch.entryPoints'
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

/** One measure over the resources it concerns. */
export interface Tally {
  /** Resources concerned (the denominator). */
  of: number;
  /** Resources that meet the measure. */
  met: number;
  /** Resources concerned whose data for the measure is missing (counted in `of`, never in `met`). */
  noData: number;
}

/** A check's per-resource outcomes in a unit (unit-wide `*` results and suppressed findings excluded). */
export interface CheckTally {
  control: string;
  pass: number;
  fail: number;
}

export interface UnitFacts {
  /** Units added up into these facts. */
  units: number;
  coverage: Record<FactSource, FactCoverage>;
  /** Keyed by measure id (lib/maturity/measures). */
  measures: Record<string, Tally>;
  /** Keyed by check id: what the cap "a check fails on most of its resources" reads. */
  checks: Record<string, CheckTally>;
}
