/**
 * The measures that look a resource up among a unit's findings, recommendations or metric series do it
 * through an index built once per unit (lib/maturity/measures/compute.ts, lib/maturity/metric-index.ts), where
 * they used to scan the whole list per resource (instances x findings: seconds for a large unit). These tests
 * hold the indexed answers equal to the former per-resource scans, on seeded random units with duplicates,
 * unit-wide results and missing series.
 */
import { describe, expect, it } from 'vitest';
import type { ComputeOptimizerRecommendation, Finding, MetricSummary, Status } from '#lib/model/index.js';
import { metricKey } from '#lib/model/index.js';
import { COMPUTE_MEASURES } from '#lib/maturity/measures/compute.js';
import { MetricIndex, type MetricQuery } from '#lib/maturity/metric-index.js';
import { count } from '#lib/maturity/measures/support.js';
import { aSnapshot, anInstance } from './fixtures.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const OVER = /over-?provision|idle|underutili[sz]/i;
const UNDER = /under-?provision|saturat|overutili[sz]/i;

/** The former rightSized: every finding filtered per instance. */
function naiveRightSized(findings: readonly Finding[], id: string): boolean | undefined {
  const mine = findings.filter((f) => f.service === 'ec2' && (OVER.test(f.checkId) || UNDER.test(f.checkId)));
  const own = mine.filter((f) => f.resourceId === id);
  if (own.some((f) => f.status === 'fail')) return false;
  if (own.some((f) => f.status === 'unknown' || f.status === 'error')) return undefined;
  if (mine.some((f) => f.resourceId === '*' && (f.status === 'unknown' || f.status === 'error')))
    return undefined;
  return own.length > 0 ? true : undefined;
}

const CHECK_IDS = [
  'ec2-cpu-overprovisioned',
  'ec2-cpu-saturated',
  'ec2-idle-instance',
  'ec2-current-generation',
  'ebs-gp2-to-gp3',
];
const STATUSES: Status[] = ['pass', 'fail', 'unknown', 'error'];

function aFinding(checkId: string, resourceId: string, status: Status, service = 'ec2'): Finding {
  return { checkId, service, resourceId, status } as unknown as Finding;
}

const measure = (id: string) => {
  const m = COMPUTE_MEASURES.find((x) => x.id === id);
  if (!m) throw new Error(`no measure ${id}`);
  return m;
};

describe('ec2.rightSized through the per-unit sizing index', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`equals the per-instance scan (seed ${seed})`, () => {
      const r = rng(seed);
      const ids = Array.from({ length: 40 }, (_, i) => `i-${i.toString(16).padStart(8, '0')}`);
      const instances = ids.map((id) =>
        anInstance(id, 'm7g.large', { state: r() < 0.9 ? 'running' : 'stopped' }),
      );
      const findings: Finding[] = [];
      for (let n = 0; n < 120; n++) {
        const id = r() < 0.05 ? '*' : (ids[Math.floor(r() * ids.length)] as string);
        // Unit-wide results are rarely unknown: most seeds keep per-instance verdicts.
        const status = id === '*' && seed % 2 === 0 ? 'pass' : (STATUSES[Math.floor(r() * 4)] as Status);
        findings.push(
          aFinding(
            CHECK_IDS[Math.floor(r() * CHECK_IDS.length)] as string,
            id,
            status,
            r() < 0.9 ? 'ec2' : 'ebs',
          ),
        );
      }
      const snapshot = aSnapshot({ ec2: { instances, instanceTypes: {}, gravitonFamilies: [] } });
      const got = measure('ec2.rightSized').tally({ snapshot, findings, metrics: new MetricIndex({}) });
      const running = instances.filter((i) => i.state === 'running');
      expect(got).toEqual(count(running, (i) => naiveRightSized(findings, i.instanceId)));
      // Not vacuous: the seeds give verdicts of every kind across them.
      expect(got.of).toBe(running.length);
    });
  }

  it('a unit-wide unknown leaves every instance without a verdict; a fail on one instance counts it not met', () => {
    const instances = [anInstance('i-1'), anInstance('i-2'), anInstance('i-3')];
    const snapshot = aSnapshot({ ec2: { instances, instanceTypes: {}, gravitonFamilies: [] } });
    const metrics = new MetricIndex({});
    const tally = (findings: Finding[]) => measure('ec2.rightSized').tally({ snapshot, findings, metrics });
    expect(
      tally([
        aFinding('ec2-cpu-overprovisioned', 'i-1', 'pass'),
        aFinding('ec2-cpu-saturated', 'i-2', 'fail'),
        aFinding('ebs-gp2-to-gp3', 'i-3', 'fail'),
      ]),
    ).toEqual({ of: 3, met: 1, noData: 1 });
    expect(
      tally([
        aFinding('ec2-cpu-overprovisioned', 'i-1', 'pass'),
        aFinding('ec2-cpu-saturated', '*', 'unknown'),
      ]),
    ).toEqual({ of: 3, met: 0, noData: 3 });
  });
});

