/**
 * The performance model of shared/DESIGN.md as plain formulas, written independently of the engine so
 * the benchmark checks the engine against them rather than against itself:
 * - inventory calls >= ceil(N / max page size) per listing (one call even when the list is empty);
 * - GetMetricData calls >= ceil(series / q) per period, q = min(500, floor(100,800 / datapoints per series));
 * - the peers' pattern: one GetMetricStatistics per series (1,440 datapoints per call at most);
 * - modelled minimum time: calls / refill rate per API bucket, regions in parallel.
 * Sources: shared/reference.md "API quotas and page sizes" (AWS API references and quota pages).
 */

/** GetMetricData limits (CloudWatch API reference). */
export const GMD_MAX_QUERIES = 500;
export const GMD_MAX_DATAPOINTS = 100_800;
/** GetMetricStatistics: one metric, at most 1,440 datapoints per call (CloudWatch API reference). */
export const GMS_MAX_DATAPOINTS = 1_440;
/** CloudWatch serves ~396,000 datapoints/s per region for windows starting more than 3 h ago (reference.md). */
export const CW_DATAPOINTS_PER_SECOND = 396_000;

/** Datapoints of one series: ceil(window / period). */
export function datapointsPerSeries(periodSeconds: number, windowSeconds: number): number {
  if (!(periodSeconds > 0) || !(windowSeconds > 0))
    throw new RangeError('period and window must be positive');
  return Math.ceil(windowSeconds / periodSeconds);
}

/** Series per GetMetricData call: q = min(500, floor(100,800 / datapoints per series)), at least 1. */
export function seriesPerCall(periodSeconds: number, windowSeconds: number): number {
  const points = datapointsPerSeries(periodSeconds, windowSeconds);
  return Math.max(1, Math.min(GMD_MAX_QUERIES, Math.floor(GMD_MAX_DATAPOINTS / points)));
}

/** Series of one region (unit) grouped by period, over one window. */
export interface SeriesGroup {
  periodSeconds: number;
  windowSeconds: number;
  series: number;
}

/** Lower bound on GetMetricData calls for one region: sum over periods of ceil(series / q). */
export function metricCallsLowerBound(groups: readonly SeriesGroup[]): number {
  let calls = 0;
  for (const g of groups)
    if (g.series > 0) calls += Math.ceil(g.series / seriesPerCall(g.periodSeconds, g.windowSeconds));
  return calls;
}

/**
 * The peers' calls for the same data: one GetMetricStatistics per resource per metric (= per series),
 * more for a series longer than 1,440 datapoints.
 */
export function peerMetricCalls(groups: readonly SeriesGroup[]): number {
  let calls = 0;
  for (const g of groups)
    calls += g.series * Math.ceil(datapointsPerSeries(g.periodSeconds, g.windowSeconds) / GMS_MAX_DATAPOINTS);
  return calls;
}

/** Datapoints the series of a region ask for (what CloudWatch's per-region datapoint rate applies to). */
export function requestedDatapoints(groups: readonly SeriesGroup[]): number {
  return groups.reduce((n, g) => n + g.series * datapointsPerSeries(g.periodSeconds, g.windowSeconds), 0);
}

/** Lower bound on the pages of one listing: ceil(items / max page size), and one call for an empty list. */
export function listingLowerBound(items: number, maxPage: number): number {
  if (!(maxPage >= 1)) throw new RangeError('maxPage must be >= 1');
  return Math.max(1, Math.ceil(Math.max(0, items) / maxPage));
}

export type ActionKind = 'inventory' | 'metrics' | 'batch' | 'scoped' | 'per-resource' | 'once';

export interface ActionRule {
  kind: ActionKind;
  /** Largest page the API allows (inventory and scoped lists). */
  maxPage?: number;
  /** Name of the page-size parameter, when the API has one. */
  pageParam?: string;
  /** What one call (or listing) is per, for the report. */
  per: string;
}

/**
 * Every action the collectors call, classified. Inventory: account-wide lists (bound: ceil(N / max page)).
 * Batch: reads of named items, up to `maxPage` per call (bound: ceil(items / maxPage) per region).
 * Scoped: lists per group in use (parameter group, engine, namespace): they grow with the groups, not the
 * resources. Per-resource: one call per resource where no batch API exists; the collectors cap them at
 * `maxFollowUpCalls` (50) per unit. Page sizes: shared/reference.md and the API references.
 */
