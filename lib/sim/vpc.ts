import type { SimServiceModule } from './core.js';

export const vpcSim: SimServiceModule = { clientName: 'EC2Client', handlers: {} };
