/**
 * Evaluate every registered check against one unit's snapshot. Checks are pure; the engine decides
 * which checks apply (service scanned, global unit), applies the gap rule (never `pass` on missing data),
 * wraps each check so one broken check becomes an `error` finding while the rest go on, merges threshold
 * overrides, and completes each result into a Finding with the check's metadata.
 *
 * The gap rule, in one place for every check: a gap that hides a whole slice the check needs gives one
 * unit-wide `unknown` (nothing there can be judged). A gap scoped to some resources (a failed GetMetricData
 * batch or series, one parameter group) does not stop the check: every resource whose data is present is
 * judged as usual, a `fail` stands (its own evidence is present), and only a result for a resource the gap
 * names turns from `pass` to `unknown` (the missing series could hold the counter-example).
 */
import {
  GLOBAL_SERVICES,
  SERVICE_SLICE_KEYS,
  resourceGapsFor,
  wholeSliceGapsFor,
  type EvidenceItem,
  type Finding,
  type Gap,
  type Snapshot,
} from '#lib/model/index.js';
import type { CheckDefinition, CheckResult } from '#lib/checks/types.js';
import { CHECKS, CHECK_ALIASES } from '#lib/checks/registry.js';

/** Resource type of a unit-wide result (`resourceId: '*'`): the account itself. */
export const UNIT_RESOURCE_TYPE = 'AWS::::Account';

export function isGlobalCheck(check: Pick<CheckDefinition, 'global' | 'service'>): boolean {
  return check.global === true || GLOBAL_SERVICES.includes(check.service);
}

/** Default thresholds of a check, overridden by the config (keyed by the current id or an alias). */
export function thresholdsFor(
  check: CheckDefinition,
  overrides: Record<string, Record<string, number>> = {},
): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const [name, spec] of Object.entries(check.thresholds)) merged[name] = spec.default;
  for (const [id, values] of Object.entries(overrides)) {
    if ((CHECK_ALIASES[id] ?? id) !== check.id) continue;
    for (const [name, value] of Object.entries(values)) if (name in merged) merged[name] = value;
  }
  return merged;
}

/** Snapshot key of a slice id's root: a service name (`computeoptimizer`) or a slice key (`computeOptimizer`). */
const SLICE_ROOTS: ReadonlyMap<string, keyof Snapshot> = new Map([
  ...Object.entries(SERVICE_SLICE_KEYS),
  ...Object.values(SERVICE_SLICE_KEYS).map((k) => [k, k] as const),
]);

/**
 * Slices a check needs whose service slice is absent from the snapshot without a recorded gap (a
 * collector that returned nothing). Treated like a gap: the check cannot answer, so it is `unknown`.
 * Only the service root is looked up: sub-slice names (`cloudwatch.alarms`, `rds.parameterGroups`)
 * name what a gap covers, not a property path, and a sub-slice that failed is recorded as a gap.
 */
export function missingSlices(snapshot: Snapshot, needs: readonly string[]): string[] {
  const missing: string[] = [];
  for (const slice of needs) {
    const root = slice.split('.')[0];
    const key = root === undefined ? undefined : SLICE_ROOTS.get(root);
    if (!key) continue; // `metrics` and other non-slice needs are the check's own business
    if (snapshot[key] === undefined) missing.push(slice);
  }
  return missing;
}

function gapEvidence(g: Gap): EvidenceItem {
  return {
    label: `Data missing for ${g.slice}`,
    value: g.code,
    ...(g.action ? { source: g.action } : {}),
  };
}

function describeGap(g: Gap): string {
  const what = `${g.slice}: ${g.code}${g.action ? ` on ${g.action}` : ''}`;
  return g.hint ? `${what} (${g.hint.replace(/\.$/, '')})` : what;
}

function stripPeriod(s: string): string {
  return s.replace(/[.\s]+$/, '');
}

/** A unit-wide result (`resourceId: '*'`) of the engine itself. */
function unitResult(status: 'unknown', message: string, evidence: EvidenceItem[]): CheckResult {
  return { status, resourceType: UNIT_RESOURCE_TYPE, resourceId: '*', message, evidence };
}

/**
 * The per-resource half of the gap rule over a check's results: a result for a resource a gap names keeps a
 * `fail` (and `error`), turns a `pass` into `unknown`, and has an `unknown` say which data is missing. A
 * unit-wide `pass` (`*`) sums up every resource, so any per-resource gap makes it `unknown`. Other
 * resources' results are returned as they are.
 */
export function applyResourceGaps(
  snapshot: Snapshot,
  needs: readonly string[],
  results: CheckResult[],
): CheckResult[] {
  const byResource = resourceGapsFor(snapshot, needs);
  if (byResource.size === 0) return results;
  const all = [...new Set([...byResource.values()].flat())];
  return results.map((r) => {
    const gaps =
      r.resourceId === '*' ? (r.status === 'pass' ? all : undefined) : byResource.get(r.resourceId);
    if (!gaps || r.status === 'fail' || r.status === 'error') return r;
    const why = gaps.map(describeGap).join('; ');
    const evidence = [...r.evidence, ...gaps.map(gapEvidence)];
    if (r.status === 'pass')
      return {
        ...r,
        status: 'unknown' as const,
        message: `${stripPeriod(r.message)}, but data is missing (${why}), so this cannot be confirmed.`,
        evidence,
      };
    return { ...r, message: `${stripPeriod(r.message)} (data missing: ${why}).`, evidence };
  });
}

