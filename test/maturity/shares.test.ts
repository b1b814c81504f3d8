import { describe, expect, it } from 'vitest';
import type { UnitFacts } from '#lib/model/index.js';
import { emptyFacts, FACT_SOURCES } from '#lib/maturity/facts.js';
import { scoreAccount } from '#lib/maturity/score.js';
import { resolveShares } from '#lib/maturity/shares.js';

const history = { scans: 1, openDebt: 0, debtWithImpact: 0, scheduled: false };

function facts(
  measures: Record<string, [number, number, number?]>,
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
const score = (f: UnitFacts, shares = resolveShares(undefined)) =>
  scoreAccount({ facts: f, attestations: [], history, now: '2026-11-22T06:00:00Z', shares });
const crit = (f: UnitFacts, id: string, shares?: ReturnType<typeof resolveShares>) =>
  [
    ...score(f, shares).checklists.flatMap((c) => c.items),
    ...score(f, shares).controls.flatMap((c) => c.criteria),
  ].find((x) => x.id === id);

const monitoring = {
  'subject.workloads': [5, 5],
  'entryPoints.latencyAlarm': [52, 52],
  'entryPoints.percentileOrSlo': [52, 41],
  'slos.burnRate': [10, 10],
  'entryPoints.anomalyOrMultiWindow': [52, 50],
} satisfies Record<string, [number, number]>;

describe('levels earned by coverage', () => {
  it('reads "most" as 80%: 41 of 52 is not met, with the count in the evidence', () => {
    const k = crit(facts(monitoring), 'WAF-PERF-050:L3');
    expect(k).toMatchObject({ state: 'not met', source: 'observed' });
    expect(k?.evidence[0]).toBe(
      '41 of 52 request entry points alarm on p95/p99 latency or have a latency SLO (79%); needs most (>= 80%)',
    );
    expect(
      crit(facts({ ...monitoring, 'entryPoints.percentileOrSlo': [52, 42] }), 'WAF-PERF-050:L3')?.state,
    ).toBe('met');
  });

  it('never rounds the share met onto or across the share needed', () => {
    // 159 of 200 is 79.5%: not met, and not shown as the 80% it needs.
    const most = crit(facts({ ...monitoring, 'entryPoints.percentileOrSlo': [200, 159] }), 'WAF-PERF-050:L3');
    expect(most).toMatchObject({ state: 'not met' });
    expect(most?.evidence[0]).toBe(
      '159 of 200 request entry points alarm on p95/p99 latency or have a latency SLO (79.5%); needs most (>= 80%)',
    );
    // 199 of 200 is 99.5%, not the "100%" that "all" needs.
    const all = crit(
      facts({ 'subject.compute': [200, 200], 'scaling.scalesProduction': [200, 199] }),
      'L3-4',
    );
    expect(all?.state).toBe('not met');
    expect(all?.evidence.join(' ')).toContain('199 of 200');
    expect(all?.evidence.join(' ')).toContain('(99.5%); needs all (100%)');
    // A configured share is shown as configured, not rounded to a whole percent.
    const configured = crit(facts(monitoring), 'WAF-PERF-050:L3', resolveShares({ most: 0.755 }));
    expect(configured?.evidence[0]).toContain('(79%); needs most (>= 75.5%)');
  });

  it('takes a configured share, and never lets "all" below 95%', () => {
    expect(crit(facts(monitoring), 'WAF-PERF-050:L3', resolveShares({ most: 0.75 }))?.state).toBe('met');
    expect(resolveShares({ all: 0.5 }).all).toBe(0.95);
    const almost = facts({ 'subject.compute': [20, 20], 'scaling.scales': [20, 19] });
    expect(crit(almost, 'L3-4')).toBeDefined();
    const scalingAll = { 'subject.compute': [20, 20], 'scaling.scalesProduction': [20, 19] } satisfies Record<
      string,
      [number, number]
    >;
    expect(crit(facts(scalingAll), 'L3-4')?.state).toBe('not met');
    expect(crit(facts(scalingAll), 'L3-4', resolveShares({ all: 0.95 }))?.state).toBe('met');
  });

  it('is unknown when no resource of the denominator has data, and never counts no-data as meeting', () => {
    expect(crit(facts({ 'lambda.optimized': [10, 0, 10] }), 'L4-8')?.state).toBe('unknown');
    expect(crit(facts({ 'lambda.optimized': [10, 8, 2] }), 'L4-8')?.state).toBe('met');
    expect(crit(facts({ 'lambda.optimized': [10, 7, 3] }), 'L4-8')?.state).toBe('not met');
  });

  it('holds a control at Level 2 while one of its checks fails on most of its resources, and says why', () => {
    const all = facts(monitoring, {
      'cloudwatch-alarms-latency-percentile': { control: 'WAF-PERF-050', pass: 1, fail: 9 },
    });
    const f = {
      ...all,
      measures: { ...all.measures, 'entryPoints.percentileOrSlo': { of: 52, met: 52, noData: 0 } },
    };
    const c = score(f).controls.find((x) => x.control === 'WAF-PERF-050');
    expect(c?.level).toBe(2);
    expect(c?.capped).toEqual({
      from: 5,
      why: 'cloudwatch-alarms-latency-percentile fails on 9 of 10 resources (90%)',
    });
    const fewer = { ...f, checks: { x: { control: 'WAF-PERF-050', pass: 5, fail: 5 } } };
    expect(score(fewer).controls.find((x) => x.control === 'WAF-PERF-050')?.level).toBe(5);
  });

  it('is not applicable when the subject is absent, Level 1 when the subject exists but nothing is concerned', () => {
    const none = score(facts({})).controls.find((c) => c.control === 'WAF-PERF-050');
    expect(none?.notApplicable).toBe('no workloads in the scanned account');
    const noEntry = score(facts({ 'subject.workloads': [3, 3] })).controls.find(
      (c) => c.control === 'WAF-PERF-050',
    );
    expect(noEntry).toMatchObject({ level: 1 });
    expect(noEntry?.notApplicable).toBeUndefined();
  });

  it('keeps "most" unknown when a unit could not be assessed, but "at least one" met', () => {
    const f = facts({
      'subject.workloads': [3, 3],
      'entryPoints.latencyAlarm': [4, 1],
      'entryPoints.percentileOrSlo': [4, 4],
    });
    f.coverage['cloudwatch.alarms'] = { assessed: 1, gaps: 1, notScanned: 0 };
    expect(crit(f, 'WAF-PERF-050:L2')?.state).toBe('met');
    expect(crit(f, 'WAF-PERF-050:L3')?.state).toBe('unknown');
  });
});
