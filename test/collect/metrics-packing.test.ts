/**
 * The batcher's packing over every window the CLI accepts (1-63 days) and every period the collectors use:
 * no GetMetricData call over 100,800 datapoints or 500 queries, and no call (but a period's last) below the
 * best packing q = min(500, floor(100,800 / points per series)).
 */
import { describe, expect, it } from 'vitest';
import { CloudWatchClient, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import {
  MAX_DATAPOINTS_PER_CALL,
  MAX_QUERIES_PER_CALL,
  MetricBatcher,
  queriesPerCall,
} from '#lib/collect/metrics.js';
import { metricWindow } from '#lib/collect/unit.js';

const DAY = 86_400;
/** Periods the collectors request (hourly shapes, daily sums), plus CloudWatch's finer standard periods. */
const PERIODS = [60, 300, 900, 3600, 21_600, 86_400];
const ENGINE_PERIODS = [3600, 86_400];
const WINDOWS = Array.from({ length: 63 }, (_, i) => i + 1);

/** Datapoints one series returns over a day-aligned window: one per period in [start, end). */
const pointsPer = (periodSeconds: number, days: number) => Math.ceil((days * DAY) / periodSeconds);
const best = (points: number) =>
  Math.max(1, Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / points)));

describe('queriesPerCall over every window and period', () => {
  it('never exceeds either cap and always equals the best packing', () => {
    const bad: string[] = [];
    for (const days of WINDOWS) {
      for (const period of PERIODS) {
        const q = queriesPerCall(period, days * DAY);
        const points = pointsPer(period, days);
        if (q > MAX_QUERIES_PER_CALL) bad.push(`${days}d/${period}s: ${q} queries`);
        if (points <= MAX_DATAPOINTS_PER_CALL && q * points > MAX_DATAPOINTS_PER_CALL)
          bad.push(`${days}d/${period}s: ${q} x ${points} = ${q * points} datapoints`);
        if (q !== best(points)) bad.push(`${days}d/${period}s: ${q}, best ${best(points)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('packs the issue case (13 days, hourly: 312 points) 323 to a call, 100,776 datapoints', () => {
    expect(queriesPerCall(3600, 13 * DAY)).toBe(323);
    expect(323 * 312).toBeLessThanOrEqual(MAX_DATAPOINTS_PER_CALL);
    expect(324 * 312).toBeGreaterThan(MAX_DATAPOINTS_PER_CALL);
  });
});

/** A CloudWatch client stand-in that records each GetMetricData input and answers every query empty. */
function recordingClient(): { client: CloudWatchClient; inputs: GetMetricDataCommandInput[] } {
  const inputs: GetMetricDataCommandInput[] = [];
  // A real client (the paginator checks its class) whose send never reaches the network.
  const client = new CloudWatchClient({ region: 'eu-west-1' });
  const send = (command: { input: GetMetricDataCommandInput }) => {
    // A copy: the paginator reuses its input object across pages.
    inputs.push({ ...command.input });
    return Promise.resolve({
      MetricDataResults: (command.input.MetricDataQueries ?? []).map((q) => ({
        Id: q.Id,
        StatusCode: 'Complete',
        Timestamps: [],
        Values: [],
      })),
    });
  };
  (client as unknown as { send: typeof send }).send = send;
  return { client, inputs };
}

describe('MetricBatcher calls over every window and engine period', () => {
  it('sends full calls of exactly q series (q + 7 series per period), never over a cap', async () => {
    const bad: string[] = [];
    const now = new Date('2026-12-05T12:00:00Z');
    for (const days of WINDOWS) {
      const { client, inputs } = recordingClient();
      const batcher = new MetricBatcher({ client, window: metricWindow(now, days) });
      for (const period of ENGINE_PERIODS) {
        const n = queriesPerCall(period, days * DAY) + 7;
        for (let i = 0; i < n; i++)
          batcher.request({
            namespace: 'AWS/EC2',
            metricName: 'CPUUtilization',
            dimensions: { InstanceId: `i-${i}` },
            stat: 'Average',
            periodSeconds: period,
          });
      }
      await batcher.flush();
      for (const period of ENGINE_PERIODS) {
        const calls = inputs.filter((c) => c.MetricDataQueries?.[0]?.MetricStat?.Period === period);
        const sizes = calls.map((c) => c.MetricDataQueries?.length ?? 0);
        const q = best(pointsPer(period, days));
        // Every series lands in one call of its own period.
        for (const c of calls)
          if (c.MetricDataQueries?.some((x) => x.MetricStat?.Period !== period))
            bad.push(`${days}d: mixed periods in one call`);
        const points = pointsPer(period, days);
        for (const s of sizes) {
          if (s > MAX_QUERIES_PER_CALL) bad.push(`${days}d/${period}s: ${s} queries`);
          if (s * points > MAX_DATAPOINTS_PER_CALL) bad.push(`${days}d/${period}s: ${s * points} datapoints`);
        }
        if (sizes.length !== 2 || !sizes.includes(q) || !sizes.includes(7))
          bad.push(`${days}d/${period}s: calls of ${sizes.join(', ')}, expected ${q} and 7`);
      }
    }
    expect(bad).toEqual([]);
  });
});
