import type { Collector } from './types.js';

export const ec2Collector: Collector = {
  service: 'ec2',
  iamActions: [],
  async collect() {
    return {};
  },
};
