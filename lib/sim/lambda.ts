import type { SimServiceModule } from './core.js';

export const lambdaSim: SimServiceModule = { clientName: 'LambdaClient', handlers: {} };
