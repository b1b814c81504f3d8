/**
 * Formatting of the benchmark's figures: the console summary and docs/benchmarks.md. Pure: everything
 * (machine, date, results) is passed in.
 */
import type { MemoryFigures } from './memory-report.js';
import { callsBeyondPaging, FOLLOW_UP_CAP, KIND_ORDER, type ActionRow } from './analyze.js';
import { GMS_MAX_DATAPOINTS, seriesPerCall } from './bounds.js';
import type { ProcessFigures } from './process.js';
import type { ScenarioResult } from './scenario.js';
import type { UnitMemoryResult } from './unit.js';
import type { OrgResult } from './org.js';

const MB = 1024 * 1024;

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function fmtSeconds(s: number): string {
  return fmtMs(s * 1000);
}

export function fmtBytes(b: number): string {
  if (b < 1024) return `${Math.round(b)} B`;
  if (b < MB) return `${(b / 1024).toFixed(0)} KB`;
  const mb = b / MB;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb).toLocaleString('en-US')} MB`;
}

/** a / b as "312x" ("-" when b is 0). */
export function fmtRatio(a: number, b: number): string {
  if (!(b > 0)) return '-';
  const r = a / b;
  return `${r < 10 ? r.toFixed(1) : Math.round(r).toLocaleString('en-US')}x`;
}

/** "47 / 47" with a mark when the observed count exceeds the bound. */
export function vsBound(observed: number, bound: number | undefined): string {
  if (bound === undefined) return fmtInt(observed);
  return `${fmtInt(observed)} / ${fmtInt(bound)}${observed > bound ? ' (!)' : ''}`;
}

function escapeCell(v: string): string {
  return v.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GitHub Markdown table; `align` per column ('r' right-aligns numbers). */
export function mdTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align?: readonly ('l' | 'r')[],
): string {
  const cell = (v: string | number) => escapeCell(typeof v === 'number' ? fmtInt(v) : v);
  const sep = headers.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${sep.join(' | ')} |`];
  for (const r of rows) lines.push(`| ${headers.map((_, i) => cell(r[i] ?? '')).join(' | ')} |`);
  return lines.join('\n');
}

/** Heap the scan needed per 1,000 resources, and the same for the snapshot JSON. */
export function perThousand(bytes: number, resources: number): number {
  return resources > 0 ? (bytes / resources) * 1000 : 0;
}

export interface Machine {
  node: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  platform: string;
}

export interface BenchDoc {
  machine: Machine;
  /** ISO date-time of the run. */
  date: string;
  results: ScenarioResult[];
  /** The whole demo command timed as a process, by this benchmark and/or by an external timer. */
  demos?: ProcessFigures[];
  units?: UnitMemoryResult[];
  /** Scan Lambda memory size configured in lib/infra/perfscan-stack.ts (MB). */
  lambdaMemoryMb?: number;
  /** Total benchmark run time. */
  benchSeconds?: number;
  /** Arguments the benchmark ran with (shown in the page header). */
  args?: string[];
  /** The organization run through the state machine (`--scenario org`, bench/org.ts). */
  org?: OrgResult;
  /** Issue 10's memory benchmarks (`--scenario memory`, bench/memory-report.ts). */
  memory?: MemoryFigures;
}

