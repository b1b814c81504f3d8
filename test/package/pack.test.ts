/**
 * The CLI as a user installs it: `npm pack`, `npm i -g` of the tarball into an empty prefix (offline:
 * the package has no runtime dependencies), then `perfscan --version`, a simulated scan and an HTML
 * report from another folder, with no tsx, no repository and no node_modules of ours on the PATH.
 * Also the build's own checks (scripts/build.mjs --check): no runtime dependencies, nothing left
 * unbundled, and only commander on the startup path of `perfscan --version`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';

/** Bound on the published tarball (docs/cli.md "Install"): the bundle is ~0.8 MB gzipped today. */
const MAX_TARBALL_BYTES = 1.5 * 1024 * 1024;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'perfscan-pack-'));
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the build', () => {
  it('has no runtime dependencies, bundles every package it imports, and starts with commander only', async () => {
    const r = await run(process.execPath, ['scripts/build.mjs', '--check', '--outdir', join(tmp, 'check')], {
      cwd: ROOT,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const notices = await readFile(join(tmp, 'check', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    expect(notices).toMatch(/^commander@\S+ \(MIT\)$/m);
    expect(notices).toMatch(/^@aws-sdk\/client-ec2@\S+ \(Apache-2.0\)$/m);
  }, 180_000);
});

describe('npm pack + npm i -g', () => {
  it('installs into an empty prefix and runs --version, scan --simulated and report --format html from another folder', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const packDir = join(tmp, 'pack');
    await mkdir(packDir);
    const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT });
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
      size: number;
      files: { path: string }[];
    }[];
    const tarball = join(packDir, info!.filename);
    expect((await stat(tarball)).size).toBeLessThan(MAX_TARBALL_BYTES);
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('dist/perfscan.js');
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);

    // An empty prefix, offline: nothing but the tarball may be needed.
    const prefix = join(tmp, 'prefix');
    const installed = await run(
      'npm',
      ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball],
      { cwd: tmp },
    );
    expect(installed.code, installed.stderr).toBe(0);
    const pkgDir = join(prefix, 'lib', 'node_modules', 'perfscan');
    expect(existsSync(join(pkgDir, 'node_modules'))).toBe(false); // no dependency at all, so no CDK
    const bin = join(prefix, 'bin', 'perfscan');

    // Another folder; PATH holds the prefix and node only (no tsx, no node_modules/.bin of ours).
    const elsewhere = join(tmp, 'elsewhere');
    await mkdir(elsewhere);
    const env: NodeJS.ProcessEnv = {
      PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
      HOME: tmp,
      NO_COLOR: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const version = await run(bin, ['--version'], { cwd: elsewhere, env });
    expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });

    const scan = await run('perfscan', ['scan', '--simulated', '--out', 'results'], { cwd: elsewhere, env });
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stdout).toMatch(/WAF-PERF-010/);
    expect(scan.stderr).toMatch(/scan \S+ complete: 3\/3 units/);
    expect(await readdir(join(elsewhere, 'results', 'scans'))).toHaveLength(1);

    const report = await run('perfscan', ['report', '--out', 'results', '--format', 'html'], {
      cwd: elsewhere,
      env,
    });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^<!doctype html>/i);
    expect(report.stdout).toContain('WAF-PERF-010');
  }, 180_000);
});
