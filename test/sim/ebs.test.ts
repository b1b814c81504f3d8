import { describe, expect, it } from 'vitest';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { ebsSimState } from '#lib/sim/ebs.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';
import { metricWindow } from '#lib/collect/unit.js';

const REGION = 'eu-west-1';

describe('EBS simulation: volumes', () => {
  it('holds 45 volumes per busy region at scale 1, mostly gp2, attached and available', () => {
    const account = createSimulatedAccount();
    const volumes = ebsSimState(account, REGION).volumes;
    expect(volumes).toHaveLength(45);
    const count = (t: string) => volumes.filter((v) => v.VolumeType === t).length;
    for (const t of ['gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']) expect(count(t)).toBeGreaterThan(0);
    expect(count('gp2')).toBeGreaterThan(volumes.length / 2);
    expect(volumes.filter((v) => v.State === 'available').length).toBeGreaterThan(0);
    expect(ebsSimState(account, 'eu-central-1').volumes).toHaveLength(0);
    expect(ebsSimState(createSimulatedAccount({ scale: 2 }), REGION).volumes).toHaveLength(90);
  });

  it('attachments and the instances block device mappings agree', () => {
    const account = createSimulatedAccount();
    const byId = new Map(ebsSimState(account, REGION).volumes.map((v) => [v.VolumeId, v]));
    for (const i of ec2SimState(account, REGION).instances) {
      for (const m of i.BlockDeviceMappings ?? []) {
        const v = byId.get(m.Ebs?.VolumeId);
        expect(v?.State).toBe('in-use');
        expect(v?.Attachments?.[0]).toMatchObject({ InstanceId: i.InstanceId, Device: m.DeviceName });
      }
    }
  });

  it('DescribeVolumes pages with MaxResults 5..500', async () => {
    const account = createSimulatedAccount({ scale: 12 }); // 540 volumes
    const client = simClientFactory(account, REGION).get(EC2Client);
    const first = await client.send(new DescribeVolumesCommand({ MaxResults: 500 }));
    expect(first.Volumes).toHaveLength(500);
    const rest = await client.send(
      new DescribeVolumesCommand({ MaxResults: 500, NextToken: first.NextToken }),
    );
    expect(rest.Volumes).toHaveLength(40);
    expect(rest.NextToken).toBeUndefined();
    await expect(client.send(new DescribeVolumesCommand({ MaxResults: 501 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    const gp2 = await client.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'volume-type', Values: ['gp2'] }] }),
    );
    expect(gp2.Volumes?.every((v) => v.VolumeType === 'gp2')).toBe(true);
  });
});

describe('EBS simulation: metrics', () => {
  const account = createSimulatedAccount();
  const w = metricWindow(account.options.now, 14);
  const burst = (id: string) =>
    account
      .metricValues(
        {
          namespace: 'AWS/EBS',
          metricName: 'BurstBalance',
          dimensions: { VolumeId: id },
          stat: 'Average',
          periodSeconds: 3600,
          start: w.start,
          end: w.end,
        },
        REGION,
      )
      .filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)); // null or NaN: no data
  const instances = new Map(ec2SimState(account, REGION).instances.map((i) => [i.InstanceId, i]));
  const gp2Running = ebsSimState(account, REGION).volumes.filter(
    (v) =>
      v.VolumeType === 'gp2' &&
      v.State === 'in-use' &&
      instances.get(v.Attachments?.[0]?.InstanceId)?.State?.Name === 'running',
  );

  it('BurstBalance: stable near 100 for most gp2, depleting below 20 for a few, one down to 0', () => {
    const withData = gp2Running.map((v) => burst(v.VolumeId as string)).filter((s) => s.length > 0);
    const depleting = withData.filter((s) => (s[s.length - 1] as number) < 20);
    const stable = withData.filter((s) => Math.min(...s) >= 90);
    expect(depleting.length).toBeGreaterThanOrEqual(2);
    expect(depleting.length).toBeLessThanOrEqual(4);
    expect(stable.length).toBeGreaterThan(withData.length / 2);
    expect(depleting.some((s) => Math.min(...s) === 0)).toBe(true);
    for (const s of depleting) expect(s[0]).toBeGreaterThan(90);
  });

  it('large gp2 (baseline above the burst rate) and detached volumes publish no BurstBalance', () => {
    const big = gp2Running.find((v) => (v.Size ?? 0) >= 1000);
    expect(big).toBeDefined();
    expect(burst(big?.VolumeId as string)).toEqual([]);
    const detached = ebsSimState(account, REGION).volumes.find(
      (v) => v.State === 'available' && v.VolumeType === 'gp2',
    );
    expect(burst(detached?.VolumeId as string)).toEqual([]);
  });

  it('read + write ops stay within provisioned IOPS; the busy io1 runs above 90%', () => {
    const io1 = ebsSimState(account, REGION).volumes.find((v) => v.VolumeType === 'io1' && v.Iops === 2000);
    const ops = (m: string) =>
      account
        .metricValues(
          {
            namespace: 'AWS/EBS',
            metricName: m,
            dimensions: { VolumeId: io1?.VolumeId as string },
            stat: 'Sum',
            periodSeconds: 3600,
            start: w.start,
            end: w.end,
          },
          REGION,
        )
        .filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)); // null or NaN: no data
    const r = ops('VolumeReadOps');
    const wr = ops('VolumeWriteOps');
    expect(r).toHaveLength(336);
    const util = r.map((v, i) => (v + (wr[i] ?? 0)) / 3600 / 2000);
    expect(Math.max(...util)).toBeLessThanOrEqual(1);
    expect(util.reduce((a, b) => a + b, 0) / util.length).toBeGreaterThan(0.9);
  });
});
