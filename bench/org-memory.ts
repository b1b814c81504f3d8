/**
 * The Digest of an organization from unit aggregates (issue 10): N accounts x R regions of synthesized unit
 * summaries, this scan's and the previous scan's, served by a store that streams them ordered by account
 * (as the DynamoDB store's `units` does) and builds each unit on the fly from a template unit, so what is
 * measured is the rollup's memory, not a store's. The template is a real unit of the simulated demo account
 * (its busiest, aggregate rows included), with account ids and regions rewritten.
 *
 *   node --expose-gc --import tsx bench/org-memory.ts [--accounts 500] [--regions 17] [--whole] [--json FILE]
 *
 * By default the digest is made as the Digest Lambda makes it: each account's section rendered (Markdown and
 * JSON) and written to its own file as soon as it is rolled up, the digest keeping the organization summary
 * and 10 sections. `--whole` keeps every section in the digest (the path before, and the CLI's).
 *
 * The template units come from a child process (`--templates-in-process` makes them here, as before).
 *
 * Also measures the largest DynamoDB item such a unit makes (the unit item and its rows items, as
 * DynamoStore.putUnit splits them).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { SERVICES, type ScanHeader, type UnitSummary } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { runScan } from '#lib/engine/scan.js';
import { rollupUnits } from '#lib/digest/rollup.js';
import { renderAccountMarkdown, renderMarkdown } from '#lib/digest/render/markdown.js';
import type { AccountSection } from '#lib/digest/types.js';
import { LocalStore } from '#lib/store/local.js';
import { ROWS_ITEM_BYTES, splitRows } from '#lib/store/dynamo.js';
import { jsonBytes } from '#lib/store/records.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { REFERENCE_REGIONS } from './scenarios.js';
import { collectGarbage } from './memory.js';

export interface OrgMemoryResult {
  accounts: number;
  regions: number;
  units: number;
  templateUnitBytes: number;
  /** Largest DynamoDB item of a template unit: the unit item or one of its rows items (JSON bytes). */
  largestItemBytes: number;
  rowsItems: number;
  digestMs: number;
  markdownBytes: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Heap after a full GC with the digest and its Markdown alive. */
  liveHeapMb: number;
  /** The digest as JSON. */
  digestBytes: number;
  /** V8's old-space limit the run had (--max-old-space-size), MB. */
  heapLimitMb: number;
  /**
   * How the digest was made: `sections` = as the Digest Lambda does (each account's section rendered and
   * written to its own file as it is rolled up; the digest keeps the summary and `kept` sections), `whole` =
   * every section kept in the digest (the CLI's path, and the Lambda's before).
   */
  mode: 'sections' | 'whole';
  kept?: number;
  /** Sections written (Markdown + JSON files), their total bytes and the largest one's. */
  sections?: { files: number; bytes: number; largestBytes: number };
  /** Load average (1, 5, 15 min) at the start and at the end of the run: the machine is shared. */
  loadavg: { start: number[]; end: number[] };
}

const mb = (b: number): number => Math.round((b / 1048576) * 10) / 10;

