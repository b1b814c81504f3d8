/**
 * `perfscan report`: re-render a stored scan (the latest by default) without any AWS call. Its options;
 * the work is in report-command.ts, loaded when it runs.
 */
import { Option, type Command } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from './formats.js';
import type { CommandContext } from './index.js';

export interface ReportFlags {
  out: string;
  scan?: string;
  format: ReportFormat;
  config?: string;
  color: boolean;
  verbose?: boolean;
}

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description('Render a stored scan again (latest by default) in any format; makes no AWS calls.')
    .option('--out <dir>', 'folder holding the scan results', '.perfscan')
    .option('--scan <id>', 'scan id (default: the latest finished scan)')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('terminal'))
    .option(
      '--config <file>',
      'config file, for attestations (default: perfscan.config.json|yaml|yml in the current folder)',
    )
    .option('--verbose', 'terminal format: the full digest (every control, coverage, suppressions)')
    .option('--no-color', 'plain terminal output (NO_COLOR is honoured too)')
    .action(async (flags: ReportFlags) => {
      const { reportCommand } = await import('./report-command.js');
      ctx.setExit(await reportCommand(flags, ctx.io));
    });
}
