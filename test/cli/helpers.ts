/** Run the CLI as a user does (a child process, cwd a temp folder), or in-process through main(). */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '#lib/cli/index.js';
import type { CliIO } from '#lib/cli/io.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;
const BIN = `${ROOT}bin/perfscan.ts`;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment without any AWS credentials or profile, so nothing can reach a real account. */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return { ...env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', ...extra };
}

export function spawnCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [BIN, ...args],
      { cwd: opts.cwd, env: opts.env ?? isolatedEnv(), maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = { NO_COLOR: '1' },
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env,
    cwd,
  };
  const code = await main(['node', 'perfscan', ...args], io);
  return { code, stdout, stderr };
}
