/**
 * The Performance Efficiency maturity model as data (contract: ../shared/maturity-model.md, verbatim ids,
 * labels, texts and thresholds), with how perfscan assesses every checklist item and control level criterion.
 *
 * Assessment rules (rendered into docs/maturity.md):
 * - `observed`: a pure function of the account facts (lib/maturity/facts.ts), the findings and the scan history.
 *   A fact source with a gap or not scanned in any unit can never make a criterion `met`.
 *   Items that claim something exists ("at least one", "is configured") are `not met` when the account,
 *   fully assessed, has none. Items that claim something of every resource ("all", "every") are `unknown`
 *   when there is no such resource at all (nothing to observe; attest it if it holds outside the account).
 * - `observed+attested`: the observed part must be met and an attestation must confirm the practice part.
 * - `attestation-only`: nothing in the account shows it; only a (non-expired) attestation answers it.
 */
import type { ControlId, FactSource, Finding, ItemState, Level, UnitFacts } from '#lib/model/index.js';
import {
  CACHE_HIT_RATE_MIN,
  MAJOR_INTERFACE_ENDPOINT_SERVICES,
  PERCENTILE_ALARM_MIN,
  RECENT_VOLUME_DAYS,
  STATIC_CDN_HIT_RATE_MIN,
} from './facts.js';

// ---------------------------------------------------------------- types

export interface ScanHistory {
  /** Scans in the findings store for this account, including the current one. */
  scans: number;
  /** Open entries in the performance-debt register. */
  openDebt: number;
  /** Open entries that carry an impact estimate (expected gain or savings). */
  debtWithImpact: number;
  /** A schedule (EventBridge Scheduler) runs scans automatically. */
  scheduled: boolean;
}

export interface ObserveContext {
  history: ScanHistory;
  /** Scan time, ISO. */
  now: string;
}

export interface Observation {
  state: ItemState;
  /** The facts that decided it, with numbers. */
  evidence: string[];
}

export type Observe = (facts: UnitFacts, findings: readonly Finding[], ctx: ObserveContext) => Observation;

export type Assessment =
  | {
      kind: 'observed';
      /** Facts, metrics and APIs it reads (for docs). */
      uses: string[];
      observe: Observe;
    }
  | {
      kind: 'observed+attested';
      uses: string[];
      observe: Observe;
      /** What the attestation must confirm. */
      attest: string;
    }
  | { kind: 'attestation-only' };

export interface CriterionDef {
  /** `L2-1` for checklist items, `WAF-PERF-040:L3` for control criteria. */
  id: string;
  /** What perfscan requires, in words. For checklist items: the item text, verbatim. */
  text: string;
  assessment: Assessment;
  /** Attestation ids accepted: its own id first, then checklist items that say the same thing. */
  attestationIds: string[];
  /** How to turn it to met, or make it observable. */
  hint: string;
}

export interface ChecklistItemDef extends CriterionDef {
  level: 2 | 3 | 4;
  number: number;
}

export interface ChecklistDef {
  level: 2 | 3 | 4;
  required: number;
  /** The model's sentence, verbatim. */
  rule: string;
  items: ChecklistItemDef[];
}

export interface ControlCriterionDef extends CriterionDef {
  control: ControlId;
  level: 2 | 3 | 4 | 5;
}

export interface ControlDef {
  id: ControlId;
  name: string;
  /** The model's one-line description of each level, verbatim. */
  levels: Record<Level, string>;
  /** What Level 1 looks like in the account (the default when L2 is not met). */
  l1Evidence: string;
  /** Criteria for L2..L5, in order. */
  criteria: ControlCriterionDef[];
}

export interface LevelDef {
  level: Level;
  label: string;
  summary: string;
}

export interface EntryStep {
  weeks: string;
  action: string;
  control: ControlId;
}

// ---------------------------------------------------------------- levels and entry path (verbatim)

export const LEVELS: readonly LevelDef[] = [
  {
    level: 1,
    label: 'Reactive / Undocumented',
    summary: 'no baselines, no SLOs, static capacity, no slow-query logs, no load tests',
  },
  {
    level: 2,
    label: 'Documented & Defined',
    summary:
      'basic metrics, informal targets, some auto-scaling, slow-query logging, manual load tests, some caching',
  },
  {
    level: 3,
    label: 'Enforced & Monitored',
    summary:
      'formal SLOs instrumented, validated auto-scaling, load tests as CI gate, measured cache hit rates, Performance Insights, debt register',
  },
  {
    level: 4,
    label: 'Measured & Automated',
    summary:
      'error budgets, automatic regression detection, optimal storage types everywhere, VPC endpoints + CDN everywhere, serverless profiling',
  },
  {
    level: 5,
    label: 'Optimized & Predictive',
    summary:
      'predictive capacity, fully autonomous scaling, continuous debt paydown, SLOs in ADRs, ML anomaly detection',
  },
];

export const ENTRY_PATH: readonly EntryStep[] = [
  {
    weeks: '1-2',
    action: 'SLO workshop: define P95/P99 targets for all production services; review monitoring stack',
    control: 'WAF-PERF-050',
  },
  {
    weeks: '3-4',
    action: 'Slow query analysis: enable Performance Insights, optimize top-20 queries',
    control: 'WAF-PERF-040',
  },
  {
    weeks: '5-6',
    action: 'Auto-scaling for the three most important stateless services',
    control: 'WAF-PERF-020',
  },
  { weeks: '7-8', action: 'First load test in staging; define acceptance criteria', control: 'WAF-PERF-060' },
  { weeks: '9-10', action: 'Start gp2-to-gp3 migration for all EBS volumes', control: 'WAF-PERF-090' },
  {
    weeks: '11-12',
    action: 'Create the performance debt register: capture known problems, prioritize',
    control: 'WAF-PERF-100',
  },
];

export const ENTRY_PATH_NOTE =
  'Start with measuring (WAF-PERF-050) and database optimization (WAF-PERF-040): these two typically have the highest impact per unit of investment.';

// ---------------------------------------------------------------- thresholds

/** "most running instances" / "mostly Optimized": perfscan reads "most" as at least 80%. */
export const MOST_SHARE = 0.8;
/** "few over/under-provisioned instances": at most 10% of running instances. perfscan default. */
export const FEW_SHARE = 0.1;
/** WAF-PERF-100 L3: "the scanner's own register exists with at least two scans". */
export const MIN_REGISTER_SCANS = 2;

/** The thresholds criteria use, with their source (rendered into docs/maturity.md). */
export const THRESHOLDS: readonly { name: string; value: string; source: string }[] = [
  {
    name: '"most" / "mostly"',
    value: `>= ${MOST_SHARE * 100}%`,
    source: 'perfscan default reading of the model',
  },
  {
    name: '"few" over/under-provisioned instances',
    value: `<= ${FEW_SHARE * 100}% of running instances`,
    source: 'perfscan default',
  },
  { name: 'cache hit rate', value: `>= ${CACHE_HIT_RATE_MIN}%`, source: 'maturity model WAF-PERF-030 L4' },
  {
    name: 'static-content CDN hit rate',
    value: `>= ${STATIC_CDN_HIT_RATE_MIN}%`,
    source: 'maturity model checklist L4-7',
  },
  {
    name: '"new deployments" (L3-13)',
    value: `volumes created in the last ${RECENT_VOLUME_DAYS} days`,
    source: 'perfscan default',
  },
  {
    name: 'major service APIs (interface endpoints)',
    value: MAJOR_INTERFACE_ENDPOINT_SERVICES.join(', '),
    source: 'perfscan default: the APIs every private workload calls (logs, metrics, credentials)',
  },
  {
    name: 'percentile alarms',
    value: `extended statistic p${PERCENTILE_ALARM_MIN} or higher`,
    source: 'maturity model "P95/P99"',
  },
  {
    name: 'debt register',
    value: `>= ${MIN_REGISTER_SCANS} scans`,
    source: 'maturity model WAF-PERF-100 L3',
  },
];

