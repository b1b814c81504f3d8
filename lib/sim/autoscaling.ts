import type { SimServiceModule } from './core.js';

export const autoscalingSim: SimServiceModule = { clientName: 'AutoScalingClient', handlers: {} };
