/**
 * Kills the mutants the EC2 check suites left alive (npm run mutation; docs/testing.md): exact threshold
 * boundaries on both sides, stopped instances, the full evidence of each outcome, and the unknown paths.
 */
import { describe, expect, it } from 'vitest';
import { ec2InstanceCpuNotOverprovisioned as overprovisioned } from '#lib/checks/ec2/ec2-instance-cpu-not-overprovisioned.js';
import { ec2InstanceCpuNotSaturated as saturated } from '#lib/checks/ec2/ec2-instance-cpu-not-saturated.js';
import { ec2InstanceCurrentGeneration as currentGeneration } from '#lib/checks/ec2/ec2-instance-current-generation.js';
import { ec2InstanceGraviton as graviton } from '#lib/checks/ec2/ec2-instance-graviton.js';
import type { Ec2Instance, InstanceTypeInfo, MetricSummary } from '#lib/model/index.js';
import {
  aMetricSummary,
  aSnapshot,
  anEc2Instance,
  anInstanceType,
  instanceTypesOf,
  runCheck,
  withMetrics,
  TEST_INSTANCE_ID as ID,
} from '#test/builders/index.js';

const MB = 1_000_000;
const fourteen = <T>(f: (d: number) => T): T[] => Array.from({ length: 14 }, (_, d) => f(d));

/** A CPU Average summary with the given daily means (hourly datapoints: 336 unless given). */
function cpuAvg(dailyMeans: number[], extra: Partial<MetricSummary> = {}): MetricSummary {
  return aMetricSummary({ dailyMeans, mean: 5, p95: 7, ...extra });
}
function cpuMax(p99: number | undefined, max = 50): MetricSummary {
  return aMetricSummary({ stat: 'Maximum', max, p99 });
}
function net(metricName: 'NetworkIn' | 'NetworkOut', dailyMeans: (number | undefined)[]): MetricSummary {
  return aMetricSummary({
    metricName,
    stat: 'Sum',
    periodSeconds: 86400,
    dailyMeans: dailyMeans as number[],
    datapoints: dailyMeans.length,
  });
}

function snapshotWith(metrics: MetricSummary[], instances: Ec2Instance[] = [anEc2Instance()]) {
  return withMetrics(aSnapshot({ ec2: { instances } }), ...metrics);
}

