/**
 * What AWS offers in a region, as one scan unit saw it, and the estate's resources that could move to
 * something new (the release radar, lib/radar). Stored per unit beside the snapshot (lib/store), compared by
 * `perfscan radar` and the deployed Radar Lambda with what the region offers now.
 */
import type { Gap } from './snapshot.js';

export const OFFERINGS_SCHEMA_VERSION = 1;

/**
 * One EC2 instance type offered in the region (DescribeInstanceTypes): name, CurrentGeneration, supported
 * architectures and the processor's manufacturer (`AWS` = Graviton, `Intel`, `AMD`, `Apple`).
 */
export interface Ec2TypeOffering {
  type: string;
  current: boolean;
  architectures: string[];
  manufacturer?: string;
}

/** One group of resources of the estate that share what a move depends on, counted, with the first ids. */
export interface EstateGroup {
  count: number;
  /** The first resource ids of the group (at most ESTATE_IDS_PER_GROUP): the item stays bounded. */
  ids: string[];
}

export const ESTATE_IDS_PER_GROUP = 20;

/** The resources of a unit that a new offering could concern, grouped (bounded by kinds, not by resources). */
export interface EstateInventory {
  /** Running or stopped EC2 instances by type, architecture and Price List operating system. */
  ec2: (EstateGroup & { type: string; architecture: string; os?: 'Linux' | 'Windows'; spot?: boolean })[];
  /** DB instances by class and engine (version and deployment for pricing). */
  rds: (EstateGroup & { cls: string; engine: string; engineVersion?: string; multiAz?: boolean })[];
  /** Cache clusters by node type, engine and engine version (Graviton node types need a recent one); `count` counts nodes. */
  elasticache: (EstateGroup & { nodeType: string; engine: string; engineVersion?: string })[];
  /** Functions by runtime and architecture. */
  lambda: (EstateGroup & { runtime: string; architecture: string })[];
}

/** What a unit's region offers, for the services with resources in it. */
export interface Offerings {
  /** Every instance type offered in the region (when the unit has EC2 instances). */
  ec2?: Ec2TypeOffering[];
  /** DB instance classes orderable per engine in use (for the engine versions in use). */
  rds?: Record<string, { versions: string[]; classes: string[] }>;
  /** ElastiCache node types offered per product (redis, valkey, memcached), from the reserved-node offerings. */
  elasticache?: Record<string, string[]>;
  /**
   * Lambda architectures and runtimes. Lambda has no API that lists them per region: they are the values of
   * the Lambda API model shipped with perfscan's SDK (`source: 'sdk-model'`), so a new runtime shows once
   * perfscan is updated (docs/radar.md).
   */
  lambda?: { architectures: string[]; runtimes: string[]; source: 'sdk-model' };
}

export interface UnitOfferings extends Offerings {
  schemaVersion: number;
  scanId: string;
  accountId: string;
  region: string;
  collectedAt: string;
  estate: EstateInventory;
  /** Offerings that could not be read (that part is absent and is not compared). */
  gaps: Gap[];
}

export function emptyEstate(): EstateInventory {
  return { ec2: [], rds: [], elasticache: [], lambda: [] };
}
