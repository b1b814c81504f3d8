import type { CheckDefinition } from '../types.js';

export const ebsChecks: readonly CheckDefinition<string>[] = [];
