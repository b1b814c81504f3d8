/**
 * The HTML report: one self-contained file a lead reads in a minute. It opens with the level per control
 * (inline SVG), the trend over the stored scans (overall level and failing findings per scan, and every
 * control's level per scan), what the next level needs and the Controls table; then a table of ALL
 * findings with sorting and filtering (control, service, severity, region, status, text), the debt
 * register as a table, coverage and suppressions.
 *
 * Security: a Content-Security-Policy meta tag (first in <head>) allows exactly our <style> and our one
 * <script> by their sha256 hashes and nothing else: no other script, no inline handler, no style
 * attribute, no request of any kind (default-src 'none'). The script carries no data; it reads the table.
 * Every dynamic string goes through escapeHtml.
 *
 * Size: the findings come as an iterable or a stream (`streamHtmlReport`: one store page at a time, so
 * memory stays bounded); each row is bounded (resource label 120, evidence 160 characters), so the
 * document grows by at most ~0.5 KB per finding (docs/cli.md gives the size at 50,000 findings).
 */
import { createHash } from 'node:crypto';
import {
  CONTROL_IDS,
  SEVERITY_RANK,
  type ControlId,
  type DebtEntry,
  type Finding,
  type ScanHeader,
} from '#lib/model/index.js';
import { escapeHtml } from '../escape.js';
import type { AccountSection, CheckGroup, Digest } from '../types.js';
import {
  checkSavingsText,
  checkScopeText,
  controlFindingsText,
  controlNextText,
  corroborationLines,
  coverageText,
  criterionText,
  debtText,
  diffText,
  docTitle,
  evidenceLine,
  fixFirstHeading,
  savingsText,
  gapText,
  incompleteNote,
  keyEvidence,
  levelsText,
  plural,
  resourceLabel,
  resourcesText,
  safeDocUrl,
  scanLine,
  severityTag,
  sourcesText,
  statusLine,
  trendArrow,
  trendText,
  truncate,
  unknownText,
  usd,
  whereLabel,
  whyThisScanRan,
  plainReason,
  checkChangesText,
} from './format.js';

const h = escapeHtml;

export interface HtmlReportOptions {
  /** Earlier scans of the same accounts, newest first (the trend); their `score` and `findingCounts` are used. */
  history?: readonly ScanHeader[];
  /** The debt register (open entries are listed, oldest and costliest first, up to `debtRows`). */
  debt?: readonly DebtEntry[];
  /** Owner of a debt entry where known (e.g. the owner named by a suppression). */
  ownerOf?: (e: DebtEntry) => string | undefined;
  /** Rows of the debt table (default 1,000; the rest are counted). */
  debtRows?: number;
  /** Scans shown in the trend (default 12). */
  trendScans?: number;
}

const CSS = `
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328;margin:0;line-height:1.45;background:#f6f8fa}
.body{max-width:1280px;margin:0 auto;padding:16px 24px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
.muted{color:#59636e;font-size:13px}
.level{display:inline-block;padding:2px 8px;border-radius:4px;background:#ddf4ff;color:#0969da;font-weight:600}
.statusok{font-weight:600;color:#1a7f37}
.statusbad{font-weight:600;color:#9a6700;background:#fff8c5;border:1px solid #d4a72c;border-radius:4px;padding:6px 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}
th{text-align:left;border-bottom:2px solid #d0d7de;padding:4px 6px;position:sticky;top:0;background:#fff}
th.sortable{cursor:pointer;user-select:none}
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
td{border-bottom:1px solid #eaeef2;padding:3px 6px;vertical-align:top}
td.num{text-align:right}
.sev-critical{color:#8250df;font-weight:700}.sev-high{color:#cf222e;font-weight:700}.sev-medium{color:#9a6700;font-weight:700}.sev-low{color:#0969da;font-weight:700}.sev-info{color:#59636e;font-weight:700}
.st-fail{color:#cf222e}.st-unknown{color:#9a6700}.st-error{color:#8250df}.st-pass{color:#1a7f37}.st-suppressed{color:#59636e}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.filters label{font-size:13px}
.scroll{max-height:80vh;overflow:auto;border:1px solid #d0d7de}
ul{margin:4px 0;padding-left:20px}
.fix{margin:8px 0;padding:4px 10px;border-left:4px solid #d0d7de;background:#fff}
code{font-family:SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;background:#f6f8fa;padding:1px 4px;border-radius:3px}
.l1{fill:#cf222e}.l2{fill:#d4a72c}.l3{fill:#bf8700}.l4{fill:#2da44e}.l5{fill:#1a7f37}
svg text{font-size:12px;fill:#1f2328}
svg .axis{stroke:#d0d7de}svg .bar{fill:#ffd8d3}svg .line{stroke:#0969da;stroke-width:2;fill:none}svg .dot{fill:#0969da}
.hidden{display:none}
`.trim();

