import { describe, expect, it } from 'vitest';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { cloudfrontSimState } from '#lib/sim/cloudfront.js';
import { iamActionFor } from '#lib/collect/iam.js';
import {
  CLOUDFRONT_METRICS,
  CLOUDFRONT_PAGE_SIZE,
  cloudfrontCollector,
  isS3Origin,
  normalizeDistribution,
} from '#lib/collect/cloudfront.js';
import { metricKey, type CloudFrontSlice } from '#lib/model/index.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { collectUnit } from '#lib/collect/unit.js';

async function collect(account: SimAccount, unitRegion = 'us-east-1') {
  const ctx = simCollectorContext(account, unitRegion, { globalUnit: true });
  const out = await cloudfrontCollector.collect(ctx);
  return { ctx, cf: out.cloudfront as CloudFrontSlice };
}

const byComment = (account: SimAccount, cf: CloudFrontSlice, comment: string) => {
  const id = cloudfrontSimState(account).distributions.find((d) => d.Comment === comment)?.Id;
  const d = cf.distributions.find((x) => x.id === id);
  if (!d) throw new Error(`no distribution ${comment}`);
  return d;
};

describe('cloudfrontCollector over the simulated account', () => {
  it('is a global collector declaring exactly the list call', () => {
    expect(cloudfrontCollector.global).toBe(true);
    expect(cloudfrontCollector.iamActions).toEqual(['cloudfront:ListDistributions']);
  });

  it('normalizes behaviors, origins and HTTP versions from the list summaries', async () => {
    const account = createSimulatedAccount();
    const { cf, ctx } = await collect(account);
    expect(ctx.gaps).toEqual([]);
    expect(cf.distributions).toHaveLength(cloudfrontSimState(account).distributions.length);

    const site = byComment(account, cf, 'static-site');
    expect(site).toMatchObject({
      enabled: true,
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: 'PriceClass_100',
      aliases: ['www.example-shop.com'],
      staticContent: true,
      tags: {},
    });
    expect(site.arn).toBe(`arn:aws:cloudfront::${account.accountId}:distribution/${site.id}`);
    expect(site.additionalMetricsEnabled).toBeUndefined();
    expect(site.behaviors).toEqual([
      expect.objectContaining({
        pathPattern: '*',
        compress: true,
        cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        legacyCacheSettings: false,
      }),
    ]);
    expect(site.origins).toEqual([
      {
        id: 's3-static-site',
        domainName: 'example-shop-static-site.s3.amazonaws.com',
        originShieldEnabled: true,
        originShieldRegion: 'eu-west-1',
        kind: 's3',
      },
    ]);

    expect(byComment(account, cf, 'media-static')).toMatchObject({
      httpVersion: 'http2',
      staticContent: true,
      behaviors: [expect.objectContaining({ compress: false })],
    });

    const api = byComment(account, cf, 'api-edge');
    expect(api).toMatchObject({ httpVersion: 'http1.1', staticContent: false });
    expect(api.behaviors[0]).toMatchObject({
      legacyCacheSettings: true,
      minTtl: 0,
      defaultTtl: 0,
      viewerProtocolPolicy: 'https-only',
    });
    expect(api.behaviors[0]?.cachePolicyId).toBeUndefined();
    expect(api.origins[0]).toMatchObject({ kind: 'custom', originShieldEnabled: false });

    // An S3 website endpoint is a custom origin to CloudFront but still S3 static content.
    expect(byComment(account, cf, 'web-app')).toMatchObject({
      staticContent: true,
      origins: [expect.objectContaining({ kind: 's3' })],
    });

    // Static content through its `/static/*` S3 behavior, though the default behavior goes to an ALB.
    const www = byComment(account, cf, 'www');
    expect(www.staticContent).toBe(true);
    expect(www.behaviors.map((b) => [b.pathPattern, b.compress, b.targetOriginId])).toEqual([
      ['*', true, 'alb-web'],
      ['/static/*', false, 's3-assets'],
    ]);
    expect(byComment(account, cf, 'legacy-downloads').enabled).toBe(false);
  });

  it('recognizes static content through any behavior with an S3 origin, not only the default one', () => {
    const summary = (staticPath: boolean) =>
      normalizeDistribution({
        Id: 'E1',
        ARN: 'arn:aws:cloudfront::111122223333:distribution/E1',
        DomainName: 'd1.cloudfront.net',
        Enabled: true,
        HttpVersion: 'http2',
        Origins: {
          Quantity: 2,
          Items: [
            { Id: 'app', DomainName: 'app-1.eu-west-1.elb.amazonaws.com' },
            { Id: 'assets', DomainName: 'assets.s3.eu-west-1.amazonaws.com' },
          ],
        },
        DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'redirect-to-https' },
        CacheBehaviors: staticPath
          ? {
              Quantity: 1,
              Items: [
                { PathPattern: '/static/*', TargetOriginId: 'assets', ViewerProtocolPolicy: 'https-only' },
              ],
            }
          : { Quantity: 0, Items: [] },
      } as never);
    expect(summary(true)?.staticContent).toBe(true); // default origin is custom: missed before
    expect(summary(false)?.staticContent).toBe(false); // the S3 origin serves no behavior
  });

  it('recognizes S3 origins by config or domain', () => {
    expect(isS3Origin({ DomainName: 'b.s3.eu-west-1.amazonaws.com' })).toBe(true);
    expect(isS3Origin({ DomainName: 'b.s3-website-us-east-1.amazonaws.com' })).toBe(true);
    expect(isS3Origin({ DomainName: 'b.s3-website.eu-central-1.amazonaws.com' })).toBe(true);
    expect(isS3Origin({ DomainName: 'custom', S3OriginConfig: { OriginAccessIdentity: '' } })).toBe(true);
    expect(isS3Origin({ DomainName: 'api-1.eu-west-1.elb.amazonaws.com' })).toBe(false);
    expect(isS3Origin({ DomainName: 'news3.example.com' })).toBe(false);
  });

  it('queues CacheHitRate and Requests for every distribution with Region=Global', async () => {
    const account = createSimulatedAccount();
    const { cf, ctx } = await collect(account);
    expect(ctx.requested).toHaveLength(cf.distributions.length * CLOUDFRONT_METRICS.length);
    const id = cf.distributions[0]?.id as string;
    const keys = ctx.requested.map((r) => metricKey(r));
    expect(keys).toContain(
      metricKey({
        namespace: 'AWS/CloudFront',
        metricName: 'CacheHitRate',
        dimensions: { DistributionId: id, Region: 'Global' },
        stat: 'Average',
        periodSeconds: 86_400,
      }),
    );
    expect(keys).toContain(
      metricKey({
        namespace: 'AWS/CloudFront',
        metricName: 'Requests',
        dimensions: { DistributionId: id, Region: 'Global' },
        stat: 'Sum',
        periodSeconds: 86_400,
      }),
    );
  });

  it('uses a us-east-1 client and, in a global unit elsewhere, records a metrics gap instead of wrong-region queries', async () => {
    const account = createSimulatedAccount();
    const { cf, ctx } = await collect(account, 'eu-west-1');
    expect(cf.distributions.length).toBeGreaterThan(0);
    expect(account.callsTo('ListDistributionsCommand').every((c) => c.region === 'us-east-1')).toBe(true);
    expect(ctx.requested).toEqual([]);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({ service: 'cloudfront', slice: 'cloudfront.metrics', code: 'NotSupported' }),
    ]);
    expect(ctx.gaps[0]?.hint).toContain('us-east-1');
  });

  it('needs ceil(N / 100) list calls and no per-distribution call', async () => {
    const account = createSimulatedAccount({ scale: 42 });
    const { cf } = await collect(account);
    const n = cf.distributions.length;
    expect(n).toBeGreaterThan(200);
    expect(n).toBeLessThanOrEqual(300);
    const list = account.callsTo('ListDistributionsCommand');
    expect(list).toHaveLength(Math.ceil(n / CLOUDFRONT_PAGE_SIZE));
    expect(list.every((c) => c.input.MaxItems === CLOUDFRONT_PAGE_SIZE)).toBe(true);
    expect(account.calls.filter((c) => c.commandName !== 'ListDistributionsCommand')).toEqual([]);
    expect(new Set(cf.distributions.map((d) => d.id)).size).toBe(n);
    expect(new Set(account.calls.map((c) => iamActionFor(c.clientName, c.commandName)))).toEqual(
      new Set(cloudfrontCollector.iamActions),
    );
  });

  it('records AccessDenied as a gap on the distributions slice', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'ListDistributionsCommand', kind: 'accessDenied', times: Infinity }],
    });
    const { cf, ctx } = await collect(account);
    expect(cf.distributions).toEqual([]);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        slice: 'cloudfront.distributions',
        code: 'AccessDenied',
        action: 'cloudfront:ListDistributions',
      }),
    ]);
    expect(ctx.requested).toEqual([]);
  });

  it('gets hit rates through the batcher in a us-east-1 global unit (no datapoints where additional metrics are off)', async () => {
    const account = createSimulatedAccount();
    const clients = createClientFactory({
      region: 'us-east-1',
      simulator: account,
      allowedActions: new Set([...cloudfrontCollector.iamActions, 'cloudwatch:GetMetricData']),
    });
    const snap = await collectUnit(
      { accountId: account.accountId, region: 'us-east-1', global: true } as never,
      { scanId: 'test', services: ['cloudfront'], clients, now: account.options.now },
    );
    expect(snap.gaps).toEqual([]);
    const hitRate = (comment: string) => {
      const d = byComment(account, snap.cloudfront as CloudFrontSlice, comment);
      return snap.metrics[
        metricKey({
          namespace: 'AWS/CloudFront',
          metricName: 'CacheHitRate',
          dimensions: { DistributionId: d.id, Region: 'Global' },
          stat: 'Average',
          periodSeconds: 86_400,
        })
      ];
    };
    expect(hitRate('static-site')?.mean).toBeGreaterThan(95);
    expect(hitRate('media-static')?.mean).toBeLessThan(80);
    expect(hitRate('api-edge')?.datapoints).toBe(0);
  });
});
