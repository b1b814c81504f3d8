import { describe, expect, it } from 'vitest';
import { ec2InstanceCurrentGeneration as check } from '#lib/checks/ec2/ec2-instance-current-generation.js';
import {
  aGapOn,
  aResourceGapOn,
  aSnapshot,
  anEc2Instance,
  anInstanceType,
  instanceTypesOf,
  runCheck,
  withGaps,
  TEST_INSTANCE_ID,
} from '#test/builders/index.js';

const m4 = anInstanceType({ instanceType: 'm4.large', currentGeneration: false });
const currentM = ['m5.large', 'm6i.large', 'm7i.large'].map((t) => anInstanceType({ instanceType: t }));

describe('ec2-instance-current-generation', () => {
  it('fails a running previous-generation instance and suggests current types from the live facts', () => {
    // Prepare
    const snapshot = aSnapshot({
      ec2: {
        instances: [anEc2Instance({ instanceType: 'm4.large' })],
        instanceTypes: instanceTypesOf(m4, ...currentM, anInstanceType({ instanceType: 'c7i.large' })),
        gravitonFamilies: ['m6g', 'm7g', 'c7g'],
      },
    });
    // Act
    const [r, ...rest] = runCheck(check, snapshot);
    // Assess
    expect(rest).toHaveLength(0);
    expect(r?.status).toBe('fail');
    expect(r?.resourceId).toBe('i-0123456789abcdef0');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1) runs m4.large, a previous-generation type (CurrentGeneration = false).',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ value: false, source: 'ec2:DescribeInstanceTypes CurrentGeneration' }),
    );
    // Newest generation of the same class and size first; other classes never suggested.
    expect(r?.impact).toContain('m7i.large, m6i.large, m5.large (same class and size)');
    expect(r?.impact).toContain('m7g or m6g family (arm64');
    expect(r?.impact).not.toContain('c7');
  });

  it('says so when no current type of the class is in the facts', () => {
    const snapshot = aSnapshot({
      ec2: { instances: [anEc2Instance({ instanceType: 'm4.large' })], instanceTypes: instanceTypesOf(m4) },
    });
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('fail');
    expect(r?.impact).toMatch(/No current-generation type of the same class/);
  });

  it('passes a current-generation instance', () => {
    const snapshot = aSnapshot({
      ec2: { instances: [anEc2Instance()], instanceTypes: instanceTypesOf(anInstanceType()) },
    });
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe('i-0123456789abcdef0 (web-1) runs m5.large, a current-generation type.');
  });

  it('is unknown when the type is missing from the DescribeInstanceTypes facts', () => {
    const snapshot = aSnapshot({
      ec2: { instances: [anEc2Instance({ instanceType: 'm4.large' })], instanceTypes: {} },
    });
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toMatch(/missing from the DescribeInstanceTypes facts.*\.$/);
  });

  it('ignores instances that are not running', () => {
    const snapshot = aSnapshot({
      ec2: {
        instances: [anEc2Instance({ instanceType: 'm4.large', state: 'stopped' })],
        instanceTypes: instanceTypesOf(m4),
      },
    });
    expect(runCheck(check, snapshot)).toEqual([]);
  });

  it('with a gap naming some instances, judges the others, keeps a fail it can prove, never passes the named', () => {
    const snapshot = withGaps(
      aSnapshot({
        ec2: {
          instances: [
            anEc2Instance(),
            anEc2Instance({ instanceId: 'i-2', instanceType: 'm4.large' }),
            anEc2Instance({ instanceId: 'i-3', instanceType: 'm4.large' }),
            anEc2Instance({ instanceId: 'i-4' }),
          ],
          instanceTypes: instanceTypesOf(anInstanceType(), m4),
        },
      }),
      aResourceGapOn('ec2.instanceTypes', [TEST_INSTANCE_ID, 'i-2']),
    );
    const results = runCheck(check, snapshot);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      [TEST_INSTANCE_ID, 'unknown'],
      ['i-2', 'fail'],
      ['i-3', 'fail'],
      ['i-4', 'pass'],
    ]);
    expect(results[0]?.message).toMatch(/data is missing \(ec2\.instanceTypes: Throttled\)/);
  });

  it('is unknown unit-wide when the type facts are missing as a whole', () => {
    const snapshot = withGaps(
      aSnapshot({ ec2: { instances: [anEc2Instance()], instanceTypes: {} } }),
      aGapOn('ec2.instanceTypes'),
    );
    expect(runCheck(check, snapshot)).toEqual([
      expect.objectContaining({ status: 'unknown', resourceId: '*' }),
    ]);
  });

  it('is unknown unit-wide when the inventory is gapped, and silent when ec2 was not scanned', () => {
    const gapped = withGaps(aSnapshot(), aGapOn('ec2'));
    expect(runCheck(check, gapped)).toEqual([
      expect.objectContaining({ status: 'unknown', resourceId: '*' }),
    ]);
    expect(runCheck(check, aSnapshot({ services: ['ebs'] }))).toEqual([]);
    const missing = aSnapshot({ services: ['ec2'] });
    delete missing.ec2;
    expect(runCheck(check, missing)).toEqual([
      expect.objectContaining({ status: 'unknown', resourceId: '*' }),
    ]);
  });
});
