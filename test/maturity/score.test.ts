import { describe, it, expect } from 'vitest';
import type {
  Attestation,
  ControlId,
  Finding,
  ItemResult,
  Score,
  Snapshot,
  UnitFacts,
} from '#lib/model/index.js';
import { deriveUnitFacts, emptyFacts, mergeFacts } from '#lib/maturity/facts.js';
import type { ScanHistory } from '#lib/maturity/model.js';
import { scoreAccount, summarizeScore } from '#lib/maturity/score.js';
import {
  NOW,
  aCacheCluster,
  aDb,
  aDistribution,
  aFinding,
  aFunction,
  aGap,
  aGroup,
  aMetric,
  aPolicy,
  aSnapshot,
  aVolume,
  anAlarm,
  anAttestation,
  anInstance,
  anSlo,
  cacheHitRate,
  cacheHits,
  cpu,
  history,
  types,
} from './fixtures.js';

interface Opts {
  attestations?: Attestation[];
  history?: Partial<ScanHistory>;
  findings?: Finding[];
}

function score(input: Snapshot | UnitFacts, opts: Opts = {}): Score {
  const findings = opts.findings ?? [];
  const facts = 'schemaVersion' in input ? deriveUnitFacts(input, findings) : input;
  return scoreAccount({
    facts,
    findings,
    attestations: opts.attestations ?? [],
    history: history(opts.history),
    now: NOW,
  });
}

function item(s: Score, id: string): ItemResult {
  const r =
    s.checklists.flatMap((c) => c.items).find((i) => i.id === id) ??
    s.controls.flatMap((c) => c.criteria).find((k) => k.id === id);
  if (!r) throw new Error(`no item ${id}`);
  return r;
}

function control(s: Score, id: ControlId) {
  const c = s.controls.find((x) => x.control === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
}

const attest = (...ids: string[]): Attestation[] => ids.map((i) => anAttestation(i));
const range = (level: number, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, n) => `L${level}-${from + n}`);

// ---------------------------------------------------------------- thresholds

describe('checklist thresholds and overall level', () => {
  // With empty facts every observed item is unknown, so attestations decide (L3-12 is observed from history).
  const none = emptyFacts();

  it('L2: 3 of 6 -> Level 1; 4 of 6 -> Level 2', () => {
    const three = score(none, { attestations: attest(...range(2, 1, 3)) });
    expect(three.checklists[0]?.met).toBe(3);
    expect(three.overall).toBe(1);
    const four = score(none, { attestations: attest(...range(2, 1, 4)) });
    expect(four.checklists[0]?.met).toBe(4);
    expect(four.overall).toBe(2);
  });

  it('L3: 9 of 13 -> Level 2; 10 of 13 -> Level 3', () => {
    const l2 = range(2, 1, 6);
    const nine = score(none, { attestations: attest(...l2, ...range(3, 1, 9)) });
    expect(nine.checklists[1]?.met).toBe(9);
    expect(nine.overall).toBe(2);
    const ten = score(none, { attestations: attest(...l2, ...range(3, 1, 10)) });
    expect(ten.checklists[1]?.met).toBe(10);
    expect(ten.overall).toBe(3);
  });

  it('L4: 7 of 10 -> Level 3; 8 of 10 -> Level 4', () => {
    const lower = [...range(2, 1, 6), ...range(3, 1, 11)];
    const seven = score(none, { attestations: attest(...lower, ...range(4, 1, 7)) });
    expect(seven.checklists[2]?.met).toBe(7);
    expect(seven.overall).toBe(3);
    const eight = score(none, { attestations: attest(...lower, ...range(4, 1, 8)) });
    expect(eight.checklists[2]?.met).toBe(8);
    expect(eight.overall).toBe(4);
    expect(eight.next).toBeNull();
  });

  it('Level 3 needs Level 2, even with 13 of 13 L3 items', () => {
    const s = score(none, {
      attestations: attest(...range(2, 1, 3), ...range(3, 1, 13)),
      history: { scans: 5 },
    });
    expect(s.checklists[1]?.met).toBe(13);
    expect(s.checklists[1]?.satisfied).toBe(true);
    expect(s.overall).toBe(1);
  });

  it('Level 4 needs Level 3, even with 10 of 10 L4 items', () => {
    const s = score(none, { attestations: attest(...range(2, 1, 6), ...range(3, 1, 5), ...range(4, 1, 10)) });
    expect(s.checklists[2]?.satisfied).toBe(true);
    expect(s.overall).toBe(2);
  });

  it('next lists the items of the next level, unknown first, and counts sources', () => {
    const s = score(none, { attestations: attest('L2-1', 'L2-2'), history: { scans: 1 } });
    expect(s.overall).toBe(1);
    expect(s.next?.level).toBe(2);
    expect(s.next?.needs).toHaveLength(4);
    expect(s.next?.needs[0]).toMatch(/^L2-3 .*\(unknown\): attest L2-3 or add a /);
    expect(s.next?.needs.find((n) => n.startsWith('L2-5'))).toMatch(/\(unknown\): attest L2-5 with a link/);

    const withNotMet = score(aSnapshot(), { history: { scans: 1 } });
    const needs = withNotMet.next?.needs ?? [];
    const firstNotMet = needs.findIndex((n) => n.includes('(not met)'));
    const lastUnknown = needs.map((n) => n.includes('(unknown)')).lastIndexOf(true);
    expect(firstNotMet).toBeGreaterThan(lastUnknown);

    expect(s.counts.attested).toBe(2);
    expect(s.counts.observed).toBe(1); // L3-12 from history
    expect(s.counts.attested + s.counts.observed + s.counts['not assessed']).toBe(29);
  });

  it('summarizeScore keeps the overall level, control levels and met counts', () => {
    const s = score(none, { attestations: attest(...range(2, 1, 4), 'WAF-PERF-060:L2') });
    const sum = summarizeScore(s);
    expect(sum.overall).toBe(2);
    expect(sum.checklistMet).toEqual({ '2': 4, '3': 0, '4': 0 });
    expect(sum.controls['WAF-PERF-060']).toBe(2);
    expect(Object.keys(sum.controls)).toHaveLength(10);
  });
});