// ---------------------------------------------------------------- observation helpers

const met = (...evidence: string[]): Observation => ({ state: 'met', evidence });
const notMet = (...evidence: string[]): Observation => ({ state: 'not met', evidence });
const unknown = (...evidence: string[]): Observation => ({ state: 'unknown', evidence });

/** Every unit assessed the sources: no gap, nothing left unscanned, at least one unit. */
export function complete(f: UnitFacts, ...sources: FactSource[]): boolean {
  return sources.every((s) => {
    const c = f.coverage[s];
    return c.assessed > 0 && c.gaps === 0 && c.notScanned === 0;
  });
}

/** Why a set of sources is not fully assessed, in words. */
export function coverageGaps(f: UnitFacts, ...sources: FactSource[]): string[] {
  const out: string[] = [];
  for (const s of sources) {
    const c = f.coverage[s];
    const units = c.assessed + c.gaps + c.notScanned;
    if (units === 0) out.push(`${s}: not collected in any unit (not assessed)`);
    else if (c.gaps > 0 || c.notScanned > 0) {
      const parts = [
        c.gaps > 0 ? `gap in ${c.gaps} of ${units} units` : '',
        c.notScanned > 0 ? `not scanned in ${c.notScanned}` : '',
      ];
      out.push(`${s}: ${parts.filter(Boolean).join(', ')} (not assessed)`);
    }
  }
  return out;
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${Math.round((n / d) * 100)}%`);

/** "At least one X": met on one observed X; not met only when every unit assessed the sources and found none. */
function existential(f: UnitFacts, sources: FactSource[], count: number, what: string): Observation {
  if (count >= 1) return met(`${count} ${what}`);
  if (complete(f, ...sources)) return notMet(`0 ${what}`);
  return unknown(`0 ${what} in the assessed units`, ...coverageGaps(f, ...sources));
}

function incomplete(f: UnitFacts, sources: FactSource[], ...evidence: string[]): Observation | undefined {
  return complete(f, ...sources) ? undefined : unknown(...evidence, ...coverageGaps(f, ...sources));
}

// ---------------------------------------------------------------- shared observations

const SRC_CPU: FactSource[] = ['ec2.instances', 'ec2.cpuMetrics'];
const SRC_MEM: FactSource[] = ['ec2.instances', 'ec2.memoryMetrics'];
const SRC_SCALING: FactSource[] = ['autoscaling.groups', 'autoscaling.scalableTargets'];
const SRC_CACHES: FactSource[] = [
  'cloudfront.distributions',
  'cloudfront.hitRateMetrics',
  'elasticache.clusters',
  'elasticache.hitMetrics',
];
const SRC_STORAGE: FactSource[] = ['ebs.volumes', 'rds.instances'];

function observeMetricsCollected(f: UnitFacts): Observation {
  const e = f.ec2;
  const ev = [
    `${e.runningWithCpuData} of ${e.runningCpuAssessed} running instances with CPUUtilization data`,
    `${e.runningWithMemoryMetric} of ${e.runningWithMemoryMetric + e.runningWithoutMemoryMetric} running instances with a CloudWatch agent memory metric`,
  ];
  if (e.runningWithoutCpuData > 0 || e.runningWithoutMemoryMetric > 0) return notMet(...ev);
  const gap = incomplete(f, [...SRC_CPU, ...SRC_MEM], ...ev);
  if (gap) return gap;
  if (e.running === 0) return unknown('no running EC2 instances: nothing to observe');
  if (e.runningCpuUnknown > 0)
    return unknown(...ev, `${e.runningCpuUnknown} running instances without a CPU series in the snapshot`);
  return met(
    ...ev,
    'latency: load balancer, Lambda and CloudFront latency metrics are published by AWS by default',
  );
}

function observeSlowLog(f: UnitFacts): Observation {
  const r = f.rds;
  const ev = `${r.slowLogOn} of ${r.slowLogEligible} MySQL/MariaDB/PostgreSQL DB instances with the slow query log on (parameter groups)`;
  if (r.slowLogOn >= 1) return met(ev);
  const gap = incomplete(f, ['rds.instances', 'rds.parameterGroups'], ev);
  if (gap) return gap;
  if (r.slowLogUnknown > 0)
    return unknown(ev, `${r.slowLogUnknown} DB instances whose parameter groups were not read`);
  return notMet(ev, `${r.instances} RDS DB instances in total`);
}

function observePerformanceInsights(f: UnitFacts): Observation {
  const r = f.rds;
  const prod = r.production > 0;
  const total = prod ? r.production : r.instances;
  const on = prod ? r.productionWithPerformanceInsights : r.withPerformanceInsights;
  const ev = `${on} of ${total} ${prod ? 'production-tagged ' : ''}RDS DB instances with Performance Insights or Database Insights (advanced)`;
  if (on < total) return notMet(ev);
  const gap = incomplete(f, ['rds.instances'], ev);
  if (gap) return gap;
  if (total === 0) return unknown('no RDS DB instances: nothing to observe');
  return met(ev);
}

function observeScalingAll(f: UnitFacts): Observation {
  const a = f.autoscaling;
  const ev = [
    `${a.groupsScaling} of ${a.groups} Auto Scaling groups scale (min < max and a scaling policy)`,
    `${a.scalableTargetsWithPolicy} of ${a.scalableTargets} Application Auto Scaling targets with a policy`,
  ];
  if (a.groupsScaling < a.groups || a.scalableTargetsWithPolicy < a.scalableTargets) return notMet(...ev);
  const gap = incomplete(f, SRC_SCALING, ...ev);
  if (gap) return gap;
  if (a.groups + a.scalableTargets === 0)
    return unknown('no Auto Scaling group or scalable target: nothing to observe');
  return met(...ev);
}

function observeHitRatesMeasured(f: UnitFacts): Observation {
  const c = f.cloudfront;
  const e = f.elasticache;
  const ev = [
    `${c.hitRateMeasured} of ${c.distributions} CloudFront distributions with CacheHitRate measured (additional metrics; ${c.hitRateIdle} idle)`,
    `${e.hitMeasured} of ${e.clusters} ElastiCache clusters with hit/miss metrics`,
  ];
  if (c.hitRateNotMeasured > 0 || e.hitNotMeasured > 0) return notMet(...ev);
  const gap = incomplete(f, SRC_CACHES, ...ev);
  if (gap) return gap;
  if (c.distributions - c.hitRateIdle + e.clusters === 0) {
    return unknown('no CloudFront distribution with traffic or ElastiCache cluster: nothing to observe');
  }
  if (c.hitRateMeasured + c.hitRateIdle < c.distributions || e.hitMeasured < e.clusters) {
    return unknown(...ev, 'hit-rate series missing from the snapshot for some caches');
  }
  return met(...ev);
}

function observeHitRates(f: UnitFacts): Observation {
  const c = f.cloudfront;
  const e = f.elasticache;
  const ev = [
    `${c.hitRateAtLeast80} of ${c.hitRateWithData} CloudFront distributions with data at CacheHitRate >= ${CACHE_HIT_RATE_MIN}%`,
    `${c.staticAtLeast95} of ${c.staticWithData} static-content distributions at >= ${STATIC_CDN_HIT_RATE_MIN}%`,
    `${e.hitAtLeast80} of ${e.hitWithTraffic} ElastiCache clusters with traffic at hit rate >= ${CACHE_HIT_RATE_MIN}%`,
  ];
  const below =
    c.hitRateWithData -
    c.hitRateAtLeast80 +
    (c.staticWithData - c.staticAtLeast95) +
    (e.hitWithTraffic - e.hitAtLeast80);
  if (below > 0) return notMet(...ev);
  if (c.hitRateNotMeasured > 0 || e.hitNotMeasured > 0) {
    return notMet(...ev, `${c.hitRateNotMeasured + e.hitNotMeasured} caches without a measured hit rate`);
  }
  const gap = incomplete(f, SRC_CACHES, ...ev);
  if (gap) return gap;
  if (c.hitRateWithData + e.hitWithTraffic === 0)
    return unknown('no cache with hit-rate data in the window: nothing to observe');
  if (c.hitRateMeasured + c.hitRateIdle < c.distributions || e.hitMeasured < e.clusters) {
    return unknown(...ev, 'hit-rate series missing from the snapshot for some caches');
  }
  return met(...ev);
}

function observeStaticCdn(f: UnitFacts): Observation {
  return existential(
    f,
    ['cloudfront.distributions'],
    f.cloudfront.static,
    'enabled CloudFront distributions serving static content (S3 origin)',
  );
}

function observeStaticCdnHitRate(f: UnitFacts): Observation {
  const c = f.cloudfront;
  const ev = `${c.staticAtLeast95} of ${c.staticWithData} static-content distributions with data at CacheHitRate >= ${STATIC_CDN_HIT_RATE_MIN}% (${c.staticMeasured} of ${c.static} measured)`;
  if (c.staticWithData > c.staticAtLeast95) return notMet(ev);
  if (c.staticNotMeasured > 0)
    return notMet(
      ev,
      `${c.staticNotMeasured} static-content distributions without CacheHitRate (additional metrics off)`,
    );
  const gap = incomplete(f, ['cloudfront.distributions', 'cloudfront.hitRateMetrics'], ev);
  if (gap) return gap;
  if (c.static - c.staticIdle === 0)
    return unknown('no static-content CloudFront distribution with traffic: nothing to observe');
  if (c.staticWithData === 0 || c.staticMeasured + c.staticIdle < c.static) {
    return unknown(ev, 'no CacheHitRate data for some static distributions');
  }
  return met(ev);
}

function observeLambdaProfiled(f: UnitFacts): Observation {
  const l = f.lambda;
  const assessed = l.coOptimized + l.coNotOptimized;
  const ev = `${l.coOptimized} of ${assessed} Lambda functions with a Compute Optimizer memory recommendation are Optimized (${l.coUnavailable} of ${l.functions} without one)`;
  if (l.coNotOptimized > 0) return notMet(ev);
  const gap = incomplete(f, ['lambda.functions', 'lambda.computeOptimizer'], ev);
  if (gap) return gap;
  if (l.functions === 0) return unknown('no Lambda functions: nothing to observe');
  if (assessed === 0) {
    return unknown(
      ev,
      'no usable Compute Optimizer recommendation (not enrolled, or < 50 invocations in 14 days): memory use is not measured',
    );
  }
  return met(ev);
}

function storageLegacy(f: UnitFacts): { gp2: number; legacy: number; total: number; ev: string[] } {
  const b = f.ebs;
  const r = f.rds;
  return {
    gp2: b.gp2 + r.storageGp2,
    legacy: b.gp2 + b.io1 + b.standard + r.storageGp2 + r.storageIo1 + r.storageStandard,
    total: b.volumes + r.instances,
    ev: [
      `EBS volumes: ${b.volumes} (gp2 ${b.gp2}, gp3 ${b.gp3}, io1 ${b.io1}, io2 ${b.io2}, standard ${b.standard}, st1/sc1 ${b.hdd})`,
      `RDS storage: ${r.instances} DB instances (gp2 ${r.storageGp2}, gp3 ${r.storageGp3}, io1 ${r.storageIo1}, io2 ${r.storageIo2}, magnetic ${r.storageStandard}, aurora ${r.storageAurora})`,
    ],
  };
}

function observeNoGp2(f: UnitFacts): Observation {
  const s = storageLegacy(f);
  if (s.gp2 > 0) return notMet(`${s.gp2} gp2 volumes/DB instances left`, ...s.ev);
  const gap = incomplete(f, SRC_STORAGE, ...s.ev);
  if (gap) return gap;
  if (s.total === 0) return unknown('no EBS volumes or RDS DB instances: nothing to observe');
  return met('0 gp2 volumes/DB instances left', ...s.ev);
}

function observeNoLegacyStorage(f: UnitFacts): Observation {
  const s = storageLegacy(f);
  if (s.legacy > 0) return notMet(`${s.legacy} gp2/io1/magnetic volumes or DB instances left`, ...s.ev);
  const gap = incomplete(f, SRC_STORAGE, ...s.ev);
  if (gap) return gap;
  if (s.total === 0) return unknown('no EBS volumes or RDS DB instances: nothing to observe');
  return met('0 gp2/io1/magnetic volumes or DB instances left', ...s.ev);
}

function observeDebtImpact(_f: UnitFacts, _x: readonly Finding[], ctx: ObserveContext): Observation {
  const h = ctx.history;
  const ev = `${h.debtWithImpact} of ${h.openDebt} open debt-register entries carry an impact estimate`;
  if (h.openDebt === 0) return unknown('the debt register has no open entries: nothing to quantify');
  return h.debtWithImpact >= h.openDebt ? met(ev) : notMet(ev);
}

function observeRegister(_f: UnitFacts, _x: readonly Finding[], ctx: ObserveContext): Observation {
  const h = ctx.history;
  const ev = [
    `${h.scans} scans in perfscan's performance-debt register (needs >= ${MIN_REGISTER_SCANS})`,
    `${h.openDebt} open entries`,
    `scheduled scans: ${h.scheduled ? 'yes' : 'no'}`,
  ];
  return h.scans >= MIN_REGISTER_SCANS ? met(...ev) : notMet(...ev);
}

