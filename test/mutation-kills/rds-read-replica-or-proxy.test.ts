/**
 * Kills the mutants the rds-instance-read-replica-or-proxy suite left alive (npm run mutation; docs/testing.md):
 * the full evidence and message of every outcome, both sides of the read-share and CPU thresholds, each missing
 * series on its own, readers and proxies of the right cluster only, and the partial gaps that make a fail unknown.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstanceReadReplicaOrProxy as check } from '#lib/checks/rds/rds-instance-read-replica-or-proxy.js';
import type { MetricSummary, RdsSlice } from '#lib/model/index.js';
import {
  aResourceGapOn,
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

const ID = 'orders-db';
const base = (id: string) => ({
  resourceType: 'AWS::RDS::DBInstance',
  resourceId: id,
  resourceArn: `arn:aws:rds:eu-west-1:123456789012:db:${id}`,
  resourceName: id,
});
const WINDOW = '14 days, 1-hour periods';
const series = (name: string, v: number | null) =>
  anRdsMetricSummary(
    ID,
    name,
    'Average',
    3600,
    hourly(14, () => v),
  );
const read = (v: number | null) => series('ReadIOPS', v);
const write = (v: number | null) => series('WriteIOPS', v);
const cpu = (v: number | null) => series('CPUUtilization', v);

function run(rds: Partial<RdsSlice>, summaries: MetricSummary[], thresholds: Record<string, number> = {}) {
  return runCheck(
    check,
    withMetrics(aSnapshot({ rds: { instances: [anRdsInstance()], ...rds } }), ...summaries),
    thresholds,
  );
}

/** The evidence of a judged primary without offload. */
function judged(ratio: number, r: number, w: number, p95: number, minRatio = 0.8, minCpu = 60) {
  return [
    {
      label: 'Read share of IOPS',
      value: ratio,
      unit: 'ratio',
      metric: 'AWS/RDS/ReadIOPS',
      statistic: 'mean ReadIOPS / (mean ReadIOPS + mean WriteIOPS), hourly Average',
      window: WINDOW,
      threshold: `>= ${minRatio}`,
    },
    {
      label: 'Mean ReadIOPS',
      value: r,
      unit: 'IOPS',
      metric: 'AWS/RDS/ReadIOPS',
      statistic: 'mean of hourly Average',
      window: WINDOW,
    },
    {
      label: 'Mean WriteIOPS',
      value: w,
      unit: 'IOPS',
      metric: 'AWS/RDS/WriteIOPS',
      statistic: 'mean of hourly Average',
      window: WINDOW,
    },
    {
      label: 'CPU utilization, p95 of hourly averages',
      value: p95,
      unit: 'Percent',
      metric: 'AWS/RDS/CPUUtilization',
      statistic: 'p95 of hourly Average',
      window: WINDOW,
      threshold: `>= ${minCpu}`,
    },
    {
      label: 'Read replicas, readers and proxies',
      value: 0,
      unit: 'count',
      source: 'rds:DescribeDBInstances, rds:DescribeDBClusters, rds:DescribeDBProxyTargets',
    },
  ];
}

/** The evidence of a primary that has somewhere to send reads. */
const offloadEvidence = (replicas: string, proxies: string) => [
  {
    label: 'Read replicas and readers',
    value: replicas,
    source: 'rds:DescribeDBInstances, rds:DescribeDBClusters',
  },
  { label: 'RDS Proxies targeting it', value: proxies, source: 'rds:DescribeDBProxyTargets' },
];

const BUSY = [read(900), write(100), cpu(70)];

