/**
 * End to end on the simulated account: scan, store, compare with the previous scan, re-render, exit codes.
 * In-process through main() (same code path as the binary, minus process startup), plus one real child
 * process for the `npm run demo` command line.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Digest } from '#lib/digest/types.js';
import type { ScanHeader } from '#lib/model/index.js';
import { CHECKS } from '#lib/checks/registry.js';
import { LocalStore } from '#lib/store/local.js';
import { runCli, spawnCli } from './helpers.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-cli-scan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SCAN = ['scan', '--simulated', '--services', 'ec2,ebs', '--out', 'out'];

describe('perfscan scan --simulated (in-process)', () => {
  let first: Digest;
  let second: Digest;
  let firstStderr: string;
  let cwd: string;

  beforeAll(async () => {
    cwd = await mkdtemp(join(dir, 'e2e-'));
    const r1 = await runCli([...SCAN, '--format', 'json', '--reason', 'baseline'], cwd);
    expect(r1.stderr).toMatch(/perfscan: scan \S+ complete: 3\/3 units/);
    expect(r1.code).toBe(0);
    first = JSON.parse(r1.stdout) as Digest;
    firstStderr = r1.stderr;
    // The second scan suppresses every gp3 finding: the diff moves them from persisting to suppressed.
    await writeFile(
      join(cwd, 'perfscan.config.yaml'),
      'suppressions:\n  - checkId: ebs-volume-type-gp3\n    resource: "*"\n    reason: migration planned\n    owner: sre\n    expires: "2099-12-31"\n',
    );
    const r2 = await runCli([...SCAN, '--format', 'json'], cwd);
    expect(r2.code).toBe(0);
    second = JSON.parse(r2.stdout) as Digest;
  });

  it("the final line's API calls add up to the digest's: the units' calls plus the ones made before any unit", () => {
    // first.coverage.apiCalls counts the units' calls; the line adds sts:GetCallerIdentity and ec2:DescribeRegions.
    const m =
      /, ([\d,]+) API calls \(([\d,]+) by the units, (\d+) to identify the account and list its regions\),/.exec(
        firstStderr,
      );
    expect(m, firstStderr).not.toBeNull();
    const num = (x: string | undefined): number => Number((x ?? '').replace(/,/g, ''));
    const [total, units, setup] = [num(m?.[1]), num(m?.[2]), num(m?.[3])];
    expect(units).toBe(first.coverage.apiCalls);
    expect(setup).toBe(2);
    expect(total).toBe(units + setup);
  });

  it('stores each scan in its folder: header, units, findings, snapshots, and the debt register', async () => {
    const scans = (await readdir(join(cwd, 'out', 'scans'))).sort();
    expect(scans).toEqual([first.scan.id, second.scan.id].sort());
    const scanDir = join(cwd, 'out', 'scans', first.scan.id);
    expect((await readdir(scanDir)).sort()).toEqual([
      'findings',
      'header.json',
      'offerings',
      'snapshots',
      'units',
    ]);
    expect((await readdir(join(scanDir, 'units'))).sort()).toEqual([
      '111122223333_eu-central-1.json',
      '111122223333_eu-west-1.json',
      '111122223333_us-east-1.json',
    ]);
    const header = JSON.parse(await readFile(join(scanDir, 'header.json'), 'utf8')) as ScanHeader;
    expect(header).toMatchObject({
      status: 'complete',
      trigger: 'simulated',
      reason: 'baseline',
      accounts: ['111122223333'],
    });
    expect(header.score?.overall).toBe(first.accounts[0]?.summary.overall);
    expect(header.findingCounts?.fail).toBeGreaterThan(0);
    expect(await readdir(join(cwd, 'out', 'debt'))).toEqual(['111122223333']);
    expect((await readdir(join(cwd, 'out', 'debt', '111122223333'))).length).toBeGreaterThan(0);
  });

  it('the digest has a level, per-control levels and failing findings with evidence', () => {
    const acct = first.accounts[0];
    expect(acct?.score.overall).toBeGreaterThanOrEqual(1);
    expect(acct?.controls).toHaveLength(10);
    expect(acct?.topFindings.length).toBeGreaterThan(0);
    for (const f of acct?.topFindings ?? []) {
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.remediation.docs.every((d) => d.startsWith('https://'))).toBe(true);
    }
    expect(first.diff.previousScanId).toBeUndefined();
  });

  it('the second scan is compared with the first', () => {
    expect(second.previousScan?.id).toBe(first.scan.id);
    expect(second.diff.previousScanId).toBe(first.scan.id);
    const gp3Failing = first.counts.failingBySeverity;
    expect(Object.values(gp3Failing).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(second.diff.counts.suppressed).toBeGreaterThan(0);
    expect(second.diff.counts.persisting).toBeGreaterThan(0);
    expect(second.diff.counts.new).toBe(0);
    expect(second.suppressions.suppressed).toBe(second.diff.counts.suppressed);
  });

  it('report re-renders the latest scan (markdown, csv, html) without AWS calls', async () => {
    const md = await runCli(['report', '--out', 'out', '--format', 'markdown'], cwd);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(second.scan.id);
    const csv = await runCli(['report', '--out', 'out', '--scan', first.scan.id, '--format', 'csv'], cwd);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toContain('check');
    expect(csv.stdout).toContain('ebs-volume-type-gp3');
    const html = await runCli(['report', '--out', 'out', '--format', 'html'], cwd);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/i);
    const missing = await runCli(['report', '--out', 'out', '--scan', 'no-such-scan'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`use one of the recent scans: ${second.scan.id}`);
  });

  it('report lists the stored scans once and still compares the latest with the one before it', async () => {
    const list = vi.spyOn(LocalStore.prototype, 'listScans');
    try {
      const r = await runCli(['report', '--out', 'out', '--format', 'json'], cwd);
      expect(r.code).toBe(0);
      const d = JSON.parse(r.stdout) as Digest;
      expect(d.scan.id).toBe(second.scan.id);
      expect(d.previousScan?.id).toBe(first.scan.id);
      expect(list).toHaveBeenCalledTimes(1);
    } finally {
      list.mockRestore();
    }
  });

  it('--fail-on: exit 1 when an unsuppressed failing finding is at or above the severity', async () => {
    const sevs = second.counts.failingBySeverity;
    const low = await runCli([...SCAN, '--format', 'json', '--fail-on', 'low'], cwd);
    expect(sevs.low + sevs.medium + sevs.high + sevs.critical).toBeGreaterThan(0);
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/\d+ at or above low/);
    const critical = await runCli([...SCAN, '--format', 'json', '--fail-on', 'critical'], cwd);
    expect(critical.code).toBe(sevs.critical > 0 ? 1 : 0);
  });

  it('exit 3 for a partial scan (gaps)', async () => {
    const c = await mkdtemp(join(dir, 'partial-'));
    // Without us-east-1 the global unit cannot read CloudFront's metrics (published in us-east-1 only): a gap.
    const r = await runCli(
      [
        'scan',
        '--simulated',
        '--services',
        'cloudfront',
        '--regions',
        'eu-west-1',
        '--out',
        'out',
        '--format',
        'json',
      ],
      c,
    );
    const d = JSON.parse(r.stdout) as Digest;
    expect(d.coverage.gaps).toBeGreaterThan(0);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/scan \S+ partial/);
  });
});

describe('perfscan checks / iam-policy', () => {
  it('lists every registered check', async () => {
    const r = await runCli(['checks', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    const t = await runCli(['checks'], dir);
    for (const c of CHECKS) expect(t.stdout).toContain(c.id);
  });

  it('prints the generated IAM policy', async () => {
    const r = await runCli(['iam-policy', '--services', 'ebs'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { Version: string; Statement: { Action: string[] }[] };
    expect(doc.Version).toBe('2012-10-17');
    const actions = doc.Statement.flatMap((s) => s.Action);
    expect(actions).toContain('ec2:DescribeVolumes');
    expect(actions).toContain('sts:GetCallerIdentity');
  });

  it('--help exits 0 and documents the exit codes', async () => {
    const r = await runCli(['scan', '--help'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes');
    expect(r.stdout).toMatch(/3 {2}partial scan/);
  });
});

describe('the demo command line (child process)', () => {
  it('prints the terminal digest with a level, controls and findings, and a summary on stderr', async () => {
    const cwd = await mkdtemp(join(dir, 'demo-'));
    const r = await spawnCli(['scan', '--simulated', '--out', '.perfscan/demo'], { cwd });
    expect(r.stderr).toMatch(/perfscan: scan \S+ complete: 3\/3 units/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Level [1-5]/);
    expect(r.stdout).toContain('WAF-PERF-010');
    expect(r.stdout).toMatch(/ebs-volume-type-gp3|ec2-instance-/);
    expect(r.stdout.includes(String.fromCharCode(27))).toBe(false); // not a terminal: no colors
    expect(await readdir(join(cwd, '.perfscan', 'demo', 'scans'))).toHaveLength(1);
  });
});
