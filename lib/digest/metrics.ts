/**
 * The score as CloudWatch metrics: what the Digest step publishes (embedded metric format through Powertools
 * Metrics, functions/digest.ts) and what `perfscan report --format emf` prints, from one definition. Pure.
 *
 * One namespace (`Perfscan`); every metric also carries the `service` dimension Powertools adds (`perfscan`):
 * - {service, AccountId, Control}: `ControlLevel` (1-5; a control that does not apply is not published);
 * - {service, AccountId}: `AccountLevel`, `FailingProblems`, `OpenDebt`, `EstimatedMonthlySavingsUsd`
 *   (failing problems' estimates), `MonthlyCostOfDelayUsd` (the open debt's), `ControlLevelDrops` (controls
 *   whose level fell since the previous scan);
 * - {service}: `ControlLevelDrops` summed over accounts, what the level-drop alarm watches.
 * docs/metrics.md lists them.
 */
import type { AccountSection, Digest } from './types.js';

export const METRICS_NAMESPACE = 'Perfscan';
export const METRICS_SERVICE = 'perfscan';

export type MetricUnitName = 'None' | 'Count';

/** One EMF record: a dimension set with its values and the metrics published under it. */
export interface ScoreMetricSet {
  dimensions: Record<string, string>;
  metrics: { name: string; unit: MetricUnitName; value: number }[];
}

export const SCORE_METRIC_NAMES = [
  'ControlLevel',
  'AccountLevel',
  'FailingProblems',
  'OpenDebt',
  'EstimatedMonthlySavingsUsd',
  'MonthlyCostOfDelayUsd',
  'ControlLevelDrops',
] as const;

/** One account's score metrics, and how many of its controls fell (what the scan-wide `ControlLevelDrops` sums). */
export function accountMetricSets(a: AccountSection): { sets: ScoreMetricSet[]; drops: number } {
  const sets: ScoreMetricSet[] = [];
  let drops = 0;
  for (const c of a.controls) {
    if (c.notApplicable) continue;
    if (c.trend === 'down') drops++;
    sets.push({
      dimensions: { AccountId: a.accountId, Control: c.control },
      metrics: [{ name: 'ControlLevel', unit: 'None', value: c.level }],
    });
  }
  sets.push({
    dimensions: { AccountId: a.accountId },
    metrics: [
      { name: 'AccountLevel', unit: 'None', value: a.level.current },
      { name: 'FailingProblems', unit: 'Count', value: a.failing },
      { name: 'OpenDebt', unit: 'Count', value: a.debt.open },
      { name: 'EstimatedMonthlySavingsUsd', unit: 'None', value: a.savings.estimatedMonthlySavingsUsd },
      { name: 'MonthlyCostOfDelayUsd', unit: 'None', value: a.debt.estimatedMonthlySavingsUsd },
      { name: 'ControlLevelDrops', unit: 'Count', value: drops },
    ],
  });
  return { sets, drops };
}

/** The scan-wide record: `ControlLevelDrops` summed over accounts (what the level-drop alarm watches). */
export function totalMetricSet(drops: number): ScoreMetricSet {
  return { dimensions: {}, metrics: [{ name: 'ControlLevelDrops', unit: 'Count', value: drops }] };
}

/**
 * The score metrics of a digest (without the `service` dimension, which the publisher adds). A digest that
 * keeps only some accounts' sections (`organization`) has only those: the Digest Lambda publishes each
 * account's as its section is rolled up (accountMetricSets).
 */
export function scoreMetrics(d: Digest): ScoreMetricSet[] {
  const out: ScoreMetricSet[] = [];
  let drops = 0;
  for (const a of d.accounts) {
    const m = accountMetricSets(a);
    out.push(...m.sets);
    drops += m.drops;
  }
  out.push(totalMetricSet(drops));
  return out;
}

/**
 * The same metrics as EMF lines (one JSON object per line), as Powertools Metrics writes them: `_aws` with the
 * timestamp and the CloudWatchMetrics directive, then the dimension and metric values at the top level.
 */
export function emfLines(
  d: Digest,
  opts: { namespace?: string; service?: string; timestamp?: number } = {},
): string[] {
  const namespace = opts.namespace ?? METRICS_NAMESPACE;
  const service = opts.service ?? METRICS_SERVICE;
  const timestamp = opts.timestamp ?? Date.parse(d.scan.finished ?? d.scan.started);
  return scoreMetrics(d).map((set) => {
    const dimensions = { service, ...set.dimensions };
    const record: Record<string, unknown> = {
      _aws: {
        Timestamp: timestamp,
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: [Object.keys(dimensions)],
            Metrics: set.metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
          },
        ],
      },
      ...dimensions,
    };
    for (const m of set.metrics) record[m.name] = m.value;
    return JSON.stringify(record);
  });
}
