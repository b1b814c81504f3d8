/**
 * Simulated Amazon CloudFront (a global service: only a us-east-1 client is answered, as perfscan always
 * calls it) and its AWS/CloudFront metrics, which CloudWatch publishes in us-east-1 with Region=Global.
 *
 * The account holds deliberate good and bad distributions:
 * - `static-site`: S3 origin with Origin Shield, compression on, HTTP/2 and HTTP/3, cache hit rate ~97% (good);
 * - `media-static`: S3 origin, compression off (bad), HTTP/2 only, cache hit rate ~60% (bad for static content);
 * - `api-edge`: ALB origin, HTTP/1.1 only (bad), legacy ForwardedValues, no additional metrics (no CacheHitRate data);
 * - `web-app`: S3 website endpoint (custom origin), compression on, HTTP/2, hit rate ~88%;
 * - `www`: ALB default behavior plus an `/static/*` S3 behavior without compression, HTTP/2 and HTTP/3, hit rate ~85%;
 * - `legacy-downloads`: disabled, HTTP/1.1, no traffic.
 * `account.options.scale` > 1 adds filler distributions (static S3 sites with varied settings).
 */
import type {
  CacheBehavior,
  DefaultCacheBehavior,
  DistributionSummary,
  HttpVersion,
  ListDistributionsResult,
  Origin,
} from '@aws-sdk/client-cloudfront';
import { awsError, type SimAccount, type SimRng, type SimServiceModule } from './core.js';
import { perPeriod, shapedSeries } from './patterns.js';

/** Managed cache policies (ids are fixed across accounts). */
export const MANAGED_CACHE_POLICIES = {
  CachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  CachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
} as const;

export interface CloudFrontSimTraffic {
  /** Requests per hour. 0 = no traffic. */
  requestsPerHour: number;
  /** Cache hit rate in %; undefined when additional metrics are not enabled (no CacheHitRate series). */
  cacheHitRate?: number;
}

export interface CloudFrontSimState {
  distributions: DistributionSummary[];
  traffic: Record<string, CloudFrontSimTraffic>;
}

interface DistSpec {
  name: string;
  enabled?: boolean;
  httpVersion: HttpVersion;
  ipv6?: boolean;
  priceClass?: DistributionSummary['PriceClass'];
  aliases?: string[];
  origins: Origin[];
  defaultBehavior: Partial<DefaultCacheBehavior> & { TargetOriginId: string };
  behaviors?: (Partial<CacheBehavior> & { PathPattern: string; TargetOriginId: string })[];
  traffic: CloudFrontSimTraffic;
}

const s3Origin = (id: string, bucket: string, shield?: string): Origin => ({
  Id: id,
  DomainName: `${bucket}.s3.amazonaws.com`,
  OriginPath: '',
  CustomHeaders: { Quantity: 0, Items: [] },
  S3OriginConfig: { OriginAccessIdentity: '' },
  ConnectionAttempts: 3,
  ConnectionTimeout: 10,
  OriginShield: shield ? { Enabled: true, OriginShieldRegion: shield } : { Enabled: false },
  OriginAccessControlId: 'E2OACSIMULATED',
});

const customOrigin = (id: string, domain: string, shield?: string): Origin => ({
  Id: id,
  DomainName: domain,
  OriginPath: '',
  CustomHeaders: { Quantity: 0, Items: [] },
  CustomOriginConfig: {
    HTTPPort: 80,
    HTTPSPort: 443,
    OriginProtocolPolicy: domain.includes('s3-website') ? 'http-only' : 'https-only',
    OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
    OriginReadTimeout: 30,
    OriginKeepaliveTimeout: 5,
  },
  ConnectionAttempts: 3,
  ConnectionTimeout: 10,
  OriginShield: shield ? { Enabled: true, OriginShieldRegion: shield } : { Enabled: false },
  OriginAccessControlId: '',
});

/** Legacy cache settings (ForwardedValues + TTLs) instead of a cache policy. */
const legacyCache = {
  ForwardedValues: {
    QueryString: true,
    Cookies: { Forward: 'all' as const },
    Headers: { Quantity: 1, Items: ['Authorization'] },
    QueryStringCacheKeys: { Quantity: 0, Items: [] },
  },
  MinTTL: 0,
  DefaultTTL: 0,
  MaxTTL: 31536000,
};

function behaviorCommon(b: Partial<DefaultCacheBehavior>): Omit<DefaultCacheBehavior, 'TargetOriginId'> {
  return {
    TrustedSigners: { Enabled: false, Quantity: 0, Items: [] },
    TrustedKeyGroups: { Enabled: false, Quantity: 0, Items: [] },
    ViewerProtocolPolicy: 'redirect-to-https',
    AllowedMethods: {
      Quantity: 2,
      Items: ['HEAD', 'GET'],
      CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] },
    },
    SmoothStreaming: false,
    Compress: true,
    LambdaFunctionAssociations: { Quantity: 0, Items: [] },
    FunctionAssociations: { Quantity: 0, Items: [] },
    FieldLevelEncryptionId: '',
    ...(b.ForwardedValues ? {} : { CachePolicyId: MANAGED_CACHE_POLICIES.CachingOptimized }),
    ...b,
  };
}

