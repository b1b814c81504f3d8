/**
 * The scoring rules of lib/maturity/score.ts at their edges, written for the maturity group's mutation run
 * (npm run mutation; docs/testing.md): the day an attestation expires, which of several attestations counts,
 * coverage wording, each branch of a requirement (nothing to count, all without data, a share reached exactly,
 * "at least one" with units missing), the attested/observed combinations of a criterion, the cap at Level 2,
 * "not applicable", the overall level and what the next level needs. scoreAccount is pure: these tests call it
 * the way the engine and the digest do, on unit facts.
 */
import { describe, expect, it } from 'vitest';
import type { Attestation, FactSource, ItemResult, UnitFacts } from '#lib/model/index.js';
import { FACT_SOURCES, emptyFacts } from '#lib/maturity/facts.js';
import {
  attestationValid,
  complete,
  coverageGaps,
  observeRequirement,
  scoreAccount,
  summarizeScore,
} from '#lib/maturity/score.js';
import { DEFAULT_SHARES, required, resolveShares, shareLabel } from '#lib/maturity/shares.js';
import { CHECKLISTS } from '#lib/maturity/checklists.js';
import { CONTROLS } from '#lib/maturity/controls/index.js';
import { MEASURES, measure } from '#lib/maturity/measures/index.js';
import type { ScanHistory } from '#lib/maturity/types.js';

const NOW = '2026-11-22T06:00:00Z';
const HISTORY: ScanHistory = { scans: 1, openDebt: 0, debtWithImpact: 0, scheduled: false };

/** One fully assessed unit with the given tallies ([of, met, noData]). */
function facts(
  measures: Record<string, [number, number, number?]> = {},
  checks: UnitFacts['checks'] = {},
): UnitFacts {
  const f = emptyFacts();
  f.units = 1;
  for (const s of FACT_SOURCES) f.coverage[s] = { assessed: 1, gaps: 0, notScanned: 0 };
  for (const [id, [of, met, noData]] of Object.entries(measures))
    f.measures[id] = { of, met, noData: noData ?? 0 };
  f.checks = checks;
  return f;
}
const withGap = (f: UnitFacts, ...sources: FactSource[]): UnitFacts => {
  for (const s of sources) f.coverage[s] = { assessed: 0, gaps: 1, notScanned: 0 };
  return f;
};
const attest = (item: string, over: Partial<Attestation> = {}): Attestation => ({
  item,
  met: true,
  by: 'ops@example.com',
  date: '2026-11-01',
  expires: '2027-05-01',
  link: 'https://wiki.example.com/perf',
  ...over,
});
const score = (f: UnitFacts, attestations: Attestation[] = [], history = HISTORY) =>
  scoreAccount({ facts: f, attestations, history, now: NOW });
const item = (s: ReturnType<typeof score>, id: string): ItemResult | undefined =>
  [...s.checklists.flatMap((c) => c.items), ...s.controls.flatMap((c) => c.criteria)].find(
    (x) => x.id === id,
  );
const control = (s: ReturnType<typeof score>, id: string) => s.controls.find((c) => c.control === id);

