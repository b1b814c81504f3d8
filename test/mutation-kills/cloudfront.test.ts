/**
 * Kills mutants of the CloudFront checks (npm run mutation; docs/testing.md, 2026-12-06): whole results (message
 * and every evidence item) of each outcome, the hit-rate targets and the request minimum on both sides of the
 * exact value, the request-weighted rate, and which behaviors and HTTP versions pass.
 */
import { describe, expect, it } from 'vitest';
import { cloudfrontDistributionCacheHitRateHigh as hitRate } from '#lib/checks/cloudfront/cloudfront-distribution-cache-hit-rate-high.js';
import { cloudfrontDistributionCompressionEnabled as compression } from '#lib/checks/cloudfront/cloudfront-distribution-compression-enabled.js';
import { cloudfrontDistributionHttp2Http3Enabled as http } from '#lib/checks/cloudfront/cloudfront-distribution-http2-http3-enabled.js';
import { CACHING_DISABLED_POLICY_ID } from '#lib/concepts/cache.js';
import type { CloudFrontDistribution, MetricSummary } from '#lib/model/index.js';
import {
  aCacheBehavior,
  aCloudFrontMetricSummary,
  aCloudFrontOrigin,
  aDistribution,
  aSnapshot,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';

const ID = 'E1ABCDEF234567';
const snap = (ds: CloudFrontDistribution[], ...metrics: MetricSummary[]) =>
  withMetrics(aSnapshot({ cloudfront: { distributions: ds } }), ...metrics);
const hit = (values: (number | null)[], id = ID) =>
  aCloudFrontMetricSummary(id, 'CacheHitRate', 'Average', values);
const reqs = (values: (number | null)[], id = ID) => aCloudFrontMetricSummary(id, 'Requests', 'Sum', values);
const api = aCloudFrontOrigin({ id: 'api', kind: 'custom', domainName: 'api.example.com' });
/** A mixed distribution: S3 default behavior and an /api/* behavior to a custom origin. */
const mixed = (o: Partial<CloudFrontDistribution> = {}) =>
  aDistribution({
    origins: [aCloudFrontOrigin(), { ...api, originShieldEnabled: true }],
    behaviors: [aCacheBehavior(), aCacheBehavior({ pathPattern: '/api/*', targetOriginId: 'api' })],
    ...o,
  });
const days = (n: number, v: number) => Array.from({ length: n }, () => v);

describe('cloudfront-distribution-cache-hit-rate-high (mutation kills)', () => {
  const run = (d: CloudFrontDistribution, ...m: MetricSummary[]) => runCheck(hitRate, snap([d], ...m));

  it('unknown without CacheHitRate data: additional metrics off, or on without datapoints', () => {
    expect(run(aDistribution({ additionalMetricsEnabled: false }), reqs(days(14, 100))))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Additional metrics enabled",
              "source": "cloudfront:GetMonitoringSubscription",
              "value": false,
            },
            {
              "label": "CacheHitRate datapoints",
              "metric": "AWS/CloudFront/CacheHitRate",
              "value": 0,
            },
            {
              "label": "Requests",
              "metric": "AWS/CloudFront/Requests",
              "statistic": "Sum",
              "threshold": ">= 1000",
              "unit": "count",
              "value": 1400,
              "window": "14 days, 1-day periods",
            },
          ],
          "message": "E1ABCDEF234567: cache hit rate is not measured (additional metrics are off); enable additional CloudWatch metrics on the distribution to publish CacheHitRate.",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1ABCDEF234567",
          "resourceId": "E1ABCDEF234567",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "unknown",
        },
      ]
    `);
    expect(run(aDistribution({ additionalMetricsEnabled: undefined }), hit(days(14, null as never))))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Additional metrics enabled",
              "source": "cloudfront:GetMonitoringSubscription",
              "value": null,
            },
            {
              "label": "CacheHitRate datapoints",
              "metric": "AWS/CloudFront/CacheHitRate",
              "value": 0,
            },
            {
              "label": "Requests",
              "metric": "AWS/CloudFront/Requests",
              "statistic": "Sum",
              "threshold": ">= 1000",
              "unit": "count",
              "value": 0,
              "window": "14 days, 1-day periods",
            },
          ],
          "message": "E1ABCDEF234567: cache hit rate is not measured (no CacheHitRate datapoints were published); enable additional CloudWatch metrics on the distribution to publish CacheHitRate.",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1ABCDEF234567",
          "resourceId": "E1ABCDEF234567",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "unknown",
        },
      ]
    `);
  });

  it('unknown below the request minimum (1,000), judged at exactly 1,000', () => {
    expect(run(aDistribution(), hit([99, 99]), reqs([500, 499]))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Requests",
              "metric": "AWS/CloudFront/Requests",
              "statistic": "Sum",
              "threshold": ">= 1000",
              "unit": "count",
              "value": 999,
              "window": "14 days, 1-day periods",
            },
          ],
          "message": "E1ABCDEF234567: 999 requests in the window, fewer than the 1,000 needed to judge the hit rate.",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1ABCDEF234567",
          "resourceId": "E1ABCDEF234567",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "unknown",
        },
      ]
    `);
    expect(run(aDistribution(), hit([99, 99]), reqs([500, 500]))[0]?.status).toBe('pass');
  });

  it('unknown when the CacheHitRate series has no usable value', () => {
    const noMean: MetricSummary = { ...hit([90]), mean: undefined, dailyMeans: undefined };
    expect(run(aDistribution(), noMean, reqs(days(14, 100)))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Requests",
              "metric": "AWS/CloudFront/Requests",
              "statistic": "Sum",
              "threshold": ">= 1000",
              "unit": "count",
              "value": 1400,
              "window": "14 days, 1-day periods",
            },
          ],
          "message": "E1ABCDEF234567: the CacheHitRate series has no usable values.",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1ABCDEF234567",
          "resourceId": "E1ABCDEF234567",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "unknown",
        },
      ]
    `);
  });

  it('static content: 95% passes, 94.9% fails; the whole result of both', () => {
    expect(run(aDistribution(), hit(days(14, 95)), reqs(days(14, 100)))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Cache hit rate",
              "metric": "AWS/CloudFront/CacheHitRate",
              "statistic": "daily Average weighted by daily Requests",
              "threshold": ">= 95 (static content)",
              "unit": "Percent",
              "value": 95,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Requests",
              "metric": "AWS/CloudFront/Requests",
              "statistic": "Sum",
              "threshold": ">= 1000",
              "unit": "count",
              "value": 1400,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Static content only (every behavior has an S3 origin)",
              "value": true,
            },
            {
              "label": "Origin Shield",
              "value": false,
            },
          ],
          "message": "E1ABCDEF234567 served 95% of 1,400 requests from cache (target 95% for static content).",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1ABCDEF234567",
          "resourceId": "E1ABCDEF234567",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "pass",
        },
      ]
    `);
    expect(run(aDistribution(), hit(days(14, 94.9)), reqs(days(14, 100)))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Cache hit rate",
              "metric": "AWS/CloudFront/CacheHitRate",
              "statistic": "daily Average weighted by daily Requests",
              "threshold": ">= 95 (static content)",
              "unit": "Percent",
              "value": 94.9,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Requests",
              "metric": "AWS/CloudFront/Requests",
              "statistic": "Sum",
              "threshold": ">= 1000",
              "unit": "count",
              "value": 1400,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Static content only (every behavior has an S3 origin)",
              "value": true,
            },
            {
              "label": "Origin Shield",
              "value": false,
            },
          ],
          "message": "E1ABCDEF234567 served only 94.9% of 1,400 requests from cache, below the 95% target for static content.",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1ABCDEF234567",
          "resourceId": "E1ABCDEF234567",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "fail",
        },
      ]
    `);
  });

  it('mixed content: 80% passes, 79.9% fails, with Origin Shield in the evidence', () => {
    expect(run(mixed(), hit(days(14, 80)), reqs(days(14, 100)))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Cache hit rate",
              "metric": "AWS/CloudFront/CacheHitRate",
              "statistic": "daily Average weighted by daily Requests",
              "threshold": ">= 80 (dynamic or mixed content)",
              "unit": "Percent",
              "value": 80,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Requests",
              "metric": "AWS/CloudFront/Requests",
              "statistic": "Sum",
              "threshold": ">= 1000",
              "unit": "count",
              "value": 1400,
              "window": "14 days, 1-day periods",
            },
            {
              "label": "Static content only (every behavior has an S3 origin)",
              "value": false,
            },
            {
              "label": "Origin Shield",
              "value": true,
            },
          ],
          "message": "E1ABCDEF234567 served 80% of 1,400 requests from cache (target 80% for dynamic or mixed content).",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1ABCDEF234567",
          "resourceId": "E1ABCDEF234567",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "pass",
        },
      ]
    `);
    expect(run(mixed(), hit(days(14, 79.9)), reqs(days(14, 100)))[0]?.status).toBe('fail');
  });

  it('weights daily rates by daily requests when the series line up, else the mean of the daily rates', () => {
    // Day 1: 100% of 9,000; day 2: 0% of 1,000 -> 90% weighted (45% unweighted).
    const weighted = run(mixed(), hit([100, 0]), reqs([9000, 1000]))[0];
    expect(weighted?.evidence[0]).toMatchObject({
      value: 90,
      statistic: 'daily Average weighted by daily Requests',
      window: '14 days, 1-day periods',
    });
    // Days that do not line up: the mean of the daily averages.
    const unweighted = run(mixed(), hit([100, 0]), reqs([9000, 500, 500]))[0];
    expect(unweighted?.evidence[0]).toMatchObject({ value: 50, statistic: 'mean of daily Average' });
    // No requests at all on the weighted days cannot weight; the mean is used (and 0 requests is below the minimum).
    const zero = runCheck(hitRate, snap([mixed()], hit([100, 0]), reqs([0, 0])), { minRequests: 0 })[0];
    expect(zero?.evidence[0]).toMatchObject({ value: 50, statistic: 'mean of daily Average' });
    // A hole in the request counts makes the total unusable: the mean of the daily averages.
    const sparse: MetricSummary = { ...reqs([9000, 1000]), dailyMeans: [9000, undefined as never] };
    expect(run(mixed(), hit([100, 0]), sparse)[0]?.evidence[0]).toMatchObject({
      value: 50,
      statistic: 'mean of daily Average',
    });
  });

  it('leaves out a distribution with only CachingDisabled behaviors, and names by alias, else domain', () => {
    const off = aDistribution({ behaviors: [aCacheBehavior({ cachePolicyId: CACHING_DISABLED_POLICY_ID })] });
    expect(run(off, hit(days(14, 10)), reqs(days(14, 100)))).toEqual([]);
    const noAlias = run(aDistribution({ aliases: [] }), hit(days(14, 99)), reqs(days(14, 100)))[0];
    expect(noAlias?.resourceName).toBe('e1abcdef234567.cloudfront.net');
  });
});

describe('cloudfront-distribution-compression-enabled (mutation kills)', () => {
  it('names the behaviors without compression, the default one as "default (*)"; skips disabled ones', () => {
    const ds = [
      aDistribution({ id: 'ON', behaviors: [aCacheBehavior(), aCacheBehavior({ pathPattern: '/a/*' })] }),
      aDistribution({
        id: 'OFF',
        aliases: [],
        behaviors: [
          aCacheBehavior({ compress: false }),
          aCacheBehavior({ pathPattern: '/a/*' }),
          aCacheBehavior({ pathPattern: '/b/*', compress: false }),
        ],
      }),
      aDistribution({ id: 'DISABLED', enabled: false, behaviors: [aCacheBehavior({ compress: false })] }),
    ];
    expect(runCheck(compression, snap(ds))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Cache behaviors",
              "source": "cloudfront:ListDistributions CacheBehaviors",
              "unit": "count",
              "value": 2,
            },
            {
              "label": "Behaviors without compression",
              "threshold": "none",
              "value": "none",
            },
          ],
          "message": "ON compresses on all 2 cache behaviors.",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/ON",
          "resourceId": "ON",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Cache behaviors",
              "source": "cloudfront:ListDistributions CacheBehaviors",
              "unit": "count",
              "value": 3,
            },
            {
              "label": "Behaviors without compression",
              "threshold": "none",
              "value": "default (*), /b/*",
            },
          ],
          "message": "OFF does not compress on 2 of 3 cache behaviors: default (*), /b/*.",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/OFF",
          "resourceId": "OFF",
          "resourceName": "off.cloudfront.net",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "fail",
        },
      ]
    `);
  });
});

