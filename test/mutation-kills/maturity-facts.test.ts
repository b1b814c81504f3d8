/**
 * lib/maturity/facts.ts: the coverage of every fact source (assessed, gap, not scanned, not applicable) under each
 * kind of gap, the "no resources, nothing hidden" rule, which measures a gap withholds, the per-check tallies and
 * the merge of stored facts of other shapes. Written for `npm run mutation` (docs/testing.md).
 */
import { describe, expect, it } from 'vitest';
import { FACT_SOURCES, deriveUnitFacts, emptyFacts, mergeFacts } from '#lib/maturity/facts.js';
import { MEASURES } from '#lib/maturity/measures/index.js';
import type { FactSource, Finding, Gap, Snapshot, UnitFacts } from '#lib/model/index.js';
import {
  aDistribution,
  aGapOn,
  aLambdaFunction,
  aSnapshot,
  anEc2Instance,
  anRdsInstance,
} from '#test/builders/index.js';

type Mark = 'A' | 'G' | 'N' | '-';

/** Each fact source's coverage as one letter: A assessed, G gap, N not scanned, - not applicable (all 0). */
function marks(f: UnitFacts): Record<FactSource, Mark> {
  const out = {} as Record<FactSource, Mark>;
  for (const s of FACT_SOURCES) {
    const c = f.coverage[s];
    const sum = c.assessed + c.gaps + c.notScanned;
    expect(sum, s).toBeLessThanOrEqual(1);
    out[s] = c.assessed ? 'A' : c.gaps ? 'G' : c.notScanned ? 'N' : '-';
  }
  return out;
}

const ALL_A = Object.fromEntries(FACT_SOURCES.map((s) => [s, 'A'])) as Record<FactSource, Mark>;
const only = (changes: Partial<Record<FactSource, Mark>>) => ({ ...ALL_A, ...changes });
const cov = (s: Snapshot, findings: Finding[] = []) => marks(deriveUnitFacts(s, findings));

/** A unit with one resource of each kind the detail sources concern (so the "none" rule does not apply). */
function busy(o: Partial<Snapshot> = {}): Snapshot {
  return aSnapshot({
    ec2: { instances: [anEc2Instance()] },
    rds: {
      instances: [anRdsInstance()],
      devOpsGuru: { enabled: false, coversAll: false, coveredResourceArns: [] },
    },
    lambda: { functions: [aLambdaFunction()] },
    cloudfront: { distributions: [aDistribution()] },
    cloudwatch: { latencyMetrics: [] } as never,
    ...o,
  });
}
const gapped = (...gaps: Gap[]) => {
  const s = busy();
  s.gaps.push(...gaps);
  return s;
};

