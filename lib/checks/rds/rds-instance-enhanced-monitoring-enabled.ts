import { defineCheck } from '../types.js';
import { missingSlice } from '../support.js';
import { STOPPED_DB_SOURCE, isStoppedDb } from '../rds-instance-facts.js';

const NEEDS = ['rds.instances'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/**
 * Enhanced Monitoring (OS metrics per process at 1-60 s granularity). Mapped to WAF-PERF-040 rather than 050:
 * it is database-specific diagnosis (which process uses CPU or memory on the DB host), the "equivalent database
 * monitoring" of checklist item L3-10, not service-level alerting.
 */
export const rdsInstanceEnhancedMonitoringEnabled = defineCheck({
  id: 'rds-instance-enhanced-monitoring-enabled',
  title: 'RDS DB instances have Enhanced Monitoring enabled',
  service: 'rds',
  control: 'WAF-PERF-040',
  severity: 'low',
  rationale:
    'Standard RDS metrics come from the hypervisor at 1-minute granularity; Enhanced Monitoring adds OS-level CPU, ' +
    'memory, file system and per-process metrics down to 1 second, needed to tell database load from OS or host contention.' +
    ' A stopped DB instance is not judged: it serves no load until it starts again (RDS User Guide, "Stopping an Amazon RDS DB instance temporarily").',
  remediation: {
    change: 'enhanced-monitoring',
    text: 'Modify the DB instance with a monitoring interval (e.g. 60 s, or 1-15 s for diagnosis) and the rds-monitoring-role.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html',
      STOPPED_DB_SOURCE,
    ],
    impact: 'Per-process OS metrics for root-cause analysis; billed as CloudWatch Logs ingestion.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const rds = snapshot.rds;
    if (!rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results = rds.instances
      .filter((db) => !isStoppedDb(db))
      .map((db) => {
        const on = db.monitoringIntervalSeconds > 0;
        return {
          resourceType: RESOURCE_TYPE,
          resourceId: db.dbInstanceId,
          resourceArn: db.arn,
          resourceName: db.dbInstanceId,
          status: on ? ('pass' as const) : ('fail' as const),
          message: on
            ? `${db.dbInstanceId} has Enhanced Monitoring every ${db.monitoringIntervalSeconds} s.`
            : `${db.dbInstanceId} has Enhanced Monitoring off (monitoring interval 0 s).`,
          evidence: [
            {
              label: 'Enhanced Monitoring interval',
              value: db.monitoringIntervalSeconds,
              unit: 'seconds',
              threshold: '> 0',
              source: 'rds:DescribeDBInstances MonitoringInterval',
            },
          ],
        };
      });
    return results;
  },
});