/**
 * The table script: fills the filter menus from the table's own cells, filters rows (all filters at once),
 * sorts on a header click (numbers and severities by their data-k key), and shows the count. No data, no
 * network, no eval; the CSP allows it by its hash.
 */
const SCRIPT = `
(function () {
  var table = document.getElementById('findings');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-col]'));
  var search = document.getElementById('f-text');
  var count = document.getElementById('f-count');
  function cellText(row, col) { var c = row.cells[col]; return c ? c.textContent : ''; }
  selects.forEach(function (sel) {
    var col = Number(sel.getAttribute('data-col'));
    var seen = {};
    rows.forEach(function (r) { seen[cellText(r, col)] = true; });
    Object.keys(seen).sort().forEach(function (v) {
      var o = document.createElement('option'); o.value = v; o.textContent = v; sel.appendChild(o);
    });
    var initial = sel.getAttribute('data-initial');
    if (initial && seen[initial]) sel.value = initial;
    sel.addEventListener('change', apply);
  });
  if (search) search.addEventListener('input', apply);
  function apply() {
    var wanted = selects.map(function (s) { return [Number(s.getAttribute('data-col')), s.value]; });
    var q = search ? search.value.toLowerCase() : '';
    var shown = 0;
    rows.forEach(function (r) {
      var ok = wanted.every(function (w) { return w[1] === '' || cellText(r, w[0]) === w[1]; });
      if (ok && q) ok = r.textContent.toLowerCase().indexOf(q) >= 0;
      r.classList.toggle('hidden', !ok);
      if (ok) shown++;
    });
    if (count) count.textContent = 'showing ' + shown + ' of ' + rows.length;
  }
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    th.classList.add('sortable');
    th.addEventListener('click', function () {
      var dir = th.classList.contains('asc') ? -1 : 1;
      heads.forEach(function (x) { x.classList.remove('asc', 'desc'); });
      th.classList.add(dir === 1 ? 'asc' : 'desc');
      function key(r) { var c = r.cells[col]; var k = c && c.getAttribute('data-k'); return k !== null && k !== undefined ? Number(k) : (c ? c.textContent : ''); }
      rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  });
  apply();
})();
`.trim();

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');

export function reportCsp(css = CSS, script = SCRIPT): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${sha256(script)}'`,
    `style-src 'sha256-${sha256(css)}'`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Findings table columns; the filters name them by index. */
const COLUMNS = [
  'Severity',
  'Status',
  'Control',
  'Service',
  'Check',
  'Resource',
  'Region',
  'Evidence',
] as const;
const col = (name: (typeof COLUMNS)[number]): number => COLUMNS.indexOf(name);

const LEVEL_COLOR = ['l1', 'l1', 'l2', 'l3', 'l4', 'l5'];

function docLink(url: string): string {
  const safe = safeDocUrl(url);
  return safe ? `<a href="${h(safe)}" rel="noopener noreferrer">${h(docTitle(safe))}</a>` : h(url);
}

/** Level per control as horizontal bars (1-5). */
function controlsChart(a: AccountSection): string {
  const rowH = 24;
  const x0 = 190;
  const unit = 70;
  const height = a.controls.length * rowH + 30;
  const bars = a.controls.map((c, i) => {
    const y = 8 + i * rowH;
    return (
      `<text x="0" y="${y + 15}">${h(truncate(`${c.control.replace('WAF-PERF-', '')} ${c.name}`, 26))}</text>` +
      `<rect class="${LEVEL_COLOR[c.level]}" x="${x0}" y="${y + 3}" width="${c.level * unit}" height="${rowH - 8}" rx="2"><title>${h(`${c.control} ${c.name}: Level ${c.level} ${c.label}`)}</title></rect>` +
      `<text x="${x0 + c.level * unit + 6}" y="${y + 15}">L${c.level}${c.trend === 'up' || c.trend === 'down' ? ` ${trendArrow(c.trend)}` : ''}</text>`
    );
  });
  const axis = [1, 2, 3, 4, 5]
    .map(
      (l) =>
        `<line class="axis" x1="${x0 + l * unit}" y1="4" x2="${x0 + l * unit}" y2="${height - 22}"/><text x="${x0 + l * unit - 6}" y="${height - 6}">L${l}</text>`,
    )
    .join('');
  return `<svg id="chart-levels" role="img" aria-label="Level per control" viewBox="0 0 ${x0 + 5 * unit + 40} ${height}" width="100%">${axis}${bars.join('')}</svg>`;
}

