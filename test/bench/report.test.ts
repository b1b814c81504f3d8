import { describe, it, expect } from 'vitest';
import type { ScenarioResult } from '../../bench/scenario.js';
import { gapKinds } from '../../bench/analyze.js';
import type { Gap } from '#lib/model/index.js';
import type { UnitMemoryResult } from '../../bench/unit.js';
import {
  callsTable,
  fmtBytes,
  fmtInt,
  fmtMs,
  fmtRatio,
  growthTable,
  lambdaVerdict,
  marginalPerThousand,
  mdTable,
  observations,
  recommendedLambdaMb,
  renderConsole,
  renderDocs,
  throttlingText,
  unitEstimate,
  vsBound,
  type BenchDoc,
} from '../../bench/report.js';

const MB = 1024 * 1024;

function aResult(over: Partial<ScenarioResult> & { name: string; resourcesTotal: number }): ScenarioResult {
  const base: ScenarioResult = {
    name: over.name,
    title: `${over.name} scenario`,
    scale: 1,
    enabledRegions: ['eu-west-1', 'us-east-1'],
    busyRegions: ['eu-west-1'],
    faultSpecs: 0,
    units: [{ region: 'eu-west-1', status: 'ok', apiCalls: 10, durationMs: 1200, gaps: 0 }],
    resources: { 'ec2.instances': over.resourcesTotal },
    resourcesTotal: over.resourcesTotal,
    findings: { fail: 1, pass: 2, unknown: 0, error: 0 },
    gaps: 0,
    actions: [
      {
        action: 'ec2:DescribeInstances',
        kind: 'inventory',
        per: 'instances',
        calls: 1,
        bound: 1,
        listings: 1,
        items: 10,
        maxPerUnit: 1,
        failed: 0,
      },
      {
        action: 'cloudwatch:GetMetricData',
        kind: 'metrics',
        per: 'batch',
        calls: 2,
        bound: 2,
        listings: 0,
        items: 0,
        maxPerUnit: 2,
        failed: 0,
      },
    ],
    calls: {
      total: 3,
      inventory: 1,
      inventoryBound: 1,
      metrics: 2,
      metricsBound: 2,
      series: 600,
      datapoints: 600 * 336,
      peerCalls: 600,
      scoped: 0,
      perResource: 0,
      perResourceMaxPerUnit: 0,
      once: 0,
      unclassified: 0,
      failed: 0,
    },
    pageSizeIssues: [],
    attempts: 3,
    retries: 0,
    throttles: 0,
    time: {
      wallMs: 1500,
      scanMs: 1400,
      digestMs: 100,
      simulatorMs: 300,
      simStateMs: 10,
      rateLimitWaitMs: 0,
      modelled: {
        seconds: 0.04,
        region: 'eu-west-1',
        bucket: 'cloudwatch:GetMetricData',
        by: 'calls',
        secondsAfterBurst: 0,
      },
    },
    memory: {
      samples: 10,
      peakRss: 200 * MB,
      peakHeapUsed: 90 * MB,
      peakHeapTotal: 100 * MB,
      peakExternal: MB,
      peakArrayBuffers: MB,
      maxRssOs: 210 * MB,
      peakLiveHeap: 60 * MB,
      fullGcs: 2,
      gcMs: 50,
      forcedGcs: 1,
      forcedGcMs: 10,
      baselineHeapUsed: 40 * MB,
      baselineRss: 150 * MB,
      simStateHeap: MB,
      heapDelta: 20 * MB,
      snapshotBytes: 5 * MB,
      findingsBytes: 2 * MB,
      gcExposed: true,
    },
  };
  return { ...base, ...over };
}

const unit: UnitMemoryResult = {
  scenario: 'large',
  region: 'eu-west-1',
  status: 'ok',
  apiCalls: 190,
  durationMs: 9000,
  resources: 8000,
  series: 14000,
  baselineRss: 100 * MB,
  simStateHeap: 10 * MB,
  maxRssOs: 410 * MB,
  peakHeapUsed: 120 * MB,
  baselineHeapUsed: 30 * MB,
  node: 'v20.0.0',
};

describe('number formatting', () => {
  it('formats counts, times, sizes and ratios', () => {
    expect(fmtInt(43278.4)).toBe('43,278');
    expect(fmtMs(574.4)).toBe('574 ms');
    expect(fmtMs(1234)).toBe('1.23 s');
    expect(fmtMs(23_456)).toBe('23.5 s');
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(2048)).toBe('2 KB');
    expect(fmtBytes(1.5 * MB)).toBe('1.5 MB');
    expect(fmtBytes(1393 * MB)).toBe('1,393 MB');
    expect(fmtRatio(43_278, 132)).toBe('328x');
    expect(fmtRatio(3, 2)).toBe('1.5x');
    expect(fmtRatio(3, 0)).toBe('-');
  });
  it('marks a count above its bound', () => {
    expect(vsBound(47, 47)).toBe('47 / 47');
    expect(vsBound(48, 47)).toBe('48 / 47 (!)');
    expect(vsBound(5, undefined)).toBe('5');
  });
});