export const ACTION_RULES: Readonly<Record<string, ActionRule>> = {
  'ec2:DescribeInstances': { kind: 'inventory', maxPage: 1000, pageParam: 'MaxResults', per: 'instances' },
  'ec2:DescribeVolumes': { kind: 'inventory', maxPage: 500, pageParam: 'MaxResults', per: 'volumes' },
  'ec2:DescribeVpcs': { kind: 'inventory', maxPage: 1000, pageParam: 'MaxResults', per: 'VPCs' },
  'ec2:DescribeRouteTables': {
    kind: 'inventory',
    maxPage: 100,
    pageParam: 'MaxResults',
    per: 'route tables',
  },
  'ec2:DescribeNatGateways': {
    kind: 'inventory',
    maxPage: 1000,
    pageParam: 'MaxResults',
    per: 'NAT gateways',
  },
  'ec2:DescribeVpcEndpoints': {
    kind: 'inventory',
    maxPage: 1000,
    pageParam: 'MaxResults',
    per: 'VPC endpoints',
  },
  'rds:DescribeDBInstances': {
    kind: 'inventory',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'DB instances',
  },
  'rds:DescribeDBClusters': { kind: 'inventory', maxPage: 100, pageParam: 'MaxRecords', per: 'DB clusters' },
  'rds:DescribeDBProxies': { kind: 'inventory', maxPage: 100, pageParam: 'MaxRecords', per: 'RDS proxies' },
  'cloudfront:ListDistributions': {
    kind: 'inventory',
    maxPage: 100,
    pageParam: 'MaxItems',
    per: 'distributions',
  },
  'lambda:ListFunctions': { kind: 'inventory', maxPage: 50, pageParam: 'MaxItems', per: 'functions' },
  'autoscaling:DescribeAutoScalingGroups': {
    kind: 'inventory',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'groups',
  },
  'autoscaling:DescribePolicies': {
    kind: 'inventory',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'scaling policies',
  },
  'autoscaling:DescribeScheduledActions': {
    kind: 'inventory',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'scheduled actions',
  },
  'elasticache:DescribeCacheClusters': {
    kind: 'inventory',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'cache clusters',
  },
  'elasticache:DescribeReplicationGroups': {
    kind: 'inventory',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'replication groups',
  },
  'elasticache:DescribeServerlessCaches': {
    kind: 'inventory',
    maxPage: 50,
    pageParam: 'MaxResults',
    per: 'serverless caches',
  },
  'cloudwatch:DescribeAlarms': { kind: 'inventory', maxPage: 100, pageParam: 'MaxRecords', per: 'alarms' },
  'application-signals:ListServiceLevelObjectives': {
    kind: 'inventory',
    maxPage: 50,
    pageParam: 'MaxResults',
    per: 'SLOs',
  },
  'devops-guru:ListMonitoredResources': {
    kind: 'inventory',
    maxPage: 50,
    pageParam: 'MaxResults',
    per: 'monitored resources',
  },
  'compute-optimizer:GetEC2InstanceRecommendations': {
    kind: 'inventory',
    maxPage: 1000,
    pageParam: 'maxResults',
    per: 'recommendations',
  },
  'compute-optimizer:GetAutoScalingGroupRecommendations': {
    kind: 'inventory',
    maxPage: 1000,
    pageParam: 'maxResults',
    per: 'recommendations',
  },
  'compute-optimizer:GetEBSVolumeRecommendations': {
    kind: 'inventory',
    maxPage: 1000,
    pageParam: 'maxResults',
    per: 'recommendations',
  },
  'compute-optimizer:GetLambdaFunctionRecommendations': {
    kind: 'inventory',
    maxPage: 1000,
    pageParam: 'maxResults',
    per: 'recommendations',
  },
  'compute-optimizer:GetRDSDatabaseRecommendations': {
    kind: 'inventory',
    maxPage: 1000,
    pageParam: 'maxResults',
    per: 'recommendations',
  },
  'cloudwatch:GetMetricData': {
    kind: 'metrics',
    per: `up to ${GMD_MAX_QUERIES} series / ${GMD_MAX_DATAPOINTS} datapoints`,
  },
  'application-autoscaling:DescribeScalableTargets': {
    kind: 'scoped',
    maxPage: 50,
    pageParam: 'MaxResults',
    per: 'service namespace',
  },
  'application-autoscaling:DescribeScalingPolicies': {
    kind: 'scoped',
    maxPage: 10,
    pageParam: 'MaxResults',
    per: 'namespace with targets',
  },
  'application-autoscaling:DescribeScheduledActions': {
    kind: 'scoped',
    maxPage: 50,
    pageParam: 'MaxResults',
    per: 'namespace with targets',
  },
  'ec2:DescribeInstanceTypes': {
    kind: 'scoped',
    maxPage: 100,
    pageParam: 'MaxResults',
    per: '100 instance types in use, + arm64 families',
  },
  'rds:DescribeDBParameters': {
    kind: 'scoped',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'parameter group in use',
  },
  'rds:DescribeDBClusterParameters': {
    kind: 'scoped',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'cluster parameter group in use',
  },
  'rds:DescribeOrderableDBInstanceOptions': {
    kind: 'scoped',
    maxPage: 1000,
    pageParam: 'MaxRecords',
    per: 'engine version in use',
  },
  'cloudwatch:ListMetrics': { kind: 'scoped', maxPage: 500, per: 'agent metric name' },
  'application-signals:BatchGetServiceLevelObjectiveBudgetReport': {
    kind: 'batch',
    maxPage: 50,
    per: '50 SLOs',
  },
  'rds:DescribeDBProxyTargets': {
    kind: 'per-resource',
    maxPage: 100,
    pageParam: 'MaxRecords',
    per: 'RDS proxy',
  },
  'application-signals:GetServiceLevelObjective': { kind: 'per-resource', per: 'SLO (burn-rate windows)' },
  'lambda:GetFunctionConcurrency': { kind: 'per-resource', per: 'throttled function' },
  'compute-optimizer:GetEnrollmentStatus': { kind: 'once', per: 'region' },
  'sts:GetCallerIdentity': { kind: 'once', per: 'scan' },
  'ec2:DescribeRegions': { kind: 'once', per: 'scan' },
};

