import type { SimServiceModule } from './core.js';

export const stsSim: SimServiceModule = { clientName: 'STSClient', handlers: {} };
