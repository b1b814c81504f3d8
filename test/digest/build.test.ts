import { describe, expect, it } from 'vitest';
import { buildDigest } from '#lib/digest/build.js';
import type { BuildDigestInput } from '#lib/digest/build.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { renderSlack } from '#lib/digest/render/slack.js';
import { renderTerminal } from '#lib/digest/render/terminal.js';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderHtmlReport } from '#lib/digest/render/html.js';
import { emptyFacts } from '#lib/maturity/facts.js';
import type { Attestation, UnitFacts } from '#lib/model/index.js';
import { ACCOUNT, aDebtEntry, aFinding, aGap, aHeader, aUnit } from './builders.js';

const T1 = '2025-06-01T06:00:00.000Z';
const T2 = '2025-06-08T06:00:00.000Z';

/** Auto Scaling fully assessed in one unit, with `withPolicy` groups that have a scaling policy. */
function scalingFacts(withPolicy: number): UnitFacts {
  const f = emptyFacts();
  f.units = 1;
  f.coverage['autoscaling.groups'] = { assessed: 1, gaps: 0, notScanned: 0 };
  f.coverage['autoscaling.scalableTargets'] = { assessed: 1, gaps: 0, notScanned: 0 };
  f.measures['scaling.scales'] = { of: 2, met: withPolicy, noData: 0 };
  f.measures['scaling.scalesProduction'] = { of: 2, met: withPolicy, noData: 0 };
  return f;
}

const attest = (item: string, date = '2025-05-01'): Attestation => ({
  item,
  met: true,
  by: 'sre-lead',
  date,
  link: 'https://wiki.example/perf',
  expires: '2026-05-01',
});

/** Two scans: between them one Auto Scaling group got a policy (L2-3 turns met: 3 of 6 -> 4 of 6). */
function twoScans(over: Partial<BuildDigestInput> = {}): BuildDigestInput {
  const suppression = {
    checkId: 'ebs-volume-type-gp3',
    resource: 'vol-s',
    reason: 'migration',
    owner: 'storage-team',
    expires: '2025-06-05',
  };
  return {
    header: aHeader({
      scanId: 'scan-2',
      startedAt: T2,
      status: 'partial',
      reason: 'weekly',
      coverage: { unitsPlanned: 3, unitsScanned: 2, unitsPartial: 1, unitsFailed: 1, gaps: 1 },
    }),
    units: [
      aUnit({ scanId: 'scan-2', facts: scalingFacts(1), gaps: [aGap()], status: 'partial' }),
      aUnit({
        scanId: 'scan-2',
        region: 'us-east-1',
        global: false,
        status: 'failed',
        error: 'AccessDenied on sts:AssumeRole',
        facts: emptyFacts(),
      }),
    ],
    findings: [
      aFinding({ resourceId: 'vol-a' }), // persisting
      aFinding({ resourceId: 'vol-b', status: 'pass' }), // resolved
      aFinding({ resourceId: 'vol-c', severity: 'high' }), // new
      aFinding({ resourceId: 'vol-s', expiredSuppression: suppression }), // suppression expired -> shown again
      aFinding({
        resourceId: 'vol-h',
        suppressedBy: { ...suppression, resource: 'vol-h', expires: '2099-01-01' },
      }),
      aFinding({
        resourceId: '*',
        status: 'unknown',
        checkId: 'rds-instance-performance-insights-enabled',
        service: 'rds',
        control: 'WAF-PERF-040',
      }),
    ],
    previous: {
      header: aHeader({ scanId: 'scan-1', startedAt: T1 }),
      units: [aUnit({ scanId: 'scan-1', facts: scalingFacts(0) })],
      findings: [
        aFinding({ resourceId: 'vol-a' }),
        aFinding({ resourceId: 'vol-b' }),
        aFinding({ resourceId: 'vol-s', suppressedBy: suppression }),
      ],
    },
    debt: [
      aDebtEntry({ resourceId: 'vol-a', firstSeen: T1, lastSeen: T1, lastScanId: 'scan-1' }),
      aDebtEntry({ resourceId: 'vol-b', firstSeen: T1, lastSeen: T1, lastScanId: 'scan-1' }),
    ],
    attestations: [
      attest('L2-1'),
      attest('L2-2'),
      attest('L2-5'),
      { ...attest('L3-12'), expires: '2025-06-01' },
    ],
    scansInHistory: 2,
    now: '2025-06-08T06:10:00.000Z',
    ...over,
  };
}

