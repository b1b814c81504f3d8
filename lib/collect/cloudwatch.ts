import type { Collector } from './types.js';

export const cloudwatchCollector: Collector = {
  service: 'cloudwatch',
  iamActions: [],
  async collect() {
    return {};
  },
};
