/**
 * What the CLI touches of its process, passed in so commands can be tested in-process and the exit
 * code is computed, never forced with process.exit deep inside a command.
 */
export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** Terminal width (a TTY's process.stdout.columns). */
  columns?: number;
  /** The file descriptor, when the stream is one (the progress display draws from a worker through it). */
  fd?: number;
}

export interface CliIO {
  stdout: CliStream;
  stderr: CliStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Exit codes. When several apply, the highest-precedence one wins: 2 > 4 > 1 > 3 > 0.
 * - 2 usage: bad flag, config file, region/service name, unreadable credentials (nothing was scanned or written);
 * - 4 internal: an unexpected error (a bug or a failing disk); the message says what failed;
 * - 1 findings: at least one failing, unsuppressed finding at or above --fail-on;
 * - 3 partial: the scan finished with gaps or failed units (and no finding triggered 1), so "clean" cannot be claimed;
 * - 0 clean: complete scan, nothing at or above --fail-on.
 */
export const EXIT = { clean: 0, findings: 1, usage: 2, partial: 3, internal: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake the user can fix (flag, environment, missing scan): exit code 2, one message with the fix. */
export class UsageError extends Error {
  readonly fix: string;
  constructor(message: string, fix: string) {
    super(`${message.replace(/\.$/, '')}. Fix: ${fix.replace(/\.$/, '')}.`);
    this.name = 'UsageError';
    this.fix = fix;
  }
}

/** AWS credentials could not be loaded or were rejected: exit code 2, nothing written. */
export class CredentialsError extends UsageError {
  constructor(profile: string, reason: string) {
    super(
      `AWS credentials could not be loaded (profile ${profile}): ${reason.replace(/\.$/, '')}`,
      'run `aws configure` or `aws sso login`, or set AWS_PROFILE to a profile that exists; use --simulated to try perfscan without an AWS account',
    );
    this.name = 'CredentialsError';
  }
}

/** The exit codes as printed by `--help` (top level and `scan`). Keep in step with EXIT and docs/cli.md. */
export const EXIT_CODES_HELP = `
Exit codes (when several apply, the first in this list wins):
  2  usage error: bad flag, config file, region or service name, unreadable credentials
     (nothing is scanned or written)
  4  unexpected internal error (the message says what failed)
  1  failing, unsuppressed findings at or above --fail-on (default: none, never)
  3  partial scan: gaps (e.g. AccessDenied) or failed units, and no finding triggered 1
  0  clean: complete scan, nothing at or above --fail-on
`;