interface TrendPoint {
  scanId: string;
  started: string;
  overall?: number;
  controls?: Partial<Record<ControlId, number>>;
  failing?: number;
}

/** Overall level (line) and failing findings (bars) per scan, oldest to newest. */
function trendChart(points: TrendPoint[]): string {
  const w = 560;
  const hgt = 200;
  const left = 40;
  const right = 50;
  const top = 10;
  const bottom = 40;
  const plotW = w - left - right;
  const plotH = hgt - top - bottom;
  const n = points.length;
  const step = n > 1 ? plotW / (n - 1) : 0;
  const maxFail = Math.max(1, ...points.map((p) => p.failing ?? 0));
  const x = (i: number): number => left + (n > 1 ? i * step : plotW / 2);
  const yLevel = (l: number): number => top + plotH - ((l - 1) / 4) * plotH;
  const bw = Math.max(4, Math.min(28, n > 1 ? step * 0.5 : 28));
  const bars = points
    .map((p, i) => {
      if (p.failing === undefined) return '';
      const bh = (p.failing / maxFail) * plotH;
      return `<rect class="bar" x="${(x(i) - bw / 2).toFixed(1)}" y="${(top + plotH - bh).toFixed(1)}" width="${bw.toFixed(1)}" height="${bh.toFixed(1)}"><title>${h(`${p.scanId}: ${p.failing} failing findings`)}</title></rect>`;
    })
    .join('');
  const withLevel = points.map((p, i) => ({ p, i })).filter(({ p }) => p.overall !== undefined);
  const line = withLevel.length
    ? `<polyline class="line" points="${withLevel.map(({ p, i }) => `${x(i).toFixed(1)},${yLevel(p.overall!).toFixed(1)}`).join(' ')}"/>`
    : '';
  const dots = withLevel
    .map(
      ({ p, i }) =>
        `<circle class="dot" cx="${x(i).toFixed(1)}" cy="${yLevel(p.overall!).toFixed(1)}" r="4"><title>${h(`${p.scanId}: Level ${p.overall}`)}</title></circle>`,
    )
    .join('');
  const yAxis = [1, 2, 3, 4, 5]
    .map(
      (l) =>
        `<line class="axis" x1="${left}" y1="${yLevel(l).toFixed(1)}" x2="${w - right}" y2="${yLevel(l).toFixed(1)}"/><text x="4" y="${(yLevel(l) + 4).toFixed(1)}">L${l}</text>`,
    )
    .join('');
  const labels = points
    .map((p, i) =>
      n <= 8 || i === 0 || i === n - 1 || i % Math.ceil(n / 6) === 0
        ? `<text x="${(x(i) - 20).toFixed(1)}" y="${hgt - 22}">${h(p.started.slice(5, 10))}</text>`
        : '',
    )
    .join('');
  return (
    `<svg id="chart-trend" role="img" aria-label="Overall level and failing findings per scan" viewBox="0 0 ${w} ${hgt}" width="100%">` +
    `${yAxis}${bars}${line}${dots}${labels}` +
    `<text x="${w - right + 4}" y="${top + 10}">${maxFail}</text><text x="${w - right + 4}" y="${top + plotH}">0</text>` +
    `<text x="${left}" y="${hgt - 4}">line: overall level · bars: failing findings (right scale)</text></svg>`
  );
}

function trendPoints(
  d: Digest,
  a: AccountSection,
  history: readonly ScanHeader[],
  max: number,
): TrendPoint[] {
  const older = history
    .filter((x) => x.scanId !== d.scan.id && x.accounts.length === 1 && x.accounts[0] === a.accountId)
    .slice(0, Math.max(0, max - 1))
    .reverse()
    .map((x) => ({
      scanId: x.scanId,
      started: x.startedAt,
      ...(x.score ? { overall: x.score.overall, controls: x.score.controls } : {}),
      ...(x.findingCounts ? { failing: x.findingCounts.fail } : {}),
    }));
  const controls: Partial<Record<ControlId, number>> = {};
  for (const c of a.controls) controls[c.control] = c.level;
  return [
    ...older,
    { scanId: d.scan.id, started: d.scan.started, overall: a.level.current, controls, failing: a.failing },
  ];
}