// ---------------------------------------------------------------- attestations

describe('attestations', () => {
  const none = emptyFacts();

  it('a valid attestation answers an attestation-only item with who/when/link', () => {
    const r = item(score(none, { attestations: [anAttestation('L2-5')] }), 'L2-5');
    expect(r).toMatchObject({ state: 'met', source: 'attested' });
    expect(r.evidence[0]).toContain('jane.doe@example.com');
    expect(r.evidence[0]).toContain('https://wiki.example.com/perf');
    expect(r.attestation?.item).toBe('L2-5');
  });

  it('an attestation with met: false answers not met', () => {
    const r = item(score(none, { attestations: [anAttestation('L2-5', { met: false })] }), 'L2-5');
    expect(r).toMatchObject({ state: 'not met', source: 'attested' });
  });

  it('an expired attestation is ignored and reported', () => {
    const r = item(score(none, { attestations: [anAttestation('L2-5', { expires: '2025-05-31' })] }), 'L2-5');
    expect(r).toMatchObject({ state: 'unknown', source: 'not assessed' });
    expect(r.expiredAttestation?.expires).toBe('2025-05-31');
    expect(r.evidence.join(' ')).toContain('expired');
  });

  it('an attestation counts through the end of its expiry day', () => {
    const r = item(score(none, { attestations: [anAttestation('L2-5', { expires: '2025-06-01' })] }), 'L2-5');
    expect(r).toMatchObject({ state: 'met', source: 'attested' });
  });

  it('the newest valid attestation wins over an expired one', () => {
    const r = item(
      score(none, {
        attestations: [
          anAttestation('L2-5', { met: false, date: '2024-01-01', expires: '2024-12-31' }),
          anAttestation('L2-5', { date: '2025-03-01' }),
        ],
      }),
      'L2-5',
    );
    expect(r).toMatchObject({ state: 'met', source: 'attested' });
    expect(r.expiredAttestation).toBeUndefined();
  });

  it('an observed answer wins over a disagreeing attestation, and the evidence says so', () => {
    const s = aSnapshot({
      rds: {
        instances: [aDb('a')],
        clusters: [],
        parameterGroups: {
          'instance:a-params': { name: 'a-params', kind: 'instance', parameters: { slow_query_log: '0' } },
        },
        proxies: [],
      },
    });
    const r = item(score(s, { attestations: [anAttestation('L2-4')] }), 'L2-4');
    expect(r).toMatchObject({ state: 'not met', source: 'observed' });
    expect(r.evidence.join(' ')).toMatch(/says met; the observed state wins/);
  });

  it('an attestation answers an observed item whose observation is unknown', () => {
    const s = aSnapshot({ gaps: [aGap('rds', 'rds', 'AccessDenied')] });
    const r = item(score(s, { attestations: [anAttestation('L2-4')] }), 'L2-4');
    expect(r).toMatchObject({ state: 'met', source: 'attested' });
  });

  it('ignores attestations for other items', () => {
    const r = item(score(none, { attestations: [anAttestation('L2-6')] }), 'L2-5');
    expect(r.state).toBe('unknown');
  });
});

// ---------------------------------------------------------------- observed checklist items