describe('cloudfront-distribution-http2-http3-enabled (mutation kills)', () => {
  it('http2and3 and http2 pass, http3 alone is a low-severity failure, http1.1 fails; disabled skipped', () => {
    const ds = ['HTTP2and3', 'http2', 'http3', 'http1.1'].map((v, n) =>
      aDistribution({ id: `D${n}`, httpVersion: v }),
    );
    ds.push(aDistribution({ id: 'OFF', enabled: false, httpVersion: 'http1.1' }));
    expect(runCheck(http, snap(ds))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Supported HTTP versions",
              "source": "cloudfront:ListDistributions HttpVersion",
              "threshold": "http2 or http2and3 (http2 is the default)",
              "value": "HTTP2and3",
            },
          ],
          "message": "D0 offers HTTP/2 and HTTP/3 (HTTP2and3).",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/D0",
          "resourceId": "D0",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Supported HTTP versions",
              "source": "cloudfront:ListDistributions HttpVersion",
              "threshold": "http2 or http2and3 (http2 is the default)",
              "value": "http2",
            },
          ],
          "message": "D1 offers HTTP/2 (http2, CloudFront's default); enabling HTTP/3 as well (http2and3) can speed up connection setup on lossy networks.",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/D1",
          "resourceId": "D1",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Supported HTTP versions",
              "source": "cloudfront:ListDistributions HttpVersion",
              "threshold": "http2 or http2and3 (http2 is the default)",
              "value": "http3",
            },
          ],
          "message": "D2 supports http3 but not HTTP/2: viewers without HTTP/3 fall back to HTTP/1.1; enable HTTP/2 as well (http2and3).",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/D2",
          "resourceId": "D2",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "severity": "low",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Supported HTTP versions",
              "source": "cloudfront:ListDistributions HttpVersion",
              "threshold": "http2 or http2and3 (http2 is the default)",
              "value": "http1.1",
            },
          ],
          "message": "D3 supports only http1.1: enable HTTP/2 and HTTP/3 (http2and3).",
          "resourceArn": "arn:aws:cloudfront::123456789012:distribution/D3",
          "resourceId": "D3",
          "resourceName": "assets.example.com",
          "resourceType": "AWS::CloudFront::Distribution",
          "status": "fail",
        },
      ]
    `);
  });
});

describe('cloudfront-distribution-cache-hit-rate-high (more mutation kills)', () => {
  it('without a Requests series (and no request minimum) the hit rate is the mean of the daily averages', () => {
    const r = runCheck(hitRate, snap([aDistribution()], hit([100, 90])), { minRequests: 0 })[0];
    expect([r?.status, r?.evidence[0]?.value, r?.evidence[0]?.statistic]).toEqual([
      'pass',
      95,
      'mean of daily Average',
    ]);
  });
});
