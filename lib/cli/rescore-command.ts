/** `perfscan rescore`: the work (see rescore.ts for the options). */
import { resolve } from 'node:path';
import type { ScanHeader } from '#lib/model/index.js';
import { loadConfig } from '#lib/config/schema.js';
import { LocalStore } from '#lib/store/local.js';
import { renderRescoreDiff, rescoreScan, type RescoreDiff } from '#lib/integrations/rescore.js';
import { digestFor } from './digest.js';
import { EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import { storedScan } from './stored-scan.js';
import type { RescoreFlags } from './rescore.js';

export interface RescoreReport {
  diff: RescoreDiff;
  levels: { accountId: string; before: number | null; after: number }[];
}

export async function rescoreCommand(flags: RescoreFlags, io: CliIO): Promise<ExitCode> {
  if (flags.all && flags.scan) throw new UsageError('Use either --scan or --all', 'drop one of them');
  const config = await loadConfig(flags.config, { cwd: io.cwd });
  const store = new LocalStore(resolve(io.cwd, flags.out));
  let originals: ScanHeader[];
  if (flags.all) {
    originals = (await store.listScans()).filter((h) => h.status !== 'running' && !h.rescoreOf);
    if (originals.length === 0)
      throw new UsageError(
        `No finished scan in ${store.dir}`,
        `run \`perfscan scan --out ${flags.out}\` first`,
      );
  } else {
    const h = await storedScan(store, flags.scan, flags.out);
    const original = h.rescoreOf ? await store.getScanHeader(h.rescoreOf.scanId) : h;
    if (!original)
      throw new UsageError(`The original of rescore ${h.scanId} is gone`, 'rescore another scan');
    originals = [original];
  }

  const reports: RescoreReport[] = [];
  for (const original of originals) {
    const { header, diff } = await rescoreScan({
      store,
      header: original,
      ...(config.thresholds ? { thresholds: config.thresholds } : {}),
      ...(config.suppressions ? { suppressions: config.suppressions } : {}),
      now: new Date(),
    });
    // Score the new results against the original (the scan right before it): level changes are the checks' doing.
    const digest = await digestFor(store, header, {
      attestations: config.attestations ?? [],
      now: new Date().toISOString(),
    });
    const scored: ScanHeader =
      digest.accounts.length === 1 && digest.accounts[0]
        ? { ...header, score: digest.accounts[0].summary }
        : header;
    await store.putScanHeader(scored);
    reports.push({
      diff,
      levels: digest.accounts.map((a) => ({
        accountId: a.accountId,
        before: a.level.previous ?? null,
        after: a.summary.overall,
      })),
    });
  }

  if (flags.format === 'json') io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else
    for (const r of reports) {
      io.stdout.write(renderRescoreDiff(r.diff));
      for (const l of r.levels)
        io.stdout.write(`Account ${l.accountId}: level ${l.before ?? '-'} -> ${l.after}\n`);
      io.stdout.write('\n');
    }
  io.stderr.write(
    `perfscan: re-judged ${reports.length} ${reports.length === 1 ? 'scan' : 'scans'} with no AWS call; results stored as ${reports.map((r) => r.diff.to.scanId).join(', ')}.\n`,
  );
  return EXIT.clean;
}
