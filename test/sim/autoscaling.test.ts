import { describe, expect, it } from 'vitest';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { createSimulatedAccount, type SimMetricQuery } from '#lib/sim/index.js';
import { autoscalingSimState } from '#lib/sim/autoscaling.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

const REGION = 'eu-west-1';

function cpu(account: ReturnType<typeof createSimulatedAccount>, group: string): number[] {
  const end = account.options.now;
  const q: SimMetricQuery = {
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { AutoScalingGroupName: group },
    stat: 'Average',
    periodSeconds: 3600,
    start: new Date(end.getTime() - 14 * 86_400_000),
    end,
  };
  return account.metricValues(q, REGION).map((v) => v ?? 0);
}

describe('autoscaling simulation', () => {
  it('builds the deliberate groups from the EC2 instances tagged with their group', () => {
    const account = createSimulatedAccount();
    const s = autoscalingSimState(account, REGION);
    const tagged = new Map<string, string>();
    for (const i of ec2SimState(account, REGION).instances) {
      const g = i.Tags?.find((t) => t.Key === 'aws:autoscaling:groupName')?.Value;
      if (g && i.InstanceId && i.State?.Name !== 'terminated') tagged.set(i.InstanceId, g);
    }
    for (const [id, g] of tagged) {
      expect(
        s.groups.find((x) => x.AutoScalingGroupName === g)?.Instances?.some((i) => i.InstanceId === id),
      ).toBe(true);
    }
    const policyTypes = (g: string) =>
      s.policies
        .filter((p) => p.AutoScalingGroupName === g)
        .map((p) => p.PolicyType)
        .sort();
    const names = s.groups.map((g) => g.AutoScalingGroupName ?? '');
    const [tt, fixed, step, predictive] = names;
    expect(policyTypes(tt ?? '')).toEqual(['TargetTrackingScaling']);
    expect(policyTypes(fixed ?? '')).toEqual([]);
    const f = s.groups[1];
    expect(f?.MinSize).toBe(f?.MaxSize);
    expect(policyTypes(step ?? '')).toEqual(['StepScaling']);
    expect(policyTypes(predictive ?? '')).toEqual(['PredictiveScaling', 'TargetTrackingScaling']);
  });

  it('gives the step-scaling group a daily CPU cycle and the fixed group a flat one', () => {
    const account = createSimulatedAccount();
    const names = autoscalingSimState(account, REGION).groups.map((g) => g.AutoScalingGroupName ?? '');
    const spread = (v: number[]) => Math.max(...v) - Math.min(...v);
    const step = cpu(account, names[2] ?? '');
    expect(step).toHaveLength(14 * 24);
    expect(spread(step)).toBeGreaterThan(50);
    expect(spread(cpu(account, names[1] ?? ''))).toBeLessThan(15);
  });

  it('is empty outside busy regions and scales with the account', () => {
    const quiet = autoscalingSimState(createSimulatedAccount(), 'eu-central-1');
    expect(quiet.groups).toEqual([]);
    expect(quiet.scalableTargets).toEqual([]);
    expect(
      autoscalingSimState(createSimulatedAccount({ scale: 10 }), REGION).groups.length,
    ).toBeGreaterThanOrEqual(50);
  });

  it('answers with SDK shapes, enforces the page caps and the required namespace', async () => {
    const account = createSimulatedAccount();
    const clients = simClientFactory(account, REGION);
    const groups = await clients
      .get(AutoScalingClient)
      .send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 100 }));
    expect(groups.AutoScalingGroups?.[0]?.CreatedTime).toBeInstanceOf(Date);
    await expect(
      clients.get(AutoScalingClient).send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 101 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const app = clients.get(ApplicationAutoScalingClient);
    await expect(
      app.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', MaxResults: 11 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(app.send(new DescribeScalableTargetsCommand({} as never))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const ddb = await app.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb' }));
    expect(ddb.ScalableTargets?.map((t) => t.ScalableDimension).sort()).toEqual([
      'dynamodb:table:ReadCapacityUnits',
      'dynamodb:table:WriteCapacityUnits',
    ]);
  });
});
