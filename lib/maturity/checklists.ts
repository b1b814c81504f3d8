/**
 * The self-assessment checklists (the overall level), verbatim, with how each item is observed: a measure and the
 * share its wording maps to ("How a level is earned"), or an attestation.
 */
import { item, needs } from './define.js';
import type { ChecklistDef } from './types.js';
import { DEBT_IMPACT, MIN_REGISTER_SCANS, REGISTER_SCANS } from './controls/waf-perf-100.js';

export const CHECKLISTS: readonly ChecklistDef[] = [
  {
    level: 2,
    required: 4,
    rule: 'Level 2 is reached when at least 4 of these 6 apply (if at least 4 do not apply: Level 1 action required)',
    items: [
      item(2, 1, 'CPU, memory, and latency metrics are collected for all production services', {
        observe: [needs('ec2.cpuAndMemoryProduction', 'all', 'unknown')],
        hint: 'install the CloudWatch agent (memory metrics) on every running production instance',
      }),
      item(2, 2, 'Performance targets exist informally (e.g. "should be under 500ms")', {
        // An alarm threshold on an entry point's latency is a target; its absence proves nothing (documents).
        observe: [needs('entryPoints.latencyAlarm', 'one', 'unknown')],
        notMetIsUnknown: true,
        hint: 'create an alarm on an entry point latency, or attest L2-2 with a link to the documented targets',
      }),
      item(2, 3, 'Auto-scaling is configured for at least one workload', {
        observe: [needs('scaling.scales', 'one')],
        hint: 'add a target tracking scaling policy to an Auto Scaling group or Application Auto Scaling target',
      }),
      item(2, 4, 'Slow query logging is active in at least one database', {
        observe: [needs('rds.slowLog', 'one')],
        hint: 'set slow_query_log=1 (MySQL/MariaDB) or log_min_duration_statement >= 0 (PostgreSQL) in a DB parameter group',
      }),
      item(2, 5, 'Manual load tests are performed before major releases', {
        attest: 'manual load tests before major releases',
        hint: 'attest L2-5 with a link to the last load-test report',
      }),
      item(2, 6, 'Caching is implemented for static assets', {
        observe: [needs('cloudfront.static', 'one')],
        hint: 'serve static assets through a CloudFront distribution with an S3 origin',
      }),
    ],
  },
  {
    level: 3,
    required: 10,
    rule: 'Level 3 is reached when at least 10 of these 13 apply',
    items: [
      item(3, 1, 'Formal SLOs (with P95/P99 latency targets) defined for all production-critical services', {
        observe: [needs('entryPoints.latencySlo', 'all', 'unknown')],
        hint: 'define Application Signals latency SLOs (p95/p99) for every request entry point',
      }),
      item(3, 2, 'SLOs are instrumented: SLIs are continuously measured', {
        observe: [needs('slos.exist', 'one')],
        hint: 'create Application Signals SLOs so the SLIs are measured continuously',
      }),
      item(3, 3, 'SLO burn rate alerting is configured', {
        observe: [needs('slos.burnRate', 'most')],
        hint: 'create burn-rate alarms (with an action) for the SLOs',
      }),
      item(3, 4, 'Auto-scaling configured for all stateless production workloads', {
        observe: [needs('scaling.scalesProduction', 'all', 'unknown')],
        hint: 'give every production Auto Scaling group min < max and a scaling policy, and every scalable target a policy',
      }),
      item(3, 5, 'Auto-scaling validated by load test under realistic load', {
        attest: 'auto-scaling validated by a load test',
        hint: 'attest L3-5 with a link to the load-test report',
      }),
      item(3, 6, 'Load tests run automatically in the CI/CD pipeline as a deployment gate', {
        attest: 'load tests gate deployments',
        hint: 'attest L3-6 with a link to the pipeline stage',
      }),
      item(3, 7, 'Acceptance criteria for load tests are defined and enforced', {
        attest: 'load-test acceptance criteria',
        hint: 'attest L3-7 with a link to the criteria',
      }),
      item(3, 8, 'Caching strategy is documented (layer, TTL, invalidation)', {
        attest: 'the caching strategy is documented',
        hint: 'attest L3-8 with a link to the caching strategy',
      }),
      item(3, 9, 'Cache hit rates are measured and monitored', {
        observe: [needs('caches.hitRateMeasured', 'most', 'unknown')],
        hint: 'enable CloudFront additional metrics (CacheHitRate) on the distributions',
      }),
      item(3, 10, 'Performance Insights or equivalent database monitoring is active', {
        observe: [needs('rds.performanceInsights', 'most', 'unknown')],
        hint: 'enable Performance Insights (or Database Insights) on the production DB instances',
      }),
      item(3, 11, 'Index strategy for high-frequency queries is documented', {
        attest: 'the index strategy is documented',
        hint: 'attest L3-11 with a link to the index strategy',
      }),
      item(3, 12, 'Performance debt register exists and is kept up to date', {
        observe: [REGISTER_SCANS],
        hint: `run perfscan at least ${MIN_REGISTER_SCANS} times (ideally on a schedule): every scan updates its debt register`,
      }),
      item(3, 13, 'All EBS/managed disks for new deployments use gp3 or Premium SSD', {
        observe: [needs('storage.newModern', 'all', 'unknown')],
        hint: 'create new volumes as gp3 (or io2): set gp3 in launch templates and EBS default settings',
      }),
    ],
  },
  {
    level: 4,
    required: 8,
    rule: 'Level 4 is reached when at least 8 of these 10 apply',
    items: [
      item(4, 1, 'Error budgets are tracked and considered in deployment decisions', {
        observe: [needs('slos.burnRate', 'most')],
        hint: 'track error budgets with Application Signals SLOs and burn-rate alarms',
      }),
      item(4, 2, 'Performance regressions are automatically detected in CI/CD (baseline comparison)', {
        attest: 'automatic regression detection in CI/CD',
        hint: 'attest L4-2 with a link to the regression gate',
      }),
      item(4, 3, 'Performance debt register contains business impact estimates', {
        observe: [DEBT_IMPACT],
        hint: 'keep impact estimates on the open debt-register entries',
      }),
      item(4, 4, 'Quarterly performance reviews with engineering leadership take place', {
        attest: 'quarterly performance reviews',
        hint: 'attest L4-4 with a link to the last review',
      }),
      item(4, 5, 'Debt paydown is prioritized in the sprint backlog', {
        attest: 'debt paydown in the backlog',
        hint: 'attest L4-5 with a link to the backlog',
      }),
      item(4, 6, 'VPC endpoints configured for all major cloud service APIs', {
        observe: [needs('vpc.allEndpoints', 'all', 'unknown')],
        hint: 'add S3/DynamoDB gateway endpoints and logs/monitoring/sts interface endpoints to every VPC with private subnets',
      }),
      item(4, 7, 'CDN cache hit rate >= 95% for static content', {
        observe: [needs('cloudfront.staticHitRate', 'most', 'unknown')],
        hint: 'enable CloudFront additional metrics and raise the static hit rate (longer TTLs, cache policy, Origin Shield)',
      }),
      item(4, 8, 'Lambda/function memory optimized through profiling (power tuning or equivalent)', {
        observe: [needs('lambda.optimized', 'most', 'unknown')],
        hint: 'apply the Compute Optimizer (or Lambda Power Tuning) memory recommendations',
      }),
      item(4, 9, 'gp2-to-gp3 migration fully completed', {
        observe: [needs('storage.noGp2', 'all', 'unknown')],
        hint: 'migrate the remaining gp2 EBS volumes and RDS storage to gp3',
      }),
      item(4, 10, 'Stress test reports (2x, 5x peak load) for all critical services', {
        attest: 'stress-test reports',
        hint: 'attest L4-10 with a link to the stress-test reports',
      }),
    ],
  },
];
