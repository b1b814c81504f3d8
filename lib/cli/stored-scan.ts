/** Pick a stored scan for `export`, `rescore` and `wa sync`: the one named, else the latest finished one. */
import type { ScanHeader } from '#lib/model/index.js';
import type { LocalStore } from '#lib/store/local.js';
import { UsageError } from './io.js';

const SCAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function storedScan(
  store: LocalStore,
  scanId: string | undefined,
  outFlag: string,
): Promise<ScanHeader> {
  if (scanId !== undefined) {
    if (!SCAN_ID.test(scanId))
      throw new UsageError(`'${scanId}' is not a scan id`, `pass an id listed under ${outFlag}/scans`);
    const header = await store.getScanHeader(scanId);
    if (header) return header;
    const recent = (await store.listScans({ limit: 5 })).map((h) => h.scanId);
    throw new UsageError(
      `No scan '${scanId}' in ${store.dir}`,
      recent.length
        ? `use one of the recent scans: ${recent.join(', ')}`
        : `run \`perfscan scan --out ${outFlag}\` first`,
    );
  }
  const header = (await store.listScans()).find((h) => h.status !== 'running');
  if (!header)
    throw new UsageError(
      `No finished scan in ${store.dir}`,
      `run \`perfscan scan --out ${outFlag}\` first, or point --out at the results folder`,
    );
  return header;
}
