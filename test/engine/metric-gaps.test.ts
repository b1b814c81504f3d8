/**
 * Gaps per resource, through the real path (simulator -> SDK with retries -> collectors -> batcher -> engine):
 * in a 5,000-series account, one GetMetricData batch of 500 series throttled on every attempt and one series
 * answered InternalError leave every other resource's fail and pass exactly as they were, and turn only the
 * resources whose series are missing unknown (never pass).
 */
import { describe, expect, it } from 'vitest';
import { SERVICES, type Finding, type Snapshot } from '#lib/model/index.js';
import { DEFAULT_MAX_ATTEMPTS, createClientFactory } from '#lib/collect/clients.js';
import { CHECKS } from '#lib/checks/registry.js';
import {
  DEFAULT_SIM_OPTIONS,
  SIM_MODULES,
  SimAccount,
  awsError,
  type SimServiceModule,
} from '#lib/sim/index.js';
import { cloudwatchMetricsSim } from '#lib/sim/cloudwatch-metrics.js';
import { scanUnit } from '#lib/engine/scan.js';

const REGION = 'eu-west-1';
const SCALE = 11; // ~5,200 series in the unit

interface Query {
  Id: string;
  MetricStat?: {
    Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] };
    Period?: number;
  };
}

interface Fault {
  /** Dimension values of the throttled batch's series and of the failed series. */
  throttled: Set<string>;
  failed: Set<string>;
  throttledSize: number;
  throttledAttempts: number;
}

const dimsOf = (q: Query) => q.MetricStat?.Metric?.Dimensions ?? [];
const batchKey = (qs: Query[]) =>
  qs
    .map((q) =>
      dimsOf(q)
        .map((d) => d.Value)
        .join(','),
    )
    .join('|');

/**
 * The simulated account, with a CloudWatch front that (when `fault` is given) throttles every attempt at the
 * first 500-series batch of daily series, and answers InternalError for the first EC2 CPU series it sees.
 */
function account(fault?: Fault): SimAccount {
  let throttledBatch: string | undefined;
  let failedId: string | undefined;
  const front: SimServiceModule = {
    clientName: 'CloudWatchClient',
    handlers: {
      GetMetricDataCommand: async (input, ctx) => {
        const handler = cloudwatchMetricsSim.handlers.GetMetricDataCommand;
        if (!handler) throw new Error('no GetMetricData handler');
        const queries = (input.MetricDataQueries ?? []) as Query[];
        if (fault) {
          const key = batchKey(queries);
          if (
            throttledBatch === undefined &&
            queries.length === 500 &&
            queries[0]?.MetricStat?.Period === 86_400
          ) {
            throttledBatch = key;
            for (const q of queries) for (const d of dimsOf(q)) fault.throttled.add(d.Value);
            fault.throttledSize = queries.length;
          }
          if (key === throttledBatch) {
            fault.throttledAttempts++;
            throw awsError('ThrottlingException', 'Rate exceeded', 400);
          }
        }
        const out = (await handler(input, ctx)) as { MetricDataResults?: Record<string, unknown>[] };
        if (fault) {
          if (failedId === undefined) {
            const q = queries.find(
              (x) =>
                x.MetricStat?.Metric?.Namespace === 'AWS/EC2' &&
                x.MetricStat.Metric.MetricName === 'CPUUtilization' &&
                dimsOf(x)[0]?.Name === 'InstanceId' &&
                !fault.throttled.has(dimsOf(x)[0]?.Value ?? ''),
            );
            if (q) {
              failedId = dimsOf(q)[0]?.Value;
              fault.failed.add(failedId as string);
            }
          }
          // Replaced, not mutated: the simulator's results build Timestamps lazily (a getter).
          const results = out.MetricDataResults ?? [];
          results.forEach((r, i) => {
            const q = queries.find((x) => x.Id === r.Id);
            if (q && dimsOf(q).length === 1 && dimsOf(q)[0]?.Value === failedId) {
              results[i] = {
                Id: r.Id,
                Label: r.Label,
                StatusCode: 'InternalError',
                Values: [],
                Timestamps: [],
              };
            }
          });
        }
        return out;
      },
    },
  };
  return new SimAccount([front, ...SIM_MODULES], {
    ...DEFAULT_SIM_OPTIONS,
    scale: SCALE,
    enabledRegions: [REGION],
    busyRegions: [REGION],
  });
}

