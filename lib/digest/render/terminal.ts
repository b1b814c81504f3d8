/**
 * The terminal digest, at the terminal's width (the CLI passes process.stdout.columns, 80 when unknown or
 * piped), plain text with optional ANSI colours (levels, severities, status). Two depths:
 * - `summary` (the CLI's default; fits a screen or two): the status, each account's level and Controls
 *   table, what the next level needs, the first failing checks to fix, problems with the scan itself,
 *   and the command that shows the rest;
 * - `full` (`--verbose`, the email's text part): everything, per control and per resource.
 * Lines never exceed the width, except a URL longer than the whole width, which is printed alone on its
 * line: URLs are never broken. Every dynamic string passes through escapeTerminal, so a resource name
 * cannot inject escape sequences or line breaks.
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
  corroborationLines,
  coverageText,
  criterionText,
  debtText,
  diffText,
  evidenceLine,
  fixFirstHeading,
  savingsText,
  gapText,
  incompleteNote,
  keyEvidence,
  levelsText,
  moreChecksText,
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
  controlLevelText,
  organizationText,
  whyThisScanRan,
  plainReason,
  checkChangesText,
} from './format.js';

/** The width when the terminal's is unknown (piped output, a file, the email's text part). */
export const TERMINAL_WIDTH = 80;
/** Narrower than this, tables cannot keep their columns. */
export const MIN_TERMINAL_WIDTH = 60;

export interface TerminalOptions {
  color?: boolean;
  width?: number;
  /** `full` (default) or `summary` (the CLI default: a screen or two). */
  detail?: 'full' | 'summary';
  /** The command that shows everything the summary leaves out, e.g. `perfscan report --format html > report.html`. */
  moreCommand?: string;
  /** Failing checks listed in the summary (default 5). */
  summaryChecks?: number;
}

const URL_START = /^https?:\/\//;

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

/**
 * Word-wrap `text` to `width`, prefixing continuation lines with `indent`. A word longer than the line is
 * split, except a URL: it moves to a line of its own (indented when it fits, else from column 0), whole.
 */
