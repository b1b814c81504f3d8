import { describe, expect, it } from 'vitest';
import { awsError } from '#lib/sim/core.js';
import {
  guard,
  isAccessDenied,
  isEndpointUnavailable,
  toGap,
  UndeclaredActionError,
} from '#lib/collect/errors.js';
import { REGION_TABLE } from '#lib/model/regions.js';
import type { Gap } from '#lib/model/index.js';

const where = { service: 'ec2', slice: 'ec2.instances', action: 'ec2:DescribeInstances' } as const;

describe('toGap', () => {
  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException'])(
    '%s -> AccessDenied naming the action and the fix',
    (name) => {
      const gap = toGap(awsError(name, 'not authorized', 403), where);
      expect(gap).toMatchObject({
        service: 'ec2',
        slice: 'ec2.instances',
        code: 'AccessDenied',
        action: 'ec2:DescribeInstances',
      });
      expect(gap.hint).toBe('grant ec2:DescribeInstances to the scanning role (see docs/iam-policy.json)');
    },
  );

  it('takes action and region from the tags the client middleware puts on the error', () => {
    const err = Object.assign(awsError('AccessDeniedException', 'no', 403), {
      perfscanAction: 'rds:DescribeDBProxies',
    });
    const gap = toGap(err, { service: 'rds', slice: 'rds.proxies' });
    expect(gap.action).toBe('rds:DescribeDBProxies');
    expect(gap.hint).toContain('grant rds:DescribeDBProxies');
  });

  it('OptInRequired, and AuthFailure in an opt-in region, -> OptInRequired', () => {
    expect(toGap(awsError('OptInRequired', 'enable it', 401), where).code).toBe('OptInRequired');
    expect(toGap(awsError('AuthFailure', 'creds', 401), { ...where, region: 'me-south-1' }).code).toBe(
      'OptInRequired',
    );
    // The opt-in list is the region table's: every opt-in region there counts, the newest ones too.
    for (const r of REGION_TABLE.filter((x) => x.optIn)) {
      expect(toGap(awsError('AuthFailure', 'creds', 401), { ...where, region: r.code }).code, r.code).toBe(
        'OptInRequired',
      );
    }
    // In a default region AuthFailure is a credentials problem, not an opt-in one.
    const plain = toGap(awsError('AuthFailure', 'creds', 401), { ...where, region: 'eu-west-1' });
    expect(plain.code).toBe('Error');
    expect(plain.hint).toContain('credentials');
  });

  it('Compute Optimizer OptInRequiredException -> NotEnabled', () => {
    const gap = toGap(awsError('OptInRequiredException', 'not opted in', 403), {
      service: 'computeoptimizer',
      slice: 'computeoptimizer',
      action: 'compute-optimizer:GetEnrollmentStatus',
    });
    expect(gap.code).toBe('NotEnabled');
    expect(gap.hint).toMatch(/^opt in to AWS Compute Optimizer/);
  });

  it('a throttling error that outlived the retries -> Throttled; other errors -> Error', () => {
    expect(toGap(awsError('RequestLimitExceeded', 'slow down', 503), where).code).toBe('Throttled');
    expect(toGap(awsError('ThrottlingException', 'Rate exceeded', 400), where).code).toBe('Throttled');
    expect(toGap(awsError('InternalFailure', 'boom', 500, 'server'), where).code).toBe('Error');
    expect(toGap(new Error('socket hang up'), where).code).toBe('Error');
    expect(toGap('weird', where).message).toContain('weird');
  });

  it('rethrows UndeclaredActionError: a programming error is never a gap', () => {
    expect(() => toGap(new UndeclaredActionError('ec2:DescribeHosts'), where)).toThrow(UndeclaredActionError);
  });
});

describe('guard', () => {
  it('returns the value, or records a gap and returns undefined', async () => {
    const gaps: Gap[] = [];
    const ctx = { gap: (g: Gap) => gaps.push(g) };
    expect(await guard(ctx, where, async () => 42)).toBe(42);
    expect(
      await guard(ctx, where, async () => {
        throw awsError('UnauthorizedOperation', 'no', 403);
      }),
    ).toBeUndefined();
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.code).toBe('AccessDenied');
  });

  it('lets UndeclaredActionError through', async () => {
    const ctx = { gap: () => undefined };
    await expect(
      guard(ctx, where, async () => {
        throw new UndeclaredActionError('ec2:DescribeHosts');
      }),
    ).rejects.toBeInstanceOf(UndeclaredActionError);
  });
});

describe('isAccessDenied and isEndpointUnavailable', () => {
  it("recognise every service's denial, and only that", () => {
    for (const name of [
      'AccessDenied',
      'AccessDeniedException',
      'UnauthorizedOperation',
      'UnauthorizedException',
    ])
      expect(isAccessDenied(awsError(name, 'no', 403)), name).toBe(true);
    expect(isAccessDenied(awsError('ThrottlingException', 'slow', 400))).toBe(false);
    expect(isAccessDenied(new Error('AccessDenied'))).toBe(false);
  });

  it('recognise a region without the service endpoint, and only that', () => {
    expect(isEndpointUnavailable(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe(true);
    expect(
      isEndpointUnavailable(new Error('getaddrinfo ENOTFOUND devops-guru.xx-east-9.amazonaws.com')),
    ).toBe(true);
    expect(isEndpointUnavailable(Object.assign(new Error('x'), { name: 'EndpointError' }))).toBe(true);
    expect(isEndpointUnavailable(awsError('AccessDeniedException', 'no', 403))).toBe(false);
    expect(isEndpointUnavailable(undefined)).toBe(false);
  });
});