describe('ec2-instance-cpu-not-overprovisioned (mutation kills)', () => {
  /** CPU daily means `cpu`, network in and out `bytesEach` per day, p99 of hourly maxima `p99`. */
  function run(
    cpu: number[],
    opts: {
      bytesIn?: (number | undefined)[];
      bytesOut?: (number | undefined)[];
      p99?: number;
      max?: number;
    } = {},
    thresholds: Record<string, number> = {},
  ) {
    const bytesIn = opts.bytesIn ?? fourteen(() => 1 * MB);
    const bytesOut = opts.bytesOut ?? bytesIn;
    return runCheck(
      overprovisioned,
      snapshotWith([
        cpuAvg(cpu),
        cpuMax(opts.p99 ?? 40, opts.max ?? 60),
        net('NetworkIn', bytesIn),
        net('NetworkOut', bytesOut),
      ]),
      thresholds,
    );
  }

  it('a day at exactly 10% CPU and exactly 5 MB of network counts as low; just above either does not', () => {
    const lowOn4 = (v: number) => fourteen((d) => (d < 4 ? v : 50));
    expect(run(lowOn4(10), { bytesIn: fourteen(() => 2.5 * MB) })[0]?.status).toBe('fail');
    expect(run(lowOn4(10.01), { bytesIn: fourteen(() => 2.5 * MB) })[0]?.status).toBe('pass');
    expect(run(lowOn4(3), { bytesIn: fourteen(() => 2.5 * MB + 1) })[0]?.status).toBe('pass');
  });

  it('the p99 of hourly maxima at exactly 90% is not spiky; above it is', () => {
    expect(
      run(
        fourteen(() => 3),
        { p99: 90 },
      )[0]?.status,
    ).toBe('fail');
    expect(
      run(
        fourteen(() => 3),
        { p99: 90.01 },
      )[0]?.status,
    ).toBe('pass');
  });

  it('judges with exactly 30 hourly datapoints and is unknown with 29', () => {
    const judged = runCheck(
      overprovisioned,
      snapshotWith([
        cpuAvg(
          fourteen(() => 3),
          { datapoints: 30 },
        ),
        cpuMax(40),
        net(
          'NetworkIn',
          fourteen(() => MB),
        ),
        net(
          'NetworkOut',
          fourteen(() => MB),
        ),
      ]),
    );
    expect(judged[0]?.status).toBe('fail');
    const [r] = runCheck(
      overprovisioned,
      snapshotWith([
        cpuAvg(
          fourteen(() => 3),
          { datapoints: 29 },
        ),
        cpuMax(40),
        net(
          'NetworkIn',
          fourteen(() => MB),
        ),
        net(
          'NetworkOut',
          fourteen(() => MB),
        ),
      ]),
    );
    expect(r).toEqual({
      status: 'unknown',
      resourceType: 'AWS::EC2::Instance',
      resourceId: ID,
      resourceArn: anEc2Instance().arn,
      resourceName: 'web-1',
      message:
        'i-0123456789abcdef0 (web-1, m5.large): 29 hourly CPU datapoints in the window, fewer than the 30 hours needed.',
      evidence: [],
    });
  });

  it('is unknown when the CPU summary has datapoints but no daily means', () => {
    const [r] = runCheck(
      overprovisioned,
      snapshotWith([
        cpuAvg([]),
        cpuMax(40),
        net(
          'NetworkIn',
          fourteen(() => MB),
        ),
        net(
          'NetworkOut',
          fourteen(() => MB),
        ),
      ]),
    );
    expect(r?.status).toBe('unknown');
    expect(r?.evidence).toEqual([]);
  });

  it.each([
    ['NetworkIn', 'NetworkOut'],
    ['NetworkOut', 'NetworkIn'],
  ] as const)('is unknown when %s has no daily sums (while %s has)', (empty, full) => {
    const [r] = runCheck(
      overprovisioned,
      snapshotWith([
        cpuAvg(fourteen(() => 3)),
        cpuMax(40),
        net(empty, []),
        net(
          full,
          fourteen(() => MB),
        ),
      ]),
    );
    expect(r?.status).toBe('unknown');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1, m5.large): daily NetworkIn/NetworkOut sums are missing, so network I/O cannot be judged.',
    );
    const noDaily = aMetricSummary({
      metricName: empty,
      stat: 'Sum',
      periodSeconds: 86400,
      dailyMeans: undefined,
    });
    const [s] = runCheck(
      overprovisioned,
      snapshotWith([
        cpuAvg(fourteen(() => 3)),
        cpuMax(40),
        noDaily,
        net(
          full,
          fourteen(() => MB),
        ),
      ]),
    );
    expect(s?.status).toBe('unknown');
  });

  it('a day missing one network direction is not low and not in the median', () => {
    const bytesIn = fourteen((d) => (d < 10 ? undefined : 1 * MB));
    const [r] = run(
      fourteen(() => 3),
      { bytesIn, bytesOut: fourteen((d) => (d < 12 ? 9 * MB : 2 * MB)) },
    );
    // Days 10-13 have both directions; 10 and 11: 1 + 9 = 10 MB; 12 and 13: 1 + 2 = 3 MB.
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/ on 2 of the last 14 days \(flagged at 4\)\.$/);
    expect(r?.evidence.find((e) => e.label === 'Network I/O (in + out), median day')?.value).toBe(6.5);
  });

  it('aligns shorter network series on the most recent day', () => {
    // CPU has 14 days, network only the last 4 (all low): 4 low days.
    const [r] = run(
      fourteen(() => 3),
      { bytesIn: [MB, MB, MB, MB], bytesOut: [MB, MB, MB, MB] },
    );
    expect(r?.status).toBe('fail');
    expect(r?.message).toMatch(/ on 4 of the last 14 days \(flagged at 4\)/);
  });

  it('the median day of an odd and an unsorted even number of days', () => {
    const odd = run(
      fourteen(() => 50),
      { bytesIn: [5, 1, 3].map((x) => x * MB), bytesOut: [0, 0, 0] },
    );
    expect(odd[0]?.evidence.find((e) => e.unit === 'MB')?.value).toBe(3);
    const even = run(
      fourteen(() => 50),
      { bytesIn: [9, 1, 4, 2].map((x) => x * MB), bytesOut: [0, 0, 0, 0] },
    );
    expect(even[0]?.evidence.find((e) => e.unit === 'MB')?.value).toBe(3);
  });

  it('a failing instance: every evidence item, the message and the impact', () => {
    const [r] = run(
      fourteen((d) => (d < 4 ? 50 : 3)),
      { p99: 42.123, max: 97.5 },
    );
    expect(r).toEqual({
      status: 'fail',
      resourceType: 'AWS::EC2::Instance',
      resourceId: ID,
      resourceArn: anEc2Instance().arn,
      resourceName: 'web-1',
      message:
        'i-0123456789abcdef0 (web-1, m5.large) had daily average CPU <= 10% and network I/O <= 5 MB on 10 of the last 14 days (flagged at 4); hourly CPU peaked at 97.5%.',
      impact:
        'Idle on 10 of 14 days with a 97.5% hourly peak: a smaller size (or stopping it when idle) cuts its cost.',
      evidence: [
        {
          label: 'Days with average CPU <= 10% and network I/O <= 5 MB',
          value: 10,
          unit: 'days',
          threshold: '>= 4 of 14',
          window: 'last 14 days',
          source: 'Trusted Advisor Qch7DwouX1 rule',
        },
        {
          label: 'CPU utilization, mean of hourly averages',
          value: 5,
          unit: 'Percent',
          metric: 'AWS/EC2/CPUUtilization',
          statistic: 'Average',
          window: '14 days, 1-hour periods',
        },
        {
          label: 'CPU utilization, p95 of hourly averages',
          value: 7,
          unit: 'Percent',
          metric: 'AWS/EC2/CPUUtilization',
          statistic: 'p95 of hourly Average',
          window: '14 days, 1-hour periods',
        },
        {
          label: 'CPU utilization, p99 of hourly maxima',
          value: 42.12,
          unit: 'Percent',
          metric: 'AWS/EC2/CPUUtilization',
          statistic: 'p99 of hourly Maximum',
          window: '14 days, 1-hour periods',
          threshold: '<= 90 (above: spiky, not flagged)',
        },
        {
          label: 'CPU utilization, highest hourly maximum',
          value: 97.5,
          unit: 'Percent',
          metric: 'AWS/EC2/CPUUtilization',
          statistic: 'Maximum',
          window: '14 days, 1-hour periods',
        },
        {
          label: 'Network I/O (in + out), median day',
          value: 2,
          unit: 'MB',
          metric: 'AWS/EC2/NetworkIn + AWS/EC2/NetworkOut',
          statistic: 'Sum per day',
          window: '14 days, 1-day periods',
        },
      ],
    });
  });

  it('without a p99 the highest hourly maximum decides spikiness', () => {
    expect(
      run(
        fourteen(() => 3),
        { p99: undefined as unknown as number, max: 95 },
      )[0]?.status,
    ).toBe('fail');
    const [r] = runCheck(
      overprovisioned,
      snapshotWith([
        cpuAvg(fourteen(() => 3)),
        aMetricSummary({ stat: 'Maximum', max: 95, p99: undefined }),
        net(
          'NetworkIn',
          fourteen(() => MB),
        ),
        net(
          'NetworkOut',
          fourteen(() => MB),
        ),
      ]),
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/p99 of hourly CPU maxima is 95% \(above 90%\)/);
  });

  it('skips stopped instances', () => {
    const stopped = anEc2Instance({ state: 'stopped' });
    const results = runCheck(
      overprovisioned,
      snapshotWith(
        [
          cpuAvg(fourteen(() => 3)),
          cpuMax(40),
          net(
            'NetworkIn',
            fourteen(() => MB),
          ),
          net(
            'NetworkOut',
            fourteen(() => MB),
          ),
        ],
        [stopped],
      ),
    );
    expect(results).toEqual([]);
  });
});

