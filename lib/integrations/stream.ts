/**
 * Read a stored scan unit by unit (the store's `units` + `unitFindings`), so exporters that need every
 * finding (OCSF, ASFF, Security Hub, rescore) hold one unit's findings at a time, never the whole scan.
 */
import type { DebtEntry, Finding, UnitSummary } from '#lib/model/index.js';
import { debtEntryKey } from '#lib/model/index.js';
import type { FindingsStore } from '#lib/store/types.js';

export interface UnitFindings {
  unit: UnitSummary;
  /** The unit's findings: its own region's, plus the `global` ones when it is the account's global unit. */
  findings: Finding[];
}

export async function* findingsByUnit(store: FindingsStore, scanId: string): AsyncGenerator<UnitFindings> {
  for await (const unit of store.units(scanId)) {
    yield { unit, findings: await store.unitFindings(scanId, unit) };
  }
}

/** First-seen time of the unit's open debt entries, by finding key (check#region#resource). */
export async function firstSeenInUnit(
  store: FindingsStore,
  unit: Pick<UnitSummary, 'accountId' | 'region' | 'global'>,
): Promise<Map<string, string>> {
  const debt: DebtEntry[] = await store.getUnitDebt(
    unit.accountId,
    unit.global ? [unit.region, 'global'] : [unit.region],
  );
  return new Map(debt.filter((d) => d.status !== 'resolved').map((d) => [debtEntryKey(d), d.firstSeen]));
}

/** A finding the exporters send: failing and not hidden by a live suppression. */
export function isExported(f: Pick<Finding, 'status' | 'suppressedBy'>): boolean {
  return f.status === 'fail' && !f.suppressedBy;
}
