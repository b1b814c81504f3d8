import { defineCheck } from '../types.js';
import { evaluateRecommendations } from '../compute-optimizer-results.js';

const NEEDS = ['computeOptimizer.ebs'];
const RESOURCE_TYPE = 'AWS::EC2::Volume';

export const computeoptimizerEbsVolumeOptimized = defineCheck({
  id: 'computeoptimizer-ebs-volume-optimized',
  title: 'EBS volumes are rated optimized by Compute Optimizer',
  service: 'computeoptimizer',
  control: 'WAF-PERF-090',
  severity: 'medium',
  rationale:
    "Compute Optimizer compares a volume's IOPS and throughput with its type and size. A fully optimized disk type everywhere is WAF-PERF-090 L4.",
  remediation: {
    change: 'resize',
    text: 'Modify the volume to the recommended type, size, IOPS and throughput (Elastic Volumes, online).',
    docs: [
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-ebs-recommendations.html',
      'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modify-volume.html',
    ],
  },
  needs: NEEDS,
  thresholds: {},
  evaluate: evaluateRecommendations('ebs', RESOURCE_TYPE),
});
