/**
 * The organization summary of a multi-account scan: every account ranked by its maturity level (lowest
 * first: where help is needed most), then by failing findings (most first); accounts that could not be
 * scanned (the member role could not be assumed, regions could not be listed) are listed as gaps with why.
 */
import type { Level } from '#lib/model/index.js';

export interface OrgAccountRow {
  accountId: string;
  name?: string;
  level: Level;
  failing: number;
  failingChecks: number;
  /** Units partial or failed inside a scanned account. */
  unitsNotComplete: number;
}

export interface OrgGap {
  accountId: string;
  name?: string;
  reason: string;
}

export interface OrganizationSummary {
  scanId: string;
  accounts: number;
  scanned: number;
  gaps: OrgGap[];
  /** Ranked: level ascending, then failing findings descending, then account id. */
  ranking: (OrgAccountRow & { rank: number })[];
  /** How many accounts sit at each level. */
  levels: Record<`${Level}`, number>;
}

export function organizationSummary(
  scanId: string,
  rows: OrgAccountRow[],
  gaps: OrgGap[],
): OrganizationSummary {
  const ranked = [...rows].sort(
    (a, b) => a.level - b.level || b.failing - a.failing || (a.accountId < b.accountId ? -1 : 1),
  );
  const levels = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } as Record<`${Level}`, number>;
  for (const r of rows) levels[`${r.level}`]++;
  return {
    scanId,
    accounts: rows.length + gaps.length,
    scanned: rows.length,
    gaps: [...gaps].sort((a, b) => (a.accountId < b.accountId ? -1 : 1)),
    ranking: ranked.map((r, i) => ({ ...r, rank: i + 1 })),
    levels,
  };
}

/** Plain text (terminal and Markdown both read it): a ranked table, then the gaps. Names are data, not markup. */
export function renderOrganizationSummary(s: OrganizationSummary): string {
  // Account names come from Organizations: control characters and table/markup characters become spaces.
  const clean = (x: string) =>
    [...x]
      .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || '|`<>'.includes(ch) ? ' ' : ch))
      .join('')
      .trim();
  const lines = [
    `Organization summary (scan ${s.scanId}): ${s.scanned} of ${s.accounts} accounts scanned, ${s.gaps.length} not scanned.`,
    `Levels: ${(['1', '2', '3', '4', '5'] as const).map((l) => `L${l}: ${s.levels[l]}`).join(', ')}.`,
    '',
    'Rank  Account       Level  Failing  Failing checks  Incomplete units  Name',
  ];
  for (const r of s.ranking)
    lines.push(
      `${String(r.rank).padEnd(6)}${r.accountId.padEnd(14)}${`L${r.level}`.padEnd(7)}${String(r.failing).padEnd(9)}${String(r.failingChecks).padEnd(16)}${String(r.unitsNotComplete).padEnd(18)}${clean(r.name ?? '')}`,
    );
  if (s.gaps.length > 0) {
    lines.push('', 'Not scanned (gaps):');
    for (const g of s.gaps)
      lines.push(`- ${g.accountId}${g.name ? ` (${clean(g.name)})` : ''}: ${clean(g.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}