function observeSlos(f: UnitFacts): Observation {
  return existential(
    f,
    ['cloudwatch.slos'],
    f.cloudwatch.slos,
    'Application Signals service level objectives',
  );
}

function observeBurnRateAlarms(f: UnitFacts): Observation {
  return existential(f, ['cloudwatch.alarms'], f.cloudwatch.burnRateAlarms, 'SLO burn-rate alarms');
}

function observeErrorBudgets(f: UnitFacts): Observation {
  const w = f.cloudwatch;
  const ev = [
    `${w.slos} SLOs (${w.slosWithBurnRateWindows} with burn-rate windows)`,
    `${w.burnRateAlarms} burn-rate alarms`,
  ];
  if (w.slos >= 1 && w.burnRateAlarms >= 1) return met(...ev);
  if (
    (w.burnRateAlarms === 0 && complete(f, 'cloudwatch.alarms')) ||
    (w.slos === 0 && complete(f, 'cloudwatch.slos'))
  ) {
    return notMet(...ev);
  }
  return unknown(...ev, ...coverageGaps(f, 'cloudwatch.alarms', 'cloudwatch.slos'));
}

// ---------------------------------------------------------------- checklists

const USES = {
  cpu: 'CloudWatch AWS/EC2 CPUUtilization (Average, 3600 s) per running instance',
  mem: 'CloudWatch agent memory metric (CWAgent mem_used_percent) per running instance: cloudwatch.agentMemoryInstanceIds',
  instances: 'ec2:DescribeInstances (running instances)',
  types: 'ec2:DescribeInstanceTypes CurrentGeneration',
  alarms: 'cloudwatch:DescribeAlarms (metric, statistic / extended statistic, anomaly band, burn-rate math)',
  slos: 'application-signals:ListServiceLevelObjectives',
  asg: 'autoscaling:DescribeAutoScalingGroups, DescribePolicies (min/max, policy types)',
  aas: 'application-autoscaling:DescribeScalableTargets, DescribeScalingPolicies',
  rds: 'rds:DescribeDBInstances, DescribeDBClusters',
  params:
    'rds:DescribeDBParameters / DescribeDBClusterParameters (slow_query_log, log_min_duration_statement)',
  cf: 'cloudfront:ListDistributions (enabled, S3 origin on the default behavior = static content)',
  cfHit:
    'CloudWatch AWS/CloudFront CacheHitRate (Average, 86400 s, Region=Global), cloudfront:GetMonitoringSubscription',
  ec: 'elasticache:DescribeCacheClusters',
  ecHit: 'CloudWatch AWS/ElastiCache CacheHits/CacheMisses (Memcached GetHits/GetMisses, Sum, 86400 s)',
  ebs: 'ec2:DescribeVolumes (VolumeType, CreateTime)',
  vpc: 'ec2:DescribeVpcs, DescribeRouteTables (0.0.0.0/0 -> NAT gateway), DescribeVpcEndpoints',
  lambda: 'lambda:ListFunctions (MemorySize, Architectures, SnapStart), ListProvisionedConcurrencyConfigs',
  coLambda: 'compute-optimizer:GetLambdaFunctionRecommendations (finding)',
  co: 'compute-optimizer:GetEnrollmentStatus, GetEC2InstanceRecommendations, GetAutoScalingGroupRecommendations',
  guru: 'devops-guru:DescribeServiceIntegration / resource collection (DevOps Guru for RDS), anomaly-detection alarms on AWS/RDS',
  history: "perfscan's findings store: scans, debt register entries, schedule",
  sizing: 'ec2 sizing findings (over-provisioned / saturated CPU checks)',
  ioAlarms:
    'cloudwatch:DescribeAlarms on AWS/EBS and AWS/RDS IOPS, latency, queue depth, throughput, burst balance metrics',
} as const;