/** The demo account's units (two scans, so they carry a diff), with aggregates. */
async function templates(): Promise<{ current: UnitSummary[]; previous: UnitSummary[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'perfscan-org-memory-'));
  try {
    const store = new LocalStore(dir);
    const sim = createSimulatedAccount();
    const allowedActions = new Set(requiredIamActions([...SERVICES]));
    const scan = async (previous?: { scanId: string; startedAt: string }) =>
      runScan({
        store,
        accounts: [{ accountId: sim.accountId, enabledRegions: [...sim.options.enabledRegions] }],
        services: [...SERVICES],
        clientsFor: (u) => createClientFactory({ region: u.region, simulator: sim, allowedActions }),
        now: new Date(),
        dataNow: sim.options.now,
        trigger: 'simulated',
        ...(previous ? { previous } : {}),
      });
    const first = await scan();
    const second = await scan({ scanId: first.header.scanId, startedAt: first.header.startedAt });
    return {
      previous: await store.getUnits(first.header.scanId),
      current: await store.getUnits(second.header.scanId),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const accountId = (i: number): string => String(100000000000 + i);

/** Units of every account, ordered by account then region, built one at a time from the templates. */
async function* synthesized(
  scanId: string,
  list: readonly UnitSummary[],
  accounts: number,
  regions: readonly string[],
): AsyncGenerator<UnitSummary> {
  const json = list.map((u) => JSON.stringify(u));
  for (let a = 0; a < accounts; a++) {
    const id = accountId(a);
    for (let r = 0; r < regions.length; r++) {
      const template = json[r % json.length]!;
      const u = JSON.parse(template.split(list[r % list.length]!.accountId).join(id)) as UnitSummary;
      u.scanId = scanId;
      u.region = regions[r]!;
      u.global = r === 0;
      yield u;
    }
    // Let the sampler run.
    if (a % 25 === 0) await new Promise((res) => setImmediate(res));
  }
}

/**
 * The templates made in a child process and read back as JSON, so that the two demo scans (and the simulator)
 * that make them leave nothing in this process: its baseline is the code and the templates, as the Digest
 * Lambda's would be the code and one account's units.
 */
async function templatesFromChild(): Promise<{ current: UnitSummary[]; previous: UnitSummary[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'perfscan-org-templates-'));
  const file = join(dir, 'templates.json');
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--make-templates', file],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const code = await new Promise<number | null>((res) => child.on('exit', res));
    if (code !== 0) throw new Error(`making the templates failed (exit ${code})`);
    return JSON.parse(await readFile(file, 'utf8')) as { current: UnitSummary[]; previous: UnitSummary[] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function orgMemory(
  accounts: number,
  regionCount: number,
  opts: { templatesInProcess?: boolean; whole?: boolean; kept?: number } = {},
): Promise<OrgMemoryResult> {
  const loadStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const regions = [...REFERENCE_REGIONS].slice(0, regionCount).sort();
  const t = opts.templatesInProcess ? await templates() : await templatesFromChild();
  collectGarbage();
  const baselineRss = process.memoryUsage().rss;
  const busiest = [...t.current].sort((a, b) => jsonBytes(b) - jsonBytes(a))[0]!;
  const split = splitRows(busiest);
  const largestItemBytes = Math.max(
    jsonBytes({ summary: split.summary, kind: 'unit', rowsItems: split.chunks.length, pk: 'x'.repeat(60) }),
    ...split.chunks.map((rows) => jsonBytes({ rows, kind: 'rows', pk: 'x'.repeat(60) })),
  );
  const mkHeader = (scanId: string, startedAt: string): ScanHeader => ({
    scanId,
    startedAt,
    trigger: 'schedule',
    scope: {},
    status: 'complete',
    accounts: Array.from({ length: accounts }, (_, i) => accountId(i)),
    coverage: {
      unitsPlanned: accounts * regions.length,
      unitsScanned: 0,
      unitsPartial: 0,
      unitsFailed: 0,
      gaps: 0,
    },
    toolVersion: 'bench',
  });
  // The header's account list is the only thing here that grows with the organization (12 bytes an account).
  const previousHeader = mkHeader('2026-11-29T06-00-00Z-prev00', '2026-11-29T06:00:00.000Z');
  const header = {
    ...mkHeader('2026-12-06T06-00-00Z-curr00', '2026-12-06T06:00:00.000Z'),
    previousScanId: previousHeader.scanId,
  };
  let peakRss = 0;
  let peakHeap = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  // The Digest Lambda's sink: each account's section rendered and written as soon as it is rolled up (to a
  // temp folder here, to S3 there), nothing of it kept.
  const out = await mkdtemp(join(tmpdir(), 'perfscan-org-sections-'));
  const written = { files: 0, bytes: 0, largestBytes: 0 };
  const onAccount = async (a: AccountSection): Promise<void> => {
    for (const [ext, body] of [
      ['md', renderAccountMarkdown(a)],
      ['json', JSON.stringify(a)],
    ] as const) {
      await writeFile(join(out, `${a.accountId}.${ext}`), body);
      const n = Buffer.byteLength(body);
      written.files++;
      written.bytes += n;
      written.largestBytes = Math.max(written.largestBytes, n);
    }
  };
  const kept = opts.kept ?? 10;
  const t0 = performance.now();
  const digest = await rollupUnits({
    header,
    units: synthesized(header.scanId, t.current, accounts, regions),
    previousHeader,
    previousUnits: synthesized(previousHeader.scanId, t.previous, accounts, regions),
    attestations: [],
    scansInHistory: 10,
    now: '2026-12-06T07:00:00.000Z',
    ...(opts.whole ? {} : { sections: { keep: kept, onAccount } }),
  });
  const md = renderMarkdown(digest);
  const digestMs = performance.now() - t0;
  clearInterval(timer);
  // What stays alive: the digest (every account's section) and its Markdown.
  collectGarbage();
  const liveHeap = process.memoryUsage().heapUsed;
  const digestBytes = jsonBytes(digest);
  await rm(out, { recursive: true, force: true });
  return {
    accounts,
    regions: regions.length,
    units: accounts * regions.length,
    templateUnitBytes: jsonBytes(busiest),
    largestItemBytes,
    rowsItems: split.chunks.length,
    digestMs: Math.round(digestMs),
    markdownBytes: Buffer.byteLength(md, 'utf8'),
    baselineRssMb: mb(baselineRss),
    peakRssMb: mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024)),
    peakHeapMb: mb(peakHeap),
    liveHeapMb: mb(liveHeap),
    digestBytes,
    heapLimitMb: mb(v8.getHeapStatistics().heap_size_limit),
    mode: opts.whole ? 'whole' : 'sections',
    ...(opts.whole ? {} : { kept, sections: written }),
    loadavg: { start: loadStart, end: loadavg().map((x) => Math.round(x * 100) / 100) },
  };
}

export function renderOrgMemory(r: OrgMemoryResult): string {
  return (
    `Digest from unit aggregates, ${r.accounts} accounts x ${r.regions} regions (${r.units.toLocaleString('en-US')} units, and as many of the previous scan): ` +
    `peak RSS ${r.peakRssMb} MB (baseline ${r.baselineRssMb} MB, peak heap ${r.peakHeapMb} MB, heap limit ${r.heapLimitMb} MB), ${(r.digestMs / 1000).toFixed(1)} s\n` +
    `  alive at the end: heap ${r.liveHeapMb} MB with the digest (${r.digestBytes.toLocaleString('en-US')} bytes as JSON) and its Markdown (${r.markdownBytes.toLocaleString('en-US')} bytes)\n` +
    (r.sections
      ? `  each account's section written as it was rolled up: ${r.sections.files.toLocaleString('en-US')} files, ${r.sections.bytes.toLocaleString('en-US')} bytes (largest ${r.sections.largestBytes.toLocaleString('en-US')}); the digest kept ${r.kept} sections and the organization summary\n`
      : `  every account's section kept in the digest (--whole)\n`) +
    `  load average ${r.loadavg.start.join(' ')} at the start, ${r.loadavg.end.join(' ')} at the end\n` +
    `  template unit ${r.templateUnitBytes.toLocaleString('en-US')} bytes as JSON; largest DynamoDB item ${r.largestItemBytes.toLocaleString('en-US')} bytes (unit item or one of its ${r.rowsItems} rows items of <= ${ROWS_ITEM_BYTES.toLocaleString('en-US')} bytes of rows)\n`
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const args = process.argv.slice(2);
  const opt = (name: string, d: number): number =>
    args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d;
  const json = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  if (args.includes('--make-templates')) {
    await writeFile(args[args.indexOf('--make-templates') + 1] as string, JSON.stringify(await templates()));
    process.exit(0);
  }
  const r = await orgMemory(opt('--accounts', 500), opt('--regions', 17), {
    templatesInProcess: args.includes('--templates-in-process'),
    whole: args.includes('--whole'),
  });
  process.stdout.write(renderOrgMemory(r));
  if (json) await writeFile(json, JSON.stringify(r, null, 2));
}
