/**
 * One finding per problem: failing findings on the same resource asking for the same kind of change are one
 * problem, whichever checks they come from; the pairs come from the data, never from a list of check ids.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '#lib/model/index.js';
import { findingKey } from '#lib/model/index.js';
import { buildDigest, summarizeDebt } from '#lib/digest/build.js';
import { updateDebtRegister } from '#lib/digest/debt.js';
import { corroboratingKeys, groupProblems } from '#lib/digest/problems.js';
import { aDebtEntry, aFinding, aHeader, aUnit } from './builders.js';

const gp3 = (over: Partial<Finding> = {}): Finding =>
  aFinding({
    remediation: { text: 'Use gp3.', docs: [], change: ['storage-type'], estimatedMonthlySavingsUsd: 2 },
    ...over,
  });
/** A second opinion on the same volume: the checkId is made up, so only the data can pair it. */
const coVolume = (over: Partial<Finding> = {}): Finding =>
  aFinding({
    checkId: 'some-other-source-volume',
    service: 'computeoptimizer',
    message: 'vol-0001 is not optimized per Compute Optimizer: gp2 -> gp3.',
    remediation: { text: 'Apply it.', docs: [], change: ['storage-type'], estimatedMonthlySavingsUsd: 1.8 },
    ...over,
  });

describe('groupProblems', () => {
  it('pairs two sources recommending the same kind of change on the same resource, whatever their ids', () => {
    const problems = groupProblems([coVolume(), gp3()]);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    // Our check explains the numbers: it leads, the second opinion corroborates.
    expect(p?.primary.checkId).toBe('ebs-volume-type-gp3');
    expect(p?.corroborating.map((f) => f.checkId)).toEqual(['some-other-source-volume']);
    expect(p?.change).toEqual(['storage-type']);
    // Sources estimate the same change, never summed: AWS's own figure (it knows the account's discounts)
    // wins over our price-list estimate.
    expect(p?.estimatedMonthlySavingsUsd).toBe(1.8);
    expect(p?.savingsSource).toBe('compute-optimizer');
    // Without a figure from AWS, the price-list estimate stands.
    const [alone] = groupProblems([
      coVolume({ remediation: { text: 'x', docs: [], change: ['storage-type'] } }),
      gp3(),
    ]);
    expect(alone?.estimatedMonthlySavingsUsd).toBe(2);
    expect(alone?.savingsSource).toBe('price-list');
  });

  it('keeps different changes on one resource, and one change on different resources, apart', () => {
    const problems = groupProblems([
      gp3(),
      aFinding({
        checkId: 'ebs-volume-burst',
        remediation: { text: 'Grow it.', docs: [], change: ['resize'] },
      }),
      gp3({ resourceId: 'vol-0002' }),
      // Same id, other resource type: not the same resource.
      coVolume({ resourceType: 'AWS::Lambda::Function' }),
      // Same resource, other region: not the same resource.
      coVolume({ region: 'us-east-1' }),
    ]);
    expect(problems).toHaveLength(5);
    expect(problems.every((p) => p.corroborating.length === 0)).toBe(true);
  });

  it('never merges unit-wide findings or findings without a kind of change', () => {
    const unitWide = (checkId: string) =>
      aFinding({
        checkId,
        resourceId: '*',
        remediation: { text: 'x', docs: [], change: ['latency-alarm'] },
      });
    expect(groupProblems([unitWide('a'), unitWide('b')])).toHaveLength(2);
    const noKind = aFinding({ remediation: { text: 'x', docs: [] } });
    expect(groupProblems([noKind, gp3()])).toHaveLength(2);
  });

  it('joins transitively: one instance-type change that is both a resize and a generation move', () => {
    const ec2 = (checkId: string, change: Finding['remediation']['change'], service: Finding['service']) =>
      aFinding({
        checkId,
        service,
        resourceType: 'AWS::EC2::Instance',
        resourceId: 'i-1',
        remediation: { text: 'x', docs: [], change },
      });
    const problems = groupProblems([
      ec2('ec2-instance-cpu-not-overprovisioned', ['resize'], 'ec2'),
      ec2('ec2-instance-current-generation', ['generation'], 'ec2'),
      ec2('computeoptimizer-ec2-instance-optimized', ['generation', 'resize'], 'computeoptimizer'),
      ec2('ec2-instance-graviton', ['architecture'], 'ec2'),
    ]);
    expect(problems.map((p) => [p.primary.checkId, p.corroborating.map((f) => f.checkId)])).toEqual([
      [
        'ec2-instance-cpu-not-overprovisioned',
        ['ec2-instance-current-generation', 'computeoptimizer-ec2-instance-optimized'],
      ],
      ['ec2-instance-graviton', []],
    ]);
  });

  it('leads with the most severe finding (an under-provisioned Compute Optimizer rating over a medium check)', () => {
    const [p] = groupProblems([gp3(), coVolume({ severity: 'high' })]);
    expect(p?.primary.checkId).toBe('some-other-source-volume');
    expect(p?.estimatedMonthlySavingsUsd).toBe(1.8);
  });

  it('gives the same problems per unit as over the whole scan (a resource lives in one unit)', () => {
    const findings = [
      gp3(),
      coVolume({ region: 'us-east-1' }),
      gp3({ region: 'us-east-1' }),
      coVolume(),
      gp3({ resourceId: 'vol-0002' }),
    ];
    const whole = groupProblems(findings);
    const perUnit = ['eu-west-1', 'us-east-1'].flatMap((r) =>
      groupProblems(findings.filter((f) => f.region === r)),
    );
    const shape = (ps: typeof whole) =>
      ps.map((p) => [findingKey(p.primary), p.corroborating.map(findingKey)]).sort();
    expect(shape(perUnit)).toEqual(shape(whole));
    expect(whole).toHaveLength(3);
    expect([...corroboratingKeys(whole).keys()].sort()).toEqual(
      [findingKey(coVolume()), findingKey(coVolume({ region: 'us-east-1' }))].sort(),
    );
  });
});

