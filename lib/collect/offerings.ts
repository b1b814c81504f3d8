/**
 * What AWS offers in a unit's region, for the release radar (lib/radar, docs/radar.md). Read only for the
 * services that have resources in the region, with one paginated list call each or none:
 *
 * - EC2: every instance type of the region with CurrentGeneration, architectures and processor manufacturer
 *   (DescribeInstanceTypes, 100 a page, ~9 pages in a large region). The radar itself asks only for the names
 *   (DescribeInstanceTypeOfferings, 1,000 a page: one call) and describes just the new ones.
 * - RDS: the classes orderable for the engines and versions in use. A scan reuses what the RDS collector
 *   already read (`rds.orderableClasses`: no extra call); the radar asks DescribeOrderableDBInstanceOptions once
 *   per engine version in use (1,000 a page).
 * - ElastiCache: node types per product, from DescribeReservedCacheNodesOfferings filtered to one term and one
 *   offering type (ElastiCache has no "orderable node types" API; every on-demand node type has a reserved
 *   offering), 100 a page.
 * - Lambda: no API lists runtimes or architectures; they come from the Lambda API model of the SDK perfscan
 *   ships with (no call).
 * A failed call is a gap on that part only; the part is then absent and never compared.
 */
import {
  EC2Client,
  paginateDescribeInstanceTypeOfferings,
  paginateDescribeInstanceTypes,
  type InstanceTypeInfo,
} from '@aws-sdk/client-ec2';
import { ElastiCacheClient, paginateDescribeReservedCacheNodesOfferings } from '@aws-sdk/client-elasticache';
import { RDSClient, paginateDescribeOrderableDBInstanceOptions } from '@aws-sdk/client-rds';
import {
  ESTATE_IDS_PER_GROUP,
  OFFERINGS_SCHEMA_VERSION,
  emptyEstate,
  type Ec2TypeOffering,
  type EstateGroup,
  type EstateInventory,
  type Gap,
  type Offerings,
  type Snapshot,
  type UnitOfferings,
} from '#lib/model/index.js';
import { operatingSystemOf } from '#lib/pricing/estimate.js';
import { toGap } from './errors.js';
import type { ClientFactory } from './types.js';
import { LAMBDA_ARCHITECTURES, LAMBDA_RUNTIMES } from './lambda-model.js';

/** DescribeInstanceTypes: MaxResults at most 100. */
export const INSTANCE_TYPES_PAGE = 100;
/** DescribeInstanceTypeOfferings: MaxResults at most 1,000. */
export const INSTANCE_TYPE_OFFERINGS_PAGE = 1000;
/** DescribeOrderableDBInstanceOptions: MaxRecords at most 1,000. */
export const ORDERABLE_PAGE = 1000;
/** DescribeReservedCacheNodesOfferings: MaxRecords 20-100. */
export const CACHE_OFFERINGS_PAGE = 100;

/**
 * One term and one payment option: each node type appears once per product instead of once per term x
 * option x product (the filter values the ElastiCache API reference documents).
 */
export const CACHE_OFFERING_FILTER = { Duration: '1', OfferingType: 'No Upfront' } as const;

/** IAM actions the offerings need in a scan (the collectors declare them) and in the radar. */
export const RADAR_IAM_ACTIONS = [
  'ec2:DescribeInstanceTypeOfferings',
  'ec2:DescribeInstanceTypes',
  'rds:DescribeOrderableDBInstanceOptions',
  'elasticache:DescribeReservedCacheNodesOfferings',
] as const;

function group<T extends EstateGroup>(
  map: Map<string, T>,
  key: string,
  make: () => Omit<T, keyof EstateGroup>,
  id: string,
  n = 1,
): void {
  let g = map.get(key);
  if (!g) {
    g = { ...make(), count: 0, ids: [] } as unknown as T;
    map.set(key, g);
  }
  g.count += n;
  if (g.ids.length < ESTATE_IDS_PER_GROUP) g.ids.push(id);
}

