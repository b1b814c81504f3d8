import type { SimServiceModule } from './core.js';

export const cloudwatchAlarmsSim: SimServiceModule = { clientName: 'CloudWatchClient', handlers: {} };