describe('attestations', () => {
  it('an attestation counts through the end of its expires day (UTC), not the day after', () => {
    expect(attestationValid(attest('L2-5', { expires: '2026-11-22' }), NOW)).toBe(true);
    expect(attestationValid(attest('L2-5', { expires: '2026-11-21' }), NOW)).toBe(false);
    expect(attestationValid(attest('L2-5', { expires: '2026-11-23' }), NOW)).toBe(true);
  });

  it('an attested-only item: met or not met as attested, with who, when, link and note', () => {
    const met = item(score(facts(), [attest('L2-5', { note: 'runbook' })]), 'L2-5');
    expect(met).toMatchObject({
      state: 'met',
      source: 'attested',
      evidence: [
        'attested met by ops@example.com on 2026-11-01 (expires 2027-05-01): https://wiki.example.com/perf; runbook',
      ],
      attestation: { item: 'L2-5', note: 'runbook' },
    });
    const notMet = item(score(facts(), [attest('L2-5', { met: false })]), 'L2-5');
    expect(notMet).toMatchObject({
      state: 'not met',
      source: 'attested',
      evidence: [
        'attested not met by ops@example.com on 2026-11-01 (expires 2027-05-01): https://wiki.example.com/perf',
      ],
    });
    const none = item(score(facts()), 'L2-5');
    expect(none).toEqual({
      id: 'L2-5',
      text: none?.text,
      state: 'unknown',
      source: 'not assessed',
      evidence: ['not observable in the account: attest L2-5'],
    });
  });

  it('the newest valid attestation wins, whatever the order given; an older valid one is not used', () => {
    const older = attest('L2-5', { met: false, date: '2026-10-01' });
    const newer = attest('L2-5', { met: true, date: '2026-11-10' });
    for (const list of [
      [older, newer],
      [newer, older],
    ]) {
      const r = item(score(facts(), list), 'L2-5');
      expect(r?.state).toBe('met');
      expect(r?.attestation?.date).toBe('2026-11-10');
    }
    // Two with the same date: the first given stays first.
    const a = attest('L2-5', { met: true, by: 'a@example.com' });
    const b = attest('L2-5', { met: false, by: 'b@example.com' });
    expect(item(score(facts(), [a, b]), 'L2-5')?.attestation?.by).toBe('a@example.com');
    expect(item(score(facts(), [b, a]), 'L2-5')?.attestation?.by).toBe('b@example.com');
  });

  it('an expired attestation is ignored and reported: the newest expired one, in the evidence and the result', () => {
    const old = attest('L2-5', { date: '2025-01-01', expires: '2025-06-01', by: 'old@example.com' });
    const recent = attest('L2-5', { date: '2026-01-01', expires: '2026-06-01', by: 'recent@example.com' });
    for (const list of [
      [old, recent],
      [recent, old],
    ]) {
      const r = item(score(facts(), list), 'L2-5');
      expect(r).toMatchObject({
        state: 'unknown',
        source: 'not assessed',
        evidence: [
          'not observable in the account: attest L2-5',
          'attestation by recent@example.com expired on 2026-06-01 (ignored)',
        ],
        expiredAttestation: { by: 'recent@example.com' },
      });
      expect(r?.attestation).toBeUndefined();
    }
    // A valid one next to an expired one: the valid one answers, nothing is reported as expired.
    const valid = attest('L2-5', { date: '2024-01-01' });
    const r = item(score(facts(), [recent, valid]), 'L2-5');
    expect(r?.source).toBe('attested');
    expect(r?.expiredAttestation).toBeUndefined();
    expect(r?.evidence.join(' ')).not.toMatch(/expired on/);
  });

  it('attestations of other items are not used', () => {
    expect(item(score(facts(), [attest('L3-5')]), 'L2-5')?.source).toBe('not assessed');
  });
});

describe('coverage', () => {
  it('complete: every source assessed in at least one unit, with no gap and nothing unscanned', () => {
    const sources: FactSource[] = ['rds.instances', 'rds.parameterGroups'];
    expect(complete(facts(), sources)).toBe(true);
    expect(complete(facts(), [])).toBe(true);
    const none = facts();
    none.coverage['rds.instances'] = { assessed: 0, gaps: 0, notScanned: 0 };
    expect(complete(none, sources)).toBe(false);
    const gap = facts();
    gap.coverage['rds.parameterGroups'] = { assessed: 3, gaps: 1, notScanned: 0 };
    expect(complete(gap, sources)).toBe(false);
    const unscanned = facts();
    unscanned.coverage['rds.instances'] = { assessed: 3, gaps: 0, notScanned: 1 };
    expect(complete(unscanned, sources)).toBe(false);
  });

  it('coverageGaps says why, per source, in words', () => {
    const f = facts();
    f.coverage['rds.instances'] = { assessed: 0, gaps: 0, notScanned: 0 };
    f.coverage['rds.parameterGroups'] = { assessed: 3, gaps: 2, notScanned: 0 };
    f.coverage['ec2.instances'] = { assessed: 4, gaps: 0, notScanned: 1 };
    f.coverage['ebs.volumes'] = { assessed: 1, gaps: 2, notScanned: 3 };
    expect(
      coverageGaps(f, [
        'rds.instances',
        'rds.parameterGroups',
        'ec2.instances',
        'ebs.volumes',
        'lambda.functions',
      ]),
    ).toEqual([
      'rds.instances: not collected in any unit (not assessed)',
      'rds.parameterGroups: gap in 2 of 5 units (not assessed)',
      'ec2.instances: not scanned in 1 (not assessed)',
      'ebs.volumes: gap in 2 of 6 units, not scanned in 3 (not assessed)',
    ]);
    // Units only not scanned (none assessed, no gap) still count as units.
    const g = facts();
    g.coverage['rds.instances'] = { assessed: 0, gaps: 0, notScanned: 2 };
    expect(coverageGaps(g, ['rds.instances'])).toEqual(['rds.instances: not scanned in 2 (not assessed)']);
  });
});

