/**
 * `npm run bench` (tsx bench/run.ts): scan the simulated account at several sizes through the real
 * engine and report calls against their lower bounds, time against the rate-limit model, and memory.
 *
 *   npm run bench [-- --scenario small|large|xl|throttled|reference|reference-4th|reference-20th|org|memory ...] [--json FILE] [--write-docs]
 *                 [--memory-accounts N] [--memory-skip org,cli,cold]
 *                 [--demo | --no-demo] [--demo-runs N] [--process-figures FILE]
 *                 [--unit | --no-unit] [--unit-scenario NAME ...] [--from-json FILE]
 *
 * Without --scenario: every default scenario, the whole demo command timed as a process, and one unit's
 * memory at the large and xl scales. With --scenario: only those, unless --demo / --unit are given.
 * --process-figures FILE adds whole-command figures measured elsewhere (a ProcessFigures JSON file).
 * --from-json FILE re-renders the summary (and, with --write-docs, the page) from figures saved with --json.
 * Each scenario runs in its own child process (memory figures must not mix).
 */
import type { BuildOptions } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gnuTimeAvailable, summarizeRuns, timeCommand, type ProcessFigures } from './process.js';
import { renderConsole, renderDocs, type BenchDoc } from './report.js';
import type { ScenarioResult } from './scenario.js';
import { SCENARIOS, scenarioNamed, UNIT_REGION } from './scenarios.js';
import { heapEnvFor, heapFlagsFor, heapLimitMbFor } from '#lib/cli/heap.js';
import type { UnitMemoryResult } from './unit.js';
import type { OrgResult } from './org.js';
import {
  DIGEST_HEAP_LIMIT_MB,
  existingMemorySection,
  renderMemoryConsole,
  renderMemoryDocs,
  runMemoryChildren,
  spliceMemorySection,
  type MemoryFigures,
} from './memory-report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(ROOT, 'docs', 'benchmarks.md');

/** `--scenario org`: the organization through the state machine (bench/org.ts), not a simulated-account scenario. */
const ORG = 'org';
/**
 * `--scenario memory`: issue 10's memory benchmarks (bench/memory-report.ts): the Digest of a 500 x 17
 * organization under the Digest Lambda's heap limit, one CLI scan process (reference-20th), the Lambda
 * packages' cold import. With --write-docs alone it rewrites only the memory section of docs/benchmarks.md.
 */
const MEMORY = 'memory';

export interface BenchArgs {
  scenarios: string[];
  /** Run the organization benchmark (bench/org.ts). */
  org: boolean;
  /** Run the memory benchmarks (bench/memory-report.ts). */
  memory: boolean;
  memoryAccounts: number;
  memorySkip: string[];
  explicit: boolean;
  json?: string;
  writeDocs: boolean;
  demo: boolean;
  unit: boolean;
  demoRuns: number;
  processFigures?: string;
  /** Scenarios whose busiest unit is measured alone (default: large and xl). */
  unitScenarios: string[];
  /** Re-render from figures saved with --json instead of measuring. */
  fromJson?: string;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const named: string[] = [];
  let json: string | undefined;
  let writeDocs = false;
  let demo: boolean | undefined;
  let unit: boolean | undefined;
  let demoRuns = 3;
  let processFigures: string | undefined;
  const unitScenarios: string[] = [];
  let fromJson: string | undefined;
  let memoryAccounts = 500;
  const memorySkip: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--scenario') named.push(...value().split(',').filter(Boolean));
    else if (a.startsWith('--scenario='))
      named.push(...a.slice('--scenario='.length).split(',').filter(Boolean));
    else if (a === '--json') json = value();
    else if (a === '--write-docs') writeDocs = true;
    else if (a === '--demo') demo = true;
    else if (a === '--no-demo') demo = false;
    else if (a === '--unit') unit = true;
    else if (a === '--no-unit') unit = false;
    else if (a === '--demo-runs') demoRuns = Math.max(1, Math.floor(Number(value())) || 3);
    else if (a === '--process-figures') processFigures = value();
    else if (a === '--from-json') fromJson = value();
    else if (a === '--memory-accounts') memoryAccounts = Math.max(1, Math.floor(Number(value())) || 500);
    else if (a === '--memory-skip') memorySkip.push(...value().split(',').filter(Boolean));
    else if (a === '--unit-scenario') {
      unitScenarios.push(...value().split(',').filter(Boolean));
      unit ??= true;
    } else throw new Error(`unknown option ${a} (see the header of bench/run.ts)`);
  }
  const pseudo = (x: string): boolean => x === ORG || x === MEMORY;
  for (const n of [...named.filter((x) => !pseudo(x)), ...unitScenarios]) scenarioNamed(n);
  const explicit = named.length > 0;
  return {
    scenarios: explicit
      ? [...new Set(named.filter((x) => !pseudo(x)))]
      : SCENARIOS.filter((s) => s.byDefault).map((s) => s.name),
    org: named.includes(ORG),
    memory: named.includes(MEMORY),
    memoryAccounts,
    memorySkip,
    explicit,
    ...(json ? { json } : {}),
    writeDocs,
    demo: demo ?? !explicit,
    unit: unit ?? !explicit,
    demoRuns,
    ...(processFigures ? { processFigures } : {}),
    unitScenarios: unitScenarios.length > 0 ? [...new Set(unitScenarios)] : ['large', 'xl'],
    ...(fromJson ? { fromJson } : {}),
  };
}

