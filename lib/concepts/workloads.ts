/**
 * Workloads (one definition, lib/concepts): what a unit runs, for checks that judge the unit as a whole ("no latency alarm in this region", "no SLO"):
 * such a "you lack X" result is only a finding where there is something to monitor. A region with no workload
 * (typically an enabled region nobody deploys to) must not fail for lacking alarms.
 *
 * Workloads are the resources perfscan inventories that serve or process requests: running EC2 instances,
 * Auto Scaling groups with capacity, Lambda functions with traffic, RDS DB instances and instance-less clusters,
 * ElastiCache clusters and serverless caches, Application Auto Scaling targets (ECS services, DynamoDB tables,
 * Aurora replicas, ...) and, in the global unit, enabled CloudFront distributions. Services perfscan does not
 * inventory (Fargate tasks without scaling targets, EKS on Fargate, API Gateway without Lambda) are not seen:
 * such a region reads as empty, which can hide a finding but never raises a false one.
 */
import { gapsFor, metricKey, type Gap, type SliceId, type Snapshot } from '#lib/model/index.js';

function describeGaps(gaps: readonly Gap[]): string {
  return gaps.map((g) => `${g.slice} (${g.action ? `${g.action} ` : ''}${g.code})`).join(', ');
}

/**
 * A Lambda function invoked fewer times than this in the window does not count as a workload: it is a rarely run
 * job with no latency distribution to alert on. 10 / (1 - 0.95) = 200 is the sample count below which CloudWatch
 * treats a p95 as not statistically significant (CloudWatch docs, "Percentile-based alarms and low data samples").
 */
export const MIN_LAMBDA_INVOCATIONS = 200;

/** The daily Invocations Sum series of a function (what the Lambda collector requests). */
export function lambdaInvocationsKey(functionName: string): string {
  return metricKey({
    namespace: 'AWS/Lambda',
    metricName: 'Invocations',
    dimensions: { FunctionName: functionName },
    stat: 'Sum',
    periodSeconds: 86_400,
  });
}

export interface WorkloadCount {
  /** "running EC2 instances" */
  what: string;
  count: number;
}

export interface WorkloadInventory {
  /** Workloads found, by kind (kinds with 0 included, for evidence). */
  counts: WorkloadCount[];
  total: number;
  /** Lambda functions seen but below MIN_LAMBDA_INVOCATIONS (not counted). */
  quietFunctions: number;
  /**
   * Why the inventory may miss workloads: services not scanned, inventory gaps, functions without an invocation
   * series. Empty when `total === 0` proves the unit has no workload.
   */
  blind: string[];
}

/** The unit's workloads. Pure; reads only inventory slices and the Lambda Invocations series. */
export function unitWorkloads(snapshot: Snapshot): WorkloadInventory {
  const counts: WorkloadCount[] = [];
  const blind: string[] = [];
  let quietFunctions = 0;

  /** Counts one kind when its service was scanned, its slice collected and no gap covers `slices`. */
  const take = (
    service: Snapshot['services'][number],
    present: boolean,
    slices: readonly SliceId[],
    what: string,
    count: () => number,
  ): void => {
    if (!snapshot.services.includes(service)) {
      blind.push(`${service} not scanned`);
      return;
    }
    if (!present) {
      blind.push(`${service} inventory not collected`);
      return;
    }
    const gaps = gapsFor(snapshot, slices);
    // What was listed still counts; the gap only means there may be more.
    if (gaps.length > 0) blind.push(`data missing for ${describeGaps(gaps)}`);
    counts.push({ what, count: count() });
  };

  take(
    'ec2',
    snapshot.ec2 !== undefined,
    ['ec2.instances'],
    'running EC2 instances',
    () => (snapshot.ec2?.instances ?? []).filter((i) => i.state === 'running').length,
  );
  take(
    'autoscaling',
    snapshot.autoscaling !== undefined,
    ['autoscaling.groups'],
    'Auto Scaling groups with capacity',
    () => (snapshot.autoscaling?.groups ?? []).filter((g) => g.desiredCapacity > 0).length,
  );
  take(
    'autoscaling',
    snapshot.autoscaling !== undefined,
    ['autoscaling.scalableTargets'],
    'Application Auto Scaling targets',
    () => snapshot.autoscaling?.scalableTargets.length ?? 0,
  );
  take('rds', snapshot.rds !== undefined, ['rds.instances', 'rds.clusters'], 'RDS databases', () => {
    const rds = snapshot.rds;
    if (!rds) return 0;
    const dbs = rds.instances.filter((d) => d.status !== 'stopped' && d.status !== 'stopping').length;
    // Aurora Serverless v1 clusters have no DB instances of their own.
    const bare = rds.clusters.filter((c) => c.members.length === 0).length;
    return dbs + bare;
  });
  take(
    'elasticache',
    snapshot.elasticache !== undefined,
    ['elasticache.clusters', 'elasticache.replicationGroups'],
    'ElastiCache caches',
    () => {
      const ec = snapshot.elasticache;
      if (!ec) return 0;
      return ec.clusters.length + ec.replicationGroups.filter((g) => g.serverless === true).length;
    },
  );
  take(
    'lambda',
    snapshot.lambda !== undefined,
    ['lambda.functions'],
    `Lambda functions with ${MIN_LAMBDA_INVOCATIONS}+ invocations`,
    () => {
      let busy = 0;
      let unmeasured = 0;
      const metricsBlind = gapsFor(snapshot, ['metrics']).length > 0;
      for (const fn of snapshot.lambda?.functions ?? []) {
        const inv = snapshot.metrics[lambdaInvocationsKey(fn.functionName)];
        if (!inv || (metricsBlind && inv.datapoints === 0)) {
          unmeasured++;
          continue;
        }
        const sum = typeof inv.sum === 'number' && Number.isFinite(inv.sum) ? inv.sum : 0;
        if (sum >= MIN_LAMBDA_INVOCATIONS) busy++;
        else quietFunctions++;
      }
      if (unmeasured > 0) blind.push(`${unmeasured} Lambda function(s) without invocation data`);
      return busy;
    },
  );
  // CloudFront is global: its distributions belong to the unit that collects global services.
  if (snapshot.globalUnit) {
    take(
      'cloudfront',
      snapshot.cloudfront !== undefined,
      ['cloudfront.distributions'],
      'enabled CloudFront distributions',
      () => (snapshot.cloudfront?.distributions ?? []).filter((d) => d.enabled).length,
    );
  }

  return {
    counts,
    total: counts.reduce((a, c) => a + c.count, 0),
    quietFunctions,
    blind: [...new Set(blind)],
  };
}

/** "0 running EC2 instances, 0 RDS databases, ..." for messages and evidence. */
export function describeWorkloads(inv: WorkloadInventory): string {
  return inv.counts.map((c) => `${c.count} ${c.what}`).join(', ');
}
