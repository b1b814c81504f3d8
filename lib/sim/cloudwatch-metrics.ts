import type { SimServiceModule } from './core.js';

export const cloudwatchMetricsSim: SimServiceModule = { clientName: 'CloudWatchClient', handlers: {} };
