import { describe, expect, it } from 'vitest';
import { rdsInstanceCpuNotOverprovisioned as check } from '#lib/checks/rds/rds-instance-cpu-not-overprovisioned.js';
import {
  aSnapshot,
  anRdsInstance,
  anRdsMetricSummary,
  hourly,
  runCheck,
  withMetrics,
} from '#test/builders/index.js';

const ID = 'orders-db';
const avg = (fn: (h: number) => number | null) =>
  anRdsMetricSummary(ID, 'CPUUtilization', 'Average', 3600, hourly(14, fn));
const max = (fn: (h: number) => number | null) =>
  anRdsMetricSummary(ID, 'CPUUtilization', 'Maximum', 3600, hourly(14, fn));

const GIB = 1024 ** 3;
/** Hourly FreeableMemory Average, in GiB. */
const free = (fn: (h: number) => number | null) =>
  anRdsMetricSummary(
    ID,
    'FreeableMemory',
    'Average',
    3600,
    hourly(14, (h) => {
      const v = fn(h);
      return v === null ? null : v * GIB;
    }),
  );

function evaluate(opts: {
  cls?: string;
  average?: ReturnType<typeof avg>;
  maximum?: ReturnType<typeof max> | null;
  /** FreeableMemory series; null = not fetched. Default: 40 of the 64 GiB free. */
  memory?: ReturnType<typeof free> | null;
  /** The class memory in MiB from DescribeInstanceTypes; null = not known. */
  classMiB?: number | null;
  thresholds?: Record<string, number>;
}) {
  const cls = opts.cls ?? 'db.r6g.2xlarge';
  const summaries = [
    opts.average ?? avg(() => 5),
    ...(opts.maximum === null ? [] : [opts.maximum ?? max(() => 30)]),
    ...(opts.memory === null ? [] : [opts.memory ?? free(() => 40)]),
  ];
  const classMiB = opts.classMiB === undefined ? 65_536 : opts.classMiB;
  const snapshot = withMetrics(
    aSnapshot({
      rds: {
        instances: [anRdsInstance({ dbInstanceClass: cls })],
        ...(classMiB === null
          ? {}
          : { classFacts: { [cls]: { memoryMiB: classMiB, vcpus: 8, currentGeneration: true } } }),
      },
    }),
    ...summaries,
  );
  return runCheck(check, snapshot, opts.thresholds)[0];
}

describe('rds-instance-cpu-not-overprovisioned', () => {
  it('fails when even the busy hours stay under 10% and nothing spikes', () => {
    const r = evaluate({});
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'orders-db (db.r6g.2xlarge) is over-provisioned: p95 of hourly CPU 5% and hourly peak 30% over 14 days, with at least 40 GiB of 64 GiB memory free (62.5%) (flagged when the p95 is below 10%, the p99 of hourly maxima below 90% and at least 50% of memory free).',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'Freeable memory, lowest hourly average',
        value: 40,
        unit: 'GiB',
        metric: 'AWS/RDS/FreeableMemory',
        threshold: '>= 50% of 64 GiB',
      }),
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        label: 'CPU utilization, p95 of hourly averages',
        value: 5,
        statistic: 'p95 of hourly Average',
        window: '14 days, 1-hour periods',
      }),
    );
  });

  it('passes a busy instance, a spiky one and the smallest class', () => {
    expect(evaluate({ average: avg((h) => (h % 24 >= 9 && h % 24 < 18 ? 60 : 5)) })?.status).toBe('pass');
    const spiky = evaluate({ maximum: max(() => 95) });
    expect(spiky?.status).toBe('pass');
    expect(spiky?.message).toContain('spiky');
    expect(evaluate({ cls: 'db.t4g.micro' })?.message).toContain('already the smallest size');
  });

  it('one reboot or patch-run hour at 100% does not exempt an otherwise idle instance; four busy hours do', () => {
    // Formerly the highest hourly maximum decided: one hour at 90% or more in 14 days made it "spiky".
    const reboot = evaluate({ maximum: max((h) => (h === 100 ? 100 : 30)) });
    expect(reboot?.status).toBe('fail');
    expect(reboot?.evidence).toContainEqual(
      expect.objectContaining({ label: 'CPU utilization, p99 of hourly maxima', value: 30 }),
    );
    expect(reboot?.evidence).toContainEqual(
      expect.objectContaining({ label: 'CPU utilization, highest hourly maximum', value: 100 }),
    );
    const busy = evaluate({ maximum: max((h) => (h % 80 === 0 ? 95 : 30)) }); // hours 0, 80, 160, 240 (and 320)
    expect(busy?.status).toBe('pass');
    expect(busy?.message).toContain('spiky (p99 of hourly maxima 95%)');
  });

  it('does not call a memory-bound database at 6% CPU over-provisioned (low FreeableMemory)', () => {
    // Buffer pool fills the class: 3-5 GiB of 64 GiB free. On CPU alone this was a failure.
    const r = evaluate({ average: avg(() => 6), memory: free((h) => 3 + (h % 3)) });
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'orders-db (db.r6g.2xlarge): p95 of hourly CPU 6% and hourly peak 30% over 14 days, but it is memory-bound: as little as 3 GiB of 64 GiB free (4.7%, below 50%), and one size down halves the memory.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Freeable memory, share of the class memory', value: 4.7 }),
    );
  });

  it('judges memory on the lowest hour, not the average (one tight hour a day keeps it)', () => {
    expect(evaluate({ memory: free((h) => (h % 24 === 3 ? 20 : 50)) })?.status).toBe('pass');
    expect(evaluate({ memory: free((h) => (h % 24 === 3 ? 33 : 50)) })?.status).toBe('fail');
  });

  it('is unknown when CPU is low but memory cannot be judged (no FreeableMemory, or the class memory unknown)', () => {
    const noSeries = evaluate({ memory: null });
    expect(noSeries?.status).toBe('unknown');
    expect(noSeries?.message).toContain('the FreeableMemory series is missing');
    const noFacts = evaluate({ classMiB: null });
    expect(noFacts?.status).toBe('unknown');
    expect(noFacts?.message).toContain('the memory of db.r6g.2xlarge is not known');
  });

  it('is unknown for an RDS for Oracle preconfigured class, saying why its memory is not known', () => {
    // db.r5b.4xlarge.tpc2.mem2x has twice the memory of db.r5b.4xlarge and runs on no EC2 type of that name.
    const r = evaluate({ cls: 'db.r5b.4xlarge.tpc2.mem2x', classMiB: null });
    expect(r?.status).toBe('unknown');
    expect(r?.message).toBe(
      'orders-db (db.r5b.4xlarge.tpc2.mem2x): p95 of hourly CPU 5% and hourly peak 30% over 14 days is low, but the memory of db.r5b.4xlarge.tpc2.mem2x is not known (an RDS for Oracle preconfigured class: 2x the memory of the standard db.r5b.4xlarge, 2 thread(s) per core, no EC2 type of its own), so a memory-bound database cannot be ruled out.',
    );
  });

  it('honours a lower threshold', () => {
    expect(evaluate({ thresholds: { lowP95Percent: 4 } })?.status).toBe('pass');
  });

  it('is unknown with fewer than 30 hourly datapoints or without the Maximum series', () => {
    const short = evaluate({ average: avg((h) => (h < 20 ? 5 : null)) });
    expect(short?.status).toBe('unknown');
    expect(short?.message).toBe(
      'orders-db (db.r6g.2xlarge): 20 hourly CPU datapoints in the window, fewer than the 30 needed.',
    );
    expect(evaluate({ maximum: null })?.status).toBe('unknown');
  });
});
