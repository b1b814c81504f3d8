/**
 * `perfscan export`: a stored scan's failing findings as OCSF or ASFF JSON on stdout (no AWS call), or sent
 * to Security Hub with `--to securityhub` (BatchImportFindings under each account's default product).
 * Its options; the work is in export-command.ts, loaded when it runs.
 */
import { Option, type Command } from 'commander';
import type { CommandContext } from './index.js';

export const EXPORT_FORMATS = ['ocsf', 'asff'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_TARGETS = ['securityhub'] as const;

export interface ExportFlags {
  out: string;
  scan?: string;
  format?: ExportFormat;
  to?: (typeof EXPORT_TARGETS)[number];
  region?: string;
  profile?: string;
  roleName?: string;
  externalId?: string;
}

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description(
      'Export the failing findings of a stored scan (latest by default): OCSF or ASFF JSON on stdout, or to Security Hub.',
    )
    .option('--out <dir>', 'folder holding the scan results', '.perfscan')
    .option('--scan <id>', 'scan id (default: the latest finished scan)')
    .addOption(
      new Option('--format <format>', 'JSON on stdout: OCSF 1.5 Detection Findings or ASFF').choices(
        EXPORT_FORMATS,
      ),
    )
    .addOption(
      new Option('--to <target>', 'send instead of printing: Security Hub BatchImportFindings').choices(
        EXPORT_TARGETS,
      ),
    )
    .option('--region <region>', 'Security Hub region (default: AWS_REGION, else us-east-1)')
    .option('--profile <name>', 'AWS profile for --to securityhub (default: the standard credential chain)')
    .option(
      '--role-name <name>',
      'with --to securityhub: role to assume in each other account of the scan to send its findings (needs securityhub:BatchImportFindings and securityhub:GetFindings)',
    )
    .option('--external-id <id>', 'external id for --role-name')
    .action(async (flags: ExportFlags) => {
      const { exportCommand } = await import('./export-command.js');
      ctx.setExit(await exportCommand(flags, ctx.io));
    });
}
