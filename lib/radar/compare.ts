/**
 * The release radar's comparison (pure): what a region offers now against what the stored scans of that region
 * saw (the union over its units, so something one account already saw is not new), and which of the estate's
 * resources could move to what is new (lib/radar/moves.ts). No AWS call, no clock: inputs in, report out.
 */
import type { Ec2TypeOffering, EstateInventory, Gap, UnitOfferings } from '#lib/model/index.js';
import { familyOf } from '#lib/checks/instance-families.js';
import { gravitonAllowed } from '#lib/pricing/facts.js';
import { moveKind, runtimeUpgrade, withoutPrefix, type MoveKind } from './moves.js';

export type RadarService = 'ec2' | 'rds' | 'elasticache' | 'lambda';

/** What the stored scans of one region saw (the union of its units' offerings) and the estate there. */
export interface RegionBaseline {
  region: string;
  /** Instance types any unit saw (absent: no unit of the region stored EC2 offerings). */
  ec2?: Set<string>;
  /** Engine -> versions in use and classes any unit saw orderable. */
  rds?: Map<string, { versions: Set<string>; classes: Set<string> }>;
  /** Product -> node types any unit saw. */
  elasticache?: Map<string, Set<string>>;
  lambda?: { architectures: Set<string>; runtimes: Set<string> };
  /** Each unit's estate: the resources a new offering could concern. */
  estates: { accountId: string; scanId: string; collectedAt: string; estate: EstateInventory }[];
}

/** What the region offers now (a handful of calls, lib/radar/run.ts). A part that could not be read is absent. */
export interface RegionNow {
  region: string;
  /** Names offered now and the facts of the ones new to the baseline. */
  ec2?: { names: string[]; facts: Record<string, Ec2TypeOffering> };
  rds?: Record<string, string[]>;
  elasticache?: Record<string, string[]>;
  lambda?: { architectures: string[]; runtimes: string[] };
  gaps: Gap[];
  /** API calls made for this region. */
  apiCalls: number;
}

/** A new family (or runtime, architecture) in a region, with its new names. */
export interface NewOffering {
  service: RadarService;
  region: string;
  /** `m8g`, `db.m8g` (with its engine), `cache.m8g` (with its product), `nodejs24.x`, `arm64`. */
  family: string;
  names: string[];
  /** RDS engine or ElastiCache product it is offered for. */
  engine?: string;
  /** EC2: architectures and processor maker of the new types, e.g. `arm64, AWS`. */
  facts?: string;
}

/** A saving estimate at list price for one move, or why there is none. */
export type MoveSaving =
  | { monthlyUsd: number; perResourceUsd: { from: number; to: number }; priceListDate: string; basis: string }
  | { unpriced: string };

/** Resources of one kind that could move to one new offering. */
export interface Move {
  service: RadarService;
  region: string;
  accountId: string;
  kind: MoveKind;
  from: string;
  to: string;
  /** The new family it belongs to (matches NewOffering.family). */
  family: string;
  count: number;
  /** The first resource ids (at most ESTATE_IDS_PER_GROUP per stored group). */
  ids: string[];
  engine?: string;
  /** RDS, ElastiCache: the engine version of the resources (absent: not known to the stored scan). */
  engineVersion?: string;
  /** EC2: Price List operating system; RDS: deployment. */
  os?: 'Linux' | 'Windows';
  spot?: boolean;
  multiAz?: boolean;
  saving?: MoveSaving;
}

export interface RadarRegion {
  region: string;
  /** The scans the baseline comes from, and when they read the offerings. */
  baseline: { scans: string[]; collectedAt: string[] };
  newOfferings: NewOffering[];
  moves: Move[];
  gaps: Gap[];
  apiCalls: number;
}

