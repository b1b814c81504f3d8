import { describe, expect, it } from 'vitest';
import { cloudfrontDistributionCacheHitRateHigh as check } from '#lib/checks/cloudfront/cloudfront-distribution-cache-hit-rate-high.js';
import {
  aCacheBehavior,
  aCloudFrontOrigin,
  aCloudFrontMetricSummary,
  aDistribution,
  aGapOn,
  aSnapshot,
  daily,
  runCheck,
  TEST_DISTRIBUTION_ID as ID,
  withGaps,
  withMetrics,
} from '#test/builders/index.js';
import type { CloudFrontDistribution, MetricSummary } from '#lib/model/index.js';
import { CACHING_DISABLED_POLICY_ID } from '#lib/concepts/cache.js';

const hitRate = (fn: (d: number) => number | null) =>
  aCloudFrontMetricSummary(ID, 'CacheHitRate', 'Average', daily(14, fn));
const requests = (fn: (d: number) => number | null) =>
  aCloudFrontMetricSummary(ID, 'Requests', 'Sum', daily(14, fn));

function evaluate(
  dist: Partial<CloudFrontDistribution>,
  summaries: MetricSummary[],
  thresholds: Record<string, number> = {},
) {
  const snapshot = withMetrics(
    aSnapshot({ cloudfront: { distributions: [aDistribution(dist)] } }),
    ...summaries,
  );
  return runCheck(check, snapshot, thresholds)[0];
}

describe('cloudfront-distribution-cache-hit-rate-high', () => {
  it('passes static content at 97% and fails it at 90% (95% target)', () => {
    expect(evaluate({}, [hitRate(() => 97), requests(() => 10000)])?.status).toBe('pass');
    const r = evaluate({}, [hitRate(() => 90), requests(() => 10000)]);
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'E1ABCDEF234567 served only 90% of 140,000 requests from cache, below the 95% target for static content.',
    );
  });

  it('does not judge a distribution whose behaviors all use the managed CachingDisabled policy (not a cache)', () => {
    const disabled = aCacheBehavior({ cachePolicyId: CACHING_DISABLED_POLICY_ID });
    const api = { staticContent: false, behaviors: [disabled] };
    expect(evaluate(api, [hitRate(() => 2), requests(() => 10000)])).toBeUndefined();
    // One caching behavior makes it a cache again, judged on its hit rate.
    const mixed = {
      staticContent: false,
      behaviors: [disabled, aCacheBehavior({ pathPattern: '/static/*' })],
    };
    expect(evaluate(mixed, [hitRate(() => 2), requests(() => 10000)])?.status).toBe('fail');
  });

  it('uses the 80% target for dynamic content', () => {
    const alb = [aCloudFrontOrigin({ kind: 'custom' })];
    const r = evaluate({ staticContent: false, origins: alb }, [hitRate(() => 90), requests(() => 10000)]);
    expect(r?.status).toBe('pass');
    expect(r?.evidence[0]).toMatchObject({
      label: 'Cache hit rate',
      value: 90,
      threshold: '>= 80 (dynamic or mixed content)',
    });
  });

  it('holds a mixed distribution (S3 /static/*, ALB default) to 80%, an all-S3 one to 95%', () => {
    const origins = [aCloudFrontOrigin(), aCloudFrontOrigin({ id: 'alb', kind: 'custom' })];
    const mixed = {
      staticContent: true,
      origins,
      behaviors: [
        aCacheBehavior({ pathPattern: '*', targetOriginId: 'alb' }),
        aCacheBehavior({ pathPattern: '/static/*', targetOriginId: 's3-assets' }),
      ],
    };
    const metrics = () => [hitRate(() => 90), requests(() => 10000)];
    expect(evaluate(mixed, metrics())?.status).toBe('pass');
    const allS3 = { ...mixed, behaviors: [aCacheBehavior({ targetOriginId: 's3-assets' })] };
    expect(evaluate(allS3, metrics())?.status).toBe('fail');
  });

  it('weights daily hit rates by daily requests', () => {
    // One busy day at 50% and 13 quiet days at 99%: the plain mean (95.5%) would pass, the weighted rate does not.
    const r = evaluate({}, [hitRate((d) => (d === 0 ? 50 : 99)), requests((d) => (d === 0 ? 100000 : 1000))]);
    expect(r?.status).toBe('fail');
    expect(r?.evidence[0]).toMatchObject({ statistic: 'daily Average weighted by daily Requests' });
  });

  it('honours a lower static target', () => {
    expect(
      evaluate({}, [hitRate(() => 90), requests(() => 10000)], { minStaticHitRatePercent: 85 })?.status,
    ).toBe('pass');
  });

  it('is unknown with the enable-additional-metrics hint when CacheHitRate has no data', () => {
    const r = evaluate({ additionalMetricsEnabled: false }, [requests(() => 10000)]);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toBe(
      'E1ABCDEF234567: cache hit rate is not measured (additional metrics are off); enable additional CloudWatch metrics on the distribution to publish CacheHitRate.',
    );
    const empty = evaluate({}, [hitRate(() => null), requests(() => 10000)]);
    expect(empty?.status).toBe('unknown');
    expect(empty?.message).toContain('no CacheHitRate datapoints were published');
  });

  it('is unknown with too few requests, and under a metrics gap', () => {
    expect(evaluate({}, [hitRate(() => 99), requests(() => 10)])?.status).toBe('unknown');
    const gapped = withGaps(
      withMetrics(
        aSnapshot({ cloudfront: { distributions: [aDistribution()] } }),
        hitRate(() => 99),
        requests(() => 10000),
      ),
      aGapOn('metrics'),
    );
    expect(runCheck(check, gapped)[0]?.status).toBe('unknown');
  });
});