describe('ec2-instance-cpu-not-saturated (mutation kills)', () => {
  function run(
    dailyMeans: number[],
    extra: Partial<MetricSummary> = {},
    inst: Partial<Ec2Instance> = {},
    types: InstanceTypeInfo[] = [],
  ) {
    const snapshot = withMetrics(
      aSnapshot({ ec2: { instances: [anEc2Instance(inst)], instanceTypes: instanceTypesOf(...types) } }),
      aMetricSummary({ dailyMeans, p95: 93.456, mean: 71.2, ...extra }),
    );
    return runCheck(saturated, snapshot);
  }

  it('a day at exactly 90% is not saturated; 4 days just above are', () => {
    expect(run(fourteen((d) => (d < 4 ? 90 : 50)))[0]?.status).toBe('pass');
    expect(run(fourteen((d) => (d < 4 ? 90.01 : 50)))[0]?.status).toBe('fail');
    expect(run(fourteen((d) => (d < 3 ? 95 : 50)))[0]?.status).toBe('pass');
  });

  it('judges with exactly 30 hours and is unknown with 29 or with no daily means', () => {
    expect(
      run(
        fourteen((d) => (d < 4 ? 95 : 50)),
        { datapoints: 30 },
      )[0]?.status,
    ).toBe('fail');
    const [r] = run(
      fourteen(() => 95),
      { datapoints: 29 },
    );
    expect(r).toEqual(
      expect.objectContaining({
        status: 'unknown',
        resourceName: 'web-1',
        message:
          'i-0123456789abcdef0 (web-1, m5.large): 29 hourly CPU datapoints in the window, fewer than the 30 hours needed.',
        evidence: [],
      }),
    );
    expect(run([], { datapoints: 336 })[0]?.status).toBe('unknown');
  });

  it('a passing instance: every evidence item', () => {
    const [r] = run(fourteen(() => 50));
    expect(r).toEqual({
      status: 'pass',
      resourceType: 'AWS::EC2::Instance',
      resourceId: ID,
      resourceArn: anEc2Instance().arn,
      resourceName: 'web-1',
      message:
        'i-0123456789abcdef0 (web-1, m5.large) had daily average CPU above 90% on 0 of the last 14 days (p95 of hourly averages 93.5%); flagged at 4.',
      evidence: [
        {
          label: 'Days with average CPU > 90%',
          value: 0,
          unit: 'days',
          threshold: '>= 4 of 14',
          window: 'last 14 days',
          source: 'Trusted Advisor ZRxQlPsb6c rule',
        },
        {
          label: 'CPU utilization, p95 of hourly averages',
          value: 93.46,
          unit: 'Percent',
          metric: 'AWS/EC2/CPUUtilization',
          statistic: 'p95 of hourly Average',
          window: '14 days, 1-hour periods',
        },
        {
          label: 'CPU utilization, mean of hourly averages',
          value: 71.2,
          unit: 'Percent',
          metric: 'AWS/EC2/CPUUtilization',
          statistic: 'Average',
          window: '14 days, 1-hour periods',
        },
      ],
    });
  });

  it('without a p95 the evidence says null and the message leaves it out', () => {
    const [r] = run(
      fourteen(() => 95),
      { p95: undefined },
    );
    expect(r?.evidence[1]?.value).toBeNull();
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1, m5.large) had daily average CPU above 90% on 14 of the last 14 days.',
    );
    expect(r?.impact).toBe('A larger size or more instances removes CPU queuing.');
  });

  it('burstable from the type facts wins over the name; from the name when the facts are missing', () => {
    const hot = fourteen(() => 95);
    // Facts say not burstable for a t3: no burst note.
    const [facts] = run(hot, {}, { instanceType: 't3.large' }, [
      anInstanceType({ instanceType: 't3.large', burstable: false }),
    ]);
    expect(facts?.message).not.toMatch(/burstable/);
    // No facts: the T class is burstable.
    const [byName] = run(hot, {}, { instanceType: 't3.large' });
    expect(byName?.message).toMatch(
      /t3\.large is burstable: sustained CPU above its baseline spends CPU credits/,
    );
    expect(byName?.impact).toBe(
      'A fixed-performance type of the same size removes credit throttling and surplus-credit charges.',
    );
    const [notT] = run(hot, {}, { instanceType: 'c5.large' });
    expect(notT?.message).not.toMatch(/burstable/);
  });

  it('skips stopped instances', () => {
    expect(
      run(
        fourteen(() => 95),
        {},
        { state: 'stopped' },
      ),
    ).toEqual([]);
  });
});