describe('ec2.computeOptimizerOptimized through an index of recommendations', () => {
  for (const seed of [11, 12, 13, 14]) {
    it(`equals the first recommendation naming the instance by id or ARN (seed ${seed})`, () => {
      const r = rng(seed);
      const instances = Array.from({ length: 30 }, (_, i) => anInstance(`i-${i}`));
      const findingsOf = ['Optimized', 'OVER_PROVISIONED', 'optimized', 'NotOptimized'];
      const recs: ComputeOptimizerRecommendation[] = [];
      for (let n = 0; n < 45; n++) {
        const i = instances[Math.floor(r() * instances.length)]!;
        const byArnOnly = r() < 0.3;
        recs.push({
          kind: r() < 0.9 ? 'ec2' : 'ebs',
          resourceId: byArnOnly ? `other-${n}` : i.instanceId,
          resourceArn: byArnOnly || r() < 0.5 ? i.arn : `arn:other:${n}`,
          finding: findingsOf[Math.floor(r() * findingsOf.length)]!,
          reasons: [],
        });
      }
      const snapshot = aSnapshot({
        ec2: { instances, instanceTypes: {}, gravitonFamilies: [] },
        computeOptimizer: { enrollmentStatus: 'Active', recommendations: recs },
      });
      const ec2 = recs.filter((x) => x.kind === 'ec2');
      const want = count(instances, (i) => {
        const rec = ec2.find((x) => x.resourceId === i.instanceId || x.resourceArn === i.arn);
        return rec !== undefined && rec.finding.toLowerCase().replace(/[^a-z]/g, '') === 'optimized';
      });
      const got = measure('ec2.computeOptimizerOptimized').tally({
        snapshot,
        findings: [],
        metrics: new MetricIndex({}),
      });
      expect(got).toEqual(want);
      expect(got.met).toBeGreaterThan(0);
    });
  }
});

describe('MetricIndex.find', () => {
  function naiveFind(metrics: Record<string, MetricSummary>, q: MetricQuery, dim: string) {
    const exact = metrics[metricKey(q)];
    if (exact) return exact;
    const candidates = Object.values(metrics).filter(
      (m) =>
        m.namespace === q.namespace &&
        m.metricName === q.metricName &&
        m.dimensions[dim] === q.dimensions[dim],
    );
    return candidates.find((m) => m.stat === q.stat) ?? candidates[0];
  }

  it('answers as a scan of every series would: exact key, else the same stat, else the first, in order', () => {
    const r = rng(99);
    const metrics: Record<string, MetricSummary> = {};
    const stats = ['Average', 'Maximum', 'p99'];
    const periods = [60, 300, 3600];
    for (let n = 0; n < 400; n++) {
      const id = `r-${Math.floor(r() * 25)}`;
      const m: MetricSummary = {
        namespace: r() < 0.5 ? 'AWS/EC2' : 'AWS/Lambda',
        metricName: r() < 0.5 ? 'CPUUtilization' : 'Duration',
        dimensions: r() < 0.9 ? { InstanceId: id } : { FunctionName: id },
        stat: stats[Math.floor(r() * 3)]!,
        periodSeconds: periods[Math.floor(r() * 3)]!,
        windowDays: 14,
        datapoints: n,
        expectedDatapoints: 336,
      };
      metrics[metricKey(m)] ??= m;
    }
    const index = new MetricIndex(metrics);
    let found = 0;
    for (let n = 0; n < 300; n++) {
      const dim = r() < 0.8 ? 'InstanceId' : 'FunctionName';
      const q: MetricQuery = {
        namespace: r() < 0.5 ? 'AWS/EC2' : 'AWS/Lambda',
        metricName: r() < 0.5 ? 'CPUUtilization' : 'Duration',
        dimensions: { [dim]: `r-${Math.floor(r() * 30)}` },
        stat: stats[Math.floor(r() * 3)]!,
        periodSeconds: periods[Math.floor(r() * 3)]!,
      };
      const got = index.find(q, dim);
      expect(got).toBe(naiveFind(metrics, q, dim));
      if (got) found++;
    }
    expect(found).toBeGreaterThan(100);
  });
});
