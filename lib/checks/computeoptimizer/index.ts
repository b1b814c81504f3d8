import type { CheckDefinition } from '../types.js';

export const computeoptimizerChecks: readonly CheckDefinition<string>[] = [];