describe('ec2-instance-current-generation (mutation kills)', () => {
  const m4 = anInstanceType({ instanceType: 'm4.large', currentGeneration: false });
  function run(inst: Partial<Ec2Instance>, types: InstanceTypeInfo[], gravitonFamilies: string[] = []) {
    return runCheck(
      currentGeneration,
      aSnapshot({
        ec2: { instances: [anEc2Instance(inst)], instanceTypes: instanceTypesOf(...types), gravitonFamilies },
      }),
    );
  }

  it('a previous-generation instance: evidence, and x86 then arm64 suggestions of the same class and size', () => {
    const types = [
      m4,
      anInstanceType({ instanceType: 'm5.large' }),
      anInstanceType({ instanceType: 'm6i.large' }),
      anInstanceType({ instanceType: 'm7i.large' }),
      anInstanceType({ instanceType: 'm7a.large' }),
      anInstanceType({ instanceType: 'm6i.xlarge' }), // other size
      anInstanceType({ instanceType: 'c6i.large' }), // other class
      anInstanceType({ instanceType: 'm3.large', currentGeneration: false }),
      anInstanceType({ instanceType: 'm7g.large', architectures: ['arm64'] }), // other architecture
    ];
    const [r] = run({ instanceType: 'm4.large' }, types, ['m6g', 'm7g', 'm8g']);
    expect(r).toEqual({
      status: 'fail',
      resourceType: 'AWS::EC2::Instance',
      resourceId: ID,
      resourceArn: anEc2Instance().arn,
      resourceName: 'web-1',
      message:
        'i-0123456789abcdef0 (web-1) runs m4.large, a previous-generation type (CurrentGeneration = false).',
      evidence: [
        { label: 'Instance type', value: 'm4.large', source: 'ec2:DescribeInstances InstanceType' },
        {
          label: 'Current generation',
          value: false,
          threshold: 'true',
          source: 'ec2:DescribeInstanceTypes CurrentGeneration',
        },
      ],
      impact:
        'Move to m7a.large, m7i.large, m6i.large (same class and size), or the m8g or m7g family (arm64, after validating the software on Graviton).',
    });
  });

  it('an arm64 previous-generation instance gets only arm64 types of its class and size, no Graviton family', () => {
    const types = [
      anInstanceType({ instanceType: 'a1.large', currentGeneration: false, architectures: ['arm64'] }),
      anInstanceType({ instanceType: 'a2.large', architectures: ['arm64'] }),
      anInstanceType({ instanceType: 'a2.xlarge', architectures: ['arm64'] }),
    ];
    const [r] = run({ instanceType: 'a1.large', architecture: 'arm64' }, types, ['m7g']);
    expect(r?.impact).toBe('Move to a2.large (same class and size).');
  });

  it('an instance without a reported architecture is compared as x86_64', () => {
    const [r] = run(
      { instanceType: 'm4.large', architecture: undefined },
      [m4, anInstanceType({ instanceType: 'm5.large' })],
      ['m7g'],
    );
    expect(r?.impact).toBe(
      'Move to m5.large (same class and size), or the m7g family (arm64, after validating the software on Graviton).',
    );
  });

  it('with nothing to suggest, and for an unparseable type name', () => {
    const [none] = run({ instanceType: 'm4.large' }, [m4]);
    expect(none?.impact).toBe(
      'No current-generation type of the same class appears in the collected DescribeInstanceTypes facts; pick one from the instance types page.',
    );
    const odd = anInstanceType({ instanceType: 'weird', currentGeneration: false });
    const [r] = run({ instanceType: 'weird' }, [odd, anInstanceType({ instanceType: 'm5.large' })], ['m7g']);
    expect(r?.status).toBe('fail');
    expect(r?.impact).toMatch(/^No current-generation type/);
  });

  it('missing type facts: unknown with the instance type as evidence', () => {
    const [r] = run({ instanceType: 'm4.large' }, []);
    expect(r).toEqual(
      expect.objectContaining({
        status: 'unknown',
        message:
          'i-0123456789abcdef0 (web-1) runs m4.large, which is missing from the DescribeInstanceTypes facts of this region, so its generation is unknown.',
        evidence: [
          {
            label: 'Instance type',
            value: 'm4.large',
            source: 'ec2:DescribeInstanceTypes CurrentGeneration',
          },
        ],
      }),
    );
  });

  it('a current-generation instance passes; a stopped one is skipped', () => {
    const [r] = run({}, [anInstanceType()]);
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe('i-0123456789abcdef0 (web-1) runs m5.large, a current-generation type.');
    expect(run({ state: 'stopped' }, [m4])).toEqual([]);
  });
});