function demoSpecs(): DistSpec[] {
  return [
    {
      name: 'static-site',
      httpVersion: 'http2and3',
      ipv6: true,
      priceClass: 'PriceClass_100',
      aliases: ['www.example-shop.com'],
      origins: [s3Origin('s3-static-site', 'example-shop-static-site', 'eu-west-1')],
      defaultBehavior: { TargetOriginId: 's3-static-site', Compress: true },
      traffic: { requestsPerHour: 180_000, cacheHitRate: 97 },
    },
    {
      name: 'media-static',
      httpVersion: 'http2',
      ipv6: true,
      priceClass: 'PriceClass_All',
      aliases: ['media.example-shop.com'],
      origins: [s3Origin('s3-media', 'example-shop-media')],
      defaultBehavior: { TargetOriginId: 's3-media', Compress: false },
      traffic: { requestsPerHour: 95_000, cacheHitRate: 60 },
    },
    {
      name: 'api-edge',
      httpVersion: 'http1.1',
      ipv6: false,
      priceClass: 'PriceClass_All',
      aliases: ['api.example-shop.com'],
      origins: [customOrigin('alb-api', 'api-prod-1234567890.eu-west-1.elb.amazonaws.com')],
      defaultBehavior: {
        TargetOriginId: 'alb-api',
        Compress: true,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: {
          Quantity: 7,
          Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] },
        },
        ...legacyCache,
      },
      traffic: { requestsPerHour: 240_000 },
    },
    {
      name: 'web-app',
      httpVersion: 'http2',
      ipv6: true,
      priceClass: 'PriceClass_200',
      aliases: ['app.example-shop.com'],
      origins: [customOrigin('s3-website', 'example-shop-app.s3-website-eu-west-1.amazonaws.com')],
      defaultBehavior: { TargetOriginId: 's3-website', Compress: true },
      traffic: { requestsPerHour: 60_000, cacheHitRate: 88 },
    },
    {
      name: 'www',
      httpVersion: 'http2and3',
      ipv6: true,
      priceClass: 'PriceClass_All',
      aliases: ['example-shop.com'],
      origins: [
        customOrigin('alb-web', 'web-prod-987654321.eu-west-1.elb.amazonaws.com', 'eu-west-1'),
        s3Origin('s3-assets', 'example-shop-assets'),
      ],
      defaultBehavior: {
        TargetOriginId: 'alb-web',
        Compress: true,
        CachePolicyId: MANAGED_CACHE_POLICIES.CachingDisabled,
      },
      behaviors: [{ PathPattern: '/static/*', TargetOriginId: 's3-assets', Compress: false }],
      traffic: { requestsPerHour: 150_000, cacheHitRate: 85 },
    },
    {
      name: 'legacy-downloads',
      enabled: false,
      httpVersion: 'http1.1',
      ipv6: false,
      priceClass: 'PriceClass_All',
      origins: [s3Origin('s3-downloads', 'example-shop-downloads')],
      defaultBehavior: { TargetOriginId: 's3-downloads', Compress: false },
      traffic: { requestsPerHour: 0 },
    },
  ];
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const distId = (rng: SimRng) => 'E' + Array.from({ length: 13 }, () => ID_CHARS[rng.int(0, 35)]).join('');

function build(account: SimAccount, rng: SimRng): CloudFrontSimState {
  const specs = demoSpecs();
  // CloudFront is global: the mix's total is the account's, whatever the region weights.
  const mixed = account.options.mix?.totals.cloudfrontDistributions;
  const extra =
    mixed !== undefined
      ? Math.max(0, Math.floor(mixed) - specs.length)
      : Math.max(0, Math.round(specs.length * (account.options.scale - 1)));
  for (let i = 0; i < extra; i++) {
    const name = `site-${String(i + 1).padStart(4, '0')}`;
    specs.push({
      name,
      httpVersion: rng.pick(['http2', 'http2and3', 'http1.1'] as const),
      ipv6: rng.chance(0.7),
      priceClass: 'PriceClass_100',
      aliases: [`${name}.example-shop.com`],
      origins: [s3Origin(`s3-${name}`, `example-shop-${name}`)],
      defaultBehavior: { TargetOriginId: `s3-${name}`, Compress: rng.chance(0.7) },
      traffic: {
        requestsPerHour: rng.int(1_000, 50_000),
        ...(rng.chance(0.6) ? { cacheHitRate: rng.int(70, 99) } : {}),
      },
    });
  }
  const now = account.options.now.getTime();
  const st: CloudFrontSimState = { distributions: [], traffic: {} };
  for (const s of specs) {
    const id = distId(rng);
    const behaviors = (s.behaviors ?? []).map((b): CacheBehavior => ({
      ...behaviorCommon(b),
      PathPattern: b.PathPattern,
      TargetOriginId: b.TargetOriginId,
    }));
    st.distributions.push({
      Id: id,
      ARN: `arn:aws:cloudfront::${account.accountId}:distribution/${id}`,
      ETag: `E${id.slice(1, 12)}`,
      Status: 'Deployed',
      LastModifiedTime: new Date(now - rng.int(5, 300) * 86_400_000),
      DomainName: `d${Array.from({ length: 13 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(0, 35)]).join('')}.cloudfront.net`,
      Aliases: { Quantity: s.aliases?.length ?? 0, Items: s.aliases ?? [] },
      Origins: { Quantity: s.origins.length, Items: s.origins },
      OriginGroups: { Quantity: 0, Items: [] },
      DefaultCacheBehavior: {
        ...behaviorCommon(s.defaultBehavior),
        TargetOriginId: s.defaultBehavior.TargetOriginId,
      },
      CacheBehaviors: { Quantity: behaviors.length, Items: behaviors },
      CustomErrorResponses: { Quantity: 0, Items: [] },
      Comment: s.name,
      PriceClass: s.priceClass ?? 'PriceClass_All',
      Enabled: s.enabled ?? true,
      ViewerCertificate: s.aliases?.length
        ? {
            ACMCertificateArn: `arn:aws:acm:us-east-1:${account.accountId}:certificate/sim-${id.toLowerCase()}`,
            SSLSupportMethod: 'sni-only',
            MinimumProtocolVersion: 'TLSv1.2_2021',
            CertificateSource: 'acm',
          }
        : {
            CloudFrontDefaultCertificate: true,
            MinimumProtocolVersion: 'TLSv1',
            CertificateSource: 'cloudfront',
          },
      Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0, Items: [] } },
      WebACLId: '',
      HttpVersion: s.httpVersion,
      IsIPV6Enabled: s.ipv6 ?? true,
      Staging: false,
    });
    st.traffic[id] = s.traffic;
  }
  return st;
}