const sortedValues = <T>(m: Map<string, T>): T[] =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** The unit's resources a new offering could concern, grouped by what a move depends on (bounded). */
export function estateOf(snapshot: Snapshot): EstateInventory {
  const out = emptyEstate();
  const ec2 = new Map<string, EstateInventory['ec2'][number]>();
  for (const i of snapshot.ec2?.instances ?? []) {
    if (i.state !== 'running' && i.state !== 'stopped') continue;
    const architecture = i.architecture ?? 'x86_64';
    const os = operatingSystemOf(i.platform);
    const spot = i.lifecycle === 'spot';
    group(
      ec2,
      `${i.instanceType}|${architecture}|${os ?? ''}|${spot}`,
      () => ({ type: i.instanceType, architecture, ...(os ? { os } : {}), ...(spot ? { spot } : {}) }),
      i.instanceId,
    );
  }
  out.ec2 = sortedValues(ec2);
  const rds = new Map<string, EstateInventory['rds'][number]>();
  for (const i of snapshot.rds?.instances ?? []) {
    if (i.engine === 'unknown' || i.dbInstanceClass === 'db.serverless') continue;
    group(
      rds,
      `${i.dbInstanceClass}|${i.engine}|${i.engineVersion ?? ''}|${i.multiAz ?? ''}`,
      () => ({
        cls: i.dbInstanceClass,
        engine: i.engine,
        ...(i.engineVersion ? { engineVersion: i.engineVersion } : {}),
        ...(i.multiAz !== undefined ? { multiAz: i.multiAz } : {}),
      }),
      i.dbInstanceId,
    );
  }
  out.rds = sortedValues(rds);
  const cache = new Map<string, EstateInventory['elasticache'][number]>();
  for (const c of snapshot.elasticache?.clusters ?? []) {
    group(
      cache,
      `${c.nodeType}|${c.engine}|${c.engineVersion ?? ''}`,
      () => ({
        nodeType: c.nodeType,
        engine: c.engine,
        ...(c.engineVersion ? { engineVersion: c.engineVersion } : {}),
      }),
      c.cacheClusterId,
      Math.max(1, c.numNodes),
    );
  }
  out.elasticache = sortedValues(cache);
  const fns = new Map<string, EstateInventory['lambda'][number]>();
  for (const f of snapshot.lambda?.functions ?? []) {
    if (!f.runtime) continue; // container images choose their runtime themselves
    const architecture = f.architectures[0] ?? 'x86_64';
    group(fns, `${f.runtime}|${architecture}`, () => ({ runtime: f.runtime!, architecture }), f.functionName);
  }
  out.lambda = sortedValues(fns);
  return out;
}

export function ec2TypeOffering(t: InstanceTypeInfo): Ec2TypeOffering | undefined {
  if (!t.InstanceType) return undefined;
  return {
    type: t.InstanceType,
    current: t.CurrentGeneration === true,
    architectures: [...(t.ProcessorInfo?.SupportedArchitectures ?? [])].sort(),
    ...(t.ProcessorInfo?.Manufacturer ? { manufacturer: t.ProcessorInfo.Manufacturer } : {}),
  };
}

const byType = (a: Ec2TypeOffering, b: Ec2TypeOffering) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);

/** Every instance type of the region with its facts (DescribeInstanceTypes, 100 a page). */
export async function listEc2Offerings(clients: ClientFactory, region: string): Promise<Ec2TypeOffering[]> {
  const client = clients.get(EC2Client, region);
  const out: Ec2TypeOffering[] = [];
  for await (const page of paginateDescribeInstanceTypes({ client, pageSize: INSTANCE_TYPES_PAGE }, {}))
    for (const t of page.InstanceTypes ?? []) {
      const o = ec2TypeOffering(t);
      if (o) out.push(o);
    }
  return out.sort(byType);
}

/** The names of the instance types offered in the region (DescribeInstanceTypeOfferings: one call of 1,000). */
export async function listEc2OfferedNames(clients: ClientFactory, region: string): Promise<string[]> {
  const client = clients.get(EC2Client, region);
  const out = new Set<string>();
  for await (const page of paginateDescribeInstanceTypeOfferings(
    { client, pageSize: INSTANCE_TYPE_OFFERINGS_PAGE },
    { LocationType: 'region' },
  ))
    for (const o of page.InstanceTypeOfferings ?? []) if (o.InstanceType) out.add(o.InstanceType);
  return [...out].sort();
}

/** Facts of the named types, 100 names a call (no MaxResults with a name list). */
export async function describeEc2Types(
  clients: ClientFactory,
  region: string,
  names: readonly string[],
): Promise<Ec2TypeOffering[]> {
  const client = clients.get(EC2Client, region);
  const out: Ec2TypeOffering[] = [];
  for (let i = 0; i < names.length; i += INSTANCE_TYPES_PAGE) {
    for await (const page of paginateDescribeInstanceTypes(
      { client },
      { InstanceTypes: names.slice(i, i + INSTANCE_TYPES_PAGE) as never[] },
    ))
      for (const t of page.InstanceTypes ?? []) {
        const o = ec2TypeOffering(t);
        if (o) out.push(o);
      }
  }
  return out.sort(byType);
}

