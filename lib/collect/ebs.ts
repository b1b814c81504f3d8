/**
 * EBS: volumes and attachments (DescribeVolumes, 500 per page). Queues BurstBalance for burst-credit
 * volumes and read/write ops for provisioned-IOPS volumes, the series the EBS checks read; and read/write ops
 * for magnetic (standard) volumes, whose I/O requests are billed (the magnetic -> gp3 saving, lib/pricing).
 */
import { EC2Client, paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import type { EbsVolume } from '#lib/model/index.js';
import { guard } from './errors.js';
import { partitionOf, tagsOf } from './ec2.js';
import type { Collector, CollectorContext } from './types.js';

/** SDK model max for DescribeVolumes MaxResults (reference.md). */
export const DESCRIBE_VOLUMES_PAGE = 500;

/** Volume types with burst credits: BurstBalance tells whether the baseline is enough (AWS EBS docs). */
const BURST_TYPES = new Set(['gp2', 'st1', 'sc1']);
/** Volume types with provisioned IOPS: ops vs provisioned IOPS gives utilization. */
const PIOPS_TYPES = new Set(['io1', 'io2', 'gp3']);
/** Magnetic volumes are billed per I/O request: their ops price the move to gp3. */
const OPS_TYPES = new Set([...PIOPS_TYPES, 'standard']);
const HOUR = 3600;

function normalizeVolume(v: Volume, ctx: Pick<CollectorContext, 'region' | 'accountId'>): EbsVolume {
  const tags = tagsOf(v.Tags);
  const id = v.VolumeId ?? '';
  return {
    volumeId: id,
    arn: `arn:${partitionOf(ctx.region)}:ec2:${ctx.region}:${ctx.accountId}:volume/${id}`,
    ...(tags.Name ? { name: tags.Name } : {}),
    volumeType: v.VolumeType ?? 'unknown',
    sizeGiB: v.Size ?? 0,
    ...(v.Iops !== undefined ? { iops: v.Iops } : {}),
    ...(v.Throughput !== undefined ? { throughputMiBps: v.Throughput } : {}),
    state: v.State ?? 'unknown',
    attachments: (v.Attachments ?? [])
      .filter((a) => a.InstanceId)
      .map((a) => ({
        instanceId: a.InstanceId as string,
        ...(a.Device ? { device: a.Device } : {}),
        ...(a.State ? { state: a.State } : {}),
      })),
    ...(v.CreateTime ? { createTime: new Date(v.CreateTime).toISOString() } : {}),
    ...(v.Encrypted !== undefined ? { encrypted: v.Encrypted } : {}),
    tags,
  };
}

async function listVolumes(ctx: CollectorContext): Promise<EbsVolume[]> {
  const client = ctx.clients.get(EC2Client);
  const out: EbsVolume[] = [];
  for await (const page of paginateDescribeVolumes({ client, pageSize: DESCRIBE_VOLUMES_PAGE }, {})) {
    for (const v of page.Volumes ?? []) if (v.VolumeId) out.push(normalizeVolume(v, ctx));
  }
  return out;
}

function queueMetrics(ctx: CollectorContext, volumes: readonly EbsVolume[]): void {
  for (const v of volumes) {
    if (v.state !== 'in-use') continue; // detached volumes publish no I/O metrics
    const dimensions = { VolumeId: v.volumeId };
    const m = (metricName: string, stat: string) =>
      ctx.metrics.request({ namespace: 'AWS/EBS', metricName, dimensions, stat, periodSeconds: HOUR });
    if (BURST_TYPES.has(v.volumeType)) m('BurstBalance', 'Average');
    if (OPS_TYPES.has(v.volumeType)) {
      m('VolumeReadOps', 'Sum');
      m('VolumeWriteOps', 'Sum');
    }
  }
}

export const ebsCollector: Collector = {
  service: 'ebs',
  iamActions: ['ec2:DescribeVolumes'],
  async collect(ctx) {
    const volumes = await guard(
      ctx,
      { service: 'ebs', slice: 'ebs.volumes', action: 'ec2:DescribeVolumes' },
      () => listVolumes(ctx),
    );
    queueMetrics(ctx, volumes ?? []);
    return { ebs: { volumes: volumes ?? [] } };
  },
};