describe('one requirement', () => {
  const slowLog = { measure: 'rds.slowLog', share: 'most' as const };
  const obs = (
    t: [number, number, number?],
    f = facts({ 'rds.slowLog': t }),
    r: Parameters<typeof observeRequirement>[0] = slowLog,
  ) => observeRequirement(r, f, HISTORY, DEFAULT_SHARES);
  const DENOM =
    'available production DB instances of engines with a slow-query log (MySQL, MariaDB, PostgreSQL, Aurora)';

  it('a share reached exactly is met; one resource fewer is not met', () => {
    expect(obs([5, 4])).toEqual({
      state: 'met',
      evidence: [`4 of 5 ${DENOM} have the slow-query log exported or enabled (80%); needs most (>= 80%)`],
    });
    expect(obs([5, 3])).toEqual({
      state: 'not met',
      evidence: [`3 of 5 ${DENOM} have the slow-query log exported or enabled (60%); needs most (>= 80%)`],
    });
  });

  it('resources without data are named and never count as meeting; all without data is unknown', () => {
    expect(obs([5, 3, 2])).toEqual({
      state: 'not met',
      evidence: [
        `3 of 5 ${DENOM} have the slow-query log exported or enabled (60%); needs most (>= 80%); 2 without data (not counted as meeting)`,
      ],
    });
    expect(obs([5, 0, 5])).toEqual({
      state: 'unknown',
      evidence: [
        `0 of 5 ${DENOM} have the slow-query log exported or enabled (0%); needs most (>= 80%); 5 without data (not counted as meeting)`,
        'no data for any of them',
      ],
    });
    expect(obs([5, 0, 4]).state).toBe('not met');
  });

  it("nothing to count: not met by default, the requirement's own answer when it has one, unknown when data is missing", () => {
    expect(obs([0, 0])).toEqual({
      state: 'not met',
      evidence: [`0 ${DENOM}: nothing to count (needs most (>= 80%))`],
    });
    expect(obs([0, 0], undefined, { ...slowLog, whenNone: 'met' }).state).toBe('met');
    expect(obs([0, 0], undefined, { ...slowLog, whenNone: 'unknown' }).state).toBe('unknown');
    const f = withGap(facts({ 'rds.slowLog': [0, 0] }), 'rds.parameterGroups');
    expect(obs([0, 0], f, { ...slowLog, whenNone: 'met' })).toEqual({
      state: 'unknown',
      evidence: [
        `0 ${DENOM}: nothing to count (needs most (>= 80%))`,
        'rds.parameterGroups: gap in 1 of 1 units (not assessed)',
      ],
    });
    // A measure missing from the facts (older stored facts) counts as nothing to count.
    const old = facts();
    delete old.measures['rds.slowLog'];
    expect(obs([0, 0], old).evidence[0]).toBe(`0 ${DENOM}: nothing to count (needs most (>= 80%))`);
  });

  it('with a unit missing: a reached share is unknown (it could still drop), except "at least one"', () => {
    const f = withGap(facts({ 'rds.slowLog': [5, 5] }), 'rds.instances');
    expect(obs([5, 5], f)).toEqual({
      state: 'unknown',
      evidence: [
        `5 of 5 ${DENOM} have the slow-query log exported or enabled (100%); needs most (>= 80%)`,
        'rds.instances: gap in 1 of 1 units (not assessed)',
      ],
    });
    const one = withGap(facts({ 'rds.slowLog': [5, 1] }), 'rds.instances');
    expect(obs([5, 1], one, { ...slowLog, share: 'one' })).toEqual({
      state: 'met',
      evidence: [`1 of 5 ${DENOM} have the slow-query log exported or enabled (20%); needs at least one`],
    });
    // Not reached with a unit missing: unknown, with the gap.
    expect(obs([5, 1], one)).toEqual({
      state: 'unknown',
      evidence: [
        `1 of 5 ${DENOM} have the slow-query log exported or enabled (20%); needs most (>= 80%)`,
        'rds.instances: gap in 1 of 1 units (not assessed)',
      ],
    });
  });

  it('percentages round to the nearest whole percent', () => {
    expect(obs([3, 2]).evidence[0]).toMatch(/\(67%\)/);
    expect(obs([8, 1]).evidence[0]).toMatch(/\(13%\)/);
  });

  it('history requirements read the scan history: two scans for the register', () => {
    const r = item(score(facts(), [], { ...HISTORY, scans: 2 }), 'L3-12');
    expect(r?.state).toBe('met');
    expect(item(score(facts(), [], HISTORY), 'L3-12')?.state).toBe('not met');
  });
});

