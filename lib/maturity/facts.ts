/**
 * The maturity facts of a unit: for every measure (lib/maturity/measures), a tally over the resources it
 * concerns, plus each check's per-resource pass/fail counts (for the cap), and the coverage of every fact source.
 * Pure: no SDK, no clock. Units add up by summing (mergeFacts), so the account's facts never hold a resource list.
 *
 * A unit adds to a measure only when every fact source the measure reads was assessed (no gap, the service
 * scanned); otherwise the source's coverage records the gap and the measure gets nothing from that unit.
 */
import type {
  CheckTally,
  FactCoverage,
  FactSource,
  Finding,
  ServiceName,
  Snapshot,
  Tally,
  UnitFacts,
} from '#lib/model/index.js';
import { GLOBAL_SERVICES, gapsFor } from '#lib/model/index.js';
import { MEASURES } from './measures/index.js';
import { MetricIndex } from './metric-index.js';

export const FACT_SOURCES: readonly FactSource[] = [
  'ec2.instances',
  'ec2.cpuMetrics',
  'ec2.memoryMetrics',
  'ebs.volumes',
  'rds.instances',
  'rds.parameterGroups',
  'rds.anomalyDetection',
  'cloudfront.distributions',
  'cloudfront.hitRateMetrics',
  'elasticache.clusters',
  'elasticache.hitMetrics',
  'vpc.network',
  'lambda.functions',
  'lambda.computeOptimizer',
  'autoscaling.groups',
  'autoscaling.scalableTargets',
  'cloudwatch.alarms',
  'cloudwatch.entryPoints',
  'cloudwatch.slos',
  'computeoptimizer',
];

const CO_KINDS: readonly string[] = ['ec2', 'asg', 'ebs', 'lambda', 'rds'];

// ---------------------------------------------------------------- empty facts and merge

