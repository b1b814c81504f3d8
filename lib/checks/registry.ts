/**
 * The explicit registry of checks. Each service folder keeps its own list (`<service>/index.ts`);
 * test/checks/registry.test.ts proves the lists equal the files on disk.
 */
import type { CheckDefinition } from './types.js';
import { ec2Checks } from './ec2/index.js';
import { ebsChecks } from './ebs/index.js';
import { rdsChecks } from './rds/index.js';
import { cloudfrontChecks } from './cloudfront/index.js';
import { vpcChecks } from './vpc/index.js';
import { lambdaChecks } from './lambda/index.js';
import { autoscalingChecks } from './autoscaling/index.js';
import { elasticacheChecks } from './elasticache/index.js';
import { cloudwatchChecks } from './cloudwatch/index.js';
import { computeoptimizerChecks } from './computeoptimizer/index.js';

export const CHECKS: readonly CheckDefinition[] = [
  ...ec2Checks,
  ...ebsChecks,
  ...rdsChecks,
  ...cloudfrontChecks,
  ...vpcChecks,
  ...lambdaChecks,
  ...autoscalingChecks,
  ...elasticacheChecks,
  ...cloudwatchChecks,
  ...computeoptimizerChecks,
] as CheckDefinition[];

/** Old ids that were renamed: alias -> current id (ids are permanent; a rename keeps an alias). */
export const CHECK_ALIASES: Readonly<Record<string, string>> = {};