describe('fact source coverage', () => {
  it('is assessed everywhere for a complete global unit', () => {
    expect(cov(busy())).toEqual(ALL_A);
  });

  it('marks the global service not applicable in a regional unit, and still computes its measures', () => {
    const s = busy({ globalUnit: false });
    expect(cov(s)).toEqual(only({ 'cloudfront.distributions': '-', 'cloudfront.hitRateMetrics': '-' }));
    // caches.inUse reads cloudfront and elasticache sources; not applicable blocks nothing.
    expect(deriveUnitFacts(s, []).measures['cloudfront.static']).toEqual({ of: 1, met: 1, noData: 0 });
  });

  it('marks services that were not requested not scanned, combined sources included', () => {
    const s = busy({ services: ['ec2'] });
    expect(cov(s)).toEqual({
      ...Object.fromEntries(FACT_SOURCES.map((x) => [x, 'N'])),
      'ec2.instances': 'A',
      'ec2.cpuMetrics': 'A',
    });
  });

  it('a gap on a service slice, or a requested slice missing without a gap, is a gap', () => {
    expect(cov(gapped(aGapOn('ec2.instanceTypes')))).toEqual(
      only({ 'ec2.instances': 'G', 'ec2.cpuMetrics': 'G', 'ec2.memoryMetrics': 'G' }),
    );
    const noEbs = busy();
    delete noEbs.ebs;
    expect(cov(noEbs)).toEqual(only({ 'ebs.volumes': 'G' }));
    expect(cov(gapped(aGapOn('cloudwatch.agentMemory')))).toEqual(only({ 'ec2.memoryMetrics': 'G' }));
    expect(cov(gapped(aGapOn('cloudwatch.metricAlarms')))).toEqual(
      only({ 'cloudwatch.alarms': 'G', 'rds.anomalyDetection': 'G' }),
    );
    expect(cov(gapped(aGapOn('rds.clusters')))).toEqual(
      only({ 'rds.instances': 'G', 'rds.parameterGroups': 'G', 'rds.anomalyDetection': 'G' }),
    );
    expect(cov(gapped(aGapOn('rds.parameterGroups')))).toEqual(only({ 'rds.parameterGroups': 'G' }));
    expect(cov(gapped(aGapOn('rds.devOpsGuru')))).toEqual(only({ 'rds.anomalyDetection': 'G' }));
    expect(cov(gapped(aGapOn('cloudfront.distributions')))).toEqual(
      only({ 'cloudfront.distributions': 'G', 'cloudfront.hitRateMetrics': 'G' }),
    );
    expect(cov(gapped(aGapOn('elasticache.replicationGroups.serverless')))).toEqual(
      only({ 'elasticache.clusters': 'G', 'elasticache.hitMetrics': 'G' }),
    );
    expect(cov(gapped(aGapOn('vpc.endpoints')))).toEqual(only({ 'vpc.network': 'G' }));
    expect(cov(gapped(aGapOn('lambda.functions')))).toEqual(
      only({ 'lambda.functions': 'G', 'lambda.computeOptimizer': 'G' }),
    );
    expect(cov(gapped(aGapOn('autoscaling.scheduledActions')))).toEqual(only({ 'autoscaling.groups': 'G' }));
    expect(cov(gapped(aGapOn('autoscaling.policies')))).toEqual(
      only({ 'autoscaling.groups': 'G', 'autoscaling.scalableTargets': 'G' }),
    );
    expect(cov(gapped(aGapOn('autoscaling.scalableTargets.policies')))).toEqual(
      only({ 'autoscaling.scalableTargets': 'G' }),
    );
    expect(cov(gapped(aGapOn('cloudwatch.entryPoints')))).toEqual(only({ 'cloudwatch.entryPoints': 'G' }));
    expect(cov(gapped(aGapOn('cloudwatch.slos')))).toEqual(only({ 'cloudwatch.slos': 'G' }));
  });

  it('a missing DevOps Guru answer is a gap only when the unit has DB instances', () => {
    const s = busy();
    delete s.rds!.devOpsGuru;
    expect(cov(s)).toEqual(only({ 'rds.anomalyDetection': 'G' }));
    const none = busy({ rds: { instances: [], clusters: [], parameterGroups: {}, proxies: [] } });
    expect(cov(none)).toEqual(ALL_A);
  });

  it('latency metrics or SLOs not listed (undefined) are gaps', () => {
    const s = busy();
    delete (s.cloudwatch as { latencyMetrics?: unknown }).latencyMetrics;
    expect(cov(s)).toEqual(only({ 'cloudwatch.entryPoints': 'G' }));
    const t = busy();
    delete t.cloudwatch!.slos;
    expect(cov(t)).toEqual(only({ 'cloudwatch.slos': 'G' }));
    const noCw = busy();
    delete noCw.cloudwatch;
    expect(cov(noCw)).toEqual(
      only({
        'ec2.memoryMetrics': 'G',
        'rds.anomalyDetection': 'G',
        'cloudwatch.alarms': 'G',
        'cloudwatch.entryPoints': 'G',
        'cloudwatch.slos': 'G',
      }),
    );
  });

  it('metric gaps: the whole batcher, one namespace, one service; NotEnabled on a service is not one', () => {
    const metricSources = {
      'ec2.cpuMetrics': 'G',
      'cloudfront.hitRateMetrics': 'G',
      'elasticache.hitMetrics': 'G',
    } as const;
    expect(cov(gapped(aGapOn('metrics')))).toEqual(only(metricSources));
    expect(cov(gapped({ ...aGapOn('account'), service: 'metrics', slice: 'batch' }))).toEqual(
      only(metricSources),
    );
    expect(cov(gapped(aGapOn('metrics.AWS/CloudFront')))).toEqual(only({ 'cloudfront.hitRateMetrics': 'G' }));
    expect(cov(gapped(aGapOn('metrics.elasticache')))).toEqual(only({ 'elasticache.hitMetrics': 'G' }));
    expect(cov(gapped(aGapOn('metrics.AWS/EC2')))).toEqual(only({ 'ec2.cpuMetrics': 'G' }));
    expect(cov(gapped(aGapOn('metrics.AWS/Lambda')))).toEqual(ALL_A);
    expect(cov(gapped(aGapOn('ec2.metrics' as never)))).toEqual(only({ 'ec2.cpuMetrics': 'G' }));
    expect(cov(gapped(aGapOn('EC2.Metrics' as never)))).toEqual(only({ 'ec2.cpuMetrics': 'G' }));
    expect(cov(gapped(aGapOn('ec2.metrics' as never, { code: 'NotEnabled' })))).toEqual(ALL_A);
    // A gap on a sub-slice of another service that ends in "metrics" is not a metric gap (nor a gap of that service).
    expect(cov(gapped({ ...aGapOn('ebs.volumes'), slice: 'ebs.volumes.metrics' }))).toEqual(ALL_A);
  });

  it('a detail source of resources the unit does not have hides nothing', () => {
    const empty = aSnapshot({ cloudwatch: { latencyMetrics: [] } as never });
    empty.gaps.push(aGapOn('metrics'), aGapOn('rds.parameterGroups'), aGapOn('computeoptimizer.lambda'));
    expect(cov(empty)).toEqual(only({ 'rds.parameterGroups': 'A', 'elasticache.hitMetrics': 'G' }));
    // With the base source gapped, the detail stays what it is.
    const base = aSnapshot({ cloudwatch: { latencyMetrics: [] } as never });
    base.gaps.push(aGapOn('ec2.instances'), aGapOn('metrics'));
    expect(cov(base)).toMatchObject({
      'ec2.instances': 'G',
      'ec2.cpuMetrics': 'G',
      'ec2.memoryMetrics': 'G',
    });
  });

  it('Compute Optimizer: gaps by recommendation kind, OptInRequired is an observation', () => {
    expect(cov(gapped(aGapOn('computeoptimizer.lambda')))).toEqual(only({ 'lambda.computeOptimizer': 'G' }));
    expect(cov(gapped(aGapOn('computeoptimizer.ec2')))).toEqual(only({ computeoptimizer: 'G' }));
    expect(cov(gapped(aGapOn('computeoptimizer.asg')))).toEqual(only({ computeoptimizer: 'G' }));
    expect(cov(gapped(aGapOn('computeoptimizer.ebs')))).toEqual(ALL_A);
    expect(cov(gapped(aGapOn('computeoptimizer.rds')))).toEqual(ALL_A);
    expect(cov(gapped(aGapOn('computeoptimizer.enrollment' as never)))).toEqual(
      only({ computeoptimizer: 'G', 'lambda.computeOptimizer': 'G' }),
    );
    expect(cov(gapped(aGapOn('computeoptimizer')))).toEqual(
      only({ computeoptimizer: 'G', 'lambda.computeOptimizer': 'G' }),
    );
    expect(cov(gapped({ ...aGapOn('account'), service: 'computeoptimizer', slice: 'other' }))).toEqual(
      only({ computeoptimizer: 'G', 'lambda.computeOptimizer': 'G' }),
    );
    expect(cov(gapped({ ...aGapOn('account'), slice: 'computeoptimizerx' }))).toEqual(ALL_A);
    const optIn = gapped(aGapOn('computeoptimizer', { code: 'OptInRequired' }));
    expect(cov(optIn)).toEqual(ALL_A);
    delete optIn.computeOptimizer;
    expect(cov(optIn)).toEqual(ALL_A);
    const missing = busy();
    delete missing.computeOptimizer;
    expect(cov(missing)).toEqual(only({ computeoptimizer: 'G', 'lambda.computeOptimizer': 'G' }));
    const failed = gapped(aGapOn('computeoptimizer', { code: 'Throttled' }));
    delete failed.computeOptimizer;
    expect(cov(failed)).toEqual(only({ computeoptimizer: 'G', 'lambda.computeOptimizer': 'G' }));
    const notAsked = busy({ services: busy().services.filter((x) => x !== 'computeoptimizer') });
    expect(cov(notAsked)).toEqual(only({ computeoptimizer: 'N', 'lambda.computeOptimizer': 'N' }));
  });

  it('a measure gets nothing from a unit where one of its sources is gapped', () => {
    const s = gapped(aGapOn('cloudwatch.agentMemory'));
    const f = deriveUnitFacts(s, []);
    expect(f.measures['ec2.memoryMetric']).toEqual({ of: 0, met: 0, noData: 0 });
    expect(f.measures['ec2.inGroup']).toEqual({ of: 1, met: 1, noData: 0 });
    expect(f.units).toBe(1);
    for (const m of MEASURES) expect(f.measures[m.id], m.id).toBeDefined();
  });
});

