import type { SimServiceModule } from './core.js';

export const cloudfrontSim: SimServiceModule = { clientName: 'CloudFrontClient', handlers: {} };
