/** Look up a resource's metric summary in a snapshot: the preferred key first, else any stat/period of it. */
import { metricKey, type MetricSummary } from '#lib/model/index.js';

export interface MetricQuery {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
}

export class MetricIndex {
  private readonly byName = new Map<string, MetricSummary[]>();
  constructor(private readonly metrics: Record<string, MetricSummary>) {
    for (const m of Object.values(metrics)) {
      const k = `${m.namespace}|${m.metricName}`;
      const list = this.byName.get(k) ?? [];
      list.push(m);
      this.byName.set(k, list);
    }
  }

  /** The series for one resource (matched on `dim`): the exact query first, otherwise the same stat, else any. */
  find(q: MetricQuery, dim: string): MetricSummary | undefined {
    const exact = this.metrics[metricKey(q)];
    if (exact) return exact;
    const candidates = (this.byName.get(`${q.namespace}|${q.metricName}`) ?? []).filter(
      (m) => m.dimensions[dim] === q.dimensions[dim],
    );
    return candidates.find((m) => m.stat === q.stat) ?? candidates[0];
  }
}

export function seriesSum(m: MetricSummary): number {
  if (m.sum !== undefined) return m.sum;
  return m.mean !== undefined ? m.mean * m.datapoints : 0;
}
