/**
 * CloudFront collector (global: runs once per account, in the account's global unit, with a us-east-1
 * client). Everything comes from ListDistributions' summaries, 100 per page: cache behaviors (compression,
 * cache policy vs legacy ForwardedValues), origins (S3 vs custom, Origin Shield), HTTP version, aliases,
 * price class, IPv6. No call is made per distribution:
 * - tags would need ListTagsForResource per distribution: not collected, `tags` stays {};
 * - "additional metrics" would need GetMonitoringSubscription per distribution: instead the `CacheHitRate`
 *   series is requested for every distribution through the metric batcher. It exists only when additional
 *   metrics are enabled, so no datapoints means "not enabled (or no traffic)"; `additionalMetricsEnabled`
 *   stays undefined and the facts infer it from the datapoints.
 * CloudFront metrics live in us-east-1 (dimension Region=Global): they are queued only when the global unit
 * is us-east-1 (the engine makes it so whenever us-east-1 is scanned); otherwise a gap says how to get them.
 */
import { hasStaticOrigin } from '#lib/concepts/static-content.js';
import {
  CloudFrontClient,
  paginateListDistributions,
  type CacheBehavior,
  type DefaultCacheBehavior,
  type DistributionSummary,
  type Origin,
} from '@aws-sdk/client-cloudfront';
import type { CloudFrontCacheBehavior, CloudFrontDistribution, CloudFrontOrigin } from '#lib/model/index.js';
import { guard } from './errors.js';
import type { Collector, MetricRequest } from './types.js';

/** ListDistributions MaxItems maximum (reference.md). */
export const CLOUDFRONT_PAGE_SIZE = 100;
/** CloudFront's control plane and its CloudWatch metrics are in us-east-1. */
export const CLOUDFRONT_REGION = 'us-east-1';

/** Series per distribution (dims {DistributionId, Region: 'Global'}), daily over the window. */
export const CLOUDFRONT_METRICS: readonly Omit<MetricRequest, 'dimensions' | 'namespace'>[] = [
  { metricName: 'CacheHitRate', stat: 'Average', periodSeconds: 86_400 },
  { metricName: 'Requests', stat: 'Sum', periodSeconds: 86_400 },
];

/** S3 REST, regional, legacy dash-region, website and access-point endpoints all look like `*.s3[-.]...amazonaws.com`. */
const S3_DOMAIN = /\.s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i;

export function isS3Origin(o: Pick<Origin, 'DomainName' | 'S3OriginConfig'>): boolean {
  return o.S3OriginConfig !== undefined || S3_DOMAIN.test(o.DomainName ?? '');
}

function normalizeBehavior(
  b: DefaultCacheBehavior | CacheBehavior,
  pathPattern: string,
): CloudFrontCacheBehavior {
  // An empty CachePolicyId in a summary means "none" (legacy ForwardedValues settings apply).
  const cachePolicyId = b.CachePolicyId ? b.CachePolicyId : undefined;
  const legacy = cachePolicyId === undefined && b.ForwardedValues !== undefined;
  return {
    pathPattern,
    compress: b.Compress ?? false,
    ...(cachePolicyId ? { cachePolicyId } : {}),
    legacyCacheSettings: legacy,
    ...(legacy && b.MinTTL !== undefined ? { minTtl: b.MinTTL } : {}),
    ...(legacy && b.DefaultTTL !== undefined ? { defaultTtl: b.DefaultTTL } : {}),
    targetOriginId: b.TargetOriginId ?? '',
    ...(b.ViewerProtocolPolicy ? { viewerProtocolPolicy: b.ViewerProtocolPolicy } : {}),
  };
}

function normalizeOrigin(o: Origin): CloudFrontOrigin {
  return {
    id: o.Id ?? '',
    domainName: o.DomainName ?? '',
    originShieldEnabled: o.OriginShield?.Enabled ?? false,
    ...(o.OriginShield?.Enabled && o.OriginShield.OriginShieldRegion
      ? { originShieldRegion: o.OriginShield.OriginShieldRegion }
      : {}),
    kind: isS3Origin(o) ? 's3' : 'custom',
  };
}

export function normalizeDistribution(d: DistributionSummary): CloudFrontDistribution | undefined {
  if (!d.Id || !d.ARN) return undefined;
  const behaviors: CloudFrontCacheBehavior[] = [];
  if (d.DefaultCacheBehavior) behaviors.push(normalizeBehavior(d.DefaultCacheBehavior, '*'));
  for (const b of d.CacheBehaviors?.Items ?? []) behaviors.push(normalizeBehavior(b, b.PathPattern ?? ''));
  const origins = (d.Origins?.Items ?? []).map(normalizeOrigin);
  return {
    id: d.Id,
    arn: d.ARN,
    domainName: d.DomainName ?? '',
    aliases: [...(d.Aliases?.Items ?? [])],
    enabled: d.Enabled ?? false,
    httpVersion: d.HttpVersion ?? 'http1.1',
    ...(d.PriceClass ? { priceClass: d.PriceClass } : {}),
    ...(d.IsIPV6Enabled !== undefined ? { isIpv6Enabled: d.IsIPV6Enabled } : {}),
    behaviors,
    origins,
    // Static content through any behavior with an S3 origin (e.g. `/static/*`), not only the default one.
    staticContent: hasStaticOrigin({ origins, behaviors }),
    // Not knowable from the list; inferred later from CacheHitRate datapoints (see the header).
    additionalMetricsEnabled: undefined,
    // ListTagsForResource is per distribution: tags are not collected.
    tags: {},
  };
}

export const cloudfrontCollector: Collector = {
  service: 'cloudfront',
  global: true,
  iamActions: ['cloudfront:ListDistributions'],
  async collect(ctx) {
    const client = ctx.clients.get(CloudFrontClient, CLOUDFRONT_REGION);
    const distributions: CloudFrontDistribution[] = [];
    await guard(
      ctx,
      { service: 'cloudfront', slice: 'cloudfront.distributions', action: 'cloudfront:ListDistributions' },
      async () => {
        for await (const page of paginateListDistributions({ client, pageSize: CLOUDFRONT_PAGE_SIZE }, {})) {
          for (const d of page.DistributionList?.Items ?? []) {
            const n = normalizeDistribution(d);
            if (n) distributions.push(n);
          }
        }
      },
    );

    if (distributions.length > 0) {
      if (ctx.region === CLOUDFRONT_REGION) {
        for (const d of distributions) {
          for (const m of CLOUDFRONT_METRICS) {
            ctx.metrics.request({
              namespace: 'AWS/CloudFront',
              dimensions: { DistributionId: d.id, Region: 'Global' },
              ...m,
            });
          }
        }
      } else {
        ctx.gap({
          service: 'cloudfront',
          slice: 'cloudfront.metrics',
          code: 'NotSupported',
          action: 'cloudwatch:GetMetricData',
          message: `CloudFront metrics are published in ${CLOUDFRONT_REGION} only; this account's global unit is ${ctx.region}, so cache hit rates were not read.`,
          hint: `include ${CLOUDFRONT_REGION} in the scanned regions (it then becomes the global unit)`,
        });
      }
    }
    return { cloudfront: { distributions } };
  },
};