/** The classes orderable for one engine, unioned over the versions given (one paginated call per version). */
export async function listRdsClasses(
  clients: ClientFactory,
  region: string,
  engine: string,
  versions: readonly string[],
): Promise<string[]> {
  const client = clients.get(RDSClient, region);
  const out = new Set<string>();
  for (const version of versions.length > 0 ? versions : ['']) {
    for await (const page of paginateDescribeOrderableDBInstanceOptions(
      { client, pageSize: ORDERABLE_PAGE },
      { Engine: engine, ...(version ? { EngineVersion: version } : {}), Vpc: true },
    ))
      for (const o of page.OrderableDBInstanceOptions ?? [])
        if (o.DBInstanceClass) out.add(o.DBInstanceClass);
  }
  return [...out].sort();
}

/** Node types per product (redis, valkey, memcached) from the reserved-node offerings of one term and option. */
export async function listCacheNodeTypes(
  clients: ClientFactory,
  region: string,
): Promise<Record<string, string[]>> {
  const client = clients.get(ElastiCacheClient, region);
  const byProduct = new Map<string, Set<string>>();
  for await (const page of paginateDescribeReservedCacheNodesOfferings(
    { client, pageSize: CACHE_OFFERINGS_PAGE },
    { ...CACHE_OFFERING_FILTER },
  ))
    for (const o of page.ReservedCacheNodesOfferings ?? []) {
      if (!o.CacheNodeType || !o.ProductDescription) continue;
      const product = o.ProductDescription.toLowerCase();
      const set = byProduct.get(product) ?? new Set<string>();
      set.add(o.CacheNodeType);
      byProduct.set(product, set);
    }
  return Object.fromEntries(
    [...byProduct.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, s]) => [p, [...s].sort()]),
  );
}

/** Lambda's architectures and runtimes from the SDK's API model (Lambda has no listing API). */
export function lambdaOfferings(): NonNullable<Offerings['lambda']> {
  return {
    architectures: [...LAMBDA_ARCHITECTURES].sort(),
    runtimes: [...LAMBDA_RUNTIMES].sort(),
    source: 'sdk-model',
  };
}

/** Engine -> versions in use, from the estate. */
export function rdsEnginesInUse(estate: EstateInventory): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const g of estate.rds) {
    const set = out.get(g.engine) ?? new Set<string>();
    if (g.engineVersion) set.add(g.engineVersion);
    out.set(g.engine, set);
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([e, s]) => [e, [...s].sort()]));
}

async function part<T>(
  gaps: Gap[],
  where: { service: Gap['service']; slice: string; action: string },
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    gaps.push(toGap(err, where)); // rethrows an undeclared action (a programming error)
    return undefined;
  }
}

export interface CollectOfferingsInput {
  clients: ClientFactory;
  snapshot: Snapshot;
}

/**
 * A scan unit's offerings: for each service with resources in the region, what the region offers, and the
 * estate inventory the radar matches new offerings against. Never throws for an AWS failure (gaps).
 */
export async function collectOfferings({ clients, snapshot }: CollectOfferingsInput): Promise<UnitOfferings> {
  const estate = estateOf(snapshot);
  const region = snapshot.region;
  const gaps: Gap[] = [];
  const out: UnitOfferings = {
    schemaVersion: OFFERINGS_SCHEMA_VERSION,
    scanId: snapshot.scanId,
    accountId: snapshot.accountId,
    region,
    collectedAt: snapshot.collectedAt,
    estate,
    gaps,
  };
  const [ec2, cache] = await Promise.all([
    estate.ec2.length > 0
      ? part(gaps, { service: 'ec2', slice: 'offerings.ec2', action: 'ec2:DescribeInstanceTypes' }, () =>
          listEc2Offerings(clients, region),
        )
      : undefined,
    estate.elasticache.length > 0
      ? part(
          gaps,
          {
            service: 'elasticache',
            slice: 'offerings.elasticache',
            action: 'elasticache:DescribeReservedCacheNodesOfferings',
          },
          () => listCacheNodeTypes(clients, region),
        )
      : undefined,
  ]);
  if (ec2) out.ec2 = ec2;
  if (cache) out.elasticache = cache;
  // RDS: what the RDS collector read for the engine versions in use (an engine it could not read is absent).
  const orderable = snapshot.rds?.orderableClasses;
  if (estate.rds.length > 0 && orderable) {
    const rds: NonNullable<Offerings['rds']> = {};
    for (const [engine, versions] of rdsEnginesInUse(estate)) {
      const classes = orderable[engine];
      if (classes) rds[engine] = { versions, classes: [...classes].sort() };
    }
    out.rds = rds;
  }
  if (estate.lambda.length > 0) out.lambda = lambdaOfferings();
  return out;
}
