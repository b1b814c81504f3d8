/**
 * `perfscan wa`: the AWS Well-Architected Tool. `wa lens` prints the maturity model as a custom lens (JSON
 * to import with ImportLens or the console). Options only; the work loads when it runs.
 */
import type { Command } from 'commander';
import type { CommandContext } from './index.js';

export function registerWa(program: Command, ctx: CommandContext): void {
  const wa = program
    .command('wa')
    .description('AWS Well-Architected Tool: the maturity model as a custom lens.');
  wa.command('lens')
    .description(
      'Print the perfscan maturity model as a Well-Architected custom lens (JSON, schemaVersion 2021-11-01).',
    )
    .option('--name <name>', 'lens name (up to 128 characters)')
    .action(async (flags: { name?: string }) => {
      const { waLensCommand } = await import('./wa-command.js');
      ctx.setExit(await waLensCommand(flags, ctx.io));
    });
}