/** Run a command to completion; stderr is passed through except the SDK's Node-version notice. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
    });
    child.on('error', rej);
    child.on('close', (code, signal) =>
      code === 0 ? res() : rej(new Error(`${cmd} ${args.join(' ')} ended with ${signal ?? code}`)),
    );
  });
}

async function runScenarioChild(name: string, work: string): Promise<ScenarioResult> {
  const out = join(work, `${name}.json`);
  // The scenario's process under the V8 heap limit `perfscan scan` sets (lib/cli/heap.ts) where the simulator
  // runs in its own process (nothing but perfscan's state in this one); BENCH_MAX_OLD_SPACE_MB overrides it
  // (0: V8's default), and sets one for the others (leave room there for the simulator's state).
  const env = process.env.BENCH_MAX_OLD_SPACE_MB;
  const separate = scenarioNamed(name).simProcess === true && process.env.BENCH_SIM_IN_PROCESS !== '1';
  const heap = env !== undefined ? Number(env) : separate ? (heapLimitMbFor(['scan']) ?? 0) : 0;
  // Run as the built CLI runs: one JavaScript bundle on plain node (scripts/build.mjs), not TypeScript through
  // tsx, whose loader thread and transpiled modules added ~95 MB to the process's RSS (the demo scan: 236 MB
  // under tsx, 140 MB from the bundle). Its metric worker threads start from their own bundle beside it, as
  // dist/metric-worker.js beside dist/perfscan.js. The simulator's process still runs the TypeScript sources.
  const bundle = await bundleScenario(work);
  try {
    await run(
      process.execPath,
      [
        ...(heap > 0 ? [`--max-old-space-size=${heap}`] : []),
        // As `perfscan scan` runs with metric worker threads (BENCH_METRIC_WORKERS=0: without).
        ...(separate && process.env.BENCH_METRIC_WORKERS !== '0'
          ? (heapFlagsFor(['scan']) ?? []).filter((f) => !f.startsWith('--max-old-space-size'))
          : []),
        '--expose-gc',
        bundle,
        '--scenario',
        name,
        '--out',
        out,
      ],
      {
        BENCH_SIM_ENTRY: join(ROOT, 'bench', 'sim-process.ts'),
        // The environment `perfscan scan`'s re-run under its heap limit gets.
        ...(separate ? heapEnvFor(process.env) : {}),
      },
    );
  } catch (err) {
    // V8 aborts (SIGABRT) when the heap limit is reached: say which limit, and how to measure past it.
    throw heap > 0 && /SIGABRT|134/.test((err as Error).message)
      ? new Error(
          `${(err as Error).message}: out of memory under a ${heap} MB heap limit (the per-unit lines above show how far it got; BENCH_MAX_OLD_SPACE_MB=N sets another limit)`,
        )
      : err;
  }
  return JSON.parse(await readFile(out, 'utf8')) as ScenarioResult;
}

async function runOrgChild(work: string): Promise<OrgResult> {
  const out = join(work, 'org.json');
  await run(process.execPath, [
    '--expose-gc',
    '--import',
    'tsx',
    join(ROOT, 'bench', 'org.ts'),
    '--out',
    out,
  ]);
  return JSON.parse(await readFile(out, 'utf8')) as OrgResult;
}

/** esbuild's options for a bundle run on plain node, as the Lambda handlers and the built CLI are. */
const NODE_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
};

