/**
 * Kills mutants of the CloudWatch checks (npm run mutation; docs/testing.md, 2026-12-06): whole results of each
 * outcome (per entry point, unit-wide, per SLO, per instance), the percentile threshold on both sides, the
 * one-hour grace of a new instance at its exact end, and the gap and no-workload paths.
 */
import { describe, expect, it } from 'vitest';
import { cloudwatchAlarmsLatencyPercentile as percentile } from '#lib/checks/cloudwatch/cloudwatch-alarms-latency-percentile.js';
import { cloudwatchInstanceMemoryMetricsPresent as memory } from '#lib/checks/cloudwatch/cloudwatch-instance-memory-metrics-present.js';
import { cloudwatchSlosBurnRateAlarms as burnRate } from '#lib/checks/cloudwatch/cloudwatch-slos-burn-rate-alarms.js';
import type { CloudWatchSlice, Ec2Instance, LatencyMetricSeries } from '#lib/model/index.js';
import {
  aBurnRateAlarm,
  aGapOn,
  aResourceGapOn,
  defaultThresholds,
  aMetricAlarm,
  aServiceLevelObjective,
  aSnapshot,
  anEc2Instance,
  runCheck,
  withGaps,
  TEST_NOW,
} from '#test/builders/index.js';

const busy = (slice: Partial<CloudWatchSlice> = {}, instances: Ec2Instance[] = [anEc2Instance()]) =>
  aSnapshot({ cloudwatch: slice, ec2: { instances } });
const LB = 'app/web/0123456789abcdef';
const alb = (lb: string): LatencyMetricSeries => ({
  namespace: 'AWS/ApplicationELB',
  metricName: 'TargetResponseTime',
  dimensions: { LoadBalancer: lb },
});

