/**
 * EC2 in the simulated account: regions, instances, instance types, and the EC2 metrics of each instance.
 *
 * A busy region at scale 1 holds one "block" of 30 instances that a real, slightly neglected account
 * would have: previous-generation types, x86 types with a Graviton counterpart, Graviton ones, an ASG,
 * a spot and a Windows instance, stopped and terminated ones; CPU archetypes idle / steady / saturated /
 * spiky, and new instances with no data yet. Scale N repeats the block N times (new ids, same shapes).
 * The EBS volumes attached to those instances are generated here too, so BlockDeviceMappings and volume
 * attachments agree; lib/sim/ebs.ts serves them.
 *
 * Metric series are computed lazily per query from per-instance seeds (nothing is precomputed), so the
 * benchmark's thousands of instances cost only what is fetched.
 */
import type { Filter, Instance, InstanceTypeInfo, Volume } from '@aws-sdk/client-ec2';
import {
  awsError,
  hashSeed,
  paginate,
  type SimAccount,
  type SimMetricQuery,
  type SimRng,
  type SimServiceModule,
} from './core.js';
import { hashNoise, seriesFromHours, type HourSample } from './cloudwatch-metrics.js';
import { addedNames, newFamiliesIn } from './offerings.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- instance type catalogue

type Arch = 'x86_64' | 'arm64' | 'i386';

/** [type, currentGeneration, architectures, vCPUs, memory MiB, burstable, hypervisor, EBS-optimized support, EBS baseline/max Mbps, network] */
type TypeRow = [
  string,
  boolean,
  Arch[],
  number,
  number,
  boolean,
  'xen' | 'nitro',
  'default' | 'supported' | 'unsupported',
  number,
  number,
  string,
];

const X86: Arch[] = ['x86_64'];
const X86_32: Arch[] = ['i386', 'x86_64'];
const ARM: Arch[] = ['arm64'];

/**
 * Shapes follow the EC2 instance type specifications. m3, i2, m4, c4 and r4 are answered as previous
 * generation; t2 is still reported as current generation by DescribeInstanceTypes.
 */
