/**
 * The maturity measures (lib/maturity/measures/**) through deriveUnitFacts: for each measure, small snapshots that
 * sit on each side of what it counts (running or not, production or not, measured or not), with the whole tally
 * ({ of, met, noData }) asserted. Written for `npm run mutation` (docs/testing.md): the suites in
 * test/maturity score precomputed facts and left most of the measures' code without a test.
 */
import { describe, expect, it } from 'vitest';
import { deriveUnitFacts } from '#lib/maturity/facts.js';
import { measure } from '#lib/maturity/measures/index.js';
import { seriesSum } from '#lib/maturity/metric-index.js';
import { lambdaInvocationsKey } from '#lib/concepts/workloads.js';
import { CACHING_DISABLED_POLICY_ID } from '#lib/concepts/cache.js';
import { metricKey } from '#lib/model/index.js';
import type { Finding, MetricSummary, Snapshot, Tally } from '#lib/model/index.js';
import {
  aCacheBehavior,
  aCacheCluster,
  aCloudFrontMetricSummary,
  aCloudFrontOrigin,
  aDistribution,
  aLambdaFunction,
  aMetricSummary,
  aParameterGroup,
  aRecommendation,
  aReplicationGroup,
  aScalableTarget,
  aScalingPolicy,
  aScheduledAction,
  aSnapshot,
  anAutoScalingGroup,
  anEbsVolume,
  anEc2Instance,
  anElastiCacheMetricSummary,
  anInstanceType,
  anRdsCluster,
  anRdsInstance,
  aMetricAlarm,
  aBurnRateAlarm,
  aCompositeAlarm,
  aServiceLevelObjective,
  aRouteTable,
  aVpc,
  aVpcEndpoint,
  instanceTypesOf,
  parameterGroupsOf,
  withMetrics,
} from '#test/builders/index.js';

const t = (of: number, met: number, noData = 0): Tally => ({ of, met, noData });
const tallyOf = (s: Snapshot, id: string, findings: Finding[] = []): Tally | undefined =>
  deriveUnitFacts(s, findings).measures[id];

function aFinding(o: Partial<Finding>): Finding {
  return {
    checkId: 'ec2-instance-cpu-not-overprovisioned',
    title: 't',
    service: 'ec2',
    control: 'WAF-PERF-010',
    severity: 'medium',
    status: 'pass',
    accountId: '123456789012',
    region: 'eu-west-1',
    resourceType: 'AWS::EC2::Instance',
    resourceId: 'i-1',
    message: 'm.',
    evidence: [],
    remediation: { summary: 's', steps: [] } as unknown as Finding['remediation'],
    ...o,
  };
}

const cpu = (id: string, o: Partial<MetricSummary> = {}) =>
  aMetricSummary({ dimensions: { InstanceId: id }, ...o });

