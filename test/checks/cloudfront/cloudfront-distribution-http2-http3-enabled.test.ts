import { describe, expect, it } from 'vitest';
import { cloudfrontDistributionHttp2Http3Enabled as check } from '#lib/checks/cloudfront/cloudfront-distribution-http2-http3-enabled.js';
import { aDistribution, aGapOn, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const one = (httpVersion: string) =>
  runCheck(check, aSnapshot({ cloudfront: { distributions: [aDistribution({ httpVersion })] } }))[0];

describe('cloudfront-distribution-http2-http3-enabled', () => {
  it('passes http2and3', () => {
    expect(one('http2and3')).toMatchObject({
      status: 'pass',
      message: 'E1ABCDEF234567 offers HTTP/2 and HTTP/3 (http2and3).',
    });
  });

  it("passes http2, CloudFront's default, and recommends HTTP/3 in the message (no false alarm)", () => {
    const r = one('http2');
    expect(r).toMatchObject({ status: 'pass' });
    expect(r?.severity).toBeUndefined();
    expect(r?.message).toBe(
      "E1ABCDEF234567 offers HTTP/2 (http2, CloudFront's default); enabling HTTP/3 as well (http2and3) can speed up connection setup on lossy networks.",
    );
    expect(check.rationale).toMatch(/Supported HTTP versions/);
  });

  it('fails HTTP/3 without HTTP/2 at low severity (fallback is HTTP/1.1)', () => {
    const r = one('http3');
    expect(r).toMatchObject({ status: 'fail', severity: 'low' });
    expect(r?.message).toMatch(/fall back to HTTP\/1\.1; enable HTTP\/2 as well \(http2and3\)\.$/);
  });

  it('fails HTTP/1.1 only at the check severity (medium)', () => {
    const r = one('http1.1');
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBeUndefined();
    expect(check.severity).toBe('medium');
    expect(r?.message).toBe('E1ABCDEF234567 supports only http1.1: enable HTTP/2 and HTTP/3 (http2and3).');
  });

  it('is unknown under a gap on the distribution list', () => {
    const gapped = withGaps(
      aSnapshot({ cloudfront: { distributions: [aDistribution()] } }),
      aGapOn('cloudfront'),
    );
    expect(runCheck(check, gapped).map((r) => r.status)).toEqual(['unknown']);
  });
});
