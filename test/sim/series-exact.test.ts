/**
 * The simulator's series generators were rewritten for speed (no per-point strings, objects or period-start
 * arrays). Same seed, same series: these compare them with the straightforward versions they replaced, point
 * for point, and the whole GetMetricData answer of a scaled account with a reference built from the providers.
 */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { hashNoise, seriesFromHours, type HourSample } from '#lib/sim/cloudwatch-metrics.js';
import { noise, shapedSeries, type ShapeOptions } from '#lib/sim/patterns.js';
import { hashSeed, type SimAccount, type SimMetricQuery } from '#lib/sim/core.js';

const HOUR = 3_600_000;

// ---- the previous implementations, kept here as the reference
function refPick(s: HourSample, stat: string): number {
  switch (stat) {
    case 'Average':
      return s.count > 0 ? s.sum / s.count : s.avg;
    case 'Maximum':
      return s.max;
    case 'Minimum':
      return s.min;
    case 'Sum':
      return s.sum;
    case 'SampleCount':
      return s.count;
    default: {
      const p = /^p(\d+(?:\.\d+)?)$/.exec(stat);
      const avg = s.count > 0 ? s.sum / s.count : s.avg;
      return p ? avg + (s.max - avg) * Math.pow(Number(p[1]) / 100, 3) : avg;
    }
  }
}
const round = (v: number) => Math.round(v * 10_000) / 10_000;
function refSeriesFromHours(q: SimMetricQuery, seed: number, hour: (h: number) => HourSample | null) {
  const stepMs = q.periodSeconds * 1000;
  const starts: number[] = [];
  for (let t = q.start.getTime(); t < q.end.getTime(); t += stepMs) starts.push(t);
  return starts.map((t) => {
    if (stepMs >= HOUR) {
      let agg: HourSample | null = null;
      for (let h = Math.floor(t / HOUR); h * HOUR < t + stepMs; h++) {
        const s = hour(h);
        if (!s) continue;
        agg = agg
          ? {
              avg: 0,
              max: Math.max(agg.max, s.max),
              min: Math.min(agg.min, s.min),
              sum: agg.sum + s.sum,
              count: agg.count + s.count,
            }
          : { ...s };
      }
      return agg ? round(refPick(agg, q.stat)) : null;
    }
    const h = Math.floor(t / HOUR);
    const s = hour(h);
    if (!s) return null;
    const f = stepMs / HOUR;
    const k = Math.floor((t - h * HOUR) / stepMs);
    const j = 0.9 + 0.2 * hashNoise(seed ^ 0x51ed, h * 64 + k);
    const avg = s.avg * j;
    const sub: HourSample = {
      avg,
      max: Math.max(avg, Math.min(s.max, avg + (s.max - s.avg) * hashNoise(seed ^ 0x7a11, h * 64 + k))),
      min: Math.min(avg, Math.max(s.min, avg * 0.8)),
      sum: s.sum * f * j,
      count: s.count * f,
    };
    return round(refPick(sub, q.stat));
  });
}
function refShaped(q: SimMetricQuery, o: ShapeOptions): number[] {
  const span = q.end.getTime() - q.start.getTime();
  const n = span <= 0 ? 0 : Math.ceil(span / (q.periodSeconds * 1000));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = q.start.getTime() + i * q.periodSeconds * 1000;
    const hour = q.periodSeconds >= 86_400 ? 12 : new Date(t).getUTCHours();
    const cycle = q.periodSeconds >= 86_400 ? 0 : Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    const r = (hashSeed(o.key, i) / 4294967296) * 2 - 1;
    let v = o.base * (1 + (o.daily ?? 0) * cycle + (o.jitter ?? 0.05) * r);
    if (o.min !== undefined) v = Math.max(o.min, v);
    if (o.max !== undefined) v = Math.min(o.max, v);
    out.push(Math.round(v * 1000) / 1000);
  }
  return out;
}

