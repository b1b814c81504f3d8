/**
 * Issue 10's memory benchmarks in `npm run bench -- --scenario memory`: the Digest of an organization from unit
 * aggregates (bench/org-memory.ts, under the Digest Lambda's heap limit), one CLI scan process
 * (bench/cli-memory.ts) and the Lambda packages' cold import (bench/lambda-cold.ts), each in its own child
 * process, their figures against the targets. docs/benchmarks.md carries this section between markers (so a
 * `--scenario memory --write-docs` run rewrites only it); docs/benchmarks-memory.md is the detailed page.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliMemoryResult } from './cli-memory.js';
import type { ColdImportRow } from './lambda-cold.js';
import type { OrgMemoryResult } from './org-memory.js';

export interface MemoryFigures {
  org?: OrgMemoryResult;
  cli?: CliMemoryResult;
  cold?: ColdImportRow[];
  /** Why a part is missing (not run in this pass, failed). */
  notes?: string[];
}

export const MEMORY_TARGETS = {
  digestPeakMb: 512,
  cliPeakMb: 512,
  itemBytes: 100_000,
  packageBytes: 1_500_000,
} as const;

/** The Digest Lambda's heap limit (lib/infra/perfscan-stack.ts `heapLimitMb`): the org run uses the same. */
export const DIGEST_HEAP_LIMIT_MB = 384;

export const MEMORY_START =
  '<!-- memory:start (npm run bench -- --scenario memory --write-docs rewrites this section) -->';
export const MEMORY_END = '<!-- memory:end -->';

/** Run the memory benchmarks in child processes; `run` spawns one and waits for it. */
export async function runMemoryChildren(
  root: string,
  work: string,
  run: (cmd: string, args: string[]) => Promise<void>,
  opts: { accounts: number; regions: number; cliScenario: string; coldRuns: number; skip: string[] },
): Promise<MemoryFigures> {
  const out: MemoryFigures = { notes: [] };
  const child = async <T>(name: string, args: string[]): Promise<T | undefined> => {
    if (opts.skip.includes(name)) {
      out.notes!.push(`${name}: not run in this pass (--memory-skip ${name})`);
      return undefined;
    }
    const file = join(work, `memory-${name}.json`);
    try {
      await run(process.execPath, [...args, '--json', file]);
      return JSON.parse(await readFile(file, 'utf8')) as T;
    } catch (err) {
      out.notes!.push(`${name}: failed (${err instanceof Error ? err.message : String(err)})`);
      return undefined;
    }
  };
  const org = await child<OrgMemoryResult>('org', [
    '--expose-gc',
    `--max-old-space-size=${DIGEST_HEAP_LIMIT_MB}`,
    '--import',
    'tsx',
    join(root, 'bench', 'org-memory.ts'),
    '--accounts',
    String(opts.accounts),
    '--regions',
    String(opts.regions),
  ]);
  if (org) out.org = org;
  const cli = await child<CliMemoryResult>('cli', [
    '--expose-gc',
    '--import',
    'tsx',
    join(root, 'bench', 'cli-memory.ts'),
    opts.cliScenario,
  ]);
  if (cli) out.cli = cli;
  const cold = await child<ColdImportRow[]>('cold', [
    '--import',
    'tsx',
    join(root, 'bench', 'lambda-cold.ts'),
    '--runs',
    String(opts.coldRuns),
  ]);
  if (cold) out.cold = cold;
  if (out.notes!.length === 0) delete out.notes;
  return out;
}

