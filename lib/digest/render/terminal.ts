/**
 * The terminal digest: fixed width (100 columns), plain text with optional ANSI colours. Every dynamic
 * string passes through escapeTerminal, so a resource name cannot inject escape sequences or line breaks.
 */
import type { Severity } from '#lib/model/index.js';
import { escapeTerminal } from '../escape.js';
import type { AccountSection, CheckGroup, Digest } from '../types.js';
import {
  ageText,
  checkSavingsText,
  checkScopeText,
  controlFindingsText,
  controlNextText,
  coverageText,
  criterionText,
  debtText,
  diffText,
  evidenceLine,
  gapText,
  incompleteNote,
  keyEvidence,
  plural,
  resourceLabel,
  resourcesText,
  scanLine,
  scopeText,
  severityTag,
  sourcesText,
  statusLine,
  trendArrow,
  trendText,
  unknownText,
  whereLabel,
} from './format.js';

export const TERMINAL_WIDTH = 100;

const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
} as const;

type Style = keyof typeof ANSI;

const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: 'magenta',
  high: 'red',
  medium: 'yellow',
  low: 'blue',
  info: 'dim',
};

/** Word-wrap `text` to `width`, prefixing continuation lines with `indent`; long words are split. */
export function wrap(text: string, width: number, firstIndent = '', indent = firstIndent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let lineHasWord = false;
  for (const raw of text.split(' ')) {
    if (raw === '') continue;
    let word = raw;
    for (;;) {
      const room = width - line.length - (lineHasWord ? 1 : 0);
      if (word.length <= room) {
        line += (lineHasWord ? ' ' : '') + word;
        lineHasWord = true;
        break;
      }
      if (lineHasWord) {
        lines.push(line);
        line = indent;
        lineHasWord = false;
        continue;
      }
      // A single word longer than the line: split it.
      const cut = Math.max(1, width - line.length);
      lines.push(line + word.slice(0, cut));
      word = word.slice(cut);
      line = indent;
      if (word === '') break;
    }
  }
  if (lineHasWord || lines.length === 0) lines.push(line);
  return lines;
}

