/**
 * `perfscan radar`: compare what AWS offers now in the estate's regions with what the last scan of each region
 * stored, and say what is new and which resources could move to it (lib/radar). Its options; the work is in
 * radar-command.ts, loaded when it runs.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SimNewFamily } from '#lib/sim/core.js';
import type { CommandContext } from './index.js';
import { parseRegions } from './options.js';

export interface RadarFlags {
  out: string;
  regions?: string[];
  format: 'terminal' | 'markdown' | 'json';
  price: boolean;
  profile?: string;
  simulated?: boolean;
  simNewFamily: SimNewFamily[];
}

const SERVICES = ['ec2', 'rds', 'elasticache'] as const;

/** `eu-west-1:m8g:m7g[:ec2+rds+elasticache]` -> a simulator release (SimOptions.newFamilies). */
export function parseNewFamily(value: string, previous: SimNewFamily[] = []): SimNewFamily[] {
  const [region, family, like, services] = value.split(':');
  const name = /^[a-z][a-z0-9-]*$/;
  if (
    !region ||
    !family ||
    !like ||
    !name.test(region) ||
    !/^[a-z]+\d+[a-z-]*$/.test(family) ||
    !/^[a-z]+\d+[a-z-]*$/.test(like)
  )
    throw new InvalidArgumentError(
      `Expected REGION:FAMILY:LIKE[:SERVICES], e.g. eu-west-1:m8g:m7g or eu-west-1:m8g:m7g:ec2+rds (got '${value}').`,
    );
  const list = services ? services.split('+') : ['ec2'];
  const bad = list.filter((s) => !(SERVICES as readonly string[]).includes(s));
  if (bad.length > 0)
    throw new InvalidArgumentError(
      `Unknown service ${bad.join(', ')} in '${value}': use ${SERVICES.join(', ')} joined by +.`,
    );
  return [...previous, { region, family, like, services: list as SimNewFamily['services'] }];
}

export function registerRadar(program: Command, ctx: CommandContext): void {
  program
    .command('radar')
    .description(
      'Compare what AWS offers now in the scanned regions with the last scan (a handful of calls per region) and list what is new and which resources could move to it, with the estimated saving.',
    )
    .option('--out <dir>', 'folder holding the scan results', '.perfscan')
    .option(
      '--regions <list>',
      'comma-separated regions to compare (default: every scanned region)',
      parseRegions,
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['terminal', 'markdown', 'json'])
        .default('terminal'),
    )
    .option('--no-price', 'do not ask the AWS Price List for the savings')
    .option('--profile <name>', 'AWS profile (default: the standard credential chain)')
    .option('--simulated', 'ask the built-in simulated account what it offers (no AWS credentials needed)')
    .option(
      '--sim-new-family <region:family:like[:services]>',
      'with --simulated: a family AWS "released" since the scan, shaped like an existing one (repeatable), e.g. eu-west-1:m8g:m7g',
      parseNewFamily,
      [],
    )
    .action(async (flags: RadarFlags) => {
      const { radarCommand } = await import('./radar-command.js');
      ctx.setExit(await radarCommand(flags, ctx.io));
    });
}
