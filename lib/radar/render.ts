/**
 * The radar report as terminal text, Markdown or JSON. Every value that comes from AWS or the store (type names,
 * resource ids, engine names) goes through the digest's escaping helpers, so a hostile name cannot inject
 * terminal escapes or Markdown.
 */
import { escapeMarkdown, escapeTerminal, markdownCode } from '#lib/digest/escape.js';
import { formatNumber } from '#lib/model/index.js';
import { resourcesThatCouldMove, type Move, type NewOffering } from './compare.js';
import type { RadarReport } from './run.js';

export const RADAR_FORMATS = ['terminal', 'markdown', 'json'] as const;
export type RadarFormat = (typeof RADAR_FORMATS)[number];

const SERVICE = { ec2: 'EC2', rds: 'RDS', elasticache: 'ElastiCache', lambda: 'Lambda' } as const;
const KIND = {
  generation: 'newer generation',
  graviton: 'Graviton counterpart',
  architecture: 'arm64 (Graviton)',
  runtime: 'newer runtime',
} as const;

const usd = (n: number) => `$${formatNumber(Math.round(n * 100) / 100)}`;

function savingText(m: Move): string {
  const s = m.saving;
  if (!s) return 'not priced';
  if ('unpriced' in s) return `not priced: ${s.unpriced}`;
  if (s.monthlyUsd >= 0) return `saves ~${usd(s.monthlyUsd)}/month at list price`;
  return `costs ~${usd(-s.monthlyUsd)}/month more at list price`;
}

function offeringLabel(o: NewOffering): string {
  const where = o.engine ? ` for ${o.engine}` : '';
  const facts = o.facts ? ` (${o.facts})` : '';
  return `${SERVICE[o.service]} ${o.family}${where}${facts}: ${o.names.join(', ')}`;
}

function moveLine(m: Move): string {
  const more = m.count > m.ids.length ? ` and ${m.count - m.ids.length} more` : '';
  return `${m.count} x ${m.from} -> ${m.to} (${KIND[m.kind]}${m.engine && m.service !== 'lambda' ? `, ${m.engine}${m.engineVersion ? ` ${m.engineVersion}` : ''}` : ''}) in account ${m.accountId}: ${m.ids.join(', ')}${more}; ${savingText(m)}`;
}

function summary(r: RadarReport): string {
  const t = r.totals;
  if (t.regions === 0) return 'No stored offerings yet: run a scan first; the radar compares against it.';
  if (t.newOfferings === 0)
    return `Nothing new in ${t.regions} ${t.regions === 1 ? 'region' : 'regions'} since the last scan.`;
  const moving = r.concernsEstate
    ? `${formatNumber(t.resources)} ${t.resources === 1 ? 'resource' : 'resources'} could move` +
      (t.pricedMoves > 0 ? `, ~${usd(t.monthlyUsd)}/month at list price where priced` : '') +
      (t.unpricedMoves > 0
        ? ` (${t.unpricedMoves} ${t.unpricedMoves === 1 ? 'move' : 'moves'} not priced)`
        : '')
    : "none of this estate's resources could move to it";
  return `${t.newOfferings} new ${t.newOfferings === 1 ? 'offering' : 'offerings'} in ${r.regions.filter((x) => x.newOfferings.length > 0).length} of ${t.regions} regions; ${moving}.`;
}

export function renderRadarText(r: RadarReport): string {
  const e = escapeTerminal;
  const out = [`Release radar (${e(r.comparedAt)}): ${e(summary(r))}`];
  for (const region of r.regions) {
    out.push(
      '',
      `${e(region.region)}: ${region.apiCalls} API calls; compared with ${region.baseline.scans.map(e).join(', ') || 'no scan'}`,
    );
    if (region.newOfferings.length === 0) out.push('  nothing new');
    for (const o of region.newOfferings) {
      out.push(`  new: ${e(offeringLabel(o))}`);
      const moves = region.moves.filter((m) => m.family === o.family && m.service === o.service);
      if (moves.length === 0) out.push('    no resource of this estate could move to it');
      else {
        out.push(`    ${resourcesThatCouldMove(moves)} could move:`);
        for (const m of moves) out.push(`    - ${e(moveLine(m))}`);
      }
    }
    for (const g of region.gaps) out.push(`  gap: ${e(g.message)}${g.hint ? ` Fix: ${e(g.hint)}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

export function renderRadarMarkdown(r: RadarReport): string {
  const e = escapeMarkdown;
  const out = ['# Release radar', '', `${e(summary(r))} Compared at ${e(r.comparedAt)}.`];
  for (const region of r.regions) {
    out.push(
      '',
      `## ${e(region.region)}`,
      '',
      `${region.apiCalls} API calls; compared with ${region.baseline.scans.map((s) => markdownCode(s)).join(', ') || 'no scan'}.`,
    );
    if (region.newOfferings.length === 0) out.push('', 'Nothing new.');
    for (const o of region.newOfferings) {
      out.push('', `- **New:** ${e(offeringLabel(o))}`);
      const moves = region.moves.filter((m) => m.family === o.family && m.service === o.service);
      if (moves.length === 0) out.push('  - no resource of this estate could move to it');
      for (const m of moves) out.push(`  - ${e(moveLine(m))}`);
    }
    for (const g of region.gaps) out.push('', `> Gap: ${e(g.message)}${g.hint ? ` Fix: ${e(g.hint)}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

export function renderRadar(r: RadarReport, format: RadarFormat): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (format === 'markdown') return renderRadarMarkdown(r);
  return renderRadarText(r);
}
