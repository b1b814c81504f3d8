import type { SimServiceModule } from './core.js';

export const elasticacheSim: SimServiceModule = { clientName: 'ElastiCacheClient', handlers: {} };
