import type { Collector } from './types.js';

export const computeoptimizerCollector: Collector = {
  service: 'computeoptimizer',
  iamActions: [],
  async collect() {
    return {};
  },
};
