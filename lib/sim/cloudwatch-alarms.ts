/**
 * Simulated CloudWatch alarms (DescribeAlarms), CloudWatch agent metric listings (ListMetrics) and
 * CloudWatch Application Signals service level objectives. GetMetricData lives in
 * cloudwatch-metrics.ts; this module only answers the CWAgent memory series it invents.
 *
 * Deliberate shape of the account:
 * - the first busy region (the "SLO region") has Average CPU alarms, percentile (p99/p95) latency
 *   alarms, an anomaly-detection alarm, an error-rate math alarm, a composite alarm, an alarm with no
 *   action, Application Signals SLOs and their burn-rate alarms (plus one hand-made burn-rate math alarm);
 * - other busy regions have only Average/Sum threshold alarms: no percentiles, no SLOs;
 * - quiet regions have none;
 * - the CloudWatch agent publishes memory for about 40% of the instances only;
 * - request entry points emit latency (ListMetrics): in the SLO region two ALBs (web-alb has the p99 alarm), a
 *   REST API stage, an HTTP API stage, an AppSync API and the Application Signals services checkout and orders;
 *   in the other busy regions one ALB and one REST API stage; in us-east-1 also the CloudFront distributions with
 *   additional metrics (OriginLatency). More ALBs with scale.
 */
