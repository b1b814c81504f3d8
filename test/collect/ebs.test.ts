import { describe, expect, it } from 'vitest';
import { ebsCollector } from '#lib/collect/ebs.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';

function context(scale = 1) {
  const account = createSimulatedAccount({ scale });
  const ctx = simCollectorContext(account, 'eu-west-1');
  ctx.clients = createClientFactory({
    region: 'eu-west-1',
    simulator: account,
    limiter: new RateLimiter(),
    allowedActions: new Set(ebsCollector.iamActions),
  });
  return { account, ctx };
}

describe('ebsCollector', () => {
  it('lists volumes with attachments, normalized', async () => {
    const { account, ctx } = context();
    const out = await ebsCollector.collect(ctx);
    const volumes = out.ebs?.volumes ?? [];
    expect(volumes).toHaveLength(45);
    const io1 = volumes.find((v) => v.volumeType === 'io1' && v.name === 'legacy-db-data');
    expect(io1).toMatchObject({ sizeGiB: 400, iops: 2000, state: 'in-use' });
    expect(io1?.attachments[0]).toMatchObject({ device: '/dev/sdf', state: 'attached' });
    expect(io1?.arn).toBe(`arn:aws:ec2:eu-west-1:${account.accountId}:volume/${io1?.volumeId}`);
    const gp3 = volumes.find((v) => v.volumeType === 'gp3');
    expect(gp3?.throughputMiBps).toBe(125);
    const available = volumes.filter((v) => v.state === 'available');
    expect(available.length).toBeGreaterThan(0);
    expect(available.every((v) => v.attachments.length === 0)).toBe(true);
    expect(ctx.gaps).toEqual([]);
  });

  it('pages DescribeVolumes at 500', async () => {
    const { account, ctx } = context(30); // 1,350 volumes
    const out = await ebsCollector.collect(ctx);
    const n = out.ebs?.volumes.length ?? 0;
    expect(n).toBe(1350);
    const calls = account.callsTo('DescribeVolumesCommand');
    expect(calls).toHaveLength(Math.ceil(n / 500));
    expect(calls.every((c) => c.input.MaxResults === 500)).toBe(true);
  });

  it('queues BurstBalance for in-use burst volumes and read/write ops for provisioned-IOPS and magnetic volumes', async () => {
    const { ctx } = context();
    const out = await ebsCollector.collect(ctx);
    const volumes = out.ebs?.volumes ?? [];
    const inUse = (types: string[]) =>
      volumes.filter((v) => v.state === 'in-use' && types.includes(v.volumeType));
    const burst = ctx.requested.filter((r) => r.metricName === 'BurstBalance');
    expect(burst.map((r) => r.dimensions.VolumeId).sort()).toEqual(
      inUse(['gp2', 'st1', 'sc1'])
        .map((v) => v.volumeId)
        .sort(),
    );
    expect(
      burst.every((r) => r.stat === 'Average' && r.periodSeconds === 3600 && r.namespace === 'AWS/EBS'),
    ).toBe(true);
    const reads = ctx.requested.filter((r) => r.metricName === 'VolumeReadOps');
    const writes = ctx.requested.filter((r) => r.metricName === 'VolumeWriteOps');
    // Magnetic (standard) volumes too: their I/O requests are billed (the magnetic -> gp3 saving).
    const piops = inUse(['io1', 'io2', 'gp3', 'standard'])
      .map((v) => v.volumeId)
      .sort();
    expect(inUse(['standard']).length).toBeGreaterThan(0);
    expect(reads.map((r) => r.dimensions.VolumeId).sort()).toEqual(piops);
    expect(writes.map((r) => r.dimensions.VolumeId).sort()).toEqual(piops);
    expect(reads.every((r) => r.stat === 'Sum' && r.periodSeconds === 3600)).toBe(true);
    expect(ctx.requested).toHaveLength(burst.length + reads.length + writes.length);
  });
});
