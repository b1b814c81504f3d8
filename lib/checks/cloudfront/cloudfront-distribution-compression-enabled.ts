import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['cloudfront.distributions'];
const RESOURCE_TYPE = 'AWS::CloudFront::Distribution';

/** Automatic compression (Gzip and Brotli) on every cache behavior of an enabled distribution. */
export const cloudfrontDistributionCompressionEnabled = defineCheck({
  id: 'cloudfront-distribution-compression-enabled',
  title: 'CloudFront distributions compress objects on every cache behavior',
  service: 'cloudfront',
  control: 'WAF-PERF-070',
  severity: 'medium',
  rationale:
    'Without automatic compression CloudFront serves text assets (HTML, CSS, JavaScript, JSON) uncompressed: often ' +
    'several times more bytes to transfer, so slower page loads and higher data transfer out.',
  remediation: {
    change: 'compression',
    text:
      'Set "Compress objects automatically" on each cache behavior, and use a cache policy with Gzip and Brotli ' +
      'enabled so the compressed variants are cached.',
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/ServingCompressedFiles.html',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html',
    ],
    impact: 'Compressible text typically shrinks by 60-80%, cutting transfer time and data transfer out.',
  },
  needs: NEEDS,
  global: true,
  thresholds: {},
  evaluate(snapshot) {
    const cf = snapshot.cloudfront;
    if (!cf) return missingSlice(snapshot, 'cloudfront', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const d of cf.distributions) {
      if (!d.enabled) continue; // a disabled distribution serves nothing
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: d.id,
        resourceArn: d.arn,
        resourceName: d.aliases[0] ?? d.domainName,
      };
      const off = d.behaviors
        .filter((b) => !b.compress)
        .map((b) => (b.pathPattern === '*' ? 'default (*)' : b.pathPattern));
      const evidence = [
        {
          label: 'Cache behaviors',
          value: d.behaviors.length,
          unit: 'count',
          source: 'cloudfront:ListDistributions CacheBehaviors',
        },
        {
          label: 'Behaviors without compression',
          value: off.length > 0 ? off.join(', ') : 'none',
          threshold: 'none',
        },
      ];
      results.push(
        off.length === 0
          ? {
              ...base,
              status: 'pass',
              message: `${d.id} compresses on all ${d.behaviors.length} cache behaviors.`,
              evidence,
            }
          : {
              ...base,
              status: 'fail',
              message: `${d.id} does not compress on ${off.length} of ${d.behaviors.length} cache behaviors: ${off.join(', ')}.`,
              evidence,
            },
      );
    }
    return results;
  },
});