async function scan(sim: SimAccount): Promise<{ snapshot: Snapshot; findings: Finding[] }> {
  const r = await scanUnit(
    { accountId: sim.accountId, region: REGION, global: true },
    {
      scanId: 'gaps',
      services: [...SERVICES],
      clients: createClientFactory({ region: REGION, simulator: sim }),
      now: sim.options.now,
    },
  );
  return { snapshot: r.snapshot, findings: r.findings };
}

const key = (f: Finding) => `${f.checkId}|${f.resourceId}`;
const NEEDS = new Map(CHECKS.map((c) => [c.id, c.needs]));
const usesMetrics = (checkId: string) => (NEEDS.get(checkId) ?? []).includes('metrics');

describe('gaps per resource, through the engine', () => {
  it('one throttled batch of 500 series and one failed series in a 5,000-series account hide only their resources', async () => {
    const fault: Fault = { throttled: new Set(), failed: new Set(), throttledSize: 0, throttledAttempts: 0 };
    const [base, hit] = await Promise.all([scan(account()), scan(account(fault))]);

    // The account and the fault are what the test claims.
    const series = Object.keys(base.snapshot.metrics).length;
    expect(series).toBeGreaterThanOrEqual(5_000);
    expect(fault.throttledSize).toBe(500);
    expect(fault.throttledAttempts).toBe(DEFAULT_MAX_ATTEMPTS); // the SDK's retry gave up on every attempt
    expect(fault.failed.size).toBe(1);
    expect(Object.keys(hit.snapshot.metrics).length).toBeLessThanOrEqual(series - 501);

    // Resource ids the missing series belong to; ElastiCache member series also inform their replication group.
    const affected = new Set([...fault.throttled, ...fault.failed]);
    for (const c of base.snapshot.elasticache?.clusters ?? [])
      if (affected.has(c.cacheClusterId) && c.replicationGroupId) affected.add(c.replicationGroupId);
    affected.delete('Global');

    // The gaps name those resources and nothing else; the metrics are not missing as a whole.
    const metricGaps = hit.snapshot.gaps.filter((g) => g.service === 'metrics');
    expect(metricGaps.map((g) => g.code).sort()).toEqual(['Error', 'Throttled']);
    for (const g of metricGaps) expect(g.resources).toBeDefined();
    const named = new Set(metricGaps.flatMap((g) => g.resources ?? []));
    expect([...named].sort()).toEqual([...affected].sort());

    const before = new Map(base.findings.map((f) => [key(f), f]));
    expect(hit.findings.map(key).sort()).toEqual(base.findings.map(key).sort());
    let keptFail = 0;
    let keptPass = 0;
    let hidden = 0;
    for (const f of hit.findings) {
      const b = before.get(key(f)) as Finding;
      if (!affected.has(f.resourceId) || !usesMetrics(f.checkId)) {
        // Untouched: same verdict, same message.
        expect({ key: key(f), status: f.status, message: f.message }).toEqual({
          key: key(b),
          status: b.status,
          message: b.message,
        });
        if (usesMetrics(f.checkId) && f.status === 'fail') keptFail++;
        if (usesMetrics(f.checkId) && f.status === 'pass') keptPass++;
        continue;
      }
      // A resource whose series are missing is never passed, and fails only where it failed before.
      expect(f.status, key(f)).not.toBe('pass');
      if (f.status === 'fail') expect(b.status, key(f)).toBe('fail');
      if (b.status === 'pass') hidden++;
    }
    // Metric checks still judged the rest of the account: real fails and passes survived, nothing unit-wide.
    expect(keptFail).toBeGreaterThan(20);
    expect(keptPass).toBeGreaterThan(100);
    expect(hidden).toBeGreaterThan(0);
    expect(hit.findings.filter((f) => f.resourceId === '*' && f.status === 'unknown')).toEqual(
      base.findings.filter((f) => f.resourceId === '*' && f.status === 'unknown'),
    );
  }, 180_000);
});