describe('compute measures', () => {
  const instances = [
    anEc2Instance({ instanceId: 'i-1', instanceType: 'm5.large' }),
    anEc2Instance({ instanceId: 'i-2', instanceType: 'm4.large', autoScalingGroup: 'web-asg' }),
    anEc2Instance({ instanceId: 'i-3', instanceType: 'x9.huge' }),
    anEc2Instance({ instanceId: 'i-4', state: 'stopped' }),
  ];
  const types = instanceTypesOf(
    anInstanceType(),
    anInstanceType({ instanceType: 'm4.large', currentGeneration: false }),
  );

  it('subject.compute counts running instances, groups that carry load and live targets', () => {
    const s = aSnapshot({
      ec2: { instances, instanceTypes: types },
      autoscaling: {
        groups: [
          anAutoScalingGroup({ name: 'a' }),
          anAutoScalingGroup({ name: 'b', desiredCapacity: 0 }),
          anAutoScalingGroup({ name: 'c', maxSize: 0, desiredCapacity: 0 }),
        ],
        scalableTargets: [
          aScalableTarget(),
          aScalableTarget({ resourceId: 'x', maxCapacity: 0, minCapacity: 0 }),
        ],
      },
    });
    expect(tallyOf(s, 'subject.compute')).toEqual(t(5, 5));
  });

  it('ec2.currentGeneration: known types judged, unknown types no data, stopped left out', () => {
    const s = aSnapshot({ ec2: { instances, instanceTypes: types } });
    expect(tallyOf(s, 'ec2.currentGeneration')).toEqual(t(3, 1, 1));
  });

  it('ec2.memoryMetric and ec2.inGroup', () => {
    const s = aSnapshot({
      ec2: { instances, instanceTypes: types },
      cloudwatch: { agentMemoryInstanceIds: ['i-2', 'i-4'] },
    });
    expect(tallyOf(s, 'ec2.memoryMetric')).toEqual(t(3, 1));
    expect(tallyOf(s, 'ec2.inGroup')).toEqual(t(3, 2));
  });

  it('ec2.cpuAndMemoryProduction: production only, CPU with datapoints and memory', () => {
    const prod = { env: 'production' };
    const s = withMetrics(
      aSnapshot({
        ec2: {
          instances: [
            anEc2Instance({ instanceId: 'i-1', tags: prod }),
            anEc2Instance({ instanceId: 'i-2', tags: prod }),
            anEc2Instance({ instanceId: 'i-3', tags: prod }),
            anEc2Instance({ instanceId: 'i-4', tags: prod }),
            anEc2Instance({ instanceId: 'i-5', tags: { env: 'dev' } }),
          ],
        },
        cloudwatch: { agentMemoryInstanceIds: ['i-1', 'i-3', 'i-4', 'i-5'] },
      }),
      cpu('i-1'),
      cpu('i-2'),
      cpu('i-3', { datapoints: 0 }),
      cpu('i-5'),
    );
    // i-1 met; i-2 no memory; i-3 no CPU datapoints; i-4 no CPU series (no data); i-5 not production.
    expect(tallyOf(s, 'ec2.cpuAndMemoryProduction')).toEqual(t(4, 1, 1));
  });

  it('ec2.cpuAndMemoryProduction finds a CPU series of another statistic of the same instance', () => {
    const s = withMetrics(
      aSnapshot({
        ec2: { instances: [anEc2Instance({ instanceId: 'i-1' })] },
        cloudwatch: { agentMemoryInstanceIds: ['i-1'] },
      }),
      cpu('i-1', { stat: 'Maximum' }),
    );
    expect(tallyOf(s, 'ec2.cpuAndMemoryProduction')).toEqual(t(1, 1));
  });

  it('ec2.rightSized reads the sizing checks: fail, unknown, pass, nothing, a unit-wide unknown', () => {
    const s = aSnapshot({
      ec2: {
        instances: ['i-1', 'i-2', 'i-3', 'i-4', 'i-5'].map((id) => anEc2Instance({ instanceId: id })),
      },
    });
    const findings = [
      aFinding({ resourceId: 'i-1', status: 'pass' }),
      aFinding({ resourceId: 'i-1', checkId: 'ec2-instance-cpu-not-saturated', status: 'fail' }),
      aFinding({ resourceId: 'i-2', status: 'unknown' }),
      aFinding({ resourceId: 'i-3', status: 'pass' }),
      aFinding({ resourceId: 'i-3', checkId: 'ec2-instance-cpu-not-saturated', status: 'pass' }),
      aFinding({ resourceId: 'i-4', status: 'error' }),
      // Not a sizing check, or not EC2: ignored.
      aFinding({ resourceId: 'i-5', checkId: 'ec2-instance-graviton', status: 'pass' }),
      aFinding({ resourceId: 'i-5', service: 'rds', checkId: 'rds-instance-cpu-not-overprovisioned' }),
    ];
    expect(tallyOf(s, 'ec2.rightSized', findings)).toEqual(t(5, 1, 3));
    const wide = [...findings, aFinding({ resourceId: '*', status: 'unknown' })];
    expect(tallyOf(s, 'ec2.rightSized', wide)).toEqual(t(5, 0, 4));
    // A unit-wide pass or fail does not hide the per-instance verdicts.
    const widePass = [...findings, aFinding({ resourceId: '*', status: 'fail' })];
    expect(tallyOf(s, 'ec2.rightSized', widePass)).toEqual(t(5, 1, 3));
    // The check-id patterns: "idle", "underutilized" (over) and "overutilised" (under) count as sizing checks.
    const named = [
      aFinding({ resourceId: 'i-1', checkId: 'ec2-idle', status: 'pass' }),
      aFinding({ resourceId: 'i-2', checkId: 'ec2-underutilized', status: 'pass' }),
      aFinding({ resourceId: 'i-3', checkId: 'ec2-overutilised', status: 'fail' }),
      aFinding({ resourceId: 'i-4', checkId: 'ec2-underprovision', status: 'pass' }),
    ];
    expect(tallyOf(s, 'ec2.rightSized', named)).toEqual(t(5, 3, 1));
  });

  it('ec2.computeOptimizerOptimized: first recommendation by id or ARN, enrolled only', () => {
    const arn = (id: string) => `arn:aws:ec2:eu-west-1:123456789012:instance/${id}`;
    const instancesCo = ['i-1', 'i-2', 'i-3', 'i-4', 'i-5'].map((id) =>
      anEc2Instance({ instanceId: id, arn: arn(id) }),
    );
    instancesCo.push(anEc2Instance({ instanceId: 'i-6', arn: undefined }));
    const recs = [
      aRecommendation({ resourceId: 'i-1', resourceArn: arn('i-1'), finding: 'Optimized' }),
      aRecommendation({ resourceId: 'i-1', resourceArn: arn('i-1'), finding: 'OVER_PROVISIONED' }),
      aRecommendation({ resourceId: 'other', resourceArn: arn('i-2'), finding: 'OVER_PROVISIONED' }),
      aRecommendation({ resourceId: 'i-2', resourceArn: 'x', finding: 'Optimized' }),
      aRecommendation({ resourceId: 'i-3', resourceArn: 'y', finding: 'Optimized' }),
      aRecommendation({ resourceId: 'z', resourceArn: arn('i-3'), finding: 'Underprovisioned' }),
      aRecommendation({ kind: 'lambda', resourceId: 'i-4', resourceArn: arn('i-4'), finding: 'Optimized' }),
      aRecommendation({ resourceId: 'i-6', resourceArn: undefined, finding: 'optimized' }),
    ];
    const s = (status: string) =>
      aSnapshot({
        ec2: { instances: instancesCo },
        computeOptimizer: { enrollmentStatus: status, recommendations: recs },
      });
    // i-1: first (Optimized); i-2: the ARN one comes first (over); i-3: the id one first (Optimized);
    // i-4: only a Lambda recommendation; i-5: none; i-6: no ARN, by id (optimized).
    expect(tallyOf(s('Active'), 'ec2.computeOptimizerOptimized')).toEqual(t(6, 3));
    expect(tallyOf(s('ACTIVE'), 'ec2.computeOptimizerOptimized')).toEqual(t(6, 3));
    expect(tallyOf(s('Inactive'), 'ec2.computeOptimizerOptimized')).toEqual(t(6, 0));
    expect(tallyOf(s('Active-ish'), 'ec2.computeOptimizerOptimized')).toEqual(t(6, 0));
  });

  it('scaling.scales and scaling.scalesProduction over groups and targets', () => {
    const s = aSnapshot({
      autoscaling: {
        groups: [
          anAutoScalingGroup({ name: 'a', tags: { env: 'prod' } }),
          anAutoScalingGroup({ name: 'b', tags: { env: 'prod' } }),
          anAutoScalingGroup({ name: 'c' }),
          anAutoScalingGroup({ name: 'd', desiredCapacity: 0 }),
        ],
        policies: [
          aScalingPolicy({ resourceId: 'a' }),
          aScalingPolicy({ resourceId: 'c' }),
          aScalingPolicy({ resourceId: 'd' }),
          aScalingPolicy({ namespace: 'ecs', resourceId: 'service/prod/checkout' }),
        ],
        scalableTargets: [
          aScalableTarget(),
          aScalableTarget({ resourceId: 'service/prod/other' }),
          aScalableTarget({ resourceId: 'service/prod/off', maxCapacity: 0, minCapacity: 0 }),
        ],
      },
    });
    expect(tallyOf(s, 'scaling.scales')).toEqual(t(5, 3));
    expect(tallyOf(s, 'scaling.scalesProduction')).toEqual(t(4, 2));
  });

  it('asg.predictive and asg.cyclicPredictive', () => {
    const s = aSnapshot({
      autoscaling: {
        groups: [
          anAutoScalingGroup({ name: 'pred' }),
          anAutoScalingGroup({ name: 'sched' }),
          anAutoScalingGroup({ name: 'byFinding' }),
          anAutoScalingGroup({ name: 'byArn' }),
          anAutoScalingGroup({ name: 'unknown' }),
          anAutoScalingGroup({ name: 'flat' }),
          anAutoScalingGroup({ name: 'idle', desiredCapacity: 0 }),
        ],
        policies: [
          aScalingPolicy({
            resourceId: 'pred',
            policyType: 'PredictiveScaling',
            predictiveMode: 'ForecastAndScale',
          }),
          aScalingPolicy({ resourceId: 'byFinding' }),
          aScalingPolicy({ resourceId: 'flat' }),
          aScalingPolicy({ resourceId: 'idle', policyType: 'PredictiveScaling' }),
        ],
        scheduledActions: [aScheduledAction({ resourceId: 'sched' })],
      },
    });
    const pf = (o: Partial<Finding>) =>
      aFinding({ service: 'autoscaling', checkId: 'autoscaling-group-predictive-scaling-cyclic', ...o });
    const arnOf = (n: string) => anAutoScalingGroup({ name: n }).arn;
    const findings = [
      pf({ resourceId: 'x', resourceName: 'byFinding', status: 'fail' }),
      pf({ resourceId: 'y', resourceArn: arnOf('byArn'), status: 'fail' }),
      pf({ resourceId: 'unknown', status: 'unknown' }),
      pf({ resourceId: 'flat', status: 'pass' }),
      // Not a predictive finding, or not autoscaling: ignored.
      aFinding({
        service: 'autoscaling',
        checkId: 'autoscaling-group-scaling-policy-configured',
        resourceId: 'flat',
        status: 'fail',
      }),
      aFinding({ service: 'ec2', checkId: 'predictive-ec2', resourceId: 'flat', status: 'fail' }),
    ];
    // Scaling groups: pred (policy), sched (recurring action), byFinding, flat; predictive: pred.
    expect(tallyOf(s, 'asg.predictive', findings)).toEqual(t(4, 1));
    // Cyclic: pred (met), sched, byFinding, byArn; unknown: no data; flat: not cyclic.
    expect(tallyOf(s, 'asg.cyclicPredictive', findings)).toEqual(t(5, 1, 1));
    const wide = [pf({ resourceId: '*', status: 'error' })];
    // A unit-wide error leaves every group that is not known cyclic without data.
    expect(tallyOf(s, 'asg.cyclicPredictive', wide)).toEqual(t(6, 1, 4));
    expect(tallyOf(s, 'asg.cyclicPredictive', [pf({ resourceId: '*', status: 'pass' })])).toEqual(t(2, 1));
  });

  it('measures over an absent autoscaling slice count nothing', () => {
    const s = aSnapshot({ services: ['ec2'] });
    for (const id of ['scaling.scales', 'scaling.scalesProduction', 'asg.predictive', 'asg.cyclicPredictive'])
      expect(tallyOf(s, id), id).toEqual(t(0, 0));
  });
});

