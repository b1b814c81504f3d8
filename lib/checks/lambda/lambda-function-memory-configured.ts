import type { EvidenceItem } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['lambda.functions'];
const RESOURCE_TYPE = 'AWS::Lambda::Function';
/** The memory Lambda assigns when none is set (Lambda docs, "Configure Lambda function memory"). */
const LAMBDA_DEFAULT_MEMORY_MB = 128;

/**
 * Functions left at the 128 MB default: the WAF-PERF-080 L1 marker. CPU and network scale with memory, so 128 MB
 * is rarely the fastest or the cheapest setting. A function that Compute Optimizer rates Optimized at 128 MB passes.
 */
export const lambdaFunctionMemoryConfigured = defineCheck({
  id: 'lambda-function-memory-configured',
  title: 'Lambda functions have memory set deliberately, not left at the 128 MB default',
  service: 'lambda',
  control: 'WAF-PERF-080',
  severity: 'low',
  rationale:
    'Lambda allocates CPU in proportion to memory, so a function at the 128 MB default often runs longer and can cost ' +
    'more than at a larger size. Functions at the default are the WAF-PERF-080 L1 marker ("default config; not optimized").',
  remediation: {
    change: 'resize',
    text:
      'Profile the function with AWS Lambda Power Tuning (or use the Compute Optimizer recommendation) and set the ' +
      'memory size that minimizes duration x price.',
    docs: [
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html',
      'https://docs.aws.amazon.com/lambda/latest/operatorguide/profile-functions.html',
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-lambda-recommendations.html',
    ],
    impact:
      'CPU-bound functions often finish several times faster at higher memory for about the same cost per invocation.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const lambda = snapshot.lambda;
    if (!lambda) return missingSlice(snapshot, 'lambda', RESOURCE_TYPE);
    const recs = (snapshot.computeOptimizer?.recommendations ?? []).filter((r) => r.kind === 'lambda');
    const results: CheckResult[] = [];
    for (const fn of lambda.functions) {
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: fn.functionName,
        resourceArn: fn.arn,
        resourceName: fn.functionName,
      };
      const evidence: EvidenceItem[] = [
        {
          label: 'Memory size',
          value: fn.memoryMiB,
          unit: 'MB',
          threshold: `!= ${LAMBDA_DEFAULT_MEMORY_MB} (default)`,
          source: 'lambda:ListFunctions MemorySize',
        },
      ];
      if (fn.memoryMiB !== LAMBDA_DEFAULT_MEMORY_MB) {
        results.push({
          ...base,
          status: 'pass',
          message: `${fn.functionName} has ${fn.memoryMiB} MB of memory set.`,
          evidence,
        });
        continue;
      }
      const rec = recs.find(
        (r) =>
          r.resourceArn === fn.arn ||
          r.resourceArn.startsWith(`${fn.arn}:`) ||
          r.resourceId === fn.functionName,
      );
      if (rec?.finding === 'optimized') {
        evidence.push({
          label: 'Compute Optimizer finding',
          value: rec.finding,
          source: 'compute-optimizer:GetLambdaFunctionRecommendations',
        });
        results.push({
          ...base,
          status: 'pass',
          message: `${fn.functionName} runs at the 128 MB default, which Compute Optimizer rates Optimized for its measured use.`,
          evidence,
        });
        continue;
      }
      results.push({
        ...base,
        status: 'fail',
        message: `${fn.functionName} runs at the ${LAMBDA_DEFAULT_MEMORY_MB} MB default memory size, with no measurement showing it is the right size.`,
        evidence,
      });
    }
    return results;
  },
});
