import type { CheckDefinition } from '../types.js';
import { cloudfrontDistributionCacheHitRateHigh } from './cloudfront-distribution-cache-hit-rate-high.js';
import { cloudfrontDistributionCompressionEnabled } from './cloudfront-distribution-compression-enabled.js';
import { cloudfrontDistributionHttp2Http3Enabled } from './cloudfront-distribution-http2-http3-enabled.js';

export const cloudfrontChecks: readonly CheckDefinition<string>[] = [
  cloudfrontDistributionCompressionEnabled,
  cloudfrontDistributionHttp2Http3Enabled,
  cloudfrontDistributionCacheHitRateHigh,
] as CheckDefinition<string>[];