export function ruleFor(action: string): ActionRule | undefined {
  return ACTION_RULES[action];
}

/** A token bucket of the performance model: refill rate and burst, with where the numbers come from. */
export interface BucketRule {
  bucket: string;
  ratePerSecond: number;
  burst: number;
  source: string;
}

/** Calls of one region by rate-limit bucket, plus the datapoints its GetMetricData calls asked for. */
export interface RegionLoad {
  region: string;
  calls: { rule: BucketRule; calls: number }[];
  datapoints: number;
}

export interface ModelledTime {
  /** Regions in parallel: the slowest region. */
  seconds: number;
  region: string;
  bucket: string;
  /** What bounds that bucket: its call rate, or (CloudWatch) the datapoint rate. */
  by: 'calls' | 'datapoints' | '';
  /** The same with each bucket's burst spent first (the limiter starts full). */
  secondsAfterBurst: number;
}

/**
 * Minimum time under the rate limits: per region, each bucket needs calls / rate seconds (buckets are
 * independent quotas, so they overlap), and CloudWatch also needs datapoints / 396,000 s; regions run
 * in parallel. A floor, not a forecast: it ignores latency and the collect-then-fetch-metrics order.
 */
export function modelledMinimumTime(regions: readonly RegionLoad[]): ModelledTime {
  let best: ModelledTime = { seconds: 0, region: '', bucket: '', by: '', secondsAfterBurst: 0 };
  for (const r of regions) {
    let afterBurst = 0;
    for (const { rule, calls } of r.calls) {
      let t = calls / rule.ratePerSecond;
      let tb = Math.max(0, calls - rule.burst) / rule.ratePerSecond;
      let by: ModelledTime['by'] = 'calls';
      if (rule.bucket === 'cloudwatch:GetMetricData') {
        const dp = r.datapoints / CW_DATAPOINTS_PER_SECOND;
        if (dp > t) by = 'datapoints';
        t = Math.max(t, dp);
        tb = Math.max(tb, dp);
      }
      afterBurst = Math.max(afterBurst, tb);
      if (t > best.seconds)
        best = {
          seconds: t,
          region: r.region,
          bucket: rule.bucket,
          by,
          secondsAfterBurst: best.secondsAfterBurst,
        };
    }
    best.secondsAfterBurst = Math.max(best.secondsAfterBurst, afterBurst);
  }
  return best;
}
