import { describe, expect, it } from 'vitest';
import { DescribeInstancesCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CallStats, createClientFactory, UndeclaredActionError } from '#lib/collect/clients.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import type { SimFault } from '#lib/sim/core.js';

function simFactory(
  faults: SimFault[] = [],
  extra: { allowedActions?: ReadonlySet<string>; maxAttempts?: number } = {},
) {
  const account = createSimulatedAccount({ faults });
  const clients = createClientFactory({
    region: 'eu-west-1',
    simulator: account,
    limiter: new RateLimiter(),
    ...extra,
  });
  return { account, clients };
}

describe('createClientFactory', () => {
  it('caches one client per class and region', () => {
    const { clients } = simFactory();
    expect(clients.get(EC2Client)).toBe(clients.get(EC2Client));
    expect(clients.get(EC2Client, 'us-east-1')).not.toBe(clients.get(EC2Client));
    expect(clients.get(CloudWatchClient)).not.toBe(clients.get(EC2Client) as unknown);
  });

  it('counts calls per IAM action', async () => {
    const { clients } = simFactory();
    const ec2 = clients.get(EC2Client);
    await ec2.send(new DescribeInstancesCommand({ MaxResults: 1000 }));
    await ec2.send(new DescribeVolumesCommand({ MaxResults: 500 }));
    await ec2.send(new DescribeVolumesCommand({ MaxResults: 500 }));
    expect(clients.stats.apiCalls).toEqual({ 'ec2:DescribeInstances': 1, 'ec2:DescribeVolumes': 2 });
    expect(clients.stats.total()).toBe(3);
    expect(clients.stats.attempts).toBe(3);
    expect(clients.stats.retries).toBe(0);
  });

  it('a throttling error from the simulator is retried by the SDK standard retry and counted', async () => {
    const { account, clients } = simFactory([
      { commandName: 'DescribeInstancesCommand', kind: 'throttle', times: 1 },
    ]);
    const out = await clients.get(EC2Client).send(new DescribeInstancesCommand({ MaxResults: 1000 }));
    expect(out.Reservations?.length).toBeGreaterThan(0);
    expect(out.$metadata.attempts).toBe(2);
    expect(account.callsTo('DescribeInstancesCommand').map((c) => c.fault)).toEqual(['throttle', undefined]);
    expect(clients.stats).toMatchObject({ throttles: 1, retries: 1, attempts: 2 });
    expect(clients.stats.apiCalls['ec2:DescribeInstances']).toBe(1); // one call, two attempts
  });

  it('stops after maxAttempts and reports the throttling error', async () => {
    const { clients } = simFactory(
      [{ commandName: 'DescribeVolumesCommand', kind: 'throttle', times: Infinity }],
      { maxAttempts: 2 },
    );
    await expect(clients.get(EC2Client).send(new DescribeVolumesCommand({}))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
    });
    expect(clients.stats).toMatchObject({ throttles: 2, retries: 1 });
  });

  it('tags errors with the IAM action and region for gap reporting', async () => {
    const { clients } = simFactory([
      { commandName: 'DescribeVolumesCommand', kind: 'accessDenied', times: 1 },
    ]);
    const err = await clients
      .get(EC2Client)
      .send(new DescribeVolumesCommand({}))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'UnauthorizedOperation',
      perfscanAction: 'ec2:DescribeVolumes',
      perfscanRegion: 'eu-west-1',
    });
  });

  it('refuses an undeclared action before sending it', async () => {
    const { account, clients } = simFactory([], { allowedActions: new Set(['ec2:DescribeInstances']) });
    const ec2 = clients.get(EC2Client);
    await ec2.send(new DescribeInstancesCommand({}));
    const err = await ec2.send(new DescribeVolumesCommand({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UndeclaredActionError);
    expect((err as UndeclaredActionError).action).toBe('ec2:DescribeVolumes');
    expect(account.callsTo('DescribeVolumesCommand')).toHaveLength(0);
    expect(clients.stats.apiCalls).toEqual({ 'ec2:DescribeInstances': 1 });
  });

  it('CallStats.since gives per-unit deltas', () => {
    const a = new CallStats();
    a.countCall('ec2:DescribeInstances');
    const before = a.clone();
    a.countCall('ec2:DescribeInstances');
    a.countCall('cloudwatch:GetMetricData');
    a.throttles = 2;
    expect(a.since(before)).toMatchObject({
      apiCalls: { 'ec2:DescribeInstances': 1, 'cloudwatch:GetMetricData': 1 },
      throttles: 2,
    });
  });
});