export function wrap(text: string, width: number, firstIndent = '', indent = firstIndent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let lineHasWord = false;
  for (const raw of text.split(' ')) {
    if (raw === '') continue;
    let word = raw;
    if (URL_START.test(word) && line.length + (lineHasWord ? 1 : 0) + word.length > width) {
      if (lineHasWord) lines.push(line);
      if (indent.length + word.length <= width) {
        line = indent + word;
        lineHasWord = true;
      } else {
        lines.push(word);
        line = indent;
        lineHasWord = false;
      }
      continue;
    }
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

type Paint = (s: string, ...styles: Style[]) => string;

function painter(color: boolean): Paint {
  return (s, ...styles) =>
    color && styles.length && s ? `${styles.map((st) => ANSI[st]).join('')}${s}${ANSI.reset}` : s;
}

function levelStyle(level: number): Style {
  return level >= 4 ? 'green' : level >= 2 ? 'yellow' : 'red';
}

/** One line: `indent` + text, cut with an ellipsis at the width. */
function clip(text: string, width: number, indent = ''): string {
  const chars = Array.from(text);
  const room = width - indent.length;
  return indent + (chars.length > room ? `${chars.slice(0, room - 1).join('')}…` : text);
}

/** Wrapped to at most `max` lines, the last cut with an ellipsis when text is left over. */
function wrapAtMost(text: string, width: number, first: string, rest: string, max: number): string[] {
  const lines = wrap(text, width, first, rest);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = clip(`${(kept[max - 1] ?? '').trimEnd()} …`, width);
  return kept;
}

function cell(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

export function renderTerminal(d: Digest, opts: TerminalOptions = {}): string {
  const width = Math.max(MIN_TERMINAL_WIDTH, Math.floor(opts.width ?? TERMINAL_WIDTH));
  if (opts.detail === 'summary') return renderSummary(d, { ...opts, width });
  const paint = painter(opts.color === true);
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
  const why = whyThisScanRan(d);
  if (why) para(`why this scan ran: ${why}`);
  const note = incompleteNote(d);
  if (note) para(note, '! ', '  ');
  para(scanLine(d));
  const reason = plainReason(d);
  if (reason) para(`reason: ${reason}`);
  const changes = checkChangesText(d);
  if (changes) para(`checks changed: ${changes}`);
  const scope = scopeText(d);
  if (scope) para(`scope: ${scope}`);

  if (d.organization) {
    const o = organizationText(d.organization);
    heading('Organization');
    para(o.intro, '  ');
    para(o.levels, '  ');
    if (o.sections) para(o.sections, '  ');
    para('lowest levels:', '  ');
    for (const l of o.lowest) para(l, '  - ', '    ');
    para('most problems:', '  ');
    for (const l of o.failing) para(l, '  - ', '    ');
  }

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
    const levelColor = levelStyle(a.level.current);
    const levelText = `Level ${a.level.current} ${a.label}`;
    const headLines = wrap(
      t(`Account ${a.accountId}: ${levelText} (${trendText(a.level.trend, a.level.previous)})`),
      width,
    );
    headLines[0] = (headLines[0] ?? '').replace(t(levelText), () => paint(t(levelText), 'bold', levelColor));
    out.push(...headLines);
    para(levelsText(a));
    para(sourcesText(a.itemSources));
    para(diffText(a.diff));

    heading(fixFirstHeading(a));
    const saved = savingsText(a.savings);
    if (saved) para(`${saved}.`, '  ');
    a.topChecks.forEach((g, i) => renderCheck(a, g, i));
    const more = moreChecksText(a);
    if (more)
      para(`${more}: ${opts.moreCommand ?? 'perfscan report --format html'} lists every finding`, '  ');

    if (a.next) {
      heading(`What Level ${a.next.level} (${a.next.label}) needs`);
      for (const n of a.next.needs) para(n, '  - ', '    ');
      if (a.next.more) para(`… and ${a.next.more} more`, '    ');
    } else {
      para('Highest level reached.');
    }

    heading('Controls');
    out.push(...controlsTable(a, width, paint));

    heading('Per control: what decided the level, what the next level needs');
    for (const c of a.controls) {
      para(`${c.control} ${c.name}: ${controlLevelText(c)}`, '  ');
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
      for (const c of corroborationLines(f)) para(c, '          + ', '            ');
    }
    if (g.moreResources) para(`… and ${g.moreResources} more resources`, '        ');
    para(`fix: ${g.remediation.text}`, '      ', '        ');
    const gain = [g.remediation.impact, checkSavingsText(g)].filter(Boolean).join(' · ');
    if (gain) para(`gain: ${gain}`, '      ', '        ');
    for (const url of g.remediation.docs) para(url, '        ');
  }
}

/**
 * The Controls table at `width`: control id, level (coloured), trend, failing findings, then the name and
 * level label in what is left (cut with an ellipsis, never wrapped, so the table keeps its columns).
 */
function controlsTable(a: AccountSection, width: number, paint: Paint): string[] {
  const t = escapeTerminal;
  const cols = { id: 12, level: 5, trend: 8, failing: 7 };
  const fixed = 2 + cols.id + 1 + cols.level + 1 + cols.trend + 1 + cols.failing + 1;
  const rest = Math.max(10, width - fixed);
  const rows = [
    paint(
      `  ${cell('CONTROL', cols.id)} ${cell('LEVEL', cols.level)} ${cell('TREND', cols.trend)} ${cell('FAILING', cols.failing)} ${cell('NAME / LEVEL LABEL', rest)}`.trimEnd(),
      'dim',
    ),
  ];
  for (const c of a.controls) {
    const trend =
      c.trend === 'new' ? '·' : c.trend === 'same' ? '=' : `${trendArrow(c.trend)} from ${c.previous}`;
    const level = c.notApplicable
      ? cell('n/a', cols.level)
      : paint(cell(`L${c.level}`, cols.level), 'bold', levelStyle(c.level));
    const failing = cell(String(c.failing), cols.failing);
    rows.push(
      `  ${cell(t(c.control), cols.id)} ${level} ${cell(trend, cols.trend)} ${c.failing ? paint(failing, 'red') : failing} ${cell(t(`${c.name} · ${c.label}`), rest)}`.trimEnd(),
    );
  }
  return rows;
}

/** The CLI's default: what a reader needs on one or two screens, and the command that shows the rest. */
function renderSummary(d: Digest, opts: TerminalOptions & { width: number }): string {
  const { width } = opts;
  const paint = painter(opts.color === true);
  const t = escapeTerminal;
  const out: string[] = [];
  const para = (text: string, first = '', rest = first): void => {
    out.push(...wrap(t(text), width, first, rest));
  };
  const heading = (s: string): void => {
    out.push('', paint(t(s), 'bold'));
  };
  const maxChecks = Math.max(0, opts.summaryChecks ?? 5);

  const statusStyle: Style =
    d.scan.status === 'complete' ? 'green' : d.scan.status === 'partial' ? 'yellow' : 'red';
  const head = wrap(t(`perfscan digest · ${statusLine(d)}`), width);
  head[0] = (head[0] ?? '')
    .replace(/^perfscan digest/, () => paint('perfscan digest', 'bold'))
    .replace(t(d.scan.status.toUpperCase()), (m) => paint(m, 'bold', statusStyle));
  out.push(...head);
  const note = incompleteNote(d);
  if (note) para(note, '! ', '  ');
  para(`scan ${d.scan.id} · ${d.scan.trigger}${d.scan.reason ? ` · reason: ${d.scan.reason}` : ''}`);

  let hidden = 0;
  for (const a of d.accounts) {
    const levelText = `Level ${a.level.current} ${a.label}`;
    const headLines = wrap(
      t(`Account ${a.accountId}: ${levelText} (${trendText(a.level.trend, a.level.previous)})`),
      width,
    );
    headLines[0] = (headLines[0] ?? '').replace(t(levelText), () =>
      paint(t(levelText), 'bold', levelStyle(a.level.current)),
    );
    out.push('');
    out.push(...headLines);
    para(diffText(a.diff), '  ', '    ');
    out.push('');
    out.push(...controlsTable(a, width, paint));
    para(levelsText(a), '  ', '    ');

    if (a.next) {
      heading(`What Level ${a.next.level} (${a.next.label}) needs`);
      const needs = a.next.needs.slice(0, 3);
      for (const n of needs) para(n, '  - ', '    ');
      const more = a.next.more + a.next.needs.length - needs.length;
      if (more) para(`… and ${more} more`, '    ');
    }

    const shown = a.topChecks.slice(0, maxChecks);
    heading(fixFirstHeading(a, shown.length));
    const savedLine = savingsText(a.savings);
    if (savedLine) para(`${savedLine}.`, '  ');
    shown.forEach((g, i) => {
      const sev = t(severityTag(g.severity));
      const first = clip(t(`${i + 1}. [${sev}] ${g.title} (${g.checkId})`), width, '  ');
      out.push(
        first.replace(
          `${i + 1}. [${sev}]`,
          () => `${i + 1}. ${paint(`[${sev}]`, 'bold', SEVERITY_STYLE[g.severity] ?? 'bold')}`,
        ),
      );
      out.push(clip(t(checkScopeText(g)), width, '      '));
      const worst = g.worst[0];
      if (worst) {
        const ev = keyEvidence(worst, 1)[0];
        out.push(
          clip(
            t(`e.g. ${resourceLabel(worst)} ${worst.region}: ${ev ? evidenceLine(ev) : worst.message}`),
            width,
            '      ',
          ),
        );
      }
      const gain = checkSavingsText(g);
      out.push(
        ...wrapAtMost(
          t(`fix: ${g.remediation.text}${gain ? ` · ${gain}` : ''}`),
          width,
          '      ',
          '        ',
          2,
        ),
      );
      const doc = g.remediation.docs[0];
      if (doc) para(doc, '      ');
    });
    hidden += a.failingChecks - shown.length;
  }

  // Problems with the scan itself stay visible: gaps and failed units change what the results mean.
  const problems = [
    ...d.coverage.failedUnits.map((u) => `failed unit ${whereLabel(u)}${u.error ? `: ${u.error}` : ''}`),
    ...d.coverage.gapGroups.map((g) => `gap: ${gapText(g)}${g.hint ? ` Fix: ${g.hint}` : ''}`),
    ...d.suppressions.expired.map((s) => s.text),
    ...d.expiredAttestations.map((a) => a.text),
  ];
  const moreProblems =
    d.coverage.moreFailedUnits +
    d.coverage.moreGapGroups +
    d.suppressions.moreExpired +
    Math.max(0, problems.length - 3);
  if (problems.length) {
    heading('Scan problems');
    for (const p of problems.slice(0, 3)) para(p, '  ! ', '    ');
    if (moreProblems) para(`… and ${moreProblems} more`, '    ');
  }

  heading('More');
  const unknown = unknownText(d);
  para(
    [
      hidden ? `${plural(hidden, 'more failing check')}` : '',
      'every finding',
      'what decided each control',
      `coverage (${coverageText(d.coverage)}${unknown ? `; ${unknown}` : ''})`,
      `the debt register (${debtText(d.debt)})`,
    ]
      .filter(Boolean)
      .join(', ') + ':',
    '  ',
    '  ',
  );
  const more = opts.moreCommand ?? 'perfscan report --format html > report.html';
  out.push(...wrap(t(more), width, '    ', '      ').map((l) => paint(l, 'cyan')));
  para('(or --verbose for all of it here)', '  ');
  return `${out.join('\n')}\n`;
}
