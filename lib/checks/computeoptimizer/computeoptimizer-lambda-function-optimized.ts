import { defineCheck } from '../types.js';
import { evaluateRecommendations } from '../compute-optimizer-results.js';

const NEEDS = ['computeOptimizer.lambda'];
const RESOURCE_TYPE = 'AWS::Lambda::Function';

export const computeoptimizerLambdaFunctionOptimized = defineCheck({
  id: 'computeoptimizer-lambda-function-optimized',
  title: 'Lambda functions are rated optimized by Compute Optimizer',
  service: 'computeoptimizer',
  control: 'WAF-PERF-080',
  severity: 'medium',
  rationale:
    "Compute Optimizer compares a function's memory use and duration with its memory size (functions up to 1,792 MB with at least 50 invocations in 14 days). Memory matching measured use is WAF-PERF-080 L3; memory optimized through profiling is checklist item L4-8.",
  remediation: {
    change: 'resize',
    text: 'Set the memory size to the recommended value (or confirm it with AWS Lambda Power Tuning).',
    docs: [
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-lambda-recommendations.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html',
    ],
  },
  needs: NEEDS,
  thresholds: {},
  evaluate: evaluateRecommendations('lambda', RESOURCE_TYPE),
});