describe('a criterion', () => {
  it('absence of a latency alarm proves nothing (L2-2): unknown with the note, not "not met"', () => {
    const r = item(score(facts({ 'entryPoints.latencyAlarm': [4, 0] })), 'L2-2');
    expect(r).toMatchObject({ state: 'unknown', source: 'not assessed' });
    expect(r?.evidence.at(-1)).toBe('absence in the account proves nothing: attest it if it holds');
    expect(item(score(facts({ 'entryPoints.latencyAlarm': [4, 4] })), 'L2-2')?.state).toBe('met');
  });

  it('observed and attested (WAF-PERF-020:L3): not met stays not met; met needs the attestation too', () => {
    const id = 'WAF-PERF-020:L3';
    const notMet = item(score(facts({ 'scaling.scales': [4, 3] }), [attest(id)]), id);
    expect(notMet).toMatchObject({ state: 'not met', source: 'observed' });
    expect(notMet?.attestation).toBeUndefined();
    const unattested = item(score(facts({ 'scaling.scales': [4, 4] })), id);
    expect(unattested).toMatchObject({ state: 'unknown', source: 'not assessed' });
    expect(unattested?.evidence[0]).toMatch(/^observed: 4 of 4 /);
    expect(unattested?.evidence[1]).toMatch(/^needs an attestation \(WAF-PERF-020:L3 or L3-5\): /);
    const attested = item(score(facts({ 'scaling.scales': [4, 4] }), [attest(id)]), id);
    expect(attested).toMatchObject({ state: 'met', source: 'attested', attestation: { item: id } });
    expect(attested?.evidence[0]).toMatch(/^observed: 4 of 4 /);
    expect(attested?.evidence[1]).toMatch(/^attested met by ops@example.com/);
    const attestedNo = item(score(facts({ 'scaling.scales': [4, 4] }), [attest(id, { met: false })]), id);
    expect(attestedNo).toMatchObject({ state: 'not met', source: 'attested' });
    const missing = item(
      score(withGap(facts({ 'scaling.scales': [4, 4] }), 'autoscaling.groups'), [attest(id)]),
      id,
    );
    expect(missing).toMatchObject({ state: 'unknown', source: 'not assessed' });
  });

  it('observed, or attested (WAF-PERF-010:L5): an attestation answers only when the observed part is not met', () => {
    const id = 'WAF-PERF-010:L5';
    const observedMet = item(score(facts({ 'asg.predictive': [5, 5] }), [attest(id, { met: false })]), id);
    expect(observedMet).toMatchObject({ state: 'met', source: 'observed' });
    expect(observedMet?.evidence.at(-1)).toBe(
      'attestation by ops@example.com on 2026-11-01 says not met; the observed state wins',
    );
    const attested = item(score(facts({ 'asg.predictive': [5, 1] }), [attest(id)]), id);
    expect(attested).toMatchObject({ state: 'met', source: 'attested' });
    expect(attested?.evidence[0]).toMatch(/^attested met by /);
    expect(attested?.evidence[1]).toMatch(/^observed: 1 of 5 /);
    const notMet = item(score(facts({ 'asg.predictive': [5, 1] })), id);
    expect(notMet).toMatchObject({ state: 'not met', source: 'observed' });
    const unknown = item(score(withGap(facts({ 'asg.predictive': [5, 1] }), 'autoscaling.groups')), id);
    expect(unknown).toMatchObject({ state: 'unknown', source: 'not assessed' });
  });

  it('an observed answer wins over a disagreeing attestation, and says so; an agreeing one adds nothing', () => {
    const id = 'WAF-PERF-040:L2';
    const r = item(score(facts({ 'rds.slowLog': [5, 1] }), [attest(id)]), id);
    expect(r).toMatchObject({ state: 'not met', source: 'observed' });
    expect(r?.evidence).toHaveLength(2);
    expect(r?.evidence[1]).toBe(
      'attestation by ops@example.com on 2026-11-01 says met; the observed state wins',
    );
    const agree = item(score(facts({ 'rds.slowLog': [5, 5] }), [attest(id)]), id);
    expect(agree?.evidence).toHaveLength(1);
    const expired = item(
      score(facts({ 'rds.slowLog': [5, 5] }), [attest(id, { expires: '2026-01-01' })]),
      id,
    );
    expect(expired).toMatchObject({ state: 'met', source: 'observed', expiredAttestation: { item: id } });
  });

  it('several requirements: any not met is not met, else any unknown is unknown (WAF-PERF-010:L3)', () => {
    const id = 'WAF-PERF-010:L3';
    const base = { 'ec2.memoryMetric': [10, 10], 'ec2.rightSized': [10, 9] } as Record<
      string,
      [number, number, number?]
    >;
    expect(item(score(facts(base)), id)?.state).toBe('met');
    expect(item(score(facts({ ...base, 'ec2.rightSized': [10, 8] })), id)?.state).toBe('not met');
    expect(item(score(facts({ ...base, 'ec2.memoryMetric': [10, 0, 10] })), id)?.state).toBe('unknown');
    expect(
      item(score(facts({ 'ec2.memoryMetric': [10, 0, 10], 'ec2.rightSized': [10, 8] })), id)?.state,
    ).toBe('not met');
  });
});

