import type { Collector } from './types.js';

export const rdsCollector: Collector = {
  service: 'rds',
  iamActions: [],
  async collect() {
    return {};
  },
};
