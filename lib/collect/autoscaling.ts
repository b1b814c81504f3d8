import type { Collector } from './types.js';

export const autoscalingCollector: Collector = {
  service: 'autoscaling',
  iamActions: [],
  async collect() {
    return {};
  },
};
