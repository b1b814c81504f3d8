import { describe, it, expect } from 'vitest';
import { FACT_SOURCES, deriveUnitFacts, mergeFacts, unassessedFacts } from '#lib/maturity/facts.js';
import { scoreAccount } from '#lib/maturity/score.js';
import type { ServiceName } from '#lib/model/index.js';
import { NOW, aSnapshot, aVolume, history } from './fixtures.js';

/** What the engine records for a unit whose collection threw: no data, one account-level gap. */
function failedUnitSnapshot(global: boolean, services?: ServiceName[]): ReturnType<typeof aSnapshot> {
  const s = aSnapshot({
    globalUnit: global,
    gaps: [{ service: 'account', slice: 'account', code: 'Error', message: 'AssumeRole failed' }],
    metrics: {},
    ...(services ? { services } : {}),
  });
  for (const k of [
    'ec2',
    'ebs',
    'rds',
    'cloudfront',
    'vpc',
    'lambda',
    'autoscaling',
    'elasticache',
    'cloudwatch',
    'computeOptimizer',
  ] as const) {
    delete s[k];
  }
  return s;
}

describe('unassessedFacts', () => {
  it('is one unit with every fact source gapped and no counters', () => {
    const f = unassessedFacts({ global: true });
    expect(f.units).toBe(1);
    for (const s of FACT_SOURCES) expect(f.coverage[s], s).toEqual({ assessed: 0, gaps: 1, notScanned: 0 });
    for (const t of Object.values(f.measures)) expect(t).toEqual({ of: 0, met: 0, noData: 0 });
  });

  it('agrees with deriveUnitFacts on the snapshot of a failed unit (global or not, all or some services)', () => {
    const cases: { global: boolean; services?: ServiceName[] }[] = [
      { global: true },
      { global: false },
      { global: true, services: ['ec2', 'ebs', 'cloudfront'] },
      { global: false, services: ['lambda', 'computeoptimizer'] },
    ];
    for (const c of cases) {
      const derived = deriveUnitFacts(failedUnitSnapshot(c.global, c.services), []);
      expect(unassessedFacts(c), JSON.stringify(c)).toEqual(derived);
    }
  });

  it('keeps an "every" checklist item unknown when merged with a unit that would meet it', () => {
    // One healthy unit: a recent gp3 volume, nothing legacy, EBS fully assessed -> L3-13 met on its own.
    const ok = deriveUnitFacts(
      aSnapshot({ ebs: { volumes: [aVolume('vol-1', 'gp3', { createTime: '2025-05-20T00:00:00.000Z' })] } }),
      [],
    );
    const item = (facts: ReturnType<typeof mergeFacts>): { state: string; source: string } =>
      scoreAccount({ facts, findings: [], attestations: [], history: history(), now: NOW })
        .checklists.flatMap((c) => c.items)
        .find((i) => i.id === 'L3-13')!;
    expect(item(mergeFacts([ok]))).toMatchObject({ state: 'met', source: 'observed' });
    const withFailed = item(mergeFacts([ok, unassessedFacts({ global: false })]));
    expect(withFailed).toMatchObject({ state: 'unknown', source: 'not assessed' });
  });
});
