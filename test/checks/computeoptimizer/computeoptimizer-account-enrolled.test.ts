import { describe, expect, it } from 'vitest';
import { computeoptimizerAccountEnrolled as check } from '#lib/checks/computeoptimizer/computeoptimizer-account-enrolled.js';
import { aGapOn, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const one = (enrollmentStatus: string) =>
  runCheck(check, aSnapshot({ computeOptimizer: { enrollmentStatus } }))[0];

describe('computeoptimizer-account-enrolled', () => {
  it('is a global, account-wide check on WAF-PERF-010', () => {
    expect(check).toMatchObject({ global: true, control: 'WAF-PERF-010' });
  });

  it('passes Active', () => {
    expect(one('Active')).toMatchObject({
      status: 'pass',
      resourceId: '*',
      message: 'Account 123456789012 is enrolled in Compute Optimizer.',
    });
  });

  it('fails Inactive with the opt-in link', () => {
    const r = one('Inactive');
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'Account 123456789012 is not enrolled in Compute Optimizer (status Inactive); opt in at https://docs.aws.amazon.com/compute-optimizer/latest/ug/getting-started.html.',
    );
  });

  it('is unknown while pending and when the enrollment status could not be read', () => {
    expect(one('Pending')?.status).toBe('unknown');
    const gapped = withGaps(aSnapshot(), aGapOn('computeOptimizer', { service: 'computeoptimizer' }));
    expect(runCheck(check, gapped).map((r) => r.status)).toEqual(['unknown']);
  });
});