describe('controls', () => {
  const compute = {
    'subject.compute': [4, 4],
    'ec2.currentGeneration': [10, 10],
    'ec2.memoryMetric': [10, 10],
    'ec2.rightSized': [10, 10],
  } as Record<string, [number, number, number?]>;

  it('the level is the last consecutive met criterion from Level 2', () => {
    expect(
      control(score(facts({ ...compute, 'ec2.computeOptimizerOptimized': [10, 8] })), 'WAF-PERF-010')?.level,
    ).toBe(4);
    expect(control(score(facts(compute)), 'WAF-PERF-010')?.level).toBe(3);
    // L4 met but L3 not: stays at 2.
    expect(
      control(
        score(facts({ ...compute, 'ec2.rightSized': [10, 5], 'ec2.computeOptimizerOptimized': [10, 10] })),
        'WAF-PERF-010',
      )?.level,
    ).toBe(2);
    expect(control(score(facts({ 'subject.compute': [4, 4] })), 'WAF-PERF-010')?.level).toBe(1);
  });

  it('next: the next level and what it needs', () => {
    const c = control(score(facts(compute)), 'WAF-PERF-010');
    expect(c?.next).toHaveLength(2);
    expect(c?.next[0]).toMatch(/^Level 4: /);
    expect(c?.next[1]).toMatch(/^not met \(observed\): /);
    // An unknown next criterion with an observed part: attest it or do what the hint says.
    const u = control(
      score(
        withGap(
          facts({ ...compute, 'ec2.computeOptimizerOptimized': [10, 10] }),
          'computeoptimizer.recommendations' as FactSource,
        ),
      ),
      'WAF-PERF-010',
    );
    if (u?.level === 3) expect(u.next[1]).toMatch(/^unknown \(not assessed\): attest WAF-PERF-010:L4 or /);
    // At the top there is no next.
    const top = control(
      score(facts({ ...compute, 'ec2.computeOptimizerOptimized': [10, 10], 'asg.predictive': [5, 5] })),
      'WAF-PERF-010',
    );
    expect(top?.level).toBe(5);
    expect(top?.next).toEqual([]);
  });

  it('held at Level 2 when one of its checks fails on most of its resources (80%), not below that share', () => {
    const check = (fail: number, pass: number) => ({
      'ec2-instance-cpu-not-overprovisioned': { control: 'WAF-PERF-010' as const, pass, fail, unknown: 3 },
    });
    const capped = control(
      score(facts(compute, check(4, 1) as unknown as UnitFacts['checks'])),
      'WAF-PERF-010',
    );
    expect(capped?.level).toBe(2);
    expect(capped?.capped).toEqual({
      from: 3,
      why: 'ec2-instance-cpu-not-overprovisioned fails on 4 of 5 resources (80%)',
    });
    expect(capped?.next).toEqual([
      'Level 3 is held at Level 2: ec2-instance-cpu-not-overprovisioned fails on 4 of 5 resources (80%)',
      'fix the failing check on most of its resources to lift the cap',
    ]);
    const free = control(
      score(facts(compute, check(3, 2) as unknown as UnitFacts['checks'])),
      'WAF-PERF-010',
    );
    expect(free?.level).toBe(3);
    expect(free?.capped).toBeUndefined();
    // A check of another control does not cap this one; a check with nothing judged does not either.
    const other = {
      'rds-x': { control: 'WAF-PERF-040' as const, pass: 0, fail: 5, unknown: 0 },
      'ec2-y': { control: 'WAF-PERF-010' as const, pass: 0, fail: 0, unknown: 9 },
    };
    expect(
      control(score(facts(compute, other as unknown as UnitFacts['checks'])), 'WAF-PERF-010')?.level,
    ).toBe(3);
  });

  it('the cap names the reason with the largest share, and a control-specific cap applies too', () => {
    const checks = {
      'ec2-a': { control: 'WAF-PERF-010' as const, pass: 1, fail: 4, unknown: 0 },
      'ec2-b': { control: 'WAF-PERF-010' as const, pass: 0, fail: 5, unknown: 0 },
      'ec2-c': { control: 'WAF-PERF-010' as const, pass: 1, fail: 9, unknown: 0 },
    };
    expect(
      control(score(facts(compute, checks as unknown as UnitFacts['checks'])), 'WAF-PERF-010')?.capped?.why,
    ).toBe('ec2-b fails on 5 of 5 resources (100%)');
    // WAF-PERF-020: static capacity on most running instances holds it at 2.
    const scaling = {
      'subject.compute': [4, 4],
      'scaling.scales': [4, 4],
      'asg.cyclicPredictive': [2, 2],
    } as Record<string, [number, number, number?]>;
    const id = 'WAF-PERF-020:L3';
    const s = (inGroup: [number, number]) =>
      control(score(facts({ ...scaling, 'ec2.inGroup': inGroup }), [attest(id)]), 'WAF-PERF-020');
    expect(s([10, 7])?.level).toBe(4);
    const held = s([10, 8]);
    expect(held?.level).toBe(2);
    expect(held?.capped).toEqual({
      from: 4,
      why: 'most running instances are static capacity (in no Auto Scaling group): 8 of 10 running EC2 instances run outside any Auto Scaling group (static capacity) (80%)',
    });
    expect(s([0, 0])?.level).toBe(4);
  });

  it('a control at Level 2 is never capped (nothing to hold)', () => {
    const checks = { 'ec2-a': { control: 'WAF-PERF-010' as const, pass: 0, fail: 5, unknown: 0 } };
    const c = control(
      score(
        facts(
          { 'subject.compute': [4, 4], 'ec2.currentGeneration': [10, 10] },
          checks as unknown as UnitFacts['checks'],
        ),
      ),
      'WAF-PERF-010',
    );
    expect(c?.level).toBe(2);
    expect(c?.capped).toBeUndefined();
  });

  it('not applicable when the account has none of its subject, fully assessed; a level when data is missing', () => {
    const na = control(score(facts({ 'subject.databases': [0, 0] })), 'WAF-PERF-040');
    expect(na?.notApplicable).toBe(
      `${na?.notApplicable?.replace(/ in the scanned account$/, '')} in the scanned account`,
    );
    expect(na?.notApplicable).toMatch(/ in the scanned account$/);
    expect(na?.level).toBe(1);
    expect(na?.next).toEqual([]);
    const gap = control(
      score(withGap(facts({ 'subject.databases': [0, 0] }), 'rds.instances')),
      'WAF-PERF-040',
    );
    expect(gap?.notApplicable).toBeUndefined();
    const some = control(score(facts({ 'subject.databases': [2, 2] })), 'WAF-PERF-040');
    expect(some?.notApplicable).toBeUndefined();
    // A control without a subject (WAF-PERF-060) is always scored.
    expect(control(score(facts()), 'WAF-PERF-060')?.notApplicable).toBeUndefined();
  });
});

