#!/usr/bin/env node
/**
 * The perfscan CLI entry point. Installed, it runs as compiled JavaScript (dist/perfscan.js, built by
 * scripts/build.mjs on `npm pack`); in the repository, `npm run perfscan -- <command>` runs it through tsx.
 * `perfscan scan` re-runs itself once under a V8 heap limit that follows --memory-budget (lib/cli/heap.ts).
 */
import '#lib/cli/quiet-node-warnings.js';
import { runUnderHeapLimit } from '#lib/cli/heap.js';

const reran = await runUnderHeapLimit();
if (reran !== undefined) process.exitCode = reran;
else {
  const { main } = await import('#lib/cli/index.js');
  process.exitCode = await main(process.argv);
}