const TYPE_ROWS: TypeRow[] = [
  // previous generation
  ['m3.medium', false, X86_32, 1, 3840, false, 'xen', 'unsupported', 0, 0, 'Moderate'],
  ['m3.large', false, X86, 2, 7680, false, 'xen', 'unsupported', 0, 0, 'Moderate'],
  ['i2.xlarge', false, X86, 4, 31232, false, 'xen', 'supported', 500, 500, 'Moderate'],
  ['m4.large', false, X86, 2, 8192, false, 'xen', 'default', 450, 450, 'Moderate'],
  ['m4.xlarge', false, X86, 4, 16384, false, 'xen', 'default', 750, 750, 'High'],
  ['m4.2xlarge', false, X86, 8, 32768, false, 'xen', 'default', 1000, 1000, 'High'],
  ['c4.large', false, X86, 2, 3840, false, 'xen', 'default', 500, 500, 'Moderate'],
  ['c4.xlarge', false, X86, 4, 7680, false, 'xen', 'default', 750, 750, 'High'],
  ['r4.large', false, X86, 2, 15616, false, 'xen', 'default', 425, 425, 'Up to 10 Gigabit'],
  ['r4.xlarge', false, X86, 4, 31232, false, 'xen', 'default', 850, 850, 'Up to 10 Gigabit'],
  // current generation, x86
  ['t2.micro', true, X86_32, 1, 1024, true, 'xen', 'unsupported', 0, 0, 'Low to Moderate'],
  ['t2.small', true, X86_32, 1, 2048, true, 'xen', 'unsupported', 0, 0, 'Low to Moderate'],
  ['t2.medium', true, X86_32, 2, 4096, true, 'xen', 'unsupported', 0, 0, 'Low to Moderate'],
  ['t2.large', true, X86, 2, 8192, true, 'xen', 'unsupported', 0, 0, 'Low to Moderate'],
  ['t3.micro', true, X86, 2, 1024, true, 'nitro', 'default', 87, 2085, 'Up to 5 Gigabit'],
  ['t3.medium', true, X86, 2, 4096, true, 'nitro', 'default', 347, 2085, 'Up to 5 Gigabit'],
  ['t3.large', true, X86, 2, 8192, true, 'nitro', 'default', 695, 2780, 'Up to 5 Gigabit'],
  ['m5.large', true, X86, 2, 8192, false, 'nitro', 'default', 650, 4750, 'Up to 10 Gigabit'],
  ['m5.xlarge', true, X86, 4, 16384, false, 'nitro', 'default', 1150, 4750, 'Up to 10 Gigabit'],
  ['m5.2xlarge', true, X86, 8, 32768, false, 'nitro', 'default', 2300, 4750, 'Up to 10 Gigabit'],
  ['c5.large', true, X86, 2, 4096, false, 'nitro', 'default', 650, 4750, 'Up to 10 Gigabit'],
  ['c5.xlarge', true, X86, 4, 8192, false, 'nitro', 'default', 1150, 4750, 'Up to 10 Gigabit'],
  ['c5.2xlarge', true, X86, 8, 16384, false, 'nitro', 'default', 2300, 4750, 'Up to 10 Gigabit'],
  ['r5.large', true, X86, 2, 16384, false, 'nitro', 'default', 650, 4750, 'Up to 10 Gigabit'],
  ['r5.xlarge', true, X86, 4, 32768, false, 'nitro', 'default', 1150, 4750, 'Up to 10 Gigabit'],
  ['m6i.large', true, X86, 2, 8192, false, 'nitro', 'default', 650, 10000, 'Up to 12.5 Gigabit'],
  ['m6i.xlarge', true, X86, 4, 16384, false, 'nitro', 'default', 1250, 10000, 'Up to 12.5 Gigabit'],
  ['c6i.large', true, X86, 2, 4096, false, 'nitro', 'default', 650, 10000, 'Up to 12.5 Gigabit'],
  ['c6i.xlarge', true, X86, 4, 8192, false, 'nitro', 'default', 1250, 10000, 'Up to 12.5 Gigabit'],
  ['r6i.large', true, X86, 2, 16384, false, 'nitro', 'default', 650, 10000, 'Up to 12.5 Gigabit'],
  ['m7i.large', true, X86, 2, 8192, false, 'nitro', 'default', 650, 10000, 'Up to 12.5 Gigabit'],
  ['m7i.xlarge', true, X86, 4, 16384, false, 'nitro', 'default', 1250, 10000, 'Up to 12.5 Gigabit'],
  ['c7i.large', true, X86, 2, 4096, false, 'nitro', 'default', 650, 10000, 'Up to 12.5 Gigabit'],
  // current generation, arm64 (Graviton)
  ['t4g.micro', true, ARM, 2, 1024, true, 'nitro', 'default', 87, 2085, 'Up to 5 Gigabit'],
  ['t4g.medium', true, ARM, 2, 4096, true, 'nitro', 'default', 347, 2085, 'Up to 5 Gigabit'],
  ['t4g.large', true, ARM, 2, 8192, true, 'nitro', 'default', 695, 2780, 'Up to 5 Gigabit'],
  ['m6g.large', true, ARM, 2, 8192, false, 'nitro', 'default', 630, 4750, 'Up to 10 Gigabit'],
  ['m6g.xlarge', true, ARM, 4, 16384, false, 'nitro', 'default', 1188, 4750, 'Up to 10 Gigabit'],
  ['c6g.large', true, ARM, 2, 4096, false, 'nitro', 'default', 630, 4750, 'Up to 10 Gigabit'],
  ['c6g.xlarge', true, ARM, 4, 8192, false, 'nitro', 'default', 1188, 4750, 'Up to 10 Gigabit'],
  ['r6g.large', true, ARM, 2, 16384, false, 'nitro', 'default', 630, 4750, 'Up to 10 Gigabit'],
  ['m7g.large', true, ARM, 2, 8192, false, 'nitro', 'default', 630, 10000, 'Up to 12.5 Gigabit'],
  ['m7g.xlarge', true, ARM, 4, 16384, false, 'nitro', 'default', 1250, 10000, 'Up to 12.5 Gigabit'],
  ['c7g.large', true, ARM, 2, 4096, false, 'nitro', 'default', 630, 10000, 'Up to 12.5 Gigabit'],
  ['c7g.xlarge', true, ARM, 4, 8192, false, 'nitro', 'default', 1250, 10000, 'Up to 12.5 Gigabit'],
  ['r7g.large', true, ARM, 2, 16384, false, 'nitro', 'default', 630, 10000, 'Up to 12.5 Gigabit'],
];

function typeInfo(row: TypeRow): InstanceTypeInfo {
  const [name, current, archs, vcpus, mem, burstable, hypervisor, ebsOpt, baseMbps, maxMbps, network] = row;
  const arm = archs.includes('arm64');
  const threads = arm || vcpus === 1 ? 1 : 2;
  return {
    InstanceType: name as InstanceTypeInfo['InstanceType'],
    CurrentGeneration: current,
    FreeTierEligible: name === 't2.micro' || name === 't3.micro',
    SupportedUsageClasses: ['on-demand', 'spot'],
    SupportedRootDeviceTypes: ['ebs'],
    SupportedVirtualizationTypes:
      hypervisor === 'xen' && name.startsWith('m3') ? ['hvm', 'paravirtual'] : ['hvm'],
    BareMetal: false,
    Hypervisor: hypervisor,
    ProcessorInfo: {
      SupportedArchitectures: [...archs],
      SustainedClockSpeedInGhz: arm ? 2.5 : hypervisor === 'xen' ? 2.4 : 3.1,
      Manufacturer: arm ? 'AWS' : 'Intel',
    },
    VCpuInfo: {
      DefaultVCpus: vcpus,
      DefaultCores: Math.max(1, vcpus / threads),
      DefaultThreadsPerCore: threads,
    },
    MemoryInfo: { SizeInMiB: mem },
    InstanceStorageSupported: name.startsWith('i2') || name.startsWith('m3'),
    EbsInfo: {
      EbsOptimizedSupport: ebsOpt,
      EncryptionSupport: 'supported',
      NvmeSupport: hypervisor === 'nitro' ? 'required' : 'unsupported',
      ...(maxMbps > 0
        ? {
            EbsOptimizedInfo: {
              BaselineBandwidthInMbps: baseMbps,
              BaselineThroughputInMBps: baseMbps / 8,
              BaselineIops: Math.round(baseMbps * 5.54),
              MaximumBandwidthInMbps: maxMbps,
              MaximumThroughputInMBps: maxMbps / 8,
              MaximumIops: Math.round(maxMbps * 3.95),
            },
          }
        : {}),
    },
    NetworkInfo: {
      NetworkPerformance: network,
      MaximumNetworkInterfaces: vcpus <= 2 ? 3 : 4,
      Ipv4AddressesPerInterface: vcpus <= 2 ? 10 : 15,
      Ipv6Supported: hypervisor === 'nitro',
      EnaSupport: hypervisor === 'nitro' ? 'required' : 'unsupported',
    },
    BurstablePerformanceSupported: burstable,
    AutoRecoverySupported: true,
    DedicatedHostsSupported: !burstable,
    CurrentGenerationSupported: current,
  } as InstanceTypeInfo;
}

