/**
 * Publish the score as CloudWatch metrics through Powertools Metrics (embedded metric format): one single-metric
 * record per value, with the dimension set lib/digest/metrics.ts defines (plus Powertools' `service`).
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { scoreMetrics, type ScoreMetricSet } from '#lib/digest/metrics.js';
import type { Digest } from '#lib/digest/types.js';

export function publishScoreMetrics(metrics: Metrics, digest: Digest): number {
  return publishMetricSets(metrics, scoreMetrics(digest));
}

/** Publish metric sets (one account's as its section is rolled up, or a whole digest's); returns the values. */
export function publishMetricSets(metrics: Metrics, sets: readonly ScoreMetricSet[]): number {
  let n = 0;
  for (const set of sets) {
    for (const m of set.metrics) {
      const single = metrics.singleMetric();
      if (Object.keys(set.dimensions).length > 0) single.addDimensions(set.dimensions);
      single.addMetric(m.name, m.unit === 'Count' ? MetricUnit.Count : MetricUnit.NoUnit, m.value);
      n++;
    }
  }
  return n;
}
