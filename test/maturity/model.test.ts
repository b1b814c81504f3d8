import { describe, it, expect } from 'vitest';
import { CONTROL_IDS } from '#lib/model/index.js';
import {
  CHECKLISTS,
  CONTROLS,
  ENTRY_PATH,
  ENTRY_PATH_NOTE,
  LEVELS,
  knownItemIds,
} from '#lib/maturity/model.js';

// The contract, copied from ../shared/maturity-model.md (the test must run on a clean clone without it).
const LEVELS_MD: [number, string, string][] = [
  [1, 'Reactive / Undocumented', 'no baselines, no SLOs, static capacity, no slow-query logs, no load tests'],
  [
    2,
    'Documented & Defined',
    'basic metrics, informal targets, some auto-scaling, slow-query logging, manual load tests, some caching',
  ],
  [
    3,
    'Enforced & Monitored',
    'formal SLOs instrumented, validated auto-scaling, load tests as CI gate, measured cache hit rates, Performance Insights, debt register',
  ],
  [
    4,
    'Measured & Automated',
    'error budgets, automatic regression detection, optimal storage types everywhere, VPC endpoints + CDN everywhere, serverless profiling',
  ],
  [
    5,
    'Optimized & Predictive',
    'predictive capacity, fully autonomous scaling, continuous debt paydown, SLOs in ADRs, ML anomaly detection',
  ],
];

const CONTROLS_MD: [string, string, string, string, string, string, string][] = [
  [
    'WAF-PERF-010',
    'Compute Sizing',
    'no standard; over-provisioned',
    'experience-based; documented',
    'measured baseline; CI validation',
    'Compute Optimizer integrated',
    'ML-based predictive sizing',
  ],
  [
    'WAF-PERF-020',
    'Auto-Scaling',
    'static capacity',
    'ASG configured, not validated',
    'validated by load test',
    'predictive scaling configured',
    'autonomous capacity management',
  ],
  [
    'WAF-PERF-030',
    'Caching',
    'no cache',
    'ad-hoc cache without strategy',
    'strategy documented; hit rate measured',
    'cache hit >= 80% enforced',
    'adaptive TTLs, intelligent warming',
  ],
  [
    'WAF-PERF-040',
    'Database Performance',
    'no analysis; slow queries unknown',
    'slow query log enabled',
    'Performance Insights active; index strategy',
    'automatic regression detection',
    'query SLOs, automatic tuning',
  ],
  [
    'WAF-PERF-050',
    'SLOs & Monitoring',
    'no SLOs',
    'informal targets, average values',
    'formal SLOs; P99 alerting',
    'error budget management',
    'predictive burn rate alerts',
  ],
  [
    'WAF-PERF-060',
    'Load Tests',
    'no load tests',
    'manual tests before releases',
    'automatic in CI/CD gate',
    'regression detection automatic',
    'continuous + chaos engineering',
  ],
  [
    'WAF-PERF-070',
    'Network Performance',
    'no topology design',
    'CDN for static content',
    'VPC endpoints + CDN configured',
    'latency baseline measured',
    'anycast, edge computing',
  ],
  [
    'WAF-PERF-080',
    'Serverless & Managed',
    'default config; not optimized',
    'memory adjusted without measurement',
    'profiling performed; optimized',
    'provisioned concurrency where needed',
    'cost per invocation optimized',
  ],
  [
    'WAF-PERF-090',
    'Storage I/O',
    'gp2; no I/O monitoring',
    'storage type selected',
    'gp3 migration; I/O alerts',
    'disk type fully optimized',
    'intelligent tiering; auto-tuning',
  ],
  [
    'WAF-PERF-100',
    'Performance Debt',
    'no documentation',
    'informal tracking in tickets',
    'register + quarterly review',
    'business impact quantified',
    'automatic debt detection',
  ],
];

const L2_MD = [
  'CPU, memory, and latency metrics are collected for all production services',
  'Performance targets exist informally (e.g. "should be under 500ms")',
  'Auto-scaling is configured for at least one workload',
  'Slow query logging is active in at least one database',
  'Manual load tests are performed before major releases',
  'Caching is implemented for static assets',
];
const L3_MD = [
  'Formal SLOs (with P95/P99 latency targets) defined for all production-critical services',
  'SLOs are instrumented: SLIs are continuously measured',
  'SLO burn rate alerting is configured',
  'Auto-scaling configured for all stateless production workloads',
  'Auto-scaling validated by load test under realistic load',
  'Load tests run automatically in the CI/CD pipeline as a deployment gate',
  'Acceptance criteria for load tests are defined and enforced',
  'Caching strategy is documented (layer, TTL, invalidation)',
  'Cache hit rates are measured and monitored',
  'Performance Insights or equivalent database monitoring is active',
  'Index strategy for high-frequency queries is documented',
  'Performance debt register exists and is kept up to date',
  'All EBS/managed disks for new deployments use gp3 or Premium SSD',
];
const L4_MD = [
  'Error budgets are tracked and considered in deployment decisions',
  'Performance regressions are automatically detected in CI/CD (baseline comparison)',
  'Performance debt register contains business impact estimates',
  'Quarterly performance reviews with engineering leadership take place',
  'Debt paydown is prioritized in the sprint backlog',
  'VPC endpoints configured for all major cloud service APIs',
  'CDN cache hit rate >= 95% for static content',
  'Lambda/function memory optimized through profiling (power tuning or equivalent)',
  'gp2-to-gp3 migration fully completed',
  'Stress test reports (2x, 5x peak load) for all critical services',
];

