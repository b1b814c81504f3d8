/**
 * Results that rest on the absence of something (no endpoint, no scaling policy, no alarm, no memory metric) are
 * only as good as the list they searched: when a gap covers that list, the absence is not shown and the result is
 * `unknown`, not `fail`. (support.ts applyGapRule keeps fails, which is right only for fails backed by present data.)
 */
import { gapsFor, type SliceId, type Snapshot } from '#lib/model/index.js';
import type { CheckResult } from './types.js';
import { describeGaps, sentence, stripPeriod } from './support.js';

/** `fail` unchanged when no gap covers `slices`, else the same result as `unknown` saying which data is missing. */
export function failUnlessBlind(
  snapshot: Snapshot,
  slices: readonly SliceId[],
  fail: CheckResult,
): CheckResult {
  const gaps = gapsFor(snapshot, slices);
  if (gaps.length === 0) return fail;
  const { severity: _severity, ...rest } = fail;
  return {
    ...rest,
    status: 'unknown',
    message: sentence(
      `${stripPeriod(fail.message)}, but data is missing for ${describeGaps(gaps)}, so this cannot be confirmed`,
    ),
  };
}
