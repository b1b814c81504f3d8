import { describe, it, expect } from 'vitest';
import { analyze, callsBeyondPaging } from '../../bench/analyze.js';
import { countItems, filterKey, pageSizeOf, CallRecorder, type Listing } from '../../bench/calls.js';
import type { BucketRule } from '../../bench/bounds.js';

const DAY = 86_400;
const bucketFor = (action: string): BucketRule => ({
  bucket: action.split(':')[0] ?? 'x',
  ratePerSecond: 10,
  burst: 10,
  source: 'test',
});
const listing = (
  action: string,
  items: number,
  pageSizes: (number | undefined)[],
  region = 'eu-west-1',
): Listing => ({
  region,
  action,
  filter: '{}',
  pages: pageSizes.length,
  items,
  pageSizes,
});

describe('analyze', () => {
  it('compares inventory calls with ceil(items / max page) per listing', () => {
    const a = analyze({
      callsByRegion: { 'eu-west-1': { 'ec2:DescribeVolumes': 3 }, 'us-east-1': { 'ec2:DescribeVolumes': 1 } },
      listings: [
        listing('ec2:DescribeVolumes', 1200, [500, 500, 500]),
        listing('ec2:DescribeVolumes', 0, [500], 'us-east-1'),
      ],
      seriesByRegion: {},
      bucketFor,
    });
    expect(a.calls.inventory).toBe(4);
    expect(a.calls.inventoryBound).toBe(4);
    expect(a.pageSizeIssues).toEqual([]);
    expect(a.actions[0]).toMatchObject({
      action: 'ec2:DescribeVolumes',
      calls: 4,
      bound: 4,
      listings: 2,
      items: 1200,
      maxPerUnit: 3,
      failed: 0,
    });
  });

  it('reports inventory calls that did not ask for the maximum page size', () => {
    const a = analyze({
      callsByRegion: { 'eu-west-1': { 'ec2:DescribeInstances': 3 } },
      listings: [listing('ec2:DescribeInstances', 1200, [undefined, undefined, undefined])],
      seriesByRegion: {},
      bucketFor,
    });
    expect(a.calls.inventory).toBe(3);
    expect(a.calls.inventoryBound).toBe(2);
    expect(a.pageSizeIssues).toHaveLength(1);
    expect(a.pageSizeIssues[0]).toContain('no page size');
  });

  it('counts a call that failed after every retry into the bound, and as failed', () => {
    const a = analyze({
      callsByRegion: { 'eu-west-1': { 'elasticache:DescribeCacheClusters': 1 } },
      listings: [],
      seriesByRegion: {},
      bucketFor,
    });
    expect(a.calls.failed).toBe(1);
    expect(a.calls.inventory).toBe(a.calls.inventoryBound);
  });

  it('compares GetMetricData calls with the batching bound and the peers', () => {
    const a = analyze({
      callsByRegion: { 'eu-west-1': { 'cloudwatch:GetMetricData': 5 } },
      listings: [],
      seriesByRegion: {
        'eu-west-1': [
          { periodSeconds: 3600, windowSeconds: 14 * DAY, series: 1000 },
          { periodSeconds: DAY, windowSeconds: 14 * DAY, series: 200 },
        ],
      },
      bucketFor,
    });
    expect(a.calls.series).toBe(1200);
    expect(a.calls.metricsBound).toBe(5); // ceil(1000 / 300) + ceil(200 / 500)
    expect(a.calls.peerCalls).toBe(1200);
    expect(a.calls.datapoints).toBe(1000 * 336 + 200 * 14);
  });

  it('classifies per-resource and unknown actions', () => {
    const a = analyze({
      callsByRegion: {
        'eu-west-1': { 'application-signals:GetServiceLevelObjective': 50, 'foo:Bar': 2 },
        'us-east-1': { 'application-signals:GetServiceLevelObjective': 3 },
      },
      listings: [],
      seriesByRegion: {},
      bucketFor,
    });
    expect(a.calls.perResource).toBe(53);
    expect(a.calls.perResourceMaxPerUnit).toBe(50);
    expect(a.calls.unclassified).toBe(2);
    expect(a.actions.map((r) => r.kind)).toEqual(['per-resource', 'unclassified']);
  });

  it('models time per region from the buckets', () => {
    const a = analyze({
      callsByRegion: { 'eu-west-1': { 'rds:DescribeDBInstances': 30 } },
      listings: [],
      seriesByRegion: {},
      bucketFor,
    });
    expect(a.modelled).toMatchObject({ seconds: 3, region: 'eu-west-1', bucket: 'rds' });
  });
});

