/**
 * `perfscan rescore` on a stored simulated scan after a threshold change: the diff names the check and the
 * threshold, the new results are stored beside the old ones, and no AWS call is made (no SDK send, no HTTP).
 */
import http from 'node:http';
import https from 'node:https';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@smithy/smithy-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalStore } from '#lib/store/local.js';
import type { RescoreReport } from '#lib/cli/rescore-command.js';
import type { Digest } from '#lib/digest/types.js';
import { runCli } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

const CHECK = 'ec2-instance-cpu-not-saturated';
let cwd: string;
let scanId: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'perfscan-rescore-'));
  const r = await runCli(
    ['scan', '--simulated', '--services', 'ec2,ebs', '--out', 'out', '--format', 'json'],
    cwd,
  );
  expect(r.code).toBe(0);
  scanId = (await new LocalStore(join(cwd, 'out')).listScans())[0]!.scanId;
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('perfscan rescore', () => {
  it('after a threshold change: names the check change, stores the results beside the old ones, calls no AWS API', async () => {
    await writeFile(join(cwd, 'perfscan.config.yaml'), `thresholds:\n  ${CHECK}:\n    highCpuPercent: 30\n`);
    const send = vi.spyOn(Client.prototype, 'send');
    const httpsRequest = vi.spyOn(https, 'request');
    const httpRequest = vi.spyOn(http, 'request');
    let r;
    try {
      r = await runCli(['rescore', '--out', 'out', '--format', 'json'], cwd);
      expect(send).not.toHaveBeenCalled();
      expect(httpsRequest).not.toHaveBeenCalled();
      expect(httpRequest).not.toHaveBeenCalled();
    } finally {
      send.mockRestore();
      httpsRequest.mockRestore();
      httpRequest.mockRestore();
    }
    expect(r.stderr).toMatch(/no AWS call/);
    expect(r.code).toBe(0);
    const [report] = JSON.parse(r.stdout) as RescoreReport[];
    const diff = report!.diff;
    expect(diff.from).toMatchObject({ scanId, engineRecorded: true });
    expect(diff.to.scanId).toBe(`${scanId}-r1`);
    expect(diff.thresholdChanges).toEqual([{ checkId: CHECK, name: 'highCpuPercent', from: 90, to: 30 }]);
    // Only the changed check's results moved, and they moved towards failing.
    expect(diff.checks.map((c) => c.checkId)).toEqual([CHECK]);
    const change = diff.checks[0]!;
    expect(change.transitions['pass -> fail']).toBeGreaterThan(0);
    expect(change.after.fail).toBeGreaterThan(change.before.fail);
    expect(change.evidenceThresholds?.after.join(' ')).toMatch(/> 30%/);
    expect(change.examples[0]).toMatchObject({ from: 'pass', to: 'fail' });

    const store = new LocalStore(join(cwd, 'out'));
    expect((await readdir(join(cwd, 'out', 'scans'))).sort()).toEqual([scanId, `${scanId}-r1`]);
    const original = await store.getScanHeader(scanId);
    const rescored = await store.getScanHeader(`${scanId}-r1`);
    expect(rescored).toMatchObject({
      rescoreOf: { scanId },
      startedAt: original!.startedAt,
      trigger: original!.trigger,
      status: original!.status,
      engine: { checks: { [CHECK]: { thresholds: { highCpuPercent: 30 } } } },
    });
    expect(original!.engine?.checks[CHECK]?.thresholds.highCpuPercent).toBe(90);
    for (const u of await store.getUnits(`${scanId}-r1`)) expect(u.apiCalls).toBe(0);

    // The terminal form says it in words.
    const text = await runCli(['rescore', '--out', 'out', '--scan', scanId], cwd);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`~ ${CHECK}: threshold highCpuPercent 90 -> 30`);
    expect(text.stdout).toMatch(new RegExp(`${CHECK}: \\d+ pass -> fail`));
    expect(text.stdout).toMatch(/every change below comes from the checks, not the account/);
    expect(text.stdout).toMatch(/level \d -> \d/);
    expect((await readdir(join(cwd, 'out', 'scans'))).sort()).toEqual([
      scanId,
      `${scanId}-r1`,
      `${scanId}-r2`,
    ]);

    // The rescore is a scan like any other: report renders it, compared with the original.
    const rep = await runCli(['report', '--out', 'out', '--scan', `${scanId}-r1`, '--format', 'json'], cwd);
    expect(rep.code).toBe(0);
    expect(JSON.parse(rep.stdout).previousScan?.id).toBe(scanId);

    // Its digest is rolled up from unit aggregates like a scan's (each unit diffed against the original's
    // same unit): the new failing problems are exactly the changed check's, nothing resolved.
    for (const u of await store.getUnits(`${scanId}-r1`))
      if (u.status !== 'failed') expect(u.aggregate, `${u.region} aggregate`).toBeDefined();
    const d = JSON.parse(rep.stdout) as Digest;
    expect(d.diff.previousScanId).toBe(scanId);
    expect(d.diff.counts.new).toBeGreaterThan(0);
    expect(d.diff.counts.resolved).toBe(0);
    expect(new Set(d.diff.new.map((f) => f.checkId))).toEqual(new Set([CHECK]));
  });

  it('with unchanged checks nothing changes; --all skips rescores; --scan with --all is a usage error', async () => {
    await rm(join(cwd, 'perfscan.config.yaml'), { force: true });
    const r = await runCli(['rescore', '--out', 'out', '--all', '--format', 'json'], cwd);
    expect(r.code).toBe(0);
    const reports = JSON.parse(r.stdout) as RescoreReport[];
    expect(reports).toHaveLength(1);
    expect(reports[0]!.diff.from.scanId).toBe(scanId);
    expect(reports[0]!.diff.thresholdChanges).toEqual([]);
    expect(reports[0]!.diff.checks).toEqual([]);
    // Unchanged checks: the rescore's digest (from aggregates) scores and counts as the original's did.
    const rescoreId = reports[0]!.diff.to.scanId;
    const [orig, again] = await Promise.all(
      [scanId, rescoreId].map(async (id) => {
        const rep = await runCli(['report', '--out', 'out', '--scan', id, '--format', 'json'], cwd);
        expect(rep.code).toBe(0);
        return JSON.parse(rep.stdout) as Digest;
      }),
    );
    expect(again!.diff.counts).toMatchObject({ new: 0, resolved: 0 });
    expect(again!.accounts.map((a) => a.level.current)).toEqual(orig!.accounts.map((a) => a.level.current));
    expect(again!.accounts.map((a) => a.level.previous)).toEqual(orig!.accounts.map((a) => a.level.current));
    expect(again!.accounts[0]!.score).toEqual(orig!.accounts[0]!.score);
    expect((await runCli(['rescore', '--out', 'out', '--all', '--scan', scanId], cwd)).code).toBe(2);
  });
});
