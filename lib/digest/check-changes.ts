/** A rescore's digest: the checks' changes since the scan it re-judged (see DigestScan.checkChanges). */
import { engineDiff, engineDiffLines } from '#lib/engine/engine-diff.js';
import type { ScanHeader } from '#lib/model/index.js';
import type { DigestScan } from './types.js';

export const CHECK_CHANGE_LINES = 20;

/**
 * Set when `header` is a rescore and `original` is the scan it re-judged, both with their engine recorded.
 * An empty list says the checks did not change (then every difference is a fix of perfscan's code).
 */
export function checkChangesOf(
  header: ScanHeader,
  original: ScanHeader | undefined,
): DigestScan['checkChanges'] | undefined {
  if (!header.rescoreOf || !original || original.scanId !== header.rescoreOf.scanId) return undefined;
  if (!header.engine || !original.engine) return undefined;
  const lines = engineDiffLines(engineDiff(original.engine, header.engine));
  return {
    rescoreOf: original.scanId,
    lines: lines.slice(0, CHECK_CHANGE_LINES),
    more: Math.max(0, lines.length - CHECK_CHANGE_LINES),
  };
}