describe('check tallies', () => {
  const f = (o: Partial<Finding>): Finding =>
    ({
      checkId: 'c1',
      control: 'WAF-PERF-010',
      service: 'ec2',
      status: 'pass',
      resourceId: 'r',
      ...o,
    }) as Finding;

  it('counts per-resource pass and fail, without unit-wide, suppressed, unknown or error results', () => {
    const findings = [
      f({}),
      f({ resourceId: 'r2' }),
      f({ status: 'fail' }),
      f({ resourceId: '*', status: 'fail' }),
      f({ status: 'unknown' }),
      f({ status: 'error' }),
      f({ status: 'fail', suppressedBy: { reason: 'x' } as never }),
      f({ checkId: 'c2', control: 'WAF-PERF-020', status: 'fail' }),
    ];
    expect(deriveUnitFacts(busy(), findings).checks).toEqual({
      c1: { control: 'WAF-PERF-010', pass: 2, fail: 1 },
      c2: { control: 'WAF-PERF-020', pass: 0, fail: 1 },
    });
  });

  it('measures do not see suppressed findings', () => {
    const s = busy();
    const sizing = f({
      checkId: 'ec2-instance-cpu-not-overprovisioned',
      resourceId: anEc2Instance().instanceId,
      status: 'fail',
    });
    expect(deriveUnitFacts(s, [sizing]).measures['ec2.rightSized']).toEqual({ of: 1, met: 0, noData: 0 });
    const hidden = { ...sizing, suppressedBy: { reason: 'x' } as never };
    expect(deriveUnitFacts(s, [hidden]).measures['ec2.rightSized']).toEqual({ of: 1, met: 0, noData: 1 });
  });
});

