/**
 * Kills mutants of the Auto Scaling checks (npm run mutation; docs/testing.md, 2026-12-06): whole results of each
 * outcome, the daily-cycle thresholds (minimum days, peak-to-mean ratio, minimum peak, share of cyclic days) on
 * both sides of the exact value, predictive policies that scale or only forecast, scheduled actions, external
 * scalers, and the scalable targets' one-time versus recurring actions.
 */
import { describe, expect, it } from 'vitest';
import { autoscalingGroupPredictiveScalingCyclic as cyclic } from '#lib/checks/autoscaling/autoscaling-group-predictive-scaling-cyclic.js';
import { autoscalingGroupScalingPolicyConfigured as groupPolicy } from '#lib/checks/autoscaling/autoscaling-group-scaling-policy-configured.js';
import { autoscalingScalableTargetScalingPolicyConfigured as targetPolicy } from '#lib/checks/autoscaling/autoscaling-scalable-target-scaling-policy-configured.js';
import type { AutoScalingSlice, MetricSummary, Snapshot } from '#lib/model/index.js';
import type { CheckDefinition } from '#lib/checks/types.js';
import {
  aGapOn,
  aMetricSummary,
  aScalableTarget,
  aScalingPolicy,
  aScheduledAction,
  aSnapshot,
  anAutoScalingGroup,
  runCheck,
  withGaps,
  withMetrics,
  defaultThresholds,
  TEST_NOW,
} from '#test/builders/index.js';

const G = 'web-asg';
const snap = (as: Partial<AutoScalingSlice>, ...metrics: MetricSummary[]) =>
  withMetrics(aSnapshot({ autoscaling: as }), ...metrics);

/** Group CPU series: the total (Sum) with daily means and peak hours, and the Average with its daily peaks. */
function groupCpu(means: number[], maxes: number[], avgMaxes: number[], name = G): MetricSummary[] {
  const dims = { AutoScalingGroupName: name };
  return [
    aMetricSummary({ dimensions: dims, stat: 'Sum', dailyMeans: means, dailyMaxes: maxes }),
    aMetricSummary({ dimensions: dims, stat: 'Average', dailyMeans: avgMaxes, dailyMaxes: avgMaxes }),
  ];
}
const fourteen = (v: number) => Array.from({ length: 14 }, () => v);
/**
 * The check's own status (the engine answers any result under a whole-slice gap of a needed slice unknown before
 * the check runs, so the check's own "fail unless blind" is only seen directly).
 */
const direct = (check: CheckDefinition, s: Snapshot) =>
  check.evaluate(s, { thresholds: defaultThresholds(check), now: TEST_NOW })[0]?.status;