import type { CompositeAlarm, Metric, MetricAlarm, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type {
  ServiceLevelObjective,
  ServiceLevelObjectiveSummary,
} from '@aws-sdk/client-application-signals';
import type { Instance } from '@aws-sdk/client-ec2';
import { awsError, hashSeed, paginate, type SimAccount, type SimServiceModule } from './core.js';
import { cloudfrontSimState } from './cloudfront.js';
import { ec2SimState } from './ec2.js';
import { lambdaSimState } from './lambda.js';
import { shapedSeries } from './patterns.js';

export interface CloudWatchAlarmsSimState {
  metricAlarms: MetricAlarm[];
  compositeAlarms: CompositeAlarm[];
  /** CWAgent metrics (memory and disk) with whether they had data in the last 3 hours. */
  agentMetrics: { metric: Metric; recentlyActive: boolean }[];
  /** Instance ids whose agent publishes a memory metric. */
  agentMemoryInstanceIds: string[];
  /**
   * Latency series of the region's request entry points (what ListMetrics lists for ALB TargetResponseTime,
   * API Gateway and AppSync Latency, CloudFront OriginLatency, Application Signals Latency), at the resource level
   * and at finer levels (per target group, per operation) that the collector must not count as entry points.
   */
  latencyMetrics: Metric[];
}

export interface ApplicationSignalsSimState {
  slos: ServiceLevelObjective[];
}

/**
 * Regions where the simulator answers Application Signals as not offered (DNS failure on the
 * endpoint, as the SDK sees it for a service missing from a region). A simulation choice, not a
 * statement about AWS: tests add one of these to `enabledRegions` to exercise the NotSupported gap.
 */
export const APPLICATION_SIGNALS_UNAVAILABLE_REGIONS: readonly string[] = ['ap-southeast-7', 'mx-central-1'];

/** The region that holds the account's SLOs and advanced alarms: the first busy region. */
export function sloRegion(account: SimAccount): string | undefined {
  return account.options.busyRegions[0];
}

const SLO_BURN_RATE_THRESHOLD = 14.4; // 2% of a 30-day budget in 1 hour (Google SRE workbook, multiwindow alerting)

function dims(d: Record<string, string>): { Name: string; Value: string }[] {
  return Object.entries(d).map(([Name, Value]) => ({ Name, Value }));
}

function agentHasMemory(instanceId: string): boolean {
  return hashSeed('cwagent', instanceId) % 10 < 4;
}

function isWindows(i: Instance): boolean {
  return /windows/i.test(`${i.Platform ?? ''} ${i.PlatformDetails ?? ''}`);
}

/** The SLOs of the SLO region: two with burn-rate windows, one without; more with scale. */
function makeSlos(account: SimAccount, region: string): ServiceLevelObjective[] {
  if (region !== sloRegion(account)) return [];
  const created = new Date(account.options.now.getTime() - 60 * 86_400_000);
  const arn = (name: string) => `arn:aws:application-signals:${region}:${account.accountId}:slo/${name}`;
  const keyAttributes = (service: string) => ({
    Type: 'Service',
    Name: service,
    Environment: 'eks:prod/default',
  });
  const periodBased = (
    name: string,
    service: string,
    operation: string,
    type: 'LATENCY' | 'AVAILABILITY',
    goal: number,
    windows: number[],
  ): ServiceLevelObjective => ({
    Arn: arn(name),
    Name: name,
    CreatedTime: created,
    LastUpdatedTime: created,
    EvaluationType: 'PeriodBased',
    MetricSourceType: 'ServiceOperation',
    Sli: {
      SliMetric: {
        KeyAttributes: keyAttributes(service),
        OperationName: operation,
        MetricType: type,
        MetricDataQueries: [
          {
            Id: 'm1',
            MetricStat: {
              Metric: {
                Namespace: 'ApplicationSignals',
                MetricName: type === 'LATENCY' ? 'Latency' : 'Availability',
                Dimensions: dims({ Service: service, Operation: operation, Environment: 'eks:prod/default' }),
              },
              Period: 60,
              Stat: type === 'LATENCY' ? 'p99' : 'Average',
            },
            ReturnData: true,
          },
        ],
      },
      MetricThreshold: type === 'LATENCY' ? 800 : 99.9,
      ComparisonOperator: type === 'LATENCY' ? 'LessThan' : 'GreaterThanOrEqualTo',
    },
    Goal: {
      Interval: { RollingInterval: { DurationUnit: 'DAY', Duration: 30 } },
      AttainmentGoal: goal,
      WarningThreshold: 50,
    },
    ...(windows.length > 0
      ? { BurnRateConfigurations: windows.map((w) => ({ LookBackWindowMinutes: w })) }
      : {}),
  });
  const slos: ServiceLevelObjective[] = [
    periodBased('checkout-latency-p99', 'checkout', 'POST /checkout', 'LATENCY', 99.9, [5, 60]),
    {
      Arn: arn('checkout-availability'),
      Name: 'checkout-availability',
      CreatedTime: created,
      LastUpdatedTime: created,
      EvaluationType: 'RequestBased',
      MetricSourceType: 'ServiceOperation',
      RequestBasedSli: {
        RequestBasedSliMetric: {
          KeyAttributes: keyAttributes('checkout'),
          OperationName: 'POST /checkout',
          MetricType: 'AVAILABILITY',
          TotalRequestCountMetric: [],
          MonitoredRequestCountMetric: { BadCountMetric: [] },
        },
      },
      Goal: {
        Interval: { RollingInterval: { DurationUnit: 'DAY', Duration: 28 } },
        AttainmentGoal: 99.95,
        WarningThreshold: 30,
      },
      BurnRateConfigurations: [{ LookBackWindowMinutes: 60 }, { LookBackWindowMinutes: 360 }],
    },
    periodBased('orders-latency', 'orders', 'GET /orders', 'LATENCY', 99, []),
  ];
  const extra = Math.max(0, Math.round(2 * (account.options.scale - 1)));
  for (let i = 0; i < extra; i++) {
    slos.push(
      periodBased(
        `svc-${String(i).padStart(4, '0')}-availability`,
        `svc-${i}`,
        'GET /',
        'AVAILABILITY',
        99.5,
        i % 2 === 0 ? [60] : [],
      ),
    );
  }
  return slos;
}

export function applicationSignalsSimState(account: SimAccount, region: string): ApplicationSignalsSimState {
  return account.memo(`application-signals:${region}`, () => ({ slos: makeSlos(account, region) }));
}

function alarmBase(account: SimAccount, region: string, name: string, actions: boolean): MetricAlarm {
  const at = new Date(account.options.now.getTime() - 30 * 86_400_000);
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${region}:${account.accountId}:alarm:${name}`,
    AlarmConfigurationUpdatedTimestamp: at,
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: actions ? [`arn:aws:sns:${region}:${account.accountId}:ops-alerts`] : [],
    InsufficientDataActions: [],
    StateValue: 'OK',
    StateReason: 'Threshold Crossed: no datapoints were breaching.',
    StateUpdatedTimestamp: at,
    StateTransitionedTimestamp: at,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    TreatMissingData: 'missing',
  };
}

function simpleAlarm(
  account: SimAccount,
  region: string,
  name: string,
  m: {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic?: string;
    extended?: string;
    period: number;
    threshold: number;
  },
  actions = true,
): MetricAlarm {
  return {
    ...alarmBase(account, region, name, actions),
    MetricName: m.metricName,
    Namespace: m.namespace,
    ...(m.extended
      ? { ExtendedStatistic: m.extended }
      : { Statistic: (m.statistic ?? 'Average') as MetricAlarm['Statistic'] }),
    Dimensions: dims(m.dimensions),
    Period: m.period,
    Threshold: m.threshold,
    ComparisonOperator: 'GreaterThanThreshold',
  };
}

function mathAlarm(
  account: SimAccount,
  region: string,
  name: string,
  metrics: MetricDataQuery[],
  extra: Partial<MetricAlarm> = {},
): MetricAlarm {
  return {
    ...alarmBase(account, region, name, true),
    Metrics: metrics,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 1,
    ...extra,
  };
}

function stat(
  id: string,
  namespace: string,
  metricName: string,
  d: Record<string, string>,
  s: string,
  period = 300,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dims(d) },
      Period: period,
      Stat: s,
    },
    ReturnData: false,
  };
}

export function cloudwatchAlarmsSimState(account: SimAccount, region: string): CloudWatchAlarmsSimState {
  return account.memo(`cloudwatch-alarms:${region}`, () => {
    const metricAlarms: MetricAlarm[] = [];
    const compositeAlarms: CompositeAlarm[] = [];
    const agentMetrics: CloudWatchAlarmsSimState['agentMetrics'] = [];
    const agentMemoryInstanceIds: string[] = [];
    const instances = ec2SimState(account, region).instances;

    // CloudWatch agent: memory (and disk) metrics on ~40% of the instances.
    for (const i of instances) {
      const id = i.InstanceId;
      if (!id || !agentHasMemory(id)) continue;
      const running = i.State?.Name === 'running';
      const common = {
        InstanceId: id,
        ImageId: i.ImageId ?? 'ami-0sim',
        InstanceType: String(i.InstanceType ?? 'unknown'),
      };
      if (isWindows(i)) {
        agentMetrics.push({
          metric: {
            Namespace: 'CWAgent',
            MetricName: 'Memory % Committed Bytes In Use',
            Dimensions: dims({ objectname: 'Memory', ...common }),
          },
          recentlyActive: running,
        });
        agentMetrics.push({
          metric: {
            Namespace: 'CWAgent',
            MetricName: 'LogicalDisk % Free Space',
            Dimensions: dims({ objectname: 'LogicalDisk', instance: 'C:', ...common }),
          },
          recentlyActive: running,
        });
      } else {
        agentMetrics.push({
          metric: { Namespace: 'CWAgent', MetricName: 'mem_used_percent', Dimensions: dims(common) },
          recentlyActive: running,
        });
        agentMetrics.push({
          metric: {
            Namespace: 'CWAgent',
            MetricName: 'disk_used_percent',
            Dimensions: dims({ ...common, path: '/', device: 'nvme0n1p1', fstype: 'xfs' }),
          },
          recentlyActive: running,
        });
      }
      if (running) agentMemoryInstanceIds.push(id);
    }

    const latencyMetrics = makeLatencyMetrics(account, region);
    if (!account.isBusy(region))
      return { metricAlarms, compositeAlarms, agentMetrics, agentMemoryInstanceIds, latencyMetrics };

    // Every busy region: Average CPU alarms on two thirds of the running instances, Sum error alarms on Lambda.
    for (const i of instances) {
      const id = i.InstanceId;
      if (!id || i.State?.Name !== 'running' || hashSeed('cpu-alarm', id) % 3 === 0) continue;
      metricAlarms.push(
        simpleAlarm(account, region, `ec2-cpu-high-${id}`, {
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: { InstanceId: id },
          statistic: 'Average',
          period: 300,
          threshold: 80,
        }),
      );
    }
    const functions = lambdaSimState(account, region).functions;
    for (const f of functions) {
      const name = f.FunctionName ?? '';
      if (hashSeed('lambda-alarm', name) % 2 === 0) continue;
      metricAlarms.push(
        simpleAlarm(account, region, `lambda-errors-${name}`, {
          namespace: 'AWS/Lambda',
          metricName: 'Errors',
          dimensions: { FunctionName: name },
          statistic: 'Sum',
          period: 300,
          threshold: 5,
        }),
      );
    }

    if (region === sloRegion(account)) {
      const lb = SIM_WEB_ALB;
      metricAlarms.push(
        simpleAlarm(account, region, 'alb-web-p99-latency', {
          namespace: 'AWS/ApplicationELB',
          metricName: 'TargetResponseTime',
          dimensions: { LoadBalancer: lb },
          extended: 'p99',
          period: 60,
          threshold: 1.5,
        }),
        simpleAlarm(account, region, 'checkout-api-p95-duration', {
          namespace: 'AWS/Lambda',
          metricName: 'Duration',
          dimensions: { FunctionName: 'checkout-api' },
          extended: 'p95',
          period: 60,
          threshold: 800,
        }),
        mathAlarm(
          account,
          region,
          'orders-api-invocations-anomaly',
          [
            {
              ...stat('m1', 'AWS/Lambda', 'Invocations', { FunctionName: 'orders-api' }, 'Sum'),
              ReturnData: true,
            },
            {
              Id: 'ad1',
              Expression: 'ANOMALY_DETECTION_BAND(m1, 2)',
              Label: 'Invocations (expected)',
              ReturnData: true,
            },
          ],
          {
            ThresholdMetricId: 'ad1',
            ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
            Threshold: undefined,
          },
        ),
        mathAlarm(
          account,
          region,
          'orders-api-error-rate',
          [
            stat('e', 'AWS/Lambda', 'Errors', { FunctionName: 'orders-api' }, 'Sum'),
            stat('i', 'AWS/Lambda', 'Invocations', { FunctionName: 'orders-api' }, 'Sum'),
            { Id: 'rate', Expression: '100 * e / i', Label: 'Error rate (%)', ReturnData: true },
          ],
          { Threshold: 2 },
        ),
        // A hand-made burn-rate alarm: error ratio over the error budget of a 99.9% objective.
        mathAlarm(
          account,
          region,
          'payments-error-budget-fast-burn',
          [
            stat(
              'f',
              'ApplicationSignals',
              'Fault',
              { Service: 'payments', Operation: 'POST /pay', Environment: 'eks:prod/default' },
              'Sum',
              60,
            ),
            stat(
              'r',
              'ApplicationSignals',
              'Latency',
              { Service: 'payments', Operation: 'POST /pay', Environment: 'eks:prod/default' },
              'SampleCount',
              60,
            ),
            { Id: 'burn', Expression: '(f / r) / (1 - 0.999)', Label: 'Fast burn', ReturnData: true },
          ],
          { Threshold: SLO_BURN_RATE_THRESHOLD },
        ),
      );
      const first = instances.find((i) => i.State?.Name === 'running')?.InstanceId;
      if (first) {
        // An alarm that notifies nobody.
        metricAlarms.push(
          simpleAlarm(
            account,
            region,
            `ec2-status-check-${first}`,
            {
              namespace: 'AWS/EC2',
              metricName: 'StatusCheckFailed',
              dimensions: { InstanceId: first },
              statistic: 'Maximum',
              period: 60,
              threshold: 0,
            },
            false,
          ),
        );
      }
      // Burn-rate alarms on the SLOs that have burn-rate windows (what the console creates).
      for (const slo of applicationSignalsSimState(account, region).slos) {
        for (const w of slo.BurnRateConfigurations ?? []) {
          const minutes = String(w.LookBackWindowMinutes);
          metricAlarms.push(
            simpleAlarm(account, region, `SLO-BurnRate-${slo.Name}-${minutes}`, {
              namespace: 'AWS/ApplicationSignals',
              metricName: 'BurnRate',
              dimensions: { SloName: slo.Name ?? '', BurnRateWindowMinutes: minutes },
              statistic: 'Maximum',
              period: 60,
              threshold: SLO_BURN_RATE_THRESHOLD,
            }),
          );
        }
      }
      const at = new Date(account.options.now.getTime() - 30 * 86_400_000);
      compositeAlarms.push({
        AlarmName: 'checkout-degraded',
        AlarmArn: `arn:aws:cloudwatch:${region}:${account.accountId}:alarm:checkout-degraded`,
        AlarmRule: 'ALARM("alb-web-p99-latency") OR ALARM("checkout-api-p95-duration")',
        ActionsEnabled: true,
        AlarmActions: [`arn:aws:sns:${region}:${account.accountId}:ops-alerts`],
        OKActions: [],
        InsufficientDataActions: [],
        StateValue: 'OK',
        StateReason: 'No child alarm in ALARM.',
        StateUpdatedTimestamp: at,
        StateTransitionedTimestamp: at,
        AlarmConfigurationUpdatedTimestamp: at,
      });
    }
    return { metricAlarms, compositeAlarms, agentMetrics, agentMemoryInstanceIds, latencyMetrics };
  });
}

/** The ALB the SLO region's p99 alarm watches. */
export const SIM_WEB_ALB = 'app/web-alb/50dc6c495c0c9188';

function makeLatencyMetrics(account: SimAccount, region: string): Metric[] {
  const out: Metric[] = [];
  const m = (namespace: string, metricName: string, d: Record<string, string>): void => {
    out.push({ Namespace: namespace, MetricName: metricName, Dimensions: dims(d) });
  };
  const alb = (lb: string): void => {
    m('AWS/ApplicationELB', 'TargetResponseTime', { LoadBalancer: lb });
    // Finer series of the same load balancer: not separate entry points.
    m('AWS/ApplicationELB', 'TargetResponseTime', {
      LoadBalancer: lb,
      TargetGroup: `targetgroup/${lb.split('/')[1]}-tg/1a2b3c4d`,
    });
    m('AWS/ApplicationELB', 'TargetResponseTime', { LoadBalancer: lb, AvailabilityZone: `${region}a` });
  };
  const rest = (api: string, stage: string): void => {
    m('AWS/ApiGateway', 'Latency', { ApiName: api });
    m('AWS/ApiGateway', 'Latency', { ApiName: api, Stage: stage });
    m('AWS/ApiGateway', 'Latency', { ApiName: api, Stage: stage, Method: 'GET', Resource: '/items' });
  };
  if (account.isBusy(region)) {
    if (region === sloRegion(account)) {
      alb(SIM_WEB_ALB);
      alb('app/internal-api/7e1f2d3c4b5a6978');
      rest('orders-api', 'prod');
      m('AWS/ApiGateway', 'Latency', { ApiId: 'a1b2c3d4e5', Stage: '$default' });
      m('AWS/AppSync', 'Latency', { GraphQLAPIId: 'gqlsim7x2kq4mza3bd5vfhxc6i' });
      for (const service of ['checkout', 'orders']) {
        m('ApplicationSignals', 'Latency', { Service: service, Environment: 'eks:prod/default' });
        m('ApplicationSignals', 'Latency', {
          Service: service,
          Environment: 'eks:prod/default',
          Operation: 'POST /',
        });
      }
    } else {
      alb(`app/shop-alb/${(hashSeed('alb', region) >>> 0).toString(16).padStart(16, '0').slice(0, 16)}`);
      rest('catalog-api', 'prod');
    }
    const extra = Math.max(0, Math.round(account.options.scale) - 1);
    for (let i = 0; i < extra; i++)
      alb(`app/svc-${i + 1}/${hashSeed('alb', region, i).toString(16).padStart(16, '0')}`);
  }
  if (region === 'us-east-1') {
    // CloudFront publishes OriginLatency (additional metrics) in us-east-1 with Region=Global.
    const cf = cloudfrontSimState(account);
    for (const d of cf.distributions) {
      const t = d.Id ? cf.traffic[d.Id] : undefined;
      if (d.Id && t && t.cacheHitRate !== undefined && t.requestsPerHour > 0)
        m('AWS/CloudFront', 'OriginLatency', { DistributionId: d.Id, Region: 'Global' });
    }
  }
  return out;
}

const agentSets = new WeakMap<CloudWatchAlarmsSimState, Set<string>>();

/** Memoized lookup set over the agent's instance ids (metric queries come by the thousand). */
function agentMemorySet(account: SimAccount, region: string): Set<string> {
  const state = cloudwatchAlarmsSimState(account, region);
  let set = agentSets.get(state);
  if (!set) {
    set = new Set(state.agentMemoryInstanceIds);
    agentSets.set(state, set);
  }
  return set;
}

type Tagged = { kind: 'metric'; alarm: MetricAlarm } | { kind: 'composite'; alarm: CompositeAlarm };

export const cloudwatchAlarmsSim: SimServiceModule = {
  clientName: 'CloudWatchClient',
  handlers: {
    DescribeAlarmsCommand: (
      input: { AlarmTypes?: string[]; AlarmNamePrefix?: string; MaxRecords?: number; NextToken?: string },
      { account, region },
    ) => {
      const state = cloudwatchAlarmsSimState(account, region);
      // Without AlarmTypes, DescribeAlarms returns metric alarms only (CloudWatch API reference).
      const types = input.AlarmTypes && input.AlarmTypes.length > 0 ? input.AlarmTypes : ['MetricAlarm'];
      const all: Tagged[] = [
        ...(types.includes('MetricAlarm')
          ? state.metricAlarms.map((alarm): Tagged => ({ kind: 'metric', alarm }))
          : []),
        ...(types.includes('CompositeAlarm')
          ? state.compositeAlarms.map((alarm): Tagged => ({ kind: 'composite', alarm }))
          : []),
      ].filter((t) => !input.AlarmNamePrefix || (t.alarm.AlarmName ?? '').startsWith(input.AlarmNamePrefix));
      const { page, nextToken } = paginate(all, input, { sizeIn: 'MaxRecords', max: 100, defaultSize: 50 });
      return {
        MetricAlarms: page.flatMap((t) => (t.kind === 'metric' ? [t.alarm] : [])),
        CompositeAlarms: page.flatMap((t) => (t.kind === 'composite' ? [t.alarm] : [])),
        NextToken: nextToken,
      };
    },
    ListMetricsCommand: (
      input: { Namespace?: string; MetricName?: string; RecentlyActive?: string; NextToken?: string },
      { account, region },
    ) => {
      const state = cloudwatchAlarmsSimState(account, region);
      const matches = (m: Metric) =>
        (!input.Namespace || m.Namespace === input.Namespace) &&
        (!input.MetricName || m.MetricName === input.MetricName);
      const list = [
        ...state.agentMetrics
          .filter((m) => matches(m.metric))
          .filter((m) => input.RecentlyActive !== 'PT3H' || m.recentlyActive)
          .map((m) => m.metric),
        // Entry points serve traffic now: listed with or without RecentlyActive.
        ...state.latencyMetrics.filter(matches),
      ];
      // ListMetrics has no page-size parameter: up to 500 metrics per response.
      const { page, nextToken } = paginate(list, input, { sizeIn: '$noPageSize', max: 500 });
      return { Metrics: page, NextToken: nextToken };
    },
  },
  metrics(q, { account, region }) {
    if (
      q.namespace !== 'CWAgent' ||
      (q.metricName !== 'mem_used_percent' && q.metricName !== 'Memory % Committed Bytes In Use')
    )
      return undefined;
    const id = q.dimensions.InstanceId;
    if (!id || !agentMemorySet(account, region).has(id)) return undefined;
    const base = 25 + (hashSeed('mem', id) % 60);
    return shapedSeries(q, { base, daily: 0.15, jitter: 0.05, min: 0, max: 100, key: `mem:${id}:${q.stat}` });
  },
};

function endpointUnavailable(region: string): Error {
  const host = `application-signals.${region}.amazonaws.com`;
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname: host,
  });
}

function summary(slo: ServiceLevelObjective): ServiceLevelObjectiveSummary {
  const metric = slo.Sli?.SliMetric ?? slo.RequestBasedSli?.RequestBasedSliMetric;
  return {
    Arn: slo.Arn,
    Name: slo.Name,
    KeyAttributes: metric?.KeyAttributes,
    OperationName: metric?.OperationName,
    CreatedTime: slo.CreatedTime,
    EvaluationType: slo.EvaluationType,
    MetricSourceType: slo.MetricSourceType,
  };
}

function findSlo(slos: readonly ServiceLevelObjective[], id: string): ServiceLevelObjective | undefined {
  return slos.find((s) => s.Arn === id || s.Name === id);
}

export const applicationSignalsSim: SimServiceModule = {
  clientName: 'ApplicationSignalsClient',
  handlers: {
    ListServiceLevelObjectivesCommand: (
      input: { MaxResults?: number; NextToken?: string },
      { account, region },
    ) => {
      if (APPLICATION_SIGNALS_UNAVAILABLE_REGIONS.includes(region)) throw endpointUnavailable(region);
      const slos = applicationSignalsSimState(account, region).slos;
      const { page, nextToken } = paginate(slos.map(summary), input, { max: 50, defaultSize: 50 });
      return { SloSummaries: page, NextToken: nextToken };
    },
    GetServiceLevelObjectiveCommand: (input: { Id?: string }, { account, region }) => {
      if (APPLICATION_SIGNALS_UNAVAILABLE_REGIONS.includes(region)) throw endpointUnavailable(region);
      const slo = findSlo(applicationSignalsSimState(account, region).slos, input.Id ?? '');
      if (!slo) throw awsError('ResourceNotFoundException', `SLO ${input.Id} not found.`, 404);
      return { Slo: slo };
    },
    BatchGetServiceLevelObjectiveBudgetReportCommand: (
      input: { SloIds?: string[]; Timestamp?: Date },
      { account, region },
    ) => {
      if (APPLICATION_SIGNALS_UNAVAILABLE_REGIONS.includes(region)) throw endpointUnavailable(region);
      const ids = input.SloIds ?? [];
      if (ids.length < 1 || ids.length > 50)
        throw awsError('ValidationException', 'SloIds must hold 1 to 50 ids.', 400);
      const slos = applicationSignalsSimState(account, region).slos;
      const reports = [];
      const errors = [];
      for (const id of ids) {
        const slo = findSlo(slos, id);
        if (!slo) {
          errors.push({
            Name: id,
            Arn: id,
            ErrorCode: 'ResourceNotFoundException',
            ErrorMessage: 'SLO not found.',
          });
          continue;
        }
        reports.push({
          Arn: slo.Arn,
          Name: slo.Name,
          EvaluationType: slo.EvaluationType,
          BudgetStatus: 'OK',
          Attainment: 99.97,
          Sli: slo.Sli,
          RequestBasedSli: slo.RequestBasedSli,
          Goal: slo.Goal,
        });
      }
      return { Timestamp: input.Timestamp ?? account.options.now, Reports: reports, Errors: errors };
    },
  },
};
