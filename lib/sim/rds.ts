import type { SimServiceModule } from './core.js';

export const rdsSim: SimServiceModule = { clientName: 'RDSClient', handlers: {} };