/** The union of a region's stored unit offerings, and their estates. */
export function baselineOf(region: string, units: readonly UnitOfferings[]): RegionBaseline {
  const b: RegionBaseline = { region, estates: [] };
  for (const u of units) {
    b.estates.push({
      accountId: u.accountId,
      scanId: u.scanId,
      collectedAt: u.collectedAt,
      estate: u.estate,
    });
    if (u.ec2) {
      b.ec2 ??= new Set();
      for (const t of u.ec2) b.ec2.add(t.type);
    }
    if (u.rds) {
      b.rds ??= new Map();
      for (const [engine, o] of Object.entries(u.rds)) {
        const e = b.rds.get(engine) ?? { versions: new Set<string>(), classes: new Set<string>() };
        for (const v of o.versions) e.versions.add(v);
        for (const c of o.classes) e.classes.add(c);
        b.rds.set(engine, e);
      }
    }
    if (u.elasticache) {
      b.elasticache ??= new Map();
      for (const [p, types] of Object.entries(u.elasticache)) {
        const s = b.elasticache.get(p) ?? new Set<string>();
        for (const t of types) s.add(t);
        b.elasticache.set(p, s);
      }
    }
    if (u.lambda) {
      b.lambda ??= { architectures: new Set(), runtimes: new Set() };
      for (const a of u.lambda.architectures) b.lambda.architectures.add(a);
      for (const r of u.lambda.runtimes) b.lambda.runtimes.add(r);
    }
  }
  return b;
}

function byFamily(names: readonly string[], prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of [...names].sort()) {
    const f = `${prefix}${familyOf(withoutPrefix(n))}`;
    out.set(f, [...(out.get(f) ?? []), n]);
  }
  return out;
}

/** ElastiCache products per engine: the reserved offerings name products as the engines are named. */
function productOf(engine: string): string {
  return engine.toLowerCase();
}