/** A snapshot where most observed items are met. */
function goodSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  const ep = (id: string, svc: string, type: string) => ({
    vpcEndpointId: id,
    vpcId: 'vpc-1',
    serviceName: `com.amazonaws.eu-west-1.${svc}`,
    type,
    state: 'available',
    routeTableIds: [],
  });
  return aSnapshot({
    ec2: { instances: [anInstance('i-1')], instanceTypes: types(['m7g.large']), gravitonFamilies: [] },
    ebs: { volumes: [aVolume('v1', 'gp3')] },
    rds: {
      instances: [aDb('db1', 'mysql', { performanceInsightsEnabled: true })],
      clusters: [],
      parameterGroups: {
        'instance:db1-params': { name: 'db1-params', kind: 'instance', parameters: { slow_query_log: '1' } },
      },
      proxies: [],
      devOpsGuru: { enabled: true, coveredResourceArns: [], coversAll: true },
    },
    cloudfront: { distributions: [aDistribution('E1')] },
    elasticache: { clusters: [aCacheCluster('c1')], replicationGroups: [] },
    vpc: {
      vpcs: [{ vpcId: 'vpc-1', arn: 'arn:vpc-1', isDefault: false, tags: {} }],
      routeTables: [
        {
          routeTableId: 'r',
          vpcId: 'vpc-1',
          subnetIds: [],
          main: false,
          routesToInternetGateway: false,
          routesToNatGateway: true,
          gatewayEndpointIds: [],
        },
      ],
      natGateways: [],
      endpoints: [
        ep('e1', 's3', 'Gateway'),
        ep('e2', 'dynamodb', 'Gateway'),
        ep('e3', 'logs', 'Interface'),
        ep('e4', 'monitoring', 'Interface'),
        ep('e5', 'sts', 'Interface'),
      ],
    },
    lambda: {
      functions: [
        aFunction('fn', { provisionedConcurrency: [{ qualifier: 'live', allocated: 2, requested: 2 }] }),
      ],
    },
    autoscaling: {
      groups: [aGroup('web')],
      policies: [aPolicy('web'), aPolicy('web', 'PredictiveScaling', { predictiveMode: 'ForecastAndScale' })],
      scheduledActions: [{ namespace: 'asg', resourceId: 'web', name: 'daily', recurrence: '0 7 * * *' }],
      scalableTargets: [],
    },
    cloudwatch: {
      metricAlarms: [
        anAlarm('lat'),
        anAlarm('p99', { statistic: undefined, extendedStatistic: 'p99' }),
        anAlarm('burn', { namespace: 'AWS/ApplicationSignals', metricName: 'BurnRate', dimensions: { SloName: 'checkout-latency' } }),
        anAlarm('anom', { anomalyDetection: true }),
        anAlarm('io', { namespace: 'AWS/EBS', metricName: 'VolumeQueueLength' }),
      ],
      compositeAlarms: [],
      slos: [anSlo('checkout-latency')],
      agentMemoryInstanceIds: ['i-1'],
    },
    computeOptimizer: {
      enrollmentStatus: 'Active',
      recommendations: [
        { kind: 'ec2', resourceArn: 'arn:i-1', resourceId: 'i-1', finding: 'Optimized', reasons: [] },
        {
          kind: 'lambda',
          resourceArn: 'arn:aws:lambda:eu-west-1:111122223333:function:fn',
          resourceId: 'fn',
          finding: 'Optimized',
          reasons: [],
        },
      ],
    },
    metrics: { ...cpu('i-1'), ...cacheHitRate('E1', 97), ...cacheHits('c1', 950, 50) },
    ...over,
  });
}

type Case = {
  id: string;
  met: () => Snapshot;
  notMet?: () => Snapshot;
  unknown: () => Snapshot;
  history?: Partial<ScanHistory>;
};

const g = goodSnapshot();
const withGap = (gap: ReturnType<typeof aGap>) => (): Snapshot => goodSnapshot({ gaps: [gap] });

