import type { CheckDefinition } from '../types.js';
import { elasticacheClusterCacheHitRateHigh } from './elasticache-cluster-cache-hit-rate-high.js';
import { elasticacheNodeCurrentGeneration } from './elasticache-node-current-generation.js';

export const elasticacheChecks: readonly CheckDefinition<string>[] = [
  elasticacheClusterCacheHitRateHigh,
  elasticacheNodeCurrentGeneration,
] as CheckDefinition<string>[];