export function emptyFacts(): UnitFacts {
  const coverage = {} as Record<FactSource, FactCoverage>;
  for (const s of FACT_SOURCES) coverage[s] = { assessed: 0, gaps: 0, notScanned: 0 };
  const measures: Record<string, Tally> = {};
  for (const m of MEASURES) measures[m.id] = { of: 0, met: 0, noData: 0 };
  return { units: 0, coverage, measures, checks: {} };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Account facts = the sum of the unit facts. Tolerates facts stored by older versions (other shapes): what it
 * does not recognise adds nothing, so such a unit only counts in `units` and coverage.
 */
export function mergeFacts(facts: readonly UnitFacts[]): UnitFacts {
  const total = emptyFacts();
  for (const f of facts) {
    total.units += num(f.units);
    for (const s of FACT_SOURCES) {
      const c = f.coverage?.[s];
      if (!c) continue;
      total.coverage[s].assessed += num(c.assessed);
      total.coverage[s].gaps += num(c.gaps);
      total.coverage[s].notScanned += num(c.notScanned);
    }
    for (const [id, t] of Object.entries(f.measures ?? {})) {
      const into = total.measures[id];
      if (!into || typeof t !== 'object' || t === null) continue;
      into.of += num(t.of);
      into.met += num(t.met);
      into.noData += num(t.noData);
    }
    for (const [id, c] of Object.entries(f.checks ?? {})) {
      if (typeof c !== 'object' || c === null) continue;
      const into = (total.checks[id] ??= { control: String(c.control), pass: 0, fail: 0 });
      into.pass += num(c.pass);
      into.fail += num(c.fail);
    }
  }
  return total;
}

/** The services each fact source is read from (deriveUnitFacts combines their statuses the same way). */
const SOURCE_SERVICES: Record<FactSource, readonly ServiceName[]> = {
  'ec2.instances': ['ec2'],
  'ec2.cpuMetrics': ['ec2'],
  'ec2.memoryMetrics': ['ec2', 'cloudwatch'],
  'ebs.volumes': ['ebs'],
  'rds.instances': ['rds'],
  'rds.parameterGroups': ['rds'],
  'rds.anomalyDetection': ['rds', 'cloudwatch'],
  'cloudfront.distributions': ['cloudfront'],
  'cloudfront.hitRateMetrics': ['cloudfront'],
  'elasticache.clusters': ['elasticache'],
  'elasticache.hitMetrics': ['elasticache'],
  'vpc.network': ['vpc'],
  'lambda.functions': ['lambda'],
  'lambda.computeOptimizer': ['lambda', 'computeoptimizer'],
  'autoscaling.groups': ['autoscaling'],
  'autoscaling.scalableTargets': ['autoscaling'],
  'cloudwatch.alarms': ['cloudwatch'],
  'cloudwatch.entryPoints': ['cloudwatch'],
  'cloudwatch.slos': ['cloudwatch'],
  computeoptimizer: ['computeoptimizer'],
};

/**
 * The facts of a unit that produced no data (it failed, or never reported): one unit, no counters, and every
 * fact source it should have read marked as a gap. Merged into an account, it keeps "every/all" criteria
 * `unknown` instead of letting the other units' facts make them look met. Sources of a global service
 * count only for the global unit, and services the unit was not asked for are "not scanned", as in
 * deriveUnitFacts.
 */
export function unassessedFacts(
  unit: { global?: boolean; services?: readonly ServiceName[] } = {},
): UnitFacts {
  const f = emptyFacts();
  f.units = 1;
  for (const s of FACT_SOURCES) {
    const services = SOURCE_SERVICES[s];
    if (!unit.global && services.some((x) => GLOBAL_SERVICES.includes(x))) continue;
    if (unit.services && services.some((x) => !unit.services?.includes(x))) f.coverage[s].notScanned = 1;
    else f.coverage[s].gaps = 1;
  }
  return f;
}

// ---------------------------------------------------------------- source status

type SourceStatus = 'assessed' | 'gap' | 'notScanned' | 'notApplicable';

function serviceStatus(
  snapshot: Snapshot,
  service: ServiceName,
  slices: string[],
  present: boolean,
): SourceStatus {
  if (GLOBAL_SERVICES.includes(service) && !snapshot.globalUnit) return 'notApplicable';
  if (!snapshot.services.includes(service)) return 'notScanned';
  if (gapsFor(snapshot, slices).length > 0) return 'gap';
  // A requested service whose slice is missing without a recorded gap was still not collected.
  return present ? 'assessed' : 'gap';
}

function combine(...statuses: SourceStatus[]): SourceStatus {
  for (const s of ['notApplicable', 'notScanned', 'gap'] as const) if (statuses.includes(s)) return s;
  return 'assessed';
}

/** A gap on the metric batcher (all metrics) or on this namespace's metrics. */
function metricGap(snapshot: Snapshot, namespace: string, service: ServiceName): boolean {
  const ns = namespace.toLowerCase();
  return snapshot.gaps.some((g) => {
    const slice = g.slice.toLowerCase();
    if (slice === `${service}.metrics` && g.code !== 'NotEnabled') return true;
    const onMetrics = g.service === 'metrics' || slice === 'metrics' || slice.startsWith('metrics.');
    if (!onMetrics) return false;
    if (!slice.startsWith('metrics.')) return true; // the whole batcher
    return slice.includes(ns) || slice.includes(service);
  });
}

function withMetric(
  snapshot: Snapshot,
  status: SourceStatus,
  namespace: string,
  service: ServiceName,
): SourceStatus {
  if (status !== 'assessed') return status;
  return metricGap(snapshot, namespace, service) ? 'gap' : 'assessed';
}

// ---------------------------------------------------------------- derive

/** Each check's per-resource outcomes: unit-wide (`*`) results and suppressed findings are left out. */
function checkTallies(findings: readonly Finding[]): Record<string, CheckTally> {
  const out: Record<string, CheckTally> = {};
  for (const f of findings) {
    if (f.resourceId === '*' || f.suppressedBy) continue;
    if (f.status !== 'pass' && f.status !== 'fail') continue;
    const t = (out[f.checkId] ??= { control: f.control, pass: 0, fail: 0 });
    if (f.status === 'pass') t.pass++;
    else t.fail++;
  }
  return out;
}

/** The maturity facts of one unit. `findings` are that unit's findings (after suppressions). */
export function deriveUnitFacts(snapshot: Snapshot, findings: readonly Finding[]): UnitFacts {
  const f = emptyFacts();
  f.units = 1;
  // ---- source statuses
  const ec2 = serviceStatus(
    snapshot,
    'ec2',
    ['ec2.instances', 'ec2.instanceTypes'],
    snapshot.ec2 !== undefined,
  );
  const cw = serviceStatus(
    snapshot,
    'cloudwatch',
    ['cloudwatch.alarms', 'cloudwatch.metricAlarms'],
    snapshot.cloudwatch !== undefined,
  );
  const st: Record<FactSource, SourceStatus> = {
    'ec2.instances': ec2,
    'ec2.cpuMetrics': withMetric(snapshot, ec2, 'AWS/EC2', 'ec2'),
    'ec2.memoryMetrics': combine(
      ec2,
      serviceStatus(
        snapshot,
        'cloudwatch',
        ['cloudwatch.agentMemory', 'cloudwatch.agentMemoryInstanceIds'],
        snapshot.cloudwatch !== undefined,
      ),
    ),
    'ebs.volumes': serviceStatus(snapshot, 'ebs', ['ebs.volumes'], snapshot.ebs !== undefined),
    'rds.instances': serviceStatus(
      snapshot,
      'rds',
      ['rds.instances', 'rds.clusters'],
      snapshot.rds !== undefined,
    ),
    'rds.parameterGroups': 'assessed',
    'rds.anomalyDetection': 'assessed',
    'cloudfront.distributions': serviceStatus(
      snapshot,
      'cloudfront',
      ['cloudfront.distributions'],
      snapshot.cloudfront !== undefined,
    ),
    'cloudfront.hitRateMetrics': 'assessed',
    'elasticache.clusters': serviceStatus(
      snapshot,
      'elasticache',
      ['elasticache.clusters', 'elasticache.replicationGroups.serverless'],
      snapshot.elasticache !== undefined,
    ),
    'elasticache.hitMetrics': 'assessed',
    'vpc.network': serviceStatus(
      snapshot,
      'vpc',
      ['vpc.vpcs', 'vpc.routeTables', 'vpc.endpoints'],
      snapshot.vpc !== undefined,
    ),
    'lambda.functions': serviceStatus(
      snapshot,
      'lambda',
      ['lambda.functions'],
      snapshot.lambda !== undefined,
    ),
    'lambda.computeOptimizer': 'assessed',
    'autoscaling.groups': serviceStatus(
      snapshot,
      'autoscaling',
      ['autoscaling.groups', 'autoscaling.policies', 'autoscaling.scheduledActions'],
      snapshot.autoscaling !== undefined,
    ),
    'autoscaling.scalableTargets': serviceStatus(
      snapshot,
      'autoscaling',
      ['autoscaling.scalableTargets.policies', 'autoscaling.policies'],
      snapshot.autoscaling !== undefined,
    ),
    'cloudwatch.alarms': cw,
    'cloudwatch.entryPoints': combine(
      serviceStatus(snapshot, 'cloudwatch', ['cloudwatch.entryPoints'], snapshot.cloudwatch !== undefined),
      // latencyMetrics is undefined when ListMetrics did not answer (or in snapshots from before it was listed).
      snapshot.cloudwatch && snapshot.cloudwatch.latencyMetrics === undefined ? 'gap' : 'assessed',
    ),
    'cloudwatch.slos': combine(
      serviceStatus(snapshot, 'cloudwatch', ['cloudwatch.slos'], snapshot.cloudwatch !== undefined),
      // slos is undefined when Application Signals did not answer.
      snapshot.cloudwatch && snapshot.cloudwatch.slos === undefined ? 'gap' : 'assessed',
    ),
    computeoptimizer: computeOptimizerStatus(snapshot, ['ec2', 'asg']),
  };
  st['rds.parameterGroups'] = combine(
    st['rds.instances'],
    serviceStatus(snapshot, 'rds', ['rds.parameterGroups'], snapshot.rds !== undefined),
  );
  st['rds.anomalyDetection'] = combine(
    st['rds.instances'],
    serviceStatus(snapshot, 'rds', ['rds.devOpsGuru'], snapshot.rds?.devOpsGuru !== undefined),
    cw,
  );
  st['cloudfront.hitRateMetrics'] = withMetric(
    snapshot,
    st['cloudfront.distributions'],
    'AWS/CloudFront',
    'cloudfront',
  );
  st['elasticache.hitMetrics'] = withMetric(
    snapshot,
    st['elasticache.clusters'],
    'AWS/ElastiCache',
    'elasticache',
  );
  st['lambda.computeOptimizer'] = combine(
    st['lambda.functions'],
    computeOptimizerStatus(snapshot, ['lambda']),
  );

  // A source that only adds detail to resources the unit does not have cannot hide anything: assessed.
  const none = (base: FactSource, n: number | undefined, ...detail: FactSource[]): void => {
    if (st[base] !== 'assessed' || n !== 0) return;
    for (const d of detail) if (st[d] === 'gap') st[d] = 'assessed';
  };
  none('rds.instances', snapshot.rds?.instances.length, 'rds.parameterGroups', 'rds.anomalyDetection');
  none('lambda.functions', snapshot.lambda?.functions.length, 'lambda.computeOptimizer');
  none('ec2.instances', snapshot.ec2?.instances.length, 'ec2.cpuMetrics', 'ec2.memoryMetrics');
  none('cloudfront.distributions', snapshot.cloudfront?.distributions.length, 'cloudfront.hitRateMetrics');

  for (const s of FACT_SOURCES) {
    const status = st[s];
    if (status === 'assessed') f.coverage[s].assessed = 1;
    else if (status === 'gap') f.coverage[s].gaps = 1;
    else if (status === 'notScanned') f.coverage[s].notScanned = 1;
  }
  // A global service's source in a regional unit is not applicable there: it blocks nothing and adds nothing.
  const ok = (s: FactSource): boolean => st[s] === 'assessed' || st[s] === 'notApplicable';

  const ctx = {
    snapshot,
    findings: findings.filter((x) => !x.suppressedBy),
    metrics: new MetricIndex(snapshot.metrics),
  };
  for (const m of MEASURES) {
    if (!m.sources.every(ok)) continue;
    f.measures[m.id] = m.tally(ctx);
  }
  f.checks = checkTallies(findings);
  return f;
}

/**
 * Compute Optimizer for the given recommendation kinds. "Not enrolled" is an observation (OptInRequired),
 * not a gap; a failed enrollment call, or a failed recommendations call of one of `kinds`, is a gap.
 */
function computeOptimizerStatus(snapshot: Snapshot, kinds: readonly string[]): SourceStatus {
  if (!snapshot.services.includes('computeoptimizer')) return 'notScanned';
  const relevant = snapshot.gaps.filter((g) => {
    const slice = g.slice.toLowerCase();
    if (!/^computeoptimizer(\.|$)/.test(slice)) return g.service === 'computeoptimizer';
    const sub = slice.replace(/^computeoptimizer\.?/, '');
    // A gap on another recommendation kind does not concern these sources; anything else does.
    return kinds.includes(sub) || !CO_KINDS.includes(sub);
  });
  const failed = relevant.some((g) => g.code !== 'OptInRequired');
  if (!snapshot.computeOptimizer) return relevant.length > 0 && !failed ? 'assessed' : 'gap';
  return failed ? 'gap' : 'assessed';
}
