import { describe, it, expect } from 'vitest';
import {
  datapointsPerSeries,
  listingLowerBound,
  metricCallsLowerBound,
  modelledMinimumTime,
  peerMetricCalls,
  requestedDatapoints,
  ruleFor,
  seriesPerCall,
  type BucketRule,
} from '../../bench/bounds.js';

const DAY = 86_400;
const rule = (bucket: string, ratePerSecond: number, burst: number): BucketRule => ({
  bucket,
  ratePerSecond,
  burst,
  source: 'test',
});

describe('seriesPerCall (q = min(500, floor(100,800 / datapoints per series)))', () => {
  it('fits 300 hourly 14-day series (336 points each) in one call', () => {
    expect(datapointsPerSeries(3600, 14 * DAY)).toBe(336);
    expect(seriesPerCall(3600, 14 * DAY)).toBe(300);
  });
  it('caps daily series at 500 queries per call', () => {
    expect(seriesPerCall(DAY, 14 * DAY)).toBe(500);
  });
  it('allows 25 five-minute 14-day series (4,032 points each)', () => {
    expect(seriesPerCall(300, 14 * DAY)).toBe(25);
  });
  it('never answers 0 for a series longer than a whole call', () => {
    expect(seriesPerCall(60, 100 * DAY)).toBe(1);
  });
  it('rounds a partial period up', () => {
    expect(datapointsPerSeries(3600, 5400)).toBe(2);
  });
  it('rejects a zero period', () => {
    expect(() => datapointsPerSeries(0, DAY)).toThrow(RangeError);
  });
});

describe('metricCallsLowerBound', () => {
  it('is the sum over periods of ceil(series / q)', () => {
    const groups = [
      { periodSeconds: 3600, windowSeconds: 14 * DAY, series: 601 }, // ceil(601 / 300) = 3
      { periodSeconds: DAY, windowSeconds: 14 * DAY, series: 500 }, // 1
      { periodSeconds: 300, windowSeconds: 14 * DAY, series: 0 }, // nothing to fetch
    ];
    expect(metricCallsLowerBound(groups)).toBe(4);
  });
  it('is 0 with no series', () => {
    expect(metricCallsLowerBound([])).toBe(0);
  });
});

describe("the peers' pattern", () => {
  it('makes one GetMetricStatistics per series', () => {
    expect(peerMetricCalls([{ periodSeconds: 3600, windowSeconds: 14 * DAY, series: 3000 }])).toBe(3000);
  });
  it('needs more calls for a series over 1,440 datapoints', () => {
    // 4,032 five-minute points -> 3 calls of at most 1,440
    expect(peerMetricCalls([{ periodSeconds: 300, windowSeconds: 14 * DAY, series: 10 }])).toBe(30);
  });
  it('counts the datapoints a region asks for', () => {
    expect(requestedDatapoints([{ periodSeconds: 3600, windowSeconds: 14 * DAY, series: 10 }])).toBe(3360);
  });
});

describe('listingLowerBound', () => {
  it('is ceil(items / max page)', () => {
    expect(listingLowerBound(1000, 1000)).toBe(1);
    expect(listingLowerBound(1001, 1000)).toBe(2);
    expect(listingLowerBound(4050, 500)).toBe(9);
  });
  it('is one call for an empty list', () => {
    expect(listingLowerBound(0, 100)).toBe(1);
  });
  it('rejects a page size below 1', () => {
    expect(() => listingLowerBound(10, 0)).toThrow(RangeError);
  });
});

describe('action rules', () => {
  it('use the documented maximum page sizes', () => {
    expect(ruleFor('ec2:DescribeInstances')).toMatchObject({ kind: 'inventory', maxPage: 1000 });
    expect(ruleFor('ec2:DescribeVolumes')).toMatchObject({ kind: 'inventory', maxPage: 500 });
    expect(ruleFor('lambda:ListFunctions')).toMatchObject({ kind: 'inventory', maxPage: 50 });
    expect(ruleFor('rds:DescribeDBInstances')).toMatchObject({ kind: 'inventory', maxPage: 100 });
    expect(ruleFor('cloudwatch:GetMetricData')?.kind).toBe('metrics');
    expect(ruleFor('application-signals:GetServiceLevelObjective')?.kind).toBe('per-resource');
    expect(ruleFor('no:SuchAction')).toBeUndefined();
  });
});

describe('modelledMinimumTime', () => {
  it('takes the slowest bucket of the slowest region (buckets and regions in parallel)', () => {
    const m = modelledMinimumTime([
      {
        region: 'eu-west-1',
        calls: [
          { rule: rule('ec2:describe', 20, 100), calls: 40 },
          { rule: rule('rds', 12, 50), calls: 72 },
        ],
        datapoints: 0,
      },
      { region: 'us-east-1', calls: [{ rule: rule('ec2:describe', 20, 100), calls: 100 }], datapoints: 0 },
    ]);
    expect(m.seconds).toBeCloseTo(6); // 72 / 12 in eu-west-1; us-east-1 needs 100 / 20 = 5
    expect(m.region).toBe('eu-west-1');
    expect(m.bucket).toBe('rds');
    expect(m.by).toBe('calls');
    // burst first: rds (72 - 50) / 12, ec2 (100 - 100) / 20
    expect(m.secondsAfterBurst).toBeCloseTo(22 / 12);
  });
  it('bounds GetMetricData by CloudWatch datapoints per second when that is slower', () => {
    const m = modelledMinimumTime([
      {
        region: 'us-east-1',
        calls: [{ rule: rule('cloudwatch:GetMetricData', 50, 50), calls: 10 }],
        datapoints: 792_000,
      },
    ]);
    expect(m.seconds).toBeCloseTo(2);
    expect(m.by).toBe('datapoints');
    expect(m.secondsAfterBurst).toBeCloseTo(2);
  });
  it('is zero for no calls', () => {
    expect(modelledMinimumTime([]).seconds).toBe(0);
  });
});
