/**
 * Evaluate every registered check against one unit's snapshot. Checks are pure; the engine decides
 * which checks apply (service scanned, global unit), turns gaps into `unknown` (never `pass`), wraps
 * each check so one broken check becomes an `error` finding while the rest go on, merges threshold
 * overrides, and completes each result into a Finding with the check's metadata.
 */
import {
  GLOBAL_SERVICES,
  SERVICE_SLICE_KEYS,
  gapsFor,
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
    remediation: {
      text: check.remediation.text,
      docs: [...check.remediation.docs],
      ...(check.remediation.impact ? { impact: check.remediation.impact } : {}),
    },
  };
}

function toFinding(check: CheckDefinition, snapshot: Snapshot, r: CheckResult): Finding {
  const base = baseFinding(check, snapshot);
  const f: Finding = {
    ...base,
    status: r.status,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    message: r.message,
    evidence: r.evidence,
  };
  if (r.resourceArn !== undefined) f.resourceArn = r.resourceArn;
  if (r.resourceName !== undefined) f.resourceName = r.resourceName;
  if (r.severity !== undefined) f.severity = r.severity;
  if (r.impact !== undefined) f.remediation = { ...f.remediation, impact: r.impact };
  if (r.estimatedMonthlySavingsUsd !== undefined)
    f.remediation = { ...f.remediation, estimatedMonthlySavingsUsd: r.estimatedMonthlySavingsUsd };
  return f;
}

function unitFinding(
  check: CheckDefinition,
  snapshot: Snapshot,
  status: 'unknown' | 'error',
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
    if (!snapshot.services.includes(check.service)) continue;
    if (isGlobalCheck(check) && !snapshot.globalUnit) continue;

    const gaps = gapsFor(snapshot, check.needs);
    if (gaps.length > 0) {
      findings.push(
        unitFinding(
          check,
          snapshot,
          'unknown',
          `Not assessed: data this check needs is missing (${gaps.map(describeGap).join('; ')}).`,
          gaps.map(gapEvidence),
        ),
      );
      continue;
    }
    const missing = missingSlices(snapshot, check.needs);
    if (missing.length > 0) {
      findings.push(
        unitFinding(
          check,
          snapshot,
          'unknown',
          `Not assessed: ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} not collected in this unit.`,
          missing.map((s) => ({ label: `Data missing for ${s}`, value: 'not collected' })),
        ),
      );
      continue;
    }

    let results: CheckResult[];
    try {
      results = check.evaluate(snapshot, {
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