describe('mdTable', () => {
  it('renders a GitHub table with right-aligned number columns and escaped pipes', () => {
    expect(mdTable(['a', 'n'], [['x|y', 1234]], ['l', 'r'])).toBe(
      '| a | n |\n| --- | ---: |\n| x\\|y | 1,234 |',
    );
  });
  it('fills missing cells', () => {
    expect(mdTable(['a', 'b'], [['only']])).toBe('| a | b |\n| --- | --- |\n| only |  |');
  });
});

describe('tables and text', () => {
  it('puts calls against their bounds and the peers in the calls table', () => {
    const t = callsTable([aResult({ name: 'large', resourcesTotal: 1000 })]);
    expect(t).toContain('| large | 1,000 | 600 | 3 | 1 / 1 | 2 / 2 | 600 | 300x | 0 (0) | 0 | 0 | 0 |');
  });
  it('shows what each extra 1,000 resources costs between sizes', () => {
    expect(
      marginalPerThousand({ bytes: 10 * MB, resources: 1000 }, { bytes: 30 * MB, resources: 3000 }),
    ).toBe(10 * MB);
    const g = growthTable([
      aResult({ name: 'small', resourcesTotal: 1000 }),
      aResult({
        name: 'large',
        resourcesTotal: 3000,
        memory: {
          ...aResult({ name: 'x', resourcesTotal: 1 }).memory,
          heapDelta: 40 * MB,
          snapshotBytes: 15 * MB,
        },
      }),
    ]);
    expect(g).toContain('| small -> large | 3.0x |');
    expect(g).toContain('| 10 MB | 5.0 MB | 2.0x |');
  });
  it('has no growth table with one sized scenario', () => {
    expect(growthTable([aResult({ name: 'small', resourcesTotal: 1000 })])).toBeUndefined();
  });
  it('describes the throttled scenario from its figures', () => {
    const small = aResult({ name: 'small', resourcesTotal: 600 });
    const throttled = aResult({
      name: 'throttled',
      resourcesTotal: 590,
      faultSpecs: 6,
      throttles: 12,
      retries: 11,
      gaps: 1,
      units: [{ region: 'eu-west-1', status: 'partial', apiCalls: 3, durationMs: 9000, gaps: 1 }],
      calls: { ...small.calls, failed: 1 },
      time: { ...small.time, wallMs: 9000 },
    });
    const t = throttlingText([small, throttled]) ?? '';
    expect(t).toContain('12 attempts with a throttling error');
    expect(t).toContain('retried 11 times');
    expect(t).toContain('1 call stayed throttled');
    expect(t).toContain('eu-west-1 partial');
    expect(t).toContain('are the same as in small (3)');
    expect(throttlingText([small])).toBeUndefined();
  });
  it('sizes the Lambda from the unit peak without the simulator, with 50% headroom, in 128 MB steps', () => {
    expect(unitEstimate(unit)).toBe(400 * MB);
    expect(recommendedLambdaMb(unit)).toBe(640);
  });
});

describe('observations', () => {
  it('says nothing but the slowest bucket when every count is at its bound', () => {
    const o = observations([aResult({ name: 'large', resourcesTotal: 1000 })]);
    expect(o).toEqual([
      'large: the slowest rate-limit bucket is `cloudwatch:GetMetricData` in eu-west-1: 40 ms at its refill rate.',
    ]);
  });
  it('flags calls above bounds, page sizes, and per-resource calls that grow with the account', () => {
    const mid = aResult({ name: 'large', resourcesTotal: 1000 });
    mid.actions.push({
      action: 'rds:DescribeDBProxyTargets',
      kind: 'per-resource',
      per: 'RDS proxy',
      calls: 10,
      bound: 10,
      listings: 10,
      items: 10,
      maxPerUnit: 10,
      failed: 0,
    });
    const big = aResult({
      name: 'xl',
      resourcesTotal: 2000,
      calls: { ...mid.calls, inventory: 3, inventoryBound: 2 },
      pageSizeIssues: ['ec2:DescribeInstances in eu-west-1: 1 of 1 calls asked for no page size (max 1000)'],
    });
    big.actions.push({
      action: 'rds:DescribeDBProxyTargets',
      kind: 'per-resource',
      per: 'RDS proxy',
      calls: 20,
      bound: 20,
      listings: 20,
      items: 20,
      maxPerUnit: 20,
      failed: 0,
    });
    const o = observations([mid, big]).join('\n');
    expect(o).toContain('xl: 1 inventory calls above the page-size bound.');
    expect(o).toContain('asked for no page size');
    expect(o).toContain(
      '`rds:DescribeDBProxyTargets` (per-resource, one per RDS proxy) grows with the account: 10 in large, 20 in xl',
    );
  });
  it('flags a per-resource action at its cap', () => {
    const r = aResult({ name: 'large', resourcesTotal: 1000 });
    r.actions.push({
      action: 'application-signals:GetServiceLevelObjective',
      kind: 'per-resource',
      per: 'SLO',
      calls: 50,
      listings: 50,
      items: 50,
      maxPerUnit: 50,
      failed: 0,
    });
    expect(observations([r]).join('\n')).toContain('reached its cap of 50 calls in one unit');
  });
});