const CATALOGUE: readonly InstanceTypeInfo[] = TYPE_ROWS.map(typeInfo);
const CATALOGUE_BY_NAME = new Map(CATALOGUE.map((t) => [t.InstanceType as string, t]));

/** The region's instance types: the catalogue plus the new families released there (SimOptions.newFamilies). */
export function ec2Catalogue(account: SimAccount, region: string): InstanceTypeInfo[] {
  const families = newFamiliesIn(account, region, 'ec2');
  if (families.length === 0) return [...CATALOGUE];
  const added = addedNames([...CATALOGUE_BY_NAME.keys()], families).map(([name, like]) => ({
    ...(CATALOGUE_BY_NAME.get(like) as InstanceTypeInfo),
    InstanceType: name as InstanceTypeInfo['InstanceType'],
  }));
  return [...CATALOGUE, ...added];
}

// ---------------------------------------------------------------- the block of 30 instances

export type Ec2Archetype = 'idle' | 'steady' | 'saturated' | 'spiky' | 'new' | 'stopped' | 'terminated';
/** BurstBalance behaviour of a burst-credit volume: stable near 100, depleting to a low, or depleted to 0. */
export type BurstShape = 'stable' | 'depleting' | 'empty' | 'none';

interface VolumeSpec {
  type: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
  size: number;
  iops?: number;
  /** Average share of provisioned IOPS used (io1/io2/gp3). */
  util?: number;
  burst?: BurstShape;
  /** Lowest BurstBalance reached at the end of the window, for `depleting`. */
  burstLow?: number;
}

interface InstanceSpec {
  name: string;
  type: string;
  archetype: Ec2Archetype;
  asg?: 'web' | 'worker';
  windows?: boolean;
  spot?: boolean;
  /** Launched this many hours before `now` (default: long before the metric window). */
  launchedHoursAgo?: number;
  root?: VolumeSpec;
  data?: VolumeSpec;
}

const gp2 = (size = 30, extra: Partial<VolumeSpec> = {}): VolumeSpec => ({ type: 'gp2', size, ...extra });
const gp3 = (size = 30, extra: Partial<VolumeSpec> = {}): VolumeSpec => ({
  type: 'gp3',
  size,
  iops: 3000,
  util: 0.08,
  ...extra,
});

