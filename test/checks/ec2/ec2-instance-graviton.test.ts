import { describe, expect, it } from 'vitest';
import { ec2InstanceGraviton as check } from '#lib/checks/ec2/ec2-instance-graviton.js';
import { gravitonCounterparts } from '#lib/checks/instance-families.js';
import type { Ec2Instance } from '#lib/model/index.js';
import {
  aGapOn,
  aSnapshot,
  anEc2Instance,
  anInstanceType,
  instanceTypesOf,
  runCheck,
  withGaps,
} from '#test/builders/index.js';

const REGION_ARM = ['m6g', 'm7g', 'm6gd', 'c6g', 'c7g', 'c7gn', 'r7g', 't4g'];

function evaluate(instance: Partial<Ec2Instance>, gravitonFamilies = REGION_ARM) {
  const inst = anEc2Instance(instance);
  const snapshot = aSnapshot({
    ec2: {
      instances: [inst],
      instanceTypes: instanceTypesOf(anInstanceType({ instanceType: inst.instanceType })),
      gravitonFamilies,
    },
  });
  return runCheck(check, snapshot);
}

describe('gravitonCounterparts (the documented family rule)', () => {
  it.each([
    ['m5.large', ['m7g', 'm6g']],
    ['m6i.xlarge', ['m7g', 'm6g']],
    ['m7i-flex.large', ['m7g', 'm6g']],
    ['m5a.large', ['m7g', 'm6g']],
    ['m6id.large', ['m6gd']],
    ['c6in.large', ['c7gn']],
    ['t3.micro', ['t4g']],
    ['t3a.small', ['t4g']],
    ['r5b.large', []], // no r*gb family
    ['g5.xlarge', []], // accelerated class: not like-for-like
    ['m6g.large', []], // already Graviton
    ['u-6tb1.metal', []], // outside the naming convention
  ])('%s -> %j', (type, expected) => {
    expect(gravitonCounterparts(type, REGION_ARM)).toEqual(expected);
  });
});

describe('ec2-instance-graviton', () => {
  it('fails a Linux x86_64 instance whose family has an arm64 counterpart in the region', () => {
    const [r] = evaluate({ instanceType: 'm5.large' });
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1) runs m5.large (x86_64, Linux/UNIX) although the arm64 families m7g, m6g are offered in this region.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'arm64 counterparts offered', value: 'm7g, m6g' }),
    );
    expect(r?.impact).toMatch(
      /Move m5 to m7g: .*up to 40% better price performance.*https:\/\/aws\.amazon\.com\/ec2\/graviton\//,
    );
  });

  it('passes an instance that already runs on arm64', () => {
    const [r] = evaluate({ instanceType: 'm7g.large', architecture: 'arm64' });
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/already runs on arm64/);
  });

  it('passes when no arm64 counterpart is offered in the region', () => {
    const [r] = evaluate({ instanceType: 'm5.large' }, ['c7g']);
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1) runs m5.large; no arm64 counterpart of the m5 family is offered in this region.',
    );
  });

  it.each([
    ['Windows', /runs Windows, which Graviton does not support, so the check does not apply\.$/],
    ['Linux with SQL Server Standard', /SQL Server .* x86-only, so the check does not apply\.$/],
    [undefined, /does not report a Linux platform \(none reported\), so the check does not apply\.$/],
  ])('is not applicable (pass) on platform %s', (platform, message) => {
    const [r] = evaluate({ instanceType: 'm5.large', platform });
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(message);
  });

  it('reads the architecture from the type facts when the instance does not report it', () => {
    const [r] = evaluate({ instanceType: 'm5.large', architecture: undefined });
    expect(r?.status).toBe('fail');
  });

  it('is unknown without architecture or type facts, and without arm64 family facts', () => {
    const noArch = aSnapshot({
      ec2: { instances: [anEc2Instance({ architecture: undefined })], gravitonFamilies: REGION_ARM },
    });
    expect(runCheck(check, noArch)[0]?.status).toBe('unknown');
    const [r] = evaluate({ instanceType: 'm5.large' }, []);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toMatch(/no arm64 families were collected/);
  });

  it('never passes with a gap on the arm64 family facts', () => {
    const snapshot = withGaps(
      aSnapshot({
        ec2: { instances: [anEc2Instance({ instanceType: 'm5.large' })], gravitonFamilies: ['c7g'] },
      }),
      aGapOn('ec2.gravitonFamilies'),
    );
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['unknown']);
  });
});
