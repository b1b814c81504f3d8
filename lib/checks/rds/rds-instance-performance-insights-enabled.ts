import { defineCheck } from '../types.js';
import { missingSlice } from '../support.js';
import { STOPPED_DB_SOURCE, isStoppedDb } from '../rds-instance-facts.js';

const NEEDS = ['rds.instances'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/**
 * Performance Insights (or CloudWatch Database Insights) on every DB instance: DB load by wait event and SQL,
 * the L3 evidence of WAF-PERF-040.
 */

// Fallback when live data is missing: classes without Performance Insights / Database Insights support (RDS and
// Aurora User Guides, "DB engine, Region, and instance class support for Database Insights"): RDS for
// MySQL/MariaDB small burstables; Aurora MySQL db.t2, db.t3 and the two smallest db.t4g. Live data wins:
// DescribeOrderableDBInstanceOptions SupportsPerformanceInsights for the instance's engine, version and class.
const SMALL_BURSTABLE = new Set([
  'db.t2.micro',
  'db.t2.small',
  'db.t3.micro',
  'db.t3.small',
  'db.t4g.micro',
  'db.t4g.small',
]);
function insightsUnsupported(engine: string, cls: string): boolean {
  if (engine === 'mysql' || engine === 'mariadb') return SMALL_BURSTABLE.has(cls);
  if (engine === 'aurora-mysql' || engine === 'aurora') {
    return (
      cls.startsWith('db.t2.') || cls.startsWith('db.t3.') || cls === 'db.t4g.micro' || cls === 'db.t4g.small'
    );
  }
  return false;
}

export const rdsInstancePerformanceInsightsEnabled = defineCheck({
  id: 'rds-instance-performance-insights-enabled',
  title: 'RDS DB instances have Performance Insights or Database Insights enabled',
  service: 'rds',
  control: 'WAF-PERF-040',
  severity: 'medium',
  rationale:
    'Without Performance Insights the database load cannot be broken down by wait event, SQL statement, host or user, ' +
    'so slow queries stay unknown until users notice them. It is the "Performance Insights active" criterion of WAF-PERF-040 L3.' +
    ' A stopped DB instance is not judged: it serves no load until it starts again (RDS User Guide, "Stopping an Amazon RDS DB instance temporarily").',
  remediation: {
    change: 'performance-insights',
    text: 'Turn on Performance Insights (7 days of history are included at no charge), or CloudWatch Database Insights in Advanced mode for the fleet view.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.Enabling.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html',
      STOPPED_DB_SOURCE,
    ],
    impact: 'DB load broken down by top SQL and wait events; the basis for finding the top-20 slow queries.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const rds = snapshot.rds;
    if (!rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results = rds.instances
      .filter((db) => !isStoppedDb(db))
      .map((db) => {
        const base = {
          resourceType: RESOURCE_TYPE,
          resourceId: db.dbInstanceId,
          resourceArn: db.arn,
          resourceName: db.dbInstanceId,
        };
        const evidence = [
          {
            label: 'Performance Insights enabled',
            value: db.performanceInsightsEnabled,
            source: 'rds:DescribeDBInstances PerformanceInsightsEnabled',
          },
          {
            label: 'Database Insights mode',
            value: db.databaseInsightsMode ?? null,
            source: 'rds:DescribeDBInstances DatabaseInsightsMode',
          },
        ];
        if (db.performanceInsightsEnabled || db.databaseInsightsMode === 'advanced') {
          const how = db.performanceInsightsEnabled ? 'Performance Insights' : 'Database Insights (advanced)';
          return {
            ...base,
            status: 'pass' as const,
            message: `${db.dbInstanceId} has ${how} enabled.`,
            evidence,
          };
        }
        const live = db.performanceInsightsSupported;
        const unsupported = live === undefined ? insightsUnsupported(db.engine, db.dbInstanceClass) : !live;
        const support = {
          label: 'Performance Insights supported by the class',
          value: !unsupported,
          source:
            live === undefined
              ? 'RDS User Guide, Database Insights engine and class support (live data not collected)'
              : 'rds:DescribeOrderableDBInstanceOptions SupportsPerformanceInsights',
        };
        if (unsupported) {
          // Not applicable: the class cannot run it, so its absence is no finding.
          return {
            ...base,
            status: 'pass' as const,
            message:
              `Not applicable: ${db.dbInstanceId} (${db.engine} ${db.engineVersion ?? ''}, ${db.dbInstanceClass}) runs a class that does not support Performance Insights; Enhanced Monitoring covers OS-level load there.`.replace(
                ' ,',
                ',',
              ),
            evidence: [...evidence, { label: 'DB instance class', value: db.dbInstanceClass }, support],
          };
        }
        return {
          ...base,
          status: 'fail' as const,
          message: `${db.dbInstanceId} (${db.engine}, ${db.dbInstanceClass}) has neither Performance Insights nor Database Insights (advanced) enabled.`,
          evidence: [...evidence, { label: 'DB instance class', value: db.dbInstanceClass }, support],
        };
      });
    return results;
  },
});
