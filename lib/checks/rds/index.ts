import type { CheckDefinition } from '../types.js';
import { rdsInstanceClassCurrentGeneration } from './rds-instance-class-current-generation.js';
import { rdsInstanceCpuNotOverprovisioned } from './rds-instance-cpu-not-overprovisioned.js';
import { rdsInstanceCpuNotSaturated } from './rds-instance-cpu-not-saturated.js';
import { rdsInstanceEnhancedMonitoringEnabled } from './rds-instance-enhanced-monitoring-enabled.js';
import { rdsInstancePerformanceInsightsEnabled } from './rds-instance-performance-insights-enabled.js';
import { rdsInstanceReadReplicaOrProxy } from './rds-instance-read-replica-or-proxy.js';
import { rdsInstanceSlowQueryLogEnabled } from './rds-instance-slow-query-log-enabled.js';
import { rdsInstanceStorageTypeGp3 } from './rds-instance-storage-type-gp3.js';

export const rdsChecks: readonly CheckDefinition<string>[] = [
  rdsInstancePerformanceInsightsEnabled,
  rdsInstanceSlowQueryLogEnabled,
  rdsInstanceStorageTypeGp3,
  rdsInstanceClassCurrentGeneration,
  rdsInstanceEnhancedMonitoringEnabled,
  rdsInstanceCpuNotOverprovisioned,
  rdsInstanceCpuNotSaturated,
  rdsInstanceReadReplicaOrProxy,
] as CheckDefinition<string>[];
