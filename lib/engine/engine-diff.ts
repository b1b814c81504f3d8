/**
 * What changed in the checks between two engine fingerprints (the checks and thresholds a scan was judged
 * with, recorded in each scan header): checks added or removed, severities and thresholds changed. Used by
 * the rescore's diff and by a rescore's digest ("checks changed since the original").
 */
import type { EngineFingerprint, Severity } from '#lib/model/index.js';

export interface ThresholdChange {
  checkId: string;
  name: string;
  from?: number;
  to?: number;
}

export interface EngineDiff {
  checksAdded: string[];
  checksRemoved: string[];
  severityChanges: { checkId: string; from: Severity; to: Severity }[];
  thresholdChanges: ThresholdChange[];
}

export function engineDiff(before: EngineFingerprint | undefined, after: EngineFingerprint): EngineDiff {
  const out: EngineDiff = { checksAdded: [], checksRemoved: [], severityChanges: [], thresholdChanges: [] };
  if (!before) return out;
  for (const [id, a] of Object.entries(after.checks)) {
    const b = before.checks[id];
    if (!b) {
      out.checksAdded.push(id);
      continue;
    }
    if (b.severity !== a.severity)
      out.severityChanges.push({ checkId: id, from: b.severity, to: a.severity });
    const names = new Set([...Object.keys(b.thresholds), ...Object.keys(a.thresholds)]);
    for (const name of [...names].sort()) {
      const from = b.thresholds[name];
      const to = a.thresholds[name];
      if (from !== to)
        out.thresholdChanges.push({
          checkId: id,
          name,
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
        });
    }
  }
  for (const id of Object.keys(before.checks)) if (!after.checks[id]) out.checksRemoved.push(id);
  out.checksAdded.sort();
  out.checksRemoved.sort();
  return out;
}

/** The diff in short lines ("check added: x", "x: threshold highCpuPercent 90 -> 30", ...). */
export function engineDiffLines(d: EngineDiff): string[] {
  return [
    ...d.checksAdded.map((id) => `check added: ${id}`),
    ...d.checksRemoved.map((id) => `check removed: ${id}`),
    ...d.severityChanges.map((s) => `${s.checkId}: severity ${s.from} -> ${s.to}`),
    ...d.thresholdChanges.map(
      (t) => `${t.checkId}: threshold ${t.name} ${t.from ?? '(none)'} -> ${t.to ?? '(none)'}`,
    ),
  ];
}
