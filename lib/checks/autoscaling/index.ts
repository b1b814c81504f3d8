import type { CheckDefinition } from '../types.js';
import { autoscalingGroupPredictiveScalingCyclic } from './autoscaling-group-predictive-scaling-cyclic.js';
import { autoscalingGroupScalingPolicyConfigured } from './autoscaling-group-scaling-policy-configured.js';
import { autoscalingScalableTargetScalingPolicyConfigured } from './autoscaling-scalable-target-scaling-policy-configured.js';

export const autoscalingChecks: readonly CheckDefinition<string>[] = [
  autoscalingGroupScalingPolicyConfigured,
  autoscalingScalableTargetScalingPolicyConfigured,
  autoscalingGroupPredictiveScalingCyclic,
] as CheckDefinition<string>[];
