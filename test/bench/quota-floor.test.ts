import { describe, expect, it } from 'vitest';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { createClientFactory } from '#lib/collect/clients.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { ScaledClock } from '#lib/sim/quota.js';
import { slowestBuckets } from '../../bench/scenario.js';

describe("the benchmark's floor includes the Price List bucket", () => {
  it('GetProducts requests of every unit draw from the one us-east-1 bucket (10 burst, 5/s) and set the floor when they are the slowest', async () => {
    // Real time (4 s): perfscan's limiter keeps a burst of 4 against AWS's 10, a margin of 1.2 s for the delay
    // between its grant and the bucket's check. A scaled clock shrinks that margin with the scale (1.2 ms at
    // x1,000), and a loaded machine's event-loop lag then throttles a request (the CI run of d9b407e did).
    const clock = new ScaledClock({ scale: 1 });
    const sim = createSimulatedAccount({ clock });
    const limiter = new RateLimiter({ now: () => clock.now(), sleep: (ms) => clock.sleep(ms) });
    const units = ['eu-west-1', 'us-east-1'].map((region) =>
      createClientFactory({ region, simulator: sim, limiter }),
    );
    await Promise.all(
      units.flatMap((f) => [
        ...Array.from({ length: 15 }, () =>
          f
            .get(PricingClient, 'us-east-1')
            .send(
              new GetProductsCommand({ ServiceCode: 'AmazonEC2', FormatVersion: 'aws_v1', MaxResults: 1 }),
            ),
        ),
        f.get(EC2Client).send(new DescribeVpcsCommand({})),
      ]),
    );
    for (const f of units) f.destroy();
    // 30 requests, none refused: perfscan's limiter keeps under the documented rate.
    expect(sim.quotas?.throttledTotal()).toBe(0);
    expect(sim.quotas?.floor()).toEqual({
      seconds: (30 - 10) / 5,
      region: 'us-east-1',
      bucket: 'pricing:GetProducts',
      tokens: 30,
    });
    const slowest = slowestBuckets(sim.quotas?.usage() ?? []);
    expect(slowest[0]).toEqual({
      region: 'us-east-1',
      bucket: 'pricing:GetProducts',
      tokens: 30,
      seconds: 4,
    });
    expect(slowest.map((b) => b.bucket)).toContain('ec2:describe');
    expect(new Set(slowest.map((b) => b.bucket)).size).toBe(slowest.length);
  }, 30_000);
});
