import { describe, expect, it } from 'vitest';
import { ec2Collector } from '#lib/collect/ec2.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import type { SimFault, SimOptions } from '#lib/sim/core.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';

function context(opts: Partial<SimOptions> & { faults?: SimFault[] } = {}, region = 'eu-west-1') {
  const account = createSimulatedAccount(opts);
  const ctx = simCollectorContext(account, region);
  // The production factory, restricted to the collector's declared actions.
  ctx.clients = createClientFactory({
    region,
    simulator: account,
    limiter: new RateLimiter(),
    allowedActions: new Set(ec2Collector.iamActions),
  });
  return { account, ctx };
}

describe('ec2Collector', () => {
  it('lists live instances, normalized, with facts for the types in use only', async () => {
    const { account, ctx } = context();
    const out = await ec2Collector.collect(ctx);
    const ec2 = out.ec2;
    if (!ec2) throw new Error('no ec2 slice');
    const all = ec2SimState(account, 'eu-west-1').instances;
    const live = all.filter((i) => !['terminated', 'shutting-down'].includes(i.State?.Name ?? ''));
    expect(ec2.instances.map((i) => i.instanceId).sort()).toEqual(live.map((i) => i.InstanceId).sort());
    expect(ec2.instances.some((i) => i.state === 'terminated')).toBe(false);

    const web = ec2.instances.find((i) => i.autoScalingGroup === 'web-asg');
    expect(web).toMatchObject({
      name: 'web',
      instanceType: 'm5.large',
      architecture: 'x86_64',
      ebsOptimized: true,
      state: 'running',
    });
    expect(web?.arn).toBe(`arn:aws:ec2:eu-west-1:${account.accountId}:instance/${web?.instanceId}`);
    expect(web?.tags['aws:autoscaling:groupName']).toBe('web-asg');
    expect(ec2.instances.find((i) => i.name === 'batch-spot')?.lifecycle).toBe('spot');
    expect(ec2.instances.find((i) => i.name === 'sql-win')?.platform).toBe('windows');
    expect(ec2.instances.find((i) => i.name === 'compute')?.architecture).toBe('arm64');
    expect(ec2.instances.find((i) => i.name === 'bastion')?.launchTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const inUse = [...new Set(ec2.instances.map((i) => i.instanceType))].sort();
    expect(Object.keys(ec2.instanceTypes).sort()).toEqual(inUse);
    expect(ec2.instanceTypes['m4.large']).toMatchObject({
      currentGeneration: false,
      architectures: ['x86_64'],
      vcpus: 2,
      memoryMiB: 8192,
    });
    expect(ec2.instanceTypes['m7g.large']).toMatchObject({
      currentGeneration: true,
      architectures: ['arm64'],
    });
    expect(ec2.instanceTypes['t3.medium']).toMatchObject({
      burstable: true,
      ebsOptimizedSupport: 'default',
      ebsMaxBandwidthMbps: 2085,
    });
    expect(ec2.gravitonFamilies).toEqual(['c6g', 'c7g', 'm6g', 'm7g', 'r6g', 'r7g', 't4g']);
    expect(ctx.gaps).toEqual([]);
  });

  it('pages at the maximum sizes: 1,000 instances, 100 types; names lists without MaxResults', async () => {
    const { account, ctx } = context({ scale: 40 }); // 1,200 instances
    const out = await ec2Collector.collect(ctx);
    const live = out.ec2?.instances.length ?? 0;
    expect(live).toBeGreaterThan(1000);
    const calls = account.callsTo('DescribeInstancesCommand');
    expect(calls).toHaveLength(Math.ceil(live / 1000));
    for (const c of calls) {
      expect(c.input.MaxResults).toBe(1000);
      expect(c.input.Filters).toEqual([
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ]);
    }
    const typeCalls = account.callsTo('DescribeInstanceTypesCommand');
    const byName = typeCalls.filter((c) => c.input.InstanceTypes);
    const graviton = typeCalls.filter((c) => c.input.Filters);
    expect(byName).toHaveLength(1);
    expect(byName[0]?.input.MaxResults).toBeUndefined();
    expect((byName[0]?.input.InstanceTypes as string[]).length).toBe(
      Object.keys(out.ec2?.instanceTypes ?? {}).length,
    );
    expect(graviton.every((c) => c.input.MaxResults === 100)).toBe(true);
  });

  it('queues CPU (hourly Average and Maximum) and daily network sums for running instances only', async () => {
    const { ctx } = context();
    const out = await ec2Collector.collect(ctx);
    const running = out.ec2?.instances.filter((i) => i.state === 'running') ?? [];
    const stopped = out.ec2?.instances.filter((i) => i.state === 'stopped') ?? [];
    expect(stopped.length).toBeGreaterThan(0);
    expect(ctx.requested).toHaveLength(running.length * 4);
    const forFirst = ctx.requested.filter((r) => r.dimensions.InstanceId === running[0]?.instanceId);
    expect(forFirst.map((r) => `${r.metricName}/${r.stat}/${r.periodSeconds}`).sort()).toEqual([
      'CPUUtilization/Average/3600',
      'CPUUtilization/Maximum/3600',
      'NetworkIn/Sum/86400',
      'NetworkOut/Sum/86400',
    ]);
    expect(ctx.requested.some((r) => r.dimensions.InstanceId === stopped[0]?.instanceId)).toBe(false);
  });

  it('declares exactly the actions it calls', async () => {
    const { account, ctx } = context();
    await ec2Collector.collect(ctx);
    const called = new Set(account.calls.map((c) => `ec2:${c.commandName.replace(/Command$/, '')}`));
    expect([...called].sort()).toEqual([...ec2Collector.iamActions].sort());
    expect(requiredIamActions(['ec2'])).toEqual(expect.arrayContaining([...ec2Collector.iamActions]));
  });

  it('an always-denied DescribeInstanceTypes becomes a gap with action and hint; instances are still collected', async () => {
    const { ctx } = context({
      faults: [{ commandName: 'DescribeInstanceTypesCommand', kind: 'accessDenied', times: Infinity }],
    });
    const out = await ec2Collector.collect(ctx);
    expect(out.ec2?.instances.length).toBeGreaterThan(20);
    expect(out.ec2?.instanceTypes).toEqual({});
    expect(ctx.gaps.length).toBeGreaterThanOrEqual(1);
    for (const g of ctx.gaps) {
      expect(g).toMatchObject({
        service: 'ec2',
        slice: 'ec2.instanceTypes',
        code: 'AccessDenied',
        action: 'ec2:DescribeInstanceTypes',
      });
      expect(g.hint).toContain('grant ec2:DescribeInstanceTypes');
    }
  });

  it('an empty region costs one call and queues nothing', async () => {
    const { account, ctx } = context({}, 'eu-central-1');
    const out = await ec2Collector.collect(ctx);
    expect(out.ec2).toEqual({ instances: [], instanceTypes: {}, gravitonFamilies: [] });
    expect(account.calls.map((c) => c.commandName)).toEqual(['DescribeInstancesCommand']);
    expect(ctx.requested).toEqual([]);
  });
});
