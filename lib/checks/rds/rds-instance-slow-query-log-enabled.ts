import type { EvidenceItem, RdsInstance, RdsParameterGroupFacts, Snapshot } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';
import { STOPPED_DB_SOURCE, isStoppedDb } from '../rds-instance-facts.js';

const NEEDS = ['rds.instances', 'rds.clusters', 'rds.parameterGroups'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/**
 * Slow query logging from the parameter groups in use. MySQL/MariaDB: slow_query_log (MariaDB alias log_slow_query)
 * and long_query_time; PostgreSQL: log_min_duration_statement (ms, -1 = off). For Aurora the cluster parameter group
 * sets it, and an explicit value in the instance's DB parameter group overrides the cluster's.
 */

const MYSQL_ENGINES = new Set(['mysql', 'mariadb', 'aurora', 'aurora-mysql']);
const POSTGRES_ENGINES = new Set(['postgres', 'aurora-postgresql']);
// MySQL's documented default for long_query_time when the parameter group leaves it unset.
const MYSQL_DEFAULT_LONG_QUERY_TIME_S = 10;

type Groups = { facts: RdsParameterGroupFacts[]; missing: string[] };

/** The parameter groups that decide the instance's settings, most specific first. */
function groupsFor(snapshot: Snapshot, db: RdsInstance): Groups {
  const rds = snapshot.rds!;
  const keys = db.parameterGroups.map((n) => `instance:${n}`);
  const facts: RdsParameterGroupFacts[] = [];
  const missing: string[] = [];
  if (db.engine.startsWith('aurora')) {
    const cluster = rds.clusters.find((c) => c.clusterId === db.clusterId);
    if (cluster?.clusterParameterGroup) keys.push(`cluster:${cluster.clusterParameterGroup}`);
    else missing.push(`cluster parameter group of ${db.clusterId ?? 'an unknown cluster'}`);
  }
  for (const key of keys) {
    const f = rds.parameterGroups[key];
    if (f) facts.push(f);
    else missing.push(key);
  }
  return { facts, missing };
}

/** First explicit value among the groups (instance before cluster), with the group it came from. */
function lookup(groups: RdsParameterGroupFacts[], names: string[]): { value?: string; group?: string } {
  for (const g of groups) {
    for (const n of names) {
      const v = g.parameters[n];
      if (v !== undefined && v !== '') return { value: v, group: `${g.kind}:${g.name}` };
    }
  }
  return {};
}

const isOn = (v: string | undefined) =>
  v !== undefined && ['1', 'on', 'true'].includes(v.trim().toLowerCase());

export const rdsInstanceSlowQueryLogEnabled = defineCheck<'maxLongQueryTimeSeconds'>({
  id: 'rds-instance-slow-query-log-enabled',
  title: 'RDS MySQL, MariaDB and PostgreSQL databases log slow queries',
  service: 'rds',
  control: 'WAF-PERF-040',
  severity: 'medium',
  rationale:
    'A slow query log is the minimum evidence of which statements are slow; without it query performance is unknown ' +
    '(WAF-PERF-040 L1). Slow query logging on at least one database is WAF-PERF-040 L2 and checklist item L2-4.' +
    ' A stopped DB instance is not judged: it serves no load until it starts again (RDS User Guide, "Stopping an Amazon RDS DB instance temporarily").',
  remediation: {
    change: 'slow-query-log',
    text:
      'In a custom DB parameter group (cluster parameter group for Aurora) set slow_query_log=1 and long_query_time (seconds) ' +
      'for MySQL/MariaDB, or log_min_duration_statement (milliseconds) for PostgreSQL, and publish the log to CloudWatch Logs.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQL.LogFileSize.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithParamGroups.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.SlowSQL.html',
      STOPPED_DB_SOURCE,
    ],
    impact: 'Slow statements become visible and can be ranked by frequency and duration.',
  },
  needs: NEEDS,
  thresholds: {
    maxLongQueryTimeSeconds: {
      default: 10,
      unit: 'seconds',
      description:
        'Largest slow-query threshold (long_query_time, or log_min_duration_statement / 1000) that still counts as logging slow queries.',
      source:
        'MySQL default long_query_time (10 s); AWS Database Insights slow SQL guide uses 1 s as an example',
      min: 0,
    },
  },
  evaluate(snapshot, ctx) {
    const max = ctx.thresholds.maxLongQueryTimeSeconds;
    if (!snapshot.rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const db of snapshot.rds.instances) {
      if (isStoppedDb(db)) continue; // serves no queries while stopped
      const mysql = MYSQL_ENGINES.has(db.engine);
      if (!mysql && !POSTGRES_ENGINES.has(db.engine)) continue; // Oracle, SQL Server, Db2: no slow query log parameter
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: db.dbInstanceId,
        resourceArn: db.arn,
        resourceName: db.dbInstanceId,
      };
      const { facts, missing } = groupsFor(snapshot, db);
      if (missing.length > 0) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${db.dbInstanceId}: parameter group settings were not collected (${missing.join(', ')}).`,
          evidence: [
            {
              label: 'Parameter groups not collected',
              value: missing.join(', '),
              source: 'rds:DescribeDBParameters',
            },
          ],
        });
        continue;
      }
      const groupsLabel = facts.map((f) => `${f.kind}:${f.name}`).join(', ');
      const logsExported = db.enabledCloudwatchLogsExports.filter(
        (l) => l === 'slowquery' || l === 'postgresql',
      );
      const evidence: EvidenceItem[] = [
        { label: 'Parameter groups', value: groupsLabel, source: 'rds:DescribeDBParameters' },
        { label: 'Logs published to CloudWatch Logs', value: logsExported.join(', ') || 'none' },
      ];
      let enabled: boolean;
      let seconds: number | undefined;
      let state: string;
      if (mysql) {
        const log = lookup(facts, ['slow_query_log', 'log_slow_query']);
        const time = lookup(facts, ['long_query_time', 'log_slow_query_time']);
        const output = lookup(facts, ['log_output']);
        seconds = time.value !== undefined ? Number(time.value) : MYSQL_DEFAULT_LONG_QUERY_TIME_S;
        const outputNone = output.value?.trim().toUpperCase() === 'NONE';
        enabled = isOn(log.value) && !outputNone;
        evidence.push(
          {
            label: 'slow_query_log',
            value: log.value ?? 'unset (default 0)',
            threshold: '1',
            source: log.group,
          },
          {
            label: 'long_query_time',
            value: seconds,
            unit: 'seconds',
            threshold: `<= ${max}`,
            source: time.group ?? 'engine default',
          },
        );
        if (output.value !== undefined)
          evidence.push({ label: 'log_output', value: output.value, source: output.group });
        state = outputNone
          ? `slow_query_log=${log.value ?? 'unset'} but log_output=NONE`
          : `slow_query_log=${log.value ?? 'unset (off)'}, long_query_time=${seconds} s`;
      } else {
        const dur = lookup(facts, ['log_min_duration_statement']);
        const ms = dur.value !== undefined ? Number(dur.value) : -1;
        enabled = Number.isFinite(ms) && ms >= 0;
        seconds = enabled ? ms / 1000 : undefined;
        evidence.push({
          label: 'log_min_duration_statement',
          value: dur.value ?? 'unset (default -1)',
          unit: 'ms',
          threshold: `>= 0 and <= ${max * 1000}`,
          source: dur.group ?? 'engine default',
        });
        state = `log_min_duration_statement=${dur.value ?? 'unset (-1, off)'}${dur.value !== undefined ? ' ms' : ''}`;
      }
      if (!enabled) {
        results.push({
          ...base,
          status: 'fail',
          message: `${db.dbInstanceId} (${db.engine}) does not log slow queries: ${state}.`,
          evidence,
        });
      } else if (seconds === undefined || !Number.isFinite(seconds) || seconds > max) {
        results.push({
          ...base,
          status: 'fail',
          severity: 'low',
          message: `${db.dbInstanceId} (${db.engine}) logs only statements slower than ${seconds} s (${state}), above the ${max} s threshold.`,
          evidence,
        });
      } else {
        results.push({
          ...base,
          status: 'pass',
          message: `${db.dbInstanceId} (${db.engine}) logs statements slower than ${seconds} s (${state}).`,
          evidence,
        });
      }
    }
    return results;
  },
});
