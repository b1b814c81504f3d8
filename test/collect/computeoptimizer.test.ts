import { describe, expect, it } from 'vitest';
import {
  awsError,
  createSimulatedAccount,
  DEFAULT_SIM_OPTIONS,
  SIM_MODULES,
  SimAccount,
  type SimServiceModule,
} from '#lib/sim/index.js';
import { computeoptimizerSimState } from '#lib/sim/computeoptimizer.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { lambdaSimState } from '#lib/sim/lambda.js';
import { computeoptimizerCollector, fromLambda, fromRds } from '#lib/collect/computeoptimizer.js';
import { iamActionFor } from '#lib/collect/iam.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';

const ENROLLED = 'eu-west-1'; // a busy region: enrollment is account-wide, recommendations are regional

describe('computeoptimizerCollector', () => {
  it('reads every recommendation kind where the account is enrolled, referring to simulated resources', async () => {
    const account = createSimulatedAccount();
    const ctx = simCollectorContext(account, ENROLLED);

    const out = await computeoptimizerCollector.collect(ctx);
    const co = out.computeOptimizer;

    expect(co?.enrollmentStatus).toBe('Active');
    expect(co?.memberAccountsEnrolled).toBe(false);
    const kinds = new Set(co?.recommendations.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['ec2', 'asg', 'ebs', 'lambda', 'rds']));
    const instanceIds = new Set(ec2SimState(account, ENROLLED).instances.map((i) => i.InstanceId));
    const ec2 = co?.recommendations.filter((r) => r.kind === 'ec2') ?? [];
    expect(ec2.every((r) => instanceIds.has(r.resourceId))).toBe(true);
    const over = ec2.find((r) => r.finding === 'overprovisioned');
    expect(over).toMatchObject({
      reasons: expect.arrayContaining(['CPUOverprovisioned']),
      performanceRisk: 1,
      lookbackDays: 14,
    });
    expect(over?.estimatedMonthlySavingsUsd).toBeGreaterThan(0);
    expect(over?.topOption).not.toBe(over?.current);
    expect(ec2.some((r) => r.finding === 'optimized')).toBe(true);
    expect(ec2.some((r) => r.finding === 'underprovisioned')).toBe(true);
    const lambda = co?.recommendations.find((r) => r.kind === 'lambda' && r.resourceId === 'orders-api');
    expect(lambda).toMatchObject({
      finding: 'notoptimized',
      reasons: ['MemoryUnderprovisioned'],
      current: '128 MB',
      topOption: '512 MB',
    });
    const ebs = co?.recommendations.filter((r) => r.kind === 'ebs') ?? [];
    for (const r of ebs.filter((x) => x.current === 'gp2'))
      expect(r).toMatchObject({ finding: 'notoptimized', topOption: 'gp3' });
    expect(ctx.gaps).toEqual([]);
    for (const name of [
      'GetEC2InstanceRecommendationsCommand',
      'GetAutoScalingGroupRecommendationsCommand',
      'GetEBSVolumeRecommendationsCommand',
      'GetLambdaFunctionRecommendationsCommand',
      'GetRDSDatabaseRecommendationsCommand',
    ]) {
      expect(account.callsTo(name).map((c) => c.input.maxResults)).toEqual([1000]);
    }
  });

  it('reports Inactive as a fact, without a gap and without recommendation calls', async () => {
    const account = createSimulatedAccount({ computeOptimizerEnrolled: false });
    const ctx = simCollectorContext(account, ENROLLED);

    const out = await computeoptimizerCollector.collect(ctx);

    expect(out.computeOptimizer).toEqual({
      enrollmentStatus: 'Inactive',
      memberAccountsEnrolled: false,
      recommendations: [],
    });
    expect(ctx.gaps).toEqual([]);
    expect(account.calls.map((c) => c.commandName)).toEqual(['GetEnrollmentStatusCommand']);
  });

  it('treats OptInRequiredException as not enrolled, not as a gap', async () => {
    const optIn: SimServiceModule = {
      clientName: 'ComputeOptimizerClient',
      handlers: {
        GetEnrollmentStatusCommand: () => {
          throw awsError(
            'OptInRequiredException',
            'The account is not opted in to AWS Compute Optimizer.',
            403,
          );
        },
      },
    };
    const account = new SimAccount([optIn, ...SIM_MODULES], DEFAULT_SIM_OPTIONS);
    const ctx = simCollectorContext(account, ENROLLED);

    const out = await computeoptimizerCollector.collect(ctx);

    expect(out.computeOptimizer).toEqual({ enrollmentStatus: 'Inactive', recommendations: [] });
    expect(ctx.gaps).toEqual([]);
  });

  it('records a gap and no slice when the enrollment status is denied', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'GetEnrollmentStatusCommand', kind: 'accessDenied', times: Infinity }],
    });
    const ctx = simCollectorContext(account, ENROLLED);

    const out = await computeoptimizerCollector.collect(ctx);

    expect(out.computeOptimizer).toBeUndefined();
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        service: 'computeoptimizer',
        slice: 'computeOptimizer',
        code: 'AccessDenied',
        action: 'compute-optimizer:GetEnrollmentStatus',
      }),
    ]);
  });

  it('records a gap for the one recommendation kind that fails and keeps the others', async () => {
    const account = createSimulatedAccount({
      faults: [
        { commandName: 'GetEC2InstanceRecommendationsCommand', kind: 'accessDenied', times: Infinity },
      ],
    });
    const ctx = simCollectorContext(account, ENROLLED);

    const out = await computeoptimizerCollector.collect(ctx);

    expect(out.computeOptimizer?.recommendations.some((r) => r.kind === 'ec2')).toBe(false);
    expect(out.computeOptimizer?.recommendations.some((r) => r.kind === 'lambda')).toBe(true);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        slice: 'computeOptimizer.ec2',
        code: 'AccessDenied',
        action: 'compute-optimizer:GetEC2InstanceRecommendations',
      }),
    ]);
  });

  it('pages at 1,000: calls grow with ceil(N / 1000)', async () => {
    const account = createSimulatedAccount({ scale: 100 });
    const sim = computeoptimizerSimState(account, ENROLLED);
    expect(sim.lambda.length).toBeGreaterThan(1000);
    const ctx = simCollectorContext(account, ENROLLED);

    const out = await computeoptimizerCollector.collect(ctx);

    expect(account.callsTo('GetLambdaFunctionRecommendationsCommand')).toHaveLength(
      Math.ceil(sim.lambda.length / 1000),
    );
    expect(account.callsTo('GetEC2InstanceRecommendationsCommand')).toHaveLength(
      Math.max(1, Math.ceil(sim.ec2.length / 1000)),
    );
    expect(out.computeOptimizer?.recommendations.filter((r) => r.kind === 'lambda')).toHaveLength(
      sim.lambda.length,
    );
    expect(lambdaSimState(account, ENROLLED).functions.length).toBeGreaterThan(sim.lambda.length);
  });

  it('declares exactly the actions it calls', async () => {
    const account = createSimulatedAccount();
    await computeoptimizerCollector.collect(simCollectorContext(account, ENROLLED));
    const called = new Set(account.calls.map((c) => iamActionFor(c.clientName, c.commandName)));
    expect([...called].sort()).toEqual([...computeoptimizerCollector.iamActions].sort());
  });
});