function item(
  level: 2 | 3 | 4,
  number: number,
  text: string,
  assessment: Assessment,
  hint: string,
): ChecklistItemDef {
  const id = `L${level}-${number}`;
  return { id, level, number, text, assessment, attestationIds: [id], hint };
}

const ATTEST: Assessment = { kind: 'attestation-only' };

export const CHECKLISTS: readonly ChecklistDef[] = [
  {
    level: 2,
    required: 4,
    rule: 'Level 2 is reached when at least 4 of these 6 apply (if at least 4 do not apply: Level 1 action required)',
    items: [
      item(
        2,
        1,
        'CPU, memory, and latency metrics are collected for all production services',
        { kind: 'observed', uses: [USES.instances, USES.cpu, USES.mem], observe: observeMetricsCollected },
        'install the CloudWatch agent (memory metrics) on every running instance',
      ),
      item(
        2,
        2,
        'Performance targets exist informally (e.g. "should be under 500ms")',
        {
          kind: 'observed',
          uses: [USES.alarms],
          // An alarm threshold on a latency metric is a target; its absence proves nothing (targets can live in docs).
          observe: (f) =>
            f.cloudwatch.latencyAlarms >= 1
              ? met(`${f.cloudwatch.latencyAlarms} alarms on latency metrics (their thresholds are targets)`)
              : unknown(
                  `${f.cloudwatch.latencyAlarms} alarms on latency metrics; informal targets may exist outside the account`,
                ),
        },
        'create an alarm on a latency metric, or attest L2-2 with a link to the documented targets',
      ),
      item(
        2,
        3,
        'Auto-scaling is configured for at least one workload',
        {
          kind: 'observed',
          uses: [USES.asg, USES.aas],
          observe: (f) =>
            existential(
              f,
              SRC_SCALING,
              f.autoscaling.groupsWithPolicy + f.autoscaling.scalableTargetsWithPolicy,
              'Auto Scaling groups or scalable targets with a scaling policy',
            ),
        },
        'add a target tracking scaling policy to an Auto Scaling group or Application Auto Scaling target',
      ),
      item(
        2,
        4,
        'Slow query logging is active in at least one database',
        { kind: 'observed', uses: [USES.rds, USES.params], observe: observeSlowLog },
        'set slow_query_log=1 (MySQL/MariaDB) or log_min_duration_statement >= 0 (PostgreSQL) in a DB parameter group',
      ),
      item(
        2,
        5,
        'Manual load tests are performed before major releases',
        ATTEST,
        'attest L2-5 with a link to the last load-test report',
      ),
      item(
        2,
        6,
        'Caching is implemented for static assets',
        { kind: 'observed', uses: [USES.cf], observe: observeStaticCdn },
        'serve static assets through a CloudFront distribution with an S3 origin',
      ),
    ],
  },
  {
    level: 3,
    required: 10,
    rule: 'Level 3 is reached when at least 10 of these 13 apply',
    items: [
      item(
        3,
        1,
        'Formal SLOs (with P95/P99 latency targets) defined for all production-critical services',
        {
          kind: 'observed',
          uses: [USES.slos],
          observe: (f) => {
            const w = f.cloudwatch;
            const o = existential(
              f,
              ['cloudwatch.slos'],
              w.latencySlos,
              'latency SLOs (Application Signals)',
            );
            if (o.state === 'met') {
              return {
                ...o,
                evidence: [
                  ...o.evidence,
                  `${w.slos} SLOs in total; which services are production-critical is not observable`,
                ],
              };
            }
            // An SLO whose metric type was not read could be a latency SLO.
            if (o.state === 'not met' && w.slosTypeUnknown > 0)
              return unknown(...o.evidence, `${w.slosTypeUnknown} SLOs of unread type`);
            return o;
          },
        },
        'define Application Signals latency SLOs (p95/p99) for the production-critical services',
      ),
      item(
        3,
        2,
        'SLOs are instrumented: SLIs are continuously measured',
        { kind: 'observed', uses: [USES.slos], observe: observeSlos },
        'create Application Signals SLOs so the SLIs are measured continuously',
      ),
      item(
        3,
        3,
        'SLO burn rate alerting is configured',
        { kind: 'observed', uses: [USES.alarms], observe: observeBurnRateAlarms },
        'create burn-rate alarms for the SLOs',
      ),
      item(
        3,
        4,
        'Auto-scaling configured for all stateless production workloads',
        { kind: 'observed', uses: [USES.asg, USES.aas], observe: observeScalingAll },
        'give every Auto Scaling group min < max and a scaling policy, and every scalable target a policy',
      ),
      item(
        3,
        5,
        'Auto-scaling validated by load test under realistic load',
        ATTEST,
        'attest L3-5 with a link to the load-test report',
      ),
      item(
        3,
        6,
        'Load tests run automatically in the CI/CD pipeline as a deployment gate',
        ATTEST,
        'attest L3-6 with a link to the pipeline stage',
      ),
      item(
        3,
        7,
        'Acceptance criteria for load tests are defined and enforced',
        ATTEST,
        'attest L3-7 with a link to the criteria',
      ),
      item(
        3,
        8,
        'Caching strategy is documented (layer, TTL, invalidation)',
        ATTEST,
        'attest L3-8 with a link to the caching strategy',
      ),
      item(
        3,
        9,
        'Cache hit rates are measured and monitored',
        {
          kind: 'observed',
          uses: [USES.cf, USES.cfHit, USES.ec, USES.ecHit],
          observe: observeHitRatesMeasured,
        },
        'enable CloudFront additional metrics (CacheHitRate) on every distribution',
      ),
      item(
        3,
        10,
        'Performance Insights or equivalent database monitoring is active',
        { kind: 'observed', uses: [USES.rds], observe: observePerformanceInsights },
        'enable Performance Insights (or Database Insights) on the production DB instances',
      ),
      item(
        3,
        11,
        'Index strategy for high-frequency queries is documented',
        ATTEST,
        'attest L3-11 with a link to the index strategy',
      ),
      item(
        3,
        12,
        'Performance debt register exists and is kept up to date',
        { kind: 'observed', uses: [USES.history], observe: observeRegister },
        `run perfscan at least ${MIN_REGISTER_SCANS} times (ideally on a schedule): its debt register is updated by every scan`,
      ),
      item(
        3,
        13,
        'All EBS/managed disks for new deployments use gp3 or Premium SSD',
        {
          kind: 'observed',
          uses: [USES.ebs],
          observe: (f) => {
            const b = f.ebs;
            const ev = `${b.recentLegacy} of ${b.recent} EBS volumes created in the last ${RECENT_VOLUME_DAYS} days are gp2, io1 or magnetic`;
            if (b.recentLegacy > 0) return notMet(ev);
            const gap = incomplete(f, ['ebs.volumes'], ev);
            if (gap) return gap;
            if (b.recent === 0) {
              return unknown(
                `no EBS volume created in the last ${RECENT_VOLUME_DAYS} days: nothing to observe`,
              );
            }
            return met(ev);
          },
        },
        'create new volumes as gp3 (or io2): set gp3 in launch templates and EBS default settings',
      ),
    ],
  },
  {
    level: 4,
    required: 8,
    rule: 'Level 4 is reached when at least 8 of these 10 apply',
    items: [
      item(
        4,
        1,
        'Error budgets are tracked and considered in deployment decisions',
        { kind: 'observed', uses: [USES.slos, USES.alarms], observe: observeErrorBudgets },
        'track error budgets with Application Signals SLOs and burn-rate alarms',
      ),
      item(
        4,
        2,
        'Performance regressions are automatically detected in CI/CD (baseline comparison)',
        ATTEST,
        'attest L4-2 with a link to the regression gate',
      ),
      item(
        4,
        3,
        'Performance debt register contains business impact estimates',
        { kind: 'observed', uses: [USES.history], observe: observeDebtImpact },
        'keep impact estimates on every open debt-register entry',
      ),
      item(
        4,
        4,
        'Quarterly performance reviews with engineering leadership take place',
        ATTEST,
        'attest L4-4 with a link to the last review',
      ),
      item(
        4,
        5,
        'Debt paydown is prioritized in the sprint backlog',
        ATTEST,
        'attest L4-5 with a link to the backlog',
      ),
      item(
        4,
        6,
        'VPC endpoints configured for all major cloud service APIs',
        {
          kind: 'observed',
          uses: [USES.vpc],
          observe: (f) => {
            const v = f.vpc;
            const ev = `${v.privateWithAllEndpoints} of ${v.privateVpcs} VPCs with private subnets have S3 and DynamoDB gateway endpoints and interface endpoints for ${MAJOR_INTERFACE_ENDPOINT_SERVICES.join(', ')}`;
            if (v.privateWithAllEndpoints < v.privateVpcs) return notMet(ev);
            const gap = incomplete(f, ['vpc.network'], ev);
            if (gap) return gap;
            if (v.privateVpcs === 0)
              return unknown('no VPC with private subnets (route to a NAT gateway): nothing to observe');
            return met(ev);
          },
        },
        `add S3/DynamoDB gateway endpoints and ${MAJOR_INTERFACE_ENDPOINT_SERVICES.join('/')} interface endpoints to every VPC with private subnets`,
      ),
      item(
        4,
        7,
        'CDN cache hit rate >= 95% for static content',
        { kind: 'observed', uses: [USES.cf, USES.cfHit], observe: observeStaticCdnHitRate },
        'enable CloudFront additional metrics and raise the static hit rate (longer TTLs, cache policy, Origin Shield)',
      ),
      item(
        4,
        8,
        'Lambda/function memory optimized through profiling (power tuning or equivalent)',
        { kind: 'observed', uses: [USES.lambda, USES.coLambda], observe: observeLambdaProfiled },
        'apply the Compute Optimizer (or Lambda Power Tuning) memory recommendations',
      ),
      item(
        4,
        9,
        'gp2-to-gp3 migration fully completed',
        { kind: 'observed', uses: [USES.ebs, USES.rds], observe: observeNoGp2 },
        'migrate the remaining gp2 EBS volumes and RDS storage to gp3',
      ),
      item(
        4,
        10,
        'Stress test reports (2x, 5x peak load) for all critical services',
        ATTEST,
        'attest L4-10 with a link to the stress-test reports',
      ),
    ],
  },
];