function trendTable(points: TrendPoint[]): string {
  const head = ['Scan', 'Overall', ...CONTROL_IDS.map((c) => c.replace('WAF-PERF-', '')), 'Failing'];
  const rows = [...points]
    .reverse()
    .map(
      (p) =>
        `<tr><td>${h(p.started.slice(0, 16).replace('T', ' '))}</td><td>${p.overall !== undefined ? `L${p.overall}` : '–'}</td>${CONTROL_IDS.map(
          (c) => `<td>${p.controls?.[c] !== undefined ? `L${p.controls[c]}` : '–'}</td>`,
        ).join('')}<td class="num">${p.failing ?? '–'}</td></tr>`,
    );
  return `<table id="trend-table"><thead><tr>${head.map((x) => `<th>${h(x)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function fixFirst(a: AccountSection, g: CheckGroup): string {
  const worst = g.worst[0];
  const ev = worst ? keyEvidence(worst, 1)[0] : undefined;
  const gain = [g.remediation.impact, checkSavingsText(g)].filter(Boolean).join(' · ');
  const name = a.controls.find((c) => c.control === g.control)?.name;
  return [
    `<div class="fix"><div><span class="sev-${h(SEVERITY_RANK[g.severity] !== undefined ? g.severity : 'info')}">${h(severityTag(g.severity))}</span> <strong>${h(g.title)}</strong> <code>${h(g.checkId)}</code></div>`,
    `<div class="muted">${h(`${g.control}${name ? ` ${name}` : ''} · ${checkScopeText(g)}`)}</div>`,
    worst
      ? `<div>e.g. ${h(resourceLabel(worst))} · ${h(worst.region)}: ${h(ev ? evidenceLine(ev) : worst.message)}${corroborationLines(
          worst,
        )
          .map((x) => `<br><span class="muted" data-corroboration>${h(x)}</span>`)
          .join('')}</div>`
      : '',
    `<div><strong>Fix:</strong> ${h(g.remediation.text)}${gain ? ` <span class="muted">(${h(gain)})</span>` : ''}</div>`,
    g.remediation.docs.length
      ? `<div class="muted">Docs: ${g.remediation.docs.map(docLink).join(' · ')}</div>`
      : '',
    '</div>',
  ].join('');
}

/** One findings-table row; every cell bounded. */
export function findingRow(f: Finding, multiAccount: boolean): string {
  const status = f.suppressedBy ? 'suppressed' : f.status;
  const sev = SEVERITY_RANK[f.severity] !== undefined ? f.severity : 'info';
  const ev = keyEvidence(f, 1)[0];
  const resource = truncate(resourceLabel(f), 120);
  const where = multiAccount ? `${f.accountId} ${f.region}` : f.region;
  return (
    `<tr><td class="sev-${sev}" data-k="${-(SEVERITY_RANK[f.severity] ?? 0)}">${h(f.severity)}</td>` +
    `<td class="st-${h(status)}">${h(status)}</td><td>${h(f.control)}</td><td>${h(f.service)}</td>` +
    `<td>${h(f.checkId)}</td><td>${h(resource)}</td><td>${h(where)}</td>` +
    `<td>${h(truncate(ev ? evidenceLine(ev) : f.message, 160))}</td></tr>`
  );
}

/** Everything before the findings rows. */
function head(d: Digest, opts: HtmlReportOptions, totalFindings: number | undefined): string {
  const title =
    d.accounts.length === 1 && d.accounts[0]
      ? `perfscan ${d.accounts[0].accountId}: Level ${d.accounts[0].level.current} ${d.accounts[0].label}`
      : `perfscan report: ${d.accounts.length} accounts`;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    `<meta http-equiv="Content-Security-Policy" content="${h(reportCsp())}">`,
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body class="body">',
    `<h1>perfscan report</h1>`,
  ];
  const why = whyThisScanRan(d);
  if (why) out.push(`<p data-why="release"><strong>Why this scan ran:</strong> ${h(why)}</p>`);
  const changes = checkChangesText(d);
  const note = incompleteNote(d);
  out.push(
    `<p class="${d.scan.status === 'complete' ? 'statusok' : 'statusbad'}" data-status="${h(d.scan.status)}">${h(statusLine(d))}${note ? `<br>${h(note)}` : ''}</p>`,
    `<p class="muted">${h(scanLine(d))}${plainReason(d) ? ` · reason: ${h(plainReason(d) ?? '')}` : ''}</p>`,
  );
  if (changes) out.push(`<p data-check-changes><strong>Checks changed:</strong> ${h(changes)}</p>`);
  const maxTrend = Math.max(2, opts.trendScans ?? 12);
  for (const a of d.accounts) {
    out.push(
      `<h2>Account ${h(a.accountId)}</h2>`,
      `<p><span class="level" data-level="${a.level.current}">Level ${a.level.current} ${h(a.label)}</span> <span class="muted">(${h(trendText(a.level.trend, a.level.previous))}) · ${h(sourcesText(a.itemSources))} · ${h(diffText(a.diff))}</span></p>`,
      `<p data-levels>${h(levelsText(a))}</p>`,
    );
    const points = trendPoints(d, a, opts.history ?? [], maxTrend);
    out.push(
      '<div class="grid">',
      `<div class="card"><h3>Level per control</h3>${controlsChart(a)}</div>`,
      `<div class="card"><h3>Trend over ${plural(points.length, 'scan')}</h3>${trendChart(points)}</div>`,
      '</div>',
    );
    if (a.next) {
      out.push(
        `<h3>What Level ${a.next.level} (${h(a.next.label)}) needs</h3>`,
        `<ul id="next-level">${a.next.needs.map((n) => `<li>${h(n)}</li>`).join('')}${a.next.more ? `<li>… and ${a.next.more} more</li>` : ''}</ul>`,
      );
    } else out.push('<p>Highest level reached.</p>');
    out.push(
      '<h3>Controls</h3>',
      `<table id="controls"><thead><tr>${['Control', 'Level', 'Trend', 'Decided by', 'Next level needs', 'Problems'].map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>`,
      ...a.controls.map((c) => {
        const trend =
          c.trend === 'new' ? '' : c.trend === 'same' ? '=' : `${trendArrow(c.trend)} from ${c.previous}`;
        return `<tr>${[`${c.control} ${c.name}`, `L${c.level} ${c.label}`, trend, c.decidedBy ? criterionText(c.decidedBy) : '', controlNextText(c), controlFindingsText(c)].map((v) => `<td>${h(v)}</td>`).join('')}</tr>`;
      }),
      '</tbody></table>',
      `<details><summary>Levels per scan</summary>${trendTable(points)}</details>`,
    );
    const saved = savingsText(a.savings);
    out.push(
      `<h3>${h(fixFirstHeading(a))}</h3>`,
      ...(saved ? [`<p class="savings"><strong>${h(saved)}.</strong></p>`] : []),
      ...a.topChecks.map((g) => fixFirst(a, g)),
    );
  }
  const filters = (['Control', 'Service', 'Severity', 'Region', 'Status'] as const)
    .map(
      (name) =>
        `<label>${name} <select id="f-${name.toLowerCase()}" data-col="${col(name)}"${name === 'Status' ? ' data-initial="fail"' : ''}><option value="">all</option></select></label>`,
    )
    .join('');
  out.push(
    `<h2>All findings${totalFindings !== undefined ? ` (${totalFindings})` : ''}</h2>`,
    `<div class="filters">${filters}<label>Text <input id="f-text" type="search"></label> <span id="f-count" class="muted"></span></div>`,
    '<div class="scroll"><table id="findings">',
    `<thead><tr>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead>`,
    '<tbody>',
  );
  return out.join('\n');
}

/** Everything after the findings rows. */
function tail(d: Digest, opts: HtmlReportOptions): string {
  const out: string[] = ['</tbody></table></div>'];
  out.push('<h2>Performance debt register</h2>', `<p>${h(debtText(d.debt))}</p>`);
  const open = (opts.debt ?? []).filter((e) => e.status === 'open');
  if (open.length) {
    const max = Math.max(0, opts.debtRows ?? 1000);
    const rows = [...open]
      .sort(
        (a, b) =>
          (b.estimatedMonthlySavingsUsd ?? 0) - (a.estimatedMonthlySavingsUsd ?? 0) ||
          b.ageDays - a.ageDays ||
          a.checkId.localeCompare(b.checkId),
      )
      .slice(0, max);
    out.push(
      `<table id="debt"><thead><tr>${['Age (days)', 'First seen', 'Check', 'Resource', 'Region', 'Severity', 'Owner', 'Cost of delay / month', 'Reopened'].map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>`,
      ...rows.map((e) => {
        const owner = opts.ownerOf?.(e);
        return (
          `<tr><td class="num">${e.ageDays}</td><td>${h(e.firstSeen.slice(0, 10))}</td><td>${h(e.checkId)}</td>` +
          `<td>${h(truncate(resourceLabel(e), 120))}</td><td>${h(e.region)}</td><td class="sev-${SEVERITY_RANK[e.severity] !== undefined ? e.severity : 'info'}">${h(e.severity)}</td>` +
          `<td>${owner ? h(owner) : '<span class="muted">unknown</span>'}</td><td class="num">${e.estimatedMonthlySavingsUsd ? h(usd(e.estimatedMonthlySavingsUsd)) : ''}</td><td class="num">${e.reopened || ''}</td></tr>`
        );
      }),
      '</tbody></table>',
      open.length > rows.length
        ? `<p class="muted">… and ${open.length - rows.length} more open entries (perfscan report --format csv lists every finding).</p>`
        : '',
    );
  }
  out.push('<h2>Coverage</h2>', `<p>${h(coverageText(d.coverage))}</p>`);
  const res = resourcesText(d.coverage);
  if (res) out.push(`<p class="muted">Resources scanned: ${h(res)}</p>`);
  const items = [
    ...d.coverage.failedUnits.map((u) => `Failed unit ${whereLabel(u)}${u.error ? `: ${u.error}` : ''}`),
    ...(d.coverage.moreFailedUnits ? [`… and ${d.coverage.moreFailedUnits} more failed units`] : []),
    ...d.coverage.gapGroups.map((g) => `Gap: ${gapText(g)}${g.hint ? ` Fix: ${g.hint}` : ''}`),
    ...(d.coverage.moreGapGroups ? [`… and ${d.coverage.moreGapGroups} more gap kinds`] : []),
  ];
  if (items.length) out.push(`<ul>${items.map((t) => `<li>${h(t)}</li>`).join('')}</ul>`);
  const unknown = unknownText(d);
  if (unknown) out.push(`<p class="muted">${h(unknown)}</p>`);
  out.push(
    '<h2>Suppressions and attestations</h2>',
    `<p>${h(plural(d.suppressions.suppressed, 'finding'))} suppressed.</p>`,
  );
  const notes = [
    ...d.suppressions.expired.map((x) => x.text),
    ...(d.suppressions.moreExpired ? [`… and ${d.suppressions.moreExpired} more expired suppressions`] : []),
    ...d.expiredAttestations.map((x) => x.text),
  ];
  if (notes.length) out.push(`<ul>${notes.map((t) => `<li>${h(t)}</li>`).join('')}</ul>`);
  out.push(`<script>${SCRIPT}</script>`, '</body>', '</html>', '');
  return out.join('\n');
}

/** The whole report in one string, from findings already in memory (small scans, tests). */
export function renderHtmlReport(
  d: Digest,
  opts: HtmlReportOptions & { findings?: Iterable<Finding> } = {},
): string {
  const multi = d.accounts.length > 1;
  const rows: string[] = [];
  for (const f of opts.findings ?? []) rows.push(findingRow(f, multi));
  return `${head(d, opts, opts.findings ? rows.length : undefined)}\n${rows.join('\n')}\n${tail(d, opts)}`;
}

/**
 * The report as chunks, reading the findings one store page at a time: memory holds one page, never the
 * scan. `total` (the scan's finding count, from the header) is shown in the heading when given.
 */
export async function* streamHtmlReport(
  d: Digest,
  opts: HtmlReportOptions & { findings: AsyncIterable<readonly Finding[]>; total?: number },
): AsyncGenerator<string> {
  const multi = d.accounts.length > 1;
  yield `${head(d, opts, opts.total)}\n`;
  for await (const page of opts.findings) {
    if (page.length) yield `${page.map((f) => findingRow(f, multi)).join('\n')}\n`;
  }
  yield tail(d, opts);
}
