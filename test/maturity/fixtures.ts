/**
 * Small builders for maturity tests: snapshots with every service collected and empty, plus resource builders.
 * Each test adds only what it needs.
 */
import type {
  Attestation,
  AutoScalingGroup,
  CacheCluster,
  CloudFrontDistribution,
  EbsVolume,
  Ec2Instance,
  Finding,
  Gap,
  InstanceTypeInfo,
  LambdaFunction,
  MetricAlarmFacts,
  MetricSummary,
  RdsInstance,
  ScalingPolicy,
  ServiceLevelObjective,
  Snapshot,
} from '#lib/model/index.js';
import { SERVICES, metricKey } from '#lib/model/index.js';
import type { ScanHistory } from '#lib/maturity/types.js';

export const NOW = '2025-06-01T12:00:00.000Z';

export function aSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: 1,
    scanId: '2025-06-01T12:00:00Z-abcd',
    accountId: '111122223333',
    region: 'eu-west-1',
    globalUnit: true,
    collectedAt: NOW,
    window: { start: '2025-05-18T12:00:00.000Z', end: NOW, days: 14 },
    services: [...SERVICES],
    ec2: { instances: [], instanceTypes: {}, gravitonFamilies: [] },
    ebs: { volumes: [] },
    rds: {
      instances: [],
      clusters: [],
      parameterGroups: {},
      proxies: [],
      devOpsGuru: { enabled: false, coveredResourceArns: [], coversAll: false },
    },
    cloudfront: { distributions: [] },
    vpc: { vpcs: [], routeTables: [], natGateways: [], endpoints: [] },
    lambda: { functions: [] },
    autoscaling: { groups: [], policies: [], scheduledActions: [], scalableTargets: [] },
    elasticache: { clusters: [], replicationGroups: [] },
    cloudwatch: { metricAlarms: [], compositeAlarms: [], slos: [], agentMemoryInstanceIds: [] },
    computeOptimizer: { enrollmentStatus: 'Active', recommendations: [] },
    metrics: {},
    gaps: [],
    stats: { apiCalls: {}, throttles: 0, retries: 0, metricQueries: 0, getMetricDataCalls: 0, durationMs: 0 },
    ...over,
  };
}

export function aGap(service: Gap['service'], slice: string, code: Gap['code'] = 'AccessDenied'): Gap {
  return { service, slice, code, message: `${slice}: ${code}` };
}

export function anInstance(
  id: string,
  instanceType = 'm7g.large',
  over: Partial<Ec2Instance> = {},
): Ec2Instance {
  return {
    instanceId: id,
    arn: `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`,
    instanceType,
    state: 'running',
    tags: {},
    ...over,
  };
}

export function types(current: string[], previous: string[] = []): Record<string, InstanceTypeInfo> {
  const out: Record<string, InstanceTypeInfo> = {};
  for (const t of current)
    out[t] = {
      instanceType: t,
      currentGeneration: true,
      architectures: ['arm64'],
      vcpus: 2,
      memoryMiB: 8192,
    };
  for (const t of previous)
    out[t] = {
      instanceType: t,
      currentGeneration: false,
      architectures: ['x86_64'],
      vcpus: 2,
      memoryMiB: 7680,
    };
  return out;
}

/** A metric summary entry for snapshot.metrics. */
export function aMetric(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  stat: string,
  periodSeconds: number,
  over: Partial<MetricSummary> = {},
): Record<string, MetricSummary> {
  const m: MetricSummary = {
    namespace,
    metricName,
    dimensions,
    stat,
    periodSeconds,
    windowDays: 14,
    datapoints: 14,
    expectedDatapoints: (14 * 86400) / periodSeconds,
    ...over,
  };
  return { [metricKey(m)]: m };
}

export const cpu = (instanceId: string, datapoints = 336): Record<string, MetricSummary> =>
  aMetric('AWS/EC2', 'CPUUtilization', { InstanceId: instanceId }, 'Average', 3600, { datapoints, mean: 20 });

export const cacheHitRate = (
  distributionId: string,
  mean: number | undefined,
  datapoints = 14,
): Record<string, MetricSummary> =>
  aMetric(
    'AWS/CloudFront',
    'CacheHitRate',
    { DistributionId: distributionId, Region: 'Global' },
    'Average',
    86400,
    {
      datapoints,
      ...(mean === undefined ? {} : { mean }),
    },
  );

export function cacheHits(
  clusterId: string,
  hits: number,
  misses: number,
  memcached = false,
): Record<string, MetricSummary> {
  const [h, m] = memcached ? ['GetHits', 'GetMisses'] : ['CacheHits', 'CacheMisses'];
  return {
    ...aMetric('AWS/ElastiCache', h, { CacheClusterId: clusterId }, 'Sum', 86400, {
      sum: hits,
      datapoints: hits > 0 ? 14 : 0,
    }),
    ...aMetric('AWS/ElastiCache', m, { CacheClusterId: clusterId }, 'Sum', 86400, {
      sum: misses,
      datapoints: misses > 0 ? 14 : 0,
    }),
  };
}

