/**
 * Bad input never scans and never writes: each case exits 2 with one clear message naming the field or
 * flag and the fix. Run as a child process, the way a user runs it.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isolatedEnv, spawnCli } from './helpers.js';

// Child processes share two CPUs with the rest of the suite: allow for slow starts.
vi.setConfig({ testTimeout: 120_000 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-cli-err-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sup = (expires: string, checkId = '*') =>
  `suppressions:\n  - checkId: "${checkId}"\n    resource: vol-1\n    reason: r\n    owner: o\n    expires: ${expires}\n`;

const CONFIG_CASES: { name: string; file: string; text: string; expect: RegExp[] }[] = [
  {
    name: 'invalid JSON syntax',
    file: 'bad.json',
    text: '{ "regions": ["us-east-1",] }',
    expect: [/bad\.json: \(file\): invalid JSON at line 1, column 27/, /Fix: correct the JSON syntax/],
  },
  {
    name: 'invalid YAML syntax',
    file: 'bad.yaml',
    text: 'regions:\n  - us-east-1\n bad: [\n',
    expect: [/bad\.yaml: \(file\): invalid YAML at line \d+/, /Fix: correct the YAML syntax/],
  },
  {
    name: 'unknown region',
    file: 'region.yaml',
    text: 'regions: [us-east-1, eu-west-9]\n',
    expect: [/region\.yaml: regions\[1\]: 'eu-west-9' is not a known AWS region code\. Fix: use 'eu-west-1'/],
  },
  {
    name: 'unknown service',
    file: 'service.yaml',
    text: 'services: [ec2, ebss]\n',
    expect: [/services\[1\]: 'ebss' is not a perfscan service\. Fix: use 'ebs'/],
  },
  {
    name: 'unknown check in thresholds',
    file: 'check.yaml',
    text: 'thresholds:\n  ec2-instance-cpu-not-overprovisoned:\n    lowCpuPercent: 5\n',
    expect: [
      /thresholds\.ec2-instance-cpu-not-overprovisoned: unknown check id.*Fix: use 'ec2-instance-cpu-not-overprovisioned'/,
    ],
  },
  {
    name: 'unknown threshold name',
    file: 'threshold.yaml',
    text: 'thresholds:\n  ec2-instance-cpu-not-overprovisioned:\n    lowCpu: 5\n',
    expect: [/has no threshold 'lowCpu'\. Fix: use one of: lowCpuPercent/],
  },
  {
    name: 'expired-date typo',
    file: 'date.yaml',
    text: sup('2026-13-01'),
    expect: [/suppressions\[0\]\.expires: 2026-13-01 is not a calendar date; use YYYY-MM-DD\. Fix: /],
  },
  {
    name: 'attestation with an unknown item',
    file: 'attest.yaml',
    text: 'attestations:\n  - item: L2-9\n    by: jane\n    date: 2026-10-01\n    link: https://wiki.example.com/x\n    expires: 2027-10-01\n',
    expect: [/attestations\[0\]\.item: unknown checklist item 'L2-9'\. Fix: .*docs\/maturity\.md/],
  },
];

describe.concurrent('config errors: exit 2, the field and the fix, nothing written', () => {
  for (const c of CONFIG_CASES) {
    it(c.name, async () => {
      const cwd = await mkdtemp(join(dir, 'case-'));
      await writeFile(join(cwd, c.file), c.text);
      const r = await spawnCli(['scan', '--simulated', '--config', c.file, '--out', 'out'], { cwd });
      expect(r.code).toBe(2);
      for (const re of c.expect) expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
      expect(await readdir(cwd)).toEqual([c.file]);
    });
  }

  it('the default config file in the current folder is validated too', async () => {
    const cwd = await mkdtemp(join(dir, 'case-'));
    await writeFile(join(cwd, 'perfscan.config.yaml'), sup('2026-02-30'));
    const r = await spawnCli(['scan', '--simulated'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'perfscan.config.yaml: suppressions[0].expires: 2026-02-30 is not a calendar date',
    );
    expect(await readdir(cwd)).toEqual(['perfscan.config.yaml']);
  });
});

describe.concurrent('flag errors: exit 2 naming the flag and the fix, nothing written', () => {
  const cases: { args: string[]; expect: RegExp }[] = [
    {
      args: ['--regoins', 'eu-west-1'],
      expect: /unknown option '--regoins'[\s\S]*Did you mean --regions\?[\s\S]*Fix: run `perfscan --help`/,
    },
    {
      args: ['--regions', 'eu-wset-1'],
      expect:
        /option '--regions <list>' argument 'eu-wset-1' is invalid\. 'eu-wset-1' is not a known AWS region code\. Fix: use 'eu-west-1'/,
    },
    {
      args: ['--services', 'ec2,s3'],
      expect: /option '--services <list>' argument 'ec2,s3' is invalid\. 's3' is not a perfscan service/,
    },
    {
      args: ['--format', 'pdf'],
      expect:
        /option '--format <format>' argument 'pdf' is invalid\. Allowed choices are terminal, markdown, json/,
    },
    { args: ['--fail-on', 'severe'], expect: /option '--fail-on <severity>' argument 'severe' is invalid/ },
    {
      args: ['--window-days', '99'],
      expect:
        /option '--window-days <n>' argument '99' is invalid\. Expected the metric window in days: a whole number from 1 to 63/,
    },
    {
      args: ['--regions', 'eu-west-3'],
      expect:
        /Region 'eu-west-3' is not enabled in account 111122223333\. Fix: enable it .*aws account enable-region --region-name eu-west-3.*or drop it/,
    },
  ];
  for (const c of cases) {
    it(c.args.join(' '), async () => {
      const cwd = await mkdtemp(join(dir, 'flag-'));
      const r = await spawnCli(['scan', '--simulated', ...c.args], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(c.expect);
      expect(await readdir(cwd)).toEqual([]);
    });
  }

  it('an unknown command', async () => {
    const r = await spawnCli(['scna'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'scna'[\s\S]*Did you mean scan\?/);
  });
});

describe('credentials', () => {
  it('unreadable credentials: exit 2, one clear error with the profile and the fix, nothing written', async () => {
    const cwd = await mkdtemp(join(dir, 'creds-'));
    await writeFile(join(cwd, 'empty-config'), '');
    await writeFile(join(cwd, 'empty-credentials'), '');
    const env = isolatedEnv({
      AWS_PROFILE: 'nonexistent',
      AWS_CONFIG_FILE: join(cwd, 'empty-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(cwd, 'empty-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const r = await spawnCli(['scan', '--out', 'out'], { cwd, env });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('perfscan:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^perfscan: AWS credentials could not be loaded \(profile nonexistent\): .+\. Fix: run `aws configure` or `aws sso login`, or set AWS_PROFILE/,
    );
    expect(r.stdout).toBe('');
    expect((await readdir(cwd)).sort()).toEqual(['empty-config', 'empty-credentials']);
  });
});
