/**
 * Organization scans from the CLI on the simulated organization (a managing account and two members whose
 * member role STS lets the caller assume): three accounts asked, one without the role -> two scanned, one
 * gap, exit 3, one scan with per-account digests and an organization summary.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Digest } from '#lib/digest/types.js';
import type { OrganizationSummary } from '#lib/integrations/organization.js';
import { LocalStore } from '#lib/store/local.js';
import { runCli } from './helpers.js';

vi.setConfig({ testTimeout: 180_000 });

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'perfscan-org-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const BASE = ['scan', '--simulated', '--services', 'ec2,ebs,lambda', '--role-name', 'PerfscanMember'];

describe('perfscan scan --accounts / --organization', () => {
  it('three accounts, one that cannot be assumed: two scanned, one gap, exit 3, an organization summary', async () => {
    const r = await runCli(
      [...BASE, '--accounts', '444455556666,777788889999,123456789012', '--out', 'out', '--format', 'json'],
      cwd,
    );
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout) as Digest & { organization: OrganizationSummary };
    // Per-account digests: the two scanned accounts, and the gap account shown as not assessed.
    expect(out.accounts.map((a) => a.accountId).sort()).toEqual([
      '123456789012',
      '444455556666',
      '777788889999',
    ]);
    const org = out.organization;
    expect(org).toMatchObject({ accounts: 3, scanned: 2 });
    expect(org.gaps).toEqual([
      {
        accountId: '123456789012',
        reason: expect.stringMatching(
          /could not assume arn:aws:iam::123456789012:role\/PerfscanMember: AccessDenied/,
        ),
      },
    ]);
    // Ranked by level (lowest first), then by failing findings (most first).
    expect(org.ranking.map((x) => x.rank)).toEqual([1, 2]);
    const [a, b] = org.ranking;
    expect(a!.level < b!.level || (a!.level === b!.level && a!.failing >= b!.failing)).toBe(true);
    expect(a!.failing).not.toBe(b!.failing); // the two simulated members differ
    expect(r.stderr).toMatch(/2\/3 accounts scanned \(1 not: 123456789012\)/);

    // One scan holds all three accounts; the gap is a failed unit carrying the reason.
    const store = new LocalStore(join(cwd, 'out'));
    const [header] = await store.listScans();
    expect(header).toMatchObject({
      status: 'partial',
      accounts: ['123456789012', '444455556666', '777788889999'],
    });
    const units = await store.getUnits(header!.scanId);
    const gap = units.filter((u) => u.accountId === '123456789012');
    expect(gap).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.stringMatching(/AccessDenied/) }),
    ]);
    expect(units.filter((u) => u.status !== 'failed').length).toBeGreaterThan(2);
    const saved = JSON.parse(
      await readFile(join(store.scanDir(header!.scanId), 'organization.json'), 'utf8'),
    );
    expect(saved).toEqual(org);

    // The terminal form prints the ranking and the gap.
    const t = await runCli([...BASE, '--accounts', '444455556666,123456789012', '--out', 'out2'], cwd);
    expect(t.code).toBe(3);
    expect(t.stdout).toMatch(/Organization summary .*: 1 of 2 accounts scanned, 1 not scanned/);
    expect(t.stdout).toMatch(/Not scanned \(gaps\):\n- 123456789012: could not assume/);
  });

  it('--organization lists the active accounts (the caller scanned with its own credentials)', async () => {
    const r = await runCli([...BASE, '--organization', '--out', 'org', '--format', 'json'], cwd);
    const out = JSON.parse(r.stdout) as Digest & { organization: OrganizationSummary };
    expect(out.organization).toMatchObject({ accounts: 3, scanned: 3, gaps: [] });
    expect(out.organization.ranking.map((x) => x.name).sort()).toEqual([
      'management',
      'sim-payments',
      'sim-search',
    ]);
    expect([0, 3]).toContain(r.code);
  });

  it('usage errors: other accounts without --role-name, --accounts with --organization, a bad account id', async () => {
    const noRole = await runCli(['scan', '--simulated', '--accounts', '444455556666', '--out', 'x'], cwd);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role-name/);
    expect(
      (await runCli([...BASE, '--accounts', '444455556666', '--organization', '--out', 'x'], cwd)).code,
    ).toBe(2);
    const bad = await runCli([...BASE, '--accounts', '4444', '--out', 'x'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/'4444' is not a 12-digit AWS account id/);
  });
});
