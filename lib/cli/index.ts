/**
 * The perfscan CLI. Each command registers itself with one function; adding a command is one line
 * in COMMANDS. `main` returns the exit code (see EXIT in io.ts) instead of exiting, so it is testable.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '#lib/config/basics.js';
import { PlanError } from '#lib/engine/plan.js';
import { TOOL_VERSION } from '#lib/engine/version.js';
import { EXIT, EXIT_CODES_HELP, UsageError, processIO, type CliIO, type ExitCode } from './io.js';
import { registerScan } from './scan.js';
import { registerReport } from './report.js';
import { registerDigest } from './digest-send.js';
import { registerChecks } from './checks.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerRunRemote } from './run-remote.js';
import { registerExport } from './export.js';
import { registerRescore } from './rescore.js';
import { registerWa } from './wa.js';
import { registerRadar } from './radar.js';

export interface CommandContext {
  io: CliIO;
  setExit(code: ExitCode): void;
}

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export const COMMANDS: RegisterCommand[] = [
  registerScan,
  registerReport,
  registerDigest,
  registerChecks,
  registerIamPolicy,
  registerRunRemote,
  registerExport,
  registerRescore,
  registerWa,
  registerRadar,
];

export function buildProgram(ctx: CommandContext, commands: readonly RegisterCommand[] = COMMANDS): Command {
  const program = new Command('perfscan')
    .description('Audit AWS accounts for performance efficiency and score them against the maturity model.')
    .version(TOOL_VERSION)
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) =>
        write(
          `perfscan: ${s.replace(/^error: /, '').trimEnd()}\nFix: run \`perfscan --help\` or \`perfscan <command> --help\` for the accepted options.\n`,
        ),
    })
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride();
  for (const register of commands) register(program, ctx);
  // Subcommands inherit output settings only when set before they are added; set them on each.
  for (const c of program.commands) {
    c.exitOverride().showSuggestionAfterError(true).configureOutput(program.configureOutput());
  }
  return program;
}

/** One error -> one clear message on stderr and its exit code. */
export function reportError(err: unknown, io: CliIO): ExitCode {
  if (err instanceof ConfigError || err instanceof PlanError || err instanceof UsageError) {
    const lines = err.message.split('\n');
    const head =
      err instanceof ConfigError
        ? `perfscan: invalid config (${err.issues.length} ${err.issues.length === 1 ? 'problem' : 'problems'}):\n`
        : '';
    io.stderr.write(head + lines.map((l) => (head ? `  ${l}` : `perfscan: ${l}`)).join('\n') + '\n');
    return EXIT.usage;
  }
  const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.stderr.write(
    `perfscan: unexpected error: ${msg}\nThis is a bug or an environment failure (disk, network); please report it with the command line used.\n`,
  );
  return EXIT.internal;
}

export async function main(
  argv: readonly string[] = process.argv,
  io: CliIO = processIO(),
): Promise<ExitCode> {
  let code: ExitCode = EXIT.clean;
  const program = buildProgram({ io, setExit: (c) => (code = c) });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help / --version exit 0; anything else commander rejects is a usage error (message already printed).
      return err.exitCode === 0 ? EXIT.clean : EXIT.usage;
    }
    return reportError(err, io);
  }
}
