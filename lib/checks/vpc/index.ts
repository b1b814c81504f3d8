import type { CheckDefinition } from '../types.js';

export const vpcChecks: readonly CheckDefinition<string>[] = [];
