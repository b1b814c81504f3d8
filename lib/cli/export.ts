/**
 * `perfscan export`: a stored scan's failing findings as OCSF or ASFF JSON on stdout (no AWS call), or sent
 * to Security Hub with `--to securityhub` (BatchImportFindings under each account's default product).
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { LocalStore } from '#lib/store/local.js';
import { EXPORT_FORMATS, exportScan, type ExportFormat } from '#lib/integrations/export.js';
import { KNOWN_REGIONS } from '#lib/engine/plan.js';
import { EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import { storedScan } from './stored-scan.js';
import type { CommandContext } from './index.js';

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
      ctx.setExit(await exportCommand(flags, ctx.io));
    });
}

export async function exportCommand(flags: ExportFlags, io: CliIO): Promise<ExitCode> {
  if ((flags.format === undefined) === (flags.to === undefined))
    throw new UsageError(
      flags.format ? 'Use either --format or --to, not both' : 'Nothing to export to',
      'pass --format ocsf|asff to print JSON, or --to securityhub to send the findings',
    );
  const region = flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!KNOWN_REGIONS.includes(region))
    throw new UsageError(
      `'${region}' is not a known AWS region code`,
      'pass --region with a code such as us-east-1',
    );
  if (flags.externalId !== undefined && flags.roleName === undefined)
    throw new UsageError('--external-id needs --role-name', 'add --role-name, or drop --external-id');
  const store = new LocalStore(resolve(io.cwd, flags.out));
  const header = await storedScan(store, flags.scan, flags.out);
  if (flags.format) {
    const n = await exportScan(store, header, (s) => io.stdout.write(s), {
      format: flags.format,
      region,
      now: new Date().toISOString(),
    });
    io.stderr.write(
      `perfscan: exported ${n} failing findings of scan ${header.scanId} as ${flags.format.toUpperCase()}.\n`,
    );
    return EXIT.clean;
  }
  const { sendScanToSecurityHub } = await import('./export-securityhub.js');
  return sendScanToSecurityHub({ store, header, region, flags, io });
}