describe('ec2-instance-graviton (mutation kills)', () => {
  function run(
    inst: Partial<Ec2Instance>,
    types: InstanceTypeInfo[] = [],
    gravitonFamilies = ['m7g', 'm6g'],
  ) {
    return runCheck(
      graviton,
      aSnapshot({
        ec2: { instances: [anEc2Instance(inst)], instanceTypes: instanceTypesOf(...types), gravitonFamilies },
      }),
    );
  }

  it('a failing x86 Linux instance: every evidence item and the impact', () => {
    const [r] = run({});
    expect(r).toEqual({
      status: 'fail',
      resourceType: 'AWS::EC2::Instance',
      resourceId: ID,
      resourceArn: anEc2Instance().arn,
      resourceName: 'web-1',
      message:
        'i-0123456789abcdef0 (web-1) runs m5.large (x86_64, Linux/UNIX) although the arm64 families m7g, m6g are offered in this region.',
      evidence: [
        { label: 'Instance type', value: 'm5.large', source: 'ec2:DescribeInstances InstanceType' },
        {
          label: 'Architecture',
          value: 'x86_64',
          threshold: 'x86_64',
          source: 'ec2:DescribeInstances Architecture',
        },
        { label: 'Platform', value: 'Linux/UNIX', source: 'ec2:DescribeInstances PlatformDetails' },
        {
          label: 'arm64 counterparts offered',
          value: 'm7g, m6g',
          source: 'ec2:DescribeInstanceTypes ProcessorInfo.SupportedArchitectures = arm64',
        },
      ],
      impact:
        'Move m5 to m7g: AWS cites up to 40% better price performance for Graviton than comparable x86 instances (https://aws.amazon.com/ec2/graviton/).',
    });
  });

  it.each([
    ['Ubuntu Pro', 'fail'],
    ['Red Hat Enterprise Linux', 'fail'],
    ['SUSE Linux', 'fail'],
    ['Windows', 'pass'],
    ['Linux with SQL Server Standard', 'pass'],
    ['FreeBSD', 'pass'],
  ])('platform %s -> %s', (platform, status) => {
    expect(run({ platform })[0]?.status).toBe(status);
  });

  it('an instance without a platform: pass, and the evidence says null', () => {
    const [r] = run({ platform: undefined });
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1) does not report a Linux platform (none reported), so the check does not apply.',
    );
    expect(r?.evidence[2]).toEqual({
      label: 'Platform',
      value: null,
      source: 'ec2:DescribeInstances PlatformDetails',
    });
  });

  it('architecture from the type facts when it has exactly one, else unknown', () => {
    const one = anInstanceType({ architectures: ['arm64'] });
    const [arm] = run({ architecture: undefined }, [one]);
    expect(arm?.status).toBe('pass');
    expect(arm?.message).toBe('i-0123456789abcdef0 (web-1) already runs on arm64 (m5.large).');
    const two = anInstanceType({ architectures: ['x86_64', 'i386'] });
    const [r] = run({ architecture: undefined }, [two]);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1) runs m5.large, but its architecture is not reported and the type facts are missing.',
    );
    expect(r?.evidence[1]).toEqual({
      label: 'Architecture',
      value: null,
      threshold: 'x86_64',
      source: 'ec2:DescribeInstances Architecture',
    });
  });

  it('another architecture (i386, x86_64_mac) does not apply', () => {
    const [r] = run({ architecture: 'x86_64_mac' });
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'i-0123456789abcdef0 (web-1) runs a x86_64_mac architecture, so the check does not apply.',
    );
  });

  it('a stopped instance is skipped', () => {
    expect(run({ state: 'stopped' })).toEqual([]);
  });
});

