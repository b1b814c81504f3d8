import { defineCheck } from '../types.js';
import { evaluateRecommendations } from '../compute-optimizer-results.js';

const NEEDS = ['computeOptimizer.asg'];
const RESOURCE_TYPE = 'AWS::AutoScaling::AutoScalingGroup';

export const computeoptimizerAutoscalingGroupOptimized = defineCheck({
  id: 'computeoptimizer-autoscaling-group-optimized',
  title: 'Auto Scaling groups are rated optimized by Compute Optimizer',
  service: 'computeoptimizer',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'Compute Optimizer recommends the instance type of an Auto Scaling group from the utilization of its instances. Groups with mostly Optimized recommendations are WAF-PERF-010 L4.',
  remediation: {
    change: 'resize',
    text: "Change the launch template's instance type to the top recommended option, then roll the group (instance refresh).",
    docs: [
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-asg-recommendations.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-instance-refresh.html',
    ],
  },
  needs: NEEDS,
  thresholds: {},
  evaluate: evaluateRecommendations('asg', RESOURCE_TYPE),
});
