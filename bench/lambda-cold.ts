/**
 * Lambda packages (issue 10.3): each handler bundled with the stack's own esbuild settings
 * (lib/infra/bundle.ts), its size, whether any `.map` is in the package, and its cold import: a fresh
 * `node` child process imports the bundle (what the Lambda runtime does at an init), timed inside the child
 * (wall and CPU of the import alone), RSS after it. Median of `runs` children.
 *
 *   node --import tsx bench/lambda-cold.ts [--runs 5] [--json FILE]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { LAMBDA_HANDLERS, MAX_PACKAGE_BYTES, bundleHandler } from '#lib/infra/bundle.js';

const run = promisify(execFile);

export interface ColdImportRow {
  handler: string;
  bytes: number;
  files: string[];
  hasMap: boolean;
  sdkClients: string[];
  importMs: number;
  importCpuMs: number;
  rssMb: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

const CHILD = `
const t0 = performance.now(); const c0 = process.cpuUsage();
const m = await import(process.argv[1]);
const ms = performance.now() - t0; const cpu = process.cpuUsage(c0);
if (typeof m.handler !== 'function') throw new Error('no handler export');
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rss: process.memoryUsage().rss }));
`;

export async function lambdaCold(runs = 5): Promise<ColdImportRow[]> {
  const out: ColdImportRow[] = [];
  const root = await mkdtemp(join(tmpdir(), 'perfscan-lambda-cold-'));
  try {
    for (const h of LAMBDA_HANDLERS) {
      const dir = join(root, h);
      const r = await bundleHandler(h, dir);
      const files = await readdir(dir);
      const ms: number[] = [];
      const cpu: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < runs; i++) {
        const { stdout } = await run(
          process.execPath,
          ['--input-type=module', '-e', CHILD, pathToFileURL(r.file).href],
          {
            // The runtime's environment: no credentials needed to import; the region for clients built at init.
            env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', TABLE_NAME: 't', RUN_BUCKET: 'b' },
          },
        );
        const line = JSON.parse(stdout.trim().split('\n').pop()!) as {
          ms: number;
          cpuMs: number;
          rss: number;
        };
        ms.push(line.ms);
        cpu.push(line.cpuMs);
        rss.push(line.rss);
      }
      out.push({
        handler: h,
        bytes: r.bytes,
        files,
        hasMap: files.some((f) => f.endsWith('.map')),
        sdkClients: r.sdkClients,
        importMs: Math.round(median(ms)),
        importCpuMs: Math.round(median(cpu)),
        rssMb: Math.round(median(rss) / 104857.6) / 10,
      });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return out;
}

export function renderLambdaCold(rows: readonly ColdImportRow[]): string {
  return (
    [
      `Lambda packages (lib/infra/bundle.ts), limit ${MAX_PACKAGE_BYTES.toLocaleString('en-US')} bytes; cold import in a fresh node process (median):`,
      '| handler | package bytes | files | .map | SDK clients | import wall ms | import CPU ms | RSS after MB |',
      '|---|---:|---|---|---|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.handler} | ${r.bytes.toLocaleString('en-US')} | ${r.files.join(' ')} | ${r.hasMap ? 'yes' : 'no'} | ${r.sdkClients.length} | ${r.importMs} | ${r.importCpuMs} | ${r.rssMb} |`,
      ),
    ].join('\n') + '\n'
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const args = process.argv.slice(2);
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
  const json = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const rows = await lambdaCold(runs);
  process.stdout.write(renderLambdaCold(rows));
  if (json) await writeFile(json, JSON.stringify(rows, null, 2));
}
