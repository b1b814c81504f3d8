import type { CheckDefinition } from '../types.js';
import { lambdaFunctionArm64Architecture } from './lambda-function-arm64-architecture.js';
import { lambdaFunctionDurationWithinTimeout } from './lambda-function-duration-within-timeout.js';
import { lambdaFunctionMemoryConfigured } from './lambda-function-memory-configured.js';
import { lambdaFunctionNotThrottled } from './lambda-function-not-throttled.js';

export const lambdaChecks: readonly CheckDefinition<string>[] = [
  lambdaFunctionMemoryConfigured,
  lambdaFunctionArm64Architecture,
  lambdaFunctionDurationWithinTimeout,
  lambdaFunctionNotThrottled,
] as CheckDefinition<string>[];
