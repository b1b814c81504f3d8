import type { CheckDefinition } from '../types.js';

export const autoscalingChecks: readonly CheckDefinition<string>[] = [];
