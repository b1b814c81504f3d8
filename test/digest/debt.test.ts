import { describe, expect, it } from 'vitest';
import { updateDebtRegister } from '#lib/digest/debt.js';
import { serviceOfCheck } from '#lib/digest/assess.js';
import type { DebtEntry, Finding } from '#lib/model/index.js';
import { ACCOUNT, aFinding, aGap, aUnit } from './builders.js';

const T1 = '2025-06-01T06:00:00.000Z';
const T2 = '2025-06-08T06:00:00.000Z';
const T3 = '2025-06-15T06:00:00.000Z';
const T4 = '2025-06-22T06:00:00.000Z';

const scan = (scanId: string, startedAt: string, units = [aUnit({ scanId })]) => ({
  scanId,
  startedAt,
  units,
});
const only = (reg: DebtEntry[]): DebtEntry => {
  expect(reg).toHaveLength(1);
  return reg[0]!;
};

describe('updateDebtRegister transitions', () => {
  it('new -> persisting -> resolved -> reopened', () => {
    // Prepare / Act: scan 1 finds the gp2 volume
    const r1 = updateDebtRegister([], [aFinding()], scan('s1', T1));
    const e1 = only(r1);
    expect(e1).toMatchObject({
      status: 'open',
      firstSeen: T1,
      lastSeen: T1,
      ageDays: 0,
      reopened: 0,
      lastScanId: 's1',
    });
    expect(e1.estimatedMonthlySavingsUsd).toBe(2);
    expect(e1.impact).toMatch(/20%/);

    // scan 2: still failing -> persisting, age grows
    const e2 = only(updateDebtRegister(r1, [aFinding()], scan('s2', T2)));
    expect(e2).toMatchObject({ status: 'open', firstSeen: T1, lastSeen: T2, ageDays: 7, lastScanId: 's2' });

    // scan 3: passes -> resolved
    const e3 = only(updateDebtRegister([e2], [aFinding({ status: 'pass' })], scan('s3', T3)));
    expect(e3).toMatchObject({
      status: 'resolved',
      resolvedAt: T3,
      lastSeen: T2,
      ageDays: 14,
      lastScanId: 's3',
    });

    // scan 4: fails again -> reopened
    const e4 = only(updateDebtRegister([e3], [aFinding()], scan('s4', T4)));
    expect(e4).toMatchObject({ status: 'open', firstSeen: T1, lastSeen: T4, reopened: 1, ageDays: 21 });
    expect(e4.resolvedAt).toBeUndefined();
  });

  it('resolves a resource that is gone when its check still ran in the unit', () => {
    const r1 = updateDebtRegister([], [aFinding()], scan('s1', T1));
    // Another volume passes: the check ran; vol-0001 no longer exists.
    const r2 = updateDebtRegister(r1, [aFinding({ resourceId: 'vol-0002', status: 'pass' })], scan('s2', T2));
    expect(r2.find((e) => e.resourceId === 'vol-0001')).toMatchObject({ status: 'resolved', resolvedAt: T2 });
    expect(r2).toHaveLength(1); // a passing resource never enters the register
  });

  it('resolves when the service was scanned and the check had nothing left to evaluate', () => {
    const r1 = updateDebtRegister([], [aFinding()], scan('s1', T1));
    const r2 = updateDebtRegister(r1, [], scan('s2', T2, [aUnit({ services: ['ebs'] })]));
    expect(only(r2).status).toBe('resolved');
  });

  it('is not resolved when the unit failed', () => {
    const r1 = updateDebtRegister([], [aFinding()], scan('s1', T1));
    const r2 = updateDebtRegister(
      r1,
      [],
      scan('s2', T2, [aUnit({ status: 'failed', error: 'AccessDenied on sts:AssumeRole' })]),
    );
    expect(only(r2)).toMatchObject({ status: 'open', lastSeen: T1, lastScanId: 's1' });
  });

  it('is not resolved when the check was unknown or errored for that unit', () => {
    const r1 = updateDebtRegister([], [aFinding()], scan('s1', T1));
    for (const status of ['unknown', 'error'] as const) {
      const unitWide = aFinding({
        status,
        resourceId: '*',
        message: 'Volume data is missing (AccessDenied).',
      });
      expect(only(updateDebtRegister(r1, [unitWide], scan('s2', T2))).status).toBe('open');
      const same = aFinding({ status, message: 'No VolumeType.' });
      expect(only(updateDebtRegister(r1, [same], scan('s2', T2))).status).toBe('open');
    }
  });

  it('is not resolved when a gap hides the service inventory, or the service or region was out of scope', () => {
    const r1 = updateDebtRegister([], [aFinding()], scan('s1', T1));
    const gapped = aUnit({
      status: 'partial',
      gaps: [aGap({ service: 'ebs', slice: 'ebs.volumes', action: 'ec2:DescribeVolumes' })],
    });
    expect(only(updateDebtRegister(r1, [], scan('s2', T2, [gapped]))).status).toBe('open');
    // Service not requested this time.
    expect(only(updateDebtRegister(r1, [], scan('s2', T2, [aUnit({ services: ['ec2'] })]))).status).toBe(
      'open',
    );
    // Region not scanned.
    expect(only(updateDebtRegister(r1, [], scan('s2', T2, [aUnit({ region: 'us-east-1' })]))).status).toBe(
      'open',
    );
    // Unit known, but neither a result for the check nor a service list: cannot tell it ran.
    const bare = [{ accountId: ACCOUNT, region: 'eu-west-1', status: 'ok' }];
    expect(only(updateDebtRegister(r1, [], { scanId: 's2', startedAt: T2, units: bare })).status).toBe(
      'open',
    );
    // A gap on another service does not block.
    const otherGap = aUnit({ status: 'partial', gaps: [aGap()] });
    expect(only(updateDebtRegister(r1, [], scan('s2', T2, [otherGap]))).status).toBe('resolved');
  });

  it('tracks suppression: suppressed, then open again when the suppression expires (not a reopening)', () => {
    const suppression = {
      checkId: '*',
      resource: 'vol-*',
      reason: 'migrating',
      owner: 'ops',
      expires: '2025-06-10',
    };
    const r1 = updateDebtRegister([], [aFinding({ suppressedBy: suppression })], scan('s1', T1));
    expect(only(r1)).toMatchObject({ status: 'suppressed', firstSeen: T1 });
    const r2 = updateDebtRegister(r1, [aFinding({ expiredSuppression: suppression })], scan('s2', T3));
    expect(only(r2)).toMatchObject({ status: 'open', reopened: 0, ageDays: 14 });
  });

  it('handles global findings through the account global unit', () => {
    const cf = aFinding({
      checkId: 'cloudfront-distribution-http2',
      service: 'cloudfront',
      region: 'global',
      resourceId: 'E123',
    });
    const r1 = updateDebtRegister([], [cf], scan('s1', T1));
    const passGlobal = { ...cf, status: 'pass' as const, resourceId: 'E999' };
    const notGlobal = aUnit({ global: false });
    const global = aUnit({ region: 'us-east-1', global: true });
    expect(only(updateDebtRegister(r1, [passGlobal], scan('s2', T2, [notGlobal, global]))).status).toBe(
      'resolved',
    );
    // No global unit in the scan: global findings were out of scope.
    expect(only(updateDebtRegister(r1, [passGlobal], scan('s2', T2, [notGlobal]))).status).toBe('open');
    // Global unit failed: stays open even though another unit is fine.
    const failedGlobal = aUnit({ region: 'us-east-1', global: true, status: 'failed' });
    expect(only(updateDebtRegister(r1, [], scan('s2', T2, [notGlobal, failedGlobal]))).status).toBe('open');
  });

  it('is deterministic, does not mutate its input, and applying the same scan twice changes nothing', () => {
    const findings: Finding[] = [
      aFinding({ resourceId: 'vol-b' }),
      aFinding({ resourceId: 'vol-a', checkId: 'ebs-volume-io2' }),
      aFinding({ resourceId: 'vol-c', accountId: '000000000001' }),
    ];
    const r1 = updateDebtRegister([], findings, scan('s1', T1));
    const frozen = structuredClone(r1);
    expect(r1.map((e) => `${e.accountId}/${e.checkId}/${e.resourceId}`)).toEqual([
      '000000000001/ebs-volume-type-gp3/vol-c',
      `${ACCOUNT}/ebs-volume-io2/vol-a`,
      `${ACCOUNT}/ebs-volume-type-gp3/vol-b`,
    ]);
    const s2 = scan('s2', T2);
    const once = updateDebtRegister(
      r1,
      [
        aFinding({ resourceId: 'vol-b', status: 'pass' }),
        aFinding({ resourceId: 'vol-a', checkId: 'ebs-volume-io2' }),
      ],
      s2,
    );
    const twice = updateDebtRegister(
      once,
      [
        aFinding({ resourceId: 'vol-b', status: 'pass' }),
        aFinding({ resourceId: 'vol-a', checkId: 'ebs-volume-io2' }),
      ],
      s2,
    );
    expect(twice).toEqual(once);
    expect(r1).toEqual(frozen);
    // Reopen applied twice counts once.
    const resolved = once.find((e) => e.resourceId === 'vol-b')!;
    expect(resolved.status).toBe('resolved');
    const s3 = scan('s3', T3);
    const re1 = updateDebtRegister(once, [aFinding({ resourceId: 'vol-b' })], s3);
    const re2 = updateDebtRegister(re1, [aFinding({ resourceId: 'vol-b' })], s3);
    expect(re2.find((e) => e.resourceId === 'vol-b')?.reopened).toBe(1);
  });

  it('does not let an older scan move an entry backwards', () => {
    const r = updateDebtRegister([], [aFinding()], scan('s3', T3));
    const replay = updateDebtRegister(r, [aFinding({ status: 'pass' })], scan('s1', T1));
    expect(only(replay)).toMatchObject({ status: 'open', lastSeen: T3 });
  });
});

describe('serviceOfCheck', () => {
  it('takes the longest service prefix of a check id', () => {
    expect(serviceOfCheck('ebs-volume-type-gp3')).toBe('ebs');
    expect(serviceOfCheck('computeoptimizer-ec2-recommendations')).toBe('computeoptimizer');
    expect(serviceOfCheck('made-up')).toBeUndefined();
  });
});
