/** The heap-limit re-run ends when its parent is terminated (a container runtime or CI timeout sends SIGTERM to one pid). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../fixtures/heap-reexec.ts', import.meta.url));

describe('perfscan scan under its heap limit', () => {
  it('passes a SIGTERM sent to the parent on to the re-run, and exits 143', async () => {
    const { PERFSCAN_HEAP_REEXEC: _mark, NODE_OPTIONS: _opts, ...env } = process.env;
    const parent = spawn(process.execPath, ['--import', 'tsx', script, 'scan'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /re-run ready (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.on('exit', (code) => reject(new Error(`parent exited early (${code}): ${out}`)));
    });
    expect(childPid).not.toBe(parent.pid);
    const exited = new Promise<number | null>((resolve) => parent.on('exit', (code) => resolve(code)));
    parent.kill('SIGTERM');
    expect(await exited).toBe(143);
    // The re-run is gone too.
    expect(() => process.kill(childPid, 0)).toThrow();
  }, 60_000);
});
