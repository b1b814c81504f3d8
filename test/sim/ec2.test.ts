import { describe, expect, it } from 'vitest';
import {
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeRegionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createSimulatedAccount } from '#lib/sim/index.js';
import type { SimOptions } from '#lib/sim/core.js';
import { ec2SimArchetype, ec2SimState } from '#lib/sim/ec2.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';
import { metricWindow } from '#lib/collect/unit.js';

const REGION = 'eu-west-1';

function ec2(opts: Partial<SimOptions> = {}, region = REGION) {
  const account = createSimulatedAccount(opts);
  return { account, client: simClientFactory(account, region).get(EC2Client) };
}

describe('EC2 simulation: inventory', () => {
  it('holds ~30 instances per busy region at scale 1, N times as many at scale N, none in quiet regions', () => {
    const account = createSimulatedAccount();
    expect(ec2SimState(account, REGION).instances).toHaveLength(30);
    expect(ec2SimState(account, 'us-east-1').instances).toHaveLength(30);
    expect(ec2SimState(account, 'eu-central-1').instances).toHaveLength(0);
    expect(ec2SimState(createSimulatedAccount({ scale: 3 }), REGION).instances).toHaveLength(90);
  });

  it('is deterministic from the seed', () => {
    const ids = (seed: number) =>
      ec2SimState(createSimulatedAccount({ seed }), REGION).instances.map((i) => i.InstanceId);
    expect(ids(7)).toEqual(ids(7));
    expect(ids(7)).not.toEqual(ids(8));
  });

  it('mixes previous-generation, Graviton-able x86, Graviton, ASG, spot, Windows, stopped and terminated instances', () => {
    const { instances, instanceTypes } = ec2SimState(createSimulatedAccount(), REGION);
    const typeOf = new Map(instanceTypes.map((t) => [t.InstanceType, t]));
    const states = instances.map((i) => i.State?.Name);
    expect(states.filter((s) => s === 'running').length).toBeGreaterThanOrEqual(25);
    expect(states).toContain('stopped');
    expect(states).toContain('terminated');
    expect(instances.some((i) => typeOf.get(i.InstanceType)?.CurrentGeneration === false)).toBe(true);
    expect(instances.some((i) => i.Architecture === 'arm64')).toBe(true);
    expect(instances.some((i) => i.InstanceLifecycle === 'spot')).toBe(true);
    expect(instances.some((i) => i.PlatformDetails === 'Windows')).toBe(true);
    expect(
      instances.filter((i) => i.Tags?.some((t) => t.Key === 'aws:autoscaling:groupName')).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('DescribeInstances honours MaxResults 5..1000, NextToken and instance-state-name filters', async () => {
    const { client } = ec2({ scale: 2 });
    const first = await client.send(new DescribeInstancesCommand({ MaxResults: 25 }));
    expect(first.Reservations).toHaveLength(25);
    expect(first.NextToken).toBeDefined();
    const second = await client.send(
      new DescribeInstancesCommand({ MaxResults: 25, NextToken: first.NextToken }),
    );
    expect(second.Reservations).toHaveLength(25);
    expect(second.Reservations?.[0]?.Instances?.[0]?.InstanceId).not.toBe(
      first.Reservations?.[0]?.Instances?.[0]?.InstanceId,
    );
    const third = await client.send(
      new DescribeInstancesCommand({ MaxResults: 25, NextToken: second.NextToken }),
    );
    expect(third.Reservations).toHaveLength(10);
    expect(third.NextToken).toBeUndefined();

    await expect(client.send(new DescribeInstancesCommand({ MaxResults: 1001 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(client.send(new DescribeInstancesCommand({ MaxResults: 4 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(
      client.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: ['i-1'] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });

    const running = await client.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }),
    );
    const names = running.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name);
    expect(new Set(names)).toEqual(new Set(['running']));
    await expect(
      client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('DescribeInstanceTypes: a catalogue with live generation and architecture facts, filters, names and page caps', async () => {
    const { client } = ec2();
    const all = await client.send(new DescribeInstanceTypesCommand({ MaxResults: 100 }));
    const types = all.InstanceTypes ?? [];
    expect(types.length).toBeGreaterThanOrEqual(40);
    const byName = new Map(types.map((t) => [t.InstanceType as string, t]));
    for (const prev of ['m3.medium', 'i2.xlarge', 'm4.large', 'c4.large', 'r4.large'])
      expect(byName.get(prev)?.CurrentGeneration).toBe(false);
    for (const cur of ['m5.large', 'm6i.large', 'c7i.large', 'm7g.large', 't4g.micro'])
      expect(byName.get(cur)?.CurrentGeneration).toBe(true);
    expect(byName.get('m5.large')).toMatchObject({
      VCpuInfo: { DefaultVCpus: 2 },
      MemoryInfo: { SizeInMiB: 8192 },
      BurstablePerformanceSupported: false,
    });
    expect(byName.get('t3.medium')?.BurstablePerformanceSupported).toBe(true);
    expect(byName.get('c4.large')?.EbsInfo?.EbsOptimizedSupport).toBe('default');

    const arm = await client.send(
      new DescribeInstanceTypesCommand({
        Filters: [{ Name: 'processor-info.supported-architecture', Values: ['arm64'] }],
        MaxResults: 5,
      }),
    );
    expect(arm.InstanceTypes).toHaveLength(5);
    expect(arm.NextToken).toBeDefined();
    expect(arm.InstanceTypes?.every((t) => t.ProcessorInfo?.SupportedArchitectures?.includes('arm64'))).toBe(
      true,
    );

    const named = await client.send(
      new DescribeInstanceTypesCommand({ InstanceTypes: ['m5.large', 'c7g.large'] }),
    );
    expect(named.InstanceTypes?.map((t) => t.InstanceType).sort()).toEqual(['c7g.large', 'm5.large']);
    await expect(client.send(new DescribeInstanceTypesCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(
      client.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['m5.large'], MaxResults: 10 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });
  });

  it('DescribeRegions answers the enabled regions; STS answers the account', async () => {
    const { account, client } = ec2({ enabledRegions: ['eu-west-1', 'us-east-1'] });
    const out = await client.send(new DescribeRegionsCommand({ AllRegions: false }));
    expect(out.Regions?.map((r) => r.RegionName)).toEqual(['eu-west-1', 'us-east-1']);
    const all = await client.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.find((r) => r.RegionName === 'ap-east-1')?.OptInStatus).toBe('not-opted-in');
    const sts = simClientFactory(account, REGION).get(STSClient);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(account.accountId);
  });
});

describe('EC2 simulation: metrics by archetype', () => {
  const account = createSimulatedAccount();
  const w = metricWindow(account.options.now, 14);
  const series = (id: string, metricName: string, stat: string, periodSeconds: number) =>
    account
      .metricValues(
        {
          namespace: 'AWS/EC2',
          metricName,
          dimensions: { InstanceId: id },
          stat,
          periodSeconds,
          start: w.start,
          end: w.end,
        },
        REGION,
      )
      .filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)); // null or NaN: no data
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const running = ec2SimState(account, REGION).instances.filter((i) => i.State?.Name === 'running');
  const of = (a: string) =>
    running
      .filter((i) => ec2SimArchetype(account, REGION, i.InstanceId as string) === a)
      .map((i) => i.InstanceId as string);

  it('has every archetype', () => {
    for (const a of ['idle', 'steady', 'saturated', 'spiky', 'new']) expect(of(a).length).toBeGreaterThan(0);
  });

  it('idle: average CPU 1-6% and under 5 MB of network a day', () => {
    for (const id of of('idle')) {
      const cpu = series(id, 'CPUUtilization', 'Average', 3600);
      expect(cpu).toHaveLength(336);
      expect(mean(cpu)).toBeGreaterThanOrEqual(1);
      expect(mean(cpu)).toBeLessThanOrEqual(6);
      const netIn = series(id, 'NetworkIn', 'Sum', 86_400);
      const netOut = series(id, 'NetworkOut', 'Sum', 86_400);
      expect(netIn).toHaveLength(14);
      netIn.forEach((v, i) => expect(v + (netOut[i] ?? 0)).toBeLessThan(5_000_000));
    }
  });

  it('steady 35-60%, saturated above 92%, spiky low average with hourly maxima above 95%', () => {
    for (const id of of('steady')) {
      const cpu = series(id, 'CPUUtilization', 'Average', 3600);
      expect(Math.min(...cpu)).toBeGreaterThanOrEqual(35);
      expect(Math.max(...cpu)).toBeLessThanOrEqual(60);
    }
    for (const id of of('saturated'))
      expect(mean(series(id, 'CPUUtilization', 'Average', 3600))).toBeGreaterThan(92);
    for (const id of of('spiky')) {
      expect(mean(series(id, 'CPUUtilization', 'Average', 3600))).toBeLessThan(25);
      expect(Math.max(...series(id, 'CPUUtilization', 'Maximum', 3600))).toBeGreaterThan(95);
    }
  });

  it('Maximum >= Average hour by hour, and 5-minute and daily periods are consistent', () => {
    const id = of('steady')[0] as string;
    const avg = series(id, 'CPUUtilization', 'Average', 3600);
    const max = series(id, 'CPUUtilization', 'Maximum', 3600);
    avg.forEach((v, i) => expect(max[i]).toBeGreaterThanOrEqual(v));
    expect(series(id, 'CPUUtilization', 'Average', 300)).toHaveLength(14 * 288);
    const daily = series(id, 'CPUUtilization', 'Average', 86_400);
    expect(daily).toHaveLength(14);
    expect(daily[0]).toBeCloseTo(mean(avg.slice(0, 24)), 3); // values are rounded to 4 decimals
  });

  it('new instances have no data; instances launched inside the window have partial data', () => {
    for (const id of of('new')) expect(series(id, 'CPUUtilization', 'Average', 3600)).toEqual([]);
    const recent = running.find(
      (i) =>
        (i.LaunchTime as Date).getTime() > w.start.getTime() &&
        ec2SimArchetype(account, REGION, i.InstanceId as string) !== 'new',
    );
    expect(recent).toBeDefined();
    const n = series(recent?.InstanceId as string, 'CPUUtilization', 'Average', 3600).length;
    expect(n).toBeGreaterThan(30);
    expect(n).toBeLessThan(336);
  });
});
