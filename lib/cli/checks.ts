/** `perfscan checks`: the registered checks (terminal table, the Markdown catalog, or JSON metadata). */
import { Option, type Command } from 'commander';
import { EXIT } from './io.js';
import type { CommandContext } from './index.js';

export function registerChecks(program: Command, ctx: CommandContext): void {
  program
    .command('checks')
    .description('List the checks perfscan runs.')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['terminal', 'markdown', 'json'])
        .default('terminal'),
    )
    .action(async (flags: { format: 'terminal' | 'markdown' | 'json' }) => {
      const { checksText } = await import('./checks-command.js');
      const text = checksText(flags.format);
      ctx.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      ctx.setExit(EXIT.clean);
    });
}
