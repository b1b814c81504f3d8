/**
 * Lambda bundling: one esbuild build per handler (ESM, arm64 Node 24, minified, no source map), with three
 * size fixes that esbuild's CLI (and so NodejsFunction) cannot apply because they need plugins:
 *
 * 1. AWS SDK schema tree shaking. Each SDK client keeps every shape of its API in one `schemas_0.js`
 *    whose object literals use computed keys (`{ [_xN]: _m }` with `const _xN = "xmlName"`). esbuild
 *    cannot prove such a key free of side effects, so it keeps all shapes (EC2: 550 KB for one command).
 *    The plugin substitutes the string constants into the keys, which is the same object, and esbuild then
 *    drops the shapes of commands the handler never sends.
 * 2. perfscan's own modules (lib/, functions/) are declared free of import side effects (none has any:
 *    a test keeps bare `import './x.js'` statements out), so a handler that imports one helper from
 *    lib/engine/scan.ts does not pull in every collector and SDK client behind it.
 * 3. The SDK's default credential chain (`@aws-sdk/credential-provider-node`: profile, SSO, login, process,
 *    web identity, instance metadata, with their nested SSO, SSO-OIDC and sign-in clients, ~90 KB) resolves to
 *    lib/infra/lambda-credentials.ts: the Lambda environment's credentials (or the container endpoint's), the
 *    only source a Lambda function has. This includes the old copy of the chain that
 *    `@aws-sdk/client-devops-guru` (only published up to 3.523) carries (SSO, SSO-OIDC, STS: ~230 KB).
 *
 * 4. SDK clients import their whole package.json for one field (`packageInfo.version`, the user agent);
 *    the bundle gets `{ name, version }` only (~2-3 KB less per client).
 *
 * 5. Modeled service errors, for handlers listed in PRUNE_MODELED_ERRORS (the Scan Lambda): each client's
 *    `schemas_0.js` registers every error class of its API (SSM 141, RDS 150: ~190 KB of the Scan package).
 *    Without the registration the SDK throws its synthetic `<Service>ServiceException` carrying the same
 *    `name` (the error code), message, `$fault`, `$metadata` and the body's fields, and retries by the same
 *    rules (error code and HTTP status; none of these clients' errors carries a retryable trait perfscan
 *    meets). perfscan reads SDK errors by `name` only (lib/collect/errors.ts); a handler that needs
 *    `instanceof` a modeled error (the Digest's Well-Architected sync) is not listed.
 *
 * Used by the CDK construct at synth (through `bundle-cli.ts`, synchronously), by the package-size test
 * and by the benchmark's cold-import measurement, so all three see the same bytes.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const LAMBDA_HANDLERS = ['plan', 'scan', 'digest', 'integrations', 'pricing', 'radar'] as const;
export type LambdaHandlerName = (typeof LAMBDA_HANDLERS)[number];

/** Issue 10's budget for each package: 1.5 MB of JavaScript, no source map inside. */
export const MAX_PACKAGE_BYTES = 1_500_000;

/** The file the Lambda runtime loads (`index.handler`); `.mjs` makes Node treat it as ESM. */
export const BUNDLE_FILE = 'index.mjs';

const SCHEMA_FILE = /@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/** `{ [_xN]: v }` -> `{ "xmlName": v }` where `const _xN = "xmlName";` is declared in the same file. */
export function inlineSchemaKeys(src: string): string {
  const consts = new Map<string, string>();
  for (const m of src.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm))
    consts.set(m[1] as string, m[2] as string);
  return src.replace(/([{,]\s*)\[(_\w+)\]:/g, (all, pre: string, id: string) => {
    const v = consts.get(id);
    return v === undefined ? all : `${pre}${v}:`;
  });
}

/** Handlers whose packages leave out the SDK's modeled error classes (point 5 above). */
export const PRUNE_MODELED_ERRORS: ReadonlySet<LambdaHandlerName> = new Set(['scan']);

/**
 * Drop the registration of modeled errors from a client's schema file: the `import {...} from "../models/errors"`
 * and every `nN_registry.registerError(X$, X);` line. The service's base exception (`_s_registry`) stays
 * registered: it is the class the SDK throws for an error it has no class for.
 */
