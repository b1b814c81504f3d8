import type { CheckDefinition } from '../types.js';
import { computeoptimizerAccountEnrolled } from './computeoptimizer-account-enrolled.js';
import { computeoptimizerAutoscalingGroupOptimized } from './computeoptimizer-autoscaling-group-optimized.js';
import { computeoptimizerEbsVolumeOptimized } from './computeoptimizer-ebs-volume-optimized.js';
import { computeoptimizerEc2InstanceOptimized } from './computeoptimizer-ec2-instance-optimized.js';
import { computeoptimizerLambdaFunctionOptimized } from './computeoptimizer-lambda-function-optimized.js';
import { computeoptimizerRdsInstanceOptimized } from './computeoptimizer-rds-instance-optimized.js';
import { computeoptimizerRdsStorageOptimized } from './computeoptimizer-rds-storage-optimized.js';

export const computeoptimizerChecks: readonly CheckDefinition<string>[] = [
  computeoptimizerAccountEnrolled,
  computeoptimizerEc2InstanceOptimized,
  computeoptimizerAutoscalingGroupOptimized,
  computeoptimizerEbsVolumeOptimized,
  computeoptimizerLambdaFunctionOptimized,
  computeoptimizerRdsInstanceOptimized,
  computeoptimizerRdsStorageOptimized,
] as CheckDefinition<string>[];
