import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['cloudfront.distributions'];
const RESOURCE_TYPE = 'AWS::CloudFront::Distribution';

/**
 * HTTP/2 for viewers. CloudFront's default is HTTP/2 ("Supported HTTP versions": HTTP/2 is the default, viewers
 * without it fall back to HTTP/1.1), so `http2` passes; HTTP/3 is an optional further gain, named in the pass
 * message. HTTP/1.1 only fails (medium); HTTP/3 only fails at low severity (viewers without HTTP/3 fall back to
 * HTTP/1.1, not HTTP/2).
 */
export const cloudfrontDistributionHttp2Http3Enabled = defineCheck({
  id: 'cloudfront-distribution-http2-http3-enabled',
  title: 'CloudFront distributions offer HTTP/2 (and optionally HTTP/3) to viewers',
  service: 'cloudfront',
  control: 'WAF-PERF-070',
  severity: 'medium',
  rationale:
    'HTTP/2 multiplexes requests over one connection; HTTP/3 (QUIC) adds faster connection setup and resilience on ' +
    'lossy mobile networks. Viewers that do not support them fall back automatically, so there is no downside. ' +
    "HTTP/2 is CloudFront's default and meets the bar; HTTP/3 is recommended in the pass message, not required " +
    '(CloudFront Developer Guide, "Supported HTTP versions").',
  remediation: {
    change: 'http-version',
    text: 'Set the distribution\'s supported HTTP versions to "HTTP/2 and HTTP/3" (HttpVersion http2and3).',
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesGeneral.html#DownloadDistValuesSupportedHTTPVersions',
      'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html',
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
          threshold: 'http2 or http2and3 (http2 is the default)',
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
      } else if (v === 'http2') {
        results.push({
          ...base,
          status: 'pass',
          message: `${d.id} offers HTTP/2 (${d.httpVersion}, CloudFront's default); enabling HTTP/3 as well (http2and3) can speed up connection setup on lossy networks.`,
          evidence,
        });
      } else if (v === 'http3') {
        results.push({
          ...base,
          status: 'fail',
          severity: 'low',
          message: `${d.id} supports ${d.httpVersion} but not HTTP/2: viewers without HTTP/3 fall back to HTTP/1.1; enable HTTP/2 as well (http2and3).`,
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
