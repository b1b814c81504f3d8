/**
 * `perfscan rescore`: re-evaluate stored snapshots with the current checks, thresholds and suppressions, with
 * no AWS call, and store the results as a new scan beside the original; print what changed and why.
 * Its options; the work is in rescore-command.ts, loaded when it runs.
 */
import { Option, type Command } from 'commander';
import type { CommandContext } from './index.js';

export interface RescoreFlags {
  out: string;
  scan?: string;
  all?: boolean;
  config?: string;
  format: 'terminal' | 'json';
}

export function registerRescore(program: Command, ctx: CommandContext): void {
  program
    .command('rescore')
    .description(
      'Re-judge stored scans with the current checks and thresholds (no AWS call); the results are stored as a new scan beside the original.',
    )
    .option('--out <dir>', 'folder holding the scan results', '.perfscan')
    .option('--scan <id>', 'scan to re-judge (default: the latest finished scan)')
    .option('--all', 're-judge every stored scan (rescores themselves excluded)')
    .option(
      '--config <file>',
      'config file: thresholds, suppressions, attestations (default: perfscan.config.* here)',
    )
    .addOption(
      new Option('--format <format>', 'terminal text or the diff as JSON')
        .choices(['terminal', 'json'])
        .default('terminal'),
    )
    .action(async (flags: RescoreFlags) => {
      const { rescoreCommand } = await import('./rescore-command.js');
      ctx.setExit(await rescoreCommand(flags, ctx.io));
    });
}
