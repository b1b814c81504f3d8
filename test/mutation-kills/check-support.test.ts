/**
 * The helpers every check file shares (lib/checks/support.ts, absence.ts, instance-families.ts), pinned
 * directly: exact message wording, every branch of the window label, boundaries of the small arithmetic.
 * Written to kill the mutants the check suites left alive (npm run mutation; docs/testing.md).
 */
import { describe, expect, it } from 'vitest';
import {
  describeGaps,
  ebsVolumeMetric,
  ec2InstanceMetric,
  findFirstMetric,
  fmtBeside,
  isNum,
  label,
  lambdaFunctionMetric,
  lastDays,
  metricName,
  missingSlice,
  rdsInstanceMetric,
  round,
  roundBeside,
  sentence,
  stripPeriod,
  unitUnknown,
  windowLabel,
} from '#lib/checks/support.js';
import { failUnlessBlind, failUnlessNoWorkloads } from '#lib/checks/absence.js';
import {
  familyOf,
  gravitonAttributesFor,
  gravitonCounterparts,
  parseInstanceType,
} from '#lib/checks/instance-families.js';
import type { CheckResult } from '#lib/checks/types.js';
import {
  aGap,
  aGapOn,
  aLambdaFunction,
  aMetricSummary,
  aSnapshot,
  anEc2Instance,
  withGaps,
  withMetrics,
} from '#test/builders/index.js';

