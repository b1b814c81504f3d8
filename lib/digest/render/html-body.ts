/**
 * The HTML body of the email (the standalone report is report.ts). Each account leads with its level and
 * the Controls table, then what the next level needs and what to fix first. Styling is one map, inlined
 * as style attributes (mail clients drop <style>); `classStyler` turns it into classes instead. Every
 * dynamic string goes through escapeHtml.
 */
import { escapeHtml } from '../escape.js';
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
  safeDocUrl,
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

export const STYLES = {
  body: 'font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328;max-width:960px;margin:0 auto;padding:16px;line-height:1.45',
  h1: 'font-size:22px;margin:0 0 4px 0',
  h2: 'font-size:18px;margin:24px 0 8px 0;border-bottom:1px solid #d0d7de;padding-bottom:4px',
  h3: 'font-size:15px;margin:16px 0 6px 0',
  muted: 'color:#59636e;font-size:13px',
  level:
    'display:inline-block;padding:2px 8px;border-radius:4px;background:#ddf4ff;color:#0969da;font-weight:600',
  table: 'border-collapse:collapse;width:100%;font-size:13px',
  th: 'text-align:left;border-bottom:2px solid #d0d7de;padding:4px 6px',
  td: 'border-bottom:1px solid #eaeef2;padding:4px 6px;vertical-align:top',
  finding: 'border-left:4px solid #d0d7de;padding:4px 10px;margin:10px 0',
  sevcritical: 'color:#8250df;font-weight:700',
  sevhigh: 'color:#cf222e;font-weight:700',
  sevmedium: 'color:#9a6700;font-weight:700',
  sevlow: 'color:#0969da;font-weight:700',
  sevinfo: 'color:#59636e;font-weight:700',
  code: 'font-family:SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;background:#f6f8fa;padding:1px 4px;border-radius:3px',
  ul: 'margin:4px 0;padding-left:20px',
  warn: 'color:#9a6700',
  statusok: 'font-weight:600;color:#1a7f37',
  statusbad:
    'font-weight:600;color:#9a6700;background:#fff8c5;border:1px solid #d4a72c;border-radius:4px;padding:6px 10px',
} as const;

export type StyleName = keyof typeof STYLES;
/** Returns the attribute (class or inline style) for a style name. */
export type Styler = (name: StyleName) => string;

export const classStyler: Styler = (name) => `class="${name}"`;
export const inlineStyler: Styler = (name) => `style="${escapeHtml(STYLES[name])}"`;

export function styleSheet(): string {
  return Object.entries(STYLES)
    .map(([name, css]) => `.${name}{${css}}`)
    .join('\n');
}

const h = escapeHtml;

/** The style of a severity; a value outside the known severities (a tampered store) gets the neutral one. */
function severityStyle(severity: string): StyleName {
  const name = `sev${severity}`;
  return Object.hasOwn(STYLES, name) ? (name as StyleName) : 'sevinfo';
}

function link(url: string): string {
  const safe = safeDocUrl(url);
  return safe
    ? `<a href="${h(safe)}" rel="noopener noreferrer">${h(safe.replace(/^https:\/\//, ''))}</a>`
    : h(url);
}

export interface HtmlBodyOptions {
  /** Add each account's per-resource list of failing findings (the report; the email stays grouped). */
  resourceTable?: boolean;
}

