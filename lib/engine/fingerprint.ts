/** What judged a scan's findings: each check's severity and effective thresholds, recorded in the scan header. */
import type { CheckDefinition } from '#lib/checks/types.js';
import { CHECKS } from '#lib/checks/registry.js';
import type { EngineFingerprint } from '#lib/model/index.js';
import { thresholdsFor } from './evaluate.js';
import { TOOL_VERSION } from './version.js';

export function engineFingerprint(
  thresholds: Record<string, Record<string, number>> = {},
  checks: readonly CheckDefinition[] = CHECKS,
  toolVersion: string = TOOL_VERSION,
): EngineFingerprint {
  const out: EngineFingerprint['checks'] = {};
  for (const c of checks) out[c.id] = { severity: c.severity, thresholds: thresholdsFor(c, thresholds) };
  return { toolVersion, checks: out };
}