const CASES: Case[] = [
  {
    id: 'L2-1',
    met: () => g,
    notMet: () => goodSnapshot({ cloudwatch: { ...g.cloudwatch!, agentMemoryInstanceIds: [] } }),
    unknown: withGap(aGap('cloudwatch', 'cloudwatch', 'AccessDenied')),
  },
  {
    id: 'L2-3',
    met: () => g,
    notMet: () => goodSnapshot({ autoscaling: { ...g.autoscaling!, policies: [] } }),
    unknown: () =>
      goodSnapshot({
        autoscaling: { ...g.autoscaling!, policies: [] },
        gaps: [aGap('autoscaling', 'autoscaling.policies')],
      }),
  },
  {
    id: 'L2-4',
    met: () => g,
    notMet: () =>
      goodSnapshot({
        rds: {
          ...g.rds!,
          parameterGroups: {
            'instance:db1-params': {
              name: 'db1-params',
              kind: 'instance',
              parameters: { slow_query_log: '0' },
            },
          },
        },
      }),
    unknown: withGap(aGap('rds', 'rds.parameterGroups')),
  },
  {
    id: 'L2-6',
    met: () => g,
    notMet: () => goodSnapshot({ cloudfront: { distributions: [] } }),
    unknown: withGap(aGap('cloudfront', 'cloudfront.distributions')),
  },
  {
    id: 'L3-1',
    met: () => g,
    notMet: () =>
      goodSnapshot({
        cloudwatch: { ...g.cloudwatch!, slos: [anSlo('avail', { metricType: 'AVAILABILITY' })] },
      }),
    unknown: () => goodSnapshot({ cloudwatch: { ...g.cloudwatch!, slos: undefined } }),
  },
  {
    id: 'L3-2',
    met: () => g,
    notMet: () => goodSnapshot({ cloudwatch: { ...g.cloudwatch!, slos: [] } }),
    unknown: withGap(aGap('cloudwatch', 'cloudwatch.slos', 'NotSupported')),
  },
  {
    id: 'L3-3',
    met: () => g,
    notMet: () => goodSnapshot({ cloudwatch: { ...g.cloudwatch!, metricAlarms: [anAlarm('lat')] } }),
    unknown: withGap(aGap('cloudwatch', 'cloudwatch.metricAlarms', 'Throttled')),
  },
  {
    id: 'L3-4',
    met: () => g,
    notMet: () =>
      goodSnapshot({
        autoscaling: {
          ...g.autoscaling!,
          groups: [aGroup('web'), aGroup('pinned', { minSize: 1, maxSize: 1 })],
        },
      }),
    unknown: withGap(aGap('autoscaling', 'autoscaling')),
  },
  {
    id: 'L3-9',
    met: () => g,
    notMet: () =>
      goodSnapshot({
        cloudfront: { distributions: [aDistribution('E1', { additionalMetricsEnabled: false })] },
        metrics: { ...cpu('i-1'), ...cacheHits('c1', 950, 50) },
      }),
    unknown: withGap(aGap('metrics', 'metrics', 'Throttled')),
  },
  {
    id: 'L3-10',
    met: () => g,
    notMet: () =>
      goodSnapshot({
        rds: {
          ...g.rds!,
          instances: [aDb('db1'), aDb('db2', 'mysql', { performanceInsightsEnabled: true })],
        },
      }),
    unknown: withGap(aGap('rds', 'rds.instances')),
  },
  {
    id: 'L3-12',
    met: () => g,
    notMet: () => g,
    unknown: () => g, // history is always known: no unknown case
    history: { scans: 2 },
  },
  {
    id: 'L3-13',
    met: () => g,
    notMet: () => goodSnapshot({ ebs: { volumes: [aVolume('v1', 'gp3'), aVolume('v2', 'gp2')] } }),
    unknown: withGap(aGap('ebs', 'ebs.volumes')),
  },
  {
    id: 'L4-1',
    met: () => g,
    notMet: () => goodSnapshot({ cloudwatch: { ...g.cloudwatch!, metricAlarms: [anAlarm('lat')] } }),
    unknown: () =>
      goodSnapshot({
        cloudwatch: { ...g.cloudwatch!, slos: undefined },
        gaps: [aGap('cloudwatch', 'cloudwatch.metricAlarms')],
      }),
  },
  {
    id: 'L4-6',
    met: () => g,
    notMet: () => goodSnapshot({ vpc: { ...g.vpc!, endpoints: g.vpc!.endpoints.slice(0, 2) } }),
    unknown: withGap(aGap('vpc', 'vpc.endpoints')),
  },
  {
    id: 'L4-7',
    met: () => g,
    notMet: () =>
      goodSnapshot({ metrics: { ...cpu('i-1'), ...cacheHitRate('E1', 90), ...cacheHits('c1', 950, 50) } }),
    unknown: withGap(aGap('metrics', 'metrics.AWS/CloudFront', 'Throttled')),
  },
  {
    id: 'L4-8',
    met: () => g,
    notMet: () =>
      goodSnapshot({
        computeOptimizer: {
          enrollmentStatus: 'Active',
          recommendations: [
            {
              kind: 'lambda',
              resourceArn: 'arn:aws:lambda:eu-west-1:111122223333:function:fn',
              resourceId: 'fn',
              finding: 'NotOptimized',
              reasons: ['MemoryOverprovisioned'],
            },
          ],
        },
      }),
    unknown: withGap(aGap('computeoptimizer', 'computeOptimizer.lambda', 'Throttled')),
  },
  {
    id: 'L4-9',
    met: () => g,
    notMet: () =>
      goodSnapshot({
        rds: {
          ...g.rds!,
          instances: [aDb('db1', 'mysql', { storageType: 'gp2', performanceInsightsEnabled: true })],
        },
      }),
    unknown: withGap(aGap('ebs', 'ebs')),
  },
];

