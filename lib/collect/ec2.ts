/**
 * EC2: instances (DescribeInstances, 1,000 per page) and live facts about the instance types in use
 * (DescribeInstanceTypes: current generation, architectures, vCPU, memory, EBS limits), plus the families
 * that offer arm64 (Graviton) types in this region. Queues the CPU and network series the EC2 checks read.
 */
import {
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeInstanceTypes,
  type Instance,
  type InstanceTypeInfo as SdkInstanceTypeInfo,
} from '@aws-sdk/client-ec2';
import type { Ec2Instance, InstanceTypeInfo } from '#lib/model/index.js';
import { guard, toGap } from './errors.js';
import type { Collector, CollectorContext } from './types.js';

/** SDK model max for DescribeInstances MaxResults (reference.md); without MaxResults EC2 uses a smaller throttle bucket. */
export const DESCRIBE_INSTANCES_PAGE = 1000;
/** DescribeInstanceTypes: MaxResults max 100, and at most 100 names per InstanceTypes list. */
export const DESCRIBE_INSTANCE_TYPES_PAGE = 100;

/** Terminated and shutting-down instances are leaving: nothing to tune. */
const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];

const HOUR = 3600;
const DAY = 86_400;

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function tagsOf(
  tags: readonly { Key?: string; Value?: string }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

function normalizeInstance(i: Instance, ctx: Pick<CollectorContext, 'region' | 'accountId'>): Ec2Instance {
  const tags = tagsOf(i.Tags);
  const id = i.InstanceId ?? '';
  return {
    instanceId: id,
    arn: `arn:${partitionOf(ctx.region)}:ec2:${ctx.region}:${ctx.accountId}:instance/${id}`,
    ...(tags.Name ? { name: tags.Name } : {}),
    instanceType: i.InstanceType ?? 'unknown',
    state: i.State?.Name ?? 'unknown',
    ...(i.Architecture ? { architecture: i.Architecture } : {}),
    ...(i.Platform || i.PlatformDetails ? { platform: i.Platform ?? i.PlatformDetails } : {}),
    ...(i.LaunchTime ? { launchTime: new Date(i.LaunchTime).toISOString() } : {}),
    ...(i.EbsOptimized !== undefined ? { ebsOptimized: i.EbsOptimized } : {}),
    ...(tags['aws:autoscaling:groupName'] ? { autoScalingGroup: tags['aws:autoscaling:groupName'] } : {}),
    ...(i.InstanceLifecycle ? { lifecycle: i.InstanceLifecycle } : {}),
    tags,
  };
}

export function normalizeInstanceType(t: SdkInstanceTypeInfo): InstanceTypeInfo {
  const ebs = t.EbsInfo;
  return {
    instanceType: t.InstanceType ?? 'unknown',
    currentGeneration: t.CurrentGeneration === true,
    architectures: [...(t.ProcessorInfo?.SupportedArchitectures ?? [])],
    vcpus: t.VCpuInfo?.DefaultVCpus ?? 0,
    memoryMiB: t.MemoryInfo?.SizeInMiB ?? 0,
    ...(t.BurstablePerformanceSupported !== undefined ? { burstable: t.BurstablePerformanceSupported } : {}),
    ...(ebs?.EbsOptimizedSupport ? { ebsOptimizedSupport: ebs.EbsOptimizedSupport } : {}),
    ...(ebs?.EbsOptimizedInfo?.MaximumBandwidthInMbps !== undefined
      ? { ebsMaxBandwidthMbps: ebs.EbsOptimizedInfo.MaximumBandwidthInMbps }
      : {}),
    ...(t.NetworkInfo?.NetworkPerformance ? { networkPerformance: t.NetworkInfo.NetworkPerformance } : {}),
  };
}

async function listInstances(ctx: CollectorContext): Promise<Ec2Instance[]> {
  const client = ctx.clients.get(EC2Client);
  const out: Ec2Instance[] = [];
  const pages = paginateDescribeInstances(
    { client, pageSize: DESCRIBE_INSTANCES_PAGE },
    { Filters: [{ Name: 'instance-state-name', Values: LIVE_STATES }] },
  );
  for await (const page of pages) {
    for (const r of page.Reservations ?? []) {
      for (const i of r.Instances ?? []) {
        // The filter already excludes them; kept as a guard for emulators that ignore filters.
        if (!i.InstanceId || !LIVE_STATES.includes(i.State?.Name ?? '')) continue;
        out.push(normalizeInstance(i, ctx));
      }
    }
  }
  return out;
}

/** Where a DescribeInstanceTypes failure is recorded. */
const TYPES_WHERE = {
  service: 'ec2',
  slice: 'ec2.instanceTypes',
  action: 'ec2:DescribeInstanceTypes',
} as const;

/**
 * Facts for exactly the types in use: InstanceTypes lists of <= 100 names (no MaxResults with a name list).
 * A failed list costs only its types: the gap names the instances of those types, so checks still judge
 * every other instance. When every list failed the slice is missing as a whole (a gap with no resource list).
 */
async function describeTypes(
  ctx: CollectorContext,
  instances: readonly Ec2Instance[],
  types: string[],
): Promise<Record<string, InstanceTypeInfo>> {
  const client = ctx.clients.get(EC2Client);
  const out: Record<string, InstanceTypeInfo> = {};
  const failed: { err: unknown; names: string[] }[] = [];
  let batches = 0;
  for (let i = 0; i < types.length; i += DESCRIBE_INSTANCE_TYPES_PAGE) {
    const names = types.slice(i, i + DESCRIBE_INSTANCE_TYPES_PAGE);
    batches++;
    try {
      for await (const page of paginateDescribeInstanceTypes(
        { client },
        { InstanceTypes: names as never[] },
      )) {
        for (const t of page.InstanceTypes ?? []) {
          const info = normalizeInstanceType(t);
          out[info.instanceType] = info;
        }
      }
    } catch (err) {
      toGap(err, TYPES_WHERE); // rethrows programming errors (undeclared action) at once
      failed.push({ err, names });
    }
  }
  const first = failed[0];
  if (first && failed.length === batches) throw first.err; // nothing described: the whole slice is missing
  for (const f of failed) {
    const names = new Set(f.names);
    const ids = instances.filter((x) => names.has(x.instanceType)).map((x) => x.instanceId);
    ctx.gap({ ...toGap(f.err, TYPES_WHERE), resources: ids, resourceCount: ids.length });
  }
  return out;
}

/** Families offering an arm64 type in this region (m7g.large -> m7g), from live data, not a list. */
async function gravitonFamilies(ctx: CollectorContext): Promise<string[]> {
  const client = ctx.clients.get(EC2Client);
  const families = new Set<string>();
  const pages = paginateDescribeInstanceTypes(
    { client, pageSize: DESCRIBE_INSTANCE_TYPES_PAGE },
    { Filters: [{ Name: 'processor-info.supported-architecture', Values: ['arm64'] }] },
  );
  for await (const page of pages) {
    for (const t of page.InstanceTypes ?? []) {
      const family = t.InstanceType?.split('.')[0];
      if (family) families.add(family);
    }
  }
  return [...families].sort();
}

function queueMetrics(ctx: CollectorContext, instances: readonly Ec2Instance[]): void {
  for (const i of instances) {
    if (i.state !== 'running') continue;
    const dimensions = { InstanceId: i.instanceId };
    const m = (metricName: string, stat: string, periodSeconds: number) =>
      ctx.metrics.request({ namespace: 'AWS/EC2', metricName, dimensions, stat, periodSeconds });
    m('CPUUtilization', 'Average', HOUR);
    m('CPUUtilization', 'Maximum', HOUR);
    // Trusted Advisor's low-utilization rule judges daily network I/O.
    m('NetworkIn', 'Sum', DAY);
    m('NetworkOut', 'Sum', DAY);
  }
}

export const ec2Collector: Collector = {
  service: 'ec2',
  iamActions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceTypes'],
  async collect(ctx) {
    const instances = await guard(
      ctx,
      { service: 'ec2', slice: 'ec2.instances', action: 'ec2:DescribeInstances' },
      () => listInstances(ctx),
    );
    const inUse = [...new Set((instances ?? []).map((i) => i.instanceType))].sort();
    // Nothing to describe in an empty region: no type calls at all.
    const [instanceTypes, graviton] =
      inUse.length === 0
        ? [{}, []]
        : await Promise.all([
            guard(ctx, TYPES_WHERE, () => describeTypes(ctx, instances ?? [], inUse)),
            guard(ctx, TYPES_WHERE, () => gravitonFamilies(ctx)),
          ]);
    queueMetrics(ctx, instances ?? []);
    return {
      ec2: {
        instances: instances ?? [],
        instanceTypes: instanceTypes ?? {},
        gravitonFamilies: graviton ?? [],
      },
    };
  },
};
