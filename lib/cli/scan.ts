/** `perfscan scan`: its options (loaded at startup); the work is in scan-command.ts, loaded when it runs. */
import { Option, type Command } from 'commander';
import { SERVICES, type ServiceName } from '#lib/model/index.js';
import { DEFAULT_WINDOW_DAYS } from '#lib/config/basics.js';
import { DIGEST_FORMATS } from './formats.js';
import { EXIT_CODES_HELP } from './io.js';
import {
  FAIL_ON,
  AUTO_CONCURRENCY_MAX,
  parseConcurrency,
  parseMemoryBudget,
  DEFAULT_MEMORY_BUDGET_MB,
  parseRegions,
  parseScale,
  parseSeed,
  parseServices,
  parseMetricWorkers,
  parseWindowDays,
  type Concurrency,
  type FailOn,
  type MetricWorkers,
} from './options.js';
import { parseAccountConcurrency, parseAccountIds, parseExternalId, parseRoleName } from './org-options.js';
import type { CommandContext } from './index.js';

export interface ScanFlags {
  profile?: string;
  regions?: string[];
  services?: ServiceName[];
  out: string;
  format: (typeof DIGEST_FORMATS)[number];
  config?: string;
  failOn: FailOn;
  windowDays?: number;
  concurrency: Concurrency;
  memoryBudget: number;
  metricWorkers: MetricWorkers;
  simulated?: boolean;
  simSeed?: number;
  simScale?: number;
  reason?: string;
  progress?: boolean;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export function registerScan(program: Command, ctx: CommandContext): void {
  program
    .command('scan')
    .description('Scan an AWS account (or the simulated demo account) and print the performance digest.')
    .option(
      '--profile <name>',
      'AWS profile for the standard credential chain (default: AWS_PROFILE or the default chain)',
    )
    .option(
      '--regions <list>',
      'comma-separated regions (default: config regions, else every enabled region)',
      parseRegions,
    )
    .option(
      '--services <list>',
      `comma-separated services (default: config services, else all: ${SERVICES.join(',')})`,
      parseServices,
    )
    .option('--out <dir>', 'folder for the scan results', '.perfscan')
    .addOption(
      new Option('--format <format>', 'digest format on stdout').choices(DIGEST_FORMATS).default('terminal'),
    )
    .option('--config <file>', 'config file (default: perfscan.config.json|yaml|yml in the current folder)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a failing finding has this severity or higher')
        .choices(FAIL_ON)
        .default('none'),
    )
    .option(
      '--window-days <n>',
      `metric window in days (default: config windowDays, else ${DEFAULT_WINDOW_DAYS})`,
      parseWindowDays,
    )
    .option(
      '--concurrency <n|auto>',
      `units (account x region) scanned at once; auto: one per region of the plan, at most ${AUTO_CONCURRENCY_MAX} (API quotas are per account and region)`,
      parseConcurrency,
      'auto' as Concurrency,
    )
    .option(
      '--memory-budget <mb>',
      'start another unit only while the scan has added less than this many MB of live memory (heap + typed arrays); one unit always runs',
      parseMemoryBudget,
      DEFAULT_MEMORY_BUDGET_MB,
    )
    .option(
      '--metric-workers <n|auto>',
      "threads that read CloudWatch metric pages beside the scan's own (0: none); auto: one per CPU core beyond the first, at most 3",
      parseMetricWorkers,
      'auto' as MetricWorkers,
    )
    .option('--simulated', 'scan the built-in simulated account (no AWS credentials needed)')
    .option('--sim-seed <n>', 'seed of the simulated account (with --simulated)', parseSeed)
    .option('--sim-scale <n>', 'resource multiplier of the simulated account (with --simulated)', parseScale)
    .option(
      '--accounts <list>',
      'scan these accounts (comma-separated ids) by assuming --role-name in each',
      parseAccountIds,
    )
    .option(
      '--organization',
      "scan every active account of the caller's AWS Organization (assuming --role-name)",
    )
    .option(
      '--role-name <name>',
      'member role to assume in each other account (default: config targets.memberRoleName)',
      parseRoleName,
    )
    .option(
      '--external-id <id>',
      'external id the member role requires (default: config targets.externalId)',
      parseExternalId,
    )
    .option(
      '--account-concurrency <n>',
      'accounts prepared (role assumed, regions listed) at once',
      parseAccountConcurrency,
      4,
    )
    .option('--reason <text>', 'why this scan runs (recorded in the scan header and digest)')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .option('--quiet', 'no progress and no summary line on stderr; only the digest (and errors)')
    .option(
      '--verbose',
      'the full digest (every control, coverage, suppressions) and one progress line per unit',
    )
    .option('--no-color', 'plain terminal output (NO_COLOR is honoured too)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: ScanFlags & { accounts?: string[]; organization?: boolean }) => {
      if (flags.accounts || flags.organization) {
        const { orgScanCommand } = await import('./org-scan-command.js');
        ctx.setExit(await orgScanCommand(flags as Parameters<typeof orgScanCommand>[0], ctx.io));
        return;
      }
      const { scanCommand } = await import('./scan-command.js');
      ctx.setExit(await scanCommand(flags, ctx.io));
    });
}
