import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isThrottlingError } from '@smithy/service-error-classification';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { createClientFactory } from '#lib/collect/clients.js';
import { RateLimiter, type RateRule } from '#lib/collect/rate-limit.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { throttlingError } from '#lib/sim/quota.js';
import { packedPointsOf, releasePoints, type PackedPoints } from '#lib/sim/points.js';
import { deserialize, serialize } from 'node:v8';
import { packError, packOutput, unpackError, unpackOutput } from '#lib/sim/wire.js';
import { SimProcess } from '../../bench/sim-process.js';
import { scenarioNamed } from '../../bench/scenarios.js';
import { CallRecorder } from '../../bench/calls.js';

const NO_LIMIT = new RateLimiter({
  rules: (): RateRule => ({ bucket: 'none', ratePerSecond: 1e12, burst: 1e12, source: 'test' }),
});

function gmd(instanceIds: string[]) {
  return new GetMetricDataCommand({
    StartTime: new Date('2026-11-08T06:00:00Z'),
    EndTime: new Date('2026-11-22T06:00:00Z'),
    MetricDataQueries: instanceIds.map((id, i) => ({
      Id: `m${i}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'InstanceId', Value: id }],
        },
        Period: 3600,
        Stat: 'Average',
      },
    })),
  });
}

describe('pack / unpack over IPC', () => {
  it('GetMetricData points travel as typed arrays and come back as a Date per timestamp and plain numbers', () => {
    const out = {
      MetricDataResults: [
        {
          Id: 'a',
          Label: 'x',
          Timestamps: [new Date(1000), new Date(2000)],
          Values: [1.5, 2],
          StatusCode: 'Complete',
        },
      ],
      Messages: [],
      NextToken: 't',
    };
    const packed = structuredClone(packOutput(out));
    expect(packed.$ts).toBeInstanceOf(Float64Array);
    expect(packed.$vs).toBeInstanceOf(Float64Array);
    expect(unpackOutput(packed)).toEqual(out);
  });

  it('the simulator’s own answers travel as their packed points: no Date or number[] is built in its process', async () => {
    const sim = createSimulatedAccount();
    const ids = (
      (await sim.handle('EC2Client', 'DescribeInstancesCommand', 'eu-west-1', {})) as {
        Reservations: { Instances: { InstanceId: string }[] }[];
      }
    ).Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId));
    const input = gmd(ids.slice(0, 40)).input as unknown as Record<string, unknown>;
    const out = await sim.handle('CloudWatchClient', 'GetMetricDataCommand', 'eu-west-1', {
      ...input,
      MaxDatapoints: 5_000,
    });
    const packed = packOutput(out);
    const results = out.MetricDataResults as object[];
    // Still unbuilt after packing (a getter, not a value).
    for (const r of results) {
      expect(Object.getOwnPropertyDescriptor(r, 'Timestamps')?.get).toBeTypeOf('function');
      expect(Object.getOwnPropertyDescriptor(r, 'Values')?.get).toBeTypeOf('function');
    }
    expect(out.NextToken).toBeDefined();
    // Through Node's IPC serializer ('advanced' serialization is v8.DefaultSerializer): the page's 5,000 values
    // and no timestamps (evenly spaced: a start and a step per result), not the arrays the page is a view of.
    const bytes = serialize(packed);
    expect(bytes.length).toBeGreaterThan(5_000 * 8);
    expect(bytes.length).toBeLessThan(5_000 * 8 + 8_000);
    const wire = deserialize(bytes) as Record<string, unknown>;
    expect((wire.$vs as Float64Array).length).toBe(5_000);
    expect((wire.$ts as Float64Array).length).toBe(0);
    // The answer read in the other process is the one read here.
    const read = { ...out };
    expect(unpackOutput(wire)).toEqual(read);
    // Sent: its arrays go back to the pool, and the next answer reuses them.
    const sent = await sim.handle('CloudWatchClient', 'GetMetricDataCommand', 'eu-west-1', input);
    const { store } = packedPointsOf(sent) as PackedPoints;
    releasePoints(sent);
    expect(packedPointsOf(sent)).toBeUndefined();
    expect(() => (sent.MetricDataResults as { Values: number[] }[])[0]?.Values).toThrow(/released/);
    const next = packedPointsOf(
      await sim.handle('CloudWatchClient', 'GetMetricDataCommand', 'eu-west-1', input),
    ) as PackedPoints;
    expect(new Set([next.store.ts, next.store.vs])).toEqual(new Set([store.ts, store.vs]));
    // Gaps (an instance launched inside the window) travel as explicit timestamps, and read the same.
    const gappy = {
      MetricDataResults: [
        {
          Id: 'a',
          Label: 'x',
          Timestamps: [new Date(0), new Date(3_600_000), new Date(10_800_000)],
          Values: [1, 2, 3],
        },
      ],
      Messages: [],
    };
    expect(unpackOutput(deserialize(serialize(packOutput(gappy))) as Record<string, unknown>)).toEqual(gappy);
    // A rewritten answer (as tests rewrite them) is packed from its fields.
    (results[0] as { Values: number[] }).Values = [42];
    (results[0] as { Timestamps: Date[] }).Timestamps = [new Date(7)];
    const rewritten = unpackOutput(deserialize(serialize(packOutput(out))) as Record<string, unknown>);
    expect((rewritten.MetricDataResults as { Values: number[] }[])[0]?.Values).toEqual([42]);
    expect(rewritten).toEqual({ ...out });
  });

  it('an account that does not measure its CPU reads no CPU clock per request (recorder included)', async () => {
    const sim = createSimulatedAccount();
    sim.measureCpu = false;
    new CallRecorder().attach(sim);
    const spy = vi.spyOn(process, 'cpuUsage');
    try {
      await sim.handle('EC2Client', 'DescribeInstancesCommand', 'eu-west-1', {});
      expect(spy).not.toHaveBeenCalled();
      sim.measureCpu = true;
      await sim.handle('EC2Client', 'DescribeInstancesCommand', 'eu-west-1', {});
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('errors keep their name, fields and HTTP response (the SDK retries them as it would against AWS)', () => {
    const lambda = throttlingError('LambdaClient');
    const back = unpackError(structuredClone(packError(lambda)));
    expect(back.name).toBe('TooManyRequestsException');
    expect((back as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(429);
    expect(
      (back as unknown as { $response: { headers: Record<string, string> } }).$response.headers[
        'retry-after'
      ],
    ).toBe('1');
    expect(isThrottlingError(back as never)).toBe(true);
  });
});

describe('SimProcess: the scenario simulator in its own process', () => {
  let remote: SimProcess;
  beforeAll(async () => {
    remote = await SimProcess.start('throttled');
  }, 60_000);
  afterAll(() => remote?.close());

  it('answers the real SDK clients as the same account in this process does, faults and throttling included', async () => {
    const local = createSimulatedAccount(scenarioNamed('throttled').sim);
    expect(remote.accountId).toBe(local.accountId);
    expect(remote.info.enabledRegions).toEqual(local.options.enabledRegions);
    expect(remote.info.faultSpecs).toBe(6);
    const answers = [];
    for (const simulator of [remote, local]) {
      const f = createClientFactory({ region: 'eu-west-1', simulator, limiter: NO_LIMIT, maxAttempts: 1 });
      const ec2 = f.get(EC2Client);
      // The scenario's first two DescribeInstances in eu-west-1 are throttled (THROTTLE_FAULTS).
      const first = await ec2
        .send(new DescribeInstancesCommand({ MaxResults: 1000 }))
        .catch((e: unknown) => e);
      expect((first as Error).name).toBe('RequestLimitExceeded');
      expect(isThrottlingError(first as never)).toBe(true);
      await ec2.send(new DescribeInstancesCommand({ MaxResults: 1000 })).catch(() => undefined);
      const page = await ec2.send(new DescribeInstancesCommand({ MaxResults: 1000 }));
      const ids = (page.Reservations ?? []).flatMap((r) =>
        (r.Instances ?? []).map((i) => i.InstanceId as string),
      );
      const metrics = await f.get(CloudWatchClient).send(gmd(ids.slice(0, 5)));
      answers.push({ page: page.Reservations, metrics: metrics.MetricDataResults });
      f.destroy();
    }
    expect(answers[0]?.page?.length).toBeGreaterThan(0);
    const ts = answers[0]?.metrics?.[0]?.Timestamps ?? [];
    expect(ts.length).toBeGreaterThan(100);
    expect(ts[0]).toBeInstanceOf(Date);
    expect(answers[0]).toEqual(answers[1]);
    // What the child recorded comes back with the report.
    const report = await remote.report();
    expect(report.regions.get('eu-west-1')?.attempts['ec2:DescribeInstances']).toBe(3);
    expect(report.regions.get('eu-west-1')?.faults['ec2:DescribeInstances']).toBe(2);
    expect(report.processCpuSeconds).toBeGreaterThan(0);
    // The process is the simulator's alone: its CPU is all the simulator's (read once, not per request).
    expect(report.simulatorCpuMs).toBeCloseTo(report.processCpuSeconds * 1000, 6);
  }, 60_000);
});
