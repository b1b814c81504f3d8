/**
 * What a failing finding's change needs to be priced, read from the snapshot: the pricing facts (the volume's
 * size and types, the instance's type, OS and candidate targets, the function's memory and monthly GB-seconds).
 * Small, serializable and pure: the Scan Lambda sends them to the Pricing Lambda (lib/pricing/remote.ts), the
 * CLI prices them in process (lib/pricing/estimate.ts); either way the same estimator turns them into a saving.
 * Keeping the estimators (lines, notes, candidates) out of here keeps them out of the Scan package.
 */
import { metricKey, type Finding, type SavingsBasis, type Snapshot } from '#lib/model/index.js';
import {
  gravitonCounterparts,
  parseInstanceType,
  type InstanceTypeParts,
} from '#lib/checks/instance-families.js';
import { GP3_BASELINE_IOPS, GP3_MAX_IOPS, gp2BaselineIops } from '#lib/checks/ebs-volume-facts.js';
import { parseDbClass } from '#lib/checks/rds-instance-facts.js';
import type { PriceRequest } from './requests.js';
import { firstBy } from '#lib/model/lookup.js';

// Key functions of the resources a finding names (one index per list and key: lib/model/lookup.ts).
const volumeIdOf = (x: { volumeId: string }) => x.volumeId;
const instanceIdOf = (x: { instanceId: string }) => x.instanceId;
const functionNameOf = (x: { functionName: string }) => x.functionName;
const dbInstanceIdOf = (x: { dbInstanceId: string }) => x.dbInstanceId;

/** AWS's convention for monthly estimates from hourly prices (730 hours = 8,760 / 12). */
export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export type PricingFacts =
  | {
      /** An EBS volume moved to another type: storage per GB-month, plus provisioned IOPS where billed. */
      kind: 'ebs-volume';
      region: string;
      sizeGiB: number;
      from: string;
      to: string;
      /** Provisioned IOPS billed today (io1/io2), 0 for types without an IOPS charge. */
      fromIops: number;
      /** Provisioned IOPS billed after the move (gp3: above its 3,000 baseline; io2: all, in its tiers). */
      toIops: number;
      /**
       * Magnetic (standard) only: I/O requests a month, from the measured VolumeReadOps + VolumeWriteOps
       * (mean hourly sum x 730 hours). Absent when not measured: the I/O charge is then not priced, and the
       * basis says so (the saving is understated, never guessed).
       */
      fromIoRequests?: number;
      /** Other targets the remediation names (io1: gp3 where its IOPS fit); the cheapest of all is the estimate. */
      alternatives?: { to: string; toIops: number }[];
    }
  | {
      /** An EC2 instance moved to another type of the same size (Graviton counterpart or current generation). */
      kind: 'ec2-move';
      region: string;
      instanceType: string;
      os: 'Linux' | 'Windows';
      targets: string[];
      /** Over-provisioned: one size down, with the measured hourly CPU peak (%) and what it becomes there. */
      change?: 'resize';
      peakCpuPercent?: number;
      targetPeakCpuPercent?: number;
    }
  | {
      /**
       * An RDS DB instance moved to another class (`generation`: a current-generation or Graviton class of the
       * same family letters and size; `resize`: one size down in the same family), same engine and deployment.
       */
      kind: 'rds-move';
      region: string;
      dbInstanceClass: string;
      /** The Price List databaseEngine (MySQL, PostgreSQL, MariaDB, Aurora MySQL, Aurora PostgreSQL). */
      databaseEngine: string;
      deploymentOption: 'Single-AZ' | 'Multi-AZ';
      change: 'generation' | 'resize';
      targets: string[];
      /** resize: the measured hourly CPU peak (%) and what it becomes on the target (vCPU ratio). */
      peakCpuPercent?: number;
      targetPeakCpuPercent?: number;
    }
  | {
      /** ElastiCache nodes of a previous-generation type moved to a current-generation type of the same size. */
      kind: 'elasticache-move';
      region: string;
      nodeType: string;
      /** Price List cacheEngine: Redis | Memcached | Valkey. */
      cacheEngine: string;
      nodes: number;
      targets: string[];
    }
  | {
      /** A Lambda function moved from x86_64 to arm64 at the same memory and duration. */
      kind: 'lambda-arm64';
      region: string;
      memoryMiB: number;
      gbSecondsPerMonth: number;
    };