describe('documents', () => {
  const doc: BenchDoc = {
    machine: {
      node: 'v20.0.0',
      cpus: 2,
      cpuModel: 'Test CPU',
      totalMemoryBytes: 8 * 1024 * MB,
      platform: 'linux 6',
    },
    date: '2026-11-22T10:00:00.000Z',
    results: [
      aResult({ name: 'small', resourcesTotal: 600 }),
      aResult({ name: 'large', resourcesTotal: 3000 }),
    ],
    demos: [
      {
        command: 'npx tsx bin/perfscan.ts scan --simulated',
        runs: 3,
        warmup: 1,
        source: 'gnu-time',
        medianWallSeconds: 2.5,
        minWallSeconds: 2.2,
        maxWallSeconds: 4.1,
        medianMaxRssBytes: 270 * MB,
      },
      {
        command: 'npx tsx bin/perfscan.ts scan --simulated',
        runs: 3,
        warmup: 1,
        source: 'external',
        medianWallSeconds: 2.6,
        minWallSeconds: 2.3,
        maxWallSeconds: 2.9,
        medianMaxRssBytes: 265 * MB,
      },
    ],
    units: [unit],
    lambdaMemoryMb: 1024,
    args: ['--write-docs'],
  };
  it('renders the page with machine, reproduction, tables, the Lambda verdict and the peers', () => {
    const md = renderDocs(doc);
    expect(md.startsWith('# Benchmarks\n')).toBe(true);
    expect(md).toContain(
      'Generated by `npm run bench -- --write-docs` on 2026-11-22: Node v20.0.0, 2 CPUs (Test CPU)',
    );
    for (const h of [
      '## How to reproduce',
      '## API calls',
      '## Time',
      '## Memory',
      '### Growth with the account',
      '## The whole demo command',
      "## One unit: the Scan Lambda's memory size",
      '## Resources by type',
      '## API calls by action',
      '## Compared with the peers',
      '## Observations',
    ]) {
      expect(md).toContain(`\n${h}\n`);
    }
    expect(md).toContain(
      '| `npx tsx bin/perfscan.ts scan --simulated` | `/usr/bin/time -v` (this benchmark) | 3 (1) | 2.50 s | 2.20 s - 4.10 s | 270 MB |',
    );
    expect(md).toContain('| external whole-process timer | 3 (1) | 2.60 s | 2.30 s - 2.90 s | 265 MB |');
    expect(md).toContain(
      'with 50% headroom that is 640 MB; the stack configures 1024 MB (2.6x the estimate)',
    );
    expect(md).toContain('600 calls: 300x fewer');
  });
  it('gives a verdict on the Scan Lambda memory size from the largest unit', () => {
    expect(renderDocs(doc)).toContain(
      'Verdict: the configured 1024 MB holds the largest measured unit (large: 8,000 resources and 14,000 metric series in one region) with 2.6x headroom.',
    );
    expect(lambdaVerdict([unit], 512)).toContain('but with 1.3x headroom, under the 1.5x this page asks for');
    expect(lambdaVerdict([unit], 512)).toContain('640 MB would cover regions this big with the margin.');
    expect(lambdaVerdict([unit], 384)).toContain(
      'needs about 640 MB with 50% headroom, more than the configured 384 MB',
    );
    expect(lambdaVerdict([], 1024)).toBe('');
  });
  it('renders a console summary line per scenario', () => {
    const text = renderConsole(doc);
    expect(text.split('\n').filter((l) => /^\s+(small|large)\s/.test(l))).toHaveLength(2);
    expect(text).toContain('suggested Lambda memory 640 MB, configured 1024 MB');
  });
  it('says what the gaps are made of, by kind, most frequent first, from the units', () => {
    const gap = (service: Gap['service'], slice: string, code: Gap['code'], action?: string): Gap => ({
      service,
      slice,
      code,
      message: 'x',
      ...(action ? { action } : {}),
    });
    const kinds = gapKinds([
      {
        gaps: [
          gap('pricing', 'pricing', 'NotSupported', 'pricing:GetProducts'),
          gap('metrics', 'metrics', 'Throttled'),
        ],
      },
      { gaps: [gap('pricing', 'pricing', 'NotSupported', 'pricing:GetProducts')] },
    ]);
    expect(kinds).toEqual({
      'pricing pricing NotSupported pricing:GetProducts': 2,
      'metrics metrics Throttled': 1,
    });
    const withGaps = {
      ...doc,
      results: [aResult({ name: 'small', resourcesTotal: 10, gaps: 3, gapKinds: kinds })],
    };
    expect(renderConsole(withGaps)).toContain(
      'small gaps by kind: pricing pricing NotSupported pricing:GetProducts 2; metrics metrics Throttled 1',
    );
    expect(renderConsole(doc)).not.toContain('gaps by kind');
  });
});