describe('the account', () => {
  /** Checklist 2 met on 4 of 6 items by observation. */
  const level2 = {
    'ec2.cpuAndMemoryProduction': [5, 5],
    'entryPoints.latencyAlarm': [5, 5],
    'scaling.scales': [2, 2],
    'rds.slowLog': [2, 2],
  } as Record<string, [number, number, number?]>;

  it('a checklist is reached at exactly its required count, and only when every lower one is reached', () => {
    const s = score(facts(level2));
    const c2 = s.checklists.find((c) => c.level === 2);
    expect(c2).toMatchObject({ level: 2, required: 4, total: 6, met: 4, satisfied: true });
    expect(s.overall).toBe(2);
    const three = score(facts({ ...level2, 'rds.slowLog': [2, 0] }));
    expect(three.checklists[0]).toMatchObject({ met: 3, satisfied: false });
    expect(three.overall).toBe(1);
    // Checklist 3 attested in full, checklist 2 not reached: still Level 1.
    const l3 = ['L3-5', 'L3-6', 'L3-7', 'L3-8', 'L3-11'].map((i) => attest(i));
    const skipped = score(
      facts({
        'entryPoints.latencySlo': [3, 3],
        'slos.exist': [1, 1],
        'slos.burnRate': [2, 2],
        'scaling.scalesProduction': [2, 2],
        'caches.hitRateMeasured': [2, 2],
      }),
      l3,
    );
    expect(skipped.checklists.find((c) => c.level === 3)?.satisfied).toBe(true);
    expect(skipped.overall).toBe(1);
  });

  it("unknown items are counted; next lists the next level's unknown items first, then the not met ones", () => {
    const s = score(facts(level2));
    const c3 = s.checklists.find((c) => c.level === 3);
    expect(c3?.unknown).toBe(c3?.items.filter((i) => i.state === 'unknown').length);
    expect(c3?.unknown).toBeGreaterThan(0);
    expect(s.next?.level).toBe(3);
    const needs = s.next?.needs ?? [];
    const open = c3?.items.filter((i) => i.state !== 'met') ?? [];
    expect(needs).toHaveLength(open.length);
    const states = needs.map((n) => /\((unknown|not met)\): /.exec(n)?.[1]);
    expect(states).toEqual([...states].sort((a, b) => (a === b ? 0 : a === 'unknown' ? -1 : 1)));
    expect(states).toContain('unknown');
    expect(states).toContain('not met');
    expect(needs).toContain(
      `L3-5 ${c3?.items.find((i) => i.id === 'L3-5')?.text} (unknown): ${needs.find((n) => n.startsWith('L3-5 '))?.split('(unknown): ')[1]}`,
    );
    expect(needs.find((n) => n.startsWith('L3-5 '))).toMatch(/\(unknown\): attest /);
    // Observed and unknown: "attest <id> or <hint>".
    const gap = score(withGap(facts(level2), 'ebs.volumes'));
    expect(gap.next?.needs.find((n) => n.startsWith('L3-13 '))).toMatch(/\(unknown\): attest L3-13 or /);
  });

  it('counts items by source; at the top level there is no next', () => {
    const s = score(facts(level2));
    const all = s.checklists.flatMap((c) => c.items);
    expect(s.counts).toEqual({
      observed: all.filter((i) => i.source === 'observed').length,
      attested: 0,
      'not assessed': all.filter((i) => i.source === 'not assessed').length,
    });
    expect(s.counts.observed + s.counts['not assessed']).toBe(29);
  });

  it("summarizeScore: the overall level, each applicable control's level, and items met per checklist", () => {
    const s = score(facts({ ...level2, 'subject.databases': [0, 0] }));
    const sum = summarizeScore(s);
    expect(sum.overall).toBe(2);
    expect(sum.checklistMet).toEqual({ '2': 4, '3': s.checklists[1]?.met, '4': s.checklists[2]?.met });
    expect(sum.controls['WAF-PERF-040']).toBeUndefined();
    expect(sum.controls['WAF-PERF-060']).toBe(1);
    expect(Object.keys(sum.controls)).toEqual(
      s.controls.filter((c) => !c.notApplicable).map((c) => c.control),
    );
    expect(summarizeScore({ ...s, checklists: [] }).checklistMet).toEqual({ '2': 0, '3': 0, '4': 0 });
  });
});