/**
 * The Price List operatingSystem of an instance (EC2 reports Platform `windows`, else PlatformDetails). Only
 * plain Linux/UNIX and Windows are priced: RHEL, SUSE, Ubuntu Pro and SQL Server carry license fees priced
 * under other products, so they get no estimate rather than a wrong one.
 */
export function operatingSystemOf(platform: string | undefined): 'Linux' | 'Windows' | undefined {
  const p = platform?.toLowerCase() ?? '';
  if (p === 'windows') return 'Windows';
  if (p === 'linux/unix') return 'Linux';
  return undefined;
}

/** Monthly I/O requests of a volume from its hourly VolumeReadOps + VolumeWriteOps sums, or undefined. */
export function ebsIoRequestsPerMonth(snapshot: Snapshot, volumeId: string): number | undefined {
  const mean = (metricName: string) =>
    snapshot.metrics[
      metricKey({
        namespace: 'AWS/EBS',
        metricName,
        dimensions: { VolumeId: volumeId },
        stat: 'Sum',
        periodSeconds: 3600,
      })
    ]?.mean;
  const read = mean('VolumeReadOps');
  const write = mean('VolumeWriteOps');
  if (read === undefined || write === undefined || !Number.isFinite(read + write)) return undefined;
  return Math.round((read + write) * HOURS_PER_MONTH);
}

/** The gp3 ceiling the io1 check judged against (its evidence threshold), else gp3's documented maximum. */
function gp3MaxIopsOf(f: Finding): number {
  const t = f.evidence.find((e) => e.label === 'Provisioned IOPS')?.threshold;
  const m = typeof t === 'string' ? /<=\s*([\d,]+)/.exec(t) : undefined;
  const n = m ? Number(m[1]!.replace(/,/g, '')) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.min(n, GP3_MAX_IOPS) : GP3_MAX_IOPS;
}

function ebsFacts(snapshot: Snapshot, f: Finding): PricingFacts | undefined {
  const v = firstBy(snapshot.ebs?.volumes, volumeIdOf, f.resourceId);
  if (!v || !(v.sizeGiB > 0)) return undefined;
  const base = { kind: 'ebs-volume' as const, region: snapshot.region, sizeGiB: v.sizeGiB };
  if (v.volumeType === 'gp2')
    return {
      ...base,
      from: 'gp2',
      to: 'gp3',
      fromIops: 0,
      toIops: Math.max(0, gp2BaselineIops(v.sizeGiB) - GP3_BASELINE_IOPS),
    };
  if (v.volumeType === 'io1') {
    // io2 keeps the provisioned IOPS; gp3 too where they fit and the volume is not Multi-Attached.
    if (v.iops === undefined || !(v.iops > 0)) return undefined;
    const gp3 = v.attachments.length <= 1 && v.iops <= gp3MaxIopsOf(f);
    return {
      ...base,
      from: 'io1',
      to: 'io2',
      fromIops: v.iops,
      toIops: v.iops,
      ...(gp3 ? { alternatives: [{ to: 'gp3', toIops: Math.max(0, v.iops - GP3_BASELINE_IOPS) }] } : {}),
    };
  }
  if (v.volumeType === 'standard') {
    // gp3's baseline (3,000 IOPS, 125 MiB/s) is far above what a magnetic volume delivers (~100 IOPS).
    const io = ebsIoRequestsPerMonth(snapshot, v.volumeId);
    return {
      ...base,
      from: 'standard',
      to: 'gp3',
      fromIops: 0,
      toIops: 0,
      ...(io !== undefined ? { fromIoRequests: io } : {}),
    };
  }
  return undefined;
}

