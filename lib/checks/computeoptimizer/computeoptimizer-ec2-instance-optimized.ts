import { defineCheck } from '../types.js';
import { evaluateRecommendations } from '../compute-optimizer-results.js';

const NEEDS = ['computeOptimizer.ec2'];
const RESOURCE_TYPE = 'AWS::EC2::Instance';

export const computeoptimizerEc2InstanceOptimized = defineCheck({
  id: 'computeoptimizer-ec2-instance-optimized',
  title: 'EC2 instances are rated optimized by Compute Optimizer',
  service: 'computeoptimizer',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'Compute Optimizer compares 14 days of CPU, memory (with the CloudWatch agent), network and disk use with every instance type. An over-provisioned instance wastes money; an under-provisioned one is a performance risk. EC2 recommendations mostly Optimized is WAF-PERF-010 L4.',
  remediation: {
    change: 'resize',
    text: 'Apply the top recommended instance type after checking its performance risk; under-provisioned instances first.',
    docs: [
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-ec2-recommendations.html',
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/viewing-dashboard.html',
    ],
  },
  needs: NEEDS,
  thresholds: {},
  evaluate: evaluateRecommendations('ec2', RESOURCE_TYPE),
});
