/**
 * A unit's aggregate (lib/digest/aggregate.ts): what it counts over every problem of a check, not only over
 * the rows it keeps, and its size figures.
 */
import { describe, expect, it } from 'vitest';
import { aggregateUnit, countsBytes, jsonBytes, rowsBytes } from '#lib/digest/aggregate.js';
import { aDebtEntry, aFinding, aUnit } from './builders.js';

const vol = (i: number) => `vol-${String(i).padStart(4, '0')}`;
// Five failing volumes, the worst first by saving; the register knows them with different ages.
const findings = [50, 40, 30, 20, 10].map((usd, i) =>
  aFinding({
    resourceId: vol(i),
    message: `Volume ${vol(i)} is gp2.`,
    remediation: { ...aFinding().remediation, estimatedMonthlySavingsUsd: usd },
  }),
);
const debt = findings.map((f, i) =>
  aDebtEntry({
    resourceId: f.resourceId,
    // The oldest entry belongs to the last (least saving) volume: outside a unit's first two rows.
    firstSeen: `2025-05-${String(20 - i).padStart(2, '0')}T06:00:00.000Z`,
    ageDays: 10 + i * 5,
  }),
);
// In the previous scan only the two worst volumes failed: three problems are new, none among the rows.
const previous = findings.slice(0, 2);

const aggregate = (rowsPerCheck: number) =>
  aggregateUnit({
    unit: aUnit(),
    findings,
    previous,
    previousStartedAt: '2025-06-01T06:00:00.000Z',
    debt,
    startedAt: '2025-06-08T06:00:00.000Z',
    rowsPerCheck,
  });

describe('aggregateUnit', () => {
  it("counts every problem's age and newness, not only the rows it keeps", () => {
    const all = aggregate(50);
    const two = aggregate(2);
    const c2 = two.checks['ebs-volume-type-gp3']!;
    expect(c2.rows.map((r) => r.resourceId)).toEqual([vol(0), vol(1)]);
    expect(c2.oldestAgeDays).toBe(30);
    expect(c2.newProblems).toBe(3);
    const { rows: _r2, ...rest2 } = c2;
    const { rows: rAll, ...restAll } = all.checks['ebs-volume-type-gp3']!;
    expect(rAll).toHaveLength(5);
    expect(rest2).toEqual(restAll);
  });

  it("countsBytes is the aggregate's JSON size with every check's rows empty, and leaves the rows in place", () => {
    const agg = aggregate(50);
    const before = JSON.stringify(agg);
    const checks = Object.keys(agg.checks).length;
    expect(countsBytes(agg)).toBe(jsonBytes(agg) - rowsBytes(agg) + 2 * checks);
    const emptied = JSON.parse(before) as typeof agg;
    for (const c of Object.values(emptied.checks)) c.rows = [];
    expect(countsBytes(agg)).toBe(jsonBytes(emptied));
    expect(JSON.stringify(agg)).toBe(before);
  });
});
