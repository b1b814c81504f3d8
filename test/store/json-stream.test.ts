import { describe, expect, it } from 'vitest';
import { jsonPieces } from '#lib/store/json-stream.js';
import { compactFindings, compactFindingsJson } from '#lib/store/records.js';
import type { Finding } from '#lib/model/index.js';
import { aSnapshot } from '#test/builders/index.js';

describe('jsonPieces', () => {
  it('yields exactly JSON.stringify of large and small values, walking large containers in pieces', () => {
    const big: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) {
      big[`k"${i}\n`] = {
        n: i,
        s: `v ${i} \u2028 "quoted" \\ é`,
        u: undefined,
        f: () => 1,
        d: new Date(Date.UTC(2026, 0, i % 28)),
        list: Array.from({ length: i % 90 }, (_, j) =>
          j % 7 === 0 ? undefined : j % 5 === 0 ? null : j / 3,
        ),
        nested: { a: [1, 2, { b: NaN, c: Infinity }] },
      };
    }
    const values: unknown[] = [
      big,
      Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? undefined : { i, when: new Date(i) })),
      { small: true },
      [],
      'x',
      3,
      null,
      Object.assign(Object.create(null), Object.fromEntries(Array.from({ length: 70 }, (_, i) => [i, i]))),
    ];
    for (const v of values) {
      const pieces = [...jsonPieces(v)];
      expect(pieces.join('')).toBe(JSON.stringify(v));
    }
    expect([...jsonPieces(big)].length).toBeGreaterThan(200);
  });

  it('writes a snapshot as JSON.stringify does (the stored format is unchanged)', () => {
    const snap = aSnapshot();
    for (let i = 0; i < 100; i++)
      snap.metrics[`AWS/EC2|CPUUtilization|Average|3600|InstanceId=i-${i}`] = {
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimensions: { InstanceId: `i-${i}` },
        stat: 'Average',
        periodSeconds: 3600,
        windowDays: 14,
        datapoints: 336,
        expectedDatapoints: 336,
        max: i,
        dailyMeans: [1, 2, 3],
      };
    const pieces = [...jsonPieces(snap)];
    expect(pieces.join('')).toBe(JSON.stringify(snap));
    // Walked, not stringified whole: a snapshot has few top-level members, each of them large.
    expect(pieces.length).toBeGreaterThan(100);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2_000);
  });
});

describe('compactFindingsJson', () => {
  it('is the JSON of compactFindings, one piece per finding', () => {
    const base = {
      title: 'T',
      service: 'ebs',
      control: 'WAF-PERF-030',
      severity: 'medium',
      accountId: '111111111111',
      region: 'eu-west-1',
      resourceType: 'AWS::EC2::Volume',
      remediation: {
        text: 'Move to gp3.',
        docs: ['https://docs.aws.amazon.com/x'],
        change: ['storage-type'],
      },
    } as const;
    const findings: Finding[] = [];
    for (let i = 0; i < 30; i++)
      findings.push({
        ...base,
        checkId: i % 2 ? 'ebs-gp2' : 'ebs-io1',
        status: i % 3 ? 'pass' : 'fail',
        resourceId: `vol-${i % 20}`,
        message: `Volume ${i} "is" gp2.`,
        evidence: [{ label: 'type', value: 'gp2', threshold: 'gp3' }],
        remediation: { ...base.remediation, docs: [...base.remediation.docs], change: ['storage-type'] },
        ...(i === 4 ? { region: 'global', severity: 'high' as const } : {}),
      } as Finding);
    const pieces = [...compactFindingsJson('eu-west-1', findings)];
    expect(pieces.join('')).toBe(JSON.stringify(compactFindings('eu-west-1', findings)));
    // 20 unique findings after duplicates, plus the head and the tail.
    expect(pieces.length).toBe(22);
    expect([...compactFindingsJson('eu-west-1', [])].join('')).toBe(
      JSON.stringify(compactFindings('eu-west-1', [])),
    );
  });
});