describe('caching measures', () => {
  const reqs = (id: string, values: (number | null)[]) =>
    aCloudFrontMetricSummary(id, 'Requests', 'Sum', values);
  const hit = (id: string, values: (number | null)[]) =>
    aCloudFrontMetricSummary(id, 'CacheHitRate', 'Average', values);
  const api = (id: string, o = {}) =>
    aDistribution({
      id,
      origins: [aCloudFrontOrigin({ id: 'api', kind: 'custom', domainName: 'api.example.com' })],
      behaviors: [aCacheBehavior({ targetOriginId: 'api' })],
      staticContent: false,
      ...o,
    });

  it('counts CloudFront caches with traffic and judges their hit rate (static 95%, others 80%)', () => {
    const s = withMetrics(
      aSnapshot({
        cloudfront: {
          distributions: [
            aDistribution({ id: 'S95' }), // static at 95: high
            aDistribution({ id: 'S94' }), // static at 94.9: not high
            api('A80'), // at 80: high
            api('A79'), // at 79.9: not high
            api('QUIET'), // requests all 0: not in use
            api('NOREQ', { additionalMetricsEnabled: false }), // no request datapoints, metrics off: skipped
            api('NOHIT'), // traffic, hit series without points: not measured (null)
            api('OFF', { additionalMetricsEnabled: false }), // traffic, metrics off: null
            api('UNFETCHED'), // traffic, no hit series: no data
            api('DISABLED', { enabled: false }),
            api('NOCACHE', {
              behaviors: [
                aCacheBehavior({ targetOriginId: 'api', cachePolicyId: CACHING_DISABLED_POLICY_ID }),
              ],
            }),
          ],
        },
      }),
      reqs('S95', [10, 10]),
      hit('S95', [95, 95]),
      reqs('S94', [10]),
      hit('S94', [94.9]),
      reqs('A80', [10]),
      hit('A80', [80]),
      reqs('A79', [10]),
      hit('A79', [79.9]),
      reqs('QUIET', [0, 0]),
      hit('QUIET', [99]),
      reqs('NOREQ', [null, null]),
      reqs('NOHIT', [5]),
      hit('NOHIT', [null]),
      reqs('OFF', [5]),
      reqs('UNFETCHED', [5]),
      reqs('DISABLED', [5]),
      hit('DISABLED', [99]),
      reqs('NOCACHE', [5]),
      hit('NOCACHE', [99]),
    );
    expect(tallyOf(s, 'caches.inUse')).toEqual(t(7, 7));
    expect(tallyOf(s, 'caches.hitRateMeasured')).toEqual(t(7, 4, 1));
    expect(tallyOf(s, 'caches.hitRateHigh')).toEqual(t(7, 2, 1));
    expect(tallyOf(s, 'cloudfront.staticHitRate')).toEqual(t(2, 1));
    // Enabled: 10 of 11; static among them: S95, S94.
    expect(tallyOf(s, 'cloudfront.static')).toEqual(t(10, 2));
  });

  it('a distribution with no Requests series but additional metrics on is still a cache', () => {
    const s = withMetrics(
      aSnapshot({
        cloudfront: {
          distributions: [aDistribution({ id: 'S' }), api('N', { additionalMetricsEnabled: undefined })],
        },
      }),
      hit('S', [96]),
      reqs('N', [null]),
    );
    // S: no Requests series -> counted, 96 >= 95; N: Requests without datapoints, metrics flag not true -> skipped.
    expect(tallyOf(s, 'caches.inUse')).toEqual(t(1, 1));
    expect(tallyOf(s, 'cloudfront.staticHitRate')).toEqual(t(1, 1));
    const unknownFlag = withMetrics(
      aSnapshot({ cloudfront: { distributions: [api('U', { additionalMetricsEnabled: undefined })] } }),
      reqs('U', [3]),
    );
    // Metrics flag unknown and no hit series: no data (undefined), not "not measured".
    expect(tallyOf(unknownFlag, 'caches.hitRateMeasured')).toEqual(t(1, 0, 1));
    const withPoints = withMetrics(
      aSnapshot({ cloudfront: { distributions: [api('P', { additionalMetricsEnabled: true })] } }),
      reqs('P', [null, 4]),
    );
    expect(tallyOf(withPoints, 'caches.inUse')).toEqual(t(1, 1));
  });

  it('ElastiCache: Redis/Valkey CacheHits, Memcached GetHits, serverless caches by clusterId', () => {
    const ec = anElastiCacheMetricSummary;
    const s = withMetrics(
      aSnapshot({
        elasticache: {
          clusters: [
            aCacheCluster({ cacheClusterId: 'r80' }),
            aCacheCluster({ cacheClusterId: 'r79' }),
            aCacheCluster({ cacheClusterId: 'm90', engine: 'Memcached' }),
            aCacheCluster({ cacheClusterId: 'zero' }),
            aCacheCluster({ cacheClusterId: 'empty' }),
            aCacheCluster({ cacheClusterId: 'nomiss' }),
          ],
          replicationGroups: [
            aReplicationGroup({ replicationGroupId: 'sl', serverless: true }),
            aReplicationGroup({ replicationGroupId: 'nodes' }),
          ],
        },
      }),
      ec('r80', 'CacheHits', [80]),
      ec('r80', 'CacheMisses', [20]),
      ec('r79', 'CacheHits', [79]),
      ec('r79', 'CacheMisses', [21]),
      ec('m90', 'GetHits', [90]),
      ec('m90', 'GetMisses', [10]),
      ec('m90', 'CacheHits', [0]),
      ec('m90', 'CacheMisses', [100]),
      ec('zero', 'CacheHits', [0]),
      ec('zero', 'CacheMisses', [0]),
      ec('empty', 'CacheHits', [null]),
      ec('empty', 'CacheMisses', [null]),
      ec('nomiss', 'CacheHits', [5]),
      {
        ...ec('sl', 'CacheHits', [99]),
        dimensions: { clusterId: 'sl' },
      },
      { ...ec('sl', 'CacheMisses', [1]), dimensions: { clusterId: 'sl' } },
    );
    // Caches: r80, r79, m90, zero, empty, nomiss, sl (the node-based group is counted by its clusters).
    expect(tallyOf(s, 'caches.inUse')).toEqual(t(7, 7));
    // Measured: r80, r79, m90, sl; zero and empty: not measured (null); nomiss: no data.
    expect(tallyOf(s, 'caches.hitRateMeasured')).toEqual(t(7, 4, 1));
    // High (>= 80): r80, m90 (90, not the 0% of the Redis names), sl.
    expect(tallyOf(s, 'caches.hitRateHigh')).toEqual(t(7, 3, 1));
    expect(tallyOf(s, 'cloudfront.staticHitRate')).toEqual(t(0, 0));
  });

  it('a cache hit rate from a summary with a mean but no sum', () => {
    const noSum = (
      id: string,
      metricName: string,
      mean: number | undefined,
      datapoints: number,
    ): MetricSummary => ({
      ...anElastiCacheMetricSummary(id, metricName, [1]),
      sum: undefined,
      mean,
      datapoints,
    });
    const s = withMetrics(
      aSnapshot({
        elasticache: {
          clusters: [aCacheCluster({ cacheClusterId: 'c' }), aCacheCluster({ cacheClusterId: 'd' })],
        },
      }),
      noSum('c', 'CacheHits', 9, 10), // 90 hits
      noSum('c', 'CacheMisses', 1, 10), // 10 misses: 90%
      noSum('d', 'CacheHits', undefined, 10), // 0 hits
      noSum('d', 'CacheMisses', 5, 2), // 10 misses: 0%
    );
    expect(tallyOf(s, 'caches.hitRateHigh')).toEqual(t(2, 1));
    expect(tallyOf(s, 'caches.hitRateMeasured')).toEqual(t(2, 2));
  });

  it('subject.workloads counts the unit workloads', () => {
    const s = aSnapshot({
      ec2: { instances: [anEc2Instance()] },
      rds: { instances: [anRdsInstance()] },
    });
    expect(tallyOf(s, 'subject.workloads')).toEqual(t(2, 2));
  });
});

