/**
 * CloudFront serves static content: an enabled distribution with an S3 origin behind any of its behaviors (the
 * default one or a path pattern such as `/static/*`), through a behavior that caches (./cache.ts). Static
 * assets from S3 behind CloudFront is AWS's documented pattern: "Get started with a basic distribution",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/GettingStarted.SimpleDistribution.html
 */
import type { CloudFrontDistribution } from '#lib/model/index.js';
import { behaviorCaches } from './cache.js';

export function servesStaticContent(d: CloudFrontDistribution): boolean {
  if (!d.enabled) return false;
  const s3 = new Set(d.origins.filter((o) => o.kind === 's3').map((o) => o.id));
  if (d.behaviors.length === 0) return d.staticContent;
  return d.behaviors.some((b) => s3.has(b.targetOriginId) && behaviorCaches(b));
}