const BLOCK: readonly InstanceSpec[] = [
  {
    name: 'legacy-app',
    type: 'm4.large',
    archetype: 'steady',
    root: gp2(50),
    data: { type: 'standard', size: 100 },
  },
  { name: 'legacy-batch', type: 'm4.xlarge', archetype: 'idle', root: gp2(50) },
  { name: 'legacy-api', type: 'c4.large', archetype: 'saturated', root: gp2(30, { burst: 'empty' }) },
  {
    name: 'legacy-db',
    type: 'r4.large',
    archetype: 'steady',
    root: gp2(50),
    data: { type: 'io1', size: 400, iops: 2000, util: 0.95 },
  },
  { name: 'old-jumpbox', type: 'm3.medium', archetype: 'idle', root: { type: 'standard', size: 8 } },
  // i2 is not EBS-optimized by default: a PIOPS volume on it cannot get its IOPS (Trusted Advisor PPkZrjsH2q).
  {
    name: 'search-node',
    type: 'i2.xlarge',
    archetype: 'steady',
    root: gp2(30),
    data: { type: 'io1', size: 200, iops: 1000, util: 0.2 },
  },
  { name: 'bastion', type: 't2.micro', archetype: 'idle', root: gp2(8) },
  {
    name: 'ci-runner',
    type: 't2.medium',
    archetype: 'spiky',
    root: gp2(30, { burst: 'depleting', burstLow: 15 }),
  },
  { name: 'web', type: 'm5.large', archetype: 'steady', asg: 'web', root: gp2(20) },
  {
    name: 'web',
    type: 'm5.large',
    archetype: 'steady',
    asg: 'web',
    root: gp2(20, { burst: 'depleting', burstLow: 12 }),
    data: gp3(100, { util: 0.1 }),
  },
  { name: 'web', type: 'm5.large', archetype: 'spiky', asg: 'web', root: gp2(20) },
  {
    name: 'reporting',
    type: 'm5.xlarge',
    archetype: 'idle',
    root: gp2(50),
    data: { type: 'st1', size: 500 },
  },
  {
    name: 'encoder',
    type: 'c5.xlarge',
    archetype: 'saturated',
    root: gp2(30),
    data: { type: 'io2', size: 300, iops: 3000, util: 0.92 },
  },
  { name: 'worker', type: 'c5.large', archetype: 'steady', asg: 'worker', root: gp2(20) },
  { name: 'worker', type: 'c5.large', archetype: 'steady', asg: 'worker', root: gp2(20) },
  {
    name: 'cache-warmer',
    type: 'r5.large',
    archetype: 'idle',
    root: gp2(30),
    data: { type: 'sc1', size: 500 },
  },
  {
    name: 'api',
    type: 'm6i.large',
    archetype: 'steady',
    root: gp3(30),
    data: { type: 'io1', size: 500, iops: 3000, util: 0.5 },
  },
  { name: 'events', type: 'c6i.large', archetype: 'spiky', root: gp2(30) },
  {
    name: 'sql-win',
    type: 'r6i.large',
    archetype: 'steady',
    windows: true,
    root: gp2(100),
    data: { type: 'io2', size: 200, iops: 4000, util: 0.3 },
  },
  { name: 'canary', type: 'm7i.large', archetype: 'new', launchedHoursAgo: 2, root: gp3(30) },
  { name: 'admin', type: 't3.medium', archetype: 'idle', root: gp2(30) },
  { name: 'batch-spot', type: 't3.large', archetype: 'steady', spot: true, root: gp2(30) },
  // gp2 of 1,000 GiB or more has a baseline at or above the burst rate: no BurstBalance is published.
  {
    name: 'gateway',
    type: 'm6g.large',
    archetype: 'steady',
    root: gp3(30),
    data: gp2(1200, { burst: 'none' }),
  },
  { name: 'compute', type: 'c7g.large', archetype: 'saturated', root: gp3(30) },
  { name: 'memcache', type: 'r6g.large', archetype: 'idle', root: gp2(30) },
  { name: 'preview', type: 't4g.medium', archetype: 'new', launchedHoursAgo: 6, root: gp3(20) },
  { name: 'analytics', type: 'm7g.large', archetype: 'steady', launchedHoursAgo: 4 * 24, root: gp3(50) },
  { name: 'staging', type: 'm5.2xlarge', archetype: 'stopped', root: gp2(100) },
  { name: 'old-worker', type: 'c5.large', archetype: 'stopped', root: gp2(20) },
  { name: 'decommissioned', type: 't2.micro', archetype: 'terminated' },
];

/** Unattached volumes per block (forgotten after instances were deleted). */
const AVAILABLE: readonly VolumeSpec[] = [
  gp2(100),
  gp2(100),
  gp2(100),
  gp2(1500, { burst: 'none' }),
  { type: 'standard', size: 50 },
  gp3(200),
];

const STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

// ---------------------------------------------------------------- generated state

export interface SimInstanceRecord {
  instance: Instance;
  archetype: Ec2Archetype;
  /** Seed of this instance's series. */
  seed: number;
  /** Archetype level, e.g. the mean CPU % around which the series moves. */
  level: number;
  launchMs: number;
}

export interface SimVolumeRecord {
  volume: Volume;
  instanceId?: string;
  burst: BurstShape;
  burstLow: number;
  util: number;
  seed: number;
}

export interface Ec2CoreState {
  instances: SimInstanceRecord[];
  byInstanceId: Map<string, SimInstanceRecord>;
  volumes: SimVolumeRecord[];
  byVolumeId: Map<string, SimVolumeRecord>;
}

function hexId(rng: SimRng, prefix: string): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += Math.floor(rng.next() * 16).toString(16);
  return `${prefix}-0${s}`;
}

const LEVELS: Record<Ec2Archetype, [number, number]> = {
  idle: [1.5, 4.5],
  steady: [42, 52],
  saturated: [94.5, 97],
  spiky: [7, 13],
  new: [0, 0],
  stopped: [0, 0],
  terminated: [0, 0],
};

function volumeRecord(
  spec: VolumeSpec,
  rng: SimRng,
  ctx: { account: SimAccount; region: string; az: string; createdMs: number; name?: string },
  attach?: { instanceId: string; device: string },
): SimVolumeRecord {
  const id = hexId(rng, 'vol');
  const iops =
    spec.type === 'gp2'
      ? Math.min(16000, Math.max(100, spec.size * 3))
      : spec.type === 'gp3' || spec.type === 'io1' || spec.type === 'io2'
        ? (spec.iops ?? 3000)
        : undefined;
  const created = new Date(ctx.createdMs);
  const volume: Volume = {
    VolumeId: id,
    Size: spec.size,
    VolumeType: spec.type,
    ...(iops !== undefined ? { Iops: iops } : {}),
    ...(spec.type === 'gp3' ? { Throughput: 125 } : {}),
    State: attach ? 'in-use' : 'available',
    AvailabilityZone: ctx.az,
    CreateTime: created,
    Encrypted: rng.chance(0.6),
    SnapshotId: rng.chance(0.5) ? hexId(rng, 'snap') : '',
    MultiAttachEnabled: false,
    Attachments: attach
      ? [
          {
            AttachTime: created,
            Device: attach.device,
            InstanceId: attach.instanceId,
            State: 'attached',
            VolumeId: id,
            DeleteOnTermination: attach.device === '/dev/xvda',
          },
        ]
      : [],
    Tags: ctx.name ? [{ Key: 'Name', Value: ctx.name }] : [],
  };
  const burst: BurstShape = spec.burst ?? (['gp2', 'st1', 'sc1'].includes(spec.type) ? 'stable' : 'none');
  return {
    volume,
    ...(attach ? { instanceId: attach.instanceId } : {}),
    burst,
    burstLow: spec.burst === 'empty' ? 0 : (spec.burstLow ?? 100),
    util: spec.util ?? 0.05,
    seed: hashSeed(ctx.account.options.seed, ctx.region, id),
  };
}

