import type { CheckDefinition } from '../types.js';

export const ec2Checks: readonly CheckDefinition<string>[] = [];
