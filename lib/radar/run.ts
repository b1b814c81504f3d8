/**
 * Run the release radar: for each region of the estate, read the stored offerings of its units (the baseline,
 * written by the last scan of each unit), ask AWS what the region offers now with a handful of calls (no full
 * scan), and compare (lib/radar/compare.ts). Regions go one at a time, so memory holds one region's baseline.
 *
 * Calls per region, only for the services the baseline has: EC2 DescribeInstanceTypeOfferings (1,000 names a
 * page: one call) and DescribeInstanceTypes for the new names only (100 a call, none when nothing is new); RDS
 * DescribeOrderableDBInstanceOptions per engine version in use; ElastiCache DescribeReservedCacheNodesOfferings
 * (one term and option: one or two pages). Lambda: none (lib/collect/lambda-model.ts).
 */
import type { Gap, UnitOfferings } from '#lib/model/index.js';
import type { ClientFactory } from '#lib/collect/types.js';
import {
  describeEc2Types,
  lambdaOfferings,
  listCacheNodeTypes,
  listEc2OfferedNames,
  listRdsClasses,
} from '#lib/collect/offerings.js';
import { toGap } from '#lib/collect/errors.js';
import type { FindingsStore, LatestOfferings } from '#lib/store/types.js';
import {
  baselineOf,
  compareRegion,
  resourcesThatCouldMove,
  type Move,
  type RadarRegion,
  type RegionBaseline,
  type RegionNow,
} from './compare.js';

/** A ClientFactory that counts the calls it sends (the radar reports calls per region). */
export type CountingClients = ClientFactory & { calls(): number };

export interface RadarOptions {
  store: FindingsStore;
  /** Clients for a region (the caller's credentials: offerings are the region's, not an account's). */
  clientsFor(region: string): CountingClients;
  /** Only these regions / accounts (default: every stored unit). */
  regions?: readonly string[];
  accounts?: readonly string[];
  /** Prices the moves (lib/radar/savings.ts); absent: every move says it was not priced and why. */
  price?(moves: Move[]): Promise<void>;
  /** Why moves are unpriced when `price` is absent. */
  unpricedReason?: string;
  /** The comparison's time (ISO), for the report. */
  now: string;
}

export interface RadarReport {
  comparedAt: string;
  regions: RadarRegion[];
  totals: {
    regions: number;
    newOfferings: number;
    /** Resources that could move to something new (each counted once). */
    resources: number;
    /** Sum of the priced moves' monthly savings (the best priced move per resource group). */
    monthlyUsd: number;
    pricedMoves: number;
    unpricedMoves: number;
    apiCalls: number;
  };
  /** True when something new concerns the estate: the deployed radar starts a scan only then. */
  concernsEstate: boolean;
  /** A line naming what changed and who could move (the scan's `reason`), empty when nothing concerns. */
  reason: string;
}

