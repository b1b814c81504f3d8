import { describe, expect, it } from 'vitest';
import { rdsInstanceReadReplicaOrProxy as check } from '#lib/checks/rds/rds-instance-read-replica-or-proxy.js';
import {
  aGapOn,
  aSnapshot,
  anRdsCluster,
  anRdsInstance,
  anRdsMetricSummary,
  anRdsProxy,
  hourly,
  runCheck,
  withGaps,
  withMetrics,
} from '#test/builders/index.js';
import type { RdsSlice } from '#lib/model/index.js';

const ID = 'orders-db';
/** Read-heavy (900 vs 100 IOPS) and busy (CPU 70%) unless told otherwise. */
function metrics(read = 900, write = 100, cpu = 70) {
  return [
    anRdsMetricSummary(
      ID,
      'ReadIOPS',
      'Average',
      3600,
      hourly(14, () => read),
    ),
    anRdsMetricSummary(
      ID,
      'WriteIOPS',
      'Average',
      3600,
      hourly(14, () => write),
    ),
    anRdsMetricSummary(
      ID,
      'CPUUtilization',
      'Average',
      3600,
      hourly(14, () => cpu),
    ),
  ];
}
const evaluate = (rds: Partial<RdsSlice>, summaries = metrics(), thresholds: Record<string, number> = {}) =>
  runCheck(
    check,
    withMetrics(aSnapshot({ rds: { instances: [anRdsInstance()], ...rds } }), ...summaries),
    thresholds,
  );

describe('rds-instance-read-replica-or-proxy', () => {
  it('fails a read-heavy, busy primary with no replica, reader or proxy', () => {
    const [r] = evaluate({});
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'orders-db is read-heavy and busy (90% of IOPS are reads, p95 of hourly CPU 70%) with no read replica, reader or RDS Proxy.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'Read share of IOPS', value: 0.9, threshold: '>= 0.8' }),
    );
  });

  it('passes when a read replica or an RDS Proxy takes reads, and skips the replica itself', () => {
    const replica = evaluate({
      instances: [
        anRdsInstance({ readReplicaIds: ['orders-db-ro'] }),
        anRdsInstance({ dbInstanceId: 'orders-db-ro', readReplicaSourceId: ID }),
      ],
    });
    expect(replica.map((r) => [r.resourceId, r.status])).toEqual([['orders-db', 'pass']]);
    const proxied = evaluate({ proxies: [anRdsProxy()] });
    expect(proxied[0]?.status).toBe('pass');
    expect(proxied[0]?.message).toBe('orders-db can offload reads to RDS Proxy orders-proxy.');
  });

  it('passes an Aurora writer that has a reader', () => {
    const cluster = anRdsCluster({
      clusterId: 'aur',
      members: [
        { dbInstanceId: ID, isWriter: true },
        { dbInstanceId: 'aur-2', isWriter: false },
      ],
    });
    const [r] = evaluate({
      instances: [anRdsInstance({ engine: 'aurora-mysql', clusterId: 'aur' })],
      clusters: [cluster],
    });
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain('aur-2');
  });

  it('passes a write-heavy or idle primary, and honours a higher CPU threshold', () => {
    expect(evaluate({}, metrics(100, 900))[0]?.status).toBe('pass');
    expect(evaluate({}, metrics(900, 100, 20))[0]?.status).toBe('pass');
    expect(evaluate({}, metrics(), { minCpuP95Percent: 90 })[0]?.status).toBe('pass');
  });

  it('is unknown without IOPS or CPU data, and when the proxy list has a gap', () => {
    const [r] = evaluate({}, []);
    expect(r?.status).toBe('unknown');
    const gapped = withGaps(
      withMetrics(aSnapshot({ rds: { instances: [anRdsInstance()] } }), ...metrics()),
      aGapOn('rds.proxies'),
    );
    const [g] = runCheck(check, gapped);
    expect(g?.status).toBe('unknown');
    expect(g?.message).toContain('rds.proxies');
  });
});
