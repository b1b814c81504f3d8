import { describe, expect, it } from 'vitest';
import { KNOWN_REGIONS, PlanError, REGION_TABLE, planUnits, suggestRegion } from '#lib/engine/plan.js';

const ENABLED = ['eu-west-1', 'us-east-1', 'eu-central-1'];

describe('planUnits', () => {
  it('plans one unit per enabled region when no regions are requested, with us-east-1 as the global unit', () => {
    const units = planUnits({ accountId: '111122223333', enabledRegions: ENABLED });
    expect(units.map((u) => u.region)).toEqual(ENABLED);
    expect(units.filter((u) => u.global).map((u) => u.region)).toEqual(['us-east-1']);
    expect(units.every((u) => u.accountId === '111122223333' && u.roleArn === undefined)).toBe(true);
  });

  it('uses the requested regions (deduplicated) and makes the first the global unit when us-east-1 is not planned', () => {
    const units = planUnits({
      accountId: '111122223333',
      enabledRegions: ENABLED,
      regions: ['eu-central-1', 'eu-west-1', 'eu-central-1'],
    });
    expect(units.map((u) => [u.region, u.global])).toEqual([
      ['eu-central-1', true],
      ['eu-west-1', false],
    ]);
  });

  it('carries the member-account role', () => {
    const units = planUnits({
      accountId: '444455556666',
      enabledRegions: ['us-east-1'],
      roleArn: 'arn:aws:iam::444455556666:role/PerfscanReadOnly',
    });
    expect(units[0]?.roleArn).toBe('arn:aws:iam::444455556666:role/PerfscanReadOnly');
  });

  it('rejects a requested region that is not enabled, naming it and how to enable or drop it', () => {
    let err: unknown;
    try {
      planUnits({
        accountId: '111122223333',
        enabledRegions: ENABLED,
        regions: ['eu-west-1', 'ap-southeast-3'],
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlanError);
    const e = err as PlanError;
    expect(e.region).toBe('ap-southeast-3');
    expect(e.message).toContain("Region 'ap-southeast-3' is not enabled in account 111122223333");
    expect(e.fix).toContain('aws account enable-region --region-name ap-southeast-3');
    expect(e.fix).toContain('drop it');
  });

  it('rejects an unknown region code with the closest known code', () => {
    expect(() =>
      planUnits({ accountId: '111122223333', enabledRegions: ENABLED, regions: ['eu-wset-1'] }),
    ).toThrow(/use 'eu-west-1'/);
  });

  it('fails clearly when the account reports no enabled regions', () => {
    expect(() => planUnits({ accountId: '111122223333', enabledRegions: [] })).toThrow(PlanError);
  });
});

describe('KNOWN_REGIONS', () => {
  it('holds unique, well-formed codes including the commercial, China and GovCloud partitions', () => {
    expect(new Set(KNOWN_REGIONS).size).toBe(KNOWN_REGIONS.length);
    for (const r of KNOWN_REGIONS) expect(r).toMatch(/^[a-z]{2,4}(-[a-z]+)+-\d$/);
    expect(KNOWN_REGIONS).toEqual(
      expect.arrayContaining([
        'us-east-1',
        'eu-west-1',
        'ap-southeast-7',
        'mx-central-1',
        'cn-north-1',
        'us-gov-west-1',
      ]),
    );
    expect(REGION_TABLE.find((r) => r.code === 'af-south-1')?.optIn).toBe(true);
    expect(REGION_TABLE.find((r) => r.code === 'eu-west-1')?.optIn).toBe(false);
  });

  it('suggests the closest code for a typo and nothing for a non-region', () => {
    expect(suggestRegion('us-eats-1')).toBe('us-east-1');
    expect(suggestRegion('euwest1')).toBe('eu-west-1');
    expect(suggestRegion('mars-base-alpha')).toBeUndefined();
  });
});