describe('callsBeyondPaging', () => {
  it('leaves out the extra pages of long lists', () => {
    expect(callsBeyondPaging({ calls: 9, bound: 9, listings: 3 })).toBe(3);
  });
  it('is the call count when no page bound is known', () => {
    expect(callsBeyondPaging({ calls: 50, listings: 50 })).toBe(50);
  });
});

describe('call recording helpers', () => {
  it('counts instances, not reservations, for DescribeInstances', () => {
    expect(
      countItems('ec2:DescribeInstances', { Reservations: [{ Instances: [{}, {}] }, { Instances: [{}] }] }),
    ).toBe(3);
  });
  it('counts top-level lists, ignoring error lists', () => {
    expect(
      countItems('cloudwatch:DescribeAlarms', {
        MetricAlarms: [{}, {}],
        CompositeAlarms: [{}],
        Messages: [{}],
      }),
    ).toBe(3);
  });
  it('looks one level down when the list is wrapped', () => {
    expect(
      countItems('cloudfront:ListDistributions', { DistributionList: { Items: [{}, {}], Quantity: 2 } }),
    ).toBe(2);
  });
  it('reads the page size whatever the parameter is called', () => {
    expect(pageSizeOf({ MaxResults: 1000 })).toBe(1000);
    expect(pageSizeOf({ MaxRecords: 100 })).toBe(100);
    expect(pageSizeOf({ maxResults: 1000 })).toBe(1000);
    expect(pageSizeOf({ Filters: [] })).toBeUndefined();
  });
  it('keys a listing by its filter, not its paging fields', () => {
    expect(filterKey({ NextToken: 'abc', MaxResults: 5, Filters: [{ Name: 'x' }] })).toBe(
      filterKey({ Filters: [{ Name: 'x' }], MaxResults: 5 }),
    );
    expect(filterKey({ ServiceNamespace: 'ecs' })).not.toBe(filterKey({ ServiceNamespace: 'rds' }));
  });
  it('aggregates pages into listings and GetMetricData queries by period', () => {
    const r = new CallRecorder();
    r.onResponse(
      'eu-west-1',
      'lambda:ListFunctions',
      { MaxItems: 50 },
      { Functions: new Array(50).fill({}) },
    );
    r.onResponse('eu-west-1', 'lambda:ListFunctions', { MaxItems: 50, Marker: 'm' }, { Functions: [{}] });
    const start = new Date('2026-11-08T00:00:00Z');
    const end = new Date('2026-11-22T00:00:00Z');
    const q = (Period: number) => ({ MetricStat: { Period } });
    r.onResponse(
      'eu-west-1',
      'cloudwatch:GetMetricData',
      { StartTime: start, EndTime: end, MetricDataQueries: [q(3600), q(3600), q(86400)] },
      { MetricDataResults: [{ Values: [1, 2] }] },
    );
    // A NextToken page repeats the queries: not counted again.
    r.onResponse(
      'eu-west-1',
      'cloudwatch:GetMetricData',
      { StartTime: start, EndTime: end, NextToken: 't', MetricDataQueries: [q(3600)] },
      { MetricDataResults: [{ Values: [3] }] },
    );
    const l = [...r.listings.values()];
    expect(l).toHaveLength(1);
    expect(l[0]).toMatchObject({ pages: 2, items: 51, pageSizes: [50, 50] });
    const region = r.region('eu-west-1');
    expect([...region.series.values()].map((g) => [g.periodSeconds, g.series, g.windowSeconds])).toEqual([
      [3600, 2, 14 * DAY],
      [86400, 1, 14 * DAY],
    ]);
    expect(region.datapointsReturned).toBe(3);
  });
});

describe('batch reads', () => {
  it('are bounded per region by ceil(items / batch size), whatever items each call named', () => {
    const batch = (items: number, ids: string): Listing => ({
      region: 'eu-west-1',
      action: 'application-signals:BatchGetServiceLevelObjectiveBudgetReport',
      filter: ids,
      pages: 1,
      items,
      pageSizes: [undefined],
    });
    const a = analyze({
      callsByRegion: { 'eu-west-1': { 'application-signals:BatchGetServiceLevelObjectiveBudgetReport': 2 } },
      listings: [batch(50, '["a"]'), batch(21, '["b"]')],
      seriesByRegion: {},
      bucketFor,
    });
    const row = a.actions[0];
    expect(row).toMatchObject({ kind: 'batch', calls: 2, bound: 2, listings: 1, items: 71 });
    expect(row && callsBeyondPaging(row)).toBe(1);
  });
});
