import type { CheckDefinition } from '../types.js';

export const elasticacheChecks: readonly CheckDefinition<string>[] = [];
