import type { SimServiceModule } from './core.js';

export const computeoptimizerSim: SimServiceModule = { clientName: 'ComputeOptimizerClient', handlers: {} };
