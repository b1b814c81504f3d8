/**
 * The naive peer baseline, run for real against the same simulated account: how Cloud Custodian's metrics
 * filter and service-screener read CloudWatch. Regions one after another; in each, list the resources with
 * the SDK's default page sizes (no MaxResults: EC2's unfiltered, unpaginated DescribeInstances/DescribeVolumes
 * land in EC2's smaller throttle bucket), then one GetMetricStatistics per resource per metric, one call at a
 * time, with the SDK's default retry (standard, 3 attempts) and no client-side limiter.
 *
 * Time: the peer is strictly sequential, so its wall time against AWS is its own (real) processing time plus
 * the simulated waits (latency, nothing else overlaps). The clock can therefore run scaled (waits take
 * 1/scale real time) and the simulated wall time is still exact: real elapsed - real time asleep + simulated
 * time asleep. SDK retry back-off (real timers) stays in the real part, at full length.
 */
import { CloudFrontClient, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient, GetMetricStatisticsCommand, type Statistic } from '@aws-sdk/client-cloudwatch';
import {
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeVolumes,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { paginateDescribeDBInstances, RDSClient } from '@aws-sdk/client-rds';
import { isThrottlingError } from '@smithy/service-error-classification';
import type { Logger } from '@smithy/types';
import { iamActionFor } from '#lib/collect/iam.js';
import { attachSimulator, SIMULATED_CREDENTIALS, type SimAccount } from '#lib/sim/core.js';
import type { SimClock } from '#lib/sim/quota.js';

type Kind = 'ec2' | 'ebs' | 'rds' | 'cloudfront' | 'vpce' | 'lambda';

/** Three metrics per resource, the usual choice of the peers' utilization checks (hourly, 14 days). */
export const PEER_METRICS: Record<Kind, { namespace: string; dim: string; metrics: [string, Statistic][] }> =
  {
    ec2: {
      namespace: 'AWS/EC2',
      dim: 'InstanceId',
      metrics: [
        ['CPUUtilization', 'Average'],
        ['NetworkIn', 'Sum'],
        ['NetworkOut', 'Sum'],
      ],
    },
    ebs: {
      namespace: 'AWS/EBS',
      dim: 'VolumeId',
      metrics: [
        ['VolumeReadOps', 'Sum'],
        ['VolumeWriteOps', 'Sum'],
        ['VolumeIdleTime', 'Sum'],
      ],
    },
    rds: {
      namespace: 'AWS/RDS',
      dim: 'DBInstanceIdentifier',
      metrics: [
        ['CPUUtilization', 'Average'],
        ['DatabaseConnections', 'Average'],
        ['FreeableMemory', 'Average'],
      ],
    },
    cloudfront: {
      namespace: 'AWS/CloudFront',
      dim: 'DistributionId',
      metrics: [
        ['Requests', 'Sum'],
        ['BytesDownloaded', 'Sum'],
        ['5xxErrorRate', 'Average'],
      ],
    },
    vpce: {
      namespace: 'AWS/PrivateLinkEndpoints',
      dim: 'VPC Endpoint Id',
      metrics: [
        ['BytesProcessed', 'Sum'],
        ['ActiveConnections', 'Average'],
        ['NewConnections', 'Sum'],
      ],
    },
    lambda: {
      namespace: 'AWS/Lambda',
      dim: 'FunctionName',
      metrics: [
        ['Invocations', 'Sum'],
        ['Duration', 'Average'],
        ['Errors', 'Sum'],
      ],
    },
  };

export interface PeerResult {
  regions: number;
  resources: Record<Kind, number>;
  /** Calls by IAM action (not attempts). */
  calls: Record<string, number>;
  getMetricStatisticsCalls: number;
  attempts: number;
  throttles: number;
  /** Calls that failed after the SDK's retries. */
  failed: number;
  datapoints: number;
  /** Simulated wall time: what the run takes against AWS under the latency model. */
  wallSeconds: number;
  /** The part of wallSeconds spent reading metrics (GetMetricStatistics). */
  metricSeconds: number;
  /** Real elapsed time of this benchmark run (waits compressed by the clock's scale). */
  realSeconds: number;
  cpuSeconds: number;
  clockScale: number;
}

/** A clock that counts the time the (sequential) peer spends asleep, in simulated and real time. */
export class SleepTally implements SimClock {
  readonly scale: number;
  simSleptMs = 0;
  realSleptMs = 0;
  constructor(private readonly inner: SimClock) {
    this.scale = inner.scale;
  }
  now(): number {
    return this.inner.now();
  }
  async sleep(ms: number): Promise<void> {
    const t = performance.now();
    await this.inner.sleep(ms);
    this.realSleptMs += performance.now() - t;
    this.simSleptMs += ms;
  }
}

const QUIET = { debug: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

interface StackLike {
  middlewareStack: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    add(mw: (next: any, context: any) => (args: any) => Promise<any>, opts: Record<string, unknown>): void;
  };
  destroy(): void;
}

/**
 * Run the peer over `regions` of `sim` (whose clock must be `tally`). CloudFront is listed once, in
 * us-east-1, as the peers do.
 */
export async function runPeer(
  sim: SimAccount,
  tally: SleepTally,
  regions: readonly string[],
  opts: { metrics?: boolean } = {},
): Promise<PeerResult> {
  const calls: Record<string, number> = {};
  let attempts = 0;
  let throttles = 0;
  let failed = 0;
  let datapoints = 0;
  const resources: Record<Kind, number> = { ec2: 0, ebs: 0, rds: 0, cloudfront: 0, vpce: 0, lambda: 0 };
  const made: StackLike[] = [];
  const client = <C>(Cls: new (cfg: object) => C, region: string): C => {
    const c = new Cls({ region, credentials: SIMULATED_CREDENTIALS, logger: QUIET }) as unknown as StackLike;
    c.middlewareStack.add(
      (next, ctx: { clientName?: string; commandName?: string }) => async (args: unknown) => {
        const action = iamActionFor(ctx.clientName ?? '', ctx.commandName ?? '');
        calls[action] = (calls[action] ?? 0) + 1;
        try {
          return await next(args);
        } catch (err) {
          failed++;
          throw err;
        }
      },
      { step: 'initialize', priority: 'high', name: 'peerCalls' },
    );
    c.middlewareStack.add(
      (next) => async (args: unknown) => {
        attempts++;
        try {
          return await next(args);
        } catch (err) {
          if (err && typeof err === 'object' && isThrottlingError(err as never)) throttles++;
          throw err;
        }
      },
      { step: 'finalizeRequest', priority: 'low', name: 'peerAttempts' },
    );
    attachSimulator(c as never, sim, region);
    made.push(c);
    return c as unknown as C;
  };
  const end = new Date(Math.floor(sim.options.now.getTime() / 86_400_000) * 86_400_000);
  const start = new Date(end.getTime() - 14 * 86_400_000);

  let metricMs = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const slept0 = { sim: tally.simSleptMs, real: tally.realSleptMs };
  try {
    for (const region of regions) {
      const ec2 = client(EC2Client, region);
      const cw = client(CloudWatchClient, region);
      const found: { kind: Kind; id: string }[] = [];
      const list = async (
        kind: Kind,
        pages: AsyncIterable<unknown>,
        ids: (page: never) => (string | undefined)[],
      ) => {
        try {
          for await (const page of pages)
            for (const id of ids(page as never)) if (id) found.push({ kind, id });
        } catch {
          // counted as failed by the middleware; the peer moves on
        }
      };
      await list(
        'ec2',
        paginateDescribeInstances({ client: ec2 }, {}),
        (p: { Reservations?: { Instances?: { InstanceId?: string; State?: { Name?: string } }[] }[] }) =>
          (p.Reservations ?? []).flatMap((r) =>
            (r.Instances ?? []).filter((i) => i.State?.Name !== 'terminated').map((i) => i.InstanceId),
          ),
      );
      await list(
        'ebs',
        paginateDescribeVolumes({ client: ec2 }, {}),
        (p: { Volumes?: { VolumeId?: string }[] }) => (p.Volumes ?? []).map((v) => v.VolumeId),
      );
      await list(
        'rds',
        paginateDescribeDBInstances({ client: client(RDSClient, region) }, {}),
        (p: { DBInstances?: { DBInstanceIdentifier?: string }[] }) =>
          (p.DBInstances ?? []).map((d) => d.DBInstanceIdentifier),
      );
      await list(
        'vpce',
        paginateDescribeVpcEndpoints({ client: ec2 }, {}),
        (p: { VpcEndpoints?: { VpcEndpointId?: string }[] }) =>
          (p.VpcEndpoints ?? []).map((e) => e.VpcEndpointId),
      );
      await list(
        'lambda',
        paginateListFunctions({ client: client(LambdaClient, region) }, {}),
        (p: { Functions?: { FunctionName?: string }[] }) => (p.Functions ?? []).map((f) => f.FunctionName),
      );
      if (region === 'us-east-1') {
        await list(
          'cloudfront',
          paginateListDistributions({ client: client(CloudFrontClient, region) }, {}),
          (p: { DistributionList?: { Items?: { Id?: string }[] } }) =>
            (p.DistributionList?.Items ?? []).map((d) => d.Id),
        );
      }
      const m0 = { t: performance.now(), sim: tally.simSleptMs, real: tally.realSleptMs };
      for (const r of found) {
        resources[r.kind]++;
        if (opts.metrics === false) continue;
        const spec = PEER_METRICS[r.kind];
        const dims = [
          { Name: spec.dim, Value: r.id },
          ...(r.kind === 'cloudfront' ? [{ Name: 'Region', Value: 'Global' }] : []),
        ];
        for (const [metric, stat] of spec.metrics) {
          try {
            const out = await cw.send(
              new GetMetricStatisticsCommand({
                Namespace: spec.namespace,
                MetricName: metric,
                Dimensions: dims,
                StartTime: start,
                EndTime: end,
                Period: 3600,
                Statistics: [stat],
              }),
            );
            datapoints += out.Datapoints?.length ?? 0;
          } catch {
            // counted as failed
          }
          sim.calls.length = 0; // the simulator's call log keeps every input: not part of what is measured
        }
      }
      sim.calls.length = 0;
      metricMs += performance.now() - m0.t - (tally.realSleptMs - m0.real) + (tally.simSleptMs - m0.sim);
    }
  } finally {
    for (const c of made) c.destroy();
  }
  const realMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const simSlept = tally.simSleptMs - slept0.sim;
  const realSlept = tally.realSleptMs - slept0.real;
  return {
    regions: regions.length,
    resources,
    calls,
    getMetricStatisticsCalls: calls['cloudwatch:GetMetricStatistics'] ?? 0,
    attempts,
    throttles,
    failed,
    datapoints,
    wallSeconds: (realMs - realSlept + simSlept) / 1000,
    metricSeconds: metricMs / 1000,
    realSeconds: realMs / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    clockScale: tally.scale,
  };
}
