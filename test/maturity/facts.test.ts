import { describe, it, expect } from 'vitest';
import type { UnitFacts } from '#lib/model/index.js';
import { FACT_SOURCES, deriveUnitFacts, emptyFacts, mergeFacts } from '#lib/maturity/facts.js';
import {
  aCacheCluster,
  aDb,
  aDistribution,
  aFinding,
  aFunction,
  aGap,
  aGroup,
  aMetric,
  aPolicy,
  aSnapshot,
  aVolume,
  anAlarm,
  anInstance,
  anSlo,
  cacheHitRate,
  cacheHits,
  cpu,
  types,
} from './fixtures.js';

describe('deriveUnitFacts: coverage', () => {
  it('marks every source assessed in a complete unit', () => {
    const f = deriveUnitFacts(aSnapshot(), []);
    expect(f.units).toBe(1);
    for (const s of FACT_SOURCES) expect(f.coverage[s], s).toEqual({ assessed: 1, gaps: 0, notScanned: 0 });
  });

  it('marks a service that was not requested as not scanned', () => {
    const f = deriveUnitFacts(aSnapshot({ services: ['ec2'] }), []);
    expect(f.coverage['ec2.instances']).toEqual({ assessed: 1, gaps: 0, notScanned: 0 });
    expect(f.coverage['rds.instances']).toEqual({ assessed: 0, gaps: 0, notScanned: 1 });
    expect(f.coverage['ec2.memoryMetrics'].notScanned).toBe(1); // needs cloudwatch
  });

  it('counts nothing from a slice with a gap, and records the gap', () => {
    const s = aSnapshot({
      ebs: { volumes: [aVolume('vol-1', 'gp2'), aVolume('vol-2', 'gp3')] },
      gaps: [aGap('ebs', 'ebs.volumes', 'Throttled')],
    });
    const f = deriveUnitFacts(s, []);
    expect(f.coverage['ebs.volumes']).toEqual({ assessed: 0, gaps: 1, notScanned: 0 });
    expect(f.ebs.volumes).toBe(0);
    expect(f.ebs.gp2).toBe(0);
  });

  it('treats a whole-service gap as covering its slices', () => {
    const f = deriveUnitFacts(aSnapshot({ gaps: [aGap('rds', 'rds')] }), []);
    expect(f.coverage['rds.instances'].gaps).toBe(1);
    expect(f.coverage['rds.parameterGroups'].gaps).toBe(1);
    expect(f.coverage['rds.anomalyDetection'].gaps).toBe(1);
  });

  it('treats a requested slice that is missing without a gap as not assessed', () => {
    const f = deriveUnitFacts(aSnapshot({ lambda: undefined }), []);
    expect(f.coverage['lambda.functions'].gaps).toBe(1);
  });

  it('counts global CloudFront only in the global unit', () => {
    const s = aSnapshot({ globalUnit: false, cloudfront: { distributions: [aDistribution('E1')] } });
    const f = deriveUnitFacts(s, []);
    expect(f.coverage['cloudfront.distributions']).toEqual({ assessed: 0, gaps: 0, notScanned: 0 });
    expect(f.cloudfront.distributions).toBe(0);
  });

  it('a metrics gap makes metric-based sources not assessed but leaves resource sources', () => {
    const s = aSnapshot({
      ec2: { instances: [anInstance('i-1')], instanceTypes: types(['m7g.large']), gravitonFamilies: [] },
      metrics: cpu('i-1'),
      gaps: [aGap('metrics', 'metrics', 'Throttled')],
    });
    const f = deriveUnitFacts(s, []);
    expect(f.coverage['ec2.instances'].assessed).toBe(1);
    expect(f.coverage['ec2.cpuMetrics'].gaps).toBe(1);
    expect(f.coverage['cloudfront.hitRateMetrics'].gaps).toBe(1);
    expect(f.ec2.running).toBe(1);
    expect(f.ec2.runningWithCpuData).toBe(0);
  });

  it('a metrics gap on one namespace only affects that namespace', () => {
    const f = deriveUnitFacts(
      aSnapshot({ gaps: [aGap('metrics', 'metrics.AWS/CloudFront', 'Throttled')] }),
      [],
    );
    expect(f.coverage['cloudfront.hitRateMetrics'].gaps).toBe(1);
    expect(f.coverage['ec2.cpuMetrics'].assessed).toBe(1);
  });

  it('SLOs undefined (Application Signals unavailable) is a gap', () => {
    const s = aSnapshot({
      cloudwatch: { metricAlarms: [], compositeAlarms: [], agentMemoryInstanceIds: [] },
    });
    expect(deriveUnitFacts(s, []).coverage['cloudwatch.slos'].gaps).toBe(1);
  });
});

