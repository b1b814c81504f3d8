import type {
  CloudFrontCacheBehavior,
  CloudFrontDistribution,
  CloudFrontOrigin,
  MetricSummary,
} from '#lib/model/index.js';
import { aSeriesSummary } from './metrics.js';
import { TEST_ACCOUNT_ID } from './snapshot.js';

export const TEST_DISTRIBUTION_ID = 'E1ABCDEF234567';

/** The default behavior: compressed, CachingOptimized policy, to origin `s3-assets`. */
export function aCacheBehavior(overrides: Partial<CloudFrontCacheBehavior> = {}): CloudFrontCacheBehavior {
  return {
    pathPattern: '*',
    compress: true,
    cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    targetOriginId: 's3-assets',
    viewerProtocolPolicy: 'redirect-to-https',
    ...overrides,
  };
}

export function aCloudFrontOrigin(overrides: Partial<CloudFrontOrigin> = {}): CloudFrontOrigin {
  return {
    id: 's3-assets',
    domainName: 'assets-bucket.s3.eu-west-1.amazonaws.com',
    originShieldEnabled: false,
    kind: 's3',
    ...overrides,
  };
}

/** An enabled static-content distribution (S3 origin) with HTTP/2 and HTTP/3 and one compressed behavior. */
export function aDistribution(overrides: Partial<CloudFrontDistribution> = {}): CloudFrontDistribution {
  const id = overrides.id ?? TEST_DISTRIBUTION_ID;
  return {
    id,
    arn: `arn:aws:cloudfront::${TEST_ACCOUNT_ID}:distribution/${id}`,
    domainName: `${id.toLowerCase()}.cloudfront.net`,
    aliases: ['assets.example.com'],
    enabled: true,
    httpVersion: 'http2and3',
    priceClass: 'PriceClass_100',
    isIpv6Enabled: true,
    behaviors: [aCacheBehavior()],
    origins: [aCloudFrontOrigin()],
    staticContent: true,
    additionalMetricsEnabled: true,
    tags: {},
    ...overrides,
  };
}

/** A daily AWS/CloudFront series (dims {DistributionId, Region: 'Global'}), one value per day. */
export function aCloudFrontMetricSummary(
  distributionId: string,
  metricName: string,
  stat: string,
  values: readonly (number | null)[],
): MetricSummary {
  return aSeriesSummary(values, {
    namespace: 'AWS/CloudFront',
    metricName,
    dimensions: { DistributionId: distributionId, Region: 'Global' },
    stat,
    periodSeconds: 86400,
  });
}