/** What is new in the region and who could move to it. */
export function compareRegion(b: RegionBaseline, now: RegionNow): RadarRegion {
  const out: RadarRegion = {
    region: b.region,
    baseline: {
      scans: [...new Set(b.estates.map((e) => e.scanId))].sort(),
      collectedAt: [...new Set(b.estates.map((e) => e.collectedAt))].sort(),
    },
    newOfferings: [],
    moves: [],
    gaps: now.gaps,
    apiCalls: now.apiCalls,
  };
  const region = b.region;

  // EC2: new current-generation types.
  if (b.ec2 && now.ec2) {
    const seen = b.ec2;
    const fresh = now.ec2.names.filter((n) => !seen.has(n));
    // A type whose facts could not be read is still new; without facts it is assumed current (it was just released).
    const current = fresh.filter((n) => now.ec2!.facts[n]?.current !== false);
    for (const [family, names] of byFamily(current)) {
      const facts = names.map((n) => now.ec2!.facts[n]).find((f) => f !== undefined);
      out.newOfferings.push({
        service: 'ec2',
        region,
        family,
        names,
        ...(facts
          ? {
              facts: [...facts.architectures, ...(facts.manufacturer ? [facts.manufacturer] : [])].join(', '),
            }
          : {}),
      });
      for (const { accountId, estate } of b.estates)
        for (const g of estate.ec2)
          for (const to of names) {
            const kind = moveKind(g.type, to, g.os);
            if (!kind) continue;
            out.moves.push({
              service: 'ec2',
              region,
              accountId,
              kind,
              from: g.type,
              to,
              family,
              count: g.count,
              ids: g.ids,
              ...(g.os ? { os: g.os } : {}),
              ...(g.spot ? { spot: true } : {}),
            });
          }
    }
  }

  // RDS: classes newly orderable for an engine in use.
  if (b.rds && now.rds) {
    for (const [engine, classes] of Object.entries(now.rds)) {
      const seen = b.rds.get(engine)?.classes;
      if (!seen) continue; // an engine the baseline did not read is not compared
      const fresh = classes.filter((c) => !seen.has(c) && c !== 'db.serverless');
      for (const [family, names] of byFamily(fresh, 'db.')) {
        out.newOfferings.push({ service: 'rds', region, family, names, engine });
        for (const { accountId, estate } of b.estates)
          for (const g of estate.rds) {
            if (g.engine !== engine) continue;
            for (const to of names) {
              const kind = moveKind(withoutPrefix(g.cls), withoutPrefix(to));
              if (!kind) continue;
              out.moves.push({
                service: 'rds',
                region,
                accountId,
                kind,
                from: g.cls,
                to,
                family,
                engine,
                ...(g.engineVersion ? { engineVersion: g.engineVersion } : {}),
                count: g.count,
                ids: g.ids,
                ...(g.multiAz !== undefined ? { multiAz: g.multiAz } : {}),
              });
            }
          }
      }
    }
  }

  // ElastiCache: node types newly offered for a product.
  if (b.elasticache && now.elasticache) {
    for (const [product, types] of Object.entries(now.elasticache)) {
      const seen = b.elasticache.get(product);
      if (!seen) continue;
      const fresh = types.filter((t) => !seen.has(t));
      for (const [family, names] of byFamily(fresh, 'cache.')) {
        out.newOfferings.push({ service: 'elasticache', region, family, names, engine: product });
        for (const { accountId, estate } of b.estates)
          for (const g of estate.elasticache) {
            if (productOf(g.engine) !== product) continue;
            for (const to of names) {
              const kind = moveKind(withoutPrefix(g.nodeType), withoutPrefix(to));
              if (!kind) continue;
              // Graviton node types need Redis OSS 5.0.6+ or Memcached 1.5.16+ (any Valkey), the scan's own rule
              // (lib/pricing/facts.ts); an older or unknown version gets no Graviton move it could not make.
              if (kind === 'graviton' && !gravitonAllowed(g.engine.toLowerCase(), g.engineVersion)) continue;
              out.moves.push({
                service: 'elasticache',
                region,
                accountId,
                kind,
                from: g.nodeType,
                to,
                family,
                engine: g.engine,
                ...(g.engineVersion ? { engineVersion: g.engineVersion } : {}),
                count: g.count,
                ids: g.ids,
              });
            }
          }
      }
    }
  }

  // Lambda: a new architecture or runtime.
  if (b.lambda && now.lambda) {
    const seen = b.lambda;
    for (const arch of now.lambda.architectures.filter((a) => !seen.architectures.has(a))) {
      out.newOfferings.push({ service: 'lambda', region, family: arch, names: [arch] });
      if (arch !== 'arm64') continue;
      for (const { accountId, estate } of b.estates)
        for (const g of estate.lambda)
          if (g.architecture === 'x86_64')
            out.moves.push({
              service: 'lambda',
              region,
              accountId,
              kind: 'architecture',
              from: `${g.runtime} x86_64`,
              to: `${g.runtime} arm64`,
              family: arch,
              count: g.count,
              ids: g.ids,
            });
    }
    for (const runtime of now.lambda.runtimes.filter((r) => !seen.runtimes.has(r))) {
      out.newOfferings.push({ service: 'lambda', region, family: runtime, names: [runtime] });
      for (const { accountId, estate } of b.estates)
        for (const g of estate.lambda)
          if (runtimeUpgrade(g.runtime, runtime))
            out.moves.push({
              service: 'lambda',
              region,
              accountId,
              kind: 'runtime',
              from: g.runtime,
              to: runtime,
              family: runtime,
              count: g.count,
              ids: g.ids,
            });
    }
  }
  return out;
}

/**
 * Moves per resource group: the same resources can move to several new types (m8g.large for m5.large and
 * m7g.large alike); counted once per group of resources in the totals.
 */
export function resourcesThatCouldMove(moves: readonly Move[]): number {
  const groups = new Map<string, number>();
  for (const m of moves)
    groups.set(
      `${m.service}|${m.region}|${m.accountId}|${m.from}|${m.engine ?? ''}|${m.engineVersion ?? ''}|${m.os ?? ''}|${m.spot ?? ''}|${m.multiAz ?? ''}`,
      m.count,
    );
  return [...groups.values()].reduce((a, b) => a + b, 0);
}