/** CloudFront is global: the same distributions whatever the region asked (perfscan asks from us-east-1). */
export function cloudfrontSimState(account: SimAccount, _region?: string): CloudFrontSimState {
  return account.memo('cloudfront:global', (rng) => build(account, rng));
}

/** ListDistributions: MaxItems up to 100 (documented maximum used by perfscan), NextMarker = last Id of the page. */
const MAX_ITEMS = 100;

export const cloudfrontSim: SimServiceModule = {
  clientName: 'CloudFrontClient',
  handlers: {
    ListDistributionsCommand(input, { account, region }) {
      if (region !== 'us-east-1') {
        // Guard for our own code: the collector must use a us-east-1 client (where CloudFront's metrics live too).
        throw awsError(
          'InvalidArgument',
          `Simulator: CloudFront is called from us-east-1, not ${region}.`,
          400,
        );
      }
      const all = cloudfrontSimState(account).distributions;
      const requested = input.MaxItems === undefined ? MAX_ITEMS : Number(input.MaxItems);
      if (!Number.isInteger(requested) || requested < 1 || requested > MAX_ITEMS) {
        throw awsError('InvalidArgument', `MaxItems must be between 1 and ${MAX_ITEMS}.`, 400);
      }
      const marker = (input.Marker as string | undefined) ?? '';
      const start = marker ? all.findIndex((d) => d.Id === marker) + 1 : 0;
      if (marker && start === 0) throw awsError('InvalidArgument', 'The marker is invalid.', 400);
      const page = all.slice(start, start + requested);
      const truncated = start + requested < all.length;
      const out: ListDistributionsResult = {
        DistributionList: {
          Marker: marker,
          ...(truncated ? { NextMarker: page[page.length - 1]?.Id } : {}),
          MaxItems: requested,
          IsTruncated: truncated,
          Quantity: page.length,
          Items: page,
        },
      };
      return out as Record<string, unknown>;
    },
  },
  metrics(q, { account, region }) {
    if (q.namespace !== 'AWS/CloudFront') return undefined;
    // CloudFront metrics exist only in us-east-1, with Region=Global.
    if (region !== 'us-east-1' || q.dimensions.Region !== 'Global') return [];
    const id = q.dimensions.DistributionId;
    const t = id ? cloudfrontSimState(account).traffic[id] : undefined;
    if (!t) return undefined;
    if (t.requestsPerHour === 0) return [];
    const key = `${id}|${q.metricName}|${q.stat}`;
    switch (q.metricName) {
      case 'Requests':
        return shapedSeries(q, {
          base: perPeriod(t.requestsPerHour, q.periodSeconds),
          daily: 0.4,
          jitter: 0.1,
          min: 0,
          key,
        });
      case 'CacheHitRate':
        if (t.cacheHitRate === undefined) return []; // additional metrics not enabled: the series does not exist
        return shapedSeries(q, { base: t.cacheHitRate, daily: 0.01, jitter: 0.01, min: 0, max: 100, key });
      case 'BytesDownloaded':
        return shapedSeries(q, {
          base: perPeriod(t.requestsPerHour * 45_000, q.periodSeconds),
          daily: 0.4,
          jitter: 0.1,
          min: 0,
          key,
        });
      case '4xxErrorRate':
      case '5xxErrorRate':
        return shapedSeries(q, {
          base: q.metricName === '4xxErrorRate' ? 1.2 : 0.1,
          jitter: 0.2,
          min: 0,
          key,
        });
      default:
        return undefined;
    }
  },
};