export function pruneModeledErrors(src: string): string {
  return src
    .replace(/^import \{[^}]*\} from "\.\.\/models\/errors";$/m, '')
    .replace(/^n\d+_registry\.registerError\(\w+\$, \w+\);$/gm, '');
}

function sizePlugin(opts: { pruneErrors: boolean }): Plugin {
  const again = Symbol('resolved by perfscan-size');
  const lambdaCredentials = path.join(ROOT, 'lib/infra/lambda-credentials.ts');
  return {
    name: 'perfscan-size',
    setup(build) {
      build.onLoad({ filter: SCHEMA_FILE }, async (args) => {
        const src = inlineSchemaKeys(await readFile(args.path, 'utf8'));
        return { contents: opts.pruneErrors ? pruneModeledErrors(src) : src, loader: 'js' };
      });
      build.onLoad({ filter: /@aws-(sdk|crypto)[\\/][^\\/]+[\\/]package\.json$/ }, async (args) => {
        const pkg = JSON.parse(await readFile(args.path, 'utf8')) as { name?: string; version?: string };
        return { contents: JSON.stringify({ name: pkg.name, version: pkg.version }), loader: 'json' };
      });
      // Own modules: no import side effects.
      build.onResolve({ filter: /^(#lib\/|#functions\/|\.\.?\/)/ }, async (args) => {
        if (args.pluginData === again || args.importer.includes('node_modules')) return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: again,
        });
        if (r.errors.length > 0 || r.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        return { path: r.path, sideEffects: false };
      });
      // yaml has no import side effects either (it is only reached through loadConfig, which no handler calls).
      build.onResolve({ filter: /^yaml$/ }, async (args) => {
        if (args.pluginData === again) return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: again,
        });
        return r.errors.length > 0 ? undefined : { path: r.path, sideEffects: false };
      });
      build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
        path: lambdaCredentials,
      }));
    },
  };
}

export function bundleOptions(handler: LambdaHandlerName, outDir: string): BuildOptions {
  return entryOptions(path.join(ROOT, 'functions', `${handler}.ts`), outDir, {
    pruneErrors: PRUNE_MODELED_ERRORS.has(handler),
  });
}

/** The Lambda build settings for any entry file (tests bundle small entries with them). */
export function entryOptions(entry: string, outDir: string, opts: { pruneErrors: boolean }): BuildOptions {
  return {
    entryPoints: [entry],
    outfile: path.join(outDir, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    mainFields: ['module', 'main'],
    // ESM bundles still meet CommonJS dependencies that call require().
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    // Bundle the AWS SDK too: the code runs against the versions tested in package-lock.json.
    external: [],
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
    plugins: [sizePlugin(opts)],
  };
}

export interface BundleResult {
  handler: LambdaHandlerName;
  file: string;
  bytes: number;
  /** `@aws-sdk/client-*` packages with code in the bundle. */
  sdkClients: string[];
  /** Bytes in the output per package (node_modules) or top-level folder (own code). */
  bytesByPackage: Record<string, number>;
  metafile: Metafile;
}

/** Bundle one handler into `outDir` (emptied first): `index.mjs` and nothing else. */
export async function bundleHandler(handler: LambdaHandlerName, outDir: string): Promise<BundleResult> {
  const esbuild = await import('esbuild');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const r = await esbuild.build(bundleOptions(handler, outDir));
  const out = Object.values(r.metafile?.outputs ?? {})[0];
  if (!out || !r.metafile) throw new Error(`esbuild produced no output for functions/${handler}.ts`);
  const bytesByPackage: Record<string, number> = {};
  for (const [input, info] of Object.entries(out.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? (m[1] as string) : (input.split('/').slice(0, 2).join('/') as string);
    bytesByPackage[key] = (bytesByPackage[key] ?? 0) + info.bytesInOutput;
  }
  const sdkClients = Object.keys(bytesByPackage)
    .filter((k) => k.startsWith('@aws-sdk/client-') && (bytesByPackage[k] ?? 0) > 0)
    .sort();
  return {
    handler,
    file: path.join(outDir, BUNDLE_FILE),
    bytes: out.bytes,
    sdkClients,
    bytesByPackage,
    metafile: r.metafile,
  };
}