describe('cloudwatch-alarms-latency-percentile (mutation kills)', () => {
  it('per entry point: covered by alarm and SLO, and a failure naming its other and silent alarms', () => {
    const slo = aServiceLevelObjective({
      name: 'web-slo',
      operation: undefined,
      keyAttributes: undefined,
      latencyMetric: {
        namespace: 'AWS/ApplicationELB',
        metricName: 'TargetResponseTime',
        dimensions: { LoadBalancer: LB },
      },
    } as never);
    const r = runCheck(
      percentile,
      busy({
        metricAlarms: [
          aMetricAlarm(),
          aMetricAlarm({
            name: 'api-avg',
            dimensions: { LoadBalancer: 'app/api/1' },
            extendedStatistic: undefined,
            statistic: 'Average',
          }),
          aMetricAlarm({
            name: 'api-p99-silent',
            dimensions: { LoadBalancer: 'app/api/1' },
            hasActions: false,
          }),
        ],
        slos: [slo],
        latencyMetrics: [alb(LB), alb('app/api/1')],
      }),
    );
    expect(r).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Latency metric",
              "source": "cloudwatch:ListMetrics",
              "value": "AWS/ApplicationELB TargetResponseTime",
            },
            {
              "label": "Alerting alarms on p95 or higher",
              "source": "cloudwatch:DescribeAlarms",
              "threshold": ">= 1 (or a latency SLO)",
              "value": "web-latency-p99",
            },
            {
              "label": "Latency SLOs",
              "value": "none",
            },
            {
              "label": "Other alarms on its latency",
              "value": "none",
            },
          ],
          "message": "Application Load Balancer app/web/0123456789abcdef is watched by 1 alerting p95+ alarm(s).",
          "resourceId": "LoadBalancer=app/web/0123456789abcdef",
          "resourceName": "Application Load Balancer app/web/0123456789abcdef",
          "resourceType": "AWS::ElasticLoadBalancingV2::LoadBalancer",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Latency metric",
              "source": "cloudwatch:ListMetrics",
              "value": "AWS/ApplicationELB TargetResponseTime",
            },
            {
              "label": "Alerting alarms on p95 or higher",
              "source": "cloudwatch:DescribeAlarms",
              "threshold": ">= 1 (or a latency SLO)",
              "value": "none",
            },
            {
              "label": "Latency SLOs",
              "value": "none",
            },
            {
              "label": "Other alarms on its latency",
              "value": "api-avg (Average), api-p99-silent (p99)",
            },
          ],
          "message": "Application Load Balancer app/api/1 has no alerting alarm on p95+ latency and no latency SLO (2 alarm(s) on its latency, 1 percentile alarm(s) without an action).",
          "resourceId": "LoadBalancer=app/api/1",
          "resourceName": "Application Load Balancer app/api/1",
          "resourceType": "AWS::ElasticLoadBalancingV2::LoadBalancer",
          "status": "fail",
        },
      ]
    `);
  });

  it('the percentile threshold: p95 counts at 95, p90 does not, p90 counts at 90', () => {
    const one = (stat: string, t: Record<string, number> = {}) =>
      runCheck(
        percentile,
        busy({ metricAlarms: [aMetricAlarm({ extendedStatistic: stat })], latencyMetrics: [alb(LB)] }),
        t,
      )[0]?.status;
    expect(one('p95')).toBe('pass');
    expect(one('p94.9')).toBe('fail');
    expect(one('p90', { minPercentile: 90 })).toBe('pass');
  });

  it('unit-wide without entry points: pass, fail without latency alarms, fail on averages, no workloads, blind', () => {
    const lambdaAlarm = (o = {}) =>
      aMetricAlarm({
        name: 'fn-p99',
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: { FunctionName: 'f' },
        ...o,
      });
    const cpu = aMetricAlarm({
      name: 'cpu',
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: 'i-1' },
    });
    expect(runCheck(percentile, busy({ metricAlarms: [lambdaAlarm(), cpu] }))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Request entry points emitting latency",
              "source": "cloudwatch:ListMetrics",
              "unit": "count",
              "value": 0,
            },
            {
              "label": "Latency alarms",
              "source": "cloudwatch:DescribeAlarms",
              "unit": "count",
              "value": 1,
            },
            {
              "label": "Alerting latency alarms on p95 or higher",
              "threshold": ">= 1",
              "unit": "count",
              "value": 1,
            },
          ],
          "message": "No request entry point emits latency here; 1 latency alarm(s) alert on p95 or higher, e.g. fn-p99 (p99).",
          "resourceId": "*",
          "resourceType": "AWS::CloudWatch::Alarm",
          "status": "pass",
        },
      ]
    `);
    expect(runCheck(percentile, busy({ metricAlarms: [cpu] }))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Request entry points emitting latency",
              "source": "cloudwatch:ListMetrics",
              "unit": "count",
              "value": 0,
            },
            {
              "label": "Latency alarms",
              "source": "cloudwatch:DescribeAlarms",
              "unit": "count",
              "value": 0,
            },
            {
              "label": "Alerting latency alarms on p95 or higher",
              "threshold": ">= 1",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "No alarm watches a latency metric (1 metric alarm(s)).",
          "resourceId": "*",
          "resourceType": "AWS::CloudWatch::Alarm",
          "status": "fail",
        },
      ]
    `);
    expect(
      runCheck(
        percentile,
        busy({ metricAlarms: [lambdaAlarm({ extendedStatistic: undefined, statistic: 'Average' })] }),
      )[0]?.message,
    ).toBe(
      'No latency alarm alerts on p95 or higher: 1 latency alarm(s) on averages, other statistics or without actions.',
    );
    expect(runCheck(percentile, busy({ metricAlarms: [cpu] }, []))[0]?.status).toBe('pass');
    expect(
      runCheck(percentile, withGaps(busy({ metricAlarms: [cpu] }), aGapOn('cloudwatch.alarms')))[0]?.status,
    ).toBe('unknown');
  });
});

describe('cloudwatch-instance-memory-metrics-present (mutation kills)', () => {
  const at = (ms: number) => new Date(Date.parse(TEST_NOW) - ms).toISOString();
  it('pass, fail, the one-hour grace (unknown inside it, fail at exactly one hour), stopped left out', () => {
    const instances = [
      anEc2Instance({ instanceId: 'i-mem', name: 'web-1' }),
      anEc2Instance({ instanceId: 'i-none', name: undefined, instanceType: 'c5.large' }),
      anEc2Instance({ instanceId: 'i-new', name: 'new', launchTime: at(3_599_999) }),
      anEc2Instance({ instanceId: 'i-hour', name: 'hour', launchTime: at(3_600_000) }),
      anEc2Instance({ instanceId: 'i-nolaunch', launchTime: undefined }),
      anEc2Instance({ instanceId: 'i-stopped', state: 'stopped' }),
    ];
    const r = runCheck(memory, busy({ agentMemoryInstanceIds: ['i-mem', 'i-stopped'] }, instances));
    expect(r).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "CloudWatch agent memory metric",
              "metric": "CWAgent/mem_used_percent",
              "source": "cloudwatch:ListMetrics (active in the last 3 hours)",
              "threshold": "present",
              "value": true,
            },
          ],
          "message": "i-mem (web-1) publishes a CloudWatch agent memory metric.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:instance/i-mem",
          "resourceId": "i-mem",
          "resourceName": "web-1",
          "resourceType": "AWS::EC2::Instance",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "CloudWatch agent memory metric",
              "metric": "CWAgent/mem_used_percent",
              "source": "cloudwatch:ListMetrics (active in the last 3 hours)",
              "threshold": "present",
              "value": false,
            },
          ],
          "message": "i-none (c5.large) publishes no memory metric: no CloudWatch agent mem_used_percent or Windows memory counter.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:instance/i-none",
          "resourceId": "i-none",
          "resourceName": undefined,
          "resourceType": "AWS::EC2::Instance",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "CloudWatch agent memory metric",
              "metric": "CWAgent/mem_used_percent",
              "source": "cloudwatch:ListMetrics (active in the last 3 hours)",
              "threshold": "present",
              "value": false,
            },
          ],
          "message": "i-new (new) was launched less than an hour ago and has not published a memory metric yet.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:instance/i-new",
          "resourceId": "i-new",
          "resourceName": "new",
          "resourceType": "AWS::EC2::Instance",
          "status": "unknown",
        },
        {
          "evidence": [
            {
              "label": "CloudWatch agent memory metric",
              "metric": "CWAgent/mem_used_percent",
              "source": "cloudwatch:ListMetrics (active in the last 3 hours)",
              "threshold": "present",
              "value": false,
            },
          ],
          "message": "i-hour (hour, m5.large) publishes no memory metric: no CloudWatch agent mem_used_percent or Windows memory counter.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:instance/i-hour",
          "resourceId": "i-hour",
          "resourceName": "hour",
          "resourceType": "AWS::EC2::Instance",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "CloudWatch agent memory metric",
              "metric": "CWAgent/mem_used_percent",
              "source": "cloudwatch:ListMetrics (active in the last 3 hours)",
              "threshold": "present",
              "value": false,
            },
          ],
          "message": "i-nolaunch (web-1, m5.large) publishes no memory metric: no CloudWatch agent mem_used_percent or Windows memory counter.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:instance/i-nolaunch",
          "resourceId": "i-nolaunch",
          "resourceName": "web-1",
          "resourceType": "AWS::EC2::Instance",
          "status": "fail",
        },
      ]
    `);
  });

  it('missing slices and a gap on the agent memory listing', () => {
    const s = busy({}, [anEc2Instance()]);
    delete s.cloudwatch;
    expect(runCheck(memory, s)[0]?.status).toBe('unknown');
    const g = withGaps(busy({}, [anEc2Instance()]), aGapOn('cloudwatch.agentMemory'));
    expect(runCheck(memory, g)[0]?.status).toBe('unknown');
  });
});

