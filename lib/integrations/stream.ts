/**
 * Read a stored scan unit by unit, so exporters that need every finding (OCSF, ASFF, Security Hub) hold
 * one unit's findings at a time, never the whole scan.
 *
 * A store that can read one unit's findings (`getUnitFindings`) is read that way. A store without it
 * answers with the whole scan once, split here by unit: the same records, without the memory bound.
 */
import type { Finding, UnitSummary } from '#lib/model/index.js';
import type { FindingsStore } from '#lib/store/types.js';

export interface UnitFindings {
  unit: UnitSummary;
  /** The unit's findings: its own region's, plus the `global` ones when it is the account's global unit. */
  findings: Finding[];
}

/** A store that reads one unit's findings at a time. */
export interface UnitFindingsReader {
  getUnitFindings(scanId: string, accountId: string, region: string): Promise<Finding[]>;
}

function readsUnits(store: FindingsStore): store is FindingsStore & UnitFindingsReader {
  return typeof (store as Partial<UnitFindingsReader>).getUnitFindings === 'function';
}

/** Which unit of its account a finding was stored with (global findings live in the global unit). */
export function unitKeyOf(
  f: Pick<Finding, 'accountId' | 'region'>,
  globalRegionOf: Map<string, string>,
): string {
  const region = f.region === 'global' ? (globalRegionOf.get(f.accountId) ?? f.region) : f.region;
  return `${f.accountId}/${region}`;
}

export async function* findingsByUnit(store: FindingsStore, scanId: string): AsyncGenerator<UnitFindings> {
  const units = (await store.getUnits(scanId)).sort((a, b) =>
    a.accountId === b.accountId ? (a.region < b.region ? -1 : 1) : a.accountId < b.accountId ? -1 : 1,
  );
  if (readsUnits(store)) {
    for (const unit of units)
      yield { unit, findings: await store.getUnitFindings(scanId, unit.accountId, unit.region) };
    return;
  }
  const globalRegionOf = new Map(units.filter((u) => u.global).map((u) => [u.accountId, u.region]));
  const byUnit = new Map<string, Finding[]>();
  for (const f of await store.getFindings(scanId)) {
    const key = unitKeyOf(f, globalRegionOf);
    const list = byUnit.get(key);
    if (list) list.push(f);
    else byUnit.set(key, [f]);
  }
  for (const unit of units) {
    const key = `${unit.accountId}/${unit.region}`;
    yield { unit, findings: byUnit.get(key) ?? [] };
    byUnit.delete(key);
  }
}

/** A finding the exporters send: failing and not hidden by a live suppression. */
export function isExported(f: Pick<Finding, 'status' | 'suppressedBy'>): boolean {
  return f.status === 'fail' && !f.suppressedBy;
}