function cell(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

export function renderTerminal(d: Digest, opts: { color?: boolean; width?: number } = {}): string {
  const width = opts.width ?? TERMINAL_WIDTH;
  const paint = (s: string, ...styles: Style[]): string =>
    opts.color && styles.length ? `${styles.map((st) => ANSI[st]).join('')}${s}${ANSI.reset}` : s;
  const t = escapeTerminal;
  const out: string[] = [];
  const para = (text: string, first = '', rest = first): void => {
    out.push(...wrap(t(text), width, first, rest));
  };
  const heading = (s: string): void => {
    out.push('', paint(t(s), 'bold'));
  };

  // The status comes first: a partial scan must never read as complete.
  const statusStyle: Style =
    d.scan.status === 'complete' ? 'green' : d.scan.status === 'partial' ? 'yellow' : 'red';
  const head = wrap(t(`perfscan digest · ${statusLine(d)}`), width);
  head[0] = (head[0] ?? '').replace(/^perfscan digest/, () => paint('perfscan digest', 'bold'));
  out.push(
    ...head.map((l, i) =>
      i === 0 ? l.replace(t(d.scan.status.toUpperCase()), (m) => paint(m, 'bold', statusStyle)) : l,
    ),
  );
  const note = incompleteNote(d);
  if (note) para(note, '! ', '  ');
  para(scanLine(d));
  if (d.scan.reason) para(`reason: ${d.scan.reason}`);
  const scope = scopeText(d);
  if (scope) para(`scope: ${scope}`);

  for (const a of d.accounts) renderAccount(a);

  heading('Coverage');
  para(coverageText(d.coverage), '  ');
  const res = resourcesText(d.coverage);
  if (res) para(`resources: ${res}`, '  ', '    ');
  for (const u of d.coverage.failedUnits) {
    para(`failed unit ${whereLabel(u)}${u.error ? `: ${u.error}` : ''}`, '  ! ', '    ');
  }
  if (d.coverage.moreFailedUnits)
    para(`… and ${d.coverage.moreFailedUnits} more failed units`, '  ! ', '    ');
  for (const g of d.coverage.gapGroups) {
    para(`gap: ${gapText(g)}`, '  - ', '    ');
    if (g.hint) para(`fix: ${g.hint}`, '    ', '    ');
  }
  if (d.coverage.moreGapGroups) para(`… and ${d.coverage.moreGapGroups} more gap kinds`, '  ');
  const unknown = unknownText(d);
  if (unknown) para(unknown, '  ');

  heading('Suppressions and attestations');
  para(`${plural(d.suppressions.suppressed, 'finding')} suppressed`, '  ');
  for (const s of d.suppressions.expired) para(s.text, '  ! ', '    ');
  if (d.suppressions.moreExpired) para(`… and ${d.suppressions.moreExpired} more expired suppressions`, '  ');
  for (const a of d.expiredAttestations) para(a.text, '  ! ', '    ');

  heading('Performance debt register');
  para(debtText(d.debt), '  ');

  return `${out.join('\n')}\n`;

  function renderAccount(a: AccountSection): void {
    out.push('', paint('='.repeat(width), 'dim'));
    const levelColor: Style = a.level.current >= 4 ? 'green' : a.level.current >= 2 ? 'yellow' : 'red';
    const levelText = `Level ${a.level.current} ${a.label}`;
    const headLines = wrap(
      t(`Account ${a.accountId}: ${levelText} (${trendText(a.level.trend, a.level.previous)})`),
      width,
    );
    headLines[0] = (headLines[0] ?? '').replace(t(levelText), () => paint(t(levelText), 'bold', levelColor));
    out.push(...headLines);
    para(sourcesText(a.itemSources));
    para(diffText(a.diff));

    heading(
      a.failing === 0
        ? 'What to fix first: no failing findings'
        : `What to fix first (${a.topChecks.length} of ${a.failingChecks} failing checks, ${a.failing} failing findings)`,
    );
    a.topChecks.forEach((g, i) => renderCheck(a, g, i));
    if (a.moreChecks) {
      const rest = a.failing - a.topChecks.reduce((n, g) => n + g.resources, 0);
      para(
        `… and ${a.moreChecks} more failing checks (${rest} findings), listed in the Markdown/JSON report`,
        '  ',
      );
    }

    if (a.next) {
      heading(`What Level ${a.next.level} (${a.next.label}) needs`);
      for (const n of a.next.needs) para(n, '  - ', '    ');
      if (a.next.more) para(`… and ${a.next.more} more`, '    ');
    } else {
      para('Highest level reached.');
    }

    heading('Controls');
    const cols = { id: 13, name: 24, level: 6, label: 26, trend: 11, failing: 8 };
    out.push(
      paint(
        `  ${cell('CONTROL', cols.id)} ${cell('NAME', cols.name)} ${cell('LEVEL', cols.level)} ${cell('LABEL', cols.label)} ${cell('TREND', cols.trend)} ${cell('FAILING', cols.failing)}`.trimEnd(),
        'dim',
      ),
    );
    for (const c of a.controls) {
      const trend =
        c.trend === 'new' ? '·' : c.trend === 'same' ? '=' : `${trendArrow(c.trend)} from ${c.previous}`;
      out.push(
        `  ${cell(t(c.control), cols.id)} ${cell(t(c.name), cols.name)} ${cell(`L${c.level}`, cols.level)} ${cell(
          t(c.label),
          cols.label,
        )} ${cell(trend, cols.trend)} ${cell(String(c.failing), cols.failing)}`.trimEnd(),
      );
    }

    heading('Per control: what decided the level, what the next level needs');
    for (const c of a.controls) {
      para(`${c.control} ${c.name}: L${c.level} ${c.label}`, '  ');
      if (c.decidedBy) para(`decided by ${criterionText(c.decidedBy)}`, '    ', '      ');
      para(`next: ${controlNextText(c)}`, '    ', '      ');
      para(`findings: ${controlFindingsText(c)}`, '    ', '      ');
    }

    if (a.diff.resolved.length) {
      heading('Resolved since the previous scan');
      for (const r of a.diff.resolved) para(`${r.checkId} ${resourceLabel(r)} ${r.region}`, '  ✓ ', '    ');
    }
  }

  function renderCheck(a: AccountSection, g: CheckGroup, i: number): void {
    const sev = t(severityTag(g.severity));
    const tag = paint(`[${sev}]`, 'bold', SEVERITY_STYLE[g.severity] ?? 'bold');
    const lines = wrap(t(`${i + 1}. [${sev}] ${g.title} (${g.checkId})`), width, '  ', '      ');
    // Colour the severity tag on the first line only; wrapping was computed on the plain text.
    lines[0] = (lines[0] ?? '').replace(`${i + 1}. [${sev}]`, () => `${i + 1}. ${tag}`);
    out.push(...lines);
    const name = a.controls.find((c) => c.control === g.control)?.name;
    para(`${g.control}${name ? ` ${name}` : ''} · ${checkScopeText(g)}`, '      ', '        ');
    para(
      g.worst.length < g.resources
        ? `worst ${g.worst.length}:`
        : g.resources === 1
          ? 'resource:'
          : 'resources:',
      '      ',
    );
    for (const f of g.worst) {
      const age = ageText(f);
      para(`${resourceLabel(f)} ${f.region}${age ? ` (${age})` : ''}`, '      - ', '        ');
      para(f.message, '          ', '          ');
      for (const e of keyEvidence(f, 2)) para(evidenceLine(e), '          • ', '            ');
    }
    if (g.moreResources) para(`… and ${g.moreResources} more resources`, '        ');
    para(`fix: ${g.remediation.text}`, '      ', '        ');
    const gain = [g.remediation.impact, checkSavingsText(g)].filter(Boolean).join(' · ');
    if (gain) para(`gain: ${gain}`, '      ', '        ');
    for (const url of g.remediation.docs) para(url, '        ');
  }
}
