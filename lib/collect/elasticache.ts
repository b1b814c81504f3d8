import type { Collector } from './types.js';

export const elasticacheCollector: Collector = {
  service: 'elasticache',
  iamActions: [],
  async collect() {
    return {};
  },
};
