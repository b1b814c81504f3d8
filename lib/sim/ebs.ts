import type { SimServiceModule } from './core.js';

export const ebsSim: SimServiceModule = { clientName: 'EC2Client', handlers: {} };