describe('EC2 survivors of the 2026-12-05 run', () => {
  const netDays = fourteen(() => MB);

  it('over-provisioned: unknown when only NetworkOut is missing', () => {
    const [r] = runCheck(
      overprovisioned,
      snapshotWith([cpuAvg(fourteen(() => 3)), cpuMax(40), net('NetworkIn', netDays)]),
    );
    expect(r?.status).toBe('unknown');
    expect(r?.message).toMatch(/daily NetworkIn\/NetworkOut sums are missing/);
  });

  it('over-provisioned: a null daily CPU mean never counts as low', () => {
    const cpu = fourteen((d) => (d < 4 ? null : 50)) as unknown as number[];
    const [r] = runCheck(
      overprovisioned,
      snapshotWith([cpuAvg(cpu), cpuMax(40), net('NetworkIn', netDays), net('NetworkOut', netDays)]),
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/ on 0 of the last 14 days/);
  });

  it('over-provisioned: exactly 4 low days on a spiky instance says spiky', () => {
    const [r] = runCheck(
      overprovisioned,
      snapshotWith([
        cpuAvg(fourteen((d) => (d < 4 ? 3 : 50))),
        cpuMax(95),
        net('NetworkIn', netDays),
        net('NetworkOut', netDays),
      ]),
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(
      / on 4 of the last 14 days, but the p99 of hourly CPU maxima is 95% \(above 90%\)/,
    );
  });

  it('saturated: an unparseable type without type facts is not burstable', () => {
    const snapshot = withMetrics(
      aSnapshot({ ec2: { instances: [anEc2Instance({ instanceType: 'u-6tb1.metal' })] } }),
      aMetricSummary({ dailyMeans: fourteen(() => 95) }),
    );
    const [r] = runCheck(saturated, snapshot);
    expect(r?.status).toBe('fail');
    expect(r?.message).not.toMatch(/burstable/);
  });

  it('current generation: an unparseable current type in the facts is never suggested', () => {
    const types = [
      anInstanceType({ instanceType: 'm4.large', currentGeneration: false }),
      anInstanceType({ instanceType: 'u-6tb1.metal' }),
      anInstanceType({ instanceType: 'm5.large' }),
    ];
    const [r] = runCheck(
      currentGeneration,
      aSnapshot({
        ec2: {
          instances: [anEc2Instance({ instanceType: 'm4.large' })],
          instanceTypes: instanceTypesOf(...types),
        },
      }),
    );
    expect(r?.impact).toBe('Move to m5.large (same class and size).');
  });
});
