import { defineCheck } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['rds.instances'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/**
 * Performance Insights (or CloudWatch Database Insights) on every DB instance: DB load by wait event and SQL,
 * the L3 evidence of WAF-PERF-040.
 */

// Classes without Performance Insights / Database Insights support (RDS and Aurora User Guides, "DB engine, Region,
// and instance class support for Database Insights"): RDS for MySQL/MariaDB small burstables; Aurora MySQL db.t2,
// db.t3 and the two smallest db.t4g.
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
    'so slow queries stay unknown until users notice them. It is the "Performance Insights active" criterion of WAF-PERF-040 L3.',
  remediation: {
    text: 'Turn on Performance Insights (7 days of history are included at no charge), or CloudWatch Database Insights in Advanced mode for the fleet view.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.Enabling.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html',
    ],
    impact: 'DB load broken down by top SQL and wait events; the basis for finding the top-20 slow queries.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const rds = snapshot.rds;
    if (!rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results = rds.instances.map((db) => {
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
      const unsupported = insightsUnsupported(db.engine, db.dbInstanceClass);
      return {
        ...base,
        status: 'fail' as const,
        ...(unsupported ? { severity: 'low' as const } : {}),
        message: unsupported
          ? `${db.dbInstanceId} (${db.engine}, ${db.dbInstanceClass}) has no Performance Insights; the class does not support it, so use a larger class or Enhanced Monitoring for DB load analysis.`
          : `${db.dbInstanceId} (${db.engine}, ${db.dbInstanceClass}) has neither Performance Insights nor Database Insights (advanced) enabled.`,
        evidence: [...evidence, { label: 'DB instance class', value: db.dbInstanceClass }],
      };
    });
    return results;
  },
});
