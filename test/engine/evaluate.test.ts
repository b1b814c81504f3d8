import { describe, expect, it } from 'vitest';
import { defineCheck, type CheckDefinition } from '#lib/checks/types.js';
import { evaluateSnapshot, thresholdsFor, UNIT_RESOURCE_TYPE } from '#lib/engine/evaluate.js';
import { CHECKS } from '#lib/checks/registry.js';
import { gapSummary, gapsFor, isWholeSliceGap, sliceFullyMissing, type Gap } from '#lib/model/index.js';
import { aGapOn, aResourceGapOn, aSnapshot, withGaps, TEST_NOW } from '#test/builders/index.js';

/** A check that fails every volume above `maxGiB` and records the thresholds it was given. */
function volumeSizeCheck(seen: Record<string, number>[] = []): CheckDefinition {
  return defineCheck<'maxGiB'>({
    id: 'ebs-volume-test-size',
    title: 'EBS volumes are small',
    service: 'ebs',
    control: 'WAF-PERF-090',
    severity: 'medium',
    rationale: 'test',
    remediation: {
      change: 'resize',
      text: 'Shrink it.',
      docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html'],
      impact: 'smaller',
    },
    needs: ['ebs.volumes'],
    thresholds: {
      maxGiB: { default: 100, unit: 'GiB', description: 'max size', source: 'test', min: 1, max: 1000 },
    },
    evaluate(snapshot, ctx) {
      seen.push(ctx.thresholds);
      return (snapshot.ebs?.volumes ?? []).map((v) => ({
        status: v.sizeGiB > ctx.thresholds.maxGiB ? ('fail' as const) : ('pass' as const),
        resourceType: 'AWS::EC2::Volume',
        resourceId: v.volumeId,
        resourceArn: v.arn,
        message: `Volume ${v.volumeId} is ${v.sizeGiB} GiB.`,
        evidence: [
          { label: 'Size', value: v.sizeGiB, unit: 'GiB', threshold: `<= ${ctx.thresholds.maxGiB}` },
        ],
        ...(v.sizeGiB > 900 ? { estimatedMonthlySavingsUsd: 12 } : {}),
      }));
    },
  });
}

const vol = (id: string, sizeGiB: number) => ({
  volumeId: id,
  arn: `arn:aws:ec2:eu-west-1:123456789012:volume/${id}`,
  volumeType: 'gp3',
  sizeGiB,
  state: 'in-use',
  attachments: [],
  tags: {},
});

const throwingCheck = defineCheck({
  id: 'ec2-instance-test-throws',
  title: 'Throws',
  service: 'ec2',
  control: 'WAF-PERF-010',
  severity: 'low',
  rationale: 'test',
  remediation: { text: 'n/a', docs: ['https://docs.aws.amazon.com/ec2/'], change: 'resize' },
  needs: ['ec2.instances'],
  thresholds: {},
  evaluate() {
    throw new TypeError('Cannot read properties of undefined');
  },
});

const globalCheck = defineCheck({
  id: 'cloudfront-distribution-test-global',
  title: 'Global',
  service: 'cloudfront',
  control: 'WAF-PERF-070',
  severity: 'low',
  rationale: 'test',
  remediation: { text: 'n/a', docs: ['https://docs.aws.amazon.com/cloudfront/'], change: 'http-version' },
  needs: ['cloudfront.distributions'],
  thresholds: {},
  evaluate: () => [
    {
      status: 'pass',
      resourceType: 'AWS::CloudFront::Distribution',
      resourceId: 'E1',
      message: 'ok.',
      evidence: [],
    },
  ],
});

