import type { CheckDefinition } from '../types.js';

export const lambdaChecks: readonly CheckDefinition<string>[] = [];
