/**
 * `perfscan wa sync` on the demo scan against a Well-Architected Tool stand-in (aws-sdk-client-mock): the
 * lens imported and answered, one milestone per scan however often it runs, a clear usage error naming
 * --workload when the workload does not exist.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalStore } from '#lib/store/local.js';
import { fakeWellArchitected, type FakeWa } from '../integrations/fake-wellarchitected.js';
import { runCli } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

let cwd: string;
let scanId: string;
let wa: FakeWa;
const env = { NO_COLOR: '1', AWS_REGION: 'eu-west-1' };

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'perfscan-wa-'));
  const r = await runCli(['scan', '--simulated', '--out', 'out', '--format', 'json'], cwd);
  expect(r.code).toBe(0);
  scanId = (await new LocalStore(join(cwd, 'out')).listScans())[0]!.scanId;
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});
beforeEach(() => {
  wa = fakeWellArchitected();
});
afterEach(() => wa.mock.restore());

describe('perfscan wa sync', () => {
  it('answers the workload from the latest scan, and a re-run records nothing new', async () => {
    const w = wa.addWorkload('Checkout');
    const first = await runCli(['wa', 'sync', '--workload', 'Checkout', '--out', 'out'], cwd, env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Workload 'Checkout' (${w.id}) in eu-west-1, from scan ${scanId}:`);
    expect(first.stdout).toContain('lens imported and published as version ps-');
    expect(first.stdout).toContain('13 questions answered');
    expect(first.stdout).toContain(`milestone 'perfscan ${scanId}' created (number 1)`);
    expect(w.answers.size).toBe(13);

    const again = await runCli(
      ['wa', 'sync', '--workload', 'Checkout', '--scan', scanId, '--out', 'out'],
      cwd,
      env,
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('lens unchanged');
    expect(again.stdout).toContain(`milestone 'perfscan ${scanId}' already there: nothing new recorded`);
    expect(w.milestones).toHaveLength(1);
    expect(wa.lenses[0]!.versions).toHaveLength(1);
  });

  it('a workload that does not exist: exit 2, the message names it and the fix names --workload', async () => {
    wa.addWorkload('Checkout');
    const r = await runCli(['wa', 'sync', '--workload', 'Payments', '--out', 'out'], cwd, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("No Well-Architected workload named 'Payments' in eu-west-1");
    expect(r.stderr).toContain('--workload');
    expect(wa.sequence()).toEqual(['ListWorkloads']);
  });

  it('--workload is required; a bad region or scan id is a usage error before any call', async () => {
    expect((await runCli(['wa', 'sync', '--out', 'out'], cwd, env)).code).toBe(2);
    const region = await runCli(['wa', 'sync', '--workload', 'Checkout', '--region', 'mars-1'], cwd, env);
    expect(region.code).toBe(2);
    expect(region.stderr).toContain("'mars-1' is not a known AWS region code");
    const scan = await runCli(
      ['wa', 'sync', '--workload', 'Checkout', '--scan', 'nope', '--out', 'out'],
      cwd,
      env,
    );
    expect(scan.code).toBe(2);
    expect(wa.calls).toEqual([]);
  });
});