/** Instances and volumes of one region, generated once per account and region. */
export function ec2CoreState(account: SimAccount, region: string): Ec2CoreState {
  return account.memo(`ec2core:${region}`, (rng) => {
    const instances: SimInstanceRecord[] = [];
    const volumes: SimVolumeRecord[] = [];
    const busy = account.isBusy(region);
    const scale = Math.max(0, account.options.scale);
    const nowMs = account.options.now.getTime();
    const count = account.mixCount('ec2Instances', region) ?? (busy ? Math.round(BLOCK.length * scale) : 0);
    const vpcId = hexId(rng, 'vpc');
    const subnets = ['a', 'b', 'c'].map((z) => ({ az: `${region}${z}`, id: hexId(rng, 'subnet') }));

    for (let i = 0; i < count; i++) {
      const spec = BLOCK[i % BLOCK.length] as InstanceSpec;
      const block = Math.floor(i / BLOCK.length);
      const suffix = block === 0 ? '' : `-${block + 1}`;
      const id = hexId(rng, 'i');
      const subnet = rng.pick(subnets);
      const launchMs =
        spec.launchedHoursAgo !== undefined
          ? nowMs - spec.launchedHoursAgo * HOUR_MS
          : nowMs - rng.int(30, 400) * DAY_MS - rng.int(0, 23) * HOUR_MS;
      const info = CATALOGUE_BY_NAME.get(spec.type);
      const arch = info?.ProcessorInfo?.SupportedArchitectures?.includes('arm64') ? 'arm64' : 'x86_64';
      const stateName =
        spec.archetype === 'stopped' ? 'stopped' : spec.archetype === 'terminated' ? 'terminated' : 'running';
      const name = `${spec.name}${suffix}`;
      const tags = [
        { Key: 'Name', Value: name },
        { Key: 'team', Value: rng.pick(['platform', 'payments', 'data', 'web']) },
        ...(spec.asg ? [{ Key: 'aws:autoscaling:groupName', Value: `${spec.asg}-asg${suffix}` }] : []),
      ];
      const blockDevices: NonNullable<Instance['BlockDeviceMappings']> = [];
      if (stateName !== 'terminated') {
        const volCtx = { account, region, az: subnet.az, createdMs: launchMs };
        if (spec.root) {
          const v = volumeRecord(spec.root, rng, volCtx, { instanceId: id, device: '/dev/xvda' });
          volumes.push(v);
          blockDevices.push({
            DeviceName: '/dev/xvda',
            Ebs: {
              AttachTime: new Date(launchMs),
              DeleteOnTermination: true,
              Status: 'attached',
              VolumeId: v.volume.VolumeId,
            },
          });
        }
        if (spec.data) {
          const v = volumeRecord(
            spec.data,
            rng,
            { ...volCtx, name: `${name}-data` },
            { instanceId: id, device: '/dev/sdf' },
          );
          volumes.push(v);
          blockDevices.push({
            DeviceName: '/dev/sdf',
            Ebs: {
              AttachTime: new Date(launchMs),
              DeleteOnTermination: false,
              Status: 'attached',
              VolumeId: v.volume.VolumeId,
            },
          });
        }
      }
      // Nitro and m4/c4/r4 types are EBS-optimized by default; t2, m3 and i2 are not.
      const ebsOptimized = info?.EbsInfo?.EbsOptimizedSupport === 'default';
      const instance: Instance = {
        InstanceId: id,
        InstanceType: spec.type as Instance['InstanceType'],
        ImageId: hexId(rng, 'ami'),
        State: { Code: STATE_CODES[stateName], Name: stateName },
        LaunchTime: new Date(launchMs),
        Placement: { AvailabilityZone: subnet.az, Tenancy: 'default' },
        Architecture: arch,
        PlatformDetails: spec.windows ? 'Windows' : 'Linux/UNIX',
        // The API answers lower-case "windows" although the SDK's enum type says "Windows".
        ...(spec.windows ? { Platform: 'windows' as Instance['Platform'] } : {}),
        EbsOptimized: ebsOptimized,
        ...(spec.spot ? { InstanceLifecycle: 'spot' } : {}),
        Monitoring: { State: 'disabled' },
        Hypervisor: 'xen', // DescribeInstances reports "xen" for Xen and Nitro alike
        VirtualizationType: 'hvm',
        RootDeviceType: 'ebs',
        RootDeviceName: '/dev/xvda',
        BlockDeviceMappings: blockDevices,
        ...(stateName === 'terminated'
          ? {
              StateTransitionReason: 'User initiated',
              StateReason: {
                Code: 'Client.UserInitiatedShutdown',
                Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
              },
            }
          : {
              VpcId: vpcId,
              SubnetId: subnet.id,
              PrivateIpAddress: `10.0.${rng.int(0, 255)}.${rng.int(4, 250)}`,
            }),
        ...(stateName === 'stopped'
          ? {
              StateTransitionReason: 'User initiated',
              StateReason: {
                Code: 'Client.UserInitiatedShutdown',
                Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
              },
            }
          : {}),
        CpuOptions: {
          CoreCount: info?.VCpuInfo?.DefaultCores ?? 1,
          ThreadsPerCore: info?.VCpuInfo?.DefaultThreadsPerCore ?? 1,
        },
        Tags: tags,
      };
      const [lo, hi] = LEVELS[spec.archetype];
      instances.push({
        instance,
        archetype: spec.archetype,
        seed: hashSeed(account.options.seed, region, id),
        level: lo + rng.next() * (hi - lo),
        launchMs,
      });
    }

    // With a mix: more data volumes on running instances (round robin) up to the region's volume count.
    const volumeTarget = account.mixCount('ebsVolumes', region);
    if (volumeTarget !== undefined) {
      const running = instances.filter((r) => r.instance.State?.Name !== 'terminated');
      for (let i = 0; volumes.length < volumeTarget && running.length > 0; i++) {
        const rec = running[i % running.length] as SimInstanceRecord;
        const device = `/dev/sd${String.fromCharCode(103 + (Math.floor(i / running.length) % 19))}`;
        const v = volumeRecord(
          gp3(rng.pick([50, 100, 200, 500])),
          rng,
          {
            account,
            region,
            az: rec.instance.Placement?.AvailabilityZone ?? `${region}a`,
            createdMs: rec.launchMs,
            name: `${rec.instance.InstanceId}-extra-${i}`,
          },
          { instanceId: rec.instance.InstanceId as string, device },
        );
        volumes.push(v);
        rec.instance.BlockDeviceMappings?.push({
          DeviceName: device,
          Ebs: {
            AttachTime: new Date(rec.launchMs),
            DeleteOnTermination: false,
            Status: 'attached',
            VolumeId: v.volume.VolumeId,
          },
        });
      }
    }
    const available =
      volumeTarget !== undefined
        ? Math.max(0, volumeTarget - volumes.length)
        : busy
          ? Math.round(AVAILABLE.length * scale)
          : 0;
    for (let i = 0; i < available; i++) {
      const spec = AVAILABLE[i % AVAILABLE.length] as VolumeSpec;
      const subnet = rng.pick(subnets);
      volumes.push(
        volumeRecord(spec, rng, {
          account,
          region,
          az: subnet.az,
          createdMs: nowMs - rng.int(40, 700) * DAY_MS,
          name: `detached-${i + 1}`,
        }),
      );
    }
    return {
      instances,
      byInstanceId: new Map(instances.map((r) => [r.instance.InstanceId as string, r])),
      volumes,
      byVolumeId: new Map(volumes.map((v) => [v.volume.VolumeId as string, v])),
    };
  });
}

