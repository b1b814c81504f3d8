import { onlyStaticOrigins } from '#lib/concepts/static-content.js';
import type { CloudFrontDistribution, MetricSummary, Snapshot } from '#lib/model/index.js';
import { isCacheDistribution } from '#lib/concepts/cache.js';
import { defineCheck, type CheckResult } from '../types.js';
import { findMetric, fmt, fmtBeside, isNum, missingSlice, roundBeside, windowLabel } from '../support.js';

const NEEDS = ['cloudfront.distributions', 'metrics'];
const RESOURCE_TYPE = 'AWS::CloudFront::Distribution';
const NS = 'AWS/CloudFront';
const DAY = 86400;
const ADDITIONAL_METRICS_DOC =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html#monitoring-console.distributions-additional';

const series = (
  s: Snapshot,
  d: CloudFrontDistribution,
  metricName: string,
  stat: string,
): MetricSummary | undefined =>
  findMetric(s, {
    namespace: NS,
    metricName,
    dimensions: { DistributionId: d.id, Region: 'Global' },
    stat,
    periodSeconds: DAY,
  });

/**
 * Request-weighted hit rate when the daily series line up (same number of days), else the mean of the daily
 * CacheHitRate averages. Weighting keeps a quiet day from moving the result as much as a busy one.
 */
function hitRate(
  hit: MetricSummary,
  req: MetricSummary | undefined,
): { value: number; statistic: string } | undefined {
  const rates = hit.dailyMeans;
  const counts = req?.dailyMeans;
  if (rates && counts && rates.length > 0 && rates.length === counts.length) {
    const total = counts.reduce((a, b) => a + b, 0);
    if (total > 0) {
      const weighted = rates.reduce((acc, r, i) => acc + r * (counts[i] ?? 0), 0) / total;
      return { value: weighted, statistic: 'daily Average weighted by daily Requests' };
    }
  }
  return isNum(hit.mean) ? { value: hit.mean, statistic: 'mean of daily Average' } : undefined;
}

type T = 'minHitRatePercent' | 'minStaticHitRatePercent' | 'minRequests';