describe('support', () => {
  it('describeGaps names slice, action and code, and leaves out a missing action', () => {
    expect(describeGaps([])).toBe('');
    expect(describeGaps([aGap(), aGap({ slice: 'metrics', action: undefined, code: 'Throttled' })])).toBe(
      'ec2.instances (ec2:DescribeInstances AccessDenied), metrics (Throttled)',
    );
  });

  it('unitUnknown and missingSlice', () => {
    expect(unitUnknown('AWS::EC2::Instance', 'No data..  ')).toEqual({
      status: 'unknown',
      resourceType: 'AWS::EC2::Instance',
      resourceId: '*',
      message: 'No data.',
      evidence: [],
    });
    const snapshot = aSnapshot({ services: ['computeoptimizer'] });
    expect(missingSlice(snapshot, 'computeoptimizer', 'AWS::::Account')).toEqual([
      {
        status: 'unknown',
        resourceType: 'AWS::::Account',
        resourceId: '*',
        message: 'The computeoptimizer inventory (snapshot slice computeOptimizer) was not collected.',
        evidence: [],
      },
    ]);
    expect(missingSlice(snapshot, 'ec2', 'AWS::EC2::Instance')).toEqual([]);
  });

  it('findFirstMetric returns the first series that exists, in the given order', () => {
    const min = aMetricSummary({ stat: 'Minimum', mean: 1 });
    const avg = aMetricSummary({ stat: 'Average', mean: 2 });
    const snapshot = withMetrics(aSnapshot(), min, avg);
    const spec = (stat: string) => ec2InstanceMetric('i-0123456789abcdef0', 'CPUUtilization', stat, 3600);
    expect(findFirstMetric(snapshot, [spec('Maximum'), spec('Minimum'), spec('Average')])).toBe(
      snapshot.metrics[Object.keys(snapshot.metrics).find((k) => k.includes('Minimum')) as string],
    );
    expect(findFirstMetric(snapshot, [spec('Average'), spec('Minimum')])?.mean).toBe(2);
    expect(findFirstMetric(snapshot, [spec('Maximum')])).toBeUndefined();
    expect(findFirstMetric(snapshot, [])).toBeUndefined();
  });

  it('metricName and the per-resource series specs', () => {
    expect(metricName({ namespace: 'AWS/EBS', metricName: 'BurstBalance' })).toBe('AWS/EBS/BurstBalance');
    expect(ebsVolumeMetric('vol-1', 'BurstBalance', 'Minimum', 300)).toEqual({
      namespace: 'AWS/EBS',
      metricName: 'BurstBalance',
      dimensions: { VolumeId: 'vol-1' },
      stat: 'Minimum',
      periodSeconds: 300,
    });
    expect(rdsInstanceMetric('db-1', 'CPUUtilization', 'Average', 3600).dimensions).toEqual({
      DBInstanceIdentifier: 'db-1',
    });
    expect(lambdaFunctionMetric('fn', 'Duration', 'p95', 3600)).toEqual({
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions: { FunctionName: 'fn' },
      stat: 'p95',
      periodSeconds: 3600,
    });
    expect(ec2InstanceMetric('i-1', 'NetworkIn', 'Sum', 86400).namespace).toBe('AWS/EC2');
  });

  it.each([
    [86400, 14, '14 days, 1-day periods'],
    [172800, 14, '14 days, 2-day periods'],
    [3600, 14, '14 days, 1-hour periods'],
    [7200, 7, '7 days, 2-hour periods'],
    [300, 14, '14 days, 5-minute periods'],
    [60, 1, '1 days, 1-minute periods'],
    [90, 1, '1 days, 90-second periods'],
    [30, 1, '1 days, 30-second periods'],
  ])('windowLabel(%i s, %i days) = %s', (period, days, text) => {
    expect(windowLabel(days, period)).toBe(text);
  });

  it('round keeps the given decimals (2 by default)', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1.235, 1)).toBe(1.2);
    expect(round(1.25, 0)).toBe(1);
    expect(round(2.5, 0)).toBe(3);
    expect(round(1234.5678, 3)).toBe(1234.568);
  });

  it('fmtBeside never shows a figure on or across a threshold it is not on', () => {
    expect(fmtBeside(79.99, 80, 0)).toBe('79.99');
    expect(fmtBeside(79.6, 80, 0)).toBe('79.6');
    expect(fmtBeside(79.4, 80, 0)).toBe('79');
    expect(fmtBeside(80.04, 80)).toBe('80.04');
    expect(fmtBeside(80, 80, 0)).toBe('80');
    expect(fmtBeside(79.9996, 80, 0)).toBe('just under 80');
    expect(fmtBeside(90.0001, 90)).toBe('just over 90');
    expect(fmtBeside(12.5, 80)).toBe('12.5');
    // Several thresholds: every one is respected; "just" names the nearest.
    expect(fmtBeside(99.96, [80, 100], 0)).toBe('99.96');
    expect(fmtBeside(99.9999, [80, 100], 0)).toBe('just under 100');
    expect(fmtBeside(0.99996, [0.1, 1], 3)).toBe('0.99996');
    expect(fmtBeside(7999.7, 8000, 0)).toBe('7,999.7');
  });

  it('roundBeside keeps more decimals only where rounding would reach a threshold', () => {
    expect(roundBeside(79.996, 80)).toBe(79.996);
    expect(roundBeside(79.123, 80)).toBe(79.12);
    expect(roundBeside(7999.6, [8000, 10000], 0)).toBe(7999.6);
    expect(roundBeside(80, 80, 0)).toBe(80);
    expect(roundBeside(80 - 1e-12, 80)).toBe(80 - 1e-12);
  });

  it('messages end with exactly one period; trailing spaces and periods are stripped', () => {
    expect(stripPeriod('Done. . ')).toBe('Done');
    expect(stripPeriod('v1.2 ok')).toBe('v1.2 ok');
    expect(sentence('Done')).toBe('Done.');
    expect(sentence('Done...')).toBe('Done.');
    expect(sentence('a.b')).toBe('a.b.');
  });

  it('label lists only the known details', () => {
    expect(label('i-1')).toBe('i-1');
    expect(label('i-1', undefined, '')).toBe('i-1');
    expect(label('i-1', 'web', undefined, 'm5.large')).toBe('i-1 (web, m5.large)');
  });

  it('lastDays keeps the most recent n entries', () => {
    expect(lastDays(undefined, 3)).toEqual([]);
    expect(lastDays([1, 2, 3, 4, 5], 3)).toEqual([3, 4, 5]);
    expect(lastDays([1, 2], 3)).toEqual([1, 2]);
    expect(lastDays([1, 2, 3], 3)).toEqual([1, 2, 3]);
    expect(lastDays([1, 2, 3], 0)).toEqual([]);
  });

  it('isNum is true only for finite numbers', () => {
    expect(isNum(0)).toBe(true);
    expect(isNum(-1.5)).toBe(true);
    expect(isNum(Number.NaN)).toBe(false);
    expect(isNum(Infinity)).toBe(false);
    expect(isNum('1')).toBe(false);
    expect(isNum(null)).toBe(false);
    expect(isNum(undefined)).toBe(false);
  });
});