/** bench/scenario.ts and the metric worker as two ES module bundles in `work` (once per run); the scenario's path. */
let scenarioBundle: Promise<string> | undefined;
function bundleScenario(work: string): Promise<string> {
  scenarioBundle ??= (async () => {
    const { build } = await import('esbuild');
    const outdir = join(work, 'scenario-bundle');
    await build({
      entryPoints: {
        scenario: join(ROOT, 'bench', 'scenario.ts'),
        'metric-worker': join(ROOT, 'lib', 'collect', 'metric-worker.ts'),
      },
      ...NODE_BUNDLE,
      outdir,
      outExtension: { '.js': '.mjs' },
      tsconfig: join(ROOT, 'tsconfig.json'),
      logLevel: 'error',
    });
    return join(outdir, 'scenario.mjs');
  })();
  return scenarioBundle;
}

/** Bundle bench/unit.ts as the Lambda handlers are bundled (lib/infra/perfscan-function.ts) and run it with plain node. */
async function runUnitChild(scenario: string, region: string, work: string): Promise<UnitMemoryResult> {
  const { build } = await import('esbuild');
  const bundle = join(work, 'unit.mjs');
  await build({
    entryPoints: [join(ROOT, 'bench', 'unit.ts')],
    ...NODE_BUNDLE,
    outfile: bundle,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  const out = join(work, `unit-${scenario}-${region}.json`);
  await run(process.execPath, [
    '--expose-gc',
    bundle,
    '--scenario',
    scenario,
    '--region',
    region,
    '--out',
    out,
  ]);
  return JSON.parse(await readFile(out, 'utf8')) as UnitMemoryResult;
}

async function timeDemo(runs: number, work: string): Promise<ProcessFigures | undefined> {
  if (!(await gnuTimeAvailable())) {
    process.stderr.write('bench: /usr/bin/time not found; skipping the whole-command timing\n');
    return undefined;
  }
  const shown = 'npx tsx bin/perfscan.ts scan --simulated --out <tmp> --format json';
  const results = await timeCommand(
    (i) => [
      'npx',
      'tsx',
      'bin/perfscan.ts',
      'scan',
      '--simulated',
      '--out',
      join(work, `demo-${i}`),
      '--format',
      'json',
    ],
    {
      runs,
      warmup: 1,
      cwd: ROOT,
    },
  );
  return summarizeRuns(shown, results, 1);
}

/** The Scan function's memory size as configured in the stack (read from the source, not synthesized). */
export function scanLambdaMemoryMb(stackSource: string): number | undefined {
  const i = stackSource.indexOf("'ScanFunction'");
  if (i < 0) return undefined;
  const m = /memorySize:\s*([\d_]+)/.exec(stackSource.slice(i, i + 800));
  return m ? Number((m[1] as string).replace(/_/g, '')) : undefined;
}

/** The repository's Prettier style, so `npm run format` leaves the generated page as it is. */
async function formatMarkdown(md: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(DOCS)) ?? {};
    return await prettier.format(md, { ...options, parser: 'markdown' });
  } catch {
    return md;
  }
}