export function callsTable(results: readonly ScenarioResult[]): string {
  return mdTable(
    [
      'scenario',
      'resources',
      'metric series',
      'API calls',
      'inventory calls / lower bound',
      'GetMetricData calls / lower bound',
      "peers' GetMetricStatistics calls",
      'fewer metric calls',
      'per-resource calls (max per unit)',
      'throttles',
      'retries',
      'calls failed after retries',
    ],
    results.map((r) => [
      r.name,
      r.resourcesTotal,
      r.calls.series,
      r.calls.total,
      vsBound(r.calls.inventory, r.calls.inventoryBound),
      vsBound(r.calls.metrics, r.calls.metricsBound),
      r.calls.peerCalls,
      fmtRatio(r.calls.peerCalls, r.calls.metrics),
      `${fmtInt(r.calls.perResource)} (${fmtInt(r.calls.perResourceMaxPerUnit)})`,
      r.throttles,
      r.retries,
      r.calls.failed,
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function timeTable(results: readonly ScenarioResult[]): string {
  return mdTable(
    [
      'scenario',
      'wall (scan + digest)',
      'simulator CPU (inside wall)',
      'GC (inside wall)',
      'rate-limit waits (summed)',
      'modelled minimum (slowest bucket)',
      'modelled, burst spent first',
    ],
    results.map((r) => [
      r.name,
      fmtMs(r.time.wallMs),
      fmtMs(r.time.simulatorMs),
      fmtMs(Math.max(0, r.memory.gcMs - r.memory.forcedGcMs)),
      fmtMs(r.time.rateLimitWaitMs),
      `${fmtSeconds(r.time.modelled.seconds)} (${r.time.modelled.bucket ? `\`${r.time.modelled.bucket}\` ${r.time.modelled.by} in ${r.time.modelled.region}` : '-'})`,
      fmtSeconds(r.time.modelled.secondsAfterBurst),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

/** perfscan's own CPU time: the process's, less the simulator's share when the simulator shared the process. */
export function perfscanCpuSeconds(r: ScenarioResult): number | undefined {
  if (r.cpuSeconds === undefined) return undefined;
  if (r.simulator?.process === 'separate') return r.cpuSeconds;
  return r.cpuSeconds - (r.time.simulatorCpuMs ?? 0) / 1000;
}

/** Scenarios run under the simulated AWS quotas: wall time against the floor of the same run. */
export function quotaTable(results: readonly ScenarioResult[]): string | undefined {
  const rows = results.filter((r) => r.quota && r.quota.floor.seconds > 0);
  if (rows.length === 0) return undefined;
  return mdTable(
    [
      'scenario',
      'wall (scan + digest)',
      "floor: AWS's buckets (slowest)",
      'wall / floor',
      'throttled requests',
      'failed calls',
      'CPU time (process)',
      'of which simulator',
      'CPU without simulator / floor',
      'units at once',
      'latency model',
    ],
    rows.map((r) => {
      const q = r.quota as NonNullable<ScenarioResult['quota']>;
      return [
        r.name,
        fmtMs(r.time.wallMs),
        `${fmtSeconds(q.floor.seconds)} (\`${q.floor.bucket}\` in ${q.floor.region}, ${fmtInt(q.floor.tokens)} tokens)`,
        `${(r.time.wallMs / 1000 / q.floor.seconds).toFixed(2)}x`,
        `${fmtInt(q.throttled)} of ${fmtInt(q.requests)} (${((100 * q.throttled) / Math.max(1, q.requests)).toFixed(2)}%)`,
        fmtInt(q.failedCalls),
        r.cpuSeconds !== undefined ? fmtSeconds(r.cpuSeconds) : '-',
        r.simulator?.process === 'separate'
          ? `none (own process: ${r.simulator.cpuSeconds !== undefined ? fmtSeconds(r.simulator.cpuSeconds) : '-'})`
          : r.time.simulatorCpuMs !== undefined
            ? fmtMs(r.time.simulatorCpuMs)
            : '-',
        perfscanCpuSeconds(r) !== undefined
          ? `${((perfscanCpuSeconds(r) as number) / q.floor.seconds).toFixed(2)}x`
          : '-',
        r.unitConcurrency !== undefined ? String(r.unitConcurrency) : '-',
        q.latency ? 'on' : 'off',
      ];
    }),
    ['l', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

/** The naive peer, run through the same simulator in the same benchmark run. */
export function peerTable(results: readonly ScenarioResult[]): string | undefined {
  const rows = results.filter((r) => r.peer);
  if (rows.length === 0) return undefined;
  return mdTable(
    [
      'scenario',
      'peer regions with metrics read',
      'peer GetMetricStatistics (measured)',
      'perfscan GetMetricData there',
      'ratio (measured)',
      'peer wall (measured)',
      'peer throttled / failed',
      'full account: peer calls',
      'full account: peer wall',
      'perfscan GetMetricData (all)',
      'ratio (full)',
      'perfscan wall',
    ],
    rows.map((r) => {
      const p = r.peer as NonNullable<ScenarioResult['peer']>;
      const derived = p.full.derived ? ' (derived)' : '';
      return [
        r.name,
        p.sampledRegions.length === r.enabledRegions.length
          ? `all ${p.sampledRegions.length}`
          : p.sampledRegions.join(', '),
        fmtInt(p.getMetricStatisticsCalls),
        fmtInt(p.perfscanGetMetricDataInSample),
        fmtRatio(p.getMetricStatisticsCalls, p.perfscanGetMetricDataInSample),
        fmtSeconds(p.wallSeconds),
        `${fmtInt(p.throttles)} / ${fmtInt(p.failed)}`,
        fmtInt(p.full.getMetricStatisticsCalls) + derived,
        fmtSeconds(p.full.wallSeconds) + derived,
        fmtInt(r.calls.metrics),
        fmtRatio(p.full.getMetricStatisticsCalls, r.calls.metrics),
        fmtMs(r.time.wallMs),
      ];
    }),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

/** What the quota and peer tables mean, for the docs page. */
export const QUOTA_NOTES = [
  "The simulated AWS (lib/sim/quota.ts) enforces AWS's documented rates with token buckets per account, region and API " +
    '(EC2 `Describe*` 100 burst / 20 per s, unfiltered unpaginated `DescribeInstances`/`DescribeVolumes` 50 / 10, RDS 300 / 12, ' +
    'Lambda 15/s for all its APIs, Compute Optimizer 5/s, `GetMetricData` 50 TPS and 396,000 datapoints/s, `GetMetricStatistics` 400, ' +
    "`DescribeAlarms` 9, the Price List's `GetProducts` 10 / 5 per s at its one us-east-1 endpoint, shared by every unit of the account) and refuses a request over a rate with that service's throttling error (`RequestLimitExceeded` 503, " +
    "`Throttling` 400, `TooManyRequestsException` 429, `ThrottlingException` 400), which the SDK's standard retry backs off from. " +
    'With the latency model on, every answer takes a fixed round trip plus a cost per item returned (for `GetMetricData`, per datapoint asked for, waited before the answer is built, as it arrives off the network; the model and its assumptions are in lib/sim/quota.ts).',
  "The floor is the least time AWS's buckets allow for the requests this run had admitted: per region and bucket, " +
    '(tokens taken - burst) / refill rate, regions and buckets in parallel. No client, however fast, finishes the same requests sooner.',
  'The peer (bench/peer.ts) lists with default page sizes and reads one `GetMetricStatistics` per resource per metric (3 per resource), ' +
    "one call at a time, regions in sequence, the SDK's default retry, no client-side limiter. It is strictly sequential, so its clock runs " +
    'scaled (waits take 1/50 of their real time) and its wall time is still exact: real time - real time asleep + simulated time asleep. ' +
    'Where it reads metrics in a sample of regions only, it still lists every region, and the full-account figures are derived: ' +
    "calls = 3 per listed resource (exactly what it sends), wall = measured listing time + the sample's seconds per metric call x those calls.",
];

export function memoryTable(results: readonly ScenarioResult[]): string {
  return mdTable(
    [
      'scenario',
      'peak RSS',
      'peak heap used (with garbage)',
      'live heap growth',
      'snapshot JSON',
      'findings JSON',
      'live heap growth per 1,000 resources',
      'snapshot per 1,000 resources',
      'live heap growth / snapshot',
    ],
    results.map((r) => [
      r.name,
      fmtBytes(Math.max(r.memory.peakRss, r.memory.maxRssOs)),
      fmtBytes(r.memory.peakHeapUsed),
      fmtBytes(r.memory.heapDelta),
      fmtBytes(r.memory.snapshotBytes),
      fmtBytes(r.memory.findingsBytes),
      fmtBytes(perThousand(r.memory.heapDelta, r.resourcesTotal)),
      fmtBytes(perThousand(r.memory.snapshotBytes, r.resourcesTotal)),
      fmtRatio(r.memory.heapDelta, r.memory.snapshotBytes),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

/** (b - a) per 1,000 resources between two scenarios: what each extra 1,000 resources cost. */
export function marginalPerThousand(
  a: { bytes: number; resources: number },
  b: { bytes: number; resources: number },
): number {
  const dr = b.resources - a.resources;
  return dr > 0 ? ((b.bytes - a.bytes) / dr) * 1000 : 0;
}

export function resourcesTable(results: readonly ScenarioResult[]): string {
  const keys = [...new Set(results.flatMap((r) => Object.keys(r.resources)))].sort();
  const rows = keys.map((k) => [k, ...results.map((r) => r.resources[k] ?? 0)]);
  rows.push(['**total**', ...results.map((r) => r.resourcesTotal)]);
  rows.push(['metric series', ...results.map((r) => r.calls.series)]);
  return mdTable(['records', ...results.map((r) => r.name)], rows, ['l', ...results.map(() => 'r' as const)]);
}

/** Calls by action, one column per scenario; inventory and GetMetricData cells show "calls / bound". */
export function actionsTable(results: readonly ScenarioResult[]): string {
  const byAction = new Map<string, ActionRow>();
  for (const r of results) for (const a of r.actions) if (!byAction.has(a.action)) byAction.set(a.action, a);
  const actions = [...byAction.values()].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.action < b.action ? -1 : 1),
  );
  const rows = actions.map((a) => [
    `\`${a.action}\``,
    a.kind,
    a.per,
    ...results.map((r) => {
      const row = r.actions.find((x) => x.action === a.action);
      return row ? vsBound(row.calls, row.bound) : '0';
    }),
  ]);
  return mdTable(['action', 'kind', 'one call (or listing) per', ...results.map((r) => r.name)], rows, [
    'l',
    'l',
    'l',
    ...results.map(() => 'r' as const),
  ]);
}

export function unitsTable(results: readonly ScenarioResult[]): string {
  const rows = results.flatMap((r) =>
    r.units.map((u) => [r.name, u.region, u.status, u.apiCalls, fmtMs(u.durationMs), u.gaps]),
  );
  return mdTable(['scenario', 'unit (region)', 'status', 'API calls', 'duration', 'gaps'], rows, [
    'l',
    'l',
    'l',
    'r',
    'r',
    'r',
  ]);
}

const SOURCE_LABEL: Record<ProcessFigures['source'], string> = {
  'gnu-time': '`/usr/bin/time -v` (this benchmark)',
  external: 'external whole-process timer',
};

export function demoTable(demos: readonly ProcessFigures[]): string {
  return mdTable(
    [
      'command',
      'measured with',
      'counted runs (warm-up)',
      'median wall',
      'min - max wall',
      'median peak memory (largest process)',
    ],
    demos.map((d) => [
      `\`${d.command}\``,
      SOURCE_LABEL[d.source],
      `${d.runs} (${d.warmup})`,
      fmtSeconds(d.medianWallSeconds),
      `${fmtSeconds(d.minWallSeconds)} - ${fmtSeconds(d.maxWallSeconds)}`,
      fmtBytes(d.medianMaxRssBytes),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r'],
  );
}

/** Peak RSS of one unit without the simulator's own state (an estimate of what a Lambda would hold). */
export function unitEstimate(u: UnitMemoryResult): number {
  return Math.max(0, u.maxRssOs - u.simStateHeap);
}

export function unitTable(units: readonly UnitMemoryResult[]): string {
  return mdTable(
    [
      'scenario',
      'unit (region)',
      'resources',
      'metric series',
      'API calls',
      'duration',
      'RSS before the scan',
      'peak RSS',
      'simulator state (heap)',
      'peak RSS without the simulator (est.)',
      'peak heap used',
    ],
    units.map((u) => [
      u.scenario,
      u.region,
      u.resources,
      u.series,
      u.apiCalls,
      fmtMs(u.durationMs),
      fmtBytes(u.baselineRss),
      fmtBytes(u.maxRssOs),
      fmtBytes(u.simStateHeap),
      fmtBytes(unitEstimate(u)),
      fmtBytes(u.peakHeapUsed),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

/**
 * The memory size a unit like this needs: its peak RSS (simulator state taken out) with 50% headroom for
 * GC timing and bigger regions, rounded up to 128 MB.
 */
export function recommendedLambdaMb(u: UnitMemoryResult): number {
  const need = (unitEstimate(u) * 1.5) / MB;
  return Math.max(128, Math.ceil(need / 128) * 128);
}

/**
 * Is the Scan function's memory size right for the measured units? Three answers: it holds the largest
 * with 50% headroom; it holds it with less (right up to that size, raise for bigger regions); or it does not.
 */
export function lambdaVerdict(units: readonly UnitMemoryResult[], cfgMb: number): string {
  const worst = [...units].sort((a, b) => unitEstimate(b) - unitEstimate(a))[0];
  if (!worst) return '';
  const est = unitEstimate(worst);
  const need = recommendedLambdaMb(worst);
  const what = `the largest measured unit (${worst.scenario}: ${fmtInt(worst.resources)} resources and ${fmtInt(worst.series)} metric series in one region)`;
  const cpu =
    'Lambda gives CPU in proportion to memory (a full vCPU at 1,769 MB) and a unit mostly waits on API quotas, so less memory would save ' +
    'little and slow the CPU-bound parts (metric summaries, evaluation).';
  if (need <= cfgMb)
    return `Verdict: the configured ${cfgMb} MB holds ${what} with ${fmtRatio(cfgMb * MB, est)} headroom. ${cpu}`;
  if (est < cfgMb * MB) {
    return (
      `Verdict: the configured ${cfgMb} MB holds ${what}, but with ${fmtRatio(cfgMb * MB, est)} headroom, under the 1.5x this page asks for. ` +
      'V8 lets garbage pile up when it has room, so the peak shrinks under a tighter limit; still, a busier region would not fit. ' +
      `${cfgMb} MB is right for regions up to about this size; ${need} MB would cover regions this big with the margin.`
    );
  }
  return `Verdict: ${what} needs about ${need} MB with 50% headroom, more than the configured ${cfgMb} MB: raise the Scan function's memory size.`;
}

/** Observations derived from the figures (no judgement hard-coded per scenario). */
export function observations(results: readonly ScenarioResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    if (r.calls.inventory > r.calls.inventoryBound)
      out.push(
        `${r.name}: ${fmtInt(r.calls.inventory - r.calls.inventoryBound)} inventory calls above the page-size bound.`,
      );
    if (r.calls.metrics > r.calls.metricsBound)
      out.push(
        `${r.name}: ${fmtInt(r.calls.metrics - r.calls.metricsBound)} GetMetricData calls above the batching bound.`,
      );
    for (const p of r.pageSizeIssues) out.push(`${r.name}: ${p}.`);
    for (const a of r.actions) {
      if (a.kind !== 'per-resource') continue;
      if (a.maxPerUnit > FOLLOW_UP_CAP)
        out.push(
          `${r.name}: \`${a.action}\` made ${fmtInt(a.maxPerUnit)} calls in one unit, above the cap of ${FOLLOW_UP_CAP}.`,
        );
      else if (a.maxPerUnit === FOLLOW_UP_CAP)
        out.push(
          `${r.name}: \`${a.action}\` reached its cap of ${FOLLOW_UP_CAP} calls in one unit (one per ${a.per}); the rest is recorded as a gap.`,
        );
    }
    const unclassified = r.actions.filter((a) => a.kind === 'unclassified').map((a) => a.action);
    if (unclassified.length > 0)
      out.push(`${r.name}: actions the benchmark does not classify yet: ${unclassified.join(', ')}.`);
  }
  // Actions (other than inventory pages and metric batches) whose calls grow with the account.
  const sized = [...results]
    .filter((r) => r.faultSpecs === 0)
    .sort((a, b) => a.resourcesTotal - b.resourcesTotal);
  const big = sized[sized.length - 1];
  const mid = sized[sized.length - 2];
  if (big && mid && big.resourcesTotal > mid.resourcesTotal * 1.5) {
    const growth = big.resourcesTotal / mid.resourcesTotal;
    for (const a of big.actions) {
      if (a.kind === 'inventory' || a.kind === 'metrics') continue;
      const prev = mid.actions.find((x) => x.action === a.action);
      const before = prev ? callsBeyondPaging(prev) : 0;
      const after = callsBeyondPaging(a);
      if (before > 0 && after / before > 1 + (growth - 1) / 2) {
        out.push(
          `\`${a.action}\` (${a.kind}, one per ${a.per}) grows with the account: ${fmtInt(before)} in ${mid.name}, ${fmtInt(after)} in ${big.name} (resources x${growth.toFixed(1)}).`,
        );
      }
    }
    const small = sized[sized.length - 3];
    if (small) {
      const step = (a: ScenarioResult, b: ScenarioResult) =>
        marginalPerThousand(
          { bytes: a.memory.heapDelta, resources: a.resourcesTotal },
          { bytes: b.memory.heapDelta, resources: b.resourcesTotal },
        );
      const h0 = step(small, mid);
      const h1 = step(mid, big);
      if (h0 > 0 && h1 > h0 * 1.5) {
        out.push(
          `Live heap per extra 1,000 resources rises from ${fmtBytes(h0)} (${small.name} -> ${mid.name}) to ${fmtBytes(h1)} (${mid.name} -> ${big.name}): memory grows faster than the account.`,
        );
      }
    }
  }
  for (const r of results) {
    const m = r.time.modelled;
    if (m.bucket && r.faultSpecs === 0)
      out.push(
        `${r.name}: the slowest rate-limit bucket is \`${m.bucket}\` in ${m.region}: ${fmtSeconds(m.seconds)} at its ${m.by === 'datapoints' ? 'datapoint rate (396,000/s)' : 'refill rate'}.`,
      );
  }
  return out;
}

export function renderConsole(doc: BenchDoc): string {
  const lines: string[] = [];
  lines.push(`perfscan benchmark: node ${doc.machine.node}, ${doc.machine.cpus} CPUs, ${doc.date}`);
  for (const r of doc.results) {
    lines.push(
      `  ${r.name.padEnd(9)} ${fmtInt(r.resourcesTotal).padStart(7)} resources ${fmtInt(r.calls.series).padStart(7)} series | calls ${fmtInt(r.calls.total)}` +
        ` (inventory ${vsBound(r.calls.inventory, r.calls.inventoryBound)}, GetMetricData ${vsBound(r.calls.metrics, r.calls.metricsBound)}, peers ${fmtInt(r.calls.peerCalls)} = ${fmtRatio(r.calls.peerCalls, r.calls.metrics)})` +
        ` | ${fmtMs(r.time.wallMs)} (model >= ${fmtSeconds(r.time.modelled.seconds)}) | RSS ${fmtBytes(Math.max(r.memory.peakRss, r.memory.maxRssOs))}, heap +${fmtBytes(r.memory.heapDelta)}, snapshot ${fmtBytes(r.memory.snapshotBytes)}` +
        ` | throttles ${r.throttles}, retries ${r.retries}, gaps ${r.gaps}`,
    );
  }
  for (const r of doc.results) {
    if (r.quota && r.quota.floor.seconds > 0)
      lines.push(
        `  ${r.name} under AWS quotas: wall ${fmtMs(r.time.wallMs)}, floor ${fmtSeconds(r.quota.floor.seconds)} (${r.quota.floor.bucket} in ${r.quota.floor.region}) = ${(r.time.wallMs / 1000 / r.quota.floor.seconds).toFixed(2)}x,` +
          ` throttled ${r.quota.throttled}/${r.quota.requests}, failed ${r.quota.failedCalls}, CPU ${r.cpuSeconds !== undefined ? fmtSeconds(r.cpuSeconds) : '-'}`,
      );
    if (r.simulator?.process === 'separate' || r.memory.perUnit)
      lines.push(
        `  ${r.name} CLI process: peak RSS ${fmtBytes(Math.max(r.memory.peakRss, r.memory.maxRssOs))}` +
          `${r.memory.heapLimitMb ? ` under a ${r.memory.heapLimitMb} MB heap limit` : ''}, CPU ${r.cpuSeconds !== undefined ? fmtSeconds(r.cpuSeconds) : '-'}` +
          ` (perfscan's: ${perfscanCpuSeconds(r) !== undefined ? fmtSeconds(perfscanCpuSeconds(r) as number) : '-'})` +
          (r.simulator?.process === 'separate'
            ? `; simulator in its own process (CPU ${fmtSeconds(r.simulator.cpuSeconds ?? 0)}, peak RSS ${fmtBytes(r.simulator.maxRssBytes ?? 0)}, state ${fmtBytes(r.memory.simStateHeap)} of heap), not counted`
            : `; simulator in this process (state ${fmtBytes(r.memory.simStateHeap)} of heap, counted)`),
      );
    if (r.memory.perUnit && r.memory.perUnit.length > 0) {
      const pu = r.memory.perUnit;
      const first = pu[0] as (typeof pu)[number];
      const last = pu[pu.length - 1] as (typeof pu)[number];
      lines.push(
        `  ${r.name} live heap after each unit (full GC after it was stored), first -> last ${fmtBytes(first.liveHeapBytes)} -> ${fmtBytes(last.liveHeapBytes)}, largest ${fmtBytes(Math.max(...pu.map((u) => u.liveHeapBytes)))}:`,
        '    | units done | region | live heap | RSS |',
        '    | ---: | --- | ---: | ---: |',
        ...pu.map(
          (u) => `    | ${u.done} | ${u.region} | ${fmtBytes(u.liveHeapBytes)} | ${fmtBytes(u.rssBytes)} |`,
        ),
      );
    }
    const kinds = Object.entries(r.gapKinds ?? {});
    if (kinds.length > 0)
      lines.push(
        `  ${r.name} gaps by kind: ${kinds
          .slice(0, 6)
          .map(([k, n]) => `${k} ${fmtInt(n)}`)
          .join('; ')}${kinds.length > 6 ? `; ${kinds.length - 6} more kinds` : ''}`,
      );
    if (r.quota?.slowest && r.quota.slowest.length > 0)
      lines.push(
        `  ${r.name} slowest buckets (tokens - burst) / rate: ` +
          r.quota.slowest
            .map((b) => `${b.bucket} in ${b.region} ${fmtSeconds(b.seconds)} (${fmtInt(b.tokens)} tokens)`)
            .join(', '),
      );
    if (r.peer)
      lines.push(
        `  ${r.name} naive peer: ${fmtInt(r.peer.full.getMetricStatisticsCalls)} GetMetricStatistics vs ${fmtInt(r.calls.metrics)} GetMetricData = ${fmtRatio(r.peer.full.getMetricStatisticsCalls, r.calls.metrics)}` +
          ` (sample: ${fmtRatio(r.peer.getMetricStatisticsCalls, r.peer.perfscanGetMetricDataInSample)}), peer wall ${fmtSeconds(r.peer.full.wallSeconds)}${r.peer.full.derived ? ' (derived)' : ''} vs ${fmtMs(r.time.wallMs)}`,
      );
  }
  for (const d of doc.demos ?? []) {
    lines.push(
      `  demo command (${d.source}): median ${fmtSeconds(d.medianWallSeconds)} wall, ${fmtBytes(d.medianMaxRssBytes)} peak (${d.runs} runs)`,
    );
  }
  for (const u of doc.units ?? []) {
    lines.push(
      `  one unit (${u.scenario}, ${u.region}): peak RSS ${fmtBytes(u.maxRssOs)} (${fmtBytes(unitEstimate(u))} without the simulator), suggested Lambda memory ${recommendedLambdaMb(u)} MB${doc.lambdaMemoryMb ? `, configured ${doc.lambdaMemoryMb} MB` : ''}`,
    );
  }
  if (doc.org) {
    const o = doc.org;
    lines.push(
      `  org (state machine): ${o.sample.units} units in ${fmtSeconds(o.sample.mapMs / 1000)} = ${o.sample.unitsPerMinute.toFixed(1)} units/min here;` +
        ` largest payload ${fmtInt(o.sample.largestPayload.bytes)} B, largest item ${fmtInt(o.sample.largestItem.bytes)} B, Digest heap +${fmtBytes(o.sample.digest.peakHeapGrowth)};` +
        ` modelled ${fmtInt(o.model.units)} units: ${fmtSeconds(o.model.wallSeconds)} at C = ${fmtInt(o.model.concurrency)}`,
    );
  }
  for (const o of observations(doc.results)) lines.push(`  note: ${o.replace(/`/g, '')}`);
  return lines.join('\n') + '\n';
}

function scenarioTable(results: readonly ScenarioResult[]): string {
  return mdTable(
    ['scenario', 'what', 'scale', 'busy regions (of enabled)', 'injected faults'],
    results.map((r) => [
      r.name,
      r.title,
      r.scale,
      `${r.busyRegions.join(', ')} (of ${r.enabledRegions.length})`,
      r.faultSpecs,
    ]),
    ['l', 'l', 'r', 'l', 'r'],
  );
}

export function growthTable(results: readonly ScenarioResult[]): string | undefined {
  const sized = results.filter((r) => r.faultSpecs === 0).sort((a, b) => a.resourcesTotal - b.resourcesTotal);
  if (sized.length < 2) return undefined;
  const rows: string[][] = [];
  for (let i = 1; i < sized.length; i++) {
    const a = sized[i - 1] as ScenarioResult;
    const b = sized[i] as ScenarioResult;
    const heap = marginalPerThousand(
      { bytes: a.memory.heapDelta, resources: a.resourcesTotal },
      { bytes: b.memory.heapDelta, resources: b.resourcesTotal },
    );
    const snap = marginalPerThousand(
      { bytes: a.memory.snapshotBytes, resources: a.resourcesTotal },
      { bytes: b.memory.snapshotBytes, resources: b.resourcesTotal },
    );
    rows.push([
      `${a.name} -> ${b.name}`,
      fmtRatio(b.resourcesTotal, a.resourcesTotal),
      fmtRatio(b.calls.total, a.calls.total),
      fmtRatio(b.calls.metrics, a.calls.metrics),
      fmtRatio(b.time.wallMs, a.time.wallMs),
      fmtRatio(b.memory.heapDelta, a.memory.heapDelta),
      fmtRatio(b.memory.snapshotBytes, a.memory.snapshotBytes),
      fmtBytes(heap),
      fmtBytes(snap),
      fmtRatio(heap, snap),
    ]);
  }
  return mdTable(
    [
      'from -> to',
      'resources',
      'API calls',
      'GetMetricData calls',
      'wall time',
      'live heap growth',
      'snapshot',
      'extra live heap per extra 1,000 resources',
      'extra snapshot per extra 1,000 resources',
      'ratio',
    ],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function throttlingText(results: readonly ScenarioResult[]): string | undefined {
  const t = results.find((r) => r.faultSpecs > 0);
  if (!t) return undefined;
  const base = results.find((r) => r.faultSpecs === 0 && r.scale === t.scale);
  const partial = t.units.filter((u) => u.status === 'partial').map((u) => u.region);
  const failedUnits = t.units.filter((u) => u.status === 'failed').length;
  return (
    `In the ${t.name} scenario the simulator answered ${fmtInt(t.throttles)} attempts with a throttling error (EC2 \`RequestLimitExceeded\`, ` +
    `\`ThrottlingException\` elsewhere) on ${t.faultSpecs} calls. The SDK's standard retry mode (5 attempts) retried ${fmtInt(t.retries)} times; ` +
    `${fmtInt(t.calls.failed)} call${t.calls.failed === 1 ? '' : 's'} stayed throttled through every attempt and became ${t.gaps} gap${t.gaps === 1 ? '' : 's'}` +
    `${partial.length > 0 ? ` (unit${partial.length === 1 ? '' : 's'} ${partial.join(', ')} partial)` : ''}, ${failedUnits === 0 ? 'no unit failed' : `${failedUnits} unit(s) failed`}. ` +
    `API calls ${base && base.calls.total === t.calls.total ? `are the same as in ${base.name} (${fmtInt(t.calls.total)}): retries are attempts, not calls` : `are ${fmtInt(t.calls.total)}`}` +
    `${base ? `; the wall time (${fmtMs(t.time.wallMs)} against ${fmtMs(base.time.wallMs)}) is the SDK's backoff between attempts` : ''}.`
  );
}

function peersText(results: readonly ScenarioResult[]): string {
  const r = [...results]
    .filter((x) => x.faultSpecs === 0)
    .sort((a, b) => b.resourcesTotal - a.resourcesTotal)[0];
  if (!r) return '';
  const q = seriesPerCall(3600, 14 * 86_400);
  return [
    `Cloud Custodian, service-screener-v2 and Steampipe read CloudWatch with one \`GetMetricStatistics\` call per resource per metric ` +
      `(at most ${fmtInt(GMS_MAX_DATAPOINTS)} datapoints each). For the same series perfscan sends \`GetMetricData\` calls of up to ` +
      `${q} hourly 14-day series each (336 datapoints x ${q} = ${fmtInt(336 * q)} <= 100,800), and up to 500 for daily series.`,
    '',
    `In the ${r.name} scenario that is ${fmtInt(r.calls.metrics)} \`GetMetricData\` calls for ${fmtInt(r.calls.series)} series, where the peers' pattern needs ` +
      `${fmtInt(r.calls.peerCalls)} calls: ${fmtRatio(r.calls.peerCalls, r.calls.metrics)} fewer. At \`GetMetricStatistics\`' 400 requests/s the peers' calls alone ` +
      `take at least ${fmtSeconds(r.calls.peerCalls / 400)} of quota (${fmtSeconds(r.calls.peerCalls / 400 / Math.max(1, r.units.length))} per region with the regions in parallel); ` +
      `perfscan's ${fmtInt(r.calls.metrics)} calls need ${fmtSeconds(r.calls.metrics / 50)} of call quota at the 50 requests/s it plans for` +
      `${r.time.modelled.by === 'datapoints' ? `, so what bounds it is CloudWatch's datapoint rate (${fmtSeconds(r.time.modelled.seconds)} in ${r.time.modelled.region}, see Time), the same data the peers would fetch` : ''}. ` +
      `The price is about the same ($0.01 per 1,000 metrics requested vs per 1,000 requests): batching wins on calls, quota and time, not on cost.`,
    '',
    `Where the peers read resources one by one, perfscan lists them: every call that is not an inventory page, a metric batch ` +
      `or a once-per-region call is listed above as \`batch\` (up to 50 named items per call), \`scoped\` (one listing per group in use: ` +
      `parameter group, engine version, namespace, metric name) or \`per-resource\` (no list or batch API carries the data; capped at ` +
      `${FOLLOW_UP_CAP} per unit, the rest recorded as a gap so the checks that need it answer \`unknown\`).`,
  ].join('\n');
}

export function renderDocs(doc: BenchDoc): string {
  const m = doc.machine;
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(
    `Generated by \`npm run bench -- ${(doc.args && doc.args.length > 0 ? doc.args : ['--write-docs']).join(' ')}\` on ${doc.date.slice(0, 10)}: Node ${m.node}, ${m.cpus} CPUs (${m.cpuModel}), ` +
      `${fmtBytes(m.totalMemoryBytes)} RAM, ${m.platform}.${doc.benchSeconds ? ` The whole benchmark took ${fmtSeconds(doc.benchSeconds)}.` : ''} ` +
      'Machines here are shared and noisy: compare ratios and call counts, not single absolute times.',
  );
  out.push('');
  out.push(
    'Every scenario scans the simulated account through the real engine: `runScan` with the real client factory over the simulator ' +
      "(SDK paginators, standard retries, perfscan's rate limiter, the IAM action check), the real metric batcher, evaluation, " +
      'scoring (debt register and digest) and a `LocalStore` in a temporary folder that is removed afterwards. ' +
      'Each scenario runs in its own process so memory figures do not mix.',
  );
  out.push('');
  out.push('## How to reproduce');
  out.push('');
  out.push('```sh');
  out.push(
    'npm run bench                                 # the default scenarios: small, large, xl, throttled, reference (the reference account takes 10+ min)',
  );
  out.push(
    'npm run bench -- --scenario large             # one scenario (repeat --scenario, or a comma list, for several)',
  );
  out.push(
    'npm run bench -- --scenario org               # a 500 x 17 organization through the synthesized state machine (sampled; bench/org.ts)',
  );
  out.push('npm run bench -- --json bench.json            # all figures as JSON');
  out.push('npm run bench -- --write-docs                 # regenerate this page');
  out.push('npm run bench -- --from-json bench.json --write-docs   # re-render this page from saved figures');
  out.push(
    'npm run bench -- --scenario small --unit-scenario xl    # one unit of a scenario, measured alone',
  );
  out.push('# the whole demo command as one process (wall time and peak memory from the OS):');
  out.push(
    '/usr/bin/time -v npx tsx bin/perfscan.ts scan --simulated --out "$(mktemp -d)" --format json > /dev/null',
  );
  out.push('```');
  out.push('');
  out.push('## Scenarios');
  out.push('');
  out.push(scenarioTable(doc.results));
  out.push('');
  out.push('## API calls');
  out.push('');
  out.push(callsTable(doc.results));
  out.push('');
  out.push(
    '"Lower bound" for inventory: the sum over listings (action x region x filter) of ceil(items / maximum page size), one call for an empty list. ' +
      'For `GetMetricData`: per region and period, ceil(series / q) with q = min(500, floor(100,800 / datapoints per series)). ' +
      '"(!)" marks a count above its bound. Per-resource calls are those made for one resource because no list or batch API carries the data.',
  );
  out.push('');
  out.push('## Time');
  out.push('');
  out.push(timeTable(doc.results));
  out.push('');
  out.push(
    'Wall time is the scan (all units, as many at once as the CLI runs with `--concurrency auto`: one per region) plus the debt register and digest. It includes the simulator answering every call ' +
      "(generating metric series is work AWS does in a real scan), garbage collection, and waits for perfscan's own rate limiter " +
      '(summed over concurrent calls, so it can exceed the wall time); it leaves out the few full GCs the benchmark forces to measure the live heap. ' +
      'Each simulated response is delivered on a later event-loop turn, as a network response would be. ' +
      "The modelled minimum is the floor AWS's rate limits put on a real scan of the same account: per region, calls / refill rate of each API bucket " +
      '(EC2 `Describe*` 20/s, RDS 12/s, Lambda 15/s, Compute Optimizer 5/s, `GetMetricData` planned at 50/s and at most 396,000 datapoints/s, ' +
      "other services at perfscan's own 10/s), buckets and regions in parallel, network latency ignored. " +
      '"Burst spent first" lets each bucket start full (as perfscan\'s limiter does), which is why small scans finish under the first figure.',
  );
  out.push('');
  const throttling = throttlingText(doc.results);
  if (throttling) {
    out.push('### Throttling');
    out.push('');
    out.push(throttling);
    out.push('');
  }
  const quota = quotaTable(doc.results);
  if (quota) {
    out.push("## Under AWS's quotas (simulated)");
    out.push('');
    out.push(quota);
    out.push('');
    const peer = peerTable(doc.results);
    if (peer) {
      out.push(peer);
      out.push('');
    }
    for (const n of QUOTA_NOTES) {
      out.push(n);
      out.push('');
    }
  }
  if (doc.org) {
    out.push('## An organization through the deployed state machine');
    out.push('');
    out.push(orgSection(doc.org));
    out.push('');
    for (const n of ORG_NOTES) {
      out.push(n);
      out.push('');
    }
  }
  out.push('## Memory');
  out.push('');
  out.push(memoryTable(doc.results));
  out.push('');
  out.push(
    "Peak RSS is the operating system's figure for the whole process (the simulated account included). " +
      '"Peak heap used" counts garbage V8 had not collected yet; a scan allocates fast (metric responses) and V8 lets it pile up. ' +
      "Live heap growth is what the scan keeps: the heap left after a full GC (V8's own, and one forced as each unit is stored, when its " +
      'snapshot and findings are complete), at its peak, minus the heap after start-up and after the simulated account was built. ' +
      'Snapshot and findings JSON are what the store wrote for all units. A fixed part (SDK clients, lazily loaded code) dominates small scans; ' +
      'the growth table below shows what each extra 1,000 resources costs.',
  );
  out.push('');
  const growth = growthTable(doc.results);
  if (growth) {
    out.push('### Growth with the account');
    out.push('');
    out.push(growth);
    out.push('');
    out.push(
      'Memory that grows with the account only as the snapshot does keeps the last column steady from one step to the next ' +
        '(JavaScript objects take a few times their JSON size).',
    );
    out.push('');
  }
  if (doc.demos && doc.demos.length > 0) {
    out.push('## The whole demo command');
    out.push('');
    out.push(demoTable(doc.demos));
    out.push('');
    out.push(
      "Whole-process figures from the operating system's accounting of each finished run (median quoted; peak memory is the largest " +
        'single process), including `npx`, the TypeScript loader and module loading, which the in-process figures above leave out. ' +
        'Each run writes to a new folder, so no run compares with an earlier scan.',
    );
    out.push('');
  }
  if (doc.units && doc.units.length > 0) {
    out.push("## One unit: the Scan Lambda's memory size");
    out.push('');
    out.push(unitTable(doc.units));
    out.push('');
    const lines: string[] = [];
    for (const u of doc.units) {
      const rec = recommendedLambdaMb(u);
      const cfg = doc.lambdaMemoryMb;
      lines.push(
        `- ${u.scenario}, ${u.region}: peak RSS ${fmtBytes(u.maxRssOs)}, about ${fmtBytes(unitEstimate(u))} without the simulator's state; ` +
          `with 50% headroom that is ${rec} MB` +
          (cfg
            ? `; the stack configures ${cfg} MB (${fmtRatio(cfg * MB, unitEstimate(u))} the estimate).`
            : '.'),
      );
    }
    out.push(
      'One unit is run as the Scan Lambda runs it (one account x region per invocation), from a bundle built with esbuild the way ' +
        "`lib/infra/perfscan-function.ts` bundles the handlers, under plain `node`; the simulator's own state is measured and taken out " +
        '(in a Lambda the same data arrives as HTTP responses).',
    );
    out.push('');
    out.push(lines.join('\n'));
    const cfg = doc.lambdaMemoryMb;
    if (cfg) {
      out.push('');
      out.push(lambdaVerdict(doc.units, cfg));
    }
    out.push('');
  }
  out.push('## Resources by type');
  out.push('');
  out.push(resourcesTable(doc.results));
  out.push('');
  out.push('## API calls by action');
  out.push('');
  out.push(actionsTable(doc.results));
  out.push('');
  out.push('## Units');
  out.push('');
  out.push(unitsTable(doc.results));
  out.push('');
  out.push('## Compared with the peers');
  out.push('');
  out.push(peersText(doc.results));
  out.push('');
  const obs = observations(doc.results);
  out.push('## Observations');
  out.push('');
  out.push(obs.length > 0 ? obs.map((o) => `- ${o}`).join('\n') : '- None: every count is at its bound.');
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------- organization (bench/org.ts)

const KIB = 1024;

/** The organization run's figures as Markdown: what was measured, what is modelled, and how. */
export function orgSection(o: OrgResult): string {
  const s = o.sample;
  const times = s.unitTimes.map((u) => u.ms).sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  const out: string[] = [];
  out.push(
    mdTable(
      ['measured', 'value'],
      [
        [
          'sample run through the state machine',
          `${fmtInt(s.accounts)} accounts x ${o.regions.length} regions = ${fmtInt(s.units)} units (${fmtInt(s.succeeded)} succeeded, ${fmtInt(s.failed)} failed), states ${s.states.join(' -> ')}`,
        ],
        [
          'wall time (Plan / Map / Digest)',
          `${fmtSeconds(s.wallMs / 1000)} (${fmtSeconds(s.planMs / 1000)} / ${fmtSeconds(s.mapMs / 1000)} / ${fmtSeconds(s.digestMs / 1000)}), CPU ${fmtSeconds(s.cpuSeconds)}`,
        ],
        [
          'units per minute (Map, here)',
          `${s.unitsPerMinute.toFixed(1)} at ${s.maxInFlight} child executions at once on this machine`,
        ],
        [
          'one unit (Scan Lambda invocation)',
          `median ${fmtMs(q(0.5))}, p90 ${fmtMs(q(0.9))}, longest ${fmtMs(times[times.length - 1] ?? 0)}; mean ${fmtMs(o.model.meanUnitMs)}`,
        ],
        [
          'largest state payload',
          `${fmtInt(s.largestPayload.bytes)} bytes (${s.largestPayload.state}, ${s.largestPayload.kind}); top level ${fmtInt(s.largestTopLevelPayload.bytes)} bytes; limit here 64 KiB (${s.largestPayload.bytes <= 64 * KIB ? 'met' : '**not met**'})`,
        ],
        [
          'largest DynamoDB item',
          `${fmtInt(s.largestItem.bytes)} bytes (\`${s.largestItem.sk}\` of a unit) of ${fmtInt(s.items)} items; DynamoDB's limit 400 KB`,
        ],
        [
          'Digest memory (heap growth at its peak, garbage included)',
          `${fmtBytes(s.digest.peakHeapGrowth)} over ${fmtInt(s.units)} units (process RSS at its peak ${fmtBytes(s.digest.peakRss)}, the servers and the simulated accounts included); status ${s.digest.status}`,
        ],
        [
          `Plan over all ${fmtInt(o.fullPlan.accounts)} accounts (alone)`,
          `${fmtInt(o.fullPlan.units)} units planned in ${fmtSeconds(o.fullPlan.ms / 1000)}; its output (the state payload) ${fmtInt(o.fullPlan.outputBytes)} bytes; unit list in S3 ${fmtBytes(o.fullPlan.unitListBytes)}; scan header item ${fmtInt(o.fullPlan.headerItemBytes)} bytes`,
        ],
      ],
    ),
  );
  out.push('');
  const m = o.model;
  out.push(
    mdTable(
      ['modelled: the whole organization', 'value'],
      [
        [
          'units',
          `${fmtInt(o.fullPlan.accounts)} accounts x ${o.regions.length} regions = ${fmtInt(m.units)}`,
        ],
        [
          'units at once',
          `C = min(Map MaxConcurrency ${fmtInt(m.mapMaxConcurrency)}, Lambda concurrency ${fmtInt(m.lambdaConcurrency)}) = ${fmtInt(m.concurrency)}`,
        ],
        [
          'Map',
          `${fmtSeconds(m.mapSeconds)} = ${fmtInt(m.units)} x ${fmtMs(m.meanUnitMs)} / ${fmtInt(m.concurrency)} + longest unit ${fmtMs(m.maxUnitMs)}`,
        ],
        ['Plan (measured at full size)', fmtSeconds(m.planSeconds)],
        [
          'Digest (sample CPU x accounts / sample accounts / vCPU share)',
          `${fmtSeconds(m.digestSeconds)} = ${fmtSeconds(s.digestCpuMs / 1000)} x ${fmtInt(o.fullPlan.accounts)} / ${fmtInt(s.accounts)} / ${(m.digestMemoryMb / 1769).toFixed(2)} (${fmtInt(m.digestMemoryMb)} MB); the function's timeout ${fmtSeconds(m.digestTimeoutSeconds)}${m.digestSeconds > m.digestTimeoutSeconds ? ' (**exceeded**)' : ''}`,
        ],
        [
          '**wall time**',
          `**${fmtSeconds(m.wallSeconds)}** (${(m.wallSeconds / 60).toFixed(1)} min; target <= 30 min: ${m.wallSeconds <= 1800 ? 'met' : '**not met**'})`,
        ],
        [
          'pessimistic: Digest wall time here x accounts / sample accounts',
          `Digest ${fmtSeconds(m.digestWallScaledSeconds)} (${fmtSeconds(s.digestMs / 1000)} here, ${fmtSeconds(s.digestReadMs / 1000)} of it in store reads, summed); wall ${fmtSeconds(m.wallUpperSeconds)} (${(m.wallUpperSeconds / 60).toFixed(1)} min: ${m.wallUpperSeconds <= 1800 ? 'within' : '**over**'} 30 min)`,
        ],
      ],
    ),
  );
  return out.join('\n');
}

export const ORG_NOTES = [
  "Method. The state machine is the one `PerfscanStack` synthesizes (its ASL, tokens resolved), executed by aws-local-stepfunctions with its Task states bound to the real Plan, Scan and Digest handlers, DynamoDB on dynalite and S3 on s3rver, all in one process; the Distributed Map is emulated as test/helpers/local-sfn.ts says (ItemReader from S3, one child execution per unit, ResultWriter to S3). Every account is a simulated demo-size account with 17 regions enabled (its resources in two busy regions, one forgotten function in each other region), AWS's API quotas enforced and the latency model on (lib/sim/quota.ts).",
  "A 2-CPU machine cannot run 8,500 units in one sitting, so a sample of accounts runs through the whole state machine, for real; the Plan handler runs alone over all 500 accounts (it assumes the member roles and lists regions, nothing more), so its time, its output and its unit list are measured at full size. The wall time of the whole organization is modelled from the sample: every account is a demo-size account, so the sample's unit times stand for every account's units; the Map runs C units at once, and greedy list scheduling of n units on C workers finishes within (sum of unit times) / C + the longest unit (Graham's bound). The Digest is scaled linearly by accounts from the sample: its CPU time here (which includes the in-process DynamoDB and S3 servers answering it, so more than the Digest Lambda itself spends) on the Digest function's share of a vCPU (Lambda gives a full vCPU at 1,769 MB); the pessimistic line scales its wall time here instead, which is mostly waiting for dynalite on a loaded machine.",
  "What the model leaves out, and why it still holds: unit times here include this machine's contention (several child executions share 2 CPUs with dynalite and s3rver), so they are longer than a Lambda with one unit to itself; Lambda cold starts (one per execution environment, about a second for the 1.5 MB bundle) add about a second once per environment; Lambda adds up to 1,000 environments per function every 10 s, so reaching C = 1,000 takes 10 s. The payloads and items do not grow with the organization: the state carries keys and counts only, Plan's output is the same size at 500 accounts, and the unit list lives in S3.",
];