describe('evaluateSnapshot', () => {
  it('completes results into findings with the check metadata, account and region', () => {
    const snapshot = aSnapshot({ ebs: { volumes: [vol('vol-big', 950), vol('vol-small', 10)] } });
    const findings = evaluateSnapshot(snapshot, { checks: [volumeSizeCheck()], now: TEST_NOW });
    expect(findings).toHaveLength(2);
    const big = findings.find((f) => f.resourceId === 'vol-big');
    expect(big).toMatchObject({
      checkId: 'ebs-volume-test-size',
      title: 'EBS volumes are small',
      service: 'ebs',
      control: 'WAF-PERF-090',
      severity: 'medium',
      status: 'fail',
      accountId: snapshot.accountId,
      region: 'eu-west-1',
      resourceType: 'AWS::EC2::Volume',
      resourceArn: 'arn:aws:ec2:eu-west-1:123456789012:volume/vol-big',
      remediation: { text: 'Shrink it.', impact: 'smaller', estimatedMonthlySavingsUsd: 12 },
    });
    expect(findings.find((f) => f.resourceId === 'vol-small')?.status).toBe('pass');
  });

  it('merges threshold overrides over the defaults (also under an unknown name: ignored)', () => {
    const seen: Record<string, number>[] = [];
    const snapshot = aSnapshot({ ebs: { volumes: [vol('vol-a', 150)] } });
    const findings = evaluateSnapshot(snapshot, {
      checks: [volumeSizeCheck(seen)],
      thresholds: { 'ebs-volume-test-size': { maxGiB: 200, bogus: 1 } },
      now: TEST_NOW,
    });
    expect(seen).toEqual([{ maxGiB: 200 }]);
    expect(findings[0]?.status).toBe('pass');
    expect(evaluateSnapshot(snapshot, { checks: [volumeSizeCheck()], now: TEST_NOW })[0]?.status).toBe(
      'fail',
    );
  });

  it('turns a gap on a needed slice into ONE unknown finding naming the gap and its hint, never pass', () => {
    const snapshot = withGaps(
      aSnapshot({ ebs: { volumes: [vol('vol-a', 10)] } }),
      aGapOn('ebs.volumes', {
        code: 'AccessDenied',
        action: 'ec2:DescribeVolumes',
        hint: 'Allow ec2:DescribeVolumes in the scan role.',
      }),
    );
    const findings = evaluateSnapshot(snapshot, { checks: [volumeSizeCheck()], now: TEST_NOW });
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.status).toBe('unknown');
    expect(f?.resourceId).toBe('*');
    expect(f?.resourceType).toBe(UNIT_RESOURCE_TYPE);
    expect(f?.message).toContain('ebs.volumes: AccessDenied on ec2:DescribeVolumes');
    expect(f?.message).toContain('Allow ec2:DescribeVolumes in the scan role');
    expect(f?.evidence).toEqual([
      { label: 'Data missing for ebs.volumes', value: 'AccessDenied', source: 'ec2:DescribeVolumes' },
    ]);
  });

  it('a gap scoped to some resources keeps every other result, keeps a fail, and turns only their pass unknown', () => {
    const volumes = [
      vol('vol-big', 950),
      vol('vol-big-hidden', 960),
      vol('vol-small', 10),
      vol('vol-hidden', 20),
    ];
    const snapshot = withGaps(
      aSnapshot({ ebs: { volumes } }),
      aResourceGapOn('ebs.volumes', ['vol-big-hidden', 'vol-hidden'], { action: 'ec2:DescribeVolumes' }),
    );
    const findings = evaluateSnapshot(snapshot, { checks: [volumeSizeCheck()], now: TEST_NOW });
    const status = Object.fromEntries(findings.map((f) => [f.resourceId, f.status]));
    expect(status).toEqual({
      'vol-big': 'fail',
      'vol-big-hidden': 'fail', // its own evidence is present: a fail stands
      'vol-small': 'pass',
      'vol-hidden': 'unknown', // the missing data could hold the counter-example
    });
    const hidden = findings.find((f) => f.resourceId === 'vol-hidden');
    expect(hidden?.message).toBe(
      'Volume vol-hidden is 20 GiB, but data is missing (ebs.volumes: Throttled on ec2:DescribeVolumes), so this cannot be confirmed.',
    );
    expect(hidden?.evidence).toContainEqual({
      label: 'Data missing for ebs.volumes',
      value: 'Throttled',
      source: 'ec2:DescribeVolumes',
    });
    // No unit-wide unknown: the slice is not missing as a whole.
    expect(findings.filter((f) => f.resourceId === '*')).toEqual([]);
  });

  it('a per-resource gap on a sub-slice (one parameter group) counts for a check that needs the parent', () => {
    const check = { ...volumeSizeCheck(), needs: ['ebs'] };
    const snapshot = withGaps(
      aSnapshot({ ebs: { volumes: [vol('vol-a', 10), vol('vol-b', 10)] } }),
      aResourceGapOn('ebs.volumes.tags', ['vol-b']),
    );
    const findings = evaluateSnapshot(snapshot, { checks: [check], now: TEST_NOW });
    expect(findings.map((f) => [f.resourceId, f.status])).toEqual([
      ['vol-a', 'pass'],
      ['vol-b', 'unknown'],
    ]);
  });

  it('a per-resource gap on a slice the check does not need changes nothing', () => {
    const snapshot = withGaps(
      aSnapshot({ ebs: { volumes: [vol('vol-a', 10)] } }),
      aResourceGapOn('metrics', ['vol-a']),
    );
    const findings = evaluateSnapshot(snapshot, { checks: [volumeSizeCheck()], now: TEST_NOW });
    expect(findings.map((f) => f.status)).toEqual(['pass']);
  });

  it('an unknown for a resource a gap names says which data is missing; a unit-wide pass turns unknown', () => {
    const unitCheck = defineCheck({
      ...volumeSizeCheck(),
      id: 'ebs-volume-test-unit',
      evaluate: (snapshot) => [
        {
          status: 'unknown',
          resourceType: 'AWS::EC2::Volume',
          resourceId: 'vol-a',
          message: 'vol-a has no datapoints.',
          evidence: [],
        },
        {
          status: 'pass',
          resourceType: 'AWS::EC2::Volume',
          resourceId: '*',
          message: `All ${snapshot.ebs?.volumes.length} volumes are fine.`,
          evidence: [],
        },
      ],
    });
    const snapshot = withGaps(
      aSnapshot({ ebs: { volumes: [vol('vol-a', 10), vol('vol-b', 10)] } }),
      aResourceGapOn('ebs.volumes', ['vol-a'], { code: 'AccessDenied' }),
    );
    const [a, unit] = evaluateSnapshot(snapshot, { checks: [unitCheck], now: TEST_NOW });
    expect(a).toMatchObject({
      status: 'unknown',
      message: 'vol-a has no datapoints (data missing: ebs.volumes: AccessDenied).',
    });
    expect(unit).toMatchObject({ status: 'unknown', resourceId: '*' });
    expect(unit?.message).toContain('but data is missing (ebs.volumes: AccessDenied)');
  });

  it('a gap on the whole service covers its slices', () => {
    const snapshot = withGaps(aSnapshot(), aGapOn('ebs', { code: 'Throttled' }));
    const findings = evaluateSnapshot(snapshot, { checks: [volumeSizeCheck()], now: TEST_NOW });
    expect(findings.map((f) => f.status)).toEqual(['unknown']);
  });

  it('a needed slice absent without a gap is unknown too (not collected)', () => {
    const snapshot = aSnapshot({ services: ['ebs'] });
    delete snapshot.ebs;
    const findings = evaluateSnapshot(snapshot, { checks: [volumeSizeCheck()], now: TEST_NOW });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.status).toBe('unknown');
    expect(findings[0]?.message).toContain('ebs.volumes was not collected');
  });

  it('turns a thrown check into one error finding and still runs the others', () => {
    const snapshot = aSnapshot({ ebs: { volumes: [vol('vol-big', 950)] } });
    const findings = evaluateSnapshot(snapshot, {
      checks: [throwingCheck, volumeSizeCheck()],
      now: TEST_NOW,
    });
    const err = findings.filter((f) => f.checkId === 'ec2-instance-test-throws');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ status: 'error', resourceId: '*' });
    expect(err[0]?.message).toContain('Cannot read properties of undefined');
    expect(err[0]?.evidence[0]?.value).toContain('TypeError');
    expect(findings.filter((f) => f.checkId === 'ebs-volume-test-size').map((f) => f.status)).toEqual([
      'fail',
    ]);
  });

  it('skips checks of services not scanned in the unit', () => {
    const snapshot = aSnapshot({ services: ['ec2'] });
    expect(evaluateSnapshot(snapshot, { checks: [volumeSizeCheck()], now: TEST_NOW })).toEqual([]);
  });

  it('runs global checks only in the global unit, with region "global"', () => {
    const inGlobal = evaluateSnapshot(aSnapshot({ globalUnit: true }), {
      checks: [globalCheck],
      now: TEST_NOW,
    });
    expect(inGlobal.map((f) => f.region)).toEqual(['global']);
    expect(
      evaluateSnapshot(aSnapshot({ globalUnit: false }), { checks: [globalCheck], now: TEST_NOW }),
    ).toEqual([]);
  });

  it('uses the registry by default', () => {
    const snapshot = aSnapshot({ services: [] });
    expect(evaluateSnapshot(snapshot, { now: TEST_NOW })).toEqual([]);
    for (const c of CHECKS) expect(Object.keys(thresholdsFor(c))).toEqual(Object.keys(c.thresholds));
  });
});

describe('gap helpers', () => {
  it('tells a slice missing as a whole from one missing for some resources, and summaries keep only the count', () => {
    const whole = aGapOn('metrics', { code: 'AccessDenied' });
    const some = aResourceGapOn('metrics', ['i-1', 'i-2']);
    const snap = (...gaps: Gap[]) => withGaps(aSnapshot(), ...gaps);
    expect(sliceFullyMissing(snap(some), ['metrics'])).toBe(false);
    expect(sliceFullyMissing(snap(some, whole), ['metrics'])).toBe(true);
    expect(sliceFullyMissing(snap(whole), ['ec2.instances'])).toBe(false);
    expect(gapsFor(snap(some), ['metrics'])).toHaveLength(1); // "anything missing" still sees it
    const summary = gapSummary(some);
    expect(summary.resources).toBeUndefined();
    expect(summary.resourceCount).toBe(2);
    expect(isWholeSliceGap(summary)).toBe(false);
    expect(gapSummary(whole)).toBe(whole);
  });
});