/** The region's instances (SDK shapes, terminated included, as DescribeInstances returns them) and the type catalogue. */
export function ec2SimState(
  account: SimAccount,
  region: string,
): { instances: Instance[]; instanceTypes: InstanceTypeInfo[] } {
  return {
    instances: ec2CoreState(account, region).instances.map((r) => r.instance),
    instanceTypes: [...CATALOGUE],
  };
}

/** The metric archetype behind an instance (for other simulations, e.g. Compute Optimizer findings). */
export function ec2SimArchetype(
  account: SimAccount,
  region: string,
  instanceId: string,
): Ec2Archetype | undefined {
  return ec2CoreState(account, region).byInstanceId.get(instanceId)?.archetype;
}

// ---------------------------------------------------------------- metrics

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Daily cycle in [-1, 1], peaking mid-afternoon UTC. */
const DIURNAL = Array.from({ length: 24 }, (_, hh) => Math.sin(((hh - 9) / 24) * 2 * Math.PI));
/** (A table by hour of the day: the same sine, computed once; h counts hours since the epoch, h >= 0.) */
const diurnal = (h: number) => DIURNAL[h % 24] as number;
/** Basic monitoring publishes every 5 minutes: 12 samples an hour. */
const SAMPLES_PER_HOUR = 12;

/**
 * One hour's aggregate, written into a single reused object: seriesFromHours reads each hour before asking
 * for the next, and a large scan asks for tens of millions of hours.
 */
const HOUR_SAMPLE: HourSample = { avg: 0, max: 0, min: 0, sum: 0, count: SAMPLES_PER_HOUR };

function sample(avg: number, max: number, min: number): HourSample {
  HOUR_SAMPLE.avg = avg;
  HOUR_SAMPLE.max = Math.max(avg, max);
  HOUR_SAMPLE.min = Math.min(avg, min);
  HOUR_SAMPLE.sum = avg * SAMPLES_PER_HOUR;
  HOUR_SAMPLE.count = SAMPLES_PER_HOUR;
  return HOUR_SAMPLE;
}

