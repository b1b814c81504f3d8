import { describe, expect, it } from 'vitest';
import { lambdaFunctionArm64Architecture as check } from '#lib/checks/lambda/lambda-function-arm64-architecture.js';
import { aGapOn, aLambdaFunction, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';
import type { LambdaFunction } from '#lib/model/index.js';

const one = (o: Partial<LambdaFunction>) =>
  runCheck(check, aSnapshot({ lambda: { functions: [aLambdaFunction(o)] } }))[0];

describe('lambda-function-arm64-architecture', () => {
  it('passes arm64', () => {
    expect(one({})).toMatchObject({ status: 'pass', message: 'orders-api runs on arm64.' });
  });

  it('fails x86_64 at low severity', () => {
    const r = one({ architectures: ['x86_64'] });
    expect(r?.status).toBe('fail');
    expect(check.severity).toBe('low');
    expect(r?.message).toBe('orders-api runs on x86_64.');
    expect(r?.evidence[0]).toMatchObject({ value: 'x86_64', threshold: 'arm64' });
  });

  it('still flags container images, with the image note, and names runtimes that need an upgrade first', () => {
    expect(one({ architectures: ['x86_64'], packageType: 'Image', runtime: undefined })?.message).toBe(
      'orders-api runs on x86_64; build the container image for arm64 (or multi-architecture).',
    );
    expect(one({ architectures: ['x86_64'], runtime: 'go1.x' })?.message).toContain(
      'runtime go1.x has no arm64 support',
    );
  });

  it('is unknown under a gap', () => {
    const gapped = withGaps(aSnapshot({ lambda: { functions: [aLambdaFunction()] } }), aGapOn('lambda'));
    expect(runCheck(check, gapped).map((r) => r.status)).toEqual(['unknown']);
  });
});
