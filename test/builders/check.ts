import type { CheckDefinition, CheckResult } from '#lib/checks/types.js';
import { evaluateCheck } from '#lib/engine/evaluate.js';
import type { Snapshot } from '#lib/model/index.js';

export const TEST_NOW = '2025-06-15T06:00:00.000Z';

/** The check's default thresholds. */
export function defaultThresholds(check: CheckDefinition): Record<string, number> {
  return Object.fromEntries(Object.entries(check.thresholds).map(([k, spec]) => [k, spec.default]));
}

/**
 * Runs one check through the engine (`evaluateCheck`: applicability and the gap rule), with the defaults
 * merged with `thresholds` overrides and a fixed clock. Gap tests thus exercise the path production runs.
 */
export function runCheck(
  check: CheckDefinition,
  snapshot: Snapshot,
  thresholds: Record<string, number> = {},
): CheckResult[] {
  return evaluateCheck(check, snapshot, {
    thresholds: { ...defaultThresholds(check), ...thresholds },
    now: TEST_NOW,
  });
}