describe('database measures', () => {
  const db = anRdsInstance;

  it('subject.databases leaves out stopped, stopping, deleting and failed instances', () => {
    const s = aSnapshot({
      rds: {
        instances: ['available', 'stopped', 'Stopping', 'deleting', 'failed', 'backing-up', undefined].map(
          (status, n) => db({ dbInstanceId: `d${n}`, status: status as string }),
        ),
      },
    });
    expect(tallyOf(s, 'subject.databases')).toEqual(t(3, 3));
  });

  it('rds.slowLog by engine family, export, parameter group and cluster group', () => {
    const groups = parameterGroupsOf(
      aParameterGroup('my-on', { slow_query_log: 'ON' }),
      aParameterGroup('my-true', { slow_query_log: 'true' }),
      aParameterGroup('my-off', { slow_query_log: '0' }),
      aParameterGroup('my-on2', { slow_query_log: 'on2' }),
      aParameterGroup('pg-0', { log_min_duration_statement: '0' }),
      aParameterGroup('pg-neg', { log_min_duration_statement: '-1' }),
      aParameterGroup('pg-blank', { log_min_duration_statement: ' ' }),
      aParameterGroup('pg-nan', { log_min_duration_statement: 'abc' }),
      aParameterGroup('pg-500', { log_min_duration_statement: '500' }),
      aParameterGroup('pg-none', {}),
      aParameterGroup('aur-on', { slow_query_log: '1' }, 'cluster'),
    );
    const inst = [
      db({ dbInstanceId: 'a', enabledCloudwatchLogsExports: ['slowquery'], parameterGroups: ['missing'] }), // met
      db({ dbInstanceId: 'b', enabledCloudwatchLogsExports: [], parameterGroups: ['my-on'] }), // met
      db({
        dbInstanceId: 'c',
        engine: 'mariadb',
        enabledCloudwatchLogsExports: [],
        parameterGroups: ['my-true'],
      }), // met
      db({ dbInstanceId: 'd', enabledCloudwatchLogsExports: [], parameterGroups: ['my-off', 'my-on2'] }), // not met
      db({ dbInstanceId: 'e', enabledCloudwatchLogsExports: [], parameterGroups: ['my-off', 'missing'] }), // no data
      db({ dbInstanceId: 'f', enabledCloudwatchLogsExports: [], parameterGroups: [] }), // no groups: no data
      db({
        dbInstanceId: 'g',
        engine: 'postgres',
        enabledCloudwatchLogsExports: ['slowquery'],
        parameterGroups: ['pg-neg'],
      }), // not met: export does not count
      db({
        dbInstanceId: 'h',
        engine: 'aurora-postgresql',
        enabledCloudwatchLogsExports: ['postgresql'],
        parameterGroups: ['pg-0'],
      }), // met
      db({
        dbInstanceId: 'i',
        engine: 'postgres',
        enabledCloudwatchLogsExports: [],
        parameterGroups: ['pg-blank', 'pg-nan', 'pg-none'],
      }), // not met
      db({
        dbInstanceId: 'j',
        engine: 'postgres',
        enabledCloudwatchLogsExports: [],
        parameterGroups: ['pg-500'],
      }), // met
      db({
        dbInstanceId: 'k',
        engine: 'aurora',
        clusterId: 'cl',
        enabledCloudwatchLogsExports: [],
        parameterGroups: ['my-off'],
      }), // met by cluster group
      db({
        dbInstanceId: 'l',
        engine: 'aurora-mysql',
        clusterId: 'cl2',
        enabledCloudwatchLogsExports: [],
        parameterGroups: ['my-off'],
      }), // met by cluster export
      db({ dbInstanceId: 'm', engine: 'sqlserver-se', parameterGroups: [] }), // no slow log: left out
      db({ dbInstanceId: 'n', engine: 'oracle-ee', parameterGroups: [] }), // left out
    ];
    const s = aSnapshot({
      rds: {
        instances: inst,
        clusters: [
          anRdsCluster({ clusterId: 'cl', clusterParameterGroup: 'aur-on' }),
          anRdsCluster({
            clusterId: 'cl2',
            clusterParameterGroup: undefined,
            enabledCloudwatchLogsExports: ['slowquery'],
          }),
        ],
        parameterGroups: groups,
      },
    });
    expect(tallyOf(s, 'rds.slowLog')).toEqual(t(12, 7, 2));
  });

  it('rds.slowLog is judged on production instances only when some are tagged so', () => {
    const s = aSnapshot({
      rds: {
        instances: [
          db({
            dbInstanceId: 'p',
            tags: { Environment: 'prod-eu' },
            enabledCloudwatchLogsExports: [],
            parameterGroups: [],
          }),
          db({ dbInstanceId: 'q', tags: { env: 'staging' } }),
        ],
      },
    });
    expect(tallyOf(s, 'rds.slowLog')).toEqual(t(1, 0, 1));
    expect(tallyOf(s, 'rds.performanceInsights')).toEqual(t(1, 1));
  });

  it('rds.performanceInsights: own flag, Database Insights advanced, or the cluster', () => {
    const s = aSnapshot({
      rds: {
        instances: [
          db({ dbInstanceId: 'a' }),
          db({ dbInstanceId: 'b', performanceInsightsEnabled: false, databaseInsightsMode: 'advanced' }),
          db({ dbInstanceId: 'c', performanceInsightsEnabled: false, databaseInsightsMode: 'standard' }),
          db({ dbInstanceId: 'd', performanceInsightsEnabled: false, clusterId: 'pi' }),
          db({ dbInstanceId: 'e', performanceInsightsEnabled: false, clusterId: 'nopi' }),
          db({ dbInstanceId: 'f', performanceInsightsEnabled: false, clusterId: 'gone' }),
          db({ dbInstanceId: 'g', performanceInsightsEnabled: true, status: 'stopped' }),
        ],
        clusters: [
          anRdsCluster({ clusterId: 'pi', performanceInsightsEnabled: true }),
          anRdsCluster({ clusterId: 'nopi', performanceInsightsEnabled: false }),
        ],
      },
    });
    expect(tallyOf(s, 'rds.performanceInsights')).toEqual(t(6, 3));
  });

  it('rds.anomalyDetection: DevOps Guru (all, by ARN, by resource id) or an anomaly alarm on the DB', () => {
    const anomaly = (name: string, dims: Record<string, string>, namespace = 'AWS/RDS') =>
      aMetricAlarm({
        name,
        namespace,
        metricName: 'ReadLatency',
        dimensions: dims,
        extendedStatistic: undefined,
        statistic: 'Average',
        anomalyDetection: true,
      });
    const instances = [
      db({ dbInstanceId: 'a' }),
      db({ dbInstanceId: 'b' }),
      db({ dbInstanceId: 'c' }),
      db({ dbInstanceId: 'd', clusterId: 'cl' }),
      db({ dbInstanceId: 'e' }),
      db({ dbInstanceId: 'f', resourceId: undefined }),
    ];
    const s = aSnapshot({
      rds: {
        instances,
        devOpsGuru: {
          enabled: true,
          coversAll: false,
          coveredResourceArns: [instances[0]!.arn, 'db-B'],
        },
      },
      cloudwatch: {
        metricAlarms: [
          anomaly('c', { DBInstanceIdentifier: 'c' }),
          anomaly('cl', { DBClusterIdentifier: 'cl' }),
          anomaly('e-ec2', { DBInstanceIdentifier: 'e' }, 'AWS/EC2'),
        ],
      },
    });
    const got = tallyOf(s, 'rds.anomalyDetection');
    expect(got).toEqual(t(6, 4));
    const all = structuredClone(s);
    all.rds!.devOpsGuru = { enabled: true, coversAll: true, coveredResourceArns: [] };
    expect(tallyOf(all, 'rds.anomalyDetection')).toEqual(t(6, 6));
    const off = structuredClone(s);
    off.rds!.devOpsGuru = { enabled: false, coversAll: true, coveredResourceArns: [instances[0]!.arn] };
    expect(tallyOf(off, 'rds.anomalyDetection')).toEqual(t(6, 2));
  });

  it('rds.ioAlarms: an alerting alarm on an RDS I/O metric of the instance or its cluster', () => {
    const alarm = (name: string, metricName: string, dims: Record<string, string>, o = {}) =>
      aMetricAlarm({ name, namespace: 'AWS/RDS', metricName, dimensions: dims, ...o });
    const s = aSnapshot({
      rds: {
        instances: [
          db({ dbInstanceId: 'a' }),
          db({ dbInstanceId: 'b' }),
          db({ dbInstanceId: 'c', clusterId: 'cl' }),
          db({ dbInstanceId: 'd' }),
          db({ dbInstanceId: 'e' }),
        ],
      },
      cloudwatch: {
        metricAlarms: [
          alarm('a', 'ReadIOPS', { DBInstanceIdentifier: 'a' }),
          alarm('b', 'CPUUtilization', { DBInstanceIdentifier: 'b' }),
          alarm('c', 'DiskQueueDepth', { DBClusterIdentifier: 'cl' }),
          alarm('d', 'WriteLatency', { DBInstanceIdentifier: 'd' }, { hasActions: false }),
          { ...alarm('e', 'BurstBalance', { DBInstanceIdentifier: 'e' }), namespace: 'AWS/EBS' },
        ],
      },
    });
    expect(tallyOf(s, 'rds.ioAlarms')).toEqual(t(5, 2));
  });
});

