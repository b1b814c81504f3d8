import type { Collector } from './types.js';

export const lambdaCollector: Collector = {
  service: 'lambda',
  iamActions: [],
  async collect() {
    return {};
  },
};