function ec2Facts(snapshot: Snapshot, f: Finding): PricingFacts | undefined {
  const ec2 = snapshot.ec2;
  const inst = firstBy(ec2?.instances, instanceIdOf, f.resourceId);
  if (!ec2 || !inst || inst.state !== 'running' || inst.lifecycle === 'spot') return undefined;
  const os = operatingSystemOf(inst.platform);
  const parts = parseInstanceType(inst.instanceType);
  if (!os || !parts) return undefined;
  const change = f.remediation.change ?? [];
  let targets: string[] = [];
  if (change.includes('architecture') && os === 'Linux') {
    targets = gravitonCounterparts(inst.instanceType, ec2.gravitonFamilies).map(
      (fam) => `${fam}.${parts.size}`,
    );
  } else if (change.includes('generation')) {
    const arch = inst.architecture ?? 'x86_64';
    targets = Object.values(ec2.instanceTypes)
      .filter((t) => t.currentGeneration && t.architectures.includes(arch))
      .map((t) => parseInstanceType(t.instanceType))
      .filter((p): p is InstanceTypeParts => p !== undefined && p.cls === parts.cls && p.size === parts.size)
      .map((p) => p.type);
  } else if (change.includes('resize') && DOWNSIZE_CHECKS.has(f.checkId)) {
    // One size down where every family halves alike (4xlarge -> 2xlarge -> xlarge -> large); burstable types
    // (t*) share vCPUs across sizes and larger sizes step differently per family: not priced.
    const down = EC2_HALF_SIZE[parts.size];
    if (parts.cls === 't' || !down) return undefined;
    const peak =
      snapshot.metrics[
        metricKey({
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: { InstanceId: inst.instanceId },
          stat: 'Maximum',
          periodSeconds: 3600,
        })
      ]?.max;
    const base = { kind: 'ec2-move' as const, region: snapshot.region, instanceType: inst.instanceType, os };
    return resizeFacts(base, parts.size, `${parts.family}.${down}`, peak);
  }
  targets = [...new Set(targets)].filter((t) => t !== inst.instanceType).sort();
  if (targets.length === 0) return undefined;
  return { kind: 'ec2-move', region: snapshot.region, instanceType: inst.instanceType, os, targets };
}

/** Monthly GB-seconds of a function from its stored metric summaries, or undefined when they are missing. */
export function lambdaGbSecondsPerMonth(
  snapshot: Snapshot,
  functionName: string,
  memoryMiB: number,
): number | undefined {
  const dims = { FunctionName: functionName };
  const duration =
    snapshot.metrics[
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: dims,
        stat: 'Average',
        periodSeconds: 3600,
      })
    ];
  const invocations =
    snapshot.metrics[
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Invocations',
        dimensions: dims,
        stat: 'Sum',
        periodSeconds: 86_400,
      })
    ];
  if (!duration || !invocations || duration.mean === undefined || invocations.sum === undefined)
    return undefined;
  const days = invocations.windowDays > 0 ? invocations.windowDays : snapshot.window.days;
  if (!(days > 0)) return undefined;
  const perMonth = (invocations.sum / days) * (SECONDS_PER_MONTH / 86_400);
  return (memoryMiB / 1024) * (duration.mean / 1000) * perMonth;
}

function lambdaFacts(snapshot: Snapshot, f: Finding): PricingFacts | undefined {
  const fn = firstBy(snapshot.lambda?.functions, functionNameOf, f.resourceId);
  if (!fn || fn.architectures.includes('arm64')) return undefined;
  const gbs = lambdaGbSecondsPerMonth(snapshot, fn.functionName, fn.memoryMiB);
  if (gbs === undefined) return undefined;
  return {
    kind: 'lambda-arm64',
    region: snapshot.region,
    memoryMiB: fn.memoryMiB,
    gbSecondsPerMonth: Math.round(gbs),
  };
}

/** RDS engine -> the Price List's databaseEngine (engines with a license choice, Oracle and SQL Server, are not priced). */
export const PRICE_LIST_DB_ENGINE: Readonly<Record<string, string>> = {
  mysql: 'MySQL',
  postgres: 'PostgreSQL',
  mariadb: 'MariaDB',
  'aurora-mysql': 'Aurora MySQL',
  'aurora-postgresql': 'Aurora PostgreSQL',
};

/**
 * Sizes of a family from small to large with their size in "large" units (vCPUs / 2): one size down is the next
 * smaller one offered, and the ratio scales the measured CPU peak. Burstable sizes below large (micro, small,
 * medium) share their vCPUs and are not resized by CPU.
 */
export const SIZE_UNITS: Readonly<Record<string, number>> = {
  large: 1,
  xlarge: 2,
  '2xlarge': 4,
  '3xlarge': 6,
  '4xlarge': 8,
  '6xlarge': 12,
  '8xlarge': 16,
  '9xlarge': 18,
  '12xlarge': 24,
  '16xlarge': 32,
  '18xlarge': 36,
  '24xlarge': 48,
  '32xlarge': 64,
  '48xlarge': 96,
};