describe('serverless measures', () => {
  const inv = (name: string, values: (number | null)[]): MetricSummary => ({
    ...aMetricSummary({
      namespace: 'AWS/Lambda',
      metricName: 'Invocations',
      dimensions: { FunctionName: name },
      stat: 'Sum',
      periodSeconds: 86400,
    }),
    sum: values.reduce<number>((a, v) => a + (v ?? 0), 0),
  });
  const fnArn = (n: string) => aLambdaFunction({ functionName: n }).arn;

  it('subject.functions, lambda.memoryAdjusted and lambda.optimized', () => {
    const s = withMetrics(
      aSnapshot({
        lambda: {
          functions: [
            aLambdaFunction({ functionName: 'a', memoryMiB: 128 }),
            aLambdaFunction({ functionName: 'b', memoryMiB: 129 }),
            aLambdaFunction({ functionName: 'c' }),
            aLambdaFunction({ functionName: 'd' }),
            aLambdaFunction({ functionName: 'idle' }),
            aLambdaFunction({ functionName: 'unmeasured' }),
          ],
        },
        computeOptimizer: {
          enrollmentStatus: 'active',
          recommendations: [
            aRecommendation({
              kind: 'lambda',
              resourceArn: fnArn('a'),
              resourceId: 'x',
              finding: 'Optimized',
            }),
            aRecommendation({
              kind: 'lambda',
              resourceArn: `${fnArn('b')}:$LATEST`,
              resourceId: 'y',
              finding: 'Optimized',
            }),
            aRecommendation({ kind: 'lambda', resourceArn: 'z', resourceId: 'c', finding: 'NotOptimized' }),
            aRecommendation({ kind: 'ec2', resourceArn: fnArn('d'), resourceId: 'd', finding: 'Optimized' }),
            aRecommendation({
              kind: 'lambda',
              resourceArn: `${fnArn('d')}x`,
              resourceId: 'dd',
              finding: 'Optimized',
            }),
          ],
        },
      }),
      inv('a', [1]),
      inv('b', [2]),
      inv('c', [3]),
      inv('d', [4]),
      inv('idle', [0]),
    );
    expect(tallyOf(s, 'subject.functions')).toEqual(t(6, 6));
    expect(tallyOf(s, 'lambda.memoryAdjusted')).toEqual(t(5, 3, 1));
    expect(tallyOf(s, 'lambda.optimized')).toEqual(t(5, 2, 1));
    const notEnrolled = structuredClone(s);
    notEnrolled.computeOptimizer!.enrollmentStatus = 'Inactive';
    expect(tallyOf(notEnrolled, 'lambda.optimized')).toEqual(t(5, 0, 1));
    const noCo = structuredClone(s);
    delete noCo.computeOptimizer;
    noCo.services = noCo.services.filter((x) => x !== 'computeoptimizer');
    expect(tallyOf(noCo, 'lambda.memoryAdjusted')).toEqual(t(5, 3, 1));
  });

  it('reads the Invocations series at the key the collector stores', () => {
    expect(lambdaInvocationsKey('f')).toBe(
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Invocations',
        dimensions: { FunctionName: 'f' },
        stat: 'Sum',
        periodSeconds: 86400,
      }),
    );
  });
});