const end = new Date('2026-11-22T06:00:00Z');
const query = (stat: string, periodSeconds: number, days = 14): SimMetricQuery => ({
  namespace: 'AWS/EC2',
  metricName: 'CPUUtilization',
  dimensions: { InstanceId: 'i-1' },
  stat,
  periodSeconds,
  start: new Date(end.getTime() - days * 86_400_000 + 60_000 * 7),
  end,
});

describe('fast series generators give exactly the previous series', () => {
  it('seriesFromHours: every statistic, sub-hour, hourly and multi-hour periods, gaps included', () => {
    const hour = (h: number): HourSample | null => {
      if (h % 37 === 0) return null; // hours without data
      const n = hashNoise(99, h);
      const avg = 10 + 80 * n;
      return {
        avg,
        max: Math.min(100, avg + 15 * hashNoise(7, h)),
        min: avg * 0.5,
        sum: avg * 12,
        count: 12,
      };
    };
    for (const stat of ['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount', 'p99', 'p95.5', 'IQM'])
      for (const period of [60, 300, 3600, 7200, 86_400]) {
        const q = query(stat, period, period < 3600 ? 2 : 14);
        // Periods without data are NaN now (the array stays unboxed doubles); null in the reference.
        const fast = seriesFromHours(q, 12345, hour);
        if (period < 3600)
          expect(
            fast.some((v) => Number.isNaN(v)),
            `${stat} ${period} gaps`,
          ).toBe(true);
        expect(
          fast.map((v) => (Number.isNaN(v) ? null : v)),
          `${stat} ${period}`,
        ).toEqual(refSeriesFromHours(q, 12345, hour));
      }
  });

  it('a reused hour object is read at once (the generators may hand out one scratch object)', () => {
    const scratch: HourSample = { avg: 0, max: 0, min: 0, sum: 0, count: 12 };
    const reused = (h: number) =>
      Object.assign(scratch, { avg: h % 50, max: (h % 50) + 5, min: 1, sum: (h % 50) * 12 });
    const fresh = (h: number): HourSample => ({
      avg: h % 50,
      max: (h % 50) + 5,
      min: 1,
      sum: (h % 50) * 12,
      count: 12,
    });
    const q = query('Maximum', 86_400);
    expect(seriesFromHours(q, 1, reused)).toEqual(refSeriesFromHours(q, 1, fresh));
  });

  it('shapedSeries and its noise: hourly and daily, with and without clamps, odd keys', () => {
    for (const key of ['db-1|CPUUtilization|Average', 'ünïcödé-€', ''])
      for (const period of [60, 3600, 86_400]) {
        const q = query('Average', period, period === 60 ? 1 : 14);
        const o: ShapeOptions = { base: 50, daily: 0.3, jitter: 0.2, min: 0, max: 60, key };
        expect(shapedSeries(q, o)).toEqual(refShaped(q, o));
        expect(shapedSeries(q, { base: 3, key })).toEqual(refShaped(q, { base: 3, key }));
      }
    for (const i of [0, 1, 9, 10, 335, 20_159])
      expect(noise('k', i)).toBe((hashSeed('k', i) / 4294967296) * 2 - 1);
  });
});

describe('GetMetricData answers build their Timestamps when first read', () => {
  it('reads, spreads and assigns like plain fields', async () => {
    const { createSimulatedAccount } = await import('#lib/sim/index.js');
    const sim = createSimulatedAccount();
    const end = new Date(sim.options.now.getTime() - 3_600_000);
    const out = (await sim.handle('CloudWatchClient', 'GetMetricDataCommand', 'eu-west-1', {
      MetricDataQueries: [
        {
          Id: 'm0',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/EC2',
              MetricName: 'CPUUtilization',
              Dimensions: [{ Name: 'InstanceId', Value: 'i-x' }],
            },
            Period: 3600,
            Stat: 'Average',
          },
        },
      ],
      StartTime: new Date(end.getTime() - 86_400_000),
      EndTime: end,
    })) as { MetricDataResults: { Timestamps: Date[]; Values: number[] }[] };
    const r = out.MetricDataResults[0] as { Timestamps: Date[]; Values: number[] };
    expect(r.Timestamps).toBe(r.Timestamps); // built once
    expect({ ...r }.Timestamps).toBe(r.Timestamps);
    r.Timestamps = [new Date(0)];
    expect(r.Timestamps).toEqual([new Date(0)]);
  });
});

