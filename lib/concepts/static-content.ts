/**
 * CloudFront serves static content: an enabled distribution with an S3 origin behind any of its behaviors (the
 * default one or a path pattern such as `/static/*`), through a behavior that caches (./cache.ts). Static
 * assets from S3 behind CloudFront is AWS's documented pattern: "Get started with a basic distribution",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/GettingStarted.SimpleDistribution.html
 */
import type { CloudFrontDistribution } from '#lib/model/index.js';
import { behaviorCaches } from './cache.js';

/**
 * Any behavior (the default one or a path pattern such as `/static/*`) routes to an S3 origin: the distribution
 * carries static content. The collector's `staticContent` fact; `servesStaticContent` adds "enabled and cached".
 */
export function hasStaticOrigin(d: Pick<CloudFrontDistribution, 'origins' | 'behaviors'>): boolean {
  const s3 = new Set(d.origins.filter((o) => o.kind === 's3').map((o) => o.id));
  return d.behaviors.some((b) => s3.has(b.targetOriginId));
}

/**
 * Every behavior routes to an S3 origin: the distribution serves only static content, so its overall hit rate is
 * held to the static target (95%). A mixed one (`/static/*` on S3, the default on an ALB) has dynamic traffic in
 * its rate and keeps the general 80% target.
 */
export function onlyStaticOrigins(d: Pick<CloudFrontDistribution, 'origins' | 'behaviors'>): boolean {
  const s3 = new Set(d.origins.filter((o) => o.kind === 's3').map((o) => o.id));
  return d.behaviors.length > 0 && d.behaviors.every((b) => s3.has(b.targetOriginId));
}

export function servesStaticContent(d: CloudFrontDistribution): boolean {
  if (!d.enabled) return false;
  const s3 = new Set(d.origins.filter((o) => o.kind === 's3').map((o) => o.id));
  if (d.behaviors.length === 0) return d.staticContent;
  return d.behaviors.some((b) => s3.has(b.targetOriginId) && behaviorCaches(b));
}
