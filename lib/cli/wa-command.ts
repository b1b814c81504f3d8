/** `perfscan wa lens`: build the lens from the maturity model, check it against the lens format's limits, print it. */
import { buildLens, validateLens, LENS_LIMITS } from '#lib/integrations/wa/lens.js';
import { EXIT, UsageError, type CliIO, type ExitCode } from './io.js';

export async function waLensCommand(flags: { name?: string }, io: CliIO): Promise<ExitCode> {
  if (flags.name !== undefined && (flags.name.trim() === '' || flags.name.length > LENS_LIMITS.lensName))
    throw new UsageError(`--name must be 1-${LENS_LIMITS.lensName} characters`, 'pass a shorter lens name');
  const lens = buildLens(flags.name ? { name: flags.name } : {});
  const problems = validateLens(lens);
  if (problems.length > 0) {
    io.stderr.write(
      `perfscan: the generated lens breaks the lens format:\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
    );
    return EXIT.internal;
  }
  io.stdout.write(`${JSON.stringify(lens, null, 2)}\n`);
  return EXIT.clean;
}
