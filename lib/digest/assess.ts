/**
 * What the current scan says about one finding key. Shared by the debt register and the diff so both
 * agree on the one rule that matters: a finding is only "resolved" when its check actually ran on a
 * scanned unit and the resource passed or is gone. A failed unit, a gap on the check's service, or an
 * `unknown`/`error` result leaves the question open (missing data is never a pass).
 */
import { SERVICES, findingKey } from '#lib/model/index.js';
import type { Finding, Gap, ServiceName, Status } from '#lib/model/index.js';

/** The part of a unit summary the assessment reads; `UnitSummary` fits. */
export interface ScannedUnit {
  accountId: string;
  region: string;
  status: string; // ok | partial | failed
  /** The unit that also collects global services (findings with region `global`). */
  global?: boolean;
  /** Services requested for the unit; lets "resource gone" be told from "service not scanned". */
  services?: readonly string[];
  gaps?: readonly Pick<Gap, 'service' | 'slice'>[];
}

export type Assessment =
  | 'fail' // failing, not suppressed
  | 'suppressed' // failing, hidden by a live suppression
  | 'pass'
  | 'gone' // the check ran in the unit and the resource was not there
  | 'unassessed' // unit failed, check unknown/error, or a gap on its service
  | 'out-of-scope'; // the unit or the service was not part of this scan

export type FindingKeyParts = Pick<Finding, 'accountId' | 'region' | 'checkId' | 'resourceId'>;

/** Service of a check from its id (`<service>-<resource>-<desired-state>`, validated by the checks registry test). */
export function serviceOfCheck(checkId: string): ServiceName | undefined {
  let best: ServiceName | undefined;
  for (const s of SERVICES) {
    if (checkId.startsWith(`${s}-`) && (!best || s.length > best.length)) best = s;
  }
  return best;
}

// Worst first, so a duplicate key keeps the result that must not be hidden.
const STATUS_WEIGHT: Record<Status, number> = { fail: 3, error: 2, unknown: 1, pass: 0 };

const unitKey = (accountId: string, region: string): string => `${accountId}#${region}`;
const checkUnitKey = (accountId: string, region: string, checkId: string): string =>
  `${accountId}#${region}#${checkId}`;

export class ScanIndex {
  private readonly byKey = new Map<string, Finding>();
  /** Per (account, region, check): did it produce a decided result (pass/fail), an undecided one? */
  private readonly decided = new Set<string>();
  private readonly undecided = new Set<string>();
  private readonly units = new Map<string, ScannedUnit>();
  private readonly globalUnits = new Map<string, ScannedUnit>();

  constructor(findings: readonly Finding[], units: readonly ScannedUnit[]) {
    for (const f of findings) {
      const k = findingKey(f);
      const prev = this.byKey.get(k);
      if (!prev || STATUS_WEIGHT[f.status] > STATUS_WEIGHT[prev.status]) this.byKey.set(k, f);
      const ck = checkUnitKey(f.accountId, f.region, f.checkId);
      if (f.status === 'pass' || f.status === 'fail') this.decided.add(ck);
      else this.undecided.add(ck);
    }
    for (const u of units) {
      const k = unitKey(u.accountId, u.region);
      const prev = this.units.get(k);
      // A re-run unit may appear twice; a successful run wins over a failed one.
      if (!prev || (prev.status === 'failed' && u.status !== 'failed')) this.units.set(k, u);
      if (u.global) {
        const g = this.globalUnits.get(u.accountId);
        if (!g || (g.status === 'failed' && u.status !== 'failed')) this.globalUnits.set(u.accountId, u);
      }
    }
  }

  finding(key: FindingKeyParts): Finding | undefined {
    return this.byKey.get(findingKey(key));
  }

  unitFor(accountId: string, region: string): ScannedUnit | undefined {
    return region === 'global' ? this.globalUnits.get(accountId) : this.units.get(unitKey(accountId, region));
  }

  assess(key: FindingKeyParts): Assessment {
    const f = this.finding(key);
    if (f) {
      if (f.status === 'fail') return f.suppressedBy ? 'suppressed' : 'fail';
      if (f.status === 'pass') return 'pass';
      return 'unassessed';
    }
    const unit = this.unitFor(key.accountId, key.region);
    if (!unit) return 'out-of-scope';
    if (unit.status === 'failed') return 'unassessed';
    const ck = checkUnitKey(key.accountId, key.region, key.checkId);
    if (this.undecided.has(ck)) return 'unassessed';
    const service = serviceOfCheck(key.checkId);
    // An inventory gap on the service means the resource may simply not have been listed.
    if (unit.gaps?.some((g) => g.service === 'account' || (service !== undefined && g.service === service))) {
      return 'unassessed';
    }
    if (this.decided.has(ck)) return 'gone';
    if (unit.services && service) return unit.services.includes(service) ? 'gone' : 'out-of-scope';
    // No result at all for the check and nothing says it ran: do not claim the resource is gone.
    return 'unassessed';
  }
}