describe('instance families', () => {
  it('parses the naming convention and rejects names outside it', () => {
    expect(parseInstanceType('m6id.large')).toEqual({
      type: 'm6id.large',
      family: 'm6id',
      size: 'large',
      cls: 'm',
      generation: 6,
      attributes: 'id',
    });
    expect(parseInstanceType('c7gn')).toEqual({
      type: 'c7gn',
      family: 'c7gn',
      size: '',
      cls: 'c',
      generation: 7,
      attributes: 'gn',
    });
    expect(parseInstanceType('inf2.xlarge')?.cls).toBe('inf');
    expect(parseInstanceType('u-6tb1.metal')).toBeUndefined();
    expect(parseInstanceType('mac2-m2pro.metal')).toBeUndefined();
    expect(parseInstanceType('M5.large')).toBeUndefined();
    expect(parseInstanceType('x5.large.extra')?.size).toBe('large.extra');
  });

  it('familyOf', () => {
    expect(familyOf('m5.large')).toBe('m5');
    expect(familyOf('m5')).toBe('m5');
  });

  it('the Graviton attributes of an x86 family', () => {
    const attrs = (t: string) => gravitonAttributesFor(parseInstanceType(t)!);
    expect(attrs('m5.large')).toBe('g');
    expect(attrs('m6id.large')).toBe('gd');
    expect(attrs('c6in.large')).toBe('gn');
    expect(attrs('t3a.small')).toBe('g');
    expect(attrs('m7i-flex.large')).toBe('g');
    expect(attrs('m6gd.large')).toBeUndefined();
    expect(attrs('r5b.large')).toBe('gb');
  });

  it('counterparts: same class and attributes, newest generation first, comparable classes only', () => {
    const offered = ['m6g', 'm7g', 'm8g', 'm6gd', 'c7gn', 'c6gn', 'r7g', 'g5g', 'm7gd', 'x2gd', 'm7g'];
    expect(gravitonCounterparts('m5.large', offered)).toEqual(['m8g', 'm7g', 'm7g', 'm6g']);
    expect(gravitonCounterparts('m6id.large', offered)).toEqual(['m7gd', 'm6gd']);
    expect(gravitonCounterparts('c6in.large', offered)).toEqual(['c7gn', 'c6gn']);
    expect(gravitonCounterparts('g4dn.xlarge', offered)).toEqual([]); // accelerated class
    expect(gravitonCounterparts('m6g.large', offered)).toEqual([]); // already Graviton
    expect(gravitonCounterparts('u-6tb1.metal', offered)).toEqual([]);
    expect(gravitonCounterparts('x1e.xlarge', offered)).toEqual([]); // x2gd has other attributes
    expect(gravitonCounterparts('x1.xlarge', ['x2g', 'weird-name', 'x2g'])).toEqual(['x2g', 'x2g']);
    // Same generation: by family name.
    expect(gravitonCounterparts('r5.large', ['r7gx', 'r7g', 'r6g'])).toEqual(['r7g', 'r6g']);
    expect(gravitonCounterparts('r5d.large', ['r7gd', 'r6gd', 'r6gd'])).toEqual(['r7gd', 'r6gd', 'r6gd']);
  });
});