describe('mergeFacts', () => {
  it('sums units, coverage, measures and checks', () => {
    const a = deriveUnitFacts(busy(), [
      { checkId: 'c', control: 'WAF-PERF-010', status: 'pass', resourceId: 'x' } as Finding,
    ]);
    const b = deriveUnitFacts(busy({ globalUnit: false }), [
      { checkId: 'c', control: 'WAF-PERF-010', status: 'fail', resourceId: 'x' } as Finding,
    ]);
    const m = mergeFacts([a, b]);
    expect(m.units).toBe(2);
    expect(m.coverage['ec2.instances']).toEqual({ assessed: 2, gaps: 0, notScanned: 0 });
    expect(m.coverage['cloudfront.distributions']).toEqual({ assessed: 1, gaps: 0, notScanned: 0 });
    expect(m.measures['ec2.inGroup']).toEqual({ of: 2, met: 2, noData: 0 });
    expect(m.checks).toEqual({ c: { control: 'WAF-PERF-010', pass: 1, fail: 1 } });
  });

  it('adds nothing it does not recognise (other shapes, non-numbers)', () => {
    const odd = {
      units: 'two',
      coverage: {
        'ec2.instances': { assessed: Number.NaN, gaps: 2, notScanned: '1' },
        other: { assessed: 5 },
      },
      measures: {
        'ec2.inGroup': { of: 3, met: Infinity, noData: 1 },
        unknown: { of: 9 },
        'ec2.memoryMetric': null,
      },
      checks: { c: { control: 7, pass: 1, fail: 'x' }, d: null, e: 'str' },
    } as unknown as UnitFacts;
    const m = mergeFacts([odd, { units: 1 } as UnitFacts]);
    const expected = emptyFacts();
    expected.units = 1;
    expected.coverage['ec2.instances'] = { assessed: 0, gaps: 2, notScanned: 0 };
    expected.measures['ec2.inGroup'] = { of: 3, met: 0, noData: 1 };
    expected.checks = { c: { control: '7', pass: 1, fail: 0 } };
    expect(m).toEqual(expected);
  });

  it('an empty merge is the empty facts: every source and measure at zero', () => {
    const e = mergeFacts([]);
    expect(e.units).toBe(0);
    for (const s of FACT_SOURCES) expect(e.coverage[s]).toEqual({ assessed: 0, gaps: 0, notScanned: 0 });
    expect(Object.keys(e.measures)).toEqual(MEASURES.map((m) => m.id));
    expect(e.checks).toEqual({});
  });
});
