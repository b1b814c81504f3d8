import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['cloudfront.distributions'];
const RESOURCE_TYPE = 'AWS::CloudFront::Distribution';

/**
 * HTTP/2 and HTTP/3 for viewers (HttpVersion http2and3). Viewers that cannot use a newer version fall back to an
 * older one, so enabling both costs nothing. HTTP/1.1 only is medium; HTTP/2 without HTTP/3 is low.
 */
export const cloudfrontDistributionHttp2Http3Enabled = defineCheck({
  id: 'cloudfront-distribution-http2-http3-enabled',
  title: 'CloudFront distributions offer HTTP/2 and HTTP/3 to viewers',
  service: 'cloudfront',
  control: 'WAF-PERF-070',
  severity: 'medium',
  rationale:
    'HTTP/2 multiplexes requests over one connection; HTTP/3 (QUIC) adds faster connection setup and resilience on ' +
    'lossy mobile networks. Viewers that do not support them fall back automatically, so there is no downside.',
  remediation: {
    text: 'Set the distribution\'s supported HTTP versions to "HTTP/2 and HTTP/3" (HttpVersion http2and3).',
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesGeneral.html#DownloadDistValuesSupportedHTTPVersions',
    ],
    impact:
      'Fewer round trips for connection setup and parallel requests; HTTP/3 helps most on high-latency, lossy networks.',
  },
  needs: NEEDS,
  global: true,
  thresholds: {},
  evaluate(snapshot) {
    const cf = snapshot.cloudfront;
    if (!cf) return missingSlice(snapshot, 'cloudfront', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const d of cf.distributions) {
      if (!d.enabled) continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: d.id,
        resourceArn: d.arn,
        resourceName: d.aliases[0] ?? d.domainName,
      };
      const v = d.httpVersion.toLowerCase();
      const evidence = [
        {
          label: 'Supported HTTP versions',
          value: d.httpVersion,
          threshold: 'http2and3',
          source: 'cloudfront:ListDistributions HttpVersion',
        },
      ];
      if (v === 'http2and3') {
        results.push({
          ...base,
          status: 'pass',
          message: `${d.id} offers HTTP/2 and HTTP/3 (${d.httpVersion}).`,
          evidence,
        });
      } else if (v === 'http2' || v === 'http3') {
        const missing = v === 'http2' ? 'HTTP/3' : 'HTTP/2';
        results.push({
          ...base,
          status: 'fail',
          severity: 'low',
          message: `${d.id} supports ${d.httpVersion} but not ${missing}: enable ${missing} (http2and3).`,
          evidence,
        });
      } else {
        results.push({
          ...base,
          status: 'fail',
          message: `${d.id} supports only ${d.httpVersion}: enable HTTP/2 and HTTP/3 (http2and3).`,
          evidence,
        });
      }
    }
    return results;
  },
});
