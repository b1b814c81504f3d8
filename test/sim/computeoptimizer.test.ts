import { describe, expect, it } from 'vitest';
import {
  ComputeOptimizerClient,
  GetEC2InstanceRecommendationsCommand,
  GetEnrollmentStatusCommand,
} from '@aws-sdk/client-compute-optimizer';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { computeoptimizerSimState, ec2HourlyPrice, recommendedEc2Type } from '#lib/sim/computeoptimizer.js';
import { cloudwatchAlarmsSimState } from '#lib/sim/cloudwatch-alarms.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { ebsSimState } from '#lib/sim/ebs.js';
import { rdsSimState } from '#lib/sim/rds.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

describe('compute optimizer simulation', () => {
  it('is Active account-wide, with recommendations where the resources are', async () => {
    const account = createSimulatedAccount();
    for (const region of account.options.enabledRegions) {
      const co = simClientFactory(account, region).get(ComputeOptimizerClient);
      expect((await co.send(new GetEnrollmentStatusCommand({}))).status).toBe('Active');
    }
    for (const region of account.options.busyRegions)
      expect(computeoptimizerSimState(account, region).ec2.length).toBeGreaterThan(0);
    expect(computeoptimizerSimState(account, 'eu-central-1').ec2).toEqual([]);
  });

  it('recommends EC2 types that exist, current generation, with memory reasons only where memory is measured', () => {
    expect(recommendedEc2Type('t3.medium', -1)).toBe('t3.small');
    expect(recommendedEc2Type('m3.medium', -1)).toBe('t3.medium'); // m5 and c5 offer no .small/.medium: burstable
    expect(recommendedEc2Type('r5.large', -1)).toBe('m5.large');
    expect(recommendedEc2Type('m4.xlarge', -1)).toBe('m5.large');
    expect(recommendedEc2Type('c4.large', 1)).toBe('c5.xlarge');
    expect(recommendedEc2Type('r6g.large', -1)).toBe('r6g.medium');
    expect(recommendedEc2Type('t3.nano', -1)).toBeUndefined();
    const account = createSimulatedAccount();
    for (const region of account.options.busyRegions) {
      const agent = new Set(cloudwatchAlarmsSimState(account, region).agentMemoryInstanceIds);
      const types = new Map(
        ec2SimState(account, region).instances.map((i) => [i.InstanceId, String(i.InstanceType)]),
      );
      for (const r of computeoptimizerSimState(account, region).ec2) {
        const id = r.instanceArn?.split('/').pop() ?? '';
        const top = r.recommendationOptions?.[0];
        if (r.finding !== 'Optimized') expect(top?.instanceType).not.toMatch(/^(m3|m4|c4|r4|i2|t2)\./);
        expect(ec2HourlyPrice(top?.instanceType ?? '')).toBeDefined();
        expect(r.findingReasonCodes?.includes('MemoryOverprovisioned') ?? false).toBe(
          r.finding === 'Overprovisioned' && agent.has(id),
        );
        // Savings never exceed what the instance costs per month.
        const monthly = (ec2HourlyPrice(types.get(id) ?? '') ?? 0) * 730;
        expect(top?.savingsOpportunity?.estimatedMonthlySavings?.value ?? 0).toBeLessThanOrEqual(monthly);
      }
    }
  });

  it('prices gp2 -> gp3 at 20% of the gp2 price, and recommends whole MB for Lambda', () => {
    const account = createSimulatedAccount();
    const s = computeoptimizerSimState(account, 'eu-west-1');
    for (const r of s.ebs.filter((x) => x.currentConfiguration?.volumeType === 'gp2')) {
      const size = r.currentConfiguration?.volumeSize ?? 0;
      expect(
        r.volumeRecommendationOptions?.[0]?.savingsOpportunity?.estimatedMonthlySavings?.value,
      ).toBeCloseTo(size * 0.02, 2);
    }
    for (const r of s.lambda)
      expect(Number.isInteger(r.memorySizeRecommendationOptions?.[0]?.memorySize)).toBe(true);
    // The throttled function is not told to shrink its memory (that would raise its concurrency further).
    expect(
      s.lambda.find((r) => r.functionArn?.includes(':function:ingest-worker:'))?.findingReasonCodes ?? [],
    ).not.toContain('MemoryOverprovisioned');
  });

  it('has recommendations on simulated resources', () => {
    const account = createSimulatedAccount();
    const s = computeoptimizerSimState(account, 'eu-west-1');
    expect(s.status).toBe('Active');
    const findings = new Set(s.ec2.map((r) => r.finding));
    expect(findings).toEqual(new Set(['Overprovisioned', 'Optimized', 'Underprovisioned']));
    const volumes = new Set(ebsSimState(account, 'eu-west-1').volumes.map((v) => v.VolumeId));
    expect(s.ebs.every((r) => volumes.has(r.volumeArn?.split('/').pop()))).toBe(true);
    const dbs = new Set(rdsSimState(account, 'eu-west-1').instances.map((d) => d.DBInstanceArn));
    expect(s.rds.length).toBeGreaterThan(0);
    expect(s.rds.every((r) => dbs.has(r.resourceArn))).toBe(true);
    expect(
      s.lambda.find((r) => r.functionArn?.includes(':function:orders-api:'))?.findingReasonCodes,
    ).toEqual(['MemoryUnderprovisioned']);
  });

  it('is Inactive in every region of an account that did not opt in, and refuses recommendation calls', async () => {
    const account = createSimulatedAccount({ computeOptimizerEnrolled: false });
    for (const region of account.options.enabledRegions) {
      const co = simClientFactory(account, region).get(ComputeOptimizerClient);
      expect((await co.send(new GetEnrollmentStatusCommand({}))).status).toBe('Inactive');
      await expect(
        co.send(new GetEC2InstanceRecommendationsCommand({ maxResults: 1000 })),
      ).rejects.toMatchObject({ name: 'OptInRequiredException' });
    }
  });

  it('caps pages at 1,000', async () => {
    const account = createSimulatedAccount();
    const co = simClientFactory(account, 'eu-west-1').get(ComputeOptimizerClient);
    await expect(
      co.send(new GetEC2InstanceRecommendationsCommand({ maxResults: 1001 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