/** The checks whose `resize` is one size down (the CPU-saturated checks' resize is a size up: not priced). */
export const DOWNSIZE_CHECKS: ReadonlySet<string> = new Set([
  'ec2-instance-cpu-not-overprovisioned',
  'rds-instance-cpu-not-overprovisioned',
]);

/** EC2 sizes whose next size down has half the vCPUs and memory in every family. */
const EC2_HALF_SIZE: Readonly<Record<string, string>> = {
  xlarge: 'large',
  '2xlarge': 'xlarge',
  '4xlarge': '2xlarge',
};

/** A resize target keeps the measured peak at or below this share of the smaller size's CPU. */
export const RESIZE_MAX_PEAK_PERCENT = 100;

/**
 * Where DescribeOrderableDBInstanceOptions was not read: the classes RDS itself moved these families to at their
 * end of support (db.m4 -> db.m5, db.r4 -> db.r5, db.t2 -> db.t3, from June 2024; rds-instance-facts.ts).
 */
const RDS_SUCCESSOR: Readonly<Record<string, string>> = {
  'db.m4': 'db.m5',
  'db.r4': 'db.r5',
  'db.t2': 'db.t3',
};

/** The next smaller size of `parts`' family among `offered` (types or classes named `<family>.<size>`). */
function oneSizeDown(family: string, size: string, offered: readonly string[]): string | undefined {
  const units = SIZE_UNITS[size];
  if (units === undefined) return undefined;
  return offered
    .filter((t) => t.startsWith(`${family}.`))
    .map((t) => ({ t, u: SIZE_UNITS[t.slice(family.length + 1)] }))
    .filter((x): x is { t: string; u: number } => x.u !== undefined && x.u < units)
    .sort((a, b) => b.u - a.u)[0]?.t;
}

function rdsFacts(snapshot: Snapshot, f: Finding): PricingFacts | undefined {
  const rds = snapshot.rds;
  const db = firstBy(rds?.instances, dbInstanceIdOf, f.resourceId);
  if (!rds || !db || db.status === 'stopped' || db.status === 'stopping') return undefined;
  const databaseEngine = PRICE_LIST_DB_ENGINE[db.engine];
  const p = parseDbClass(db.dbInstanceClass);
  // An RDS for Oracle preconfigured class (db.r5b.4xlarge.tpc2.mem2x) has more memory than the standard class of
  // its size: no other class is like for like (and Oracle's license options are not priced anyway).
  if (!databaseEngine || !p || p.preconfigured) return undefined;
  const orderable = rds.orderableClasses?.[db.engine] ?? [];
  const change = f.remediation.change ?? [];
  const base = {
    kind: 'rds-move' as const,
    region: snapshot.region,
    dbInstanceClass: db.dbInstanceClass,
    databaseEngine,
    deploymentOption: db.multiAz ? ('Multi-AZ' as const) : ('Single-AZ' as const),
  };
  if (change.includes('generation')) {
    // Current classes of the same letters and size, newer generation; plain, Graviton (g), Intel (i) or AMD (a),
    // not the local-NVMe (d) variants; from the orderable options for the engine, else RDS's own successor.
    const targets =
      orderable.length > 0
        ? orderable.filter((c) => {
            const q = parseDbClass(c);
            return (
              q &&
              !q.preconfigured &&
              q.letters === p.letters &&
              q.size === p.size &&
              q.generation > p.generation &&
              /^[gia]?$/.test(q.attributes)
            );
          })
        : RDS_SUCCESSOR[p.family]
          ? [`${RDS_SUCCESSOR[p.family]}.${p.size}`]
          : [];
    const unique = [...new Set(targets)].sort();
    return unique.length > 0 ? { ...base, change: 'generation', targets: unique } : undefined;
  }
  // Only the over-provisioned check asks to go down a size (the saturated one's resize goes up).
  if (change.includes('resize') && DOWNSIZE_CHECKS.has(f.checkId)) {
    const peak =
      snapshot.metrics[
        metricKey({
          namespace: 'AWS/RDS',
          metricName: 'CPUUtilization',
          dimensions: { DBInstanceIdentifier: db.dbInstanceId },
          stat: 'Maximum',
          periodSeconds: 3600,
        })
      ]?.max;
    const target = oneSizeDown(p.family, p.size, orderable);
    return resizeFacts(base, p.size, target, peak);
  }
  return undefined;
}