describe('the digest counts each problem once', () => {
  const findings = [gp3(), coVolume(), gp3({ resourceId: 'vol-0002' })];
  const digest = buildDigest({
    header: aHeader(),
    units: [aUnit()],
    findings,
    debt: [],
    attestations: [],
    scansInHistory: 1,
    now: '2025-06-08T06:10:00.000Z',
  });
  const account = digest.accounts[0]!;

  it('in the account, the control, the severity counts and the debt summary; raw counts stay raw', () => {
    expect(account.failing).toBe(2);
    expect(account.corroborated).toBe(1);
    expect(account.controls.find((c) => c.control === 'WAF-PERF-090')?.failing).toBe(2);
    expect(digest.counts.failingBySeverity.medium).toBe(2);
    expect(digest.counts.problems).toBe(2);
    // The raw per-check results stay as they are (JSON/CSV exports read these).
    expect(digest.counts.findings.fail).toBe(3);
    expect(digest.debt.open).toBe(2);
    expect(account.debt.open).toBe(2);
    // The register's monthly cost of delay is the digest's savings total: vol-0001's problem carries AWS's
    // figure (1.8, Compute Optimizer) as in the digest, not the larger Price List estimate (2) of its other entry.
    expect(digest.debt.estimatedMonthlySavingsUsd).toBe(3.8);
    expect(account.savings.estimatedMonthlySavingsUsd).toBe(3.8);
    expect(digest.savings.estimatedMonthlySavingsUsd).toBe(digest.debt.estimatedMonthlySavingsUsd);
  });

  it("the register's savings follow the source order whatever order the entries come in, and old entries without a source", () => {
    const reversed = buildDigest({
      header: aHeader(),
      units: [aUnit()],
      findings: [coVolume(), gp3({ resourceId: 'vol-0002' }), gp3()],
      debt: [],
      attestations: [],
      scansInHistory: 1,
      now: '2025-06-08T06:10:00.000Z',
    });
    expect(reversed.debt.estimatedMonthlySavingsUsd).toBe(3.8);
    // The entries record their source.
    const sources = Object.fromEntries(
      updateDebtRegister([], findings, {
        scanId: 'scan-1',
        startedAt: '2025-06-08T06:00:00.000Z',
        units: [aUnit()],
      }).map((e) => [`${e.checkId} ${e.resourceId}`, e.savingsSource]),
    );
    expect(sources).toEqual({
      'ebs-volume-type-gp3 vol-0001': 'price-list',
      'ebs-volume-type-gp3 vol-0002': 'price-list',
      'some-other-source-volume vol-0001': 'compute-optimizer',
    });
    // Entries stored before the source was recorded: Compute Optimizer's checks are known by their id.
    const dedupe = {
      current: new Map([
        [
          findingKey(aDebtEntry({ checkId: 'computeoptimizer-ebs-volume-optimized' })),
          findingKey(aDebtEntry()),
        ],
      ]),
      previous: new Map<string, string>(),
    };
    const old = summarizeDebt(
      [
        aDebtEntry({ estimatedMonthlySavingsUsd: 0.66 }),
        aDebtEntry({ checkId: 'computeoptimizer-ebs-volume-optimized', estimatedMonthlySavingsUsd: 0.6 }),
      ],
      '2025-06-08T06:00:00.000Z',
      dedupe,
    );
    expect([old.open, old.estimatedMonthlySavingsUsd]).toEqual([1, 0.6]);
  });

  it('lists the problem once, under its primary check, with the other source as evidence', () => {
    expect(account.topChecks.map((g) => [g.checkId, g.resources, g.corroborated])).toEqual([
      ['ebs-volume-type-gp3', 2, 1],
    ]);
    expect(account.topFindings).toHaveLength(2);
    const vol1 = account.topFindings.find((f) => f.resourceId === 'vol-0001');
    expect(vol1?.corroboratedBy?.map((c) => c.checkId)).toEqual(['some-other-source-volume']);
    expect(vol1?.corroboratedBy?.[0]?.message).toContain('gp2 -> gp3');
  });
});