describe('autoscaling-group-predictive-scaling-cyclic (mutation kills)', () => {
  const run = (as: Partial<AutoScalingSlice>, m: MetricSummary[], t: Record<string, number> = {}) =>
    runCheck(cyclic, snap({ groups: [anAutoScalingGroup()], ...as }, ...m), t)[0];

  it('a cyclic group without predictive scaling fails with the whole evidence', () => {
    expect(run({}, groupCpu(fourteen(100), fourteen(150), fourteen(30)))).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Days whose peak hour of total CPU is >= ratio x the daily mean, with average CPU >= min peak",
            "metric": "AWS/EC2/CPUUtilization",
            "statistic": "daily max / daily mean of hourly Sum (group total, ASGTotalCPUUtilization); peak of hourly Average (AutoScalingGroupName)",
            "threshold": ">= 80% of 14 days (ratio 1.5, peak 30%)",
            "unit": "days",
            "value": 14,
            "window": "14 days, 1-hour periods",
          },
          {
            "label": "Median peak-to-mean ratio of total CPU",
            "unit": "ratio",
            "value": 1.5,
          },
          {
            "label": "Predictive scaling policies",
            "source": "autoscaling:DescribePolicies",
            "value": "none",
          },
          {
            "label": "Recurring scheduled actions",
            "source": "autoscaling:DescribeScheduledActions",
            "unit": "count",
            "value": 0,
          },
        ],
        "message": "web-asg has a daily load cycle on 14 of 14 days (median peak hour of total CPU 1.5x the daily mean) and no predictive scaling policy.",
        "resourceArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/web-asg",
        "resourceId": "web-asg",
        "resourceName": "web-asg",
        "resourceType": "AWS::AutoScaling::AutoScalingGroup",
        "status": "fail",
      }
    `);
  });

  it('a day cycles at exactly ratio 1.5 and peak 30%, not just below either', () => {
    expect(run({}, groupCpu(fourteen(100), fourteen(150), fourteen(30)))?.status).toBe('fail');
    expect(run({}, groupCpu(fourteen(100), fourteen(149.9), fourteen(30)))?.status).toBe('pass');
    expect(run({}, groupCpu(fourteen(100), fourteen(150), fourteen(29.9)))?.status).toBe('pass');
  });

  it('cyclic at exactly 80% of the days; the pass says how many days cycle', () => {
    // 10 days: 8 cyclic (80%) vs 7 (70%).
    const maxes = (k: number) => Array.from({ length: 10 }, (_, i) => (i < k ? 200 : 110));
    const ten = (v: number) => Array.from({ length: 10 }, () => v);
    expect(run({}, groupCpu(ten(100), maxes(8), ten(50)))?.status).toBe('fail');
    const pass = run({}, groupCpu(ten(100), maxes(7), ten(50)));
    expect([pass?.status, pass?.message]).toEqual([
      'pass',
      'web-asg has no daily load cycle: 7 of 10 days cycle (median peak hour of total CPU 2x the daily mean), fewer than 80%.',
    ]);
    expect(pass?.evidence[1]).toEqual({
      label: 'Median peak-to-mean ratio of total CPU',
      value: 2,
      unit: 'ratio',
    });
  });

  it('unknown: missing total, missing average, fewer than 7 usable days (7 is enough; zero-mean days do not count)', () => {
    const [sum, avg] = groupCpu(fourteen(100), fourteen(150), fourteen(30));
    expect(run({}, [avg!])).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Days with hourly total and average CPU data",
            "metric": "AWS/EC2/CPUUtilization",
            "statistic": "Sum and Average (AutoScalingGroupName)",
            "threshold": ">= 7",
            "unit": "days",
            "value": 0,
          },
        ],
        "message": "web-asg: hourly group CPU cannot judge a daily cycle: the total (Sum) series is missing.",
        "resourceArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/web-asg",
        "resourceId": "web-asg",
        "resourceName": "web-asg",
        "resourceType": "AWS::AutoScaling::AutoScalingGroup",
        "status": "unknown",
      }
    `);
    expect(run({}, [sum!])?.message).toBe(
      'web-asg: hourly group CPU cannot judge a daily cycle: the Average series is missing.',
    );
    const six = groupCpu(
      [0, ...Array.from({ length: 6 }, () => 100)],
      fourteen(150).slice(0, 7),
      fourteen(30).slice(0, 7),
    );
    expect(run({}, six)).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Days with hourly total and average CPU data",
            "metric": "AWS/EC2/CPUUtilization",
            "statistic": "Sum and Average (AutoScalingGroupName)",
            "threshold": ">= 7",
            "unit": "days",
            "value": 6,
          },
        ],
        "message": "web-asg: 6 days of hourly group CPU, fewer than the 7 needed to judge a daily cycle.",
        "resourceArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/web-asg",
        "resourceId": "web-asg",
        "resourceName": "web-asg",
        "resourceType": "AWS::AutoScaling::AutoScalingGroup",
        "status": "unknown",
      }
    `);
    const seven = groupCpu(
      Array.from({ length: 7 }, () => 100),
      fourteen(150).slice(0, 7),
      fourteen(30).slice(0, 7),
    );
    expect(run({}, seven)?.status).toBe('fail');
  });

  it('only the last days all three series have are compared', () => {
    // The total has 14 days, the average only its last 7: day i of the average is day 7 + i of the total.
    const means = fourteen(100);
    const maxes = [...fourteen(200).slice(0, 7), ...fourteen(110).slice(0, 7)];
    const r = run({}, groupCpu(means, maxes, fourteen(50).slice(0, 7)));
    expect([r?.status, r?.message]).toEqual([
      'pass',
      'web-asg has no daily load cycle: 0 of 7 days cycle (median peak hour of total CPU 1.1x the daily mean), fewer than 80%.',
    ]);
  });

  it('predictive scaling that scales passes; ForecastOnly fails low; scheduled actions make it low; parked groups skipped', () => {
    const m = groupCpu(fourteen(100), fourteen(150), fourteen(30));
    const pred = (o = {}) => aScalingPolicy({ policyName: 'pred', policyType: 'PredictiveScaling', ...o });
    expect(run({ policies: [pred({ predictiveMode: 'ForecastAndScale' })] }, m)?.message).toBe(
      'web-asg has a daily load cycle on 14 of 14 days (median peak hour of total CPU 1.5x the daily mean) and predictive scaling pred.',
    );
    const forecast = run({ policies: [pred({ predictiveMode: 'ForecastOnly' })] }, m);
    expect([forecast?.status, forecast?.severity, forecast?.message, forecast?.evidence[2]?.value]).toEqual([
      'fail',
      'low',
      'web-asg has a daily load cycle on 14 of 14 days (median peak hour of total CPU 1.5x the daily mean); its predictive policy runs ForecastOnly and does not scale.',
      'pred (ForecastOnly)',
    ]);
    expect(run({ policies: [pred({ predictiveMode: undefined })] }, m)?.evidence[2]?.value).toBe(
      'pred (mode not reported)',
    );
    const disabled = run(
      {
        policies: [
          pred({ enabled: false }),
          pred({ resourceId: 'other' }),
          pred({ namespace: 'ecs' }),
          aScalingPolicy(),
        ],
      },
      m,
    );
    expect([disabled?.status, disabled?.severity, disabled?.evidence[2]?.value]).toEqual([
      'fail',
      undefined,
      'none',
    ]);
    const sched = run(
      {
        scheduledActions: [
          aScheduledAction(),
          aScheduledAction({ recurrence: undefined }),
          aScheduledAction({ resourceId: 'x' }),
        ],
      },
      m,
    );
    expect([sched?.severity, sched?.message, sched?.evidence[3]?.value]).toEqual([
      'low',
      'web-asg has a daily load cycle on 14 of 14 days (median peak hour of total CPU 1.5x the daily mean) and no predictive scaling policy; 1 recurring scheduled action(s) cover it by hand.',
      1,
    ]);
    const blind = withGaps(snap({ groups: [anAutoScalingGroup()] }, ...m), aGapOn('autoscaling.policies'));
    expect(direct(cyclic, blind)).toBe('unknown');
    expect(
      runCheck(
        cyclic,
        snap({ groups: [anAutoScalingGroup({ maxSize: 0, minSize: 0, desiredCapacity: 0 })] }, ...m),
      ),
    ).toEqual([]);
  });
});

describe('autoscaling-group-scaling-policy-configured (mutation kills)', () => {
  const run = (as: Partial<AutoScalingSlice>) => runCheck(groupPolicy, snap(as));

  it('whole results: scales by policy and schedule, fixed size, only forecast policies, external scaler', () => {
    const groups = [
      anAutoScalingGroup({ name: 'a' }),
      anAutoScalingGroup({ name: 'fixed', minSize: 3, maxSize: 3, desiredCapacity: 3 }),
      anAutoScalingGroup({ name: 'forecast' }),
      anAutoScalingGroup({ name: 'k8s', tags: { 'k8s.io/cluster-autoscaler/prod': 'owned' } }),
      anAutoScalingGroup({ name: 'none' }),
      anAutoScalingGroup({ name: 'parked', minSize: 0, maxSize: 0, desiredCapacity: 0 }),
    ];
    const policies = [
      aScalingPolicy({ resourceId: 'a' }),
      aScalingPolicy({ resourceId: 'fixed' }),
      aScalingPolicy({
        resourceId: 'forecast',
        policyName: 'p',
        policyType: 'PredictiveScaling',
        predictiveMode: 'ForecastOnly',
      }),
      aScalingPolicy({ resourceId: 'none', enabled: false }),
    ];
    expect(run({ groups, policies, scheduledActions: [aScheduledAction({ resourceId: 'a' })] }))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Min / desired / max",
              "source": "autoscaling:DescribeAutoScalingGroups",
              "threshold": "min < max",
              "value": "2 / 2 / 10",
            },
            {
              "label": "Scaling policies",
              "source": "autoscaling:DescribePolicies",
              "value": "cpu50 (TargetTrackingScaling)",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 1,
            },
          ],
          "message": "a (min 2, max 10) scales with 1 scaling policy(ies) and 1 recurring scheduled action(s).",
          "resourceArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/a",
          "resourceId": "a",
          "resourceName": "a",
          "resourceType": "AWS::AutoScaling::AutoScalingGroup",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Min / desired / max",
              "source": "autoscaling:DescribeAutoScalingGroups",
              "threshold": "min < max",
              "value": "3 / 3 / 3",
            },
            {
              "label": "Scaling policies",
              "source": "autoscaling:DescribePolicies",
              "value": "cpu50 (TargetTrackingScaling)",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "fixed cannot scale: min = max = 3, so its 1 policy(ies) cannot change capacity.",
          "resourceArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/fixed",
          "resourceId": "fixed",
          "resourceName": "fixed",
          "resourceType": "AWS::AutoScaling::AutoScalingGroup",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Min / desired / max",
              "source": "autoscaling:DescribeAutoScalingGroups",
              "threshold": "min < max",
              "value": "2 / 2 / 10",
            },
            {
              "label": "Scaling policies",
              "source": "autoscaling:DescribePolicies",
              "value": "p (PredictiveScaling ForecastOnly)",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "forecast (min 2, max 10) has only forecast-only predictive policies: capacity changes only by hand.",
          "resourceArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/forecast",
          "resourceId": "forecast",
          "resourceName": "forecast",
          "resourceType": "AWS::AutoScaling::AutoScalingGroup",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Min / desired / max",
              "source": "autoscaling:DescribeAutoScalingGroups",
              "threshold": "min < max",
              "value": "2 / 2 / 10",
            },
            {
              "label": "Scaling policies",
              "source": "autoscaling:DescribePolicies",
              "value": "none",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 0,
            },
            {
              "label": "Scaled by",
              "source": "group tags",
              "value": "Kubernetes Cluster Autoscaler",
            },
          ],
          "message": "k8s (min 2, max 10) scales with scaling by Kubernetes Cluster Autoscaler.",
          "resourceArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/k8s",
          "resourceId": "k8s",
          "resourceName": "k8s",
          "resourceType": "AWS::AutoScaling::AutoScalingGroup",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Min / desired / max",
              "source": "autoscaling:DescribeAutoScalingGroups",
              "threshold": "min < max",
              "value": "2 / 2 / 10",
            },
            {
              "label": "Scaling policies",
              "source": "autoscaling:DescribePolicies",
              "value": "none",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "none (min 2, max 10) has no scaling policy: capacity changes only by hand.",
          "resourceArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/none",
          "resourceId": "none",
          "resourceName": "none",
          "resourceType": "AWS::AutoScaling::AutoScalingGroup",
          "status": "fail",
        },
      ]
    `);
  });

  it('a fixed size without policies, and gaps that make failures unknown', () => {
    const fixed = anAutoScalingGroup({ name: 'fixed', minSize: 2, maxSize: 2 });
    expect(run({ groups: [fixed] })[0]?.message).toBe('fixed cannot scale: min = max = 2.');
    const blind = withGaps(snap({ groups: [fixed] }), aGapOn('autoscaling.scheduledActions'));
    expect(direct(groupPolicy, blind)).toBe('unknown');
    const blindPolicies = withGaps(snap({ groups: [anAutoScalingGroup()] }), aGapOn('autoscaling.policies'));
    expect(direct(groupPolicy, blindPolicies)).toBe('unknown');
  });
});

