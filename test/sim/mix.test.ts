import { describe, expect, it } from 'vitest';
import { createSimulatedAccount, mixCount, type SimMix } from '#lib/sim/index.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { ebsSimState } from '#lib/sim/ebs.js';
import { rdsSimState } from '#lib/sim/rds.js';
import { lambdaSimState } from '#lib/sim/lambda.js';
import { cloudfrontSimState } from '#lib/sim/cloudfront.js';
import { vpcSimState } from '#lib/sim/vpc.js';
import { referenceMix, REFERENCE_REGIONS } from '../../bench/scenarios.js';

describe('SimMix: an account by numbers', () => {
  it('splits each total over the weighted regions so that the regions add up to it exactly', () => {
    const mix = referenceMix();
    for (const [kind, total] of Object.entries(mix.totals)) {
      const sum = REFERENCE_REGIONS.reduce((n, r) => n + mixCount(mix, kind as never, r), 0);
      expect(sum, kind).toBe(total);
    }
    expect(mixCount(mix, 'ec2Instances', 'us-east-1')).toBe(6_000); // 30%
    expect(mixCount(mix, 'ec2Instances', 'me-south-1')).toBe(0); // no weight: none
  });

  it('builds exactly the mix through the simulated services', () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-south-1'];
    const mix: SimMix = {
      totals: {
        ec2Instances: 90,
        ebsVolumes: 300,
        rdsInstances: 60,
        cloudfrontDistributions: 25,
        vpcEndpoints: 45,
        lambdaFunctions: 120,
      },
      regionWeights: { 'us-east-1': 3, 'eu-west-1': 2, 'ap-south-1': 1 },
    };
    const sim = createSimulatedAccount({ enabledRegions: regions, busyRegions: regions, mix });
    for (const r of regions) {
      const want = (k: keyof SimMix['totals']) => mixCount(mix, k, r);
      expect(ec2SimState(sim, r).instances).toHaveLength(want('ec2Instances'));
      expect(ebsSimState(sim, r).volumes).toHaveLength(want('ebsVolumes'));
      // The demo's own DB instances (with their clusters and proxies) stay: at least the mix, exactly when larger.
      const rds = rdsSimState(sim, r).instances.length;
      if (want('rdsInstances') >= 20) expect(rds).toBe(want('rdsInstances'));
      else expect(rds).toBeGreaterThanOrEqual(want('rdsInstances'));
      expect(lambdaSimState(sim, r).functions).toHaveLength(want('lambdaFunctions'));
      // The demo VPCs' 10 endpoints stay too.
      const endpoints = vpcSimState(sim, r).endpoints.length;
      if (want('vpcEndpoints') >= 10) expect(endpoints).toBe(want('vpcEndpoints'));
      else expect(endpoints).toBe(10);
      // Extra volumes are attached: each appears in its instance's block device mappings.
      const attached = new Set(
        ec2SimState(sim, r).instances.flatMap((i) =>
          (i.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId),
        ),
      );
      for (const v of ebsSimState(sim, r).volumes)
        if (v.State === 'in-use') expect(attached.has(v.VolumeId)).toBe(true);
    }
    expect(cloudfrontSimState(sim).distributions).toHaveLength(25);
  });
});