describe('storage measures', () => {
  it('storage: new volumes, gp3 migration, no gp2, no legacy (EBS and RDS storage, Aurora left out)', () => {
    const vol = (id: string, volumeType: string, createTime: string | undefined) =>
      anEbsVolume({ volumeId: id, volumeType, createTime });
    const s = aSnapshot({
      collectedAt: '2025-06-15T06:00:00.000Z',
      ebs: {
        volumes: [
          vol('v1', 'gp3', '2025-06-01T00:00:00.000Z'), // recent, modern
          vol('v2', 'GP2', '2025-06-01T00:00:00.000Z'), // recent, legacy
          vol('v3', 'io2', '2025-03-17T06:00:00.000Z'), // exactly 90 days before: recent, modern
          vol('v4', 'st1', '2025-03-17T05:59:59.999Z'), // just older: not recent
          vol('v5', 'sc1', undefined), // no create time
          vol('v6', 'io1', 'not a date'),
          vol('v7', 'standard', '2025-06-10T00:00:00.000Z'), // recent, magnetic
        ],
      },
      rds: {
        instances: [
          anRdsInstance({ dbInstanceId: 'a', storageType: 'gp2' }),
          anRdsInstance({ dbInstanceId: 'b', storageType: 'gp3' }),
          anRdsInstance({ dbInstanceId: 'c', storageType: 'aurora-iopt1', engine: 'aurora-mysql' }),
          anRdsInstance({ dbInstanceId: 'd', storageType: undefined, engine: 'Aurora-PostgreSQL' }),
          anRdsInstance({ dbInstanceId: 'e', storageType: undefined, engine: 'mysql' }),
          anRdsInstance({ dbInstanceId: 'f', storageType: 'IO1' }),
        ],
      },
    });
    expect(tallyOf(s, 'subject.storage')).toEqual(t(13, 13));
    expect(tallyOf(s, 'storage.newModern')).toEqual(t(4, 2));
    // gp2/gp3: v1, v2, a, b.
    expect(tallyOf(s, 'storage.gp3Migration')).toEqual(t(4, 2));
    // Types: 7 volumes + a, b, e (''), f: 11; gp2: v2, a.
    expect(tallyOf(s, 'storage.noGp2')).toEqual(t(11, 9));
    // Legacy: v2 (gp2), v6 (io1), v7 (standard), a (gp2), f (io1).
    expect(tallyOf(s, 'storage.noLegacy')).toEqual(t(11, 6));
    const badClock = { ...s, collectedAt: 'never' };
    expect(tallyOf(badClock, 'storage.newModern')).toEqual(t(0, 0));
  });
});

