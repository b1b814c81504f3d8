import type { Collector } from './types.js';

export const ebsCollector: Collector = {
  service: 'ebs',
  iamActions: [],
  async collect() {
    return {};
  },
};
