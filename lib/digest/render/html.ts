/**
 * A standalone HTML report page: one file, no external resources, no script. A strict Content Security
 * Policy in a meta tag (first in <head>, so it covers everything after it) forbids scripts, inline
 * style attributes, frames, forms and every fetch; the one <style> sheet is allowed by its sha256 hash.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../escape.js';
import type { Digest } from '../types.js';
import { classStyler, renderHtmlBody, styleSheet } from './html-body.js';

export function reportCsp(css: string): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    "script-src 'none'",
    `style-src 'sha256-${hash}'`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderHtmlReport(d: Digest): string {
  const css = styleSheet();
  const title =
    d.accounts.length === 1 && d.accounts[0]
      ? `perfscan ${d.accounts[0].accountId}: Level ${d.accounts[0].level.current} ${d.accounts[0].label}`
      : `perfscan digest: ${d.accounts.length} accounts`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp(css))}">`,
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    `<body class="body">`,
    renderHtmlBody(d, classStyler, { resourceTable: true }),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
