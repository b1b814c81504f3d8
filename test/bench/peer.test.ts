import { describe, expect, it } from 'vitest';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { latencyMs, ScaledClock } from '#lib/sim/quota.js';
import { PEER_METRICS, runPeer, SleepTally } from '../../bench/peer.js';

describe('the naive peer baseline', () => {
  it('lists with default page sizes, then sends one GetMetricStatistics per resource per metric, regions in sequence', async () => {
    const regions = ['us-east-1', 'eu-west-1'];
    const tally = new SleepTally(new ScaledClock({ scale: 1_000 }));
    const sim = createSimulatedAccount({
      clock: tally,
      latency: true,
      enabledRegions: regions,
      busyRegions: regions,
      mix: {
        totals: {
          ec2Instances: 12,
          ebsVolumes: 30,
          rdsInstances: 14,
          cloudfrontDistributions: 7,
          vpcEndpoints: 9,
          lambdaFunctions: 10,
        },
        regionWeights: { 'us-east-1': 1, 'eu-west-1': 1 },
      },
    });
    const seen: { region: string; command: string; input: Record<string, unknown> }[] = [];
    const handle = sim.handle.bind(sim);
    sim.handle = (client, command, region, input) => {
      seen.push({ region, command, input });
      return handle(client, command, region, input);
    };
    const r = await runPeer(sim, tally, regions);

    const resources = Object.values(r.resources).reduce((a, b) => a + b, 0);
    expect(r.resources.ec2).toBe(12);
    expect(r.resources.ebs).toBe(30);
    expect(r.resources.cloudfront).toBe(7);
    expect(r.getMetricStatisticsCalls).toBe(resources * 3);
    expect(Object.values(PEER_METRICS).every((m) => m.metrics.length === 3)).toBe(true);
    expect(r.failed).toBe(0);
    // Regions in sequence: every eu-west-1 call comes after the last us-east-1 call.
    const lastUs = seen.map((s) => s.region).lastIndexOf('us-east-1');
    expect(seen.findIndex((s) => s.region === 'eu-west-1')).toBeGreaterThan(lastUs);
    // Default page sizes: no MaxResults, so EC2's unfiltered, unpaginated bucket is charged.
    const ec2Lists = seen.filter(
      (s) => s.command === 'DescribeInstancesCommand' || s.command === 'DescribeVolumesCommand',
    );
    expect(ec2Lists.every((s) => s.input.MaxResults === undefined)).toBe(true);
    expect(sim.quotas?.stats.admitted['ec2:unfiltered-unpaginated']).toBeGreaterThan(0);
    // The simulated wall time holds every call's latency, one after another.
    const gms = latencyMs('CloudWatchClient', 'GetMetricStatisticsCommand', 0);
    expect(r.wallSeconds).toBeGreaterThanOrEqual((r.getMetricStatisticsCalls * gms) / 1000);
  });
});
