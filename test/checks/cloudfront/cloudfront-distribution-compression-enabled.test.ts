import { describe, expect, it } from 'vitest';
import { cloudfrontDistributionCompressionEnabled as check } from '#lib/checks/cloudfront/cloudfront-distribution-compression-enabled.js';
import {
  aCacheBehavior,
  aDistribution,
  aGapOn,
  aSnapshot,
  runCheck,
  withGaps,
} from '#test/builders/index.js';

describe('cloudfront-distribution-compression-enabled', () => {
  it('is a global check', () => {
    expect(check.global).toBe(true);
  });

  it('passes when every behavior compresses', () => {
    const [r] = runCheck(check, aSnapshot({ cloudfront: { distributions: [aDistribution()] } }));
    expect(r).toMatchObject({
      status: 'pass',
      resourceType: 'AWS::CloudFront::Distribution',
      resourceId: 'E1ABCDEF234567',
    });
    expect(r?.message).toBe('E1ABCDEF234567 compresses on all 1 cache behaviors.');
  });

  it('fails and names the behaviors without compression', () => {
    const d = aDistribution({
      behaviors: [
        aCacheBehavior({ compress: false }),
        aCacheBehavior({ pathPattern: '/api/*' }),
        aCacheBehavior({ pathPattern: '/static/*', compress: false }),
      ],
    });
    const [r] = runCheck(check, aSnapshot({ cloudfront: { distributions: [d] } }));
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'E1ABCDEF234567 does not compress on 2 of 3 cache behaviors: default (*), /static/*.',
    );
  });

  it('skips disabled distributions and is unknown under a gap', () => {
    expect(
      runCheck(check, aSnapshot({ cloudfront: { distributions: [aDistribution({ enabled: false })] } })),
    ).toEqual([]);
    const gapped = withGaps(
      aSnapshot({ cloudfront: { distributions: [aDistribution()] } }),
      aGapOn('cloudfront.distributions'),
    );
    expect(runCheck(check, gapped).map((r) => r.status)).toEqual(['unknown']);
  });
});