describe('rds-instance-read-replica-or-proxy (mutation kills)', () => {
  it('fails a read-heavy, busy primary with the full evidence', () => {
    expect(run({}, BUSY)).toEqual([
      {
        ...base(ID),
        status: 'fail',
        message:
          'orders-db is read-heavy and busy (90% of IOPS are reads, p95 of hourly CPU 70%) with no read replica, reader or RDS Proxy.',
        evidence: judged(0.9, 900, 100, 70),
      },
    ]);
  });

  it('passes below the thresholds with a message naming both thresholds in percent', () => {
    expect(run({}, [read(500), write(500), cpu(70)])).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message:
          'orders-db does not need read offload: 50% of IOPS are reads (threshold 80%) and p95 of hourly CPU is 70% (threshold 60%).',
        evidence: judged(0.5, 500, 500, 70),
      },
    ]);
  });

  it('read share: exactly 0.8 is read-heavy, just below is not', () => {
    expect(run({}, [read(800), write(200), cpu(70)])[0]?.status).toBe('fail');
    const below = run({}, [read(799), write(201), cpu(70)])[0];
    expect(below?.status).toBe('pass');
    // 0.799 is not rounded onto the 0.8 threshold it is below, in the evidence or the message.
    expect(below?.evidence[0]?.value).toBe(0.799);
    expect(below?.message).toContain('79.9% of IOPS are reads (threshold 80%)');
  });

  it('CPU: a p95 of exactly 60% is busy, 59.9% is not', () => {
    expect(run({}, [read(900), write(100), cpu(60)])[0]?.status).toBe('fail');
    const below = run({}, [read(900), write(100), cpu(59.9)])[0];
    expect(below?.status).toBe('pass');
    expect(below?.message).toBe(
      'orders-db does not need read offload: 90% of IOPS are reads (threshold 80%) and p95 of hourly CPU is 59.9% (threshold 60%).',
    );
  });

  it('no I/O at all is not read-heavy, even with a read-share threshold of 0', () => {
    expect(run({}, [read(0), write(0), cpu(70)], { minReadRatio: 0 })).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message:
          'orders-db does not need read offload: 0% of IOPS are reads (threshold 0%) and p95 of hourly CPU is 70% (threshold 60%).',
        evidence: judged(0, 0, 0, 70, 0),
      },
    ]);
    // Any read at all meets a threshold of 0.
    expect(run({}, [read(1), write(0), cpu(70)], { minReadRatio: 0 })[0]?.status).toBe('fail');
  });

  it('is unknown when any one of the three series has no data, counting each series', () => {
    const unknown = (r: number, w: number, c: number) => [
      {
        ...base(ID),
        status: 'unknown',
        message:
          'orders-db has no replica, reader or proxy, and its ReadIOPS, WriteIOPS or CPUUtilization series has no data.',
        evidence: [
          { label: 'ReadIOPS datapoints', value: r, metric: 'AWS/RDS/ReadIOPS' },
          { label: 'WriteIOPS datapoints', value: w, metric: 'AWS/RDS/WriteIOPS' },
          { label: 'CPUUtilization datapoints', value: c, metric: 'AWS/RDS/CPUUtilization' },
        ],
      },
    ];
    expect(run({}, [])).toEqual(unknown(0, 0, 0));
    expect(run({}, [write(100), cpu(70)])).toEqual(unknown(0, 336, 336));
    expect(run({}, [read(900), cpu(70)])).toEqual(unknown(336, 0, 336));
    expect(run({}, [read(900), write(100)])).toEqual(unknown(336, 336, 0));
    // A series that was fetched but holds no points is no data either.
    expect(run({}, [read(null), write(100), cpu(70)])).toEqual(unknown(0, 336, 336));
  });

  it('names the replicas, the proxies, or both, and says none for the missing kind', () => {
    const replica = run({ instances: [anRdsInstance({ readReplicaIds: ['ro-1', 'ro-2'] })] }, BUSY);
    expect(replica).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message: 'orders-db can offload reads to 2 replica(s) or reader(s) (ro-1, ro-2).',
        evidence: offloadEvidence('ro-1, ro-2', 'none'),
      },
    ]);
    const proxies = run({ proxies: [anRdsProxy({ name: 'p1' }), anRdsProxy({ name: 'p2' })] }, BUSY);
    expect(proxies).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message: 'orders-db can offload reads to RDS Proxy p1, p2.',
        evidence: offloadEvidence('none', 'p1, p2'),
      },
    ]);
    const both = run(
      { instances: [anRdsInstance({ readReplicaIds: ['ro-1'] })], proxies: [anRdsProxy()] },
      BUSY,
    );
    expect(both).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message:
          'orders-db can offload reads to 1 replica(s) or reader(s) (ro-1) and RDS Proxy orders-proxy.',
        evidence: offloadEvidence('ro-1', 'orders-proxy'),
      },
    ]);
  });

  it('a proxy that targets another instance does not count', () => {
    const results = run({ proxies: [anRdsProxy({ name: 'other', targets: ['billing-db'] })] }, BUSY);
    expect(results.map((r) => r.status)).toEqual(['fail']);
  });

  it('an Aurora writer: its own cluster only, readers but not itself, and the reader gets no result', () => {
    const writer = anRdsInstance({ engine: 'aurora-mysql', clusterId: 'aur' });
    const reader = anRdsInstance({ dbInstanceId: 'aur-2', engine: 'aurora-mysql', clusterId: 'aur' });
    const aur = anRdsCluster({
      clusterId: 'aur',
      members: [
        { dbInstanceId: ID, isWriter: true },
        { dbInstanceId: 'aur-2', isWriter: false },
      ],
    });
    expect(run({ instances: [writer, reader], clusters: [aur] }, BUSY)).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message: 'orders-db can offload reads to 1 replica(s) or reader(s) (aur-2).',
        evidence: offloadEvidence('aur-2', 'none'),
      },
    ]);
    // Another cluster's reader is not this writer's reader.
    const other = anRdsCluster({
      clusterId: 'other',
      members: [
        { dbInstanceId: 'other-1', isWriter: true },
        { dbInstanceId: 'other-2', isWriter: false },
      ],
    });
    const alone = anRdsCluster({ clusterId: 'aur', members: [{ dbInstanceId: ID, isWriter: true }] });
    expect(run({ instances: [writer], clusters: [other, alone] }, BUSY).map((r) => r.status)).toEqual([
      'fail',
    ]);
  });

  it('an RDS Proxy that targets the Aurora cluster counts for its writer; one on another cluster does not', () => {
    const writer = anRdsInstance({ engine: 'aurora-mysql', clusterId: 'aur' });
    const alone = anRdsCluster({ clusterId: 'aur', members: [{ dbInstanceId: ID, isWriter: true }] });
    expect(
      run(
        {
          instances: [writer],
          clusters: [alone],
          proxies: [anRdsProxy({ name: 'aur-proxy', targets: ['aur'] })],
        },
        BUSY,
      ),
    ).toEqual([
      {
        ...base(ID),
        status: 'pass',
        message: 'orders-db can offload reads to RDS Proxy aur-proxy.',
        evidence: offloadEvidence('none', 'aur-proxy'),
      },
    ]);
    expect(
      run(
        { instances: [writer], clusters: [alone], proxies: [anRdsProxy({ name: 'x', targets: ['other'] })] },
        BUSY,
      ).map((r) => r.status),
    ).toEqual(['fail']);
  });

  it('a fail is unknown when part of the cluster or proxy lists is missing (a partial gap on either)', () => {
    for (const slice of ['rds.clusters', 'rds.proxies'] as const) {
      const snapshot = withGaps(
        withMetrics(aSnapshot({ rds: { instances: [anRdsInstance()] } }), ...BUSY),
        aResourceGapOn(slice, ['some-other-resource']),
      );
      expect(runCheck(check, snapshot)).toEqual([
        {
          ...base(ID),
          status: 'unknown',
          message: `orders-db is read-heavy and busy (90% of IOPS are reads, p95 of hourly CPU 70%) with no read replica, reader or RDS Proxy, but data is missing for ${slice} (Throttled), so this cannot be confirmed.`,
          evidence: judged(0.9, 900, 100, 70),
        },
      ]);
    }
  });
});
