/**
 * Kills the mutants the rds-instance-cpu-not-overprovisioned suite left alive (npm run mutation;
 * docs/testing.md): the full evidence of every outcome, both sides of the p95, spike, free-memory and
 * datapoint thresholds, the reason given in each pass message, a class memory of 0 or not listed, and the
 * instances the check skips (stopped, Aurora Serverless v2).
 */
import { describe, expect, it } from 'vitest';
import { rdsInstanceCpuNotOverprovisioned as check } from '#lib/checks/rds/rds-instance-cpu-not-overprovisioned.js';
import type { MetricSummary, RdsInstance, RdsSlice } from '#lib/model/index.js';
import {
  aSnapshot,
  anRdsInstance,
  anRdsMetricSummary,
  hourly,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';

const ID = 'orders-db';
const CLS = 'db.r6g.2xlarge';
const BASE = {
  resourceType: 'AWS::RDS::DBInstance',
  resourceId: ID,
  resourceArn: `arn:aws:rds:eu-west-1:123456789012:db:${ID}`,
  resourceName: ID,
};
const GIB = 1024 ** 3;
const WINDOW = '14 days, 1-hour periods';
const series = (name: string, stat: string, fn: (h: number) => number | null) =>
  anRdsMetricSummary(ID, name, stat, 3600, hourly(14, fn));
const avg = (v: number) => series('CPUUtilization', 'Average', () => v);
const max = (v: number) => series('CPUUtilization', 'Maximum', () => v);
const free = (gib: number) => series('FreeableMemory', 'Average', () => gib * GIB);

function run(
  summaries: MetricSummary[],
  opts: {
    cls?: string;
    db?: Partial<RdsInstance>;
    rds?: Partial<RdsSlice>;
    thresholds?: Record<string, number>;
  } = {},
) {
  const cls = opts.cls ?? CLS;
  const snapshot = withMetrics(
    aSnapshot({
      rds: {
        instances: [anRdsInstance({ dbInstanceClass: cls, ...opts.db })],
        classFacts: { [cls]: { memoryMiB: 65_536, vcpus: 8, currentGeneration: true } },
        ...opts.rds,
      },
    }),
    ...summaries,
  );
  return runCheck(check, snapshot, opts.thresholds);
}

const cpuEvidence = (p95: number, peak: number, cls = CLS, p99 = peak) => [
  {
    label: 'CPU utilization, p95 of hourly averages',
    value: p95,
    unit: 'Percent',
    metric: 'AWS/RDS/CPUUtilization',
    statistic: 'p95 of hourly Average',
    window: WINDOW,
    threshold: '>= 10',
  },
  {
    label: 'CPU utilization, p99 of hourly maxima',
    value: p99,
    unit: 'Percent',
    metric: 'AWS/RDS/CPUUtilization',
    statistic: 'p99 of hourly Maximum',
    window: WINDOW,
    threshold: '< 90 (at or above: spiky, not flagged)',
  },
  {
    label: 'CPU utilization, highest hourly maximum',
    value: peak,
    unit: 'Percent',
    metric: 'AWS/RDS/CPUUtilization',
    statistic: 'Maximum',
    window: WINDOW,
  },
  { label: 'DB instance class', value: cls, source: 'rds:DescribeDBInstances' },
];
const memoryEvidence = (freeGiB: number, pct: number) => [
  {
    label: 'Freeable memory, lowest hourly average',
    value: freeGiB,
    unit: 'GiB',
    metric: 'AWS/RDS/FreeableMemory',
    statistic: 'Minimum of hourly Average',
    window: WINDOW,
    threshold: '>= 50% of 64 GiB',
  },
  {
    label: 'Freeable memory, share of the class memory',
    value: pct,
    unit: 'Percent',
    source: 'ec2:DescribeInstanceTypes MemoryInfo (db.r6g.2xlarge: 64 GiB)',
  },
];

describe('rds-instance-cpu-not-overprovisioned (mutation kills)', () => {
  it('fail: the full evidence, CPU and memory', () => {
    expect(run([avg(5), max(30), free(40)])).toEqual([
      {
        ...BASE,
        status: 'fail',
        message:
          'orders-db (db.r6g.2xlarge) is over-provisioned: p95 of hourly CPU 5% and hourly peak 30% over 14 days, with at least 40 GiB of 64 GiB memory free (62.5%) (flagged when the p95 is below 10%, the p99 of hourly maxima below 90% and at least 50% of memory free).',
        evidence: [...cpuEvidence(5, 30), ...memoryEvidence(40, 62.5)],
      },
    ]);
  });

  it('memory-bound: the full result', () => {
    expect(run([avg(5), max(30), free(16)])).toEqual([
      {
        ...BASE,
        status: 'pass',
        message:
          'orders-db (db.r6g.2xlarge): p95 of hourly CPU 5% and hourly peak 30% over 14 days, but it is memory-bound: as little as 16 GiB of 64 GiB free (25%, below 50%), and one size down halves the memory.',
        evidence: [...cpuEvidence(5, 30), ...memoryEvidence(16, 25)],
      },
    ]);
  });

  it('free memory: exactly half of the class is enough to flag it, just under half is memory-bound', () => {
    expect(run([avg(5), max(30), free(32)])[0]?.status).toBe('fail');
    expect(run([avg(5), max(30), free(31.9)])[0]?.status).toBe('pass');
  });

  it('p95: exactly 10% is not low, 9.9% is', () => {
    expect(run([avg(10), max(30), free(40)])).toEqual([
      {
        ...BASE,
        status: 'pass',
        message: 'orders-db (db.r6g.2xlarge): p95 of hourly CPU 10% and hourly peak 30% over 14 days.',
        evidence: cpuEvidence(10, 30),
      },
    ]);
    expect(run([avg(9.9), max(30), free(40)])[0]?.status).toBe('fail');
  });

  it('peak: 89.9% is not a spike, exactly 90% is (pass, said to be spiky)', () => {
    expect(run([avg(5), max(89.9), free(40)])[0]?.status).toBe('fail');
    expect(run([avg(5), max(90), free(40)])).toEqual([
      {
        ...BASE,
        status: 'pass',
        message:
          'orders-db (db.r6g.2xlarge): p95 of hourly CPU 5% and hourly peak 90% over 14 days; spiky (p99 of hourly maxima 90%), so not downsized on the average alone.',
        evidence: cpuEvidence(5, 90),
      },
    ]);
  });

  it('spiky is the p99 of hourly maxima (4th-highest of 336 hours): 3 hours at 95% are not, 4 are', () => {
    const hours = (n: number) => series('CPUUtilization', 'Maximum', (h) => (h < n ? 95 : 30));
    expect(run([avg(5), hours(3), free(40)])).toEqual([
      {
        ...BASE,
        status: 'fail',
        message:
          'orders-db (db.r6g.2xlarge) is over-provisioned: p95 of hourly CPU 5% and hourly peak 95% over 14 days, with at least 40 GiB of 64 GiB memory free (62.5%) (flagged when the p95 is below 10%, the p99 of hourly maxima below 90% and at least 50% of memory free).',
        evidence: [...cpuEvidence(5, 95, CLS, 30), ...memoryEvidence(40, 62.5)],
      },
    ]);
    expect(run([avg(5), hours(4), free(40)])[0]?.message).toBe(
      'orders-db (db.r6g.2xlarge): p95 of hourly CPU 5% and hourly peak 95% over 14 days; spiky (p99 of hourly maxima 95%), so not downsized on the average alone.',
    );
  });

  it('without a p99 of the maxima, the highest hourly maximum decides', () => {
    const noP99 = { ...series('CPUUtilization', 'Maximum', (h) => (h === 0 ? 95 : 30)), p99: undefined };
    expect(run([avg(5), noP99, free(40)])[0]).toMatchObject({
      status: 'pass',
      message:
        'orders-db (db.r6g.2xlarge): p95 of hourly CPU 5% and hourly peak 95% over 14 days; spiky (p99 of hourly maxima 95%), so not downsized on the average alone.',
      evidence: cpuEvidence(5, 95),
    });
  });

  it('a busy instance is not called spiky, whatever its peak (the p95 decides, at exactly 10%)', () => {
    expect(run([avg(50), max(95)])[0]?.message).toBe(
      'orders-db (db.r6g.2xlarge): p95 of hourly CPU 50% and hourly peak 95% over 14 days.',
    );
    expect(run([avg(10), max(95)])[0]?.message).toBe(
      'orders-db (db.r6g.2xlarge): p95 of hourly CPU 10% and hourly peak 95% over 14 days.',
    );
  });

  it('the smallest size: said only while its CPU is low (below 10%, not at 10%)', () => {
    const micro = (p95: number) => run([avg(p95), max(30)], { cls: 'db.t4g.micro' })[0]?.message;
    expect(micro(5)).toBe(
      'orders-db (db.t4g.micro): p95 of hourly CPU 5% and hourly peak 30% over 14 days; already the smallest size.',
    );
    expect(micro(10)).toBe(
      'orders-db (db.t4g.micro): p95 of hourly CPU 10% and hourly peak 30% over 14 days.',
    );
    expect(micro(50)).toBe(
      'orders-db (db.t4g.micro): p95 of hourly CPU 50% and hourly peak 30% over 14 days.',
    );
  });

  it('too few hourly datapoints or no CPU series: unknown with the count; exactly 30 is enough', () => {
    const unknown = (hours: number) => [
      {
        ...BASE,
        status: 'unknown',
        message: `orders-db (db.r6g.2xlarge): ${hours} hourly CPU datapoints in the window, fewer than the 30 needed.`,
        evidence: [
          {
            label: 'Hourly CPU datapoints',
            value: hours,
            metric: 'AWS/RDS/CPUUtilization',
            threshold: '>= 30',
          },
        ],
      },
    ];
    expect(run([])).toEqual(unknown(0));
    const partial = (hours: number) => series('CPUUtilization', 'Average', (h) => (h < hours ? 5 : null));
    expect(run([partial(29), max(30), free(40)])).toEqual(unknown(29));
    expect(run([partial(30), max(30), free(40)])[0]?.status).toBe('fail');
  });

  it('a series with datapoints but no p95 is unknown, and says so', () => {
    const noP95 = { ...avg(5), p95: undefined };
    expect(run([noP95, max(30), free(40)])).toEqual([
      {
        ...BASE,
        status: 'unknown',
        message:
          'orders-db (db.r6g.2xlarge): the hourly CPU series has 336 datapoints but no p95, so it cannot be judged.',
        evidence: [
          {
            label: 'Hourly CPU datapoints',
            value: 336,
            metric: 'AWS/RDS/CPUUtilization',
            threshold: '>= 30',
          },
        ],
      },
    ]);
    expect(run([{ ...noP95, datapoints: 30 }, max(30)])[0]?.message).toMatch(/has 30 datapoints but no p95/);
  });

  it('no Maximum series: unknown with the p95 as evidence', () => {
    expect(run([avg(5), free(40)])).toEqual([
      {
        ...BASE,
        status: 'unknown',
        message:
          'orders-db (db.r6g.2xlarge): the hourly CPU Maximum series is missing, so spikes cannot be ruled out.',
        evidence: [
          {
            label: 'CPU utilization, p95 of hourly averages',
            value: 5,
            unit: 'Percent',
            metric: 'AWS/RDS/CPUUtilization',
          },
        ],
      },
    ]);
  });

  it('memory not judged: no FreeableMemory, the class not in the facts, or a memory of 0', () => {
    const unknown = (why: string) => [
      {
        ...BASE,
        status: 'unknown',
        message: `orders-db (db.r6g.2xlarge): p95 of hourly CPU 5% and hourly peak 30% over 14 days is low, but ${why}, so a memory-bound database cannot be ruled out.`,
        evidence: cpuEvidence(5, 30),
      },
    ];
    expect(run([avg(5), max(30)])).toEqual(unknown('the FreeableMemory series is missing'));
    const notKnown = unknown('the memory of db.r6g.2xlarge is not known (ec2:DescribeInstanceTypes)');
    const otherClass = { 'db.r6g.large': { memoryMiB: 16_384, vcpus: 2, currentGeneration: true } };
    expect(run([avg(5), max(30), free(40)], { rds: { classFacts: otherClass } })).toEqual(notKnown);
    const zero = { [CLS]: { memoryMiB: 0, vcpus: 8, currentGeneration: true } };
    expect(run([avg(5), max(30), free(40)], { rds: { classFacts: zero } })).toEqual(notKnown);
  });

  it('skips stopped and stopping instances and Aurora Serverless v2', () => {
    const low = [avg(5), max(30), free(40)];
    expect(run(low, { db: { status: 'stopped' } })).toEqual([]);
    expect(run(low, { db: { status: 'stopping' } })).toEqual([]);
    expect(run(low, { cls: 'db.serverless' })).toEqual([]);
  });
});