function cpuHour(r: SimInstanceRecord, h: number): HourSample {
  const n1 = hashNoise(r.seed, h);
  const n2 = hashNoise(r.seed ^ 0x2c1b3c6d, h);
  const d = diurnal(h);
  switch (r.archetype) {
    case 'idle': {
      const avg = clamp(r.level + 0.8 * d + (n1 - 0.5) * 1.2, 0.3, 7);
      return sample(avg, Math.min(100, avg + 2 + n2 * 5), avg * 0.5);
    }
    case 'saturated': {
      const avg = clamp(r.level + 1.5 * d + (n1 - 0.5) * 3, 92.5, 99.5);
      return sample(avg, 100 - n2 * 0.4, avg - 4);
    }
    case 'spiky': {
      // Short bursts: a few hours a day hit the ceiling while the average stays low.
      const spike = n2 < 0.12;
      const avg = clamp(r.level + 3 * d + (n1 - 0.5) * 4 + (spike ? 10 : 0), 2, 24);
      return sample(avg, spike ? 96 + 4 * n1 : Math.min(100, avg + 5 + 10 * n2), avg * 0.4);
    }
    default: {
      const avg = clamp(r.level + 7 * d + (n1 - 0.5) * 6, 35, 60);
      return sample(avg, Math.min(100, avg + 5 + n2 * 15), avg * 0.6);
    }
  }
}

/** Bytes per hour. Idle instances stay well under Trusted Advisor's 5 MB a day (in + out). */
function networkHour(r: SimInstanceRecord, h: number, out: boolean): HourSample {
  const n = hashNoise(r.seed ^ (out ? 0x0badf00d : 0x5eed1234), h);
  const d = (diurnal(h) + 1) / 2;
  let bytes: number;
  switch (r.archetype) {
    case 'idle':
      bytes = (out ? 40_000 : 50_000) * (0.6 + 0.8 * n);
      break;
    case 'saturated':
      bytes = (out ? 600e6 : 900e6) * (0.8 + 0.4 * n);
      break;
    case 'spiky':
      bytes = (out ? 20e6 : 30e6) * (0.5 + n) * (hashNoise(r.seed ^ 0x2c1b3c6d, h) < 0.12 ? 15 : 1);
      break;
    default:
      bytes = (out ? 120e6 : 160e6) * (0.6 + 0.6 * d) * (0.8 + 0.4 * n);
  }
  const avg = bytes / SAMPLES_PER_HOUR;
  HOUR_SAMPLE.avg = avg;
  HOUR_SAMPLE.max = avg * 1.6;
  HOUR_SAMPLE.min = avg * 0.4;
  HOUR_SAMPLE.sum = bytes;
  HOUR_SAMPLE.count = SAMPLES_PER_HOUR;
  return HOUR_SAMPLE;
}

function instanceMetrics(
  q: SimMetricQuery,
  account: SimAccount,
  region: string,
): (number | null)[] | undefined {
  if (q.namespace !== 'AWS/EC2') return undefined;
  const id = q.dimensions.InstanceId;
  if (!id || Object.keys(q.dimensions).length !== 1) return undefined;
  const r = ec2CoreState(account, region).byInstanceId.get(id);
  if (!r) return undefined;
  const metric = q.metricName;
  if (metric !== 'CPUUtilization' && metric !== 'NetworkIn' && metric !== 'NetworkOut') return undefined;
  // New instances have published nothing yet; stopped and terminated ones nothing in the window.
  if (r.archetype === 'new' || r.archetype === 'stopped' || r.archetype === 'terminated') return [];
  const nowMs = account.options.now.getTime();
  const firstHour = Math.ceil(r.launchMs / HOUR_MS);
  const seed = r.seed ^ hashSeed(metric);
  return seriesFromHours(q, seed, (h) => {
    if (h < firstHour || (h + 1) * HOUR_MS > nowMs) return null;
    return metric === 'CPUUtilization' ? cpuHour(r, h) : networkHour(r, h, metric === 'NetworkOut');
  });
}

// ---------------------------------------------------------------- request handlers

function badFilter(name: string): Error {
  return awsError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
}

/** EC2 filter values may use * and ? wildcards. */
function matches(value: string | undefined, patterns: readonly string[]): boolean {
  if (value === undefined) return false;
  return patterns.some((p) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    ).test(value),
  );
}

function instanceFilter(f: Filter): (i: Instance) => boolean {
  const name = f.Name ?? '';
  const values = f.Values ?? [];
  if (name === 'instance-state-name') return (i) => matches(i.State?.Name, values);
  if (name === 'instance-type') return (i) => matches(i.InstanceType, values);
  if (name === 'instance-id') return (i) => matches(i.InstanceId, values);
  if (name === 'architecture') return (i) => matches(i.Architecture, values);
  if (name === 'tag-key') return (i) => (i.Tags ?? []).some((t) => matches(t.Key, values));
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (i) => (i.Tags ?? []).some((t) => t.Key === key && matches(t.Value, values));
  }
  throw badFilter(name);
}

