import { attested, criterion, needs } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-040 Database Performance: available (not stopped) production DB instances. */
export const WAF_PERF_040: ControlDef = {
  id: 'WAF-PERF-040',
  name: 'Database Performance',
  levels: {
    1: 'no analysis; slow queries unknown',
    2: 'slow query log enabled',
    3: 'Performance Insights active; index strategy',
    4: 'automatic regression detection',
    5: 'query SLOs, automatic tuning',
  },
  subject: { measure: 'subject.databases', none: 'no databases' },
  criteria: [
    criterion('WAF-PERF-040', 2, 'most production DB instances have the slow-query log exported or enabled', {
      observe: [needs('rds.slowLog', 'most')],
      hint: 'set slow_query_log=1 (MySQL/MariaDB) or log_min_duration_statement >= 0 (PostgreSQL), or export the slow query log',
    }),
    criterion(
      'WAF-PERF-040',
      3,
      'Performance Insights / Database Insights on every production DB instance, and the index strategy attested',
      {
        observe: [needs('rds.performanceInsights', 'all')],
        attest: 'the index strategy for high-frequency queries is documented',
        items: ['L3-11'],
        hint: 'enable Performance Insights on every production DB instance, then attest WAF-PERF-040:L3 (or L3-11)',
      },
    ),
    criterion('WAF-PERF-040', 4, 'anomaly detection (DevOps Guru for RDS) on most production DB instances', {
      observe: [needs('rds.anomalyDetection', 'most')],
      hint: 'enable DevOps Guru for RDS on the production databases',
    }),
    attested('WAF-PERF-040', 5, 'query SLOs, automatic tuning (attested)'),
  ],
};