describe('shares', () => {
  it('resolveShares: defaults, configured values clamped to each bound, non-numbers ignored', () => {
    expect(resolveShares(undefined)).toEqual({ most: 0.8, all: 1, rightSized: 0.9 });
    expect(resolveShares({ most: 0.6, all: 0.97, rightSized: 0.95 })).toEqual({
      most: 0.6,
      all: 0.97,
      rightSized: 0.95,
    });
    expect(resolveShares({ most: 0.4, all: 0.9, rightSized: 0.1 })).toEqual({
      most: 0.5,
      all: 0.95,
      rightSized: 0.5,
    });
    expect(resolveShares({ most: 1.5, all: 2, rightSized: 1.01 })).toEqual({
      most: 1,
      all: 1,
      rightSized: 1,
    });
    expect(resolveShares({ most: Number.NaN, all: Number.POSITIVE_INFINITY })).toEqual(DEFAULT_SHARES);
    expect(resolveShares({ most: '0.6' as unknown as number })).toEqual(DEFAULT_SHARES);
    // The defaults object itself is never changed.
    expect(DEFAULT_SHARES).toEqual({ most: 0.8, all: 1, rightSized: 0.9 });
  });

  it('required: at least one; ceil(share x of) without float noise', () => {
    expect(required('one', 100, DEFAULT_SHARES)).toBe(1);
    expect(required('most', 0, DEFAULT_SHARES)).toBe(1);
    expect(required('most', 5, DEFAULT_SHARES)).toBe(4);
    expect(required('most', 52, DEFAULT_SHARES)).toBe(42); // 41.6
    expect(required('all', 7, DEFAULT_SHARES)).toBe(7);
    expect(required('rightSized', 10, DEFAULT_SHARES)).toBe(9);
    expect(required('most', 25, { ...DEFAULT_SHARES, most: 0.56 })).toBe(14); // 0.56 x 25 is 14.000000000000002 in floats
    expect(required('most', 1, { ...DEFAULT_SHARES, most: 0.5 })).toBe(1);
    expect(required('all', 20, { ...DEFAULT_SHARES, all: 0.95 })).toBe(19);
  });

  it('shareLabel: the words the evidence uses', () => {
    expect(shareLabel('one', DEFAULT_SHARES)).toBe('at least one');
    expect(shareLabel('all', DEFAULT_SHARES)).toBe('all (100%)');
    expect(shareLabel('most', DEFAULT_SHARES)).toBe('most (>= 80%)');
    expect(shareLabel('rightSized', DEFAULT_SHARES)).toBe('>= 90%');
    // A configured share is shown as configured (it was rounded to a whole percent: 95.5% read "96%").
    expect(shareLabel('all', { ...DEFAULT_SHARES, all: 0.955 })).toBe('all (95.5%)');
  });
});