describe('autoscaling-scalable-target-scaling-policy-configured (mutation kills)', () => {
  it('whole results: policy, recurring schedule only, one-time action only, fixed, none, parked', () => {
    const t = (resourceId: string, o = {}) => aScalableTarget({ resourceId, ...o });
    const targets = [
      t('service/p/policy'),
      t('service/p/cron', { minCapacity: 2, maxCapacity: 2 }),
      t('service/p/once'),
      t('service/p/fixed', { minCapacity: 5, maxCapacity: 4 }),
      t('service/p/none'),
      t('service/p/parked', { minCapacity: 0, maxCapacity: 0 }),
    ];
    const policies = [
      aScalingPolicy({
        namespace: 'ecs',
        resourceId: 'service/p/policy',
        policyName: 'cpu',
        policyType: 'TargetTrackingScaling',
      }),
      aScalingPolicy({ namespace: 'ecs', resourceId: 'service/p/none', enabled: false }),
      aScalingPolicy({ namespace: 'asg', resourceId: 'service/p/fixed' }),
    ];
    const scheduledActions = [
      aScheduledAction({ namespace: 'ecs', resourceId: 'service/p/cron', recurrence: 'cron(0 7 * * ? *)' }),
      aScheduledAction({
        namespace: 'ecs',
        resourceId: 'service/p/once',
        recurrence: 'at(2025-07-01T00:00:00)',
      }),
      aScheduledAction({ namespace: 'ecs', resourceId: 'service/p/none', recurrence: undefined }),
    ];
    expect(runCheck(targetPolicy, snap({ scalableTargets: targets, policies, scheduledActions })))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Min / max capacity",
              "source": "application-autoscaling:DescribeScalableTargets",
              "threshold": "min < max",
              "value": "2 / 20",
            },
            {
              "label": "Scaling policies",
              "source": "application-autoscaling:DescribeScalingPolicies",
              "value": "cpu (TargetTrackingScaling)",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "application-autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "service/p/policy (ecs:service:DesiredCount) scales between 2 and 20 with 1 policy(ies) and 0 recurring scheduled action(s).",
          "resourceId": "ecs:service/p/policy:ecs:service:DesiredCount",
          "resourceName": "service/p/policy",
          "resourceType": "AWS::ApplicationAutoScaling::ScalableTarget",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Min / max capacity",
              "source": "application-autoscaling:DescribeScalableTargets",
              "threshold": "min < max",
              "value": "2 / 2",
            },
            {
              "label": "Scaling policies",
              "source": "application-autoscaling:DescribeScalingPolicies",
              "value": "none",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "application-autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 1,
            },
          ],
          "message": "service/p/cron (ecs:service:DesiredCount) scales between 2 and 2 with 0 policy(ies) and 1 recurring scheduled action(s).",
          "resourceId": "ecs:service/p/cron:ecs:service:DesiredCount",
          "resourceName": "service/p/cron",
          "resourceType": "AWS::ApplicationAutoScaling::ScalableTarget",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Min / max capacity",
              "source": "application-autoscaling:DescribeScalableTargets",
              "threshold": "min < max",
              "value": "2 / 20",
            },
            {
              "label": "Scaling policies",
              "source": "application-autoscaling:DescribeScalingPolicies",
              "value": "none",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "application-autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "service/p/once (ecs:service:DesiredCount) is registered for scaling (min 2, max 20) but has no scaling policy or recurring scheduled action.",
          "resourceId": "ecs:service/p/once:ecs:service:DesiredCount",
          "resourceName": "service/p/once",
          "resourceType": "AWS::ApplicationAutoScaling::ScalableTarget",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Min / max capacity",
              "source": "application-autoscaling:DescribeScalableTargets",
              "threshold": "min < max",
              "value": "5 / 4",
            },
            {
              "label": "Scaling policies",
              "source": "application-autoscaling:DescribeScalingPolicies",
              "value": "none",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "application-autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "service/p/fixed (ecs:service:DesiredCount) cannot scale: min = max = 4.",
          "resourceId": "ecs:service/p/fixed:ecs:service:DesiredCount",
          "resourceName": "service/p/fixed",
          "resourceType": "AWS::ApplicationAutoScaling::ScalableTarget",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Min / max capacity",
              "source": "application-autoscaling:DescribeScalableTargets",
              "threshold": "min < max",
              "value": "2 / 20",
            },
            {
              "label": "Scaling policies",
              "source": "application-autoscaling:DescribeScalingPolicies",
              "value": "none",
            },
            {
              "label": "Recurring scheduled actions",
              "source": "application-autoscaling:DescribeScheduledActions",
              "unit": "count",
              "value": 0,
            },
          ],
          "message": "service/p/none (ecs:service:DesiredCount) is registered for scaling (min 2, max 20) but has no scaling policy or recurring scheduled action.",
          "resourceId": "ecs:service/p/none:ecs:service:DesiredCount",
          "resourceName": "service/p/none",
          "resourceType": "AWS::ApplicationAutoScaling::ScalableTarget",
          "status": "fail",
        },
      ]
    `);
  });

  it('a gap on the target policies or schedules makes a failure unknown', () => {
    const s = withGaps(
      snap({ scalableTargets: [aScalableTarget()] }),
      aGapOn('autoscaling.scalableTargets.policies'),
    );
    expect(direct(targetPolicy, s)).toBe('unknown');
    const f = withGaps(
      snap({ scalableTargets: [aScalableTarget({ minCapacity: 1, maxCapacity: 1 })] }),
      aGapOn('autoscaling.scalableTargets.scheduledActions'),
    );
    expect(direct(targetPolicy, f)).toBe('unknown');
  });
});