/** The stored pointers grouped by region, filtered by the options. */
export function unitsByRegion(
  pointers: readonly LatestOfferings[],
  opts: Pick<RadarOptions, 'regions' | 'accounts'>,
): Map<string, LatestOfferings[]> {
  const out = new Map<string, LatestOfferings[]>();
  for (const p of pointers) {
    if (opts.regions && !opts.regions.includes(p.region)) continue;
    if (opts.accounts && !opts.accounts.includes(p.accountId)) continue;
    out.set(p.region, [...(out.get(p.region) ?? []), p]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function part<T>(
  gaps: Gap[],
  where: { service: Gap['service']; slice: string; action: string },
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    gaps.push(toGap(err, where));
    return undefined;
  }
}

/** What the region offers now, for the parts its baseline has. */
export async function offeringsNow(b: RegionBaseline, clients: CountingClients): Promise<RegionNow> {
  const region = b.region;
  const before = clients.calls();
  const gaps: Gap[] = [];
  const now: RegionNow = { region, gaps, apiCalls: 0 };
  const tasks: Promise<void>[] = [];
  if (b.ec2) {
    const seen = b.ec2;
    tasks.push(
      (async () => {
        const names = await part(
          gaps,
          { service: 'ec2', slice: 'offerings.ec2', action: 'ec2:DescribeInstanceTypeOfferings' },
          () => listEc2OfferedNames(clients, region),
        );
        if (!names) return;
        const fresh = names.filter((n) => !seen.has(n));
        const facts: Record<string, NonNullable<RegionNow['ec2']>['facts'][string]> = {};
        if (fresh.length > 0) {
          const described = await part(
            gaps,
            { service: 'ec2', slice: 'offerings.ec2.facts', action: 'ec2:DescribeInstanceTypes' },
            () => describeEc2Types(clients, region, fresh),
          );
          for (const t of described ?? []) facts[t.type] = t;
        }
        now.ec2 = { names, facts };
      })(),
    );
  }
  if (b.rds) {
    const engines = [...b.rds.entries()];
    tasks.push(
      (async () => {
        const out: Record<string, string[]> = {};
        for (const [engine, { versions }] of engines) {
          const classes = await part(
            gaps,
            {
              service: 'rds',
              slice: `offerings.rds.${engine}`,
              action: 'rds:DescribeOrderableDBInstanceOptions',
            },
            () => listRdsClasses(clients, region, engine, [...versions].sort()),
          );
          if (classes) out[engine] = classes;
        }
        now.rds = out;
      })(),
    );
  }
  if (b.elasticache) {
    tasks.push(
      (async () => {
        const types = await part(
          gaps,
          {
            service: 'elasticache',
            slice: 'offerings.elasticache',
            action: 'elasticache:DescribeReservedCacheNodesOfferings',
          },
          () => listCacheNodeTypes(clients, region),
        );
        if (types) now.elasticache = types;
      })(),
    );
  }
  if (b.lambda) now.lambda = lambdaOfferings();
  await Promise.all(tasks);
  now.apiCalls = clients.calls() - before;
  return now;
}

const MAX_REASON = 500;

/** One line for the scan's `reason`: what is new where, and how many resources could move (<= 500 chars). */
export function radarReason(regions: readonly RadarRegion[]): string {
  const parts: string[] = [];
  for (const r of regions) {
    const families = [...new Set(r.moves.map((m) => m.family))];
    for (const f of families) {
      const moves = r.moves.filter((m) => m.family === f);
      const n = resourcesThatCouldMove(moves);
      const service = moves[0]?.service ?? 'ec2';
      const label = { ec2: 'EC2', rds: 'RDS', elasticache: 'ElastiCache', lambda: 'Lambda' }[service];
      parts.push(`${label} ${f} in ${r.region} (${n} ${n === 1 ? 'resource' : 'resources'} could move)`);
    }
  }
  if (parts.length === 0) return '';
  let text = `New AWS offering: ${parts.join('; ')}`;
  if (text.length > MAX_REASON) text = `${text.slice(0, MAX_REASON - 1)}…`;
  return text;
}

/** Read the baselines, ask what is offered now, compare; optionally price the moves. */
export async function runRadar(opts: RadarOptions): Promise<RadarReport> {
  if (!opts.store.latestOfferings || !opts.store.getOfferings)
    throw new Error(
      'This store keeps no offerings: the release radar needs a store written by perfscan 0.1 or later.',
    );
  const byRegion = unitsByRegion(await opts.store.latestOfferings(), opts);
  const regions: RadarRegion[] = [];
  for (const [region, pointers] of byRegion) {
    const units: UnitOfferings[] = [];
    for (const p of pointers) {
      const o = await opts.store.getOfferings(p.scanId, p);
      if (o) units.push(o);
    }
    const baseline = baselineOf(region, units);
    const now = await offeringsNow(baseline, opts.clientsFor(region));
    regions.push(compareRegion(baseline, now));
  }
  const moves = regions.flatMap((r) => r.moves);
  if (opts.price) await opts.price(moves);
  else for (const m of moves) m.saving = { unpriced: opts.unpricedReason ?? 'not priced in this run' };
  // The best priced move per resource group counts toward the total (never two moves of the same resources).
  const best = new Map<string, number>();
  for (const m of moves) {
    if (!m.saving || !('monthlyUsd' in m.saving)) continue;
    const k = `${m.service}|${m.region}|${m.accountId}|${m.from}|${m.engine ?? ''}|${m.engineVersion ?? ''}|${m.os ?? ''}|${m.multiAz ?? ''}`;
    best.set(k, Math.max(best.get(k) ?? -Infinity, m.saving.monthlyUsd));
  }
  const reason = radarReason(regions);
  return {
    comparedAt: opts.now,
    regions,
    totals: {
      regions: regions.length,
      newOfferings: regions.reduce((n, r) => n + r.newOfferings.length, 0),
      resources: resourcesThatCouldMove(moves),
      monthlyUsd: Math.round([...best.values()].filter((v) => v > 0).reduce((a, b) => a + b, 0) * 100) / 100,
      pricedMoves: moves.filter((m) => m.saving && 'monthlyUsd' in m.saving).length,
      unpricedMoves: moves.filter((m) => !m.saving || 'unpriced' in m.saving).length,
      apiCalls: regions.reduce((n, r) => n + r.apiCalls, 0),
    },
    concernsEstate: moves.length > 0,
    reason,
  };
}