describe('monitoring measures', () => {
  const LB = 'app/web/0123456789abcdef';
  const alb = (lb: string) => ({
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    dimensions: { LoadBalancer: lb },
  });
  const sloOn = (name: string, lb: string) =>
    aServiceLevelObjective({
      name,
      sliMetrics: [{ ...alb(lb), stat: 'p99' }],
    } as never);

  it('per entry point: latency alarm, percentile or SLO, SLO, anomaly or multi-window burn rate', () => {
    const s = aSnapshot({
      cloudwatch: {
        latencyMetrics: [alb(LB), alb('app/b/1'), alb('app/c/1'), alb('app/d/1')],
        metricAlarms: [
          aMetricAlarm(), // LB: p99, alerting
          aMetricAlarm({
            name: 'b-avg',
            dimensions: { LoadBalancer: 'app/b/1' },
            extendedStatistic: undefined,
            statistic: 'Average',
          }),
          aMetricAlarm({ name: 'c-silent', dimensions: { LoadBalancer: 'app/c/1' }, hasActions: false }),
          aMetricAlarm({
            name: 'd-anomaly',
            dimensions: { LoadBalancer: 'app/d/1' },
            extendedStatistic: undefined,
            statistic: 'Average',
            anomalyDetection: true,
          }),
          aBurnRateAlarm('c-slo'),
          aBurnRateAlarm('c-slo', {
            name: 'c-5m',
            dimensions: { SloName: 'c-slo', BurnRateWindowMinutes: '5' },
          }),
          aBurnRateAlarm('b-slo'),
        ],
        slos: [
          sloOn('c-slo', 'app/c/1'),
          sloOn('b-slo', 'app/b/1'),
          aServiceLevelObjective({ name: 'lonely' }),
        ],
      },
    });
    // Alerting alarms on latency: LB, b (average), d (anomaly); c's alarm has no action.
    expect(tallyOf(s, 'entryPoints.latencyAlarm')).toEqual(t(4, 3));
    // p95+ alerting alarm: LB; an SLO: b, c.
    expect(tallyOf(s, 'entryPoints.percentileOrSlo')).toEqual(t(4, 3));
    expect(tallyOf(s, 'entryPoints.latencySlo')).toEqual(t(4, 2));
    // Anomaly alarm: d; multi-window burn rate: c (60 and 5 min); b has one window only.
    expect(tallyOf(s, 'entryPoints.anomalyOrMultiWindow')).toEqual(t(4, 2));
    expect(tallyOf(s, 'slos.exist')).toEqual(t(3, 3));
    // Burn-rate alarms with actions: c-slo, b-slo.
    expect(tallyOf(s, 'slos.burnRate')).toEqual(t(3, 2));
  });

  it('no CloudWatch slice: nothing; SLOs not listed: none counted', () => {
    const s = aSnapshot({ services: ['ec2'] });
    for (const id of [
      'entryPoints.latencyAlarm',
      'entryPoints.percentileOrSlo',
      'slos.exist',
      'slos.burnRate',
    ])
      expect(tallyOf(s, id), id).toEqual(t(0, 0));
  });
});

describe('network measures', () => {
  it('per VPC with a NAT route: gateway endpoints, the major interface endpoints, both', () => {
    const vpc = (id: string) => aVpc({ vpcId: id });
    const rt = (id: string, nat = true) =>
      aRouteTable({ routeTableId: `rtb-${id}`, vpcId: id, routesToNatGateway: nat });
    const gw = (svc: string, id: string) =>
      aVpcEndpoint(svc, { vpcEndpointId: `vpce-${svc}-${id}`, vpcId: id, routeTableIds: [`rtb-${id}`] });
    const ifc = (svc: string, id: string) =>
      aVpcEndpoint(svc, { vpcEndpointId: `vpce-${svc}-${id}`, vpcId: id });
    const s = aSnapshot({
      vpc: {
        vpcs: ['gw', 'ifc', 'all', 'none', 'public'].map(vpc),
        routeTables: [rt('gw'), rt('ifc'), rt('all'), rt('none'), rt('public', false)],
        endpoints: [
          gw('s3', 'gw'),
          gw('dynamodb', 'gw'),
          ...['logs', 'monitoring', 'sts'].map((x) => ifc(x, 'ifc')),
          gw('s3', 'all'),
          gw('dynamodb', 'all'),
          ...['logs', 'monitoring', 'sts'].map((x) => ifc(x, 'all')),
          gw('s3', 'none'),
          ifc('logs', 'none'),
        ],
      },
    });
    expect(tallyOf(s, 'vpc.gatewayEndpoints')).toEqual(t(4, 2));
    expect(tallyOf(s, 'vpc.majorInterfaceEndpoints')).toEqual(t(4, 2));
    expect(tallyOf(s, 'vpc.allEndpoints')).toEqual(t(4, 1));
  });

  it('counts nothing without a VPC slice', () => {
    const s = aSnapshot({ services: ['ec2'] });
    expect(tallyOf(s, 'vpc.gatewayEndpoints')).toEqual(t(0, 0));
  });
});

