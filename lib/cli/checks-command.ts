/** `perfscan checks`, the work: the registered checks as a terminal table, the Markdown catalog or JSON. */
import { CHECKS } from '#lib/checks/registry.js';
import { renderChecksCatalog } from '#lib/checks/catalog.js';
import { isGlobalCheck } from '#lib/engine/evaluate.js';

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return (
    rows
      .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  '))
      .join('\n') + '\n'
  );
}

export function checksText(format: 'terminal' | 'markdown' | 'json'): string {
  if (format === 'markdown') return renderChecksCatalog();
  if (format === 'json') {
    const meta = CHECKS.map((c) => ({
      id: c.id,
      title: c.title,
      service: c.service,
      control: c.control,
      severity: c.severity,
      global: isGlobalCheck(c),
      needs: c.needs,
      thresholds: c.thresholds,
      rationale: c.rationale,
      remediation: c.remediation,
    }));
    return JSON.stringify(meta, null, 2) + '\n';
  }
  const rows = [
    ['ID', 'SERVICE', 'SEVERITY', 'CONTROL', 'TITLE'],
    ...CHECKS.map((c) => [c.id, c.service, c.severity, c.control, c.title]),
  ];
  return (
    table(rows) +
    `${CHECKS.length} checks. Thresholds can be overridden in the config file (perfscan checks --format json lists them).\n`
  );
}
