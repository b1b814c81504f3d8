/**
 * The score in CloudWatch, as synthesized: the dashboard over the Digest step's EMF metrics and the alarm on
 * any control's level dropping, wired to the same SNS topic as the scanner's own alarms; cdk-nag clean.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { PerfscanStack } from '#lib/infra/perfscan-stack.js';

let stack: PerfscanStack;
let template: Template;

beforeAll(() => {
  stack = new PerfscanStack(new App(), 'Perfscan', {
    env: { account: '111111111111', region: 'eu-west-1' },
    accounts: ['222222222222'],
    regions: ['eu-west-1'],
    alarmEmail: 'ops@example.com',
  });
  template = Template.fromStack(stack);
}, 120_000);

describe('score metrics in the stack', () => {
  it('has a dashboard with levels per control, failing and debt, savings', () => {
    const [dash] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dash?.Properties?.DashboardBody);
    for (const metric of [
      'ControlLevel',
      'FailingProblems',
      'OpenDebt',
      'EstimatedMonthlySavingsUsd',
      'MonthlyCostOfDelayUsd',
      'ControlLevelDrops',
    ])
      expect(body).toContain(metric);
    expect(body).toContain('{Perfscan,service,AccountId,Control}');
  });

  it('alarms on any control level drop, to the same topic as the run-failed alarm', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const drop = Object.values(alarms).find((a) => a.Properties.MetricName === 'ControlLevelDrops');
    const failed = Object.entries(alarms).find(([id]) => id.startsWith('RunFailedAlarm'))?.[1];
    expect(drop?.Properties).toMatchObject({
      Namespace: 'Perfscan',
      Dimensions: [{ Name: 'service', Value: 'perfscan' }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(drop?.Properties.AlarmActions).toEqual(failed?.Properties.AlarmActions);
    template.hasResourceProperties(
      'AWS::SNS::Subscription',
      Match.objectLike({ Endpoint: 'ops@example.com' }),
    );
  });

  it('stays cdk-nag clean', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
