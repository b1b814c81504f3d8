import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['lambda.functions'];
const RESOURCE_TYPE = 'AWS::Lambda::Function';
/**
 * Runtimes that never offered arm64 (Lambda runtimes docs: arm64 came with Amazon Linux 2 based runtimes, 2021).
 * Functions on them must move to a current runtime first.
 */
const NO_ARM64_RUNTIMES = new Set([
  'go1.x',
  'java8',
  'python2.7',
  'python3.6',
  'python3.7',
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'ruby2.5',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'provided',
]);

/** arm64 (Graviton) for Lambda: up to 34% better price performance than x86_64, per AWS. */
export const lambdaFunctionArm64Architecture = defineCheck({
  id: 'lambda-function-arm64-architecture',
  title: 'Lambda functions run on arm64 (Graviton)',
  service: 'lambda',
  control: 'WAF-PERF-080',
  severity: 'low',
  rationale:
    'Functions on arm64 (AWS Graviton2) cost about 20% less per GB-second and give up to 34% better price ' +
    'performance than x86_64, per AWS. Interpreted runtimes usually move without code changes; container images ' +
    'need an arm64 or multi-architecture image, and native dependencies need arm64 builds.',
  remediation: {
    change: 'architecture',
    text: 'Set the function architecture to arm64 after testing it; rebuild native dependencies and container images for arm64.',
    docs: [
      'https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html',
      'https://aws.amazon.com/blogs/aws/aws-lambda-functions-powered-by-aws-graviton2-processor-run-your-functions-on-arm-and-get-up-to-34-better-price-performance/',
    ],
    impact: 'Up to 34% better price performance; about 20% lower duration price per GB-second.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const lambda = snapshot.lambda;
    if (!lambda) return missingSlice(snapshot, 'lambda', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const fn of lambda.functions) {
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: fn.functionName,
        resourceArn: fn.arn,
        resourceName: fn.functionName,
      };
      const arch = fn.architectures.length > 0 ? fn.architectures.join(', ') : 'x86_64';
      const evidence = [
        {
          label: 'Architecture',
          value: arch,
          threshold: 'arm64',
          source: 'lambda:ListFunctions Architectures',
        },
        { label: 'Runtime', value: fn.runtime ?? (fn.packageType === 'Image' ? 'container image' : null) },
      ];
      if (fn.architectures.includes('arm64')) {
        results.push({ ...base, status: 'pass', message: `${fn.functionName} runs on arm64.`, evidence });
        continue;
      }
      const note =
        fn.runtime && NO_ARM64_RUNTIMES.has(fn.runtime)
          ? `; its runtime ${fn.runtime} has no arm64 support, so move to a current runtime first`
          : fn.packageType === 'Image'
            ? '; build the container image for arm64 (or multi-architecture)'
            : '';
      results.push({
        ...base,
        status: 'fail',
        message: `${fn.functionName} runs on ${arch}${note}.`,
        evidence,
      });
    }
    return results;
  },
});
