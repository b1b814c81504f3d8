import type { EvidenceItem, MetricSummary, Snapshot } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind } from '../absence.js';
import {
  findMetric,
  fmt,
  fmtBeside,
  missingSlice,
  rdsInstanceMetric,
  round,
  roundBeside,
  windowLabel,
} from '../support.js';

const NEEDS = ['rds.instances', 'rds.clusters', 'rds.proxies', 'metrics'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';
const NS = 'AWS/RDS';
const HOUR = 3600;

/**
 * A read-heavy, busy primary should have somewhere to send reads: a read replica, an Aurora (or Multi-AZ DB cluster)
 * reader, or an RDS Proxy. Read-heavy = ReadIOPS share of all IOPS; busy = p95 of hourly CPU.
 * Idea from Trusted Advisor c1qf5bt038 (read-heavy Aurora cluster without a reader).
 */
const metric = (s: Snapshot, id: string, name: string): MetricSummary | undefined =>
  findMetric(s, rdsInstanceMetric(id, name, 'Average', HOUR));

export const rdsInstanceReadReplicaOrProxy = defineCheck<'minReadRatio' | 'minCpuP95Percent'>({
  id: 'rds-instance-read-replica-or-proxy',
  title: 'Read-heavy, busy RDS databases offload reads to a replica, reader or proxy',
  service: 'rds',
  control: 'WAF-PERF-040',
  severity: 'medium',
  rationale:
    'When most I/O is reads and the primary is busy, every read competes with writes for CPU on one instance. Read ' +
    'replicas or Aurora readers take the reads; RDS Proxy pools connections. Without them the primary must scale up.',
  remediation: {
    change: 'read-scaling',
    text: 'Add a read replica (an Aurora reader for Aurora) and send read-only queries to it (Aurora reader endpoint); consider RDS Proxy for connection-heavy applications.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-replicas-adding.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html',
    ],
    impact: 'Lower CPU and read latency on the primary; reads scale out instead of needing a larger class.',
  },
  needs: NEEDS,
  thresholds: {
    minReadRatio: {
      default: 0.8,
      unit: 'ratio',
      description: 'Read-heavy when mean ReadIOPS / (ReadIOPS + WriteIOPS) is at least this.',
      source: 'perfscan heuristic after Trusted Advisor c1qf5bt038 (read-dominated DB load)',
      min: 0,
      max: 1,
    },
    minCpuP95Percent: {
      default: 60,
      unit: 'Percent',
      description: 'Busy when the p95 of hourly average CPU is at least this.',
      source: 'perfscan heuristic after Trusted Advisor c1qf5bt038 (high DB load)',
      min: 0,
      max: 100,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const rds = snapshot.rds;
    if (!rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const db of rds.instances) {
      if (db.readReplicaSourceId) continue; // a replica is the answer, not the question
      const cluster = db.clusterId ? rds.clusters.find((c) => c.clusterId === db.clusterId) : undefined;
      if (cluster?.members.some((m) => m.dbInstanceId === db.dbInstanceId && !m.isWriter)) continue; // a reader
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: db.dbInstanceId,
        resourceArn: db.arn,
        resourceName: db.dbInstanceId,
      };
      const readers = cluster ? cluster.members.filter((m) => !m.isWriter).map((m) => m.dbInstanceId) : [];
      const offload = [...db.readReplicaIds, ...readers];
      const proxies = rds.proxies
        .filter(
          (p) =>
            p.targets.includes(db.dbInstanceId) ||
            (db.clusterId !== undefined && p.targets.includes(db.clusterId)),
        )
        .map((p) => p.name);
      if (offload.length > 0 || proxies.length > 0) {
        const parts = [
          offload.length > 0 ? `${offload.length} replica(s) or reader(s) (${offload.join(', ')})` : '',
          proxies.length > 0 ? `RDS Proxy ${proxies.join(', ')}` : '',
        ].filter(Boolean);
        results.push({
          ...base,
          status: 'pass',
          message: `${db.dbInstanceId} can offload reads to ${parts.join(' and ')}.`,
          evidence: [
            {
              label: 'Read replicas and readers',
              value: offload.join(', ') || 'none',
              source: 'rds:DescribeDBInstances, rds:DescribeDBClusters',
            },
            {
              label: 'RDS Proxies targeting it',
              value: proxies.join(', ') || 'none',
              source: 'rds:DescribeDBProxyTargets',
            },
          ],
        });
        continue;
      }
      const read = metric(snapshot, db.dbInstanceId, 'ReadIOPS');
      const write = metric(snapshot, db.dbInstanceId, 'WriteIOPS');
      const cpu = metric(snapshot, db.dbInstanceId, 'CPUUtilization');
      if (read?.mean === undefined || write?.mean === undefined || cpu?.p95 === undefined) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${db.dbInstanceId} has no replica, reader or proxy, and its ReadIOPS, WriteIOPS or CPUUtilization series has no data.`,
          evidence: [
            { label: 'ReadIOPS datapoints', value: read?.datapoints ?? 0, metric: `${NS}/ReadIOPS` },
            { label: 'WriteIOPS datapoints', value: write?.datapoints ?? 0, metric: `${NS}/WriteIOPS` },
            {
              label: 'CPUUtilization datapoints',
              value: cpu?.datapoints ?? 0,
              metric: `${NS}/CPUUtilization`,
            },
          ],
        });
        continue;
      }
      const total = read.mean + write.mean;
      const ratio = total > 0 ? read.mean / total : 0;
      const window = windowLabel(cpu.windowDays, HOUR);
      const evidence: EvidenceItem[] = [
        {
          label: 'Read share of IOPS',
          value: roundBeside(ratio, t.minReadRatio),
          unit: 'ratio',
          metric: `${NS}/ReadIOPS`,
          statistic: 'mean ReadIOPS / (mean ReadIOPS + mean WriteIOPS), hourly Average',
          window,
          threshold: `>= ${t.minReadRatio}`,
        },
        {
          label: 'Mean ReadIOPS',
          value: round(read.mean, 1),
          unit: 'IOPS',
          metric: `${NS}/ReadIOPS`,
          statistic: 'mean of hourly Average',
          window,
        },
        {
          label: 'Mean WriteIOPS',
          value: round(write.mean, 1),
          unit: 'IOPS',
          metric: `${NS}/WriteIOPS`,
          statistic: 'mean of hourly Average',
          window,
        },
        {
          label: 'CPU utilization, p95 of hourly averages',
          value: roundBeside(cpu.p95, t.minCpuP95Percent, 1),
          unit: 'Percent',
          metric: `${NS}/CPUUtilization`,
          statistic: 'p95 of hourly Average',
          window,
          threshold: `>= ${t.minCpuP95Percent}`,
        },
        {
          label: 'Read replicas, readers and proxies',
          value: 0,
          unit: 'count',
          source: 'rds:DescribeDBInstances, rds:DescribeDBClusters, rds:DescribeDBProxyTargets',
        },
      ];
      const pct = fmtBeside(ratio * 100, t.minReadRatio * 100, 0);
      if (total > 0 && ratio >= t.minReadRatio && cpu.p95 >= t.minCpuP95Percent) {
        results.push(
          failUnlessBlind(snapshot, ['rds.clusters', 'rds.proxies'], {
            ...base,
            status: 'fail',
            message: `${db.dbInstanceId} is read-heavy and busy (${pct}% of IOPS are reads, p95 of hourly CPU ${fmtBeside(cpu.p95, t.minCpuP95Percent)}%) with no read replica, reader or RDS Proxy.`,
            evidence,
          }),
        );
      } else {
        results.push({
          ...base,
          status: 'pass',
          message: `${db.dbInstanceId} does not need read offload: ${pct}% of IOPS are reads (threshold ${fmt(t.minReadRatio * 100, 0)}%) and p95 of hourly CPU is ${fmtBeside(cpu.p95, t.minCpuP95Percent)}% (threshold ${fmt(t.minCpuP95Percent)}%).`,
          evidence,
        });
      }
    }
    return results;
  },
});
