import type { CheckDefinition } from '../types.js';
import { cloudwatchAlarmsLatencyPercentile } from './cloudwatch-alarms-latency-percentile.js';
import { cloudwatchInstanceMemoryMetricsPresent } from './cloudwatch-instance-memory-metrics-present.js';
import { cloudwatchSlosBurnRateAlarms } from './cloudwatch-slos-burn-rate-alarms.js';

export const cloudwatchChecks: readonly CheckDefinition<string>[] = [
  cloudwatchAlarmsLatencyPercentile,
  cloudwatchSlosBurnRateAlarms,
  cloudwatchInstanceMemoryMetricsPresent,
] as CheckDefinition<string>[];
