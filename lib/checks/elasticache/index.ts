import type { CheckDefinition } from '../types.js';
import { elasticacheClusterCacheHitRateHigh } from './elasticache-cluster-cache-hit-rate-high.js';

export const elasticacheChecks: readonly CheckDefinition<string>[] = [
  elasticacheClusterCacheHitRateHigh,
] as CheckDefinition<string>[];