describe('GetMetricData answers are the providers’ series, paged and ordered as before', () => {
  // The handler writes every series into two typed arrays (no array, object or Date per point). This is the
  // straightforward handler it replaced: each series' points from account.metricValues (gaps dropped,
  // descending by default), pages cutting the concatenated points every MaxDatapoints.
  type Q = { Id: string; MetricStat?: { Metric: Record<string, unknown>; Period: number; Stat: string } };
  async function reference(
    sim: SimAccount,
    region: string,
    input: {
      MetricDataQueries: Q[];
      StartTime: Date;
      EndTime: Date;
      ScanBy?: string;
      MaxDatapoints?: number;
    },
    offset: number,
  ) {
    const { roundStart } = await import('#lib/sim/cloudwatch-metrics.js');
    const start = roundStart(input.StartTime, sim.options.now);
    const series = input.MetricDataQueries.map((q) => {
      const ms = q.MetricStat;
      if (!ms) return { id: q.Id, label: q.Id, ts: [] as number[], vs: [] as number[], math: true };
      const m = ms.Metric as {
        Namespace: string;
        MetricName: string;
        Dimensions: { Name: string; Value: string }[];
      };
      const values = sim.metricValues(
        {
          namespace: m.Namespace,
          metricName: m.MetricName,
          dimensions: Object.fromEntries(m.Dimensions.map((d) => [d.Name, d.Value])),
          stat: ms.Stat,
          periodSeconds: ms.Period,
          start,
          end: input.EndTime,
        },
        region,
      );
      const ts: number[] = [];
      const vs: number[] = [];
      const step = ms.Period * 1000;
      const n = Math.min(values.length, Math.ceil((input.EndTime.getTime() - start.getTime()) / step));
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === 'number' && Number.isFinite(v)) {
          ts.push(start.getTime() + i * step);
          vs.push(v);
        }
      }
      if (input.ScanBy !== 'TimestampAscending') {
        ts.reverse();
        vs.reverse();
      }
      return { id: q.Id, label: m.MetricName, ts, vs, math: false };
    });
    const pageEnd = offset + (input.MaxDatapoints ?? 100_800);
    let cursor = 0;
    const results = series.map((s) => {
      const from = Math.max(0, offset - cursor);
      const to = Math.max(from, Math.min(s.ts.length, pageEnd - cursor));
      cursor += s.ts.length;
      return {
        Id: s.id,
        Label: s.label,
        StatusCode: s.math ? 'InternalError' : to < s.ts.length ? 'PartialData' : 'Complete',
        ...(s.math ? { Messages: [{ Code: 'InternalError', Value: 'Metric math is not simulated.' }] } : {}),
        Timestamps: s.ts.slice(from, to).map((t) => new Date(t)),
        Values: s.vs.slice(from, to),
      };
    });
    return { results, more: pageEnd < cursor };
  }

  it('every series kind of a scaled account, ascending and descending, in pages, gaps and metric math included', async () => {
    const { createSimulatedAccount } = await import('#lib/sim/index.js');
    const { ec2SimState } = await import('#lib/sim/ec2.js');
    const { ebsSimState } = await import('#lib/sim/ebs.js');
    const { rdsSimState } = await import('#lib/sim/rds.js');
    const { lambdaSimState } = await import('#lib/sim/lambda.js');
    const { packOutput, unpackOutput } = await import('#lib/sim/wire.js');
    const sim = createSimulatedAccount();
    const region = 'eu-west-1';
    const end = new Date(sim.options.now.getTime() - 3_600_000);
    const start = new Date(end.getTime() - 14 * 86_400_000 + 7 * 60_000);
    const q = (ns: string, metric: string, dim: string, id: string, stat: string, period: number) => ({
      Namespace: ns,
      MetricName: metric,
      Dimensions: [{ Name: dim, Value: id }],
      stat,
      period,
    });
    const specs = [
      // Every instance (launched inside the window, stopped, new: gaps and empty series) and volume.
      ...ec2SimState(sim, region).instances.flatMap((i) => [
        q('AWS/EC2', 'CPUUtilization', 'InstanceId', i.InstanceId as string, 'Average', 3600),
        q('AWS/EC2', 'CPUUtilization', 'InstanceId', i.InstanceId as string, 'p99', 1800),
        q('AWS/EC2', 'NetworkIn', 'InstanceId', i.InstanceId as string, 'Sum', 86_400),
      ]),
      ...ebsSimState(sim, region).volumes.flatMap((v) => [
        q('AWS/EBS', 'BurstBalance', 'VolumeId', v.VolumeId as string, 'Minimum', 3600),
        q('AWS/EBS', 'VolumeReadOps', 'VolumeId', v.VolumeId as string, 'Sum', 7200),
      ]),
      ...rdsSimState(sim, region).instances.map((d) =>
        q(
          'AWS/RDS',
          'CPUUtilization',
          'DBInstanceIdentifier',
          d.DBInstanceIdentifier as string,
          'Maximum',
          3600,
        ),
      ),
      ...lambdaSimState(sim, region).functions.flatMap((f) => [
        q('AWS/Lambda', 'Duration', 'FunctionName', f.FunctionName as string, 'p95', 3600),
        q('AWS/Lambda', 'Invocations', 'FunctionName', f.FunctionName as string, 'Sum', 86_400),
      ]),
      q('AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-unknown', 'Average', 3600),
    ];
    expect(specs.length).toBeGreaterThan(80);
    const queries: Q[] = specs.slice(0, 80).map((s, i) => ({
      Id: `m${i}`,
      MetricStat: {
        Metric: { Namespace: s.Namespace, MetricName: s.MetricName, Dimensions: s.Dimensions },
        Period: s.period,
        Stat: s.stat,
      },
    }));
    queries.splice(7, 0, { Id: 'math1' });
    let pages = 0;
    for (const scanBy of ['TimestampAscending', undefined])
      for (const maxDatapoints of [undefined, 10_000]) {
        let token: string | undefined;
        let offset = 0;
        do {
          const input = {
            MetricDataQueries: queries.map((x) => (x.MetricStat ? x : { ...x, Expression: 'm0 * 2' })),
            StartTime: start,
            EndTime: end,
            ...(scanBy ? { ScanBy: scanBy } : {}),
            ...(maxDatapoints ? { MaxDatapoints: maxDatapoints } : {}),
            ...(token ? { NextToken: token } : {}),
          };
          const out = await sim.handle('CloudWatchClient', 'GetMetricDataCommand', region, input);
          const ref = await reference(sim, region, input, offset);
          // Through the benchmark's IPC packing (the simulator process's path) and read in this process.
          const wire = unpackOutput(deserialize(serialize(packOutput(out))) as Record<string, unknown>);
          // (Dates as numbers: deep equality over tens of thousands of Date objects is slow on a loaded machine.)
          const plain = (rs: unknown) =>
            (rs as { Timestamps: Date[] }[]).map((r) => ({
              ...r,
              Timestamps: r.Timestamps.map((d) => (d instanceof Date ? d.getTime() : d)),
            }));
          expect(plain(wire.MetricDataResults)).toEqual(plain(ref.results));
          expect(plain(out.MetricDataResults)).toEqual(plain(ref.results));
          const first = (wire.MetricDataResults as { Timestamps: Date[] }[]).find((r) => r.Timestamps.length);
          expect(first?.Timestamps[0]).toBeInstanceOf(Date);
          expect(out.NextToken !== undefined).toBe(ref.more);
          token = out.NextToken as string | undefined;
          offset += maxDatapoints ?? 100_800;
          pages++;
        } while (token);
      }
    expect(pages).toBeGreaterThan(6);
  }, 60_000);
});
