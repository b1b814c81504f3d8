import { describe, expect, it } from 'vitest';
import type { Finding, Suppression } from '#lib/model/index.js';
import { applySuppressions, globToRegExp, suppressionExpired } from '#lib/engine/suppress.js';

function aFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    checkId: 'ebs-volume-type-gp3',
    title: 'General Purpose EBS volumes are gp3',
    service: 'ebs',
    control: 'WAF-PERF-090',
    severity: 'medium',
    status: 'fail',
    accountId: '111122223333',
    region: 'eu-west-1',
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-0abc123',
    resourceArn: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0abc123',
    resourceName: 'db-data',
    message: 'Volume vol-0abc123 is gp2.',
    evidence: [{ label: 'Volume type', value: 'gp2', threshold: 'gp3' }],
    remediation: {
      text: 'Modify to gp3.',
      docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/requesting-ebs-volume-modifications.html'],
    },
    ...overrides,
  };
}

const sup = (overrides: Partial<Suppression> = {}): Suppression => ({
  checkId: 'ebs-volume-type-gp3',
  resource: 'vol-0abc*',
  reason: 'migrating in Q1',
  owner: 'platform',
  expires: '2026-12-31',
  ...overrides,
});

describe('applySuppressions', () => {
  it('a live suppression hides the matching failing finding (suppressedBy)', () => {
    const [f] = applySuppressions([aFinding()], [sup()], '2026-12-31T23:59:59.000Z');
    expect(f?.suppressedBy).toEqual(sup());
    expect(f?.expiredSuppression).toBeUndefined();
  });

  it('an expired suppression (after the end of its expiry day, UTC) shows the finding and says so', () => {
    const [f] = applySuppressions([aFinding()], [sup()], '2027-01-01T00:00:00.000Z');
    expect(f?.suppressedBy).toBeUndefined();
    expect(f?.expiredSuppression).toEqual(sup());
  });

  it('a live match wins over an expired one', () => {
    const old = sup({ expires: '2025-01-31', reason: 'old' });
    const [f] = applySuppressions([aFinding()], [old, sup()], '2026-06-01T00:00:00Z');
    expect(f?.suppressedBy?.reason).toBe('migrating in Q1');
  });

  it('matches the glob on the resource id, name or ARN', () => {
    const now = '2026-06-01T00:00:00Z';
    expect(applySuppressions([aFinding()], [sup({ resource: 'db-*' })], now)[0]?.suppressedBy).toEqual(
      sup({ resource: 'db-*' }),
    );
    expect(
      applySuppressions([aFinding()], [sup({ resource: 'arn:aws:ec2:*:volume/vol-0abc12?' })], now)[0]
        ?.suppressedBy,
    ).toEqual(sup({ resource: 'arn:aws:ec2:*:volume/vol-0abc12?' }));
    expect(
      applySuppressions([aFinding()], [sup({ resource: 'vol-0abc' })], now)[0]?.suppressedBy,
    ).toBeUndefined();
    expect(
      applySuppressions([aFinding()], [sup({ resource: 'web-*' })], now)[0]?.suppressedBy,
    ).toBeUndefined();
  });

  it("filters by check id ('*' for all), account and region", () => {
    const now = '2026-06-01T00:00:00Z';
    expect(
      applySuppressions([aFinding()], [sup({ checkId: 'ebs-volume-not-magnetic' })], now)[0]?.suppressedBy,
    ).toBeUndefined();
    expect(applySuppressions([aFinding()], [sup({ checkId: '*' })], now)[0]?.suppressedBy).toEqual(
      sup({ checkId: '*' }),
    );
    expect(
      applySuppressions([aFinding()], [sup({ accounts: ['444455556666'] })], now)[0]?.suppressedBy,
    ).toBeUndefined();
    expect(
      applySuppressions([aFinding()], [sup({ accounts: ['111122223333'] })], now)[0]?.suppressedBy,
    ).toEqual(sup({ accounts: ['111122223333'] }));
    expect(
      applySuppressions([aFinding()], [sup({ regions: ['us-east-1'] })], now)[0]?.suppressedBy,
    ).toBeUndefined();
    expect(
      applySuppressions([aFinding({ region: 'global' })], [sup({ regions: ['global'] })], now)[0]
        ?.suppressedBy,
    ).toEqual(sup({ regions: ['global'] }));
  });

  it('never hides unknown, error or pass findings (coverage stays visible)', () => {
    const now = '2026-06-01T00:00:00Z';
    const out = applySuppressions(
      [aFinding({ status: 'unknown' }), aFinding({ status: 'error' }), aFinding({ status: 'pass' })],
      [sup({ checkId: '*', resource: '*' })],
      now,
    );
    expect(out.every((f) => f.suppressedBy === undefined)).toBe(true);
  });

  it('does not mutate its input and clears stale marks when re-applied', () => {
    const input = [aFinding({ suppressedBy: sup() })];
    const out = applySuppressions(input, [], '2026-06-01T00:00:00Z');
    expect(out[0]?.suppressedBy).toBeUndefined();
    expect(input[0]?.suppressedBy).toEqual(sup());
  });
});

describe('helpers', () => {
  it('globToRegExp escapes regex characters', () => {
    expect(globToRegExp('a.b*').test('a.bcd')).toBe(true);
    expect(globToRegExp('a.b*').test('axbcd')).toBe(false);
    expect(globToRegExp('(x)?').test('(x)1')).toBe(true);
  });
  it('suppressionExpired is inclusive of the whole expiry day', () => {
    expect(suppressionExpired({ expires: '2026-03-01' }, '2026-03-01T23:59:59.999Z')).toBe(false);
    expect(suppressionExpired({ expires: '2026-03-01' }, '2026-03-02T00:00:00.000Z')).toBe(true);
  });
});
