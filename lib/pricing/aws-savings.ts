/**
 * Cost Optimization Hub's savings on perfscan's findings. The hub's figure wins over Compute Optimizer's and
 * over a list-price estimate for the same change on the same resource: it knows the account's discounts. Same
 * change = the finding's change kinds meet the kinds of the hub's action:
 * - MigrateToGraviton -> architecture;
 * - Upgrade -> generation, storage-type (a current-generation type, gp2 -> gp3, io1 -> io2);
 * - Rightsize -> resize.
 * Other actions (Stop, Delete, ScaleIn, purchases of Savings Plans or Reserved Instances) are not a change any
 * perfscan finding asks for, so they are not attached. Only USD figures are used. Pure.
 */
import type { ChangeKind, Finding, SavingsBasis } from '#lib/model/index.js';
import type { CohRecommendation } from '#lib/collect/cost-optimization-hub.js';

export const COH_ACTION_CHANGES: Readonly<Record<string, readonly ChangeKind[]>> = {
  MigrateToGraviton: ['architecture'],
  Upgrade: ['generation', 'storage-type'],
  Rightsize: ['resize'],
};

function basisOf(r: CohRecommendation): SavingsBasis {
  const move =
    r.currentResourceSummary && r.recommendedResourceSummary
      ? ` (${r.currentResourceSummary} -> ${r.recommendedResourceSummary})`
      : '';
  return {
    source: 'cost-optimization-hub',
    priceType: "Cost Optimization Hub's estimate",
    note:
      `AWS Cost Optimization Hub's estimated monthly savings for its ${r.actionType} recommendation${move}, ` +
      "after the account's discounts (Savings Plans, Reserved Instances) when the hub's savings preference is " +
      `after discounts${r.lookbackDays ? `, from the last ${r.lookbackDays} days of usage` : ''}.`,
    ...(r.lastRefreshTimestamp ? { priceListDate: r.lastRefreshTimestamp } : {}),
  };
}

/**
 * Findings with the hub's savings where a recommendation on the same resource asks for the same change; the
 * others unchanged. Failing, unsuppressed findings only (a suppressed one keeps what it had).
 */
export function applyCohSavings(
  findings: readonly Finding[],
  recommendations: readonly CohRecommendation[],
): Finding[] {
  const byResource = new Map<string, CohRecommendation[]>();
  for (const r of recommendations) {
    if (r.currencyCode !== 'USD' || !(r.estimatedMonthlySavings >= 0)) continue;
    for (const key of new Set([r.resourceId, r.resourceArn])) {
      if (!key) continue;
      const list = byResource.get(key) ?? [];
      list.push(r);
      byResource.set(key, list);
    }
  }
  if (byResource.size === 0) return [...findings];
  return findings.map((f) => {
    if (f.status !== 'fail' || f.suppressedBy) return f;
    const kinds = f.remediation.change ?? [];
    const recs = [
      ...(byResource.get(f.resourceId) ?? []),
      ...(f.resourceArn ? (byResource.get(f.resourceArn) ?? []) : []),
    ];
    const rec = recs.find((r) => (COH_ACTION_CHANGES[r.actionType] ?? []).some((k) => kinds.includes(k)));
    if (!rec) return f;
    return {
      ...f,
      remediation: {
        ...f.remediation,
        estimatedMonthlySavingsUsd: Math.round(rec.estimatedMonthlySavings * 100) / 100,
        savings: basisOf(rec),
      },
    };
  });
}
