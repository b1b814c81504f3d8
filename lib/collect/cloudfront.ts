import type { Collector } from './types.js';

export const cloudfrontCollector: Collector = {
  service: 'cloudfront',
  iamActions: [],
  async collect() {
    return {};
  },
};
