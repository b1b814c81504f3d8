/**
 * Results that rest on the absence of something (no endpoint, no scaling policy, no alarm, no memory metric) are
 * only as good as the list they searched: when a gap covers that list, the absence is not shown and the result is
 * `unknown`, not `fail`. (The engine's gap rule keeps fails, which is right only for fails backed by present data.)
 *
 * A unit-wide absence ("no latency alarm in this region") is also only a finding where something needs the missing
 * thing: in a unit with no workload it does not apply.
 */
import { gapsFor, type EvidenceItem, type SliceId, type Snapshot } from '#lib/model/index.js';
import type { CheckResult } from './types.js';
import { describeGaps, sentence, stripPeriod } from './support.js';
import { describeWorkloads, MIN_LAMBDA_INVOCATIONS, unitWorkloads } from '#lib/concepts/workloads.js';

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

/**
 * For a unit-wide "you lack X" fail (resource `*`): unchanged when the unit runs at least one workload
 * (workloads.ts); `pass` marked not applicable when the unit provably runs none; `unknown` when none was found
 * but the inventory is incomplete (a service not scanned, an inventory gap), since the absence of workloads is
 * then not shown either.
 */
export function failUnlessNoWorkloads(snapshot: Snapshot, fail: CheckResult): CheckResult {
  const inv = unitWorkloads(snapshot);
  if (inv.total > 0) return fail;
  const quiet =
    inv.quietFunctions > 0
      ? `; ${inv.quietFunctions} Lambda function(s) invoked fewer than ${MIN_LAMBDA_INVOCATIONS} times in the window do not count`
      : '';
  const evidence: EvidenceItem[] = [
    ...fail.evidence,
    {
      label: 'Workloads in this region',
      value: describeWorkloads(inv) || 'none inventoried',
      threshold: '>= 1 workload for this check to apply',
      source: 'perfscan inventory (EC2, Auto Scaling, RDS, ElastiCache, Lambda, CloudFront)',
    },
  ];
  if (inv.quietFunctions > 0) {
    evidence.push({
      label: `Lambda functions with fewer than ${MIN_LAMBDA_INVOCATIONS} invocations (not counted)`,
      value: inv.quietFunctions,
      unit: 'count',
      metric: 'AWS/Lambda/Invocations',
      statistic: 'Sum',
    });
  }
  const { severity: _severity, ...rest } = fail;
  if (inv.blind.length === 0) {
    return {
      ...rest,
      status: 'pass',
      message: sentence(`Not applicable: no workloads in this region (${describeWorkloads(inv)}${quiet})`),
      evidence,
    };
  }
  return {
    ...rest,
    status: 'unknown',
    message: sentence(
      `${stripPeriod(fail.message)}, but no workload was found in this region and its inventory is incomplete ` +
        `(${inv.blind.join('; ')}), so whether anything here needs it cannot be confirmed`,
    ),
    evidence,
  };
}
