/**
 * EBS in the simulated account: DescribeVolumes over the volumes generated with the instances
 * (lib/sim/ec2.ts), and their AWS/EBS metrics: BurstBalance (stable near 100 for most gp2, depleting for
 * a few, one down to 0), read/write ops against provisioned IOPS. Volumes publish I/O metrics only while
 * attached to a running instance.
 */
import type { Filter, Volume } from '@aws-sdk/client-ec2';
import {
  awsError,
  hashSeed,
  paginate,
  type SimAccount,
  type SimMetricQuery,
  type SimServiceModule,
} from './core.js';
import { hashNoise, seriesFromHours, type HourSample } from './cloudwatch-metrics.js';
import { ec2CoreState, type SimVolumeRecord } from './ec2.js';

const HOUR_MS = 3_600_000;
const SAMPLES_PER_HOUR = 12;
/** The trend of a depleting volume spans the default 14-day window before `now`. */
const TREND_MS = 14 * 86_400_000;
const PIOPS = new Set(['io1', 'io2', 'gp3']);

export function ebsSimState(account: SimAccount, region: string): { volumes: Volume[] } {
  return { volumes: ec2CoreState(account, region).volumes.map((v) => v.volume) };
}

function burstHour(v: SimVolumeRecord, h: number, nowMs: number): HourSample {
  const n = hashNoise(v.seed, h);
  let value: number;
  if (v.burst === 'stable') {
    // Full most hours; an occasional busy hour spends a few credits.
    value = n < 0.08 ? 92 + 8 * hashNoise(v.seed ^ 0x77, h) : 100;
  } else {
    const progress = Math.min(1, Math.max(0, (h * HOUR_MS - (nowMs - TREND_MS)) / TREND_MS));
    // `empty` reaches 0 at 80% of the window and stays there; `depleting` slides to its low.
    const target = v.burst === 'empty' ? 100 - (100 * progress) / 0.8 : 100 - (100 - v.burstLow) * progress;
    value = Math.min(100, Math.max(0, target + (n - 0.5) * 4));
  }
  return fill(value, Math.min(100, value + 1), Math.max(0, value - 1), value * SAMPLES_PER_HOUR);
}

/** One reused hour aggregate: seriesFromHours reads each hour before asking for the next. */
const HOUR_SAMPLE: HourSample = { avg: 0, max: 0, min: 0, sum: 0, count: SAMPLES_PER_HOUR };
function fill(avg: number, max: number, min: number, sum: number): HourSample {
  HOUR_SAMPLE.avg = avg;
  HOUR_SAMPLE.max = max;
  HOUR_SAMPLE.min = min;
  HOUR_SAMPLE.sum = sum;
  HOUR_SAMPLE.count = SAMPLES_PER_HOUR;
  return HOUR_SAMPLE;
}

function opsHour(v: SimVolumeRecord, h: number, write: boolean): HourSample {
  const n = hashNoise(v.seed ^ (write ? 0x3141 : 0x2718), h);
  const iops = v.volume.Iops ?? 100;
  // Total ops/s around util x provisioned, never above provisioned; reads 60%, writes 40%.
  const rate = PIOPS.has(v.volume.VolumeType ?? '')
    ? Math.min(iops, iops * v.util * (0.9 + 0.2 * n))
    : 20 + 80 * n;
  const ops = rate * 3600 * (write ? 0.4 : 0.6);
  const avg = ops / SAMPLES_PER_HOUR;
  return fill(avg, avg * 1.5, avg * 0.5, ops);
}

function volumeMetrics(
  q: SimMetricQuery,
  account: SimAccount,
  region: string,
): (number | null)[] | undefined {
  if (q.namespace !== 'AWS/EBS') return undefined;
  const id = q.dimensions.VolumeId;
  if (!id || Object.keys(q.dimensions).length !== 1) return undefined;
  const core = ec2CoreState(account, region);
  const v = core.byVolumeId.get(id);
  if (!v) return undefined;
  const metric = q.metricName;
  if (metric !== 'BurstBalance' && metric !== 'VolumeReadOps' && metric !== 'VolumeWriteOps')
    return undefined;
  const owner = v.instanceId ? core.byInstanceId.get(v.instanceId) : undefined;
  if (!owner || owner.instance.State?.Name !== 'running' || owner.archetype === 'new') return [];
  if (metric === 'BurstBalance' && v.burst === 'none') return [];
  const nowMs = account.options.now.getTime();
  const firstHour = Math.ceil(owner.launchMs / HOUR_MS);
  return seriesFromHours(q, v.seed ^ hashSeed(metric), (h) => {
    if (h < firstHour || (h + 1) * HOUR_MS > nowMs) return null;
    return metric === 'BurstBalance' ? burstHour(v, h, nowMs) : opsHour(v, h, metric === 'VolumeWriteOps');
  });
}

function volumeFilter(f: Filter): (v: Volume) => boolean {
  const name = f.Name ?? '';
  const values = new Set(f.Values ?? []);
  if (name === 'volume-type') return (v) => values.has(v.VolumeType ?? '');
  if (name === 'status') return (v) => values.has(v.State ?? '');
  if (name === 'attachment.instance-id')
    return (v) => (v.Attachments ?? []).some((a) => values.has(a.InstanceId ?? ''));
  if (name === 'volume-id') return (v) => values.has(v.VolumeId ?? '');
  throw awsError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
}

export const ebsSim: SimServiceModule = {
  clientName: 'EC2Client',
  handlers: {
    DescribeVolumesCommand: (
      input: { VolumeIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string },
      { account, region },
    ) => {
      if (input.VolumeIds?.length && input.MaxResults !== undefined) {
        throw awsError(
          'InvalidParameterCombination',
          'The parameter volumeSet cannot be used with the parameter maxResults',
          400,
        );
      }
      let list = ebsSimState(account, region).volumes;
      if (input.VolumeIds?.length) {
        const ids = new Set(input.VolumeIds);
        const missing = input.VolumeIds.filter((id) => !list.some((v) => v.VolumeId === id));
        if (missing.length)
          throw awsError('InvalidVolume.NotFound', `The volume '${missing.join(', ')}' does not exist.`, 400);
        list = list.filter((v) => ids.has(v.VolumeId ?? ''));
      }
      for (const f of input.Filters ?? []) list = list.filter(volumeFilter(f));
      const { page, nextToken } = paginate(list, input as Record<string, unknown>, {
        min: 5,
        max: 500,
        clientName: 'EC2Client',
      });
      return { Volumes: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  },
  metrics: (q, { account, region }) => volumeMetrics(q, account, region),
};