describe('absence', () => {
  const fail: CheckResult = {
    status: 'fail',
    resourceType: 'AWS::::Account',
    resourceId: '*',
    message: 'No latency alarm in this region.',
    evidence: [{ label: 'Latency alarms', value: 0 }],
    severity: 'high',
  };

  it('failUnlessBlind keeps the fail when no gap covers the list, else unknown naming the gaps', () => {
    expect(failUnlessBlind(aSnapshot(), ['cloudwatch.metricAlarms'], fail)).toBe(fail);
    const blind = withGaps(aSnapshot(), aGapOn('cloudwatch.metricAlarms'));
    expect(failUnlessBlind(blind, ['cloudwatch.metricAlarms'], fail)).toEqual({
      status: 'unknown',
      resourceType: 'AWS::::Account',
      resourceId: '*',
      message: `No latency alarm in this region, but data is missing for ${describeGaps(blind.gaps)}, so this cannot be confirmed.`,
      evidence: [{ label: 'Latency alarms', value: 0 }],
    });
    expect(failUnlessBlind(blind, ['ec2.instances'], fail)).toBe(fail);
  });

  it('failUnlessNoWorkloads keeps the fail where a workload runs', () => {
    const snapshot = aSnapshot({ ec2: { instances: [anEc2Instance()] } });
    expect(failUnlessNoWorkloads(snapshot, fail)).toBe(fail);
  });

  it('no workloads and a complete inventory: pass, not applicable, with the workloads as evidence', () => {
    const r = failUnlessNoWorkloads(aSnapshot(), fail);
    expect(r.status).toBe('pass');
    expect(r.severity).toBeUndefined();
    expect(r.message).toBe(
      'Not applicable: no workloads in this region (0 running EC2 instances, 0 Auto Scaling groups with capacity, 0 Application Auto Scaling targets, 0 RDS databases, 0 ElastiCache caches, 0 Lambda functions with 200+ invocations, 0 enabled CloudFront distributions).',
    );
    expect(r.evidence).toEqual([
      { label: 'Latency alarms', value: 0 },
      {
        label: 'Workloads in this region',
        value:
          '0 running EC2 instances, 0 Auto Scaling groups with capacity, 0 Application Auto Scaling targets, 0 RDS databases, 0 ElastiCache caches, 0 Lambda functions with 200+ invocations, 0 enabled CloudFront distributions',
        threshold: '>= 1 workload for this check to apply',
        source: 'perfscan inventory (EC2, Auto Scaling, RDS, ElastiCache, Lambda, CloudFront)',
      },
    ]);
  });

  it('quiet Lambda functions are named and counted in the evidence', () => {
    const fn = aLambdaFunction();
    const quiet = aMetricSummary({
      namespace: 'AWS/Lambda',
      metricName: 'Invocations',
      dimensions: { FunctionName: fn.functionName },
      stat: 'Sum',
      periodSeconds: 86400,
      sum: 12,
    });
    const r = failUnlessNoWorkloads(withMetrics(aSnapshot({ lambda: { functions: [fn] } }), quiet), fail);
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(
      /; 1 Lambda function\(s\) invoked fewer than 200 times in the window do not count\)\.$/,
    );
    expect(r.evidence[2]).toEqual({
      label: 'Lambda functions with fewer than 200 invocations (not counted)',
      value: 1,
      unit: 'count',
      metric: 'AWS/Lambda/Invocations',
      statistic: 'Sum',
    });
  });

  it('no workloads found but the inventory is incomplete: unknown naming what is missing', () => {
    const r = failUnlessNoWorkloads(aSnapshot({ services: ['cloudwatch'] }), fail);
    expect(r.status).toBe('unknown');
    expect(r.severity).toBeUndefined();
    expect(r.message).toMatch(
      /^No latency alarm in this region, but no workload was found in this region and its inventory is incomplete \(ec2 not scanned; autoscaling not scanned; rds not scanned; elasticache not scanned; lambda not scanned; cloudfront not scanned\), so whether anything here needs it cannot be confirmed\.$/,
    );
    expect(r.evidence[1]?.value).toBe('none inventoried');
  });
});
