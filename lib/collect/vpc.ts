import type { Collector } from './types.js';

export const vpcCollector: Collector = {
  service: 'vpc',
  iamActions: [],
  async collect() {
    return {};
  },
};