export function renderHtmlBody(d: Digest, s: Styler, opts: HtmlBodyOptions = {}): string {
  const out: string[] = [];
  out.push(`<h1 ${s('h1')}>perfscan digest</h1>`);
  const why = whyThisScanRan(d);
  if (why) out.push(`<p data-why="release"><strong>Why this scan ran:</strong> ${h(why)}</p>`);
  // The status comes first: a partial scan must never read as complete.
  const note = incompleteNote(d);
  out.push(
    `<p ${s(d.scan.status === 'complete' ? 'statusok' : 'statusbad')} data-status="${h(d.scan.status)}">${h(statusLine(d))}` +
      `${note ? `<br>${h(note)}` : ''}</p>`,
  );
  out.push(`<p ${s('muted')}>${h(scanLine(d))}</p>`);
  const reason = plainReason(d);
  if (reason) out.push(`<p><strong>Reason:</strong> ${h(reason)}</p>`);
  const changes = checkChangesText(d);
  if (changes) out.push(`<p data-check-changes><strong>Checks changed:</strong> ${h(changes)}</p>`);
  const scope = scopeText(d);
  if (scope) out.push(`<p><strong>Scope:</strong> ${h(scope)}</p>`);

  if (d.organization) {
    const o = organizationText(d.organization);
    out.push(`<h2 ${s('h2')}>Organization</h2>`, `<p>${h(o.intro)}</p>`, `<p>${h(o.levels)}</p>`);
    if (o.sections) out.push(`<p ${s('muted')}>${h(o.sections)}</p>`);
    for (const [title, list] of [
      ['Lowest levels', o.lowest],
      ['Most problems', o.failing],
    ] as const) {
      out.push(
        `<p><strong>${title}</strong></p>`,
        `<ul ${s('ul')}>${list.map((t) => `<li>${h(t)}</li>`).join('')}</ul>`,
      );
    }
  }

  for (const a of d.accounts) account(a);

  out.push(`<h2 ${s('h2')}>Coverage</h2>`, `<p>${h(coverageText(d.coverage))}</p>`);
  const res = resourcesText(d.coverage);
  if (res) out.push(`<p ${s('muted')}>Resources scanned: ${h(res)}</p>`);
  const coverageItems = [
    ...d.coverage.failedUnits.map((u) => `Failed unit ${whereLabel(u)}${u.error ? `: ${u.error}` : ''}`),
    ...(d.coverage.moreFailedUnits ? [`… and ${d.coverage.moreFailedUnits} more failed units`] : []),
    ...d.coverage.gapGroups.map((g) => `Gap: ${gapText(g)}${g.hint ? ` Fix: ${g.hint}` : ''}`),
    ...(d.coverage.moreGapGroups ? [`… and ${d.coverage.moreGapGroups} more gap kinds`] : []),
  ];
  if (coverageItems.length)
    out.push(`<ul ${s('ul')}>${coverageItems.map((t) => `<li>${h(t)}</li>`).join('')}</ul>`);
  const unknown = unknownText(d);
  if (unknown) out.push(`<p ${s('warn')}>${h(unknown)}</p>`);

  out.push(`<h2 ${s('h2')}>Suppressions and attestations</h2>`);
  out.push(`<p>${h(plural(d.suppressions.suppressed, 'finding'))} suppressed.</p>`);
  const notes = [
    ...d.suppressions.expired.map((x) => x.text),
    ...(d.suppressions.moreExpired ? [`… and ${d.suppressions.moreExpired} more expired suppressions`] : []),
    ...d.expiredAttestations.map((x) => x.text),
  ];
  if (notes.length)
    out.push(`<ul ${s('ul')}>${notes.map((t) => `<li ${s('warn')}>${h(t)}</li>`).join('')}</ul>`);

  out.push(`<h2 ${s('h2')}>Performance debt register</h2>`, `<p>${h(debtText(d.debt))}</p>`);
  return out.join('\n');

  function account(a: AccountSection): void {
    out.push(
      `<h2 ${s('h2')}>Account ${h(a.accountId)}</h2>`,
      `<p><span ${s('level')} data-level="${a.level.current}">Level ${a.level.current} ${h(a.label)}</span> ` +
        `<span ${s('muted')}>(${h(trendText(a.level.trend, a.level.previous))})</span></p>`,
      `<p data-levels>${h(levelsText(a))}</p>`,
      `<p ${s('muted')}>${h(sourcesText(a.itemSources))}<br>${h(diffText(a.diff))}</p>`,
    );
    out.push(`<h3 ${s('h3')}>Controls</h3>`, `<table ${s('table')}>`);
    out.push(
      `<tr>${['Control', 'Level', 'Trend', 'Decided by', 'Next level needs', 'Problems'].map((c) => `<th ${s('th')}>${c}</th>`).join('')}</tr>`,
    );
    for (const c of a.controls) {
      const trend =
        c.trend === 'new' ? '' : c.trend === 'same' ? '=' : `${trendArrow(c.trend)} from ${c.previous}`;
      out.push(
        `<tr>${[
          `${c.control} ${c.name}`,
          controlLevelText(c),
          trend,
          c.decidedBy ? criterionText(c.decidedBy) : '',
          controlNextText(c),
          controlFindingsText(c),
        ]
          .map((v) => `<td ${s('td')}>${h(v)}</td>`)
          .join('')}</tr>`,
      );
    }
    out.push('</table>');

    if (a.next) {
      out.push(`<h3 ${s('h3')}>What Level ${a.next.level} (${h(a.next.label)}) needs</h3>`);
      out.push(
        `<ul ${s('ul')}>${a.next.needs.map((n) => `<li>${h(n)}</li>`).join('')}${
          a.next.more ? `<li>… and ${a.next.more} more</li>` : ''
        }</ul>`,
      );
    } else {
      out.push('<p>Highest level reached.</p>');
    }

    out.push(`<h3 ${s('h3')}>${h(fixFirstHeading(a))}</h3>`);
    const saved = savingsText(a.savings);
    if (saved) out.push(`<p><strong>${h(saved)}.</strong></p>`);
    for (const g of a.topChecks) check(a, g);
    const more = moreChecksText(a);
    if (more) out.push(`<p ${s('muted')}>${h(more)}.</p>`);

    if (opts.resourceTable && a.topFindings.length) {
      const count = a.moreFindings ? `first ${a.topFindings.length} of ${a.failing}` : String(a.failing);
      out.push(
        `<details><summary>All failing resources (${count})</summary>`,
        `<table ${s('table')}>`,
        `<tr>${['#', 'Severity', 'Check', 'Resource', 'Region', 'Evidence', 'Age'].map((c) => `<th ${s('th')}>${c}</th>`).join('')}</tr>`,
        ...a.topFindings.map((f, i) => {
          const ev = keyEvidence(f, 1)[0];
          return `<tr>${[
            String(i + 1),
            severityTag(f.severity),
            f.checkId,
            resourceLabel(f),
            f.region,
            ev ? evidenceLine(ev) : f.message,
            ageText(f),
          ]
            .map((v) => `<td ${s('td')}>${h(v)}</td>`)
            .join('')}</tr>`;
        }),
        '</table>',
        a.moreFindings
          ? `<p ${s('muted')}>… and ${a.moreFindings} more failing resources: perfscan report --format csv lists every finding.</p>`
          : '',
        '</details>',
      );
    }

    if (a.diff.resolved.length) {
      out.push(
        `<h3 ${s('h3')}>Resolved since the previous scan</h3>`,
        `<ul ${s('ul')}>${a.diff.resolved.map((r) => `<li>${h(`${r.checkId} ${resourceLabel(r)} · ${r.region}`)}</li>`).join('')}</ul>`,
      );
    }
  }

  function check(a: AccountSection, g: CheckGroup): void {
    const name = a.controls.find((c) => c.control === g.control)?.name;
    const gain = [g.remediation.impact, checkSavingsText(g)].filter(Boolean).join(' · ');
    const worst = g.worst.map((f) => {
      const age = ageText(f);
      const ev = keyEvidence(f, 2)
        .map((x) => `<br><span ${s('muted')}>${h(evidenceLine(x))}</span>`)
        .join('');
      const also = corroborationLines(f)
        .map((x) => `<br><span ${s('muted')} data-corroboration>${h(x)}</span>`)
        .join('');
      return `<li><span class="resource">${h(resourceLabel(f))}</span> · ${h(f.region)}${age ? ` · ${h(age)}` : ''}: ${h(f.message)}${ev}${also}</li>`;
    });
    out.push(
      `<div ${s('finding')}>`,
      `<div><span ${s(severityStyle(g.severity))}>${h(severityTag(g.severity))}</span> <strong>${h(g.title)}</strong> ` +
        `<code ${s('code')}>${h(g.checkId)}</code></div>`,
      `<div ${s('muted')}>${h(`${g.control}${name ? ` ${name}` : ''} · ${checkScopeText(g)}`)}</div>`,
      `<ul ${s('ul')}>${worst.join('')}${g.moreResources ? `<li>… and ${g.moreResources} more resources</li>` : ''}</ul>`,
      `<div><strong>Fix:</strong> ${h(g.remediation.text)}</div>`,
      gain ? `<div><strong>Gain:</strong> ${h(gain)}</div>` : '',
      g.remediation.docs.length
        ? `<div ${s('muted')}>Docs: ${g.remediation.docs.map(link).join(', ')}</div>`
        : '',
      '</div>',
    );
  }
}
