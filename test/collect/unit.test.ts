import { describe, expect, it } from 'vitest';
import { collectUnit, metricWindow } from '#lib/collect/unit.js';
import { createClientFactory, UndeclaredActionError } from '#lib/collect/clients.js';
import { queriesPerCall } from '#lib/collect/metrics.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import type { Collector } from '#lib/collect/types.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import type { SimOptions } from '#lib/sim/core.js';
import { metricKey, SNAPSHOT_SCHEMA_VERSION, type ServiceName } from '#lib/model/index.js';

const REGION = 'eu-west-1';

function setup(opts: Partial<SimOptions> = {}, allowed?: ServiceName[]) {
  const account = createSimulatedAccount(opts);
  const clients = createClientFactory({
    region: REGION,
    simulator: account,
    limiter: new RateLimiter(),
    ...(allowed ? { allowedActions: new Set(requiredIamActions(allowed)) } : {}),
  });
  const unit = { accountId: account.accountId, region: REGION, global: false };
  return { account, clients, unit, base: { scanId: 'scan-1', clients, now: account.options.now } };
}

describe('metricWindow', () => {
  it('covers the last whole UTC days before now', () => {
    const w = metricWindow(new Date('2026-11-22T06:35:00Z'), 14);
    expect(w.end.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(w.start.toISOString()).toBe('2026-11-08T00:00:00.000Z');
  });
});

describe('collectUnit', () => {
  it('runs collector follow-ups after the metrics: reserved concurrency of the throttled Lambda functions only', async () => {
    const { account, unit, base } = setup({}, ['lambda']);
    const snap = await collectUnit(unit, { ...base, services: ['lambda'] });
    const fns = snap.lambda?.functions ?? [];
    // The two simulated functions that throttle: one with a reservation, one without; nobody else is read.
    expect(fns.find((f) => f.functionName === 'report-builder')?.reservedConcurrency).toBe(6);
    expect(fns.find((f) => f.functionName === 'ingest-worker')?.reservedConcurrency).toBeNull();
    expect(fns.filter((f) => f.reservedConcurrency !== undefined)).toHaveLength(2);
    expect(account.callsTo('GetFunctionConcurrencyCommand')).toHaveLength(2);
    expect(snap.gaps).toEqual([]);
  });

  it('returns the EC2 and EBS slices, metric summaries and stats of a simulated unit', async () => {
    const { account, unit, base } = setup({}, ['ec2', 'ebs']);
    const snap = await collectUnit(unit, { ...base, services: ['ec2', 'ebs'] });
    expect(snap).toMatchObject({
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      scanId: 'scan-1',
      accountId: account.accountId,
      region: REGION,
      globalUnit: false,
      services: ['ec2', 'ebs'],
      gaps: [],
      window: { start: '2026-11-08T00:00:00.000Z', end: '2026-11-22T00:00:00.000Z', days: 14 },
    });
    expect(snap.ec2?.instances.length).toBe(29);
    expect(snap.ebs?.volumes.length).toBe(45);
    for (const k of [
      'rds',
      'lambda',
      'cloudfront',
      'vpc',
      'autoscaling',
      'elasticache',
      'cloudwatch',
      'computeOptimizer',
    ] as const) {
      expect(snap[k]).toBeUndefined();
    }
    expect(Object.keys(snap.metrics)).toHaveLength(snap.stats.metricQueries);
    const running = snap.ec2?.instances.find((i) => i.name === 'legacy-app');
    const cpu =
      snap.metrics[
        metricKey({
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          stat: 'Average',
          periodSeconds: 3600,
          dimensions: { InstanceId: running?.instanceId ?? '' },
        })
      ];
    expect(cpu).toMatchObject({ datapoints: 336, expectedDatapoints: 336, windowDays: 14 });
    expect(cpu?.dailyMeans).toHaveLength(14);
    expect(snap.stats.apiCalls).toEqual({
      'ec2:DescribeInstances': 1,
      'ec2:DescribeInstanceTypes': 2,
      'ec2:DescribeVolumes': 1,
      'cloudwatch:GetMetricData': snap.stats.getMetricDataCalls,
    });
    expect(snap.stats).toMatchObject({ throttles: 0, retries: 0 });
    expect(snap.stats.durationMs).toBeGreaterThan(0);
    expect(account.callsTo('GetMetricStatisticsCommand')).toHaveLength(0);
  });

  it('batches a large unit into ceil(series/q) GetMetricData calls per period, never GetMetricStatistics', async () => {
    const { account, unit, base } = setup({ scale: 20 });
    const snap = await collectUnit(unit, { ...base, services: ['ec2'] });
    const running = snap.ec2?.instances.filter((i) => i.state === 'running').length ?? 0;
    expect(running).toBeGreaterThan(500);
    const window = 14 * 86_400;
    // Per running instance: 2 hourly CPU series (q=300) and 2 daily network series (q=500).
    const expected =
      Math.ceil((2 * running) / queriesPerCall(3600, window)) +
      Math.ceil((2 * running) / queriesPerCall(86_400, window));
    expect(snap.stats.getMetricDataCalls).toBe(expected);
    expect(account.callsTo('GetMetricDataCommand')).toHaveLength(expected);
    expect(account.callsTo('GetMetricStatisticsCommand')).toHaveLength(0);
    expect(snap.stats.metricQueries).toBe(4 * running);
  });

  it('a throttle is retried and counted; an always-denied call becomes a gap and the rest is still collected', async () => {
    const { unit, base } = setup({
      faults: [
        { commandName: 'DescribeVolumesCommand', kind: 'throttle', times: 1 },
        { commandName: 'DescribeInstanceTypesCommand', kind: 'accessDenied', times: Infinity },
      ],
    });
    const snap = await collectUnit(unit, { ...base, services: ['ec2', 'ebs'] });
    expect(snap.stats.throttles).toBe(1);
    expect(snap.stats.retries).toBe(1);
    expect(snap.ebs?.volumes.length).toBe(45);
    expect(snap.ec2?.instances.length).toBe(29);
    expect(Object.keys(snap.metrics).length).toBeGreaterThan(100);
    expect(snap.gaps.length).toBeGreaterThan(0);
    for (const g of snap.gaps) {
      expect(g).toMatchObject({
        slice: 'ec2.instanceTypes',
        code: 'AccessDenied',
        action: 'ec2:DescribeInstanceTypes',
      });
      expect(g.hint).toBe('grant ec2:DescribeInstanceTypes to the scanning role (see docs/iam-policy.json)');
    }
  });

  it('a collector that throws costs a gap on its whole service; UndeclaredActionError rejects the unit', async () => {
    const broken: Collector = {
      service: 'rds',
      iamActions: [],
      collect: async () => {
        throw new Error('bug in a collector');
      },
    };
    const { unit, base } = setup();
    const snap = await collectUnit(unit, { ...base, services: ['ebs', 'rds'], collectors: { rds: broken } });
    expect(snap.ebs?.volumes.length).toBe(45);
    expect(snap.rds).toBeUndefined();
    expect(snap.gaps).toEqual([expect.objectContaining({ service: 'rds', slice: 'rds', code: 'Error' })]);

    const { unit: u2, base: b2 } = setup({}, ['ebs']); // DescribeInstances not declared for ebs
    await expect(collectUnit(u2, { ...b2, services: ['ec2'] })).rejects.toBeInstanceOf(UndeclaredActionError);
  });

  it('runs global collectors only in the global unit', async () => {
    const calls: string[] = [];
    const globalCollector: Collector = {
      service: 'cloudfront',
      iamActions: [],
      global: true,
      collect: async (ctx) => {
        calls.push(ctx.region);
        return { cloudfront: { distributions: [] } };
      },
    };
    const { unit, base } = setup();
    const regional = await collectUnit(unit, {
      ...base,
      services: ['cloudfront'],
      collectors: { cloudfront: globalCollector },
    });
    expect(regional.services).toEqual([]);
    expect(regional.cloudfront).toBeUndefined();
    const global = await collectUnit(
      { ...unit, global: true },
      { ...base, services: ['cloudfront'], collectors: { cloudfront: globalCollector } },
    );
    expect(global.services).toEqual(['cloudfront']);
    expect(global.cloudfront).toEqual({ distributions: [] });
    expect(calls).toEqual([REGION]);
  });
});