describe('observed checklist items', () => {
  for (const c of CASES) {
    describe(c.id, () => {
      it('met', () => {
        const r = item(score(c.met(), { history: c.history ?? { scans: 3 } }), c.id);
        expect(r, r.evidence.join('; ')).toMatchObject({ state: 'met', source: 'observed' });
        expect(r.evidence.length).toBeGreaterThan(0);
      });
      it('not met', () => {
        const r = item(
          score(c.notMet ? c.notMet() : c.met(), { history: c.id === 'L3-12' ? { scans: 1 } : { scans: 3 } }),
          c.id,
        );
        expect(r, r.evidence.join('; ')).toMatchObject({ state: 'not met', source: 'observed' });
      });
      if (c.id !== 'L3-12') {
        it('unknown when its data has a gap (never met)', () => {
          const r = item(score(c.unknown(), { history: { scans: 3 } }), c.id);
          expect(r, r.evidence.join('; ')).toMatchObject({ state: 'unknown', source: 'not assessed' });
          expect(r.evidence.join(' ')).toMatch(/not assessed|nothing to observe|gap|0 /);
        });
      }
    });
  }

  it('L2-2 is met by a latency alarm and unknown (never not met) without one', () => {
    expect(item(score(g), 'L2-2')).toMatchObject({ state: 'met', source: 'observed' });
    const none = goodSnapshot({ cloudwatch: { ...g.cloudwatch!, metricAlarms: [] } });
    expect(item(score(none), 'L2-2')).toMatchObject({ state: 'unknown', source: 'not assessed' });
  });

  it('L3-1 is unknown, not "not met", when an SLO of unread type could be a latency SLO', () => {
    const s = goodSnapshot({
      cloudwatch: { ...g.cloudwatch!, slos: [anSlo('x', { metricType: undefined, sliKind: undefined })] },
    });
    expect(item(score(s), 'L3-1').state).toBe('unknown');
    expect(item(score(s), 'L3-2').state).toBe('met');
  });

  it('L3-9 ignores an idle distribution (no requests) instead of calling it unmeasured', () => {
    const idle = aDistribution('IDLE', { additionalMetricsEnabled: undefined });
    const s = goodSnapshot({
      cloudfront: { distributions: [aDistribution('E1'), idle] },
      metrics: {
        ...g.metrics,
        ...cacheHitRate('IDLE', undefined, 0),
        ...aMetric('AWS/CloudFront', 'Requests', { DistributionId: 'IDLE', Region: 'Global' }, 'Sum', 86400, {
          sum: 0,
          datapoints: 0,
        }),
      },
    });
    expect(item(score(s), 'L3-9').state).toBe('met');
  });

  it('L4-3 follows the debt register impact estimates', () => {
    expect(item(score(g, { history: { openDebt: 3, debtWithImpact: 3 } }), 'L4-3').state).toBe('met');
    expect(item(score(g, { history: { openDebt: 3, debtWithImpact: 2 } }), 'L4-3').state).toBe('not met');
    expect(item(score(g, { history: { openDebt: 0 } }), 'L4-3').state).toBe('unknown');
  });

  it('universal items are unknown when there is nothing to observe', () => {
    const empty = aSnapshot();
    for (const id of ['L2-1', 'L3-4', 'L3-9', 'L3-10', 'L3-13', 'L4-6', 'L4-7', 'L4-8', 'L4-9']) {
      expect(item(score(empty), id).state, id).toBe('unknown');
    }
    for (const id of ['L2-3', 'L2-4', 'L2-6', 'L3-1', 'L3-2', 'L3-3', 'L4-1']) {
      expect(item(score(empty), id).state, id).toBe('not met');
    }
  });

  it('a gap in one unit does not hide an observation from another fully assessed unit', () => {
    const a = deriveUnitFacts(goodSnapshot(), []);
    const b = deriveUnitFacts(
      aSnapshot({ region: 'us-east-1', globalUnit: false, gaps: [aGap('rds', 'rds')] }),
      [],
    );
    const s = score(mergeFacts([a, b]));
    expect(item(s, 'L2-4').state).toBe('met'); // existential: seen in unit a
    expect(item(s, 'L3-10').state).toBe('unknown'); // universal: unit b's DBs are unknown
  });

  it('the good account reaches Level 2 from observations alone', () => {
    const s = score(g, { history: { scans: 3 } });
    expect(
      s.checklists[0]?.items.filter((i) => i.state === 'met' && i.source === 'observed').length,
    ).toBeGreaterThanOrEqual(4);
    expect(s.overall).toBeGreaterThanOrEqual(2);
  });
});

// ---------------------------------------------------------------- controls