async function output(doc: BenchDoc, args: BenchArgs): Promise<void> {
  if (doc.results.length > 0) process.stdout.write(renderConsole(doc));
  if (doc.memory) process.stdout.write(renderMemoryConsole(doc.memory));
  if (args.json) await writeFile(resolve(args.json), JSON.stringify(doc, null, 2) + '\n', 'utf8');
  if (args.writeDocs) {
    const before = await readFile(DOCS, 'utf8').catch(() => '');
    const section = doc.memory ? renderMemoryDocs(doc.memory, doc.date) : existingMemorySection(before);
    // A memory-only run rewrites only its section; a full run keeps the section it did not measure.
    const page = doc.results.length > 0 ? renderDocs(doc) : before;
    await writeFile(DOCS, await formatMarkdown(section ? spliceMemorySection(page, section) : page), 'utf8');
    process.stderr.write(`bench: wrote ${DOCS}\n`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.fromJson) {
    await output(JSON.parse(await readFile(resolve(args.fromJson), 'utf8')) as BenchDoc, args);
    return;
  }
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'perfscan-bench-'));
  try {
    const results: ScenarioResult[] = [];
    for (const name of args.scenarios) {
      process.stderr.write(`bench: scenario ${name} (${scenarioNamed(name).title}) ...\n`);
      results.push(await runScenarioChild(name, work));
    }
    let org: OrgResult | undefined;
    if (args.org) {
      process.stderr.write(
        'bench: scenario org (the state machine over a sample of a 500 x 17 organization) ...\n',
      );
      org = await runOrgChild(work);
    }
    let memory: MemoryFigures | undefined;
    if (args.memory) {
      process.stderr.write(
        `bench: memory (Digest of ${args.memoryAccounts} x 17 under a ${DIGEST_HEAP_LIMIT_MB} MB heap, one CLI process, Lambda cold import) ...\n`,
      );
      memory = await runMemoryChildren(ROOT, work, (cmd, a) => run(cmd, a), {
        accounts: args.memoryAccounts,
        regions: 17,
        cliScenario: 'reference-20th',
        coldRuns: 3,
        skip: args.memorySkip,
      });
    }
    const demos: ProcessFigures[] = [];
    if (args.demo) {
      process.stderr.write(
        `bench: timing the demo command as a whole process (${args.demoRuns} runs after a warm-up) ...\n`,
      );
      const d = await timeDemo(args.demoRuns, work);
      if (d) demos.push(d);
    }
    if (args.processFigures) {
      demos.push({
        ...(JSON.parse(await readFile(args.processFigures, 'utf8')) as ProcessFigures),
        source: 'external',
      });
    }
    const units: UnitMemoryResult[] = [];
    if (args.unit) {
      for (const name of args.unitScenarios) {
        process.stderr.write(`bench: one unit (${name}, ${UNIT_REGION}) from an esbuild bundle ...\n`);
        units.push(await runUnitChild(name, UNIT_REGION, work));
      }
    }
    const stack = await readFile(join(ROOT, 'lib', 'infra', 'perfscan-stack.ts'), 'utf8').catch(() => '');
    const lambdaMemoryMb = scanLambdaMemoryMb(stack);
    const cpu = cpus();
    const doc: BenchDoc = {
      machine: {
        node: process.version,
        cpus: cpu.length,
        cpuModel: cpu[0]?.model.trim() ?? 'unknown',
        totalMemoryBytes: totalmem(),
        platform: `${platform()} ${release()}`,
      },
      date: new Date().toISOString(),
      results,
      ...(demos.length > 0 ? { demos } : {}),
      ...(units.length > 0 ? { units } : {}),
      ...(lambdaMemoryMb ? { lambdaMemoryMb } : {}),
      ...(org ? { org } : {}),
      ...(memory ? { memory } : {}),
      benchSeconds: (performance.now() - started) / 1000,
      // Output paths are not part of how the figures were made.
      args: process.argv
        .slice(2)
        .filter(
          (a, i, all) =>
            !['--json', '--process-figures'].includes(a) &&
            !['--json', '--process-figures'].includes(all[i - 1] ?? ''),
        ),
    };
    await output(doc, args);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