/**
 * One check over one snapshot, with the gap rule applied: `[]` when the check does not apply to the unit,
 * one unit-wide `unknown` when a slice it needs is missing as a whole, otherwise the check's own results
 * with the per-resource gaps applied. `thresholds` are the merged values (see `thresholdsFor`). A check
 * that throws propagates here; `evaluateSnapshot` turns that into an `error` finding.
 */
export function evaluateCheck(
  check: CheckDefinition,
  snapshot: Snapshot,
  ctx: { thresholds: Record<string, number>; now: string },
): CheckResult[] {
  if (!snapshot.services.includes(check.service)) return [];
  if (isGlobalCheck(check) && !snapshot.globalUnit) return [];

  const whole = wholeSliceGapsFor(snapshot, check.needs);
  if (whole.length > 0) {
    return [
      unitResult(
        'unknown',
        `Not assessed: data this check needs is missing (${whole.map(describeGap).join('; ')}).`,
        whole.map(gapEvidence),
      ),
    ];
  }
  const missing = missingSlices(snapshot, check.needs);
  if (missing.length > 0) {
    return [
      unitResult(
        'unknown',
        `Not assessed: ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} not collected in this unit.`,
        missing.map((s) => ({ label: `Data missing for ${s}`, value: 'not collected' })),
      ),
    ];
  }
  return applyResourceGaps(snapshot, check.needs, check.evaluate(snapshot, ctx));
}

/**
 * A check's remediation as its findings carry it, made once per check and shared by every finding of it
 * (frozen: a finding that needs another impact, change or saving gets its own copy, see toFinding). A large
 * unit has a hundred thousand findings; a copy each was a large part of its garbage.
 */
const sharedRemediation = new WeakMap<CheckDefinition, Finding['remediation']>();

function remediationOf(check: CheckDefinition): Finding['remediation'] {
  let r = sharedRemediation.get(check);
  if (!r) {
    r = Object.freeze({
      text: check.remediation.text,
      docs: Object.freeze([...check.remediation.docs]) as string[],
      ...(check.remediation.impact ? { impact: check.remediation.impact } : {}),
      change: Object.freeze([check.remediation.change]) as Finding['remediation']['change'],
    });
    sharedRemediation.set(check, r);
  }
  return r;
}

function baseFinding(
  check: CheckDefinition,
  snapshot: Snapshot,
): Omit<Finding, 'status' | 'resourceType' | 'resourceId' | 'message' | 'evidence'> {
  return {
    checkId: check.id,
    title: check.title,
    service: check.service,
    control: check.control,
    severity: check.severity,
    accountId: snapshot.accountId,
    region: isGlobalCheck(check) ? 'global' : snapshot.region,
    remediation: remediationOf(check),
  };
}

function toFinding(check: CheckDefinition, snapshot: Snapshot, r: CheckResult): Finding {
  // One object per finding, its fields in the order baseFinding gives them (stored JSON keeps that order).
  const f: Finding = {
    checkId: check.id,
    title: check.title,
    service: check.service,
    control: check.control,
    severity: r.severity ?? check.severity,
    accountId: snapshot.accountId,
    region: isGlobalCheck(check) ? 'global' : snapshot.region,
    remediation: remediationOf(check),
    status: r.status,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    message: r.message,
    evidence: r.evidence,
  };
  if (r.resourceArn !== undefined) f.resourceArn = r.resourceArn;
  if (r.resourceName !== undefined) f.resourceName = r.resourceName;
  if (r.impact !== undefined) f.remediation = { ...f.remediation, impact: r.impact };
  if (r.change?.length) f.remediation = { ...f.remediation, change: [...r.change] };
  if (r.estimatedMonthlySavingsUsd !== undefined)
    f.remediation = { ...f.remediation, estimatedMonthlySavingsUsd: r.estimatedMonthlySavingsUsd };
  return f;
}

function unitFinding(
  check: CheckDefinition,
  snapshot: Snapshot,
  status: 'error',
  message: string,
  evidence: EvidenceItem[],
): Finding {
  return {
    ...baseFinding(check, snapshot),
    status,
    resourceType: UNIT_RESOURCE_TYPE,
    resourceId: '*',
    message,
    evidence,
  };
}

export function evaluateSnapshot(
  snapshot: Snapshot,
  opts: {
    checks?: readonly CheckDefinition[];
    thresholds?: Record<string, Record<string, number>>;
    now: string;
  },
): Finding[] {
  const checks = opts.checks ?? CHECKS;
  const findings: Finding[] = [];
  for (const check of checks) {
    let results: CheckResult[];
    try {
      results = evaluateCheck(check, snapshot, {
        thresholds: thresholdsFor(check, opts.thresholds),
        now: opts.now,
      });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      findings.push(
        unitFinding(
          check,
          snapshot,
          'error',
          `The check failed to evaluate: ${msg.replace(/\.$/, '')}. Other checks ran normally.`,
          [{ label: 'Error', value: err instanceof Error ? `${err.name}: ${msg}` : msg }],
        ),
      );
      continue;
    }
    for (const r of results) findings.push(toFinding(check, snapshot, r));
  }
  return findings;
}
