import type { CheckDefinition } from '../types.js';

export const cloudwatchChecks: readonly CheckDefinition<string>[] = [];
