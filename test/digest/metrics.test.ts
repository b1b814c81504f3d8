/**
 * The score as CloudWatch metrics (EMF): the lines `perfscan report --format emf` prints and the records the
 * Digest step publishes through Powertools Metrics carry the same namespace, dimensions and values.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { buildDigest } from '#lib/digest/build.js';
import { emfLines, METRICS_NAMESPACE } from '#lib/digest/metrics.js';
import { publishScoreMetrics } from '../../functions/score-metrics.js';
import { ACCOUNT, aFinding, aHeader, aUnit } from './builders.js';

const digest = buildDigest({
  header: aHeader({
    coverage: { unitsPlanned: 1, unitsScanned: 1, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
  }),
  units: [aUnit()],
  findings: [
    aFinding({ resourceId: 'vol-1' }), // gp3 finding with an estimate of $2 (builder default)
    aFinding({
      resourceId: 'vol-2',
      remediation: { text: 'x', docs: [], change: ['storage-type'], estimatedMonthlySavingsUsd: 3.25 },
    }),
  ],
  debt: [],
  attestations: [],
  scansInHistory: 1,
  now: '2025-06-08T06:05:00.000Z',
});

type Emf = {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [k: string]: unknown;
};

const parse = (lines: string[]): Emf[] => lines.map((l) => JSON.parse(l) as Emf);

/** name + dimension values -> value, for comparing two sets of records. */
function values(records: Emf[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const r of records) {
    const d = r._aws.CloudWatchMetrics[0]!;
    const dims = d.Dimensions[0]!.map((k) => `${k}=${String(r[k])}`).join(',');
    for (const m of d.Metrics) out.set(`${d.Namespace}|${m.Name}|${m.Unit}|${dims}`, r[m.Name]);
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('score metrics (EMF)', () => {
  it('prints one line per dimension set: namespace, dimensions and values', () => {
    const lines = parse(emfLines(digest, { timestamp: 1_749_362_700_000 }));
    const account = digest.accounts[0]!;
    const applicable = account.controls.filter((c) => !c.notApplicable);
    // A ControlLevel per applicable control, one account record, one estate-wide record.
    expect(lines).toHaveLength(applicable.length + 2);
    for (const l of lines) {
      expect(l._aws.Timestamp).toBe(1_749_362_700_000);
      expect(l._aws.CloudWatchMetrics[0]!.Namespace).toBe(METRICS_NAMESPACE);
      expect(l.service).toBe('perfscan');
    }
    const control = lines.find((l) => l.Control === 'WAF-PERF-090')!;
    expect(control._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'AccountId', 'Control']]);
    expect(control).toMatchObject({
      AccountId: ACCOUNT,
      ControlLevel: account.controls.find((c) => c.control === 'WAF-PERF-090')!.level,
    });
    const acc = lines.find((l) => l.AccountId === ACCOUNT && l.Control === undefined)!;
    expect(acc._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'AccountId']]);
    expect(acc).toMatchObject({
      AccountLevel: account.level.current,
      FailingProblems: 2,
      OpenDebt: 2,
      EstimatedMonthlySavingsUsd: 5.25,
      MonthlyCostOfDelayUsd: 5.25,
      ControlLevelDrops: 0,
    });
    const estate = lines.at(-1)!;
    expect(estate._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
    expect(estate.ControlLevelDrops).toBe(0);
  });

  it('the Digest step publishes the same metrics through Powertools Metrics', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const metrics = new Metrics({ namespace: 'Perfscan', serviceName: 'perfscan' });
    const n = publishScoreMetrics(metrics, digest);
    const published = parse(
      written
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{')),
    );
    expect(published).toHaveLength(n);
    expect(values(published)).toEqual(values(parse(emfLines(digest))));
  });

  it('counts a control whose level dropped since the previous scan (what the alarm watches)', () => {
    const dropped = structuredClone(digest);
    const c = dropped.accounts[0]!.controls[0]!;
    c.trend = 'down';
    const lines = parse(emfLines(dropped));
    expect(lines.at(-1)!.ControlLevelDrops).toBe(1);
  });
});