describe('deriveUnitFacts: EC2', () => {
  const snapshot = aSnapshot({
    ec2: {
      instances: [
        anInstance('i-1', 'm7g.large'),
        anInstance('i-2', 'm4.large'),
        anInstance('i-3', 'x9.mystery'),
        anInstance('i-4', 'm7g.large', { state: 'stopped' }),
      ],
      instanceTypes: types(['m7g.large'], ['m4.large']),
      gravitonFamilies: [],
    },
    metrics: { ...cpu('i-1'), ...cpu('i-2', 0) },
    cloudwatch: { metricAlarms: [], compositeAlarms: [], slos: [], agentMemoryInstanceIds: ['i-1', 'i-4'] },
  });
  const findings = [
    aFinding({ checkId: 'ec2-instance-cpu-not-overprovisioned', status: 'fail', resourceId: 'i-1' }),
    aFinding({ checkId: 'ec2-instance-cpu-not-saturated', status: 'fail', resourceId: 'i-2' }),
    aFinding({ checkId: 'ec2-instance-cpu-not-saturated', status: 'unknown', resourceId: 'i-3' }),
    aFinding({ checkId: 'ec2-instance-cpu-not-overprovisioned', status: 'fail', resourceId: 'i-4' }), // stopped
  ];

  it('counts running instances, generations, CPU series and agent memory', () => {
    const f = deriveUnitFacts(snapshot, findings);
    expect(f.ec2).toMatchObject({
      running: 3,
      runningCurrentGeneration: 1,
      runningGenerationUnknown: 1,
      runningCpuAssessed: 3,
      runningWithCpuData: 1,
      runningWithoutCpuData: 1,
      runningCpuUnknown: 1,
      runningWithMemoryMetric: 1,
      runningWithoutMemoryMetric: 2,
    });
  });

  it('counts over/under-provisioned running instances from sizing findings', () => {
    const f = deriveUnitFacts(snapshot, findings);
    expect(f.ec2.overProvisioned).toBe(1);
    expect(f.ec2.underProvisioned).toBe(1);
    expect(f.ec2.sizingUnknown).toBe(1);
  });

  it('ignores suppressed findings (the owner accepted the state)', () => {
    const suppressed = findings.map((x) => ({
      ...x,
      suppressedBy: { checkId: '*', resource: '*', reason: 'r', owner: 'o', expires: '2099-01-01' },
    }));
    const f = deriveUnitFacts(snapshot, suppressed);
    expect(f.ec2.overProvisioned + f.ec2.underProvisioned + f.ec2.sizingUnknown).toBe(0);
  });

  it('a unit-wide unknown sizing result makes every non-failing running instance unknown', () => {
    const f = deriveUnitFacts(snapshot, [
      aFinding({ checkId: 'ec2-instance-cpu-not-overprovisioned', status: 'unknown', resourceId: '*' }),
    ]);
    expect(f.ec2.sizingUnknown).toBe(3);
  });
});