describe('recommendation normalizers', () => {
  it('takes the function name from a qualified Lambda ARN and the rank-1 option', () => {
    const r = fromLambda({
      functionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:api:$LATEST',
      currentMemorySize: 1024,
      finding: 'NotOptimized',
      findingReasonCodes: ['MemoryOverprovisioned'],
      memorySizeRecommendationOptions: [
        { rank: 2, memorySize: 768 },
        {
          rank: 1,
          memorySize: 512,
          savingsOpportunity: { estimatedMonthlySavings: { currency: 'USD', value: 4.2 } },
        },
      ],
    });
    expect(r).toEqual({
      kind: 'lambda',
      resourceArn: 'arn:aws:lambda:eu-west-1:111122223333:function:api:$LATEST',
      resourceId: 'api',
      finding: 'notoptimized',
      reasons: ['MemoryOverprovisioned'],
      current: '1024 MB',
      topOption: '512 MB',
      estimatedMonthlySavingsUsd: 4.2,
    });
  });

  it('uses the storage finding for RDS when the instance is optimized but the storage is not', () => {
    const r = fromRds({
      resourceArn: 'arn:aws:rds:eu-west-1:111122223333:db:orders',
      currentDBInstanceClass: 'db.r6g.large',
      currentStorageConfiguration: { storageType: 'io1' },
      instanceFinding: 'Optimized',
      storageFinding: 'Overprovisioned',
      storageFindingReasonCodes: ['EBSVolumeIOPSOverprovisioned'],
      storageRecommendationOptions: [
        {
          rank: 1,
          storageConfiguration: { storageType: 'gp3' },
          savingsOpportunity: { estimatedMonthlySavings: { currency: 'USD', value: 80 } },
        },
      ],
    });
    expect(r).toMatchObject({
      kind: 'rds',
      resourceId: 'orders',
      finding: 'overprovisioned',
      current: 'io1',
      topOption: 'gp3',
      estimatedMonthlySavingsUsd: 80,
    });
  });
});
