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

  /** Series of one metric by the value of one dimension, built on first use (in the order of `metrics`). */
  private readonly byDim = new Map<string, Map<string | undefined, MetricSummary[]>>();

  private withDim(
    namespace: string,
    metricName: string,
    dim: string,
  ): Map<string | undefined, MetricSummary[]> {
    const k = `${namespace}|${metricName}|${dim}`;
    let index = this.byDim.get(k);
    if (!index) {
      index = new Map();
      for (const m of this.byName.get(`${namespace}|${metricName}`) ?? []) {
        const v = m.dimensions[dim];
        const list = index.get(v);
        if (list) list.push(m);
        else index.set(v, [m]);
      }
      this.byDim.set(k, index);
    }
    return index;
  }

  /** The series for one resource (matched on `dim`): the exact query first, otherwise the same stat, else any. */
  find(q: MetricQuery, dim: string): MetricSummary | undefined {
    const exact = this.metrics[metricKey(q)];
    if (exact) return exact;
    // A lookup per resource: an index by the dimension's value, not a filter over the metric's every series.
    const candidates = this.withDim(q.namespace, q.metricName, dim).get(q.dimensions[dim]) ?? [];
    return candidates.find((m) => m.stat === q.stat) ?? candidates[0];
  }
}

export function seriesSum(m: MetricSummary): number {
  if (m.sum !== undefined) return m.sum;
  return m.mean !== undefined ? m.mean * m.datapoints : 0;
}
