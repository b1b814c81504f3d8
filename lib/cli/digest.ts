/** Shared by `scan` and `report`: find the scan to compare with, build the digest, render it. */
import { emfLines } from '#lib/digest/metrics.js';
import type { Shares } from '#lib/maturity/types.js';
import type { Attestation, DebtEntry, Finding, ScanHeader } from '#lib/model/index.js';
import { debtOutside, type FindingsStore } from '#lib/store/types.js';
import { buildDigest, type ScanData } from '#lib/digest/build.js';
import { rollupUnits } from '#lib/digest/rollup.js';
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
  // A rescore re-judges a scan already in the history: neither it nor (for a rescore) its original is another scan.
  return older.filter(
    (h) =>
      sameAccounts(h.accounts, header.accounts) &&
      (h.status === 'complete' || h.status === 'partial') &&
      !h.rescoreOf &&
      h.scanId !== header.rescoreOf?.scanId,
  );
}

export async function loadScan(store: FindingsStore, header: ScanHeader): Promise<ScanData> {
  const [units, findings] = await Promise.all([
    store.getUnits(header.scanId),
    store.getFindings(header.scanId),
  ]);
  return { header, units, findings };
}

/** Whether every unit that produced data carries an aggregate (scans stored by this version). */
async function aggregated(store: FindingsStore, scanId: string): Promise<boolean> {
  for await (const u of store.units(scanId)) if (u.status !== 'failed' && !u.aggregate) return false;
  return true;
}

/**
 * The digest of a stored scan against the scan it was compared with when it ran (`previousScanId`; else,
 * for scans stored by older versions, the newest earlier finished scan of the same accounts).
 *
 * From the unit aggregates, streamed account by account (rollup.ts): no finding is read. Scans whose units
 * carry no aggregate (stored by an older version, or a rescore) are built from their findings (buildDigest).
 */
export async function digestFor(
  store: FindingsStore,
  header: ScanHeader,
  opts: {
    attestations: Attestation[];
    now: string;
    listed?: readonly ScanHeader[];
    /** config `maturity.shares` */
    shares?: Partial<Shares>;
  },
): Promise<Digest> {
  const earlier = await earlierScans(store, header, opts.listed);
  const common = {
    attestations: opts.attestations,
    scansInHistory: earlier.length + 1,
    now: opts.now,
    ...(opts.shares ? { shares: opts.shares } : {}),
  };
  if (await aggregated(store, header.scanId)) {
    const previous =
      header.previousScanId === undefined
        ? undefined
        : (earlier.find((h) => h.scanId === header.previousScanId) ??
          (await store.getScanHeader(header.previousScanId)));
    return rollupUnits({
      header,
      units: store.units(header.scanId),
      ...(previous ? { previousHeader: previous, previousUnits: store.units(previous.scanId) } : {}),
      // The register's entries in regions no unit of this scan covered count too (as buildDigest counts them).
      debtOutside: (accountId, regions) => debtOutside(store, accountId, regions),
      ...common,
    });
  }
  const previous = earlier[0] ? await loadScan(store, earlier[0]) : undefined;
  const debt: DebtEntry[] = [];
  for (const a of header.accounts) debt.push(...(await store.getDebt(a)));
  return buildDigest({
    ...(await loadScan(store, header)),
    ...(previous ? { previous } : {}),
    debt,
    ...common,
  });
}

/** The scan a new scan of `accounts` compares with: the newest finished scan of exactly these accounts. */
export async function previousScanOf(
  store: FindingsStore,
  accounts: readonly string[],
): Promise<{ scanId: string; startedAt: string } | undefined> {
  const h = (await store.listScans()).find(
    (x) =>
      sameAccounts(x.accounts, accounts) &&
      (x.status === 'complete' || x.status === 'partial') &&
      !x.rescoreOf,
  );
  return h ? { scanId: h.scanId, startedAt: h.startedAt } : undefined;
}

/** Every finding of a scan as CSV, written unit by unit (one unit's findings in memory at a time). */
export async function writeCsv(
  out: { write(chunk: string): unknown },
  pages: AsyncIterable<Finding[]>,
): Promise<void> {
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    const csv = renderCsv(page);
    // The header line once.
    out.write(first ? csv : csv.slice(csv.indexOf('\n') + 1));
    first = false;
  }
  if (first) out.write(renderCsv([]));
}

/**
 * Write a digest in `format`. CSV and the HTML report list every finding: they stream them from the store
 * one unit at a time (never every finding of the scan in memory).
 */
export async function writeOutput(
  out: { write(chunk: string): unknown },
  format: ReportFormat,
  digest: Digest,
  source: {
    store: FindingsStore;
    scanId: string;
    history?: readonly ScanHeader[];
    debt?: readonly DebtEntry[];
  },
  opts: { color: boolean; width?: number; detail?: 'full' | 'summary'; moreCommand?: string },
): Promise<void> {
  if (format === 'csv') return writeCsv(out, source.store.findings(source.scanId));
  if (format === 'html') {
    const { streamHtmlReport } = await import('#lib/digest/render/report.js');
    for await (const chunk of streamHtmlReport(digest, {
      findings: source.store.findings(source.scanId),
      ...(source.history ? { history: source.history } : {}),
      ...(source.debt ? { debt: source.debt } : {}),
    }))
      out.write(chunk);
    return;
  }
  out.write(render(format, digest, [], opts));
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
    case 'emf':
      // The score as CloudWatch embedded-metric-format lines, as the deployed Digest step publishes them.
      out = emfLines(digest).join('\n');
      break;
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}