/** One size down, priced only when the measured peak fits the smaller size (the vCPU ratio). */
function resizeFacts<B extends object>(
  base: B,
  size: string,
  target: string | undefined,
  peak: number | undefined,
):
  | (B & { change: 'resize'; targets: string[]; peakCpuPercent: number; targetPeakCpuPercent: number })
  | undefined {
  if (!target || peak === undefined || !Number.isFinite(peak)) return undefined;
  const from = SIZE_UNITS[size];
  const to = SIZE_UNITS[target.slice(target.lastIndexOf('.') + 1)];
  if (!from || !to) return undefined;
  const scaled = Math.round(((peak * from) / to) * 10) / 10;
  if (scaled > RESIZE_MAX_PEAK_PERCENT) return undefined;
  return {
    ...base,
    change: 'resize',
    targets: [target],
    peakCpuPercent: Math.round(peak * 10) / 10,
    targetPeakCpuPercent: scaled,
  };
}

/** ElastiCache engine -> the Price List's cacheEngine. */
export const PRICE_LIST_CACHE_ENGINE: Readonly<Record<string, string>> = {
  redis: 'Redis',
  memcached: 'Memcached',
  valkey: 'Valkey',
};

/**
 * The Price List request for one node hour of an ElastiCache node type, for a Price List cacheEngine: the scan's
 * estimate (lib/pricing/estimate.ts) and the radar (lib/radar/savings.ts) ask for the same SKU.
 */
export function elasticacheNodeRequest(
  region: string,
  instanceType: string,
  cacheEngine: string,
): PriceRequest {
  return { kind: 'elasticache-node', region, instanceType, cacheEngine };
}

/**
 * Current-generation node families a previous-generation family moves to, with the sizes each offers (ElastiCache
 * user guide, "Supported node types", checked 2026-12-05): general purpose (m1, m3) -> m5, m6g, m7g, and the
 * burstable t3/t4g for the micro/small/medium sizes no m family offers; memory optimized (m2, r3) -> r5, r6g, r7g;
 * t1 -> t3, t4g. cache.c1 has no current compute-optimized family: not priced.
 */
const CACHE_SIZES: Readonly<Record<string, readonly string[]>> = {
  'cache.m5': ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'],
  'cache.r5': ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'],
  'cache.m6g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.m7g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.r6g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.r7g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.t3': ['micro', 'small', 'medium'],
  'cache.t4g': ['micro', 'small', 'medium'],
};
const GENERAL = ['cache.m5', 'cache.m6g', 'cache.m7g', 'cache.t3', 'cache.t4g'];
const MEMORY = ['cache.r5', 'cache.r6g', 'cache.r7g'];
const CACHE_SUCCESSORS: Readonly<Record<string, readonly string[]>> = {
  'cache.m1': GENERAL,
  'cache.m3': GENERAL,
  'cache.m2': MEMORY,
  'cache.r3': MEMORY,
  'cache.t1': ['cache.t3', 'cache.t4g'],
};

/** `5.0.6` >= `5.0.6`: numeric comparison of dotted versions. */
function versionAtLeast(v: string | undefined, min: string): boolean {
  if (!v) return false;
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (!Number.isFinite(x)) return false;
    if (x !== y) return x > y;
  }
  return true;
}

/**
 * Graviton node types need Redis OSS 5.0.6+ or Memcached 1.5.16+ (any Valkey); unknown version: x86 only.
 * `engine` as DescribeCacheClusters names it (redis | memcached | valkey). The scan's estimate and the release
 * radar (lib/radar/compare.ts) both apply this rule.
 */
export function gravitonAllowed(engine: string, version: string | undefined): boolean {
  if (engine === 'valkey') return true;
  if (engine === 'redis') return versionAtLeast(version, '5.0.6');
  if (engine === 'memcached') return versionAtLeast(version, '1.5.16');
  return false;
}

