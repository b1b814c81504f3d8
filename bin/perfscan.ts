#!/usr/bin/env -S npx tsx
/** The perfscan CLI entry point (`npm run perfscan -- <command>`, or `perfscan` when linked). */
import '#lib/cli/quiet-node-warnings.js';
import { main } from '#lib/cli/index.js';

process.exitCode = await main(process.argv);
