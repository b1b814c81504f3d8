import { describe, expect, it } from 'vitest';
import { summarize } from '#lib/collect/metrics.js';

describe('summarize: the stored shape of a metric summary', () => {
  const meta = {
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { InstanceId: 'i-1' },
    stat: 'Average',
    periodSeconds: 3600,
    windowDays: 2,
  };
  it('keeps its fields in the documented order (snapshots written before are read the same)', () => {
    const t0 = Date.UTC(2026, 10, 1);
    const s = summarize(
      [1, 2, 3, 4],
      [0, 1, 24, 25].map((h) => new Date(t0 + h * 3_600_000)),
      meta,
    );
    expect(Object.keys(s)).toEqual([
      'namespace',
      'metricName',
      'dimensions',
      'stat',
      'periodSeconds',
      'windowDays',
      'datapoints',
      'expectedDatapoints',
      'min',
      'max',
      'mean',
      'sum',
      'p50',
      'p95',
      'p99',
      'dailyMeans',
      'dailyMaxes',
      'first',
      'last',
    ]);
    expect(s).toMatchObject({
      datapoints: 4,
      expectedDatapoints: 48,
      min: 1,
      max: 4,
      sum: 10,
      first: 1.5,
      last: 3.5,
    });
    expect(s.dimensions).not.toBe(meta.dimensions);
    expect(Object.keys(summarize([], [], meta))).toEqual(Object.keys(s).slice(0, 8));
  });
});
