/**
 * `perfscan export --format ocsf|asff`: every failing, unsuppressed finding of a stored scan as one JSON
 * array of OCSF Detection Findings or ASFF records, written unit by unit (one unit's findings in memory).
 */
import type { ScanHeader } from '#lib/model/index.js';
import { debtEntryKey } from '#lib/model/index.js';
import type { FindingsStore } from '#lib/store/types.js';
import { defaultProductArn, toAsff } from './asff.js';
import { toOcsf } from './ocsf.js';
import { findingsByUnit, firstSeenInUnit, isExported } from './stream.js';

export const EXPORT_FORMATS = ['ocsf', 'asff'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface FileExportOptions {
  format: ExportFormat;
  /** Region of the Security Hub the ASFF records are meant for (their ProductArn); default us-east-1. */
  region?: string;
  /** Product ARN for ASFF; default: each account's default product in `region`. */
  productArn?: string;
  /** Time the records are written (ISO): ASFF UpdatedAt. */
  now: string;
}

/** Writes `[`, the records separated by commas, `]`; returns the number of records. */
export async function exportScan(
  store: FindingsStore,
  header: ScanHeader,
  write: (chunk: string) => unknown,
  opts: FileExportOptions,
): Promise<number> {
  const region = opts.region ?? 'us-east-1';
  let n = 0;
  write('[');
  for await (const { unit, findings } of findingsByUnit(store, header.scanId)) {
    const firstSeen = await firstSeenInUnit(store, unit);
    for (const f of findings) {
      if (!isExported(f)) continue;
      const created = firstSeen.get(debtEntryKey(f));
      const record =
        opts.format === 'ocsf'
          ? toOcsf(f, {
              scanId: header.scanId,
              observedAt: header.startedAt,
              ...(created ? { firstSeenAt: created } : {}),
              toolVersion: header.toolVersion,
              globalRegion: unit.global ? unit.region : undefined,
            })
          : toAsff(f, {
              productArn: opts.productArn ?? defaultProductArn(f.accountId, region),
              scanId: header.scanId,
              observedAt: header.startedAt,
              updatedAt: opts.now,
              ...(created ? { createdAt: created } : {}),
              unit: `${unit.accountId}/${unit.region}`,
              toolVersion: header.toolVersion,
              ...(unit.global ? { globalRegion: unit.region } : {}),
            });
      write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`);
      n++;
    }
  }
  write(n === 0 ? ']\n' : '\n]\n');
  return n;
}