// ---------------------------------------------------------------- controls

function criterion(
  control: ControlId,
  level: 2 | 3 | 4 | 5,
  text: string,
  assessment: Assessment,
  hint: string,
  aliases: string[] = [],
): ControlCriterionDef {
  const id = `${control}:L${level}`;
  return { id, control, level, text, assessment, attestationIds: [id, ...aliases], hint };
}

const attestOnly = (
  control: ControlId,
  level: 2 | 3 | 4 | 5,
  text: string,
  aliases: string[] = [],
): ControlCriterionDef =>
  criterion(
    control,
    level,
    text,
    ATTEST,
    `attest ${control}:L${level}${aliases.length ? ` (or ${aliases.join(', ')})` : ''}`,
    aliases,
  );

export const CONTROLS: readonly ControlDef[] = [
  {
    id: 'WAF-PERF-010',
    name: 'Compute Sizing',
    levels: {
      1: 'no standard; over-provisioned',
      2: 'experience-based; documented',
      3: 'measured baseline; CI validation',
      4: 'Compute Optimizer integrated',
      5: 'ML-based predictive sizing',
    },
    l1Evidence: 'the default level (no criterion)',
    criteria: [
      criterion(
        'WAF-PERF-010',
        2,
        `most running instances (>= ${MOST_SHARE * 100}%) on current-generation types`,
        {
          kind: 'observed',
          uses: [USES.instances, USES.types],
          observe: (f) => {
            const e = f.ec2;
            const ev = `${e.runningCurrentGeneration} of ${e.running} running instances on current-generation types (${pct(e.runningCurrentGeneration, e.running)})`;
            const gap = incomplete(f, ['ec2.instances'], ev);
            if (gap) return gap;
            if (e.running === 0) return unknown('no running EC2 instances: nothing to observe');
            if (e.runningCurrentGeneration >= MOST_SHARE * e.running) return met(ev);
            // Types missing from DescribeInstanceTypes could still tip the share.
            if (e.runningCurrentGeneration + e.runningGenerationUnknown >= MOST_SHARE * e.running) {
              return unknown(ev, `${e.runningGenerationUnknown} running instances of types not described`);
            }
            return notMet(ev);
          },
        },
        'move previous-generation instances to current-generation types',
      ),
      criterion(
        'WAF-PERF-010',
        3,
        `CPU and CloudWatch agent memory metrics for every running instance (a measured baseline), and at most ${FEW_SHARE * 100}% of running instances over- or under-provisioned`,
        {
          kind: 'observed',
          uses: [USES.instances, USES.cpu, USES.mem, USES.sizing],
          observe: (f) => {
            const base = observeMetricsCollected(f);
            const e = f.ec2;
            const failing = e.overProvisioned + e.underProvisioned;
            const sizing = `${e.overProvisioned} over-provisioned and ${e.underProvisioned} under-provisioned of ${e.runningCpuAssessed} running instances (${e.sizingUnknown} not assessable)`;
            const evidence = [...base.evidence, sizing];
            if (base.state === 'not met' || failing > FEW_SHARE * e.runningCpuAssessed)
              return notMet(...evidence);
            if (base.state === 'unknown') return unknown(...evidence);
            if (failing + e.sizingUnknown > FEW_SHARE * e.runningCpuAssessed) return unknown(...evidence);
            return met(...evidence);
          },
        },
        'install the CloudWatch agent everywhere and right-size over/under-provisioned instances',
      ),
      criterion(
        'WAF-PERF-010',
        4,
        `Compute Optimizer enrolled and its EC2 / Auto Scaling group recommendations mostly (>= ${MOST_SHARE * 100}%) Optimized`,
        {
          kind: 'observed',
          uses: [USES.co],
          observe: (f) => {
            const co = f.computeOptimizer;
            const gap = incomplete(f, ['computeoptimizer']);
            if (co.enrolled === 0 && complete(f, 'computeoptimizer'))
              return notMet('Compute Optimizer is not enrolled');
            if (gap) return gap;
            const opt = co.ec2.optimized + co.asg.optimized;
            const judged =
              opt +
              co.ec2.overprovisioned +
              co.ec2.underprovisioned +
              co.ec2.notOptimized +
              co.asg.overprovisioned +
              co.asg.underprovisioned +
              co.asg.notOptimized;
            const ev = `${opt} of ${judged} EC2 and Auto Scaling group recommendations Optimized (${pct(opt, judged)})`;
            if (judged === 0)
              return unknown('Compute Optimizer enrolled', 'no EC2 or Auto Scaling group recommendation yet');
            return opt >= MOST_SHARE * judged
              ? met('Compute Optimizer enrolled', ev)
              : notMet('Compute Optimizer enrolled', ev);
          },
        },
        'enroll in Compute Optimizer and apply its EC2/ASG recommendations',
      ),
      criterion(
        'WAF-PERF-010',
        5,
        'predictive sizing: predictive scaling (ForecastAndScale) on every Auto Scaling group that scales, or attested',
        {
          kind: 'observed',
          uses: [USES.asg],
          // Only the positive case is observable: predictive sizing can be done by other tooling (attest it).
          observe: (f) => {
            const a = f.autoscaling;
            const ev = `${a.groupsPredictive} of ${a.groupsScaling} scaling Auto Scaling groups with predictive scaling`;
            if (
              complete(f, 'autoscaling.groups') &&
              a.groupsScaling > 0 &&
              a.groupsPredictive >= a.groupsScaling
            )
              return met(ev);
            return unknown(ev, ...coverageGaps(f, 'autoscaling.groups'));
          },
        },
        'configure predictive scaling on the groups that carry the load, or attest WAF-PERF-010:L5',
      ),
    ],
  },
  {
    id: 'WAF-PERF-020',
    name: 'Auto-Scaling',
    levels: {
      1: 'static capacity',
      2: 'ASG configured, not validated',
      3: 'validated by load test',
      4: 'predictive scaling configured',
      5: 'autonomous capacity management',
    },
    l1Evidence: 'no Auto Scaling group or scalable target with a policy',
    criteria: [
      criterion(
        'WAF-PERF-020',
        2,
        'at least one Auto Scaling group or scalable target with a scaling policy',
        {
          kind: 'observed',
          uses: [USES.asg, USES.aas],
          observe: (f) =>
            existential(
              f,
              SRC_SCALING,
              f.autoscaling.groupsWithPolicy + f.autoscaling.scalableTargetsWithPolicy,
              'Auto Scaling groups or scalable targets with a scaling policy',
            ),
        },
        'add a scaling policy to an Auto Scaling group or scalable target',
      ),
      criterion(
        'WAF-PERF-020',
        3,
        'every Auto Scaling group scales (min < max and a policy), every scalable target has a policy, and validation by load test is attested',
        {
          kind: 'observed+attested',
          uses: [USES.asg, USES.aas],
          observe: observeScalingAll,
          attest: 'auto-scaling validated by a load test under realistic load',
        },
        'make every group scale, then attest WAF-PERF-020:L3 (or L3-5)',
        ['L3-5'],
      ),
      criterion(
        'WAF-PERF-020',
        4,
        'predictive scaling on cyclic groups (a recurring scheduled action or a failing predictive-scaling finding marks a group cyclic)',
        {
          kind: 'observed',
          uses: [
            USES.asg,
            'autoscaling:DescribeScheduledActions (recurrence)',
            'autoscaling predictive-scaling findings',
          ],
          observe: (f) => {
            const a = f.autoscaling;
            const ev = `${a.cyclicGroupsWithPredictive} of ${a.cyclicGroups} cyclic groups with predictive scaling (ForecastAndScale); ${a.groupsPredictive} groups with predictive scaling in total`;
            if (a.cyclicGroupsWithPredictive < a.cyclicGroups) return notMet(ev);
            const gap = incomplete(f, ['autoscaling.groups'], ev);
            if (gap) return gap;
            if (a.cyclicUnknown > 0)
              return unknown(
                ev,
                `${a.cyclicUnknown} groups without predictive scaling whose load cycle could not be assessed`,
              );
            if (a.cyclicGroups > 0 || a.groupsPredictive > 0) return met(ev);
            return unknown(ev, 'no group is known to be cyclic');
          },
        },
        'configure predictive scaling (ForecastAndScale) on groups with a daily or weekly load cycle',
      ),
      attestOnly('WAF-PERF-020', 5, 'autonomous capacity management (attested)'),
    ],
  },
  {
    id: 'WAF-PERF-030',
    name: 'Caching',
    levels: {
      1: 'no cache',
      2: 'ad-hoc cache without strategy',
      3: 'strategy documented; hit rate measured',
      4: 'cache hit >= 80% enforced',
      5: 'adaptive TTLs, intelligent warming',
    },
    l1Evidence: 'no CloudFront, ElastiCache or DAX',
    criteria: [
      criterion(
        'WAF-PERF-030',
        2,
        'a cache exists (an enabled CloudFront distribution or an ElastiCache cluster)',
        {
          kind: 'observed',
          uses: [USES.cf, USES.ec],
          observe: (f) =>
            existential(
              f,
              ['cloudfront.distributions', 'elasticache.clusters'],
              f.cloudfront.distributions + f.elasticache.clusters,
              'CloudFront distributions or ElastiCache clusters',
            ),
        },
        'put a cache (CloudFront, ElastiCache) in front of hot reads',
      ),
      criterion(
        'WAF-PERF-030',
        3,
        'hit rates measured on every cache (CloudFront additional metrics on, ElastiCache hit metrics) and the caching strategy attested',
        {
          kind: 'observed+attested',
          uses: [USES.cf, USES.cfHit, USES.ec, USES.ecHit],
          observe: observeHitRatesMeasured,
          attest: 'the caching strategy is documented (layer, TTL, invalidation)',
        },
        'enable CloudFront additional metrics, then attest WAF-PERF-030:L3 (or L3-8)',
        ['L3-8'],
      ),
      criterion(
        'WAF-PERF-030',
        4,
        `measured hit rates >= ${CACHE_HIT_RATE_MIN}% on every cache (CDN >= ${STATIC_CDN_HIT_RATE_MIN}% for static content)`,
        { kind: 'observed', uses: [USES.cfHit, USES.ecHit], observe: observeHitRates },
        'raise hit rates: cache keys, TTLs, Origin Shield, cache sizing',
      ),
      attestOnly('WAF-PERF-030', 5, 'adaptive TTLs, intelligent warming (attested)'),
    ],
  },
  {
    id: 'WAF-PERF-040',
    name: 'Database Performance',
    levels: {
      1: 'no analysis; slow queries unknown',
      2: 'slow query log enabled',
      3: 'Performance Insights active; index strategy',
      4: 'automatic regression detection',
      5: 'query SLOs, automatic tuning',
    },
    l1Evidence: 'no slow-query logging',
    criteria: [
      criterion(
        'WAF-PERF-040',
        2,
        'slow query log on for at least one DB instance (MySQL/MariaDB slow_query_log = 1; PostgreSQL log_min_duration_statement >= 0)',
        { kind: 'observed', uses: [USES.rds, USES.params], observe: observeSlowLog },
        'turn on the slow query log in the DB parameter group',
      ),
      criterion(
        'WAF-PERF-040',
        3,
        'Performance Insights (or Database Insights advanced) on for the production DB instances (tagged env/environment/stage/tier = prod*; all DB instances when none is tagged)',
        { kind: 'observed', uses: [USES.rds], observe: observePerformanceInsights },
        'enable Performance Insights on the production DB instances',
      ),
      criterion(
        'WAF-PERF-040',
        4,
        'DevOps Guru for RDS or an anomaly-detection alarm covers the production DB instances (all when none is tagged)',
        {
          kind: 'observed',
          uses: [USES.rds, USES.guru],
          observe: (f) => {
            const r = f.rds;
            const prod = r.production > 0;
            const yes = prod ? r.productionAnomalyCovered : r.anomalyCovered;
            const no = prod ? r.productionAnomalyUncovered : r.anomalyUncovered;
            const ev = `${yes} of ${yes + no} ${prod ? 'production-tagged ' : ''}DB instances covered by DevOps Guru for RDS or an anomaly-detection alarm (DevOps Guru enabled in ${r.devOpsGuruEnabled} units)`;
            if (no > 0) return notMet(ev);
            const gap = incomplete(f, ['rds.instances', 'rds.anomalyDetection'], ev);
            if (gap) return gap;
            if (yes === 0) return unknown('no RDS DB instances: nothing to observe');
            return met(ev);
          },
        },
        'enable DevOps Guru for RDS on the production databases',
      ),
      attestOnly('WAF-PERF-040', 5, 'query SLOs, automatic tuning (attested)'),
    ],
  },
  {
    id: 'WAF-PERF-050',
    name: 'SLOs & Monitoring',
    levels: {
      1: 'no SLOs',
      2: 'informal targets, average values',
      3: 'formal SLOs; P99 alerting',
      4: 'error budget management',
      5: 'predictive burn rate alerts',
    },
    l1Evidence: 'no latency alarms',
    criteria: [
      criterion(
        'WAF-PERF-050',
        2,
        'at least one alarm on a latency or CPU metric (averages are enough)',
        {
          kind: 'observed',
          uses: [USES.alarms],
          observe: (f) => {
            const w = f.cloudwatch;
            const o = existential(
              f,
              ['cloudwatch.alarms'],
              w.latencyAlarms + w.cpuAlarms,
              'alarms on latency or CPU metrics',
            );
            const summary = `${w.latencyAlarms} latency alarms, ${w.cpuAlarms} CPU alarms (${w.averageAlarms} on Average)`;
            return { ...o, evidence: [summary, ...o.evidence.slice(1)] };
          },
        },
        'create alarms on latency and CPU metrics',
      ),
      criterion(
        'WAF-PERF-050',
        3,
        `alarms on p${PERCENTILE_ALARM_MIN}+ percentile statistics, or Application Signals SLOs`,
        {
          kind: 'observed',
          uses: [USES.alarms, USES.slos],
          observe: (f) => {
            const w = f.cloudwatch;
            const ev = `${w.percentileAlarms} alarms on p95/p99 extended statistics (${w.latencyPercentileAlarms} on latency), ${w.slos} SLOs`;
            if (w.percentileAlarms + w.slos >= 1) return met(ev);
            if (complete(f, 'cloudwatch.alarms', 'cloudwatch.slos')) return notMet(ev);
            return unknown(ev, ...coverageGaps(f, 'cloudwatch.alarms', 'cloudwatch.slos'));
          },
        },
        'alarm on p95/p99 latency (extended statistics) or define Application Signals SLOs',
      ),
      criterion(
        'WAF-PERF-050',
        4,
        'SLOs with error budget (burn-rate) alarms',
        { kind: 'observed', uses: [USES.slos, USES.alarms], observe: observeErrorBudgets },
        'add burn-rate alarms to the SLOs',
      ),
      criterion(
        'WAF-PERF-050',
        5,
        'anomaly-detection (or predictive burn-rate) alarms',
        {
          kind: 'observed',
          uses: [USES.alarms],
          observe: (f) =>
            existential(f, ['cloudwatch.alarms'], f.cloudwatch.anomalyAlarms, 'anomaly-detection alarms'),
        },
        'create CloudWatch anomaly-detection alarms on the key latency metrics',
      ),
    ],
  },
  {
    id: 'WAF-PERF-060',
    name: 'Load Tests',
    levels: {
      1: 'no load tests',
      2: 'manual tests before releases',
      3: 'automatic in CI/CD gate',
      4: 'regression detection automatic',
      5: 'continuous + chaos engineering',
    },
    l1Evidence: 'nothing in the account shows load testing reliably: every level is attested',
    criteria: [
      attestOnly('WAF-PERF-060', 2, 'manual load tests before releases (attested)', ['L2-5']),
      attestOnly('WAF-PERF-060', 3, 'load tests run automatically as a CI/CD gate (attested)', ['L3-6']),
      attestOnly('WAF-PERF-060', 4, 'performance regressions detected automatically (attested)', ['L4-2']),
      attestOnly('WAF-PERF-060', 5, 'continuous load tests and chaos engineering (attested)'),
    ],
  },
  {
    id: 'WAF-PERF-070',
    name: 'Network Performance',
    levels: {
      1: 'no topology design',
      2: 'CDN for static content',
      3: 'VPC endpoints + CDN configured',
      4: 'latency baseline measured',
      5: 'anycast, edge computing',
    },
    l1Evidence: 'no CloudFront and no VPC endpoints',
    criteria: [
      criterion(
        'WAF-PERF-070',
        2,
        'CloudFront in front of static content',
        { kind: 'observed', uses: [USES.cf], observe: observeStaticCdn },
        'serve static content through CloudFront',
      ),
      criterion(
        'WAF-PERF-070',
        3,
        'CloudFront in use, and S3 and DynamoDB gateway endpoints in every VPC with private subnets',
        {
          kind: 'observed',
          uses: [USES.cf, USES.vpc],
          observe: (f) => {
            const v = f.vpc;
            const ev = [
              `${f.cloudfront.distributions} enabled CloudFront distributions`,
              `${v.privateWithBothGateways} of ${v.privateVpcs} VPCs with private subnets have S3 and DynamoDB gateway endpoints`,
            ];
            const noCdn = f.cloudfront.distributions === 0 && complete(f, 'cloudfront.distributions');
            if (noCdn || v.privateWithBothGateways < v.privateVpcs) return notMet(...ev);
            const gap = incomplete(f, ['cloudfront.distributions', 'vpc.network'], ...ev);
            if (gap) return gap;
            if (v.privateVpcs === 0)
              return unknown(...ev, 'no VPC with private subnets: the endpoint part has nothing to observe');
            return met(...ev);
          },
        },
        'add S3 and DynamoDB gateway endpoints to every VPC with private subnets',
      ),
      criterion(
        'WAF-PERF-070',
        4,
        `interface endpoints for the major service APIs (${MAJOR_INTERFACE_ENDPOINT_SERVICES.join(', ')}) in every VPC with private subnets, and a latency baseline attested`,
        {
          kind: 'observed+attested',
          uses: [USES.vpc],
          observe: (f) => {
            const v = f.vpc;
            const ev = `${v.privateWithMajorInterfaceEndpoints} of ${v.privateVpcs} VPCs with private subnets have interface endpoints for ${MAJOR_INTERFACE_ENDPOINT_SERVICES.join(', ')}`;
            if (v.privateWithMajorInterfaceEndpoints < v.privateVpcs) return notMet(ev);
            const gap = incomplete(f, ['vpc.network'], ev);
            if (gap) return gap;
            if (v.privateVpcs === 0) return unknown('no VPC with private subnets: nothing to observe');
            return met(ev);
          },
          attest: 'a network latency baseline is measured',
        },
        'add the interface endpoints, then attest WAF-PERF-070:L4 (latency baseline)',
      ),
      attestOnly('WAF-PERF-070', 5, 'anycast, edge computing (attested)'),
    ],
  },
  {
    id: 'WAF-PERF-080',
    name: 'Serverless & Managed',
    levels: {
      1: 'default config; not optimized',
      2: 'memory adjusted without measurement',
      3: 'profiling performed; optimized',
      4: 'provisioned concurrency where needed',
      5: 'cost per invocation optimized',
    },
    l1Evidence: 'functions at the 128 MB default',
    criteria: [
      criterion(
        'WAF-PERF-080',
        2,
        'no Lambda function left at the 128 MB default (unless Compute Optimizer calls it Optimized)',
        {
          kind: 'observed',
          uses: [USES.lambda, USES.coLambda],
          observe: (f) => {
            const l = f.lambda;
            const ev = `${l.at128} of ${l.functions} Lambda functions at the 128 MB default (${l.at128NotOptimized} of them not Optimized per Compute Optimizer)`;
            if (l.at128NotOptimized > 0) return notMet(ev);
            const gap = incomplete(f, ['lambda.functions'], ev);
            if (gap) return gap;
            if (l.functions === 0) return unknown('no Lambda functions: nothing to observe');
            if (l.at128 === 0) return met(ev);
            return complete(f, 'lambda.computeOptimizer')
              ? met(ev)
              : unknown(ev, ...coverageGaps(f, 'lambda.computeOptimizer'));
          },
        },
        'set each function memory size deliberately (not the 128 MB default)',
      ),
      criterion(
        'WAF-PERF-080',
        3,
        'memory matches measured use: every Lambda function with a Compute Optimizer recommendation is Optimized (arm64 share shown as evidence; where arm64 is possible is not observable)',
        {
          kind: 'observed',
          uses: [USES.lambda, USES.coLambda],
          observe: (f) => {
            const o = observeLambdaProfiled(f);
            return {
              ...o,
              evidence: [...o.evidence, `${f.lambda.arm64} of ${f.lambda.functions} functions on arm64`],
            };
          },
        },
        'profile memory (Compute Optimizer, Lambda Power Tuning) and apply the recommendations',
      ),
      criterion(
        'WAF-PERF-080',
        4,
        'provisioned concurrency (or SnapStart) on latency-critical functions; observed when at least one function has it, otherwise attested (which functions are latency-critical is not observable)',
        {
          kind: 'observed',
          uses: [USES.lambda],
          observe: (f) => {
            const l = f.lambda;
            const ev = `${l.withProvisionedConcurrency} functions with provisioned concurrency (${l.provisionedConcurrencyKnown} of ${l.functions} known), ${l.withSnapStart} with SnapStart`;
            if (l.withProvisionedConcurrency + l.withSnapStart >= 1) return met(ev);
            return unknown(ev, ...coverageGaps(f, 'lambda.functions'));
          },
        },
        'configure provisioned concurrency on the latency-critical functions, or attest WAF-PERF-080:L4',
      ),
      attestOnly('WAF-PERF-080', 5, 'cost per invocation optimized (attested)'),
    ],
  },
  {
    id: 'WAF-PERF-090',
    name: 'Storage I/O',
    levels: {
      1: 'gp2; no I/O monitoring',
      2: 'storage type selected',
      3: 'gp3 migration; I/O alerts',
      4: 'disk type fully optimized',
      5: 'intelligent tiering; auto-tuning',
    },
    l1Evidence: 'gp2 volumes and no I/O alarms',
    criteria: [
      criterion(
        'WAF-PERF-090',
        2,
        'storage types chosen: some gp3 or io2 EBS volumes or RDS storage',
        {
          kind: 'observed',
          uses: [USES.ebs, USES.rds],
          observe: (f) => {
            const s = storageLegacy(f);
            const modern = f.ebs.gp3 + f.ebs.io2 + f.rds.storageGp3 + f.rds.storageIo2;
            if (modern >= 1) return met(`${modern} gp3/io2 volumes or DB instances`, ...s.ev);
            const gap = incomplete(f, SRC_STORAGE, ...s.ev);
            if (gap) return gap;
            if (s.total === 0) return unknown('no EBS volumes or RDS DB instances: nothing to observe');
            return notMet('0 gp3/io2 volumes or DB instances', ...s.ev);
          },
        },
        'choose gp3 (or io2) for new volumes and DB storage',
      ),
      criterion(
        'WAF-PERF-090',
        3,
        'gp3 migration under way (gp3 in use, or no gp2 left) and I/O alarms present (EBS/RDS IOPS, latency, queue depth, throughput, burst balance)',
        {
          kind: 'observed',
          uses: [USES.ebs, USES.rds, USES.ioAlarms],
          observe: (f) => {
            const s = storageLegacy(f);
            const gp3 = f.ebs.gp3 + f.rds.storageGp3;
            const ev = [
              `${gp3} gp3 volumes/DB instances, ${s.gp2} gp2`,
              `${f.cloudwatch.ioAlarms} I/O alarms`,
            ];
            const migrating = gp3 >= 1 || (s.gp2 === 0 && s.total > 0);
            if (f.cloudwatch.ioAlarms === 0 && complete(f, 'cloudwatch.alarms')) return notMet(...ev);
            if (!migrating && complete(f, ...SRC_STORAGE) && s.total > 0) return notMet(...ev);
            const gap = incomplete(f, [...SRC_STORAGE, 'cloudwatch.alarms'], ...ev);
            if (gap) return gap;
            if (s.total === 0) return unknown('no EBS volumes or RDS DB instances: nothing to observe');
            return met(...ev);
          },
        },
        'migrate gp2 to gp3 and add alarms on volume queue length / IOPS / latency',
      ),
      criterion(
        'WAF-PERF-090',
        4,
        'no gp2, io1 or magnetic volumes left (EBS and RDS storage)',
        { kind: 'observed', uses: [USES.ebs, USES.rds], observe: observeNoLegacyStorage },
        'migrate the remaining gp2/io1/magnetic volumes and RDS storage to gp3 or io2',
      ),
      attestOnly('WAF-PERF-090', 5, 'intelligent tiering, auto-tuning (attested)'),
    ],
  },
  {
    id: 'WAF-PERF-100',
    name: 'Performance Debt',
    levels: {
      1: 'no documentation',
      2: 'informal tracking in tickets',
      3: 'register + quarterly review',
      4: 'business impact quantified',
      5: 'automatic debt detection',
    },
    l1Evidence: 'no register',
    criteria: [
      attestOnly('WAF-PERF-100', 2, 'informal tracking of performance debt in tickets (attested)'),
      criterion(
        'WAF-PERF-100',
        3,
        `perfscan's own register exists with at least ${MIN_REGISTER_SCANS} scans, and its review is attested`,
        {
          kind: 'observed+attested',
          uses: [USES.history],
          observe: observeRegister,
          attest: 'the register is reviewed (quarterly performance review)',
        },
        'scan at least twice, then attest WAF-PERF-100:L3 (or L4-4)',
        ['L4-4'],
      ),
      criterion(
        'WAF-PERF-100',
        4,
        'every open register entry carries an impact estimate',
        { kind: 'observed', uses: [USES.history], observe: observeDebtImpact },
        'keep an impact estimate on every open entry',
      ),
      criterion(
        'WAF-PERF-100',
        5,
        'automatic debt detection: scheduled scans keep the register current',
        {
          kind: 'observed',
          uses: [USES.history],
          observe: (_f, _x, ctx) =>
            ctx.history.scheduled ? met('perfscan runs on a schedule') : notMet('no scheduled perfscan run'),
        },
        'deploy the perfscan stack with its weekly schedule',
      ),
    ],
  },
];

// ---------------------------------------------------------------- lookups

/** Every id usable in an attestation: `L2-1`..`L4-10` and `WAF-PERF-0X0:L2`..`:L5`. */
export function knownItemIds(): string[] {
  return [
    ...CHECKLISTS.flatMap((c) => c.items.map((i) => i.id)),
    ...CONTROLS.flatMap((c) => c.criteria.map((k) => k.id)),
  ];
}
