/** Small helpers for measure files. */
import type { Tally } from '#lib/model/index.js';

export function tally(of: number, met: number, noData = 0): Tally {
  return { of, met, noData };
}

/** Counts `items` into a tally: `judge` says met (true), not met (false) or no data (undefined). */
export function count<T>(items: readonly T[], judge: (x: T) => boolean | undefined): Tally {
  let met = 0;
  let noData = 0;
  for (const x of items) {
    const v = judge(x);
    if (v === true) met++;
    else if (v === undefined) noData++;
  }
  return { of: items.length, met, noData };
}

export const USES = {
  instances: 'ec2:DescribeInstances (running instances)',
  types: 'ec2:DescribeInstanceTypes CurrentGeneration',
  cpu: 'CloudWatch AWS/EC2 CPUUtilization (Average, 3600 s) per running instance',
  mem: 'CloudWatch agent memory metric (CWAgent mem_used_percent) per running instance (ListMetrics)',
  sizing: 'the EC2 CPU sizing checks (over-provisioned / saturated)',
  co: 'compute-optimizer:GetEnrollmentStatus, Get*Recommendations (finding)',
  asg: 'autoscaling:DescribeAutoScalingGroups, DescribePolicies, DescribeScheduledActions',
  aas: 'application-autoscaling:DescribeScalableTargets, DescribeScalingPolicies',
  alarms: 'cloudwatch:DescribeAlarms (metric and composite alarms, actions)',
  entryPoints: 'cloudwatch:ListMetrics (entry-point latency series)',
  slos: 'application-signals:ListServiceLevelObjectives, GetServiceLevelObjective',
  rds: 'rds:DescribeDBInstances, DescribeDBClusters',
  params:
    'rds:DescribeDBParameters / DescribeDBClusterParameters (slow_query_log, log_min_duration_statement)',
  guru: 'devops-guru resource collection (DevOps Guru for RDS)',
  cf: 'cloudfront:ListDistributions (behaviors, origins, cache policies)',
  cfHit: 'CloudWatch AWS/CloudFront CacheHitRate, Requests (86400 s, Region=Global)',
  ec: 'elasticache:DescribeCacheClusters, DescribeServerlessCaches',
  ecHit: 'CloudWatch AWS/ElastiCache CacheHits/CacheMisses (Memcached GetHits/GetMisses, Sum, 86400 s)',
  vpc: 'ec2:DescribeVpcs, DescribeRouteTables, DescribeVpcEndpoints',
  lambda: 'lambda:ListFunctions (MemorySize), CloudWatch AWS/Lambda Invocations (Sum, 86400 s)',
  ebs: 'ec2:DescribeVolumes (VolumeType, CreateTime, State)',
} as const;