describe('buildDigest on a two-scan fixture', () => {
  const d = buildDigest(twoScans());
  const a = d.accounts[0]!;

  it('scores the account and shows the level change against the previous scan', () => {
    expect(d.accounts).toHaveLength(1);
    expect(a.level).toEqual({ previous: 1, current: 2, trend: 'up' });
    expect(a.label).toBe('Documented & Defined');
    expect(a.summary.overall).toBe(2);
    const scaling = a.controls.find((c) => c.control === 'WAF-PERF-020')!;
    expect(scaling).toMatchObject({ previous: 1, level: 2, trend: 'up' });
    expect(a.controls.find((c) => c.control === 'WAF-PERF-060')?.trend).toBe('same');
    expect(a.next?.level).toBe(3);
    expect(a.next?.needs.length).toBeGreaterThan(0);
    expect(a.itemSources.attested).toBeGreaterThanOrEqual(3);
  });

  it('the level change reaches every renderer', () => {
    expect(renderTerminal(d)).toContain('Level 2 Documented & Defined (↑ from 1)');
    expect(renderMarkdown(d)).toContain('Level 2 Documented \\& Defined (↑ from 1)');
    expect(JSON.stringify(renderSlack(d).blocks)).toContain('Level 2 · Documented &amp; Defined* (↑ from 1)');
    expect(renderEmail(d).subject).toBe(
      'perfscan 111122223333: Level 2 Documented & Defined (↑ from 1) · 2 new, 1 resolved · PARTIAL: 1 of 3 units, 1 gap',
    );
    expect(renderHtmlReport(d)).toContain('(↑ from 1)');
  });

  it('diffs the failing findings', () => {
    expect(d.diff.previousScanId).toBe('scan-1');
    expect(d.diff.counts).toEqual({ new: 2, resolved: 1, persisting: 1, unassessed: 0, suppressed: 0 });
    expect(d.diff.new.map((r) => r.resourceId)).toEqual(['vol-c', 'vol-s']);
    expect(d.diff.resolved.map((r) => r.resourceId)).toEqual(['vol-b']);
    expect(a.diff.counts).toEqual(d.diff.counts);
  });

  it('lists the failing resources worst first: severity, then age in the debt register', () => {
    expect(a.topFindings.map((f) => f.resourceId)).toEqual(['vol-c', 'vol-a', 'vol-s']);
    expect(a.topFindings[1]).toMatchObject({ ageDays: 7, firstSeen: T1, isNew: false });
    expect(a.topFindings[0]).toMatchObject({ isNew: true, ageDays: 0 });
    expect(a.topFindings[0]!.evidence.length).toBeGreaterThan(0);
    expect(a.failing).toBe(3);
    // One check fails on three volumes: one entry to fix, not three.
    expect(a.topChecks).toHaveLength(1);
    expect(a.topChecks[0]).toMatchObject({ checkId: 'ebs-volume-type-gp3', resources: 3, newResources: 2 });
    const small = buildDigest(twoScans({ resourceRows: 1 })).accounts[0]!;
    expect(small.topFindings).toHaveLength(1);
    expect(small.moreFindings).toBe(2);
    expect(small.topChecks[0]!.resources).toBe(3);
  });

  it('summarises coverage, suppressions, attestations, unknown checks and the debt register', () => {
    expect(d.coverage).toMatchObject({
      unitsPlanned: 3,
      unitsScanned: 1,
      unitsPartial: 1,
      unitsFailed: 2,
      gaps: 1,
    });
    expect(d.coverage.failedUnits).toEqual([
      { accountId: ACCOUNT, region: 'us-east-1', error: 'AccessDenied on sts:AssumeRole' },
    ]);
    expect(d.coverage.gapGroups[0]).toMatchObject({
      code: 'AccessDenied',
      action: 'rds:DescribeDBParameters',
      units: 1,
    });
    expect(d.coverage.resources['ebs.volumes']).toBe(8);
    expect(d.suppressions.suppressed).toBe(1);
    expect(d.suppressions.expired.map((s) => s.text)).toEqual([
      'suppression for ebs-volume-type-gp3 on vol-s by storage-team expired on 2025-06-05: finding shown again',
    ]);
    expect(d.expiredAttestations.map((x) => x.item)).toEqual(['L3-12']);
    expect(d.counts.unknownChecks).toBe(1);
    expect(d.counts.failingBySeverity).toMatchObject({ high: 1, medium: 2 });
    // vol-a open 7 days, vol-c and vol-s new, vol-b resolved, vol-h suppressed.
    expect(d.debt).toMatchObject({
      open: 3,
      oldestOpenAgeDays: 7,
      newThisScan: 2,
      resolvedThisScan: 1,
      suppressed: 1,
    });
    expect(d.debt.estimatedMonthlySavingsUsd).toBe(6);
  });

  it('gives the same digest whether the register passed in is before or after this scan', async () => {
    const { updateDebtRegister } = await import('#lib/digest/debt.js');
    const input = twoScans();
    const after = updateDebtRegister(input.debt, input.findings, {
      scanId: 'scan-2',
      startedAt: T2,
      units: input.units,
    });
    expect(buildDigest({ ...input, debt: after })).toEqual(d);
  });

  it('an attestation made between the scans raises the level and the trend shows it', () => {
    const input = twoScans();
    input.units[0]!.facts = scalingFacts(0);
    expect(buildDigest(input).accounts[0]!.level).toEqual({ previous: 1, current: 1, trend: 'same' });
    input.attestations.push(attest('L2-4', '2025-06-03')); // slow query logging, attested after scan 1
    expect(buildDigest(input).accounts[0]!.level).toEqual({ previous: 1, current: 2, trend: 'up' });
  });

  it('on a first scan there is nothing to compare: trend new, empty diff', () => {
    const first = buildDigest(twoScans({ previous: undefined }));
    expect(first.accounts[0]!.level).toEqual({ current: 2, trend: 'new' });
    expect(first.diff.previousScanId).toBeUndefined();
    expect(first.diff.counts.new).toBe(0);
    expect(first.accounts[0]!.topFindings.every((f) => !f.isNew)).toBe(true);
    expect(renderTerminal(first)).toContain('first scan');
  });

  it('keeps accounts apart, sorted by id', () => {
    const input = twoScans();
    const other = '000000000002';
    input.header.accounts = [ACCOUNT, other];
    input.units.push(aUnit({ accountId: other, facts: scalingFacts(0) }));
    input.findings.push(aFinding({ accountId: other, resourceId: 'vol-o', severity: 'critical' }));
    const multi = buildDigest(input);
    expect(multi.accounts.map((x) => x.accountId)).toEqual([other, ACCOUNT]);
    const [o, mine] = multi.accounts;
    expect(o!.topFindings.map((f) => f.resourceId)).toEqual(['vol-o']);
    expect(o!.level.trend).toBe('new'); // not in the previous scan
    expect(mine!.topFindings.map((f) => f.resourceId)).toEqual(['vol-c', 'vol-a', 'vol-s']);
    expect(mine!.level).toEqual({ previous: 1, current: 2, trend: 'up' });
    expect(renderEmail(multi).subject).toMatch(/^perfscan 2 accounts: Levels 1-2, 1 changed level/);
  });

  it('is pure: same input, same output; the input is not modified', () => {
    const input = twoScans();
    const copy = structuredClone(input);
    expect(buildDigest(input)).toEqual(buildDigest(input));
    expect(input).toEqual(copy);
  });
});
