/**
 * `perfscan wa`: the AWS Well-Architected Tool. `wa lens` prints the maturity model as a custom lens (JSON
 * to import with ImportLens or the console); `wa sync` answers that lens in a workload from a stored scan
 * and records a milestone. Options only; the work loads when it runs.
 */
import type { Command } from 'commander';
import type { CommandContext } from './index.js';

export interface WaSyncFlags {
  workload: string;
  out: string;
  scan?: string;
  config?: string;
  region?: string;
  profile?: string;
  lensName?: string;
}

export function registerWa(program: Command, ctx: CommandContext): void {
  const wa = program
    .command('wa')
    .description('AWS Well-Architected Tool: the maturity model as a custom lens, answered from a scan.');
  wa.command('lens')
    .description(
      'Print the perfscan maturity model as a Well-Architected custom lens (JSON, schemaVersion 2021-11-01).',
    )
    .option('--name <name>', 'lens name (up to 128 characters)')
    .action(async (flags: { name?: string }) => {
      const { waLensCommand } = await import('./wa-command.js');
      ctx.setExit(await waLensCommand(flags, ctx.io));
    });
  wa.command('sync')
    .description(
      'Import or update the lens, associate it with a workload, answer it from a stored scan and create a milestone for the scan (idempotent).',
    )
    .requiredOption('--workload <name>', 'name of an existing workload in the Well-Architected Tool')
    .option('--out <dir>', 'folder holding the scan results', '.perfscan')
    .option('--scan <id>', 'scan to answer from (default: the latest finished scan)')
    .option('--config <file>', 'config file: attestations (default: perfscan.config.* here)')
    .option('--region <region>', 'region of the workload (default: AWS_REGION, else us-east-1)')
    .option('--profile <name>', 'AWS profile (default: the standard credential chain)')
    .option(
      '--lens-name <name>',
      'name of the custom lens (default: perfscan Performance Efficiency maturity)',
    )
    .action(async (flags: WaSyncFlags) => {
      const { waSyncCommand } = await import('./wa-command.js');
      ctx.setExit(await waSyncCommand(flags, ctx.io));
    });
}