describe('deriveUnitFacts: EBS and RDS', () => {
  it('counts volumes by type and recent legacy volumes', () => {
    const s = aSnapshot({
      ebs: {
        volumes: [
          aVolume('v1', 'gp2', { createTime: '2024-01-01T00:00:00Z' }),
          aVolume('v2', 'gp2', { createTime: '2025-05-20T00:00:00Z' }),
          aVolume('v3', 'gp3'),
          aVolume('v4', 'io1'),
          aVolume('v5', 'io2'),
          aVolume('v6', 'standard'),
          aVolume('v7', 'st1'),
          aVolume('v8', 'sc1', { createTime: undefined }),
        ],
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.ebs).toMatchObject({
      volumes: 8,
      gp2: 2,
      gp3: 1,
      io1: 1,
      io2: 1,
      standard: 1,
      hdd: 2,
      otherType: 0,
    });
    expect(f.ebs.recent).toBe(6); // all but v1 (too old) and v8 (no time)
    expect(f.ebs.recentLegacy).toBe(3); // v2 gp2, v4 io1, v6 standard
    expect(f.ebs.createTimeUnknown).toBe(1);
  });

  it('counts RDS storage types, Performance Insights and production tags', () => {
    const s = aSnapshot({
      rds: {
        instances: [
          aDb('a', 'mysql', {
            storageType: 'gp2',
            performanceInsightsEnabled: true,
            tags: { Environment: 'production' },
          }),
          aDb('b', 'postgres', { storageType: 'io1', tags: { env: 'prod' } }),
          aDb('c', 'aurora-mysql', { storageType: undefined, databaseInsightsMode: 'advanced' }),
          aDb('d', 'oracle-ee', { storageType: 'standard' }),
        ],
        clusters: [],
        parameterGroups: {},
        proxies: [],
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.rds).toMatchObject({
      instances: 4,
      storageGp2: 1,
      storageIo1: 1,
      storageAurora: 1,
      storageStandard: 1,
      withPerformanceInsights: 2,
      production: 2,
      productionWithPerformanceInsights: 1,
    });
    // devOpsGuru undefined: anomaly detection not assessed
    expect(f.coverage['rds.anomalyDetection'].gaps).toBe(1);
  });

  it('reads the slow query log from instance and cluster parameter groups', () => {
    const s = aSnapshot({
      rds: {
        instances: [
          aDb('my-on', 'mysql'),
          aDb('my-off', 'mariadb'),
          aDb('pg-on', 'postgres'),
          aDb('pg-off', 'postgres'),
          aDb('pg-default', 'postgres'),
          aDb('aur', 'aurora-mysql', { clusterId: 'cl1' }),
          aDb('missing', 'mysql', { parameterGroups: ['not-collected'] }),
          aDb('ora', 'oracle-ee'),
        ],
        clusters: [
          {
            clusterId: 'cl1',
            arn: 'arn:cl1',
            engine: 'aurora-mysql',
            members: [],
            clusterParameterGroup: 'clpg',
            enabledCloudwatchLogsExports: [],
            tags: {},
          },
        ],
        parameterGroups: {
          'instance:my-on-params': {
            name: 'my-on-params',
            kind: 'instance',
            parameters: { slow_query_log: '1', long_query_time: '2' },
          },
          'instance:my-off-params': {
            name: 'my-off-params',
            kind: 'instance',
            parameters: { slow_query_log: '0' },
          },
          'instance:pg-on-params': {
            name: 'pg-on-params',
            kind: 'instance',
            parameters: { log_min_duration_statement: '500' },
          },
          'instance:pg-off-params': {
            name: 'pg-off-params',
            kind: 'instance',
            parameters: { log_min_duration_statement: '-1' },
          },
          'instance:pg-default-params': { name: 'pg-default-params', kind: 'instance', parameters: {} },
          'instance:aur-params': { name: 'aur-params', kind: 'instance', parameters: {} },
          'cluster:clpg': { name: 'clpg', kind: 'cluster', parameters: { slow_query_log: 'ON' } },
        },
        proxies: [],
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.rds.slowLogEligible).toBe(7);
    expect(f.rds.slowLogOn).toBe(3); // my-on, pg-on, aur (cluster group)
    expect(f.rds.slowLogUnknown).toBe(1); // missing
  });

  it('counts DevOps Guru and anomaly-alarm coverage', () => {
    const s = aSnapshot({
      rds: {
        instances: [aDb('a', 'mysql', { tags: { stage: 'prod' } }), aDb('b'), aDb('c')],
        clusters: [],
        parameterGroups: {},
        proxies: [],
        devOpsGuru: {
          enabled: true,
          coveredResourceArns: ['arn:aws:rds:eu-west-1:111122223333:db:a'],
          coversAll: false,
        },
      },
      cloudwatch: {
        metricAlarms: [
          anAlarm('db-b', {
            namespace: 'AWS/RDS',
            metricName: 'ReadLatency',
            anomalyDetection: true,
            dimensions: { DBInstanceIdentifier: 'b' },
          }),
        ],
        compositeAlarms: [],
        slos: [],
        agentMemoryInstanceIds: [],
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.rds).toMatchObject({
      devOpsGuruEnabled: 1,
      anomalyCovered: 2,
      anomalyUncovered: 1,
      productionAnomalyCovered: 1,
      productionAnomalyUncovered: 0,
    });
  });
});

describe('deriveUnitFacts: caches', () => {
  it('reads CloudFront CacheHitRate per distribution', () => {
    const s = aSnapshot({
      cloudfront: {
        distributions: [
          aDistribution('E1'), // static, 97%
          aDistribution('E2', { staticContent: false }), // dynamic, 85%
          aDistribution('E3'), // static, 90%
          aDistribution('E4', { additionalMetricsEnabled: false }), // not measured
          aDistribution('E5', { additionalMetricsEnabled: undefined }), // unknown
          aDistribution('E6', { enabled: false }),
        ],
      },
      metrics: { ...cacheHitRate('E1', 97), ...cacheHitRate('E2', 85), ...cacheHitRate('E3', 90) },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.cloudfront).toEqual({
      distributions: 5,
      static: 4,
      hitRateMeasured: 3,
      hitRateNotMeasured: 1,
      hitRateIdle: 0,
      hitRateWithData: 3,
      hitRateAtLeast80: 3,
      staticMeasured: 2,
      staticNotMeasured: 1,
      staticIdle: 0,
      staticWithData: 2,
      staticAtLeast95: 1,
    });
  });

  it('a distribution without hit-rate data is not measured when it served requests, idle when it served none', () => {
    const requests = (id: string, sum: number) =>
      aMetric('AWS/CloudFront', 'Requests', { DistributionId: id, Region: 'Global' }, 'Sum', 86400, {
        sum,
        datapoints: sum > 0 ? 14 : 0,
      });
    const s = aSnapshot({
      cloudfront: {
        distributions: [
          aDistribution('BUSY', { additionalMetricsEnabled: undefined }),
          aDistribution('IDLE', { additionalMetricsEnabled: undefined }),
        ],
      },
      metrics: {
        ...cacheHitRate('BUSY', undefined, 0),
        ...requests('BUSY', 5000),
        ...cacheHitRate('IDLE', undefined, 0),
        ...requests('IDLE', 0),
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.cloudfront).toMatchObject({
      hitRateMeasured: 0,
      hitRateNotMeasured: 1,
      hitRateIdle: 1,
      staticIdle: 1,
    });
  });

  it('a cloudfront.metrics gap (CloudFront metrics not read outside us-east-1) leaves hit rates not assessed', () => {
    const s = aSnapshot({
      cloudfront: { distributions: [aDistribution('E1')] },
      gaps: [aGap('cloudfront', 'cloudfront.metrics', 'NotSupported')],
    });
    const f = deriveUnitFacts(s, []);
    expect(f.coverage['cloudfront.distributions'].assessed).toBe(1);
    expect(f.coverage['cloudfront.hitRateMetrics'].gaps).toBe(1);
  });

  it('reads ElastiCache hits and misses (Memcached: GetHits/GetMisses)', () => {
    const s = aSnapshot({
      elasticache: {
        clusters: [
          aCacheCluster('good'),
          aCacheCluster('bad'),
          aCacheCluster('mc', 'memcached'),
          aCacheCluster('idle'),
          aCacheCluster('nodata'),
        ],
        replicationGroups: [],
      },
      metrics: {
        ...cacheHits('good', 900, 100),
        ...cacheHits('bad', 100, 900),
        ...cacheHits('mc', 85, 15, true),
        ...cacheHits('idle', 0, 0),
      },
    });
    const f = deriveUnitFacts(s, []);
    // idle: series present, 0 datapoints -> not measured; nodata: series absent -> unknown
    expect(f.elasticache).toEqual({
      clusters: 5,
      hitMeasured: 3,
      hitNotMeasured: 1,
      hitWithTraffic: 3,
      hitAtLeast80: 2,
    });
  });

  it('counts serverless caches from their clusterId series, with the engine metric names', () => {
    const serverless = (id: string, engine: string) => ({
      replicationGroupId: id,
      arn: `arn:aws:elasticache:eu-west-1:111122223333:serverlesscache:${id}`,
      engine,
      memberClusters: [],
      serverless: true,
    });
    const sum = (id: string, metricName: string, value: number) =>
      aMetric('AWS/ElastiCache', metricName, { clusterId: id }, 'Sum', 86400, { sum: value });
    const s = aSnapshot({
      elasticache: {
        clusters: [],
        replicationGroups: [serverless('api', 'valkey'), serverless('pages', 'memcached')],
      },
      metrics: {
        ...sum('api', 'CacheHits', 900),
        ...sum('api', 'CacheMisses', 100),
        ...sum('pages', 'GetHits', 500),
        ...sum('pages', 'GetMisses', 500),
        // Valkey names on a Memcached cache are not read.
        ...sum('pages', 'CacheHits', 1000),
        ...sum('pages', 'CacheMisses', 0),
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.elasticache).toEqual({
      clusters: 2,
      hitMeasured: 2,
      hitNotMeasured: 0,
      hitWithTraffic: 2,
      hitAtLeast80: 1,
    });
    const gapped = deriveUnitFacts(
      { ...s, gaps: [aGap('elasticache', 'elasticache.replicationGroups.serverless')] },
      [],
    );
    expect(gapped.coverage['elasticache.clusters'].gaps).toBe(1);
  });
});

describe('deriveUnitFacts: VPC, Lambda, Auto Scaling, alarms, Compute Optimizer', () => {
  it('finds private VPCs and their endpoints', () => {
    const ep = (id: string, vpcId: string, svc: string, type = 'Interface') => ({
      vpcEndpointId: id,
      vpcId,
      serviceName: `com.amazonaws.eu-west-1.${svc}`,
      type,
      state: 'available',
      routeTableIds: [],
    });
    const rt = (id: string, vpcId: string, nat: boolean) => ({
      routeTableId: id,
      vpcId,
      subnetIds: [],
      main: false,
      routesToInternetGateway: !nat,
      routesToNatGateway: nat,
      gatewayEndpointIds: [],
    });
    const s = aSnapshot({
      vpc: {
        vpcs: ['a', 'b', 'c'].map((v) => ({ vpcId: v, arn: `arn:${v}`, isDefault: false, tags: {} })),
        routeTables: [rt('r1', 'a', true), rt('r2', 'b', true), rt('r3', 'c', false)],
        natGateways: [],
        endpoints: [
          ep('e1', 'a', 's3', 'Gateway'),
          ep('e2', 'a', 'dynamodb', 'Gateway'),
          ep('e3', 'a', 'logs'),
          ep('e4', 'a', 'monitoring'),
          ep('e5', 'a', 'sts'),
          ep('e6', 'b', 's3', 'Gateway'),
          ep('e7', 'c', 'logs'),
        ],
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.vpc).toEqual({
      vpcs: 3,
      privateVpcs: 2,
      privateWithS3Gateway: 2,
      privateWithDynamoDbGateway: 1,
      privateWithBothGateways: 1,
      privateWithMajorInterfaceEndpoints: 1,
      privateWithAllEndpoints: 1,
      gatewayEndpoints: 3,
      interfaceEndpoints: 4,
    });
  });

  it('counts Lambda memory, architecture, provisioned concurrency and Compute Optimizer findings', () => {
    const s = aSnapshot({
      lambda: {
        functions: [
          aFunction('a', { memoryMiB: 128, architectures: ['x86_64'] }),
          aFunction('b', { memoryMiB: 128 }),
          aFunction('c', { provisionedConcurrency: [{ qualifier: 'live', allocated: 5, requested: 5 }] }),
          aFunction('d', { provisionedConcurrency: [], snapStart: 'PublishedVersions' }),
        ],
      },
      computeOptimizer: {
        enrollmentStatus: 'Active',
        recommendations: [
          {
            kind: 'lambda',
            resourceArn: 'arn:aws:lambda:eu-west-1:111122223333:function:b:$LATEST',
            resourceId: 'b',
            finding: 'Optimized',
            reasons: [],
          },
          {
            kind: 'lambda',
            resourceArn: 'arn:aws:lambda:eu-west-1:111122223333:function:c',
            resourceId: 'c',
            finding: 'NotOptimized',
            reasons: ['MemoryOverprovisioned'],
          },
          {
            kind: 'lambda',
            resourceArn: 'arn:aws:lambda:eu-west-1:111122223333:function:d',
            resourceId: 'd',
            finding: 'Unavailable',
            reasons: [],
          },
        ],
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.lambda).toEqual({
      functions: 4,
      at128: 2,
      at128NotOptimized: 1,
      arm64: 3,
      coOptimized: 1,
      coNotOptimized: 1,
      coUnavailable: 2,
      withProvisionedConcurrency: 1,
      provisionedConcurrencyKnown: 2,
      withSnapStart: 1,
    });
    expect(f.computeOptimizer.lambda).toMatchObject({ optimized: 1, notOptimized: 1, unavailable: 1 });
  });

  it('takes provisioned concurrency from its utilization metric when the function record does not list it', () => {
    const pcUse = (name: string, datapoints: number) =>
      aMetric('AWS/Lambda', 'ProvisionedConcurrencyUtilization', { FunctionName: name }, 'Maximum', 3600, {
        datapoints,
        ...(datapoints > 0 ? { max: 0.8 } : {}),
      });
    const s = aSnapshot({
      lambda: { functions: [aFunction('hot'), aFunction('idle'), aFunction('unmeasured')] },
      metrics: { ...pcUse('hot', 120), ...pcUse('idle', 0) },
    });
    expect(deriveUnitFacts(s, []).lambda).toMatchObject({
      functions: 3,
      withProvisionedConcurrency: 1,
      provisionedConcurrencyKnown: 1,
    });
  });

  it('classifies Auto Scaling groups, predictive scaling, cyclic groups and scalable targets', () => {
    const s = aSnapshot({
      autoscaling: {
        groups: [
          aGroup('web'),
          aGroup('fixed', { minSize: 2, maxSize: 2 }),
          aGroup('batch'),
          aGroup('none'),
          aGroup('fo'),
        ],
        policies: [
          aPolicy('web'),
          aPolicy('web', 'PredictiveScaling', { predictiveMode: 'ForecastAndScale' }),
          aPolicy('fixed'),
          aPolicy('batch', 'StepScaling'),
          aPolicy('none', 'StepScaling', { enabled: false }),
          aPolicy('fo', 'PredictiveScaling', { predictiveMode: 'ForecastOnly' }),
          {
            namespace: 'ecs',
            resourceId: 'service/c/api',
            policyName: 'p',
            policyType: 'TargetTrackingScaling',
          },
        ],
        scheduledActions: [{ namespace: 'asg', resourceId: 'web', name: 'morning', recurrence: '0 7 * * *' }],
        scalableTargets: [
          {
            namespace: 'ecs',
            resourceId: 'service/c/api',
            scalableDimension: 'ecs:service:DesiredCount',
            minCapacity: 1,
            maxCapacity: 4,
          },
          {
            namespace: 'dynamodb',
            resourceId: 'table/t',
            scalableDimension: 'dynamodb:table:ReadCapacityUnits',
            minCapacity: 5,
            maxCapacity: 50,
          },
        ],
      },
    });
    const findings = [
      aFinding({
        checkId: 'autoscaling-group-predictive-scaling-cyclic',
        service: 'autoscaling',
        status: 'fail',
        resourceId: 'batch',
      }),
      aFinding({
        checkId: 'autoscaling-group-predictive-scaling-cyclic',
        service: 'autoscaling',
        status: 'unknown',
        resourceId: 'none',
      }),
    ];
    const f = deriveUnitFacts(s, findings);
    expect(f.autoscaling).toEqual({
      groups: 5,
      groupsWithPolicy: 3, // web, fixed, batch (none: disabled; fo: ForecastOnly does not scale)
      groupsScaling: 2, // web, batch
      groupsFixed: 1,
      groupsPredictive: 1,
      groupsPredictiveForecastOnly: 1,
      cyclicGroups: 2, // web (recurring schedule), batch (finding)
      cyclicGroupsWithPredictive: 1,
      cyclicUnknown: 1, // none: its predictive-scaling check answered unknown
      scalableTargets: 2,
      scalableTargetsWithPolicy: 1,
    });
  });

  it('classifies alarms and SLOs', () => {
    const s = aSnapshot({
      cloudwatch: {
        metricAlarms: [
          anAlarm('lat-avg'),
          anAlarm('lat-p99', { statistic: undefined, extendedStatistic: 'p99' }),
          anAlarm('lat-p90', { statistic: undefined, extendedStatistic: 'p90' }),
          anAlarm('cpu', { namespace: 'AWS/EC2', metricName: 'CPUUtilization' }),
          anAlarm('anom', {
            anomalyDetection: true,
            metricMath: true,
            metricName: undefined,
            mathMetricNames: ['Duration'],
          }),
          anAlarm('burn', { namespace: 'AWS/ApplicationSignals', metricName: 'BurnRate', dimensions: { SloName: 'a' } }),
          anAlarm('ebs', { namespace: 'AWS/EBS', metricName: 'VolumeQueueLength' }),
          anAlarm('rds-iops', { namespace: 'AWS/RDS', metricName: 'ReadIOPS' }),
        ],
        compositeAlarms: [{ name: 'c', arn: 'arn:c', rule: 'ALARM(cpu)' }],
        slos: [anSlo('a'), anSlo('b', { metricType: 'AVAILABILITY', burnRateWindowsMinutes: [] })],
        agentMemoryInstanceIds: [],
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.cloudwatch).toEqual({
      metricAlarms: 8,
      compositeAlarms: 1,
      latencyAlarms: 4, // lat-avg, lat-p99, lat-p90, anom (Duration)
      cpuAlarms: 1,
      averageAlarms: 3, // lat-avg, cpu, anom (Average default in builder)
      percentileAlarms: 1,
      latencyPercentileAlarms: 1,
      anomalyAlarms: 1,
      burnRateAlarms: 1,
      ioAlarms: 2,
      slos: 2,
      latencySlos: 1,
      slosWithBurnRateWindows: 1,
      slosTypeUnknown: 0,
    });
  });

  it('reads the alarm gap slice the collector records, and scalable-target policy sub-slice gaps', () => {
    const f = deriveUnitFacts(
      aSnapshot({
        gaps: [
          aGap('cloudwatch', 'cloudwatch.alarms'),
          aGap('autoscaling', 'autoscaling.scalableTargets.policies'),
        ],
      }),
      [],
    );
    expect(f.coverage['cloudwatch.alarms'].gaps).toBe(1);
    expect(f.coverage['autoscaling.scalableTargets'].gaps).toBe(1);
    expect(f.coverage['autoscaling.groups'].assessed).toBe(1);
    // an SLO burn-rate detail gap does not hide the SLO list
    const b = deriveUnitFacts(
      aSnapshot({ gaps: [aGap('cloudwatch', 'cloudwatch.slos.burnRate', 'Throttled')] }),
      [],
    );
    expect(b.coverage['cloudwatch.slos'].assessed).toBe(1);
  });

  it('counts SLOs whose metric type was not read', () => {
    const s = aSnapshot({
      cloudwatch: {
        metricAlarms: [],
        compositeAlarms: [],
        slos: [anSlo('x', { metricType: undefined, sliKind: undefined })],
        agentMemoryInstanceIds: [],
      },
    });
    expect(deriveUnitFacts(s, []).cloudwatch).toMatchObject({ slos: 1, latencySlos: 0, slosTypeUnknown: 1 });
  });

  it('counts Compute Optimizer recommendations by kind and finding; not enrolled is an observation', () => {
    const rec = (kind: 'ec2' | 'asg', finding: string) => ({
      kind,
      resourceArn: `arn:${finding}`,
      resourceId: 'x',
      finding,
      reasons: [],
    });
    const s = aSnapshot({
      computeOptimizer: {
        enrollmentStatus: 'Active',
        recommendations: [
          rec('ec2', 'Optimized'),
          rec('ec2', 'Overprovisioned'),
          rec('ec2', 'UNDER_PROVISIONED'),
          rec('asg', 'NotOptimized'),
        ],
      },
    });
    const f = deriveUnitFacts(s, []);
    expect(f.computeOptimizer.enrolled).toBe(1);
    expect(f.computeOptimizer.ec2).toMatchObject({ optimized: 1, overprovisioned: 1, underprovisioned: 1 });
    expect(f.computeOptimizer.asg.notOptimized).toBe(1);

    const inactive = deriveUnitFacts(
      aSnapshot({ computeOptimizer: { enrollmentStatus: 'Inactive', recommendations: [] } }),
      [],
    );
    expect(inactive.computeOptimizer).toMatchObject({ enrolled: 0, notEnrolled: 1 });
    expect(inactive.coverage.computeoptimizer.assessed).toBe(1);

    const optIn = deriveUnitFacts(
      aSnapshot({
        computeOptimizer: undefined,
        gaps: [aGap('computeoptimizer', 'computeoptimizer', 'OptInRequired')],
      }),
      [],
    );
    expect(optIn.computeOptimizer.notEnrolled).toBe(1);
    expect(optIn.coverage.computeoptimizer.assessed).toBe(1);

    const denied = deriveUnitFacts(
      aSnapshot({ gaps: [aGap('computeoptimizer', 'computeOptimizer', 'AccessDenied')] }),
      [],
    );
    expect(denied.coverage.computeoptimizer.gaps).toBe(1);
    expect(denied.coverage['lambda.computeOptimizer'].gaps).toBe(1);
    expect(denied.computeOptimizer.enrolled).toBe(0);

    // A per-kind gap only affects the sources that read that kind.
    const ec2Gap = deriveUnitFacts(
      aSnapshot({ gaps: [aGap('computeoptimizer', 'computeOptimizer.ec2', 'Throttled')] }),
      [],
    );
    expect(ec2Gap.coverage.computeoptimizer.gaps).toBe(1);
    expect(ec2Gap.coverage['lambda.computeOptimizer'].assessed).toBe(1);
    const rdsGap = deriveUnitFacts(
      aSnapshot({ gaps: [aGap('computeoptimizer', 'computeOptimizer.rds', 'Throttled')] }),
      [],
    );
    expect(rdsGap.coverage.computeoptimizer.assessed).toBe(1);
    const generic = deriveUnitFacts(
      aSnapshot({ gaps: [aGap('computeoptimizer', 'computeoptimizer.recommendations', 'Throttled')] }),
      [],
    );
    expect(generic.coverage.computeoptimizer.gaps).toBe(1);
    expect(generic.coverage['lambda.computeOptimizer'].gaps).toBe(1);
  });
});

describe('mergeFacts', () => {
  const a = deriveUnitFacts(
    aSnapshot({
      ebs: { volumes: [aVolume('v1', 'gp2'), aVolume('v2', 'gp3')] },
      lambda: { functions: [aFunction('f', { memoryMiB: 128 })] },
    }),
    [],
  );
  const b = deriveUnitFacts(
    aSnapshot({
      region: 'us-east-1',
      globalUnit: false,
      ebs: { volumes: [aVolume('v3', 'gp2')] },
      gaps: [aGap('lambda', 'lambda.functions')],
    }),
    [],
  );

  it('adds every counter and coverage across units', () => {
    const m = mergeFacts([a, b]);
    expect(m.units).toBe(2);
    expect(m.ebs.volumes).toBe(3);
    expect(m.ebs.gp2).toBe(2);
    expect(m.lambda.functions).toBe(1);
    expect(m.coverage['lambda.functions']).toEqual({ assessed: 1, gaps: 1, notScanned: 0 });
    expect(m.coverage['cloudfront.distributions']).toEqual({ assessed: 1, gaps: 0, notScanned: 0 });
  });

  it('is additive: merge(a, b) + merge(c) = merge(a, b, c), order-independent, identity on empty', () => {
    const c = deriveUnitFacts(aSnapshot({ ebs: { volumes: [aVolume('v9', 'io1')] } }), []);
    expect(mergeFacts([mergeFacts([a, b]), c])).toEqual(mergeFacts([a, b, c]));
    expect(mergeFacts([c, b, a])).toEqual(mergeFacts([a, b, c]));
    expect(mergeFacts([])).toEqual(emptyFacts());
    expect(mergeFacts([a])).toEqual(a);
  });

  it('tolerates stored facts from an older shape (missing keys add 0)', () => {
    const old = { units: 1, ebs: { volumes: 2 } } as unknown as UnitFacts;
    const m = mergeFacts([a, old]);
    expect(m.ebs.volumes).toBe(4);
    expect(m.units).toBe(2);
    expect(m.rds.instances).toBe(a.rds.instances);
  });
});
