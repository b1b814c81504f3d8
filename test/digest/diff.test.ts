import { describe, expect, it } from 'vitest';
import { diffFindings } from '#lib/digest/diff.js';
import { findingKey } from '#lib/model/index.js';
import type { Finding } from '#lib/model/index.js';
import { aFinding, aUnit } from './builders.js';

const keys = (fs: Finding[]): string[] => fs.map((f) => f.resourceId);

describe('diffFindings', () => {
  it('splits failing findings into new, resolved and persisting by findingKey', () => {
    // Prepare
    const previous = [
      aFinding({ resourceId: 'vol-a' }),
      aFinding({ resourceId: 'vol-b' }),
      aFinding({ resourceId: 'vol-c' }),
    ];
    const current = [
      aFinding({ resourceId: 'vol-a' }), // persisting
      aFinding({ resourceId: 'vol-b', status: 'pass' }), // resolved (passes)
      // vol-c gone: resolved, the check ran (vol-a, vol-b results)
      aFinding({ resourceId: 'vol-d', severity: 'high' }), // new
      aFinding({ resourceId: 'vol-e', status: 'pass' }), // never failing: not in the diff
    ];
    // Act
    const d = diffFindings(previous, current, [aUnit()]);
    // Assess
    expect(keys(d.new)).toEqual(['vol-d']);
    expect(keys(d.persisting)).toEqual(['vol-a']);
    expect(keys(d.resolved)).toEqual(['vol-b', 'vol-c']);
    expect(d.unassessed).toEqual([]);
  });

  it('keys on account, region, check and resource: the same resource under another check is new', () => {
    const previous = [aFinding({ resourceId: 'vol-a' })];
    const current = [
      aFinding({ resourceId: 'vol-a', checkId: 'ebs-volume-io2' }),
      aFinding({ resourceId: 'vol-a', status: 'pass' }),
    ];
    const d = diffFindings(previous, current, [aUnit()]);
    expect(d.new.map(findingKey)).toEqual([findingKey(current[0]!)]);
    expect(d.resolved).toHaveLength(1);
  });

  it('does not call a finding resolved when the unit failed or the check was unknown', () => {
    const previous = [
      aFinding({ resourceId: 'vol-a' }),
      aFinding({ resourceId: 'vol-b', region: 'us-east-1' }),
    ];
    const current = [aFinding({ resourceId: '*', status: 'unknown', message: 'EBS data missing.' })];
    const d = diffFindings(previous, current, [
      aUnit(),
      aUnit({ region: 'us-east-1', global: false, status: 'failed' }),
    ]);
    expect(d.resolved).toEqual([]);
    expect(keys(d.unassessed)).toEqual(['vol-a', 'vol-b']);
  });

  it('counts a finding suppressed now separately, and ignores suppressed findings as failing', () => {
    const suppression = { checkId: '*', resource: '*', reason: 'r', owner: 'o', expires: '2099-01-01' };
    const previous = [
      aFinding({ resourceId: 'vol-a' }),
      aFinding({ resourceId: 'vol-b', suppressedBy: suppression }),
    ];
    const current = [
      aFinding({ resourceId: 'vol-a', suppressedBy: suppression }),
      aFinding({ resourceId: 'vol-b' }),
    ];
    const d = diffFindings(previous, current, [aUnit()]);
    expect(keys(d.suppressed)).toEqual(['vol-a']);
    expect(keys(d.new)).toEqual(['vol-b']); // its suppression ended: it shows as failing again
    expect(d.resolved).toEqual([]);
  });

  it('orders every list by severity, then control, then key', () => {
    const current = [
      aFinding({ resourceId: 'vol-z', severity: 'low' }),
      aFinding({ resourceId: 'i-1', severity: 'high', control: 'WAF-PERF-010', checkId: 'ec2-instance-x' }),
      aFinding({ resourceId: 'vol-a', severity: 'high' }),
    ];
    expect(keys(diffFindings([], current, [aUnit()]).new)).toEqual(['i-1', 'vol-a', 'vol-z']);
  });
});