describe('cloudwatch-slos-burn-rate-alarms (mutation kills)', () => {
  it('per SLO: pass with its alarms, fail with and without burn-rate windows', () => {
    const slos = [
      aServiceLevelObjective({ name: 'a' }),
      aServiceLevelObjective({ name: 'b' }),
      aServiceLevelObjective({
        name: 'c',
        burnRateWindowsMinutes: [],
        sliKind: undefined,
        metricType: undefined,
        goalAttainment: undefined,
      }),
    ];
    const r = runCheck(
      burnRate,
      busy({
        slos,
        metricAlarms: [
          aBurnRateAlarm('a'),
          aBurnRateAlarm('a', { name: 'a-5m', dimensions: { SloName: 'a', BurnRateWindowMinutes: '5' } }),
          aBurnRateAlarm('b', { hasActions: false }),
        ],
      }),
    );
    expect(r).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "SLI",
              "value": "latency / LATENCY",
            },
            {
              "label": "Attainment goal",
              "unit": "Percent",
              "value": 99.9,
            },
            {
              "label": "Burn-rate windows",
              "source": "application-signals:GetServiceLevelObjective",
              "unit": "minutes",
              "value": "5, 60",
            },
            {
              "label": "Burn-rate alarms",
              "source": "cloudwatch:DescribeAlarms",
              "threshold": ">= 1",
              "value": "a-burn-rate-60m, a-5m",
            },
          ],
          "message": "SLO a has 2 burn-rate alarm(s).",
          "resourceArn": "arn:aws:application-signals:eu-west-1:123456789012:slo/a",
          "resourceId": "a",
          "resourceName": "a",
          "resourceType": "AWS::ApplicationSignals::ServiceLevelObjective",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "SLI",
              "value": "latency / LATENCY",
            },
            {
              "label": "Attainment goal",
              "unit": "Percent",
              "value": 99.9,
            },
            {
              "label": "Burn-rate windows",
              "source": "application-signals:GetServiceLevelObjective",
              "unit": "minutes",
              "value": "5, 60",
            },
            {
              "label": "Burn-rate alarms",
              "source": "cloudwatch:DescribeAlarms",
              "threshold": ">= 1",
              "value": "none",
            },
          ],
          "message": "SLO b has no burn-rate alarm (burn-rate windows 5, 60 min are configured but nothing alarms on them).",
          "resourceArn": "arn:aws:application-signals:eu-west-1:123456789012:slo/b",
          "resourceId": "b",
          "resourceName": "b",
          "resourceType": "AWS::ApplicationSignals::ServiceLevelObjective",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "SLI",
              "value": null,
            },
            {
              "label": "Attainment goal",
              "unit": "Percent",
              "value": null,
            },
            {
              "label": "Burn-rate windows",
              "source": "application-signals:GetServiceLevelObjective",
              "unit": "minutes",
              "value": "none read",
            },
            {
              "label": "Burn-rate alarms",
              "source": "cloudwatch:DescribeAlarms",
              "threshold": ">= 1",
              "value": "none",
            },
          ],
          "message": "SLO c has no burn-rate alarm.",
          "resourceArn": "arn:aws:application-signals:eu-west-1:123456789012:slo/c",
          "resourceId": "c",
          "resourceName": "c",
          "resourceType": "AWS::ApplicationSignals::ServiceLevelObjective",
          "status": "fail",
        },
      ]
    `);
  });

  it('unit-wide: SLOs not collected, none defined (with and without workloads)', () => {
    expect(runCheck(burnRate, busy({ slos: undefined, metricAlarms: [aBurnRateAlarm('x')] })))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Alerting burn-rate alarms",
              "source": "cloudwatch:DescribeAlarms",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "Application Signals SLOs were not collected in this region, so SLOs and their burn-rate alarms cannot be judged.",
          "resourceId": "*",
          "resourceType": "AWS::ApplicationSignals::ServiceLevelObjective",
          "status": "unknown",
        },
      ]
    `);
    expect(runCheck(burnRate, busy({ slos: [], metricAlarms: [aBurnRateAlarm('x')] })))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Service level objectives",
              "source": "application-signals:ListServiceLevelObjectives",
              "threshold": ">= 1",
              "unit": "count",
              "value": 0,
            },
            {
              "label": "Alerting burn-rate alarms",
              "source": "cloudwatch:DescribeAlarms",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "No service level objective is defined (Application Signals); 0 burn-rate alarm(s) found.",
          "resourceId": "*",
          "resourceType": "AWS::ApplicationSignals::ServiceLevelObjective",
          "status": "fail",
        },
      ]
    `);
    expect(runCheck(burnRate, busy({ slos: [] }, []))[0]?.status).toBe('pass');
    expect(runCheck(burnRate, withGaps(busy({ slos: [] }), aGapOn('cloudwatch.slos')))[0]?.status).toBe(
      'unknown',
    );
  });
});

describe('cloudwatch checks (more mutation kills)', () => {
  const slo = (name: string, lb: string) =>
    aServiceLevelObjective({
      name,
      sliMetrics: [
        {
          namespace: 'AWS/ApplicationELB',
          metricName: 'TargetResponseTime',
          dimensions: { LoadBalancer: lb },
          stat: 'p99',
        },
      ],
    } as never);
  const on = (lb: string, o = {}) => aMetricAlarm({ dimensions: { LoadBalancer: lb }, ...o });

  it('names how an entry point is covered: SLOs only, alarms and SLOs, every name listed', () => {
    const r = runCheck(
      percentile,
      busy({
        latencyMetrics: [alb('app/slo/1'), alb('app/both/1')],
        metricAlarms: [
          on('app/both/1', { name: 'b1' }),
          on('app/both/1', { name: 'b2', extendedStatistic: 'p95' }),
        ],
        slos: [slo('s1', 'app/slo/1'), slo('s2', 'app/slo/1'), slo('s3', 'app/both/1')],
      }),
    );
    expect(r.map((x) => x.message)).toEqual([
      'Application Load Balancer app/slo/1 is watched by 2 latency SLO(s).',
      'Application Load Balancer app/both/1 is watched by 2 alerting p95+ alarm(s) and 1 latency SLO(s).',
    ]);
    expect(r[0]?.evidence.slice(1, 3).map((e) => e.value)).toEqual(['none', 's1, s2']);
    expect(r[1]?.evidence.slice(1, 3).map((e) => e.value)).toEqual(['b1, b2', 's3']);
  });

  it('counts silent percentile alarms at p95 and above only, and samples three other alarms', () => {
    const lb = 'app/x/1';
    const alarms = [
      on(lb, { name: 'p95-silent', extendedStatistic: 'p95', hasActions: false }),
      on(lb, { name: 'p94-silent', extendedStatistic: 'p94', hasActions: false }),
      on(lb, { name: 'avg-silent', extendedStatistic: undefined, statistic: 'Average', hasActions: false }),
      on(lb, { name: 'avg', extendedStatistic: undefined, statistic: 'Average' }),
      on(lb, { name: 'max', extendedStatistic: undefined, statistic: 'Maximum' }),
    ];
    const [r] = runCheck(percentile, busy({ latencyMetrics: [alb(lb)], metricAlarms: alarms }));
    expect(r?.message).toBe(
      'Application Load Balancer app/x/1 has no alerting alarm on p95+ latency and no latency SLO (5 alarm(s) on its latency, 1 percentile alarm(s) without an action).',
    );
    expect(r?.evidence[3]?.value).toBe('p95-silent (p95), p94-silent (p94), avg-silent (Average)');
  });

  it('names an API Gateway stage', () => {
    const [r] = runCheck(
      percentile,
      busy({
        latencyMetrics: [
          {
            namespace: 'AWS/ApiGateway',
            metricName: 'Latency',
            dimensions: { ApiName: 'orders', Stage: 'prod' },
          },
        ],
      }),
    );
    expect(r?.resourceName).toMatch(/ orders \(Stage prod\)$/);
  });

  it('a partial gap on the alarms turns per-entry-point and unit-wide failures unknown, never a pass', () => {
    const gap = aResourceGapOn('cloudwatch.alarms', ['x']);
    const [ep] = runCheck(percentile, withGaps(busy({ latencyMetrics: [alb('app/x/1')] }), gap));
    expect(ep?.status).toBe('unknown');
    const cpu = aMetricAlarm({
      name: 'cpu',
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: 'i-1' },
    });
    const fnP99 = aMetricAlarm({
      name: 'fn',
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions: { FunctionName: 'f' },
    });
    // Unit-wide results are judged by the check itself (the engine makes any unit-wide result under a gap unknown).
    const direct = (sn: ReturnType<typeof busy>) =>
      percentile.evaluate(sn, { thresholds: defaultThresholds(percentile), now: TEST_NOW })[0]?.status;
    expect(direct(withGaps(busy({ metricAlarms: [cpu] }), gap))).toBe('unknown');
    expect(direct(withGaps(busy({ metricAlarms: [fnP99] }), gap))).toBe('pass');
    // A pass in a region without workloads stays the pass it is.
    expect(runCheck(percentile, busy({ metricAlarms: [fnP99] }, []))[0]?.message).toBe(
      'No request entry point emits latency here; 1 latency alarm(s) alert on p95 or higher, e.g. fn (p99).',
    );
  });

  it('memory: the check itself answers a missing EC2 slice; a partial gap on the agent listing makes a failure unknown', () => {
    const s = busy({}, [anEc2Instance()]);
    delete s.ec2;
    expect(memory.evaluate(s, { thresholds: {}, now: TEST_NOW }).map((x) => x.status)).toEqual(['unknown']);
    const g = withGaps(busy({}, [anEc2Instance()]), aResourceGapOn('cloudwatch.agentMemory', ['i-other']));
    expect(runCheck(memory, g)[0]?.status).toBe('unknown');
  });

  it('burn rate: partial gaps make the per-SLO and the no-SLO failures unknown, also without workloads', () => {
    const alarmsGap = aResourceGapOn('cloudwatch.alarms', ['x']);
    expect(
      runCheck(burnRate, withGaps(busy({ slos: [aServiceLevelObjective()] }), alarmsGap))[0]?.status,
    ).toBe('unknown');
    const slosGap = aResourceGapOn('cloudwatch.slos', ['x']);
    const direct = (sn: ReturnType<typeof busy>) =>
      burnRate.evaluate(sn, { thresholds: {}, now: TEST_NOW })[0]?.status;
    expect(direct(withGaps(busy({ slos: [] }), slosGap))).toBe('unknown');
    expect(direct(withGaps(busy({ slos: [] }, []), slosGap))).toBe('unknown');
    expect(direct(busy({ slos: [] }, []))).toBe('pass');
    expect(direct(busy({ slos: [] }))).toBe('fail');
  });
});
