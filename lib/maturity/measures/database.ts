/** Measures over available production DB instances (WAF-PERF-040, -090 L3, checklist L2-4, L3-10). */
import type { RdsInstance, RdsSlice, Snapshot } from '#lib/model/index.js';
import { alarmMetrics, isAlertingAlarm, isAnomalyAlarm } from '#lib/concepts/alarms.js';
import { productionOnly } from '#lib/concepts/production.js';
import type { MeasureDef } from '../types.js';
import { count, tally, USES } from './support.js';

const available = (s: Snapshot): RdsInstance[] =>
  (s.rds?.instances ?? []).filter((d) => !/^(stopped|stopping|deleting|failed)$/i.test(d.status ?? ''));
const production = (s: Snapshot) => productionOnly(available(s), (d) => d.tags);

/** Engines with a slow-query log: MySQL, MariaDB, Aurora MySQL (slow_query_log), PostgreSQL (log_min_duration_statement). */
function slowLogFamily(engine: string): 'mysql' | 'postgres' | undefined {
  const e = engine.toLowerCase();
  if (/mysql|mariadb|^aurora$/.test(e)) return 'mysql';
  if (/postgres/.test(e)) return 'postgres';
  return undefined;
}

function slowLogOn(family: 'mysql' | 'postgres', p: Record<string, string | undefined>): boolean {
  if (family === 'mysql') return /^(1|on|true)$/i.test(p['slow_query_log'] ?? '');
  const v = p['log_min_duration_statement'];
  // -1 (the default) disables it; 0 logs every statement; > 0 logs statements slower than v ms.
  return v !== undefined && v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0;
}

/** true: exported to CloudWatch Logs or on in a parameter group; false: off; undefined: parameter groups not read. */
function slowLog(rds: RdsSlice, db: RdsInstance, family: 'mysql' | 'postgres'): boolean | undefined {
  const cluster = db.clusterId ? rds.clusters.find((c) => c.clusterId === db.clusterId) : undefined;
  const exports = [...db.enabledCloudwatchLogsExports, ...(cluster?.enabledCloudwatchLogsExports ?? [])];
  // MySQL exports a dedicated slow query log; PostgreSQL exports one log, slow queries only with the parameter set.
  if (family === 'mysql' && exports.includes('slowquery')) return true;
  const keys = db.parameterGroups.map((n) => `instance:${n}`);
  if (cluster?.clusterParameterGroup) keys.push(`cluster:${cluster.clusterParameterGroup}`);
  const groups = keys.map((k) => rds.parameterGroups[k]);
  if (groups.some((g) => g !== undefined && slowLogOn(family, g.parameters))) return true;
  return groups.length === 0 || groups.some((g) => g === undefined) ? undefined : false;
}

const RDS_IO = /IOPS|Latency|QueueDepth|Throughput|BurstBalance|IOBalance|ByteBalance/i;

export const DATABASE_MEASURES: readonly MeasureDef[] = [
  {
    id: 'subject.databases',
    denominator: 'RDS DB instances (not stopped)',
    meets: 'exist',
    sources: ['rds.instances'],
    uses: [USES.rds],
    tally: ({ snapshot: s }) => {
      const n = available(s).length;
      return tally(n, n);
    },
  },
  {
    id: 'rds.slowLog',
    denominator:
      'available production DB instances of engines with a slow-query log (MySQL, MariaDB, PostgreSQL, Aurora)',
    meets: 'have the slow-query log exported or enabled',
    sources: ['rds.instances', 'rds.parameterGroups'],
    uses: [USES.rds, USES.params],
    tally: ({ snapshot: s }) => {
      const rds = s.rds;
      if (!rds) return tally(0, 0);
      const dbs = production(s).flatMap((db) => {
        const family = slowLogFamily(db.engine);
        return family ? [{ db, family }] : [];
      });
      return count(dbs, ({ db, family }) => slowLog(rds, db, family));
    },
  },
  {
    id: 'rds.performanceInsights',
    denominator: 'available production DB instances',
    meets: 'have Performance Insights or Database Insights (advanced) on',
    sources: ['rds.instances'],
    uses: [USES.rds],
    tally: ({ snapshot: s }) =>
      count(production(s), (db) => {
        const cluster = db.clusterId ? s.rds?.clusters.find((c) => c.clusterId === db.clusterId) : undefined;
        return (
          db.performanceInsightsEnabled ||
          db.databaseInsightsMode === 'advanced' ||
          cluster?.performanceInsightsEnabled === true
        );
      }),
  },
  {
    id: 'rds.anomalyDetection',
    denominator: 'available production DB instances',
    meets: 'are covered by DevOps Guru for RDS or an alerting anomaly-detection alarm on their own metrics',
    sources: ['rds.instances', 'rds.anomalyDetection'],
    uses: [USES.rds, USES.guru, USES.alarms],
    tally: ({ snapshot: s }) => {
      const dg = s.rds?.devOpsGuru;
      const cw = s.cloudwatch;
      const covered = new Set(dg?.coveredResourceArns ?? []);
      const anomaly = (cw?.metricAlarms ?? []).filter((a) => isAnomalyAlarm(a, cw?.compositeAlarms ?? []));
      return count(production(s), (db) => {
        const byGuru =
          dg?.enabled === true &&
          (dg.coversAll ||
            covered.has(db.arn) ||
            (db.resourceId !== undefined && covered.has(db.resourceId)));
        const byAlarm = anomaly.some((a) =>
          alarmMetrics(a).some(
            (m) =>
              m.namespace === 'AWS/RDS' &&
              (m.dimensions.DBInstanceIdentifier === db.dbInstanceId ||
                (db.clusterId !== undefined && m.dimensions.DBClusterIdentifier === db.clusterId)),
          ),
        );
        return byGuru || byAlarm;
      });
    },
  },
  {
    id: 'rds.ioAlarms',
    denominator: 'available production DB instances',
    meets: 'have an alerting alarm on an I/O metric (IOPS, latency, queue depth, throughput, burst balance)',
    sources: ['rds.instances', 'cloudwatch.alarms'],
    uses: [USES.rds, USES.alarms],
    tally: ({ snapshot: s }) => {
      const cw = s.cloudwatch;
      const io = (cw?.metricAlarms ?? []).filter(
        (a) =>
          isAlertingAlarm(a, cw?.compositeAlarms ?? []) &&
          alarmMetrics(a).some((m) => m.namespace === 'AWS/RDS' && RDS_IO.test(m.metricName)),
      );
      return count(production(s), (db) =>
        io.some((a) =>
          alarmMetrics(a).some(
            (m) =>
              m.dimensions.DBInstanceIdentifier === db.dbInstanceId ||
              (db.clusterId !== undefined && m.dimensions.DBClusterIdentifier === db.clusterId),
          ),
        ),
      );
    },
  },
];
