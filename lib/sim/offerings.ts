/**
 * The release radar's knob (SimOptions.newFamilies, documented in docs/radar.md): new families AWS "releases"
 * in the simulated account, one region at a time, each a copy of an existing family under a new name. The EC2,
 * RDS and ElastiCache modules offer them through the same APIs the collectors and the radar call
 * (DescribeInstanceTypes / DescribeInstanceTypeOfferings, DescribeOrderableDBInstanceOptions,
 * DescribeReservedCacheNodesOfferings). Example, between two scans:
 *
 *   account.options.newFamilies = [{ region: 'eu-west-1', family: 'm8g', like: 'm7g' }];
 */
import type { SimAccount, SimNewFamily } from './core.js';

/** The new families offered in `region` for `service`. */
export function newFamiliesIn(
  account: SimAccount,
  region: string,
  service: 'ec2' | 'rds' | 'elasticache',
): SimNewFamily[] {
  return (account.options.newFamilies ?? []).filter(
    (f) => f.region === region && (f.services ?? ['ec2']).includes(service),
  );
}

/**
 * Names with the new families added: for each name `<prefix><like>.<size>` (prefix `db.`, `cache.` or none),
 * `<prefix><family>.<size>` too. Returns [name, the name it copies] pairs for the added ones.
 */
export function addedNames(
  names: readonly string[],
  families: readonly SimNewFamily[],
  prefix = '',
): [added: string, like: string][] {
  const have = new Set(names);
  const out: [string, string][] = [];
  for (const f of families) {
    const from = `${prefix}${f.like}.`;
    for (const n of names) {
      if (!n.startsWith(from)) continue;
      const added = `${prefix}${f.family}.${n.slice(from.length)}`;
      if (!have.has(added)) {
        have.add(added);
        out.push([added, n]);
      }
    }
  }
  return out;
}