function elasticacheFacts(snapshot: Snapshot, f: Finding): PricingFacts | undefined {
  const clusters = (snapshot.elasticache?.clusters ?? []).filter(
    (c) => (c.replicationGroupId ?? c.cacheClusterId) === f.resourceId,
  );
  const old = clusters.filter((c) => CACHE_SUCCESSORS[c.nodeType.slice(0, c.nodeType.lastIndexOf('.'))]);
  const first = old[0];
  // One previous-generation type and engine per cache (a mixed one is not priced).
  if (!first || old.some((c) => c.nodeType !== first.nodeType || c.engine !== first.engine)) return undefined;
  const cacheEngine = PRICE_LIST_CACHE_ENGINE[first.engine];
  if (!cacheEngine) return undefined;
  const dot = first.nodeType.lastIndexOf('.');
  const size = first.nodeType.slice(dot + 1);
  const graviton = gravitonAllowed(first.engine, first.engineVersion);
  const targets = (CACHE_SUCCESSORS[first.nodeType.slice(0, dot)] ?? [])
    .filter((fam) => CACHE_SIZES[fam]?.includes(size) && (graviton || !fam.endsWith('g')))
    .map((fam) => `${fam}.${size}`);
  const nodes = old.reduce((n, c) => n + c.numNodes, 0);
  if (targets.length === 0 || !(nodes > 0)) return undefined;
  return {
    kind: 'elasticache-move',
    region: snapshot.region,
    nodeType: first.nodeType,
    cacheEngine,
    nodes,
    targets,
  };
}

/** The pricing facts of a failing finding whose change perfscan prices, else undefined. */
export function pricingFacts(snapshot: Snapshot, f: Finding): PricingFacts | undefined {
  // Compute Optimizer's findings are priced by Compute Optimizer (or not at all): our own check prices the change.
  if (f.status !== 'fail' || f.suppressedBy || f.service === 'computeoptimizer') return undefined;
  if (f.remediation.estimatedMonthlySavingsUsd !== undefined) return undefined;
  const change = f.remediation.change ?? [];
  if (f.resourceType === 'AWS::EC2::Volume' && change.includes('storage-type')) return ebsFacts(snapshot, f);
  if (
    f.resourceType === 'AWS::EC2::Instance' &&
    (change.includes('architecture') || change.includes('generation') || change.includes('resize'))
  )
    return ec2Facts(snapshot, f);
  if (
    f.resourceType === 'AWS::RDS::DBInstance' &&
    (change.includes('generation') || change.includes('resize'))
  )
    return rdsFacts(snapshot, f);
  if (
    (f.resourceType === 'AWS::ElastiCache::CacheCluster' ||
      f.resourceType === 'AWS::ElastiCache::ReplicationGroup') &&
    change.includes('generation')
  )
    return elasticacheFacts(snapshot, f);
  if (f.resourceType === 'AWS::Lambda::Function' && change.includes('architecture'))
    return lambdaFacts(snapshot, f);
  return undefined;
}

/** Where Compute Optimizer's own figure is kept: labelled with its source (no price list involved). */
const COMPUTE_OPTIMIZER_BASIS: SavingsBasis = {
  source: 'compute-optimizer',
  priceType: "Compute Optimizer's estimate",
  note:
    "AWS Compute Optimizer's estimated monthly savings for its top recommendation option (after the discounts " +
    'it knows when its savings estimation mode is on, else at on-demand prices).',
};

/** A finding with an AWS figure and no basis yet gets its source (Compute Optimizer's, today). */
export function labelAwsSaving(f: Finding): Finding {
  if (
    f.remediation.estimatedMonthlySavingsUsd === undefined ||
    f.remediation.savings ||
    f.service !== 'computeoptimizer'
  )
    return f;
  return { ...f, remediation: { ...f.remediation, savings: COMPUTE_OPTIMIZER_BASIS } };
}

/** A finding with a price-list saving: current minus target, never below 0, with its basis. */
export function withSaving(f: Finding, basis: SavingsBasis): Finding {
  const saving = Math.max(
    0,
    Math.round(((basis.current?.monthlyUsd ?? 0) - (basis.target?.monthlyUsd ?? 0)) * 100) / 100,
  );
  return { ...f, remediation: { ...f.remediation, estimatedMonthlySavingsUsd: saving, savings: basis } };
}
