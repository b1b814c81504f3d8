/**
 * Compiles the CLI to plain JavaScript for `npm pack` / `npm i -g` (the `prepack` lifecycle script,
 * also `npm run build`): bin/perfscan.ts -> dist/perfscan.js, one ESM bundle of our code and the
 * packages it uses (AWS SDK clients, commander, zod, yaml), code-split so each command's work loads
 * only when that command runs and `perfscan --version` starts fast.
 *
 * The installed package has no runtime dependencies: `npm i -g` fetches one ~0.8 MB tarball, runs the
 * exact package versions the tests ran (package-lock.json), as the Lambda bundles do, and never pulls
 * the CDK. So every package is a devDependency; dist/THIRD-PARTY-NOTICES.txt carries the bundled
 * packages' names, versions and license texts.
 *
 *   node scripts/build.mjs [--outdir DIR] [--check]
 *
 * --check (run by test/package/pack.test.ts) fails the build when
 * - package.json lists runtime `dependencies` (they would be installed for nothing: all is bundled);
 * - the bundle leaves an import to an npm package unresolved (the installed CLI would fail);
 * - the startup path (what `perfscan --version` loads) includes a package other than commander.
 */
import { build } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: { outdir: { type: 'string' }, check: { type: 'boolean', default: false } },
});
const outdir = args.outdir ?? join(root, 'dist');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
/** The only packages `perfscan --version` / `--help` may load. */
const STARTUP_PACKAGES = new Set(['commander']);

await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // The metric worker threads' entry (lib/collect/metric-workers.ts starts dist/metric-worker.js).
  entryPoints: { perfscan: 'bin/perfscan.ts', 'metric-worker': 'lib/collect/metric-worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The AWS SDK's ES module builds (smaller, tree-shaken) over its CommonJS ones.
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS packages inside an ES module bundle still call require() (for node: built-ins).
  banner: {
    js: "import { createRequire as __perfscanRequire } from 'node:module'; const require = __perfscanRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});

const outputs = result.metafile.outputs;
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** node_modules/<name>/... or node_modules/@scope/<name>/... -> the package folder and name (the innermost). */
function packageOf(input) {
  const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
  return m ? { dir: m[1], name: m[2] } : undefined;
}

// Third-party notices: each bundled package once, identical license texts printed once.
const bundled = new Map();
for (const out of Object.values(outputs))
  for (const input of Object.keys(out.inputs)) {
    const p = packageOf(input);
    if (p) bundled.set(p.dir, p.name);
  }
const byText = new Map();
for (const dir of [...bundled.keys()].sort()) {
  const meta = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8'));
  const file = (await readdir(join(root, dir))).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file ? (await readFile(join(root, dir, file), 'utf8')).trim() : `License: ${meta.license}`;
  const names = byText.get(text) ?? [];
  names.push(`${meta.name}@${meta.version} (${meta.license ?? 'see text'})`);
  byText.set(text, names);
}
await mkdir(outdir, { recursive: true });
await writeFile(
  join(outdir, 'THIRD-PARTY-NOTICES.txt'),
  `perfscan ${pkg.version} bundles the following packages.\n\n` +
    [...byText].map(([text, names]) => `${names.join('\n')}\n\n${text}\n`).join(`\n${'-'.repeat(72)}\n\n`),
);

// Checks.
const problems = [];
const deps = Object.keys(pkg.dependencies ?? {});
if (deps.length)
  problems.push(
    `package.json "dependencies" must stay empty (the CLI bundles what it uses; anything listed would be installed for nothing by \`npm i -g\`): ${deps.join(', ')}. Fix: npm i -D ${deps.join(' ')}`,
  );
const unresolved = new Set();
for (const out of Object.values(outputs))
  for (const imp of out.imports) if (imp.external && !builtins.has(imp.path)) unresolved.add(imp.path);
if (unresolved.size)
  problems.push(
    `the bundle imports packages it does not contain (the installed CLI would fail): ${[...unresolved].join(', ')}`,
  );
// The startup path: the entry and the chunks it imports statically (not the dynamic import()s).
const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint === 'bin/perfscan.ts');
const startup = new Set();
for (const queue = [entry], seen = new Set(); queue.length;) {
  const key = queue.pop();
  if (seen.has(key)) continue;
  seen.add(key);
  for (const input of Object.keys(outputs[key].inputs)) {
    const p = packageOf(input);
    if (p) startup.add(p.name);
  }
  for (const imp of outputs[key].imports)
    if (imp.kind === 'import-statement' && !imp.external) queue.push(imp.path);
}
const slow = [...startup].filter((p) => !STARTUP_PACKAGES.has(p)).sort();
if (slow.length)
  problems.push(
    `\`perfscan --version\` would load ${slow.join(', ')} at startup. Fix: import the module that needs it with \`await import()\` inside the command's action (see lib/cli/scan.ts)`,
  );
for (const p of problems) process.stderr.write(`build: ${args.check ? 'error' : 'warning'}: ${p}\n`);
if (args.check && problems.length) process.exitCode = 1;