function typeFilter(f: Filter): (t: InstanceTypeInfo) => boolean {
  const name = f.Name ?? '';
  const values = f.Values ?? [];
  if (name === 'processor-info.supported-architecture')
    return (t) => (t.ProcessorInfo?.SupportedArchitectures ?? []).some((a) => matches(a, values));
  if (name === 'current-generation') return (t) => matches(String(t.CurrentGeneration), values);
  if (name === 'instance-type') return (t) => matches(t.InstanceType, values);
  if (name === 'burstable-performance-supported')
    return (t) => matches(String(t.BurstablePerformanceSupported), values);
  throw badFilter(name);
}

const ALL_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];
const OPT_IN = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
]);

export const ec2Sim: SimServiceModule = {
  clientName: 'EC2Client',
  handlers: {
    DescribeRegionsCommand: (input: { AllRegions?: boolean; RegionNames?: string[] }, { account }) => {
      const enabled = new Set(account.options.enabledRegions);
      const names = input.AllRegions
        ? [...new Set([...ALL_REGIONS, ...enabled])].sort()
        : [...enabled].sort();
      const wanted = input.RegionNames?.length ? new Set(input.RegionNames) : undefined;
      return {
        Regions: names
          .filter((r) => !wanted || wanted.has(r))
          .map((r) => ({
            RegionName: r,
            Endpoint: `ec2.${r}.amazonaws.com`,
            OptInStatus: !enabled.has(r)
              ? 'not-opted-in'
              : OPT_IN.has(r)
                ? 'opted-in'
                : 'opt-in-not-required',
          })),
      };
    },

    DescribeInstancesCommand: (
      input: { InstanceIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string },
      { account, region },
    ) => {
      if (input.InstanceIds?.length && input.MaxResults !== undefined) {
        throw awsError(
          'InvalidParameterCombination',
          'The parameter instancesSet cannot be used with the parameter maxResults',
          400,
        );
      }
      let list = ec2CoreState(account, region).instances.map((r) => r.instance);
      if (input.InstanceIds?.length) {
        const known = new Set(list.map((i) => i.InstanceId));
        const missing = input.InstanceIds.filter((id) => !known.has(id));
        if (missing.length)
          throw awsError(
            'InvalidInstanceID.NotFound',
            `The instance IDs '${missing.join(', ')}' do not exist`,
            400,
          );
        const ids = new Set(input.InstanceIds);
        list = list.filter((i) => ids.has(i.InstanceId as string));
      }
      for (const f of input.Filters ?? []) list = list.filter(instanceFilter(f));
      const { page, nextToken } = paginate(list, input as Record<string, unknown>, {
        min: 5,
        max: 1000,
        clientName: 'EC2Client',
      });
      return {
        Reservations: page.map((i) => ({
          ReservationId: `r-${(i.InstanceId ?? '').slice(2)}`,
          OwnerId: account.accountId,
          Groups: [],
          Instances: [i],
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    DescribeInstanceTypesCommand: (
      input: {
        InstanceTypes?: string[];
        Filters?: Filter[];
        MaxResults?: number;
        NextToken?: string;
      },
      { account, region },
    ) => {
      let list = ec2Catalogue(account, region);
      const byName = new Map(list.map((t) => [t.InstanceType as string, t]));
      if (input.InstanceTypes?.length) {
        if (input.InstanceTypes.length > 100) {
          throw awsError(
            'InvalidParameterValue',
            'The maximum number of instance types that can be specified is 100.',
            400,
          );
        }
        // perfscan never combines a name list with MaxResults (as with the id lists of other EC2 Describe calls).
        if (input.MaxResults !== undefined) {
          throw awsError(
            'InvalidParameterCombination',
            'The parameter InstanceTypes cannot be used with the parameter MaxResults',
            400,
          );
        }
        const unknown = input.InstanceTypes.filter((t) => !byName.has(t));
        if (unknown.length)
          throw awsError(
            'InvalidInstanceType',
            `The following supplied instance types do not exist: [${unknown.join(', ')}]`,
            400,
          );
        const names = new Set(input.InstanceTypes);
        list = list.filter((t) => names.has(t.InstanceType as string));
      }
      for (const f of input.Filters ?? []) list = list.filter(typeFilter(f));
      const { page, nextToken } = paginate(list, input as Record<string, unknown>, {
        min: 5,
        max: 100,
        clientName: 'EC2Client',
      });
      return { InstanceTypes: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    DescribeInstanceTypeOfferingsCommand: (
      input: { LocationType?: string; Filters?: Filter[]; MaxResults?: number; NextToken?: string },
      { account, region },
    ) => {
      if (input.LocationType !== undefined && input.LocationType !== 'region')
        throw awsError('InvalidParameterValue', 'The simulator offers location type region only.', 400);
      let names = ec2Catalogue(account, region).map((t) => t.InstanceType as string);
      for (const f of input.Filters ?? []) {
        if (f.Name !== 'instance-type') throw badFilter(f.Name ?? '');
        names = names.filter((n) => matches(n, f.Values ?? []));
      }
      const { page, nextToken } = paginate(names.sort(), input as Record<string, unknown>, {
        min: 5,
        max: 1000,
        clientName: 'EC2Client',
      });
      return {
        InstanceTypeOfferings: page.map((n) => ({
          InstanceType: n,
          LocationType: 'region',
          Location: region,
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
  },
  metrics: (q, { account, region }) => instanceMetrics(q, account, region),
};
