import { describe, expect, it } from 'vitest';
import {
  ComputeOptimizerClient,
  GetEC2InstanceRecommendationsCommand,
  GetEnrollmentStatusCommand,
} from '@aws-sdk/client-compute-optimizer';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { computeoptimizerSimState } from '#lib/sim/computeoptimizer.js';
import { ebsSimState } from '#lib/sim/ebs.js';
import { rdsSimState } from '#lib/sim/rds.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

describe('compute optimizer simulation', () => {
  it('is Active in the first busy region with recommendations on simulated resources', () => {
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

  it('is Inactive elsewhere and refuses recommendation calls there', async () => {
    const account = createSimulatedAccount();
    const co = simClientFactory(account, 'us-east-1').get(ComputeOptimizerClient);
    expect((await co.send(new GetEnrollmentStatusCommand({}))).status).toBe('Inactive');
    await expect(
      co.send(new GetEC2InstanceRecommendationsCommand({ maxResults: 1000 })),
    ).rejects.toMatchObject({ name: 'OptInRequiredException' });
  });

  it('caps pages at 1,000', async () => {
    const account = createSimulatedAccount();
    const co = simClientFactory(account, 'eu-west-1').get(ComputeOptimizerClient);
    await expect(
      co.send(new GetEC2InstanceRecommendationsCommand({ maxResults: 1001 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
