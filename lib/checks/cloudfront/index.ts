import type { CheckDefinition } from '../types.js';

export const cloudfrontChecks: readonly CheckDefinition<string>[] = [];