export function aVolume(id: string, volumeType: string, over: Partial<EbsVolume> = {}): EbsVolume {
  return {
    volumeId: id,
    arn: `arn:aws:ec2:eu-west-1:111122223333:volume/${id}`,
    volumeType,
    sizeGiB: 100,
    state: 'in-use',
    attachments: [],
    createTime: '2025-05-01T00:00:00.000Z',
    tags: {},
    ...over,
  };
}

export function aDb(id: string, engine = 'mysql', over: Partial<RdsInstance> = {}): RdsInstance {
  return {
    dbInstanceId: id,
    arn: `arn:aws:rds:eu-west-1:111122223333:db:${id}`,
    resourceId: `db-${id.toUpperCase()}`,
    dbInstanceClass: 'db.m7g.large',
    engine,
    storageType: 'gp3',
    performanceInsightsEnabled: false,
    monitoringIntervalSeconds: 0,
    readReplicaIds: [],
    parameterGroups: [`${id}-params`],
    enabledCloudwatchLogsExports: [],
    tags: {},
    ...over,
  };
}

export function aDistribution(
  id: string,
  over: Partial<CloudFrontDistribution> = {},
): CloudFrontDistribution {
  return {
    id,
    arn: `arn:aws:cloudfront::111122223333:distribution/${id}`,
    domainName: `${id.toLowerCase()}.cloudfront.net`,
    aliases: [],
    enabled: true,
    httpVersion: 'http2and3',
    behaviors: [{ pathPattern: '*', compress: true, targetOriginId: 'o1' }],
    origins: [{ id: 'o1', domainName: 'bucket.s3.amazonaws.com', originShieldEnabled: false, kind: 's3' }],
    staticContent: true,
    additionalMetricsEnabled: true,
    tags: {},
    ...over,
  };
}

export function aCacheCluster(id: string, engine = 'redis'): CacheCluster {
  return {
    cacheClusterId: id,
    arn: `arn:aws:elasticache:eu-west-1:111122223333:cluster:${id}`,
    engine,
    nodeType: 'cache.r7g.large',
    numNodes: 1,
  };
}

export function anAlarm(name: string, over: Partial<MetricAlarmFacts> = {}): MetricAlarmFacts {
  return {
    name,
    arn: `arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${name}`,
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    dimensions: {},
    statistic: 'Average',
    metricMath: false,
    mathMetricNames: [],
    anomalyDetection: false,
    actionsEnabled: true,
    hasActions: true,
    ...over,
  };
}

export function anSlo(name: string, over: Partial<ServiceLevelObjective> = {}): ServiceLevelObjective {
  return {
    name,
    arn: `arn:aws:application-signals:eu-west-1:111122223333:slo/${name}`,
    metricType: 'LATENCY',
    goalAttainment: 99.9,
    burnRateWindowsMinutes: [60],
    ...over,
  };
}

export function aFunction(name: string, over: Partial<LambdaFunction> = {}): LambdaFunction {
  return {
    functionName: name,
    arn: `arn:aws:lambda:eu-west-1:111122223333:function:${name}`,
    memoryMiB: 512,
    timeoutSeconds: 30,
    architectures: ['arm64'],
    tags: {},
    ...over,
  };
}

export function aGroup(name: string, over: Partial<AutoScalingGroup> = {}): AutoScalingGroup {
  return {
    name,
    arn: `arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:uuid:autoScalingGroupName/${name}`,
    minSize: 2,
    maxSize: 10,
    desiredCapacity: 2,
    instanceIds: [],
    instanceTypes: ['m7g.large'],
    tags: {},
    ...over,
  };
}

export function aPolicy(
  resourceId: string,
  policyType = 'TargetTrackingScaling',
  over: Partial<ScalingPolicy> = {},
): ScalingPolicy {
  return { namespace: 'asg', resourceId, policyName: `${resourceId}-${policyType}`, policyType, ...over };
}

export function aFinding(
  over: Partial<Finding> & Pick<Finding, 'checkId' | 'status' | 'resourceId'>,
): Finding {
  return {
    title: 'x',
    service: 'ec2',
    control: 'WAF-PERF-010',
    severity: 'medium',
    accountId: '111122223333',
    region: 'eu-west-1',
    resourceType: 'AWS::EC2::Instance',
    message: 'x.',
    evidence: [],
    remediation: { text: 'x', docs: ['https://docs.aws.amazon.com/'] },
    ...over,
  };
}

export function anAttestation(item: string, over: Partial<Attestation> = {}): Attestation {
  return {
    item,
    met: true,
    by: 'jane.doe@example.com',
    date: '2025-01-15',
    link: 'https://wiki.example.com/perf',
    expires: '2099-12-31',
    ...over,
  };
}

export function history(over: Partial<ScanHistory> = {}): ScanHistory {
  return { scans: 1, openDebt: 0, debtWithImpact: 0, scheduled: false, ...over };
}