export const cloudfrontDistributionCacheHitRateHigh = defineCheck<T>({
  id: 'cloudfront-distribution-cache-hit-rate-high',
  title: 'CloudFront distributions serve at least 80% of requests from cache (95% for static content)',
  service: 'cloudfront',
  control: 'WAF-PERF-030',
  severity: 'medium',
  rationale:
    'Every cache miss goes to the origin: higher latency for the viewer and more origin load. WAF-PERF-030 L4 ' +
    'enforces a hit rate of at least 80%, and checklist item L4-7 asks 95% for static content. The rate can only be ' +
    'measured when the distribution publishes CacheHitRate (additional metrics). A distribution whose behaviors all ' +
    'use the managed CachingDisabled policy is not a cache and is not judged.',
  remediation: {
    change: 'cache-policy',
    text:
      'Remove unneeded headers, cookies and query strings from the cache key (cache policy), raise TTLs for ' +
      'versioned assets, and enable Origin Shield for multi-Region audiences. Enable additional metrics to measure it.',
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cache-hit-ratio.html',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-shield.html',
      ADDITIONAL_METRICS_DOC,
    ],
    impact:
      'Each point of hit rate gained removes that share of requests from the origin and their origin latency.',
  },
  needs: NEEDS,
  global: true,
  thresholds: {
    minHitRatePercent: {
      default: 80,
      unit: 'Percent',
      description: 'Lowest acceptable cache hit rate for dynamic or mixed distributions.',
      source: 'Maturity model WAF-PERF-030 L4 (cache hit >= 80% enforced)',
      min: 0,
      max: 100,
    },
    minStaticHitRatePercent: {
      default: 95,
      unit: 'Percent',
      description:
        'Lowest acceptable cache hit rate for static-content distributions (every behavior has an S3 origin).',
      source: 'Maturity model checklist item L4-7 (CDN cache hit rate >= 95% for static content)',
      min: 0,
      max: 100,
    },
    minRequests: {
      default: 1000,
      unit: 'count',
      description: 'Requests in the window needed before the hit rate is judged; fewer gives unknown.',
      source: 'perfscan: below this a handful of misses decides the rate',
      min: 0,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const cf = snapshot.cloudfront;
    if (!cf) return missingSlice(snapshot, 'cloudfront', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const d of cf.distributions) {
      // Every behavior on the managed CachingDisabled policy: not a cache, nothing to hit (lib/concepts/cache.ts).
      if (!isCacheDistribution(d)) continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: d.id,
        resourceArn: d.arn,
        resourceName: d.aliases[0] ?? d.domainName,
      };
      const hit = series(snapshot, d, 'CacheHitRate', 'Average');
      const req = series(snapshot, d, 'Requests', 'Sum');
      const requests = req?.sum ?? 0;
      const reqEvidence = {
        label: 'Requests',
        value: requests,
        unit: 'count',
        metric: `${NS}/Requests`,
        statistic: 'Sum',
        window: windowLabel(req?.windowDays ?? snapshot.window.days, DAY),
        threshold: `>= ${t.minRequests}`,
      };
      if (!hit || hit.datapoints === 0) {
        const off =
          d.additionalMetricsEnabled === false
            ? 'additional metrics are off'
            : 'no CacheHitRate datapoints were published';
        results.push({
          ...base,
          status: 'unknown',
          message: `${d.id}: cache hit rate is not measured (${off}); enable additional CloudWatch metrics on the distribution to publish CacheHitRate.`,
          evidence: [
            {
              label: 'Additional metrics enabled',
              value: d.additionalMetricsEnabled ?? null,
              source: 'cloudfront:GetMonitoringSubscription',
            },
            { label: 'CacheHitRate datapoints', value: hit?.datapoints ?? 0, metric: `${NS}/CacheHitRate` },
            reqEvidence,
          ],
        });
        continue;
      }
      if (requests < t.minRequests) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${d.id}: ${fmt(requests, 0)} requests in the window, fewer than the ${fmt(t.minRequests, 0)} needed to judge the hit rate.`,
          evidence: [reqEvidence],
        });
        continue;
      }
      const rate = hitRate(hit, req);
      if (!rate) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${d.id}: the CacheHitRate series has no usable values.`,
          evidence: [reqEvidence],
        });
        continue;
      }
      // Only a distribution whose every behavior serves S3 is held to the static target (mixed traffic is not).
      const allStatic = onlyStaticOrigins(d);
      const target = allStatic ? t.minStaticHitRatePercent : t.minHitRatePercent;
      const kind = allStatic ? 'static content' : 'dynamic or mixed content';
      const evidence = [
        {
          label: 'Cache hit rate',
          value: roundBeside(rate.value, target, 1),
          unit: 'Percent',
          metric: `${NS}/CacheHitRate`,
          statistic: rate.statistic,
          window: windowLabel(hit.windowDays, DAY),
          threshold: `>= ${target} (${kind})`,
        },
        reqEvidence,
        { label: 'Static content only (every behavior has an S3 origin)', value: allStatic },
        { label: 'Origin Shield', value: d.origins.some((o) => o.originShieldEnabled) },
      ];
      results.push(
        rate.value >= target
          ? {
              ...base,
              status: 'pass',
              message: `${d.id} served ${fmtBeside(rate.value, target)}% of ${fmt(requests, 0)} requests from cache (target ${target}% for ${kind}).`,
              evidence,
            }
          : {
              ...base,
              status: 'fail',
              message: `${d.id} served only ${fmtBeside(rate.value, target)}% of ${fmt(requests, 0)} requests from cache, below the ${target}% target for ${kind}.`,
              evidence,
            },
      );
    }
    return results;
  },
});