const ENTRY_MD: [string, string, string][] = [
  [
    '1-2',
    'SLO workshop: define P95/P99 targets for all production services; review monitoring stack',
    'WAF-PERF-050',
  ],
  ['3-4', 'Slow query analysis: enable Performance Insights, optimize top-20 queries', 'WAF-PERF-040'],
  ['5-6', 'Auto-scaling for the three most important stateless services', 'WAF-PERF-020'],
  ['7-8', 'First load test in staging; define acceptance criteria', 'WAF-PERF-060'],
  ['9-10', 'Start gp2-to-gp3 migration for all EBS volumes', 'WAF-PERF-090'],
  ['11-12', 'Create the performance debt register: capture known problems, prioritize', 'WAF-PERF-100'],
];

describe('maturity model data', () => {
  it('has the 5 levels with labels and one-liners verbatim', () => {
    expect(LEVELS.map((l) => [l.level, l.label, l.summary])).toEqual(LEVELS_MD);
  });

  it('has exactly the 10 controls, in order, with names and L1..L5 texts verbatim', () => {
    expect(CONTROLS).toHaveLength(10);
    expect(CONTROLS.map((c) => c.id)).toEqual([...CONTROL_IDS]);
    expect(
      CONTROLS.map((c) => [c.id, c.name, c.levels[1], c.levels[2], c.levels[3], c.levels[4], c.levels[5]]),
    ).toEqual(CONTROLS_MD);
  });

  it('gives every control one criterion per level 2..5 with ids WAF-PERF-0X0:Ln', () => {
    for (const c of CONTROLS) {
      expect(c.criteria.map((k) => k.level)).toEqual([2, 3, 4, 5]);
      expect(c.criteria.map((k) => k.id)).toEqual([2, 3, 4, 5].map((l) => `${c.id}:L${l}`));
      for (const k of c.criteria) {
        expect(k.control).toBe(c.id);
        expect(k.attestationIds[0]).toBe(k.id);
        expect(k.text.length).toBeGreaterThan(5);
        expect(k.hint.length).toBeGreaterThan(5);
      }
    }
  });

  it('has the three checklists with 6/13/10 items, thresholds 4/10/8, texts verbatim', () => {
    expect(CHECKLISTS.map((c) => [c.level, c.items.length, c.required])).toEqual([
      [2, 6, 4],
      [3, 13, 10],
      [4, 10, 8],
    ]);
    expect(CHECKLISTS[0]?.items.map((i) => i.text)).toEqual(L2_MD);
    expect(CHECKLISTS[1]?.items.map((i) => i.text)).toEqual(L3_MD);
    expect(CHECKLISTS[2]?.items.map((i) => i.text)).toEqual(L4_MD);
    expect(CHECKLISTS[0]?.rule).toBe(
      'Level 2 is reached when at least 4 of these 6 apply (if at least 4 do not apply: Level 1 action required)',
    );
    for (const c of CHECKLISTS) {
      c.items.forEach((i, n) => {
        expect(i.id).toBe(`L${c.level}-${n + 1}`);
        expect(i.attestationIds).toEqual([i.id]);
      });
    }
  });

  it('has unique ids, and knownItemIds lists every checklist item and control criterion', () => {
    const ids = knownItemIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(29 + 40);
    expect(ids).toContain('L2-1');
    expect(ids).toContain('L4-10');
    expect(ids).toContain('WAF-PERF-060:L3');
    expect(ids).toContain('WAF-PERF-100:L5');
    expect(ids).not.toContain('WAF-PERF-010:L1');
  });

  it('aliases only point at existing checklist items', () => {
    const items = new Set(CHECKLISTS.flatMap((c) => c.items.map((i) => i.id)));
    for (const k of CONTROLS.flatMap((c) => c.criteria))
      for (const a of k.attestationIds.slice(1)) expect(items.has(a)).toBe(true);
  });

  it('observes the checklist items the account can show (issue 3 minimum)', () => {
    const observed = CHECKLISTS.flatMap((c) => c.items)
      .filter((i) => i.assessment.kind === 'observed')
      .map((i) => i.id);
    for (const id of [
      'L2-1',
      'L2-3',
      'L2-4',
      'L2-6',
      'L3-1',
      'L3-2',
      'L3-3',
      'L3-4',
      'L3-9',
      'L3-10',
      'L3-12',
      'L3-13',
      'L4-1',
      'L4-6',
      'L4-7',
      'L4-8',
      'L4-9',
    ]) {
      expect(observed).toContain(id);
    }
  });

  it('keeps WAF-PERF-060 attestation-only at every level', () => {
    const c = CONTROLS.find((x) => x.id === 'WAF-PERF-060');
    expect(c?.criteria.every((k) => k.assessment.kind === 'attestation-only')).toBe(true);
  });

  it('has the entry path verbatim', () => {
    expect(ENTRY_PATH.map((s) => [s.weeks, s.action, s.control])).toEqual(ENTRY_MD);
    expect(ENTRY_PATH_NOTE).toBe(
      'Start with measuring (WAF-PERF-050) and database optimization (WAF-PERF-040): these two typically have the highest impact per unit of investment.',
    );
  });
});