describe('measures: survivors of the 2026-12-06 run', () => {
  it('measure() names an unknown id; seriesSum uses the sum, else mean x datapoints, else 0', () => {
    expect(() => measure('no.such')).toThrow("unknown maturity measure 'no.such'");
    expect(measure('ec2.inGroup').id).toBe('ec2.inGroup');
    const base = aMetricSummary();
    expect(seriesSum({ ...base, sum: 7 })).toBe(7);
    expect(seriesSum({ ...base, sum: undefined, mean: 2, datapoints: 4 })).toBe(8);
    expect(seriesSum({ ...base, sum: undefined, mean: undefined, datapoints: 4 })).toBe(0);
  });

  it('lambda.optimized: enrolled means exactly "active"; a recommendation matched by the function name', () => {
    const inv = (name: string): MetricSummary => ({
      ...aMetricSummary({
        namespace: 'AWS/Lambda',
        metricName: 'Invocations',
        dimensions: { FunctionName: name },
        stat: 'Sum',
        periodSeconds: 86400,
      }),
      sum: 5,
    });
    const s = (status: string) =>
      withMetrics(
        aSnapshot({
          lambda: { functions: [aLambdaFunction({ functionName: 'f' })] },
          computeOptimizer: {
            enrollmentStatus: status,
            recommendations: [
              aRecommendation({
                kind: 'lambda',
                resourceArn: 'arn:x',
                resourceId: 'f',
                finding: 'Optimized',
              }),
            ],
          },
        }),
        inv('f'),
      );
    expect(tallyOf(s('Active'), 'lambda.optimized')).toEqual(t(1, 1));
    expect(tallyOf(s('Activeish'), 'lambda.optimized')).toEqual(t(1, 0));
  });

  it('storage.gp3Migration counts the gp3 ones among gp2 and gp3', () => {
    const s = aSnapshot({
      ebs: {
        volumes: ['gp3', 'gp2', 'gp2', 'io2'].map((volumeType, n) =>
          anEbsVolume({ volumeId: `v${n}`, volumeType }),
        ),
      },
      rds: { instances: [] },
    });
    expect(tallyOf(s, 'storage.gp3Migration')).toEqual(t(3, 1));
  });

  it('rds.performanceInsights: a cluster with Performance Insights off does not count', () => {
    const s = aSnapshot({
      rds: {
        instances: [
          anRdsInstance({ dbInstanceId: 'e', performanceInsightsEnabled: false, clusterId: 'nopi' }),
        ],
        clusters: [anRdsCluster({ clusterId: 'nopi', performanceInsightsEnabled: false })],
      },
    });
    expect(tallyOf(s, 'rds.performanceInsights')).toEqual(t(1, 0));
  });

  it('rds alarms: a cluster alarm covers only its own cluster; one RDS metric of several is enough', () => {
    const instances = [
      anRdsInstance({ dbInstanceId: 'in-cl', clusterId: 'cl' }),
      anRdsInstance({ dbInstanceId: 'other-cl', clusterId: 'other' }),
      anRdsInstance({ dbInstanceId: 'multi' }),
    ];
    const io = (name: string, dims: Record<string, string>, o = {}) =>
      aMetricAlarm({
        name,
        namespace: 'AWS/RDS',
        metricName: 'ReadLatency',
        dimensions: dims,
        extendedStatistic: undefined,
        statistic: 'Average',
        ...o,
      });
    const math = aMetricAlarm({
      name: 'math',
      namespace: undefined,
      metricName: undefined,
      metrics: [
        { namespace: 'AWS/RDS', metricName: 'ReadIOPS', dimensions: { DBInstanceIdentifier: 'multi' } },
        { namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: { InstanceId: 'i-1' } },
      ],
    } as never);
    const s = aSnapshot({
      rds: { instances, devOpsGuru: { enabled: false, coversAll: false, coveredResourceArns: [] } },
      cloudwatch: { metricAlarms: [io('cl', { DBClusterIdentifier: 'cl' }), math] },
    });
    expect(tallyOf(s, 'rds.ioAlarms')).toEqual(t(3, 2));
    const anomaly = aSnapshot({
      rds: { instances, devOpsGuru: { enabled: false, coversAll: false, coveredResourceArns: [] } },
      cloudwatch: {
        metricAlarms: [
          io('cl', { DBClusterIdentifier: 'cl' }, { anomalyDetection: true }),
          { ...math, anomalyDetection: true },
          io('plain', { DBInstanceIdentifier: 'other-cl' }),
        ],
      },
    });
    expect(tallyOf(anomaly, 'rds.anomalyDetection')).toEqual(t(3, 2));
  });

  it('alarms count through a composite alarm with actions', () => {
    const child = aMetricAlarm({
      name: 'db-read-latency',
      namespace: 'AWS/RDS',
      metricName: 'ReadLatency',
      dimensions: { DBInstanceIdentifier: 'db' },
      extendedStatistic: undefined,
      statistic: 'Average',
      anomalyDetection: true,
      hasActions: false,
    });
    const s = aSnapshot({
      rds: {
        instances: [anRdsInstance({ dbInstanceId: 'db' })],
        devOpsGuru: { enabled: false, coversAll: false, coveredResourceArns: [] },
      },
      cloudwatch: {
        metricAlarms: [child],
        compositeAlarms: [aCompositeAlarm({ rule: 'ALARM("db-read-latency")' })],
      },
    });
    expect(tallyOf(s, 'rds.anomalyDetection')).toEqual(t(1, 1));
    expect(tallyOf(s, 'rds.ioAlarms')).toEqual(t(1, 1));
    const slo = aServiceLevelObjective({ name: 'checkout-latency' });
    const burn = aBurnRateAlarm('checkout-latency', { hasActions: false, name: 'burn' });
    const w = aSnapshot({
      cloudwatch: {
        slos: [slo],
        metricAlarms: [burn],
        compositeAlarms: [aCompositeAlarm({ rule: 'ALARM("burn")' })],
      },
    });
    expect(tallyOf(w, 'slos.burnRate')).toEqual(t(1, 1));
  });

  it('CloudFront: Requests without datapoints count when additional metrics are on; a hit series without a mean is not measured', () => {
    const reqs = (id: string, values: (number | null)[]) =>
      aCloudFrontMetricSummary(id, 'Requests', 'Sum', values);
    const noMean: MetricSummary = {
      ...aCloudFrontMetricSummary('M', 'CacheHitRate', 'Average', [50]),
      mean: undefined,
    };
    const s = withMetrics(
      aSnapshot({
        cloudfront: {
          distributions: [
            aDistribution({ id: 'ON', additionalMetricsEnabled: true }),
            aDistribution({ id: 'M' }),
            aDistribution({ id: 'U', additionalMetricsEnabled: undefined }),
          ],
        },
      }),
      reqs('ON', [null, null]),
      reqs('M', [10]),
      noMean,
      reqs('U', [10]),
    );
    // ON: counted (metrics on), no hit series -> no data; M: hit series without a mean -> not measured; U: no data.
    expect(tallyOf(s, 'caches.inUse')).toEqual(t(3, 3));
    expect(tallyOf(s, 'caches.hitRateMeasured')).toEqual(t(3, 0, 2));
    expect(tallyOf(s, 'cloudfront.staticHitRate')).toEqual(t(3, 0, 2));
  });
});
