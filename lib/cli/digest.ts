/** Shared by `scan` and `report`: find the scan to compare with, build the digest, render it. */
import type { Shares } from '#lib/maturity/types.js';
import type { Attestation, DebtEntry, Finding, ScanHeader } from '#lib/model/index.js';
import type { FindingsStore } from '#lib/store/types.js';
import { buildDigest, type ScanData } from '#lib/digest/build.js';
import type { Digest } from '#lib/digest/types.js';
import { renderTerminal } from '#lib/digest/render/terminal.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { renderHtmlReport } from '#lib/digest/render/html.js';
import { renderCsv } from '#lib/digest/render/csv.js';
import { renderSlack } from '#lib/digest/render/slack.js';
import { renderEmail } from '#lib/digest/render/email.js';

import type { ReportFormat } from './formats.js';

export { DIGEST_FORMATS, REPORT_FORMATS, useColor, type ReportFormat } from './formats.js';

function sameAccounts(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Scans of the same account set, finished (complete or partial), newest first, older than `header`.
 * `listed`: every scan, newest first, when the caller has already listed them (the store is not read again).
 */
export async function earlierScans(
  store: FindingsStore,
  header: ScanHeader,
  listed?: readonly ScanHeader[],
): Promise<ScanHeader[]> {
  const at = listed?.findIndex((h) => h.scanId === header.scanId) ?? -1;
  const older = listed && at >= 0 ? listed.slice(at + 1) : await store.listScans({ before: header.scanId });
  return older.filter(
    (h) => sameAccounts(h.accounts, header.accounts) && (h.status === 'complete' || h.status === 'partial'),
  );
}

export async function loadScan(store: FindingsStore, header: ScanHeader): Promise<ScanData> {
  const [units, findings] = await Promise.all([
    store.getUnits(header.scanId),
    store.getFindings(header.scanId),
  ]);
  return { header, units, findings };
}

export async function digestFor(
  store: FindingsStore,
  current: ScanData,
  opts: {
    debt: DebtEntry[];
    attestations: Attestation[];
    now: string;
    listed?: readonly ScanHeader[];
    /** config `maturity.shares` */
    shares?: Partial<Shares>;
  },
): Promise<Digest> {
  const earlier = await earlierScans(store, current.header, opts.listed);
  const previous = earlier[0] ? await loadScan(store, earlier[0]) : undefined;
  return buildDigest({
    ...current,
    ...(previous ? { previous } : {}),
    debt: opts.debt,
    attestations: opts.attestations,
    scansInHistory: earlier.length + 1,
    now: opts.now,
    ...(opts.shares ? { shares: opts.shares } : {}),
  });
}

export function render(
  format: ReportFormat,
  digest: Digest,
  findings: Finding[],
  opts: { color: boolean; width?: number; detail?: 'full' | 'summary'; moreCommand?: string },
): string {
  let out: string;
  switch (format) {
    case 'terminal':
      out = renderTerminal(digest, {
        color: opts.color,
        ...(opts.width ? { width: opts.width } : {}),
        detail: opts.detail ?? 'summary',
        ...(opts.moreCommand ? { moreCommand: opts.moreCommand } : {}),
      });
      break;
    case 'markdown':
      out = renderMarkdown(digest);
      break;
    case 'json':
      out = JSON.stringify(digest, null, 2);
      break;
    case 'html':
      out = renderHtmlReport(digest, { findings });
      break;
    case 'csv':
      out = renderCsv(findings);
      break;
    case 'slack':
      // The Block Kit payload as the webhook receives it ({ text, blocks }).
      out = JSON.stringify(renderSlack(digest), null, 2);
      break;
    case 'email':
      // What SES sends: { subject, html, text }.
      out = JSON.stringify(renderEmail(digest), null, 2);
      break;
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}