describe('control level walk', () => {
  it('records every criterion L2..L5 with state, source and evidence', () => {
    const s = score(g, { history: { scans: 3 } });
    for (const c of s.controls) {
      expect(c.criteria.map((k) => k.level)).toEqual([2, 3, 4, 5]);
      for (const k of c.criteria) {
        expect(['met', 'not met', 'unknown']).toContain(k.state);
        expect(k.evidence.length).toBeGreaterThan(0);
      }
    }
  });

  it('stops at the first level that is not met, even when a higher one is met', () => {
    // 090: L2 not met (only gp2), L4 cannot be met either, but L3's I/O alarms are present.
    const s = score(
      goodSnapshot({
        ebs: { volumes: [aVolume('v', 'gp2')] },
        rds: { ...g.rds!, instances: [aDb('db1', 'mysql', { storageType: 'gp2' })] },
      }),
    );
    const c = control(s, 'WAF-PERF-090');
    expect(c.criteria[0]?.state).toBe('not met');
    expect(c.level).toBe(1);
    expect(c.next[0]).toMatch(/^Level 2: /);
  });

  it('WAF-PERF-010 Compute Sizing: 5 -> 4 -> 3 -> 2 -> 1', () => {
    expect(control(score(g), 'WAF-PERF-010').level).toBe(5);
    const noPredictive = goodSnapshot({ autoscaling: { ...g.autoscaling!, policies: [aPolicy('web')] } });
    expect(control(score(noPredictive), 'WAF-PERF-010').level).toBe(4);
    expect(
      control(score(noPredictive, { attestations: attest('WAF-PERF-010:L5') }), 'WAF-PERF-010').level,
    ).toBe(5);
    const notEnrolled = goodSnapshot({
      autoscaling: noPredictive.autoscaling,
      computeOptimizer: { enrollmentStatus: 'Inactive', recommendations: [] },
    });
    expect(control(score(notEnrolled), 'WAF-PERF-010').level).toBe(3);
    const noMemory = goodSnapshot({
      autoscaling: noPredictive.autoscaling,
      computeOptimizer: notEnrolled.computeOptimizer,
      cloudwatch: { ...g.cloudwatch!, agentMemoryInstanceIds: [] },
    });
    expect(control(score(noMemory), 'WAF-PERF-010').level).toBe(2);
    const previousGen = goodSnapshot({
      ec2: {
        instances: [anInstance('i-1', 'm4.large')],
        instanceTypes: types([], ['m4.large']),
        gravitonFamilies: [],
      },
    });
    const c = control(score(previousGen), 'WAF-PERF-010');
    expect(c.level).toBe(1);
    expect(c.criteria[0]?.evidence[0]).toContain('0 of 1 running instances on current-generation types');
  });

  it('WAF-PERF-010 L3 fails on too many over-provisioned instances', () => {
    const findings = [
      aFinding({ checkId: 'ec2-instance-cpu-not-overprovisioned', status: 'fail', resourceId: 'i-1' }),
    ];
    const c = control(score(g, { findings }), 'WAF-PERF-010');
    expect(c.criteria[1]?.state).toBe('not met');
    expect(c.level).toBe(2);
  });

  it('WAF-PERF-020 Auto-Scaling: L3 needs the load-test attestation (L3-5 accepted)', () => {
    const c2 = control(score(g), 'WAF-PERF-020');
    expect(c2.level).toBe(2);
    expect(c2.criteria[1]).toMatchObject({ state: 'unknown', source: 'not assessed' });
    expect(c2.next.join(' ')).toContain('attest WAF-PERF-020:L3');
    const c4 = control(score(g, { attestations: attest('L3-5') }), 'WAF-PERF-020');
    expect(c4.criteria[1]).toMatchObject({ state: 'met', source: 'attested' });
    expect(c4.level).toBe(4); // cyclic group 'web' has predictive scaling
    expect(control(score(g, { attestations: attest('L3-5', 'WAF-PERF-020:L5') }), 'WAF-PERF-020').level).toBe(
      5,
    );
    const cyclicNoPredictive = goodSnapshot({
      autoscaling: { ...g.autoscaling!, policies: [aPolicy('web')] },
    });
    expect(control(score(cyclicNoPredictive, { attestations: attest('L3-5') }), 'WAF-PERF-020').level).toBe(
      3,
    );
    const none = goodSnapshot({
      autoscaling: { groups: [], policies: [], scheduledActions: [], scalableTargets: [] },
    });
    expect(control(score(none), 'WAF-PERF-020').level).toBe(1);
    // a group whose load cycle cannot be assessed keeps L4 unknown
    const unsure = goodSnapshot({
      autoscaling: {
        ...g.autoscaling!,
        groups: [aGroup('web'), aGroup('api')],
        policies: [...g.autoscaling!.policies, aPolicy('api')],
      },
    });
    const findings = [
      aFinding({
        checkId: 'autoscaling-group-predictive-scaling-cyclic',
        service: 'autoscaling',
        status: 'unknown',
        resourceId: 'api',
      }),
    ];
    const c = control(score(unsure, { attestations: attest('L3-5'), findings }), 'WAF-PERF-020');
    expect(c.criteria[2]?.state).toBe('unknown');
    expect(c.level).toBe(3);
  });

  it('WAF-PERF-020 L3 is not met by attestation when a group does not scale', () => {
    const pinned = goodSnapshot({
      autoscaling: {
        ...g.autoscaling!,
        groups: [aGroup('web'), aGroup('pinned', { minSize: 1, maxSize: 1 })],
      },
    });
    const c = control(score(pinned, { attestations: attest('WAF-PERF-020:L3') }), 'WAF-PERF-020');
    expect(c.criteria[1]).toMatchObject({ state: 'not met', source: 'observed' });
    expect(c.level).toBe(2);
  });

  it('WAF-PERF-030 Caching: 2 -> 3 (attested strategy) -> 4 (hit rates)', () => {
    expect(control(score(g), 'WAF-PERF-030').level).toBe(2);
    expect(control(score(g, { attestations: attest('L3-8') }), 'WAF-PERF-030').level).toBe(4);
    const lowHit = goodSnapshot({
      metrics: { ...cpu('i-1'), ...cacheHitRate('E1', 97), ...cacheHits('c1', 500, 500) },
    });
    expect(control(score(lowHit, { attestations: attest('L3-8') }), 'WAF-PERF-030').level).toBe(3);
    const noCache = goodSnapshot({
      cloudfront: { distributions: [] },
      elasticache: { clusters: [], replicationGroups: [] },
    });
    expect(control(score(noCache), 'WAF-PERF-030').level).toBe(1);
  });

  it('WAF-PERF-040 Database Performance: 4 -> 5 attested; PI off -> 2; no slow log -> 1', () => {
    expect(control(score(g), 'WAF-PERF-040').level).toBe(4);
    expect(control(score(g, { attestations: attest('WAF-PERF-040:L5') }), 'WAF-PERF-040').level).toBe(5);
    const noPi = goodSnapshot({ rds: { ...g.rds!, instances: [aDb('db1')] } });
    expect(control(score(noPi), 'WAF-PERF-040').level).toBe(2);
    const noGuru = goodSnapshot({
      rds: { ...g.rds!, devOpsGuru: { enabled: false, coveredResourceArns: [], coversAll: false } },
    });
    expect(control(score(noGuru), 'WAF-PERF-040').level).toBe(3);
    const noLog = goodSnapshot({ rds: { ...g.rds!, parameterGroups: {} } });
    const c = control(score(noLog), 'WAF-PERF-040');
    expect(c.level).toBe(1);
    expect(c.criteria[0]?.state).toBe('unknown'); // parameter group not read
  });

  it('WAF-PERF-050 SLOs & Monitoring: 5 -> 4 -> 3 -> 2 -> 1', () => {
    expect(control(score(g), 'WAF-PERF-050').level).toBe(5);
    const alarms = g.cloudwatch!.metricAlarms;
    const cw = (names: string[]) =>
      goodSnapshot({
        cloudwatch: { ...g.cloudwatch!, metricAlarms: alarms.filter((a) => names.includes(a.name)) },
      });
    expect(control(score(cw(['lat', 'p99', 'burn'])), 'WAF-PERF-050').level).toBe(4);
    expect(
      control(
        score(goodSnapshot({ cloudwatch: { ...cw(['lat', 'p99']).cloudwatch!, slos: [] } })),
        'WAF-PERF-050',
      ).level,
    ).toBe(3);
    expect(
      control(score(goodSnapshot({ cloudwatch: { ...cw(['lat']).cloudwatch!, slos: [] } })), 'WAF-PERF-050')
        .level,
    ).toBe(2);
    expect(
      control(score(goodSnapshot({ cloudwatch: { ...cw([]).cloudwatch!, slos: [] } })), 'WAF-PERF-050').level,
    ).toBe(1);
  });

  it('WAF-PERF-060 Load Tests: attestation only, at every level', () => {
    const c0 = control(score(g), 'WAF-PERF-060');
    expect(c0.level).toBe(1);
    expect(c0.criteria.every((k) => k.state === 'unknown' && k.source === 'not assessed')).toBe(true);
    const c3 = control(score(g, { attestations: attest('L2-5', 'WAF-PERF-060:L3') }), 'WAF-PERF-060');
    expect(c3.level).toBe(3);
    expect(c3.criteria[0]).toMatchObject({ state: 'met', source: 'attested' });
    const expired = [
      ...attest('L2-5', 'WAF-PERF-060:L3'),
      anAttestation('WAF-PERF-060:L4', { expires: '2025-01-01' }),
    ];
    const c = control(score(g, { attestations: expired }), 'WAF-PERF-060');
    expect(c.level).toBe(3);
    expect(c.criteria[2]?.expiredAttestation?.item).toBe('WAF-PERF-060:L4');
    const all = attest('WAF-PERF-060:L2', 'WAF-PERF-060:L3', 'WAF-PERF-060:L4', 'WAF-PERF-060:L5');
    expect(control(score(g, { attestations: all }), 'WAF-PERF-060').level).toBe(5);
  });

  it('WAF-PERF-070 Network Performance: 3 -> 4 with latency baseline attested; no gateways -> 2; no CDN -> 1', () => {
    expect(control(score(g), 'WAF-PERF-070').level).toBe(3);
    expect(control(score(g, { attestations: attest('WAF-PERF-070:L4') }), 'WAF-PERF-070').level).toBe(4);
    const noGw = goodSnapshot({ vpc: { ...g.vpc!, endpoints: [] } });
    expect(control(score(noGw, { attestations: attest('WAF-PERF-070:L4') }), 'WAF-PERF-070').level).toBe(2);
    expect(control(score(goodSnapshot({ cloudfront: { distributions: [] } })), 'WAF-PERF-070').level).toBe(1);
  });

  it('WAF-PERF-080 Serverless: 4 -> 3 -> 2 -> 1', () => {
    expect(control(score(g), 'WAF-PERF-080').level).toBe(4);
    const noPc = goodSnapshot({ lambda: { functions: [aFunction('fn', { provisionedConcurrency: [] })] } });
    expect(control(score(noPc), 'WAF-PERF-080').level).toBe(3);
    const notOptimized = goodSnapshot({
      lambda: noPc.lambda,
      computeOptimizer: {
        enrollmentStatus: 'Active',
        recommendations: [
          {
            kind: 'lambda',
            resourceArn: 'arn:aws:lambda:eu-west-1:111122223333:function:fn',
            resourceId: 'fn',
            finding: 'NotOptimized',
            reasons: [],
          },
        ],
      },
    });
    expect(control(score(notOptimized), 'WAF-PERF-080').level).toBe(2);
    const at128 = goodSnapshot({
      lambda: { functions: [aFunction('fn', { memoryMiB: 128 })] },
      computeOptimizer: notOptimized.computeOptimizer,
    });
    expect(control(score(at128), 'WAF-PERF-080').level).toBe(1);
  });

  it('WAF-PERF-090 Storage I/O: 4; gp2 left -> 3; no I/O alarms -> 2', () => {
    expect(control(score(g), 'WAF-PERF-090').level).toBe(4);
    const gp2Left = goodSnapshot({ ebs: { volumes: [aVolume('v1', 'gp3'), aVolume('v2', 'gp2')] } });
    const c = control(score(gp2Left), 'WAF-PERF-090');
    expect(c.level).toBe(3);
    expect(c.criteria[2]?.evidence.join(' ')).toContain('1 gp2/io1/magnetic');
    const noIoAlarm = goodSnapshot({
      ebs: gp2Left.ebs,
      cloudwatch: { ...g.cloudwatch!, metricAlarms: [anAlarm('lat')] },
    });
    expect(control(score(noIoAlarm), 'WAF-PERF-090').level).toBe(2);
  });

  it('WAF-PERF-100 Performance Debt: attested L2, register + review L3, impact L4, schedule L5', () => {
    expect(control(score(g, { history: { scans: 3 } }), 'WAF-PERF-100').level).toBe(1);
    const l2 = attest('WAF-PERF-100:L2');
    expect(control(score(g, { attestations: l2, history: { scans: 3 } }), 'WAF-PERF-100').level).toBe(2);
    const l3 = [...l2, ...attest('L4-4')];
    expect(control(score(g, { attestations: l3, history: { scans: 1 } }), 'WAF-PERF-100').level).toBe(2);
    expect(control(score(g, { attestations: l3, history: { scans: 2 } }), 'WAF-PERF-100').level).toBe(3);
    const h4 = { scans: 2, openDebt: 4, debtWithImpact: 4 };
    expect(control(score(g, { attestations: l3, history: h4 }), 'WAF-PERF-100').level).toBe(4);
    expect(
      control(score(g, { attestations: l3, history: { ...h4, scheduled: true } }), 'WAF-PERF-100').level,
    ).toBe(5);
  });

  it('next says what the next control level needs; empty at level 5', () => {
    const s = score(g);
    expect(control(s, 'WAF-PERF-050').next).toEqual([]);
    const c = control(s, 'WAF-PERF-060');
    expect(c.next[0]).toMatch(/^Level 2: /);
    expect(c.next[1]).toMatch(/attest WAF-PERF-060:L2/);
  });
});
