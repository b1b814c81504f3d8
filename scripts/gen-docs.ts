/**
 * Generates the docs that must not drift from the code: the checks catalog (from the check registry),
 * the read-only IAM policy (from the collectors' declarations) and the maturity criteria (from the model).
 * `npm run docs` writes them; `npm run docs -- --check` only reports stale files (exit 1).
 * test/docs.test.ts fails when a committed file differs from what the generators produce.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderChecksCatalog } from '#lib/checks/catalog.js';
import { iamPolicyDocument } from '#lib/collect/iam.js';
import { renderMaturityDoc } from '#lib/maturity/docs.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Repo-relative path -> file content, for every generated doc. */
export function generatedDocs(): Record<string, string> {
  return {
    'docs/checks.md': renderChecksCatalog(),
    'docs/iam-policy.json': `${JSON.stringify(iamPolicyDocument(), null, 2)}\n`,
    'docs/maturity.md': renderMaturityDoc(),
  };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Generated paths whose file on disk is missing or differs from the generator output. */
export function staleDocs(root: string = REPO_ROOT): string[] {
  return Object.entries(generatedDocs())
    .filter(([rel, content]) => readOrUndefined(join(root, rel)) !== content)
    .map(([rel]) => rel);
}

export function writeDocs(root: string = REPO_ROOT): string[] {
  const written: string[] = [];
  for (const [rel, content] of Object.entries(generatedDocs())) {
    const path = join(root, rel);
    if (readOrUndefined(path) === content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    written.push(rel);
  }
  return written;
}

function main(args: string[]): number {
  if (args.includes('--check')) {
    const stale = staleDocs();
    for (const rel of stale) console.error(`stale: ${rel} (run npm run docs)`);
    return stale.length === 0 ? 0 : 1;
  }
  const written = writeDocs();
  console.log(written.length === 0 ? 'docs up to date' : `wrote ${written.join(', ')}`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
