import { describe, expect, it } from 'vitest';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { autoscalingSimState } from '#lib/sim/autoscaling.js';
import { APP_AUTOSCALING_NAMESPACES, autoscalingCollector } from '#lib/collect/autoscaling.js';
import { metricKey } from '#lib/model/index.js';
import { iamActionFor } from '#lib/collect/iam.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { collectUnit } from '#lib/collect/unit.js';

const REGION = 'eu-west-1';

describe('autoscalingCollector', () => {
  it('normalizes groups, policies, scheduled actions and scalable targets', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, REGION);

    const out = await autoscalingCollector.collect(ctx);
    const slice = out.autoscaling;

    const sim = autoscalingSimState(account, REGION);
    expect(slice?.groups).toHaveLength(sim.groups.length);
    const policiesOf = (name: string) =>
      slice?.policies.filter((p) => p.namespace === 'asg' && p.resourceId === name) ?? [];
    // min = max and no policy.
    const fixed = slice?.groups.find((g) => g.minSize === g.maxSize);
    expect(fixed).toBeDefined();
    expect(policiesOf(fixed?.name ?? '')).toEqual([]);
    expect(fixed?.instanceIds.length).toBe(fixed?.desiredCapacity);
    expect(fixed?.instanceTypes.length).toBeGreaterThan(0);
    // Step scaling only, and predictive ForecastAndScale elsewhere.
    expect(slice?.policies.some((p) => p.policyType === 'StepScaling')).toBe(true);
    expect(slice?.policies.find((p) => p.policyType === 'PredictiveScaling')).toMatchObject({
      namespace: 'asg',
      predictiveMode: 'ForecastAndScale',
      enabled: true,
    });
    expect(slice?.scheduledActions).toContainEqual(
      expect.objectContaining({ namespace: 'asg', recurrence: '0 7 * * MON-FRI' }),
    );
    // Application Auto Scaling.
    expect(slice?.scalableTargets).toContainEqual({
      namespace: 'ecs',
      resourceId: 'service/prod-cluster/orders-svc',
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: 2,
      maxCapacity: 20,
    });
    expect(
      slice?.scalableTargets.some((t) => t.namespace === 'dynamodb' && t.resourceId === 'table/orders'),
    ).toBe(true);
    expect(slice?.policies).toContainEqual(
      expect.objectContaining({
        namespace: 'ecs',
        resourceId: 'service/prod-cluster/orders-svc',
        policyType: 'TargetTrackingScaling',
      }),
    );
    expect(slice?.scheduledActions).toContainEqual(
      expect.objectContaining({
        namespace: 'dynamodb',
        resourceId: 'table/orders',
        recurrence: 'cron(0 6 ? * MON-FRI *)',
      }),
    );
    expect(ctx.gaps).toEqual([]);
  });

  it('pages at the maximum sizes: calls grow with ceil(N / page), one target listing per namespace', async () => {
    const account = createSimulatedAccount({ scale: 50 });
    const ctx = simCollectorContext(account, REGION);
    const sim = autoscalingSimState(account, REGION);
    expect(sim.groups.length).toBeGreaterThan(200);

    await autoscalingCollector.collect(ctx);

    const calls = (name: string, client: string) =>
      account.calls.filter((c) => c.commandName === name && c.clientName === client);
    expect(calls('DescribeAutoScalingGroupsCommand', 'AutoScalingClient')).toHaveLength(
      Math.ceil(sim.groups.length / 100),
    );
    expect(calls('DescribePoliciesCommand', 'AutoScalingClient')).toHaveLength(
      Math.ceil(sim.policies.length / 100),
    );
    expect(calls('DescribeScheduledActionsCommand', 'AutoScalingClient')).toHaveLength(
      Math.max(1, Math.ceil(sim.scheduledActions.length / 100)),
    );
    for (const c of account.calls.filter((x) => x.clientName === 'AutoScalingClient'))
      expect(c.input.MaxRecords).toBe(100);

    const targets = calls('DescribeScalableTargetsCommand', 'ApplicationAutoScalingClient');
    expect(targets.map((c) => c.input.ServiceNamespace).sort()).toEqual(
      [...APP_AUTOSCALING_NAMESPACES].sort(),
    );
    expect(targets.every((c) => c.input.MaxResults === 50)).toBe(true);
    // Policies and scheduled actions only where targets exist (ecs, dynamodb, rds here), 10 policies per page.
    const withTargets = new Set(sim.scalableTargets.map((t) => t.ServiceNamespace));
    const policyCalls = calls('DescribeScalingPoliciesCommand', 'ApplicationAutoScalingClient');
    expect(new Set(policyCalls.map((c) => c.input.ServiceNamespace))).toEqual(withTargets);
    expect(policyCalls.every((c) => c.input.MaxResults === 10)).toBe(true);
    expect(calls('DescribeScheduledActionsCommand', 'ApplicationAutoScalingClient')).toHaveLength(
      withTargets.size,
    );
  });

  it('queues the hourly average and total (Sum) CPU of every group for daily-cycle detection', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, REGION);

    const out = await autoscalingCollector.collect(ctx);

    const groups = out.autoscaling?.groups ?? [];
    expect(ctx.requested).toHaveLength(groups.length * 2);
    expect(ctx.requested.map(metricKey).sort()).toEqual(
      groups
        .flatMap((g) =>
          (['Average', 'Sum'] as const).map((stat) =>
            metricKey({
              namespace: 'AWS/EC2',
              metricName: 'CPUUtilization',
              dimensions: { AutoScalingGroupName: g.name },
              stat,
              periodSeconds: 3600,
            }),
          ),
        )
        .sort(),
    );
  });

  it('the simulated target-tracking group has a flat average but a cycling total (through the batcher)', async () => {
    const account = createSimulatedAccount();
    const unit = { accountId: account.accountId, region: REGION, global: false };
    const clients = createClientFactory({ region: REGION, simulator: account });
    const snap = await collectUnit(unit, {
      scanId: 's',
      services: ['autoscaling'],
      clients,
      now: account.options.now,
    });
    const series = (stat: string) =>
      snap.metrics[
        metricKey({
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: { AutoScalingGroupName: 'web-asg' },
          stat,
          periodSeconds: 3600,
        })
      ];
    const ratio = (s: ReturnType<typeof series>) => (s?.dailyMaxes?.[3] ?? 0) / (s?.dailyMeans?.[3] ?? 1);
    expect(series('Sum')?.datapoints).toBe(14 * 24);
    expect(ratio(series('Average'))).toBeLessThan(1.3);
    expect(ratio(series('Sum'))).toBeGreaterThan(1.5);
  });

  it('records gaps on the failing slices and keeps the rest', async () => {
    const account = createSimulatedAccount({
      faults: [
        { commandName: 'DescribePoliciesCommand', kind: 'accessDenied', times: Infinity },
        {
          clientName: 'ApplicationAutoScalingClient',
          commandName: 'DescribeScalableTargetsCommand',
          kind: 'accessDenied',
          times: Infinity,
        },
      ],
    });
    const ctx = simCollectorContext(account, REGION);

    const out = await autoscalingCollector.collect(ctx);

    expect(out.autoscaling?.groups.length).toBeGreaterThan(0);
    expect(out.autoscaling?.policies).toEqual([]);
    expect(out.autoscaling?.scalableTargets).toEqual([]);
    expect(ctx.gaps).toHaveLength(2);
    expect(ctx.gaps).toContainEqual(
      expect.objectContaining({
        slice: 'autoscaling.policies',
        code: 'AccessDenied',
        action: 'autoscaling:DescribePolicies',
      }),
    );
    const targetsGap = ctx.gaps.find((g) => g.slice === 'autoscaling.scalableTargets');
    expect(targetsGap).toMatchObject({
      service: 'autoscaling',
      code: 'AccessDenied',
      action: 'application-autoscaling:DescribeScalableTargets',
    });
    expect(targetsGap?.message).toContain('namespaces: dynamodb, ecs, elasticache, lambda, rds, sagemaker');
  });

  it('finds nothing and no gap in a quiet region', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, 'eu-central-1');

    const out = await autoscalingCollector.collect(ctx);

    expect(out.autoscaling).toEqual({ groups: [], policies: [], scheduledActions: [], scalableTargets: [] });
    expect(ctx.gaps).toEqual([]);
    expect(account.calls).toHaveLength(3 + APP_AUTOSCALING_NAMESPACES.length);
  });

  it('declares exactly the actions it calls', async () => {
    const account = createSimulatedAccount();
    await autoscalingCollector.collect(simCollectorContext(account, REGION));
    const called = new Set(account.calls.map((c) => iamActionFor(c.clientName, c.commandName)));
    expect([...called].sort()).toEqual([...autoscalingCollector.iamActions].sort());
  });
});
