import type { SimServiceModule } from './core.js';

export const ec2Sim: SimServiceModule = { clientName: 'EC2Client', handlers: {} };
