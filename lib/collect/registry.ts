/** One collector per service. The IAM policy and docs are generated from their declarations. */
import type { ServiceName } from '#lib/model/index.js';
import type { Collector } from './types.js';
import { ec2Collector } from './ec2.js';
import { ebsCollector } from './ebs.js';
import { rdsCollector } from './rds.js';
import { cloudfrontCollector } from './cloudfront.js';
import { vpcCollector } from './vpc.js';
import { lambdaCollector } from './lambda.js';
import { autoscalingCollector } from './autoscaling.js';
import { elasticacheCollector } from './elasticache.js';
import { cloudwatchCollector } from './cloudwatch.js';
import { computeoptimizerCollector } from './computeoptimizer.js';
import { PRICING_IAM_ACTIONS } from './pricing.js';
import { COH_IAM_ACTIONS } from './cost-optimization-hub.js';

export const COLLECTORS: Readonly<Record<ServiceName, Collector>> = {
  ec2: ec2Collector,
  ebs: ebsCollector,
  rds: rdsCollector,
  cloudfront: cloudfrontCollector,
  vpc: vpcCollector,
  lambda: lambdaCollector,
  autoscaling: autoscalingCollector,
  elasticache: elasticacheCollector,
  cloudwatch: cloudwatchCollector,
  computeoptimizer: computeoptimizerCollector,
};

/**
 * Actions every unit needs besides the collectors' (account id, enabled regions, metric batcher, the AWS
 * Price List for the savings of failing findings: lib/collect/pricing.ts, and Cost Optimization Hub's savings
 * when `savings.costOptimizationHub` is on: lib/collect/cost-optimization-hub.ts).
 */
export const BASE_IAM_ACTIONS = [
  'sts:GetCallerIdentity',
  'ec2:DescribeRegions',
  'cloudwatch:GetMetricData',
  ...PRICING_IAM_ACTIONS,
  ...COH_IAM_ACTIONS,
] as const;

/**
 * What a scan reads of the region's offerings for the release radar, per service, beyond the collectors' own
 * actions (lib/collect/offerings.ts: EC2 and RDS reuse actions their collectors declare).
 */
export const OFFERINGS_IAM_ACTIONS: Readonly<Partial<Record<ServiceName, readonly string[]>>> = {
  elasticache: ['elasticache:DescribeReservedCacheNodesOfferings'],
};

/** The exact, sorted, de-duplicated read-only actions perfscan needs. */
export function requiredIamActions(
  services: readonly ServiceName[] = Object.keys(COLLECTORS) as ServiceName[],
): string[] {
  const set = new Set<string>(BASE_IAM_ACTIONS);
  for (const s of services)
    for (const a of [...COLLECTORS[s].iamActions, ...(OFFERINGS_IAM_ACTIONS[s] ?? [])]) set.add(a);
  return [...set].sort();
}
