/**
 * The email digest (SES v2): a subject line, an HTML part with inline CSS (mail clients drop <style>), and a
 * plain-text part (the terminal rendering without colour). The subject is a mail header: one line, no
 * control characters, bounded length.
 */
import { escapeHtml, stripControl } from '../escape.js';
import type { Digest } from '../types.js';
import { inlineStyler, renderHtmlBody } from './html-body.js';
import { accountCount, statusShort, trendArrow, truncate } from './format.js';
import { renderTerminal } from './terminal.js';

/** RFC 5322 recommends lines of at most 78 characters; a subject somewhat longer is still fine for SES. */
const SUBJECT_MAX = 150;

export function emailSubject(d: Digest): string {
  const changes = d.diff.previousScanId
    ? `${d.diff.counts.new} new, ${d.diff.counts.resolved} resolved`
    : `${Object.values(d.counts.failingBySeverity).reduce((s, n) => s + n, 0)} failing`;
  const a = !d.organization && d.accounts.length === 1 ? d.accounts[0] : undefined;
  let subject: string;
  if (a) {
    const move =
      a.level.trend === 'up' || a.level.trend === 'down'
        ? ` (${trendArrow(a.level.trend)} from ${a.level.previous})`
        : '';
    subject = `perfscan ${a.accountId}: Level ${a.level.current} ${a.label}${move} · ${changes}`;
  } else {
    const o = d.organization;
    const levels = o ? o.byLevel.map((l) => l.level) : d.accounts.map((x) => x.level.current);
    const range = levels.length ? `Levels ${Math.min(...levels)}-${Math.max(...levels)}` : 'no accounts';
    const moved = o
      ? o.levelsUp + o.levelsDown
      : d.accounts.filter((x) => x.level.trend === 'up' || x.level.trend === 'down').length;
    subject = `perfscan ${accountCount(d)} accounts: ${range}${moved ? `, ${moved} changed level` : ''} · ${changes}`;
  }
  // A partial scan must never read as complete: the status is kept whatever the truncation cuts.
  const status = d.scan.status === 'complete' ? '' : ` · ${statusShort(d)}`;
  return (
    truncate(stripControl(subject, { singleLine: true }), SUBJECT_MAX - status.length) +
    stripControl(status, { singleLine: true })
  );
}

export function renderEmail(d: Digest): { subject: string; html: string; text: string } {
  const subject = emailSubject(d);
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body ${inlineStyler('body')}>`,
    renderHtmlBody(d, inlineStyler),
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, html, text: renderTerminal(d, { color: false }) };
}