describe('survivors of the 2026-12-05 maturity run', () => {
  const hint = (id: string): string =>
    [...CHECKLISTS.flatMap((c) => c.items), ...CONTROLS.flatMap((c) => c.criteria)].find((d) => d.id === id)
      ?.hint ?? '';
  /** Every measure met on one resource, every source assessed. */
  const allMet = (): UnitFacts => facts(Object.fromEntries(MEASURES.map((m) => [m.id, [1, 1]])));
  const allAttested = (): Attestation[] =>
    [...CHECKLISTS.flatMap((c) => c.items), ...CONTROLS.flatMap((c) => c.criteria)]
      .filter((d) => d.observe.length === 0 || d.attest)
      .map((d) => attest(d.id));
  const busy: ScanHistory = { scans: 5, openDebt: 2, debtWithImpact: 2, scheduled: true };

  it('an attested-only criterion names every attestation id it accepts, and takes any of them', () => {
    const r = item(score(facts()), 'WAF-PERF-060:L2');
    expect(r?.evidence).toEqual(['not observable in the account: attest WAF-PERF-060:L2 or L2-5']);
    const viaItem = item(score(facts(), [attest('L2-5')]), 'WAF-PERF-060:L2');
    expect(viaItem).toMatchObject({ state: 'met', source: 'attested', attestation: { item: 'L2-5' } });
  });

  it('next: a met or not met observed criterion shows its hint as is; an unknown one offers the attestation first', () => {
    const compute = {
      'subject.compute': [4, 4],
      'ec2.currentGeneration': [10, 10],
      'ec2.memoryMetric': [10, 10],
      'ec2.rightSized': [10, 10],
    } as Record<string, [number, number, number?]>;
    const notMet = control(
      score(facts({ ...compute, 'ec2.computeOptimizerOptimized': [10, 1] })),
      'WAF-PERF-010',
    );
    expect(notMet?.next).toEqual([
      `Level 4: ${CONTROLS[0]?.criteria[2]?.text}`,
      `not met (observed): ${hint('WAF-PERF-010:L4')}`,
    ]);
    const own = measure('ec2.computeOptimizerOptimized').sources.filter(
      (s) =>
        !['ec2.currentGeneration', 'ec2.memoryMetric', 'ec2.rightSized', 'subject.compute'].some((m) =>
          measure(m).sources.includes(s),
        ),
    );
    expect(own.length).toBeGreaterThan(0);
    const unknown = control(
      score(withGap(facts({ ...compute, 'ec2.computeOptimizerOptimized': [10, 10] }), ...own)),
      'WAF-PERF-010',
    );
    expect(unknown?.level).toBe(3);
    expect(unknown?.next[1]).toBe(
      `unknown (not assessed): attest WAF-PERF-010:L4 or ${hint('WAF-PERF-010:L4')}`,
    );
    // An attested-only next criterion: its hint already says "attest".
    const noStatic = (): UnitFacts => {
      const f = allMet();
      f.measures['ec2.inGroup'] = { of: 1, met: 0, noData: 0 };
      return f;
    };
    const l2 = control(score(noStatic(), [], busy), 'WAF-PERF-020');
    expect(l2?.level).toBe(2);
    expect(l2?.next[1]).toBe(`unknown (not assessed): attest WAF-PERF-020:L3 or ${hint('WAF-PERF-020:L3')}`);
    const l5 = control(score(noStatic(), [attest('WAF-PERF-020:L3')], busy), 'WAF-PERF-020');
    expect(l5?.next).toEqual([
      `Level 5: ${CONTROLS[1]?.criteria[3]?.text}`,
      `unknown (not assessed): ${hint('WAF-PERF-020:L5')}`,
    ]);
  });

  it('the cap reason with the largest share wins between a failing check and a control-specific cap', () => {
    const scaling = {
      'subject.compute': [4, 4],
      'scaling.scales': [4, 4],
      'asg.cyclicPredictive': [2, 2],
      'ec2.inGroup': [10, 8],
    } as Record<string, [number, number, number?]>;
    const checks = { 'ec2-a': { control: 'WAF-PERF-020' as const, pass: 0, fail: 5, unknown: 0 } };
    const c = control(
      score(facts(scaling, checks as unknown as UnitFacts['checks']), [attest('WAF-PERF-020:L3')]),
      'WAF-PERF-020',
    );
    expect(c?.capped?.why).toBe('ec2-a fails on 5 of 5 resources (100%)');
  });

  it('facts stored without the measure a control-specific cap reads: no cap, no crash', () => {
    const f = facts({ 'subject.compute': [4, 4], 'scaling.scales': [4, 4], 'asg.cyclicPredictive': [2, 2] });
    delete f.measures['ec2.inGroup'];
    const c = control(score(f, [attest('WAF-PERF-020:L3')]), 'WAF-PERF-020');
    expect(c?.level).toBe(4);
    expect(c?.capped).toBeUndefined();
  });

  it('at Level 4 overall there is no next level', () => {
    const s = score(allMet(), allAttested(), busy);
    expect(s.checklists.map((c) => c.satisfied)).toEqual([true, true, true]);
    expect(s.overall).toBe(4);
    expect(s.next).toBeNull();
  });

  it("next lists only the next level's open items, never the met ones", () => {
    const s = score(allMet(), [], busy);
    expect(s.overall).toBe(2);
    const c3 = s.checklists.find((c) => c.level === 3);
    expect(c3?.met).toBe(8);
    expect(s.next?.needs.map((n) => n.split(' ')[0])).toEqual(['L3-5', 'L3-6', 'L3-7', 'L3-8', 'L3-11']);
  });
});
