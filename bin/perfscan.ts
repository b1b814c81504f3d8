#!/usr/bin/env node
/**
 * The perfscan CLI entry point. Installed, it runs as compiled JavaScript (dist/perfscan.js, built by
 * scripts/build.mjs on `npm pack`); in the repository, `npm run perfscan -- <command>` runs it through tsx.
 */
import '#lib/cli/quiet-node-warnings.js';
import { main } from '#lib/cli/index.js';

process.exitCode = await main(process.argv);