const n = (x: number): string => x.toLocaleString('en-US');
const met = (ok: boolean): string => (ok ? 'met' : '**not met**');

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** The section of docs/benchmarks.md (between the markers). */
export function renderMemoryDocs(m: MemoryFigures, date: string): string {
  const out: string[] = [MEMORY_START, '', '## Memory at organization scale (issue 10 targets)', ''];
  out.push(
    `Measured by \`npm run bench -- --scenario memory\` (${date.slice(0, 10)}), each part in its own process; how each is made and the ` +
      'per-unit tables are in [benchmarks-memory.md](benchmarks-memory.md).',
    '',
  );
  const rows: string[][] = [];
  if (m.org) {
    const o = m.org;
    rows.push([
      `Digest Lambda, ${o.accounts} accounts x ${o.regions} regions (${n(o.units)} units + the previous scan's)`,
      `peak RSS <= ${MEMORY_TARGETS.digestPeakMb} MB`,
      `${o.peakRssMb} MB (heap limit ${o.heapLimitMb} MB, peak heap ${o.peakHeapMb} MB, ${o.mode === 'sections' ? `sections stored as rolled up, ${o.kept} kept` : 'every section kept'})`,
      met(o.peakRssMb <= MEMORY_TARGETS.digestPeakMb),
    ]);
    rows.push([
      'Largest DynamoDB item of a unit (unit item or rows item)',
      `<= ${n(MEMORY_TARGETS.itemBytes)} bytes`,
      `${n(o.largestItemBytes)} bytes`,
      met(o.largestItemBytes <= MEMORY_TARGETS.itemBytes),
    ]);
  }
  if (m.cli) {
    rows.push([
      `One CLI scan process, ${m.cli.scenario} (${n(m.cli.resources)} resources, ${m.cli.units} units)`,
      `peak RSS <= ${MEMORY_TARGETS.cliPeakMb} MB; live heap flat per unit`,
      `${m.cli.peakRssMb} MB; live heap first -> last unit ${m.cli.growthMb >= 0 ? '+' : ''}${m.cli.growthMb} MB`,
      met(m.cli.peakRssMb <= MEMORY_TARGETS.cliPeakMb && m.cli.growthMb <= 1),
    ]);
  }
  for (const c of m.cold ?? []) {
    rows.push([
      `${c.handler} Lambda package`,
      `<= ${n(MEMORY_TARGETS.packageBytes)} bytes, no .map`,
      `${n(c.bytes)} bytes${c.hasMap ? ', has a .map' : ''}; cold import ${c.importMs} ms wall, ${c.importCpuMs} ms CPU, RSS ${c.rssMb} MB`,
      met(c.bytes <= MEMORY_TARGETS.packageBytes && !c.hasMap),
    ]);
  }
  out.push(table(['what', 'target', 'measured', ''], rows));
  if (m.org) {
    const o = m.org;
    out.push(
      '',
      `Digest run: ${(o.digestMs / 1000).toFixed(1)} s, baseline RSS ${o.baselineRssMb} MB before the rollup (tsx-transpiled code and the template units), ` +
        `alive at the end ${o.liveHeapMb} MB of heap with the digest (${n(o.digestBytes)} bytes as JSON) and its Markdown (${n(o.markdownBytes)} bytes)` +
        (o.sections
          ? `; ${n(o.sections.files)} section files written (${n(o.sections.bytes)} bytes, largest ${n(o.sections.largestBytes)})`
          : '') +
        `. Load average ${o.loadavg?.start.join(' ') ?? '?'} at the start, ${o.loadavg?.end.join(' ') ?? '?'} at the end (2 shared CPUs).`,
    );
  }
  for (const note of m.notes ?? []) out.push('', `- ${note}`);
  out.push('', MEMORY_END);
  return out.join('\n');
}

export function renderMemoryConsole(m: MemoryFigures): string {
  const lines = ['', 'Memory (issue 10 targets)'];
  if (m.org)
    lines.push(
      `  Digest ${m.org.accounts} x ${m.org.regions}: peak RSS ${m.org.peakRssMb} MB (target <= ${MEMORY_TARGETS.digestPeakMb}), largest item ${n(m.org.largestItemBytes)} bytes (<= ${n(MEMORY_TARGETS.itemBytes)})`,
    );
  if (m.cli)
    lines.push(
      `  CLI ${m.cli.scenario}: peak RSS ${m.cli.peakRssMb} MB (target <= ${MEMORY_TARGETS.cliPeakMb}), live heap growth ${m.cli.growthMb} MB`,
    );
  for (const c of m.cold ?? [])
    lines.push(
      `  ${c.handler}: ${n(c.bytes)} bytes${c.hasMap ? ' with .map' : ''}, cold import ${c.importMs} ms`,
    );
  for (const note of m.notes ?? []) lines.push(`  ${note}`);
  return `${lines.join('\n')}\n`;
}

/** `page` with its memory section replaced by `section` (appended before "## Observations", or at the end, when absent). */
export function spliceMemorySection(page: string, section: string): string {
  const a = page.indexOf(MEMORY_START);
  const b = page.indexOf(MEMORY_END);
  if (a >= 0 && b > a) return page.slice(0, a) + section + page.slice(b + MEMORY_END.length);
  const obs = page.indexOf('\n## Observations');
  if (obs >= 0) return `${page.slice(0, obs)}\n${section}\n${page.slice(obs)}`;
  return `${page.trimEnd()}\n\n${section}\n`;
}

/** The memory section already in a page (kept when a run without --memory regenerates the page). */
export function existingMemorySection(page: string): string | undefined {
  const a = page.indexOf(MEMORY_START);
  const b = page.indexOf(MEMORY_END);
  return a >= 0 && b > a ? page.slice(a, b + MEMORY_END.length) : undefined;
}
