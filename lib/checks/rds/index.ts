import type { CheckDefinition } from '../types.js';

export const rdsChecks: readonly CheckDefinition<string>[] = [];
