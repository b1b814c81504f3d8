import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineCheck } from '#lib/checks/types.js';
import {
  ConfigError,
  isCalendarDate,
  loadConfig,
  parseConfig,
  parseConfigText,
  type ConfigIssue,
  type SchemaContext,
} from '#lib/config/schema.js';

const fakeCheck = defineCheck<'cpuPercent' | 'minDays'>({
  id: 'ec2-instance-fake-sized',
  title: 'Fake',
  service: 'ec2',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale: 'test',
  remediation: { text: 'n/a', docs: ['https://docs.aws.amazon.com/ec2/'], change: 'resize' },
  needs: ['ec2.instances'],
  thresholds: {
    cpuPercent: {
      default: 10,
      unit: 'Percent',
      description: 'cpu',
      source: 'Trusted Advisor',
      min: 0,
      max: 100,
    },
    minDays: { default: 4, unit: 'days', description: 'days', source: 'Trusted Advisor', min: 1 },
  },
  evaluate: () => [],
});

const CTX: SchemaContext = {
  checks: [fakeCheck],
  aliases: { 'ec2-instance-old-name': 'ec2-instance-fake-sized' },
  itemIds: ['L2-1', 'L2-5', 'L3-12', 'WAF-PERF-060:L3'],
};

/** The ConfigError thrown by `fn`, to assert on its issues. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function issueAt(err: ConfigError, path: string): ConfigIssue {
  const i = err.issues.find((x) => x.path === path);
  if (!i) throw new Error(`no issue at ${path}; got ${err.issues.map((x) => x.path).join(', ')}`);
  return i;
}

const attestation = {
  item: 'L2-5',
  by: 'jane',
  date: '2026-10-01',
  link: 'https://wiki.example.com/lt',
  expires: '2027-04-01',
};
const suppression = {
  checkId: 'ec2-instance-fake-sized',
  resource: 'i-0abc*',
  reason: 'batch host',
  owner: 'sre',
  expires: '2026-12-31',
};

describe('parseConfig: valid input', () => {
  it('accepts an empty document and returns an empty config', () => {
    expect(parseConfig({}, 'x.yaml', CTX)).toEqual({});
    expect(parseConfig(null, 'x.yaml', CTX)).toEqual({});
  });

  it('parses every field, defaults attestation met to true and maps threshold aliases to the current id', () => {
    const cfg = parseConfig(
      {
        regions: ['us-east-1', 'eu-west-1'],
        services: ['ec2', 'ebs'],
        windowDays: 30,
        thresholds: { 'ec2-instance-old-name': { cpuPercent: 5 } },
        suppressions: [{ ...suppression, accounts: ['111122223333'], regions: ['eu-west-1', 'global'] }],
        attestations: [attestation],
        targets: {
          accounts: ['111122223333'],
          organizations: false,
          memberRoleName: 'PerfscanReadOnly',
          externalId: 'abc-123',
        },
        notify: {
          slackSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:perfscan/slack',
          email: { from: 'a@example.com', to: ['b@example.com'] },
        },
        schedule: { expression: 'rate(7 days)', timezone: 'Europe/Berlin' },
      },
      'x.yaml',
      CTX,
    );
    expect(cfg.thresholds).toEqual({ 'ec2-instance-fake-sized': { cpuPercent: 5 } });
    expect(cfg.attestations?.[0]?.met).toBe(true);
    expect(cfg.suppressions?.[0]?.regions).toEqual(['eu-west-1', 'global']);
    expect(cfg.windowDays).toBe(30);
  });
});

describe('parseConfig: every problem reported, each with path and fix', () => {
  it('unknown region -> regions[1] with the closest known code', () => {
    const err = configError(() =>
      parseConfig({ regions: ['us-east-1', 'eu-west-9'] }, 'perfscan.config.yaml', CTX),
    );
    const i = issueAt(err, 'regions[1]');
    expect(i.message).toBe("'eu-west-9' is not a known AWS region code");
    expect(i.fix).toContain("use 'eu-west-1'");
    expect(err.message).toContain(
      "perfscan.config.yaml: regions[1]: 'eu-west-9' is not a known AWS region code. Fix: use 'eu-west-1'",
    );
  });

  it('unknown service -> services[0] with the suggestion and the known list', () => {
    const err = configError(() => parseConfig({ services: ['ec3'] }, 'c.json', CTX));
    const i = issueAt(err, 'services[0]');
    expect(i.message).toContain("'ec3' is not a perfscan service");
    expect(i.fix).toContain("use 'ec2'");
    expect(i.fix).toContain('computeoptimizer');
  });

  it('unknown check id, unknown threshold name and out-of-range value', () => {
    const err = configError(() =>
      parseConfig(
        {
          thresholds: {
            'ec2-instance-fake-sizd': { cpuPercent: 5 },
            'ec2-instance-fake-sized': { cpuPrecent: 5, minDays: 0 },
          },
        },
        'c.yaml',
        CTX,
      ),
    );
    expect(issueAt(err, 'thresholds.ec2-instance-fake-sizd').fix).toContain("use 'ec2-instance-fake-sized'");
    const name = issueAt(err, 'thresholds.ec2-instance-fake-sized.cpuPrecent');
    expect(name.message).toContain("has no threshold 'cpuPrecent'");
    expect(name.fix).toContain('cpuPercent, minDays');
    expect(name.fix).toContain("Did you mean 'cpuPercent'?");
    const range = issueAt(err, 'thresholds.ec2-instance-fake-sized.minDays');
    expect(range.message).toContain('0 is out of range');
    expect(range.fix).toContain('between 1 and inf');
    expect(err.issues).toHaveLength(3);
  });

  it('an expiry-date typo: not a calendar date (month 13, Feb 30) or not YYYY-MM-DD', () => {
    const err = configError(() =>
      parseConfig(
        {
          suppressions: [
            { ...suppression, expires: '2026-13-01' },
            { ...suppression, expires: '2026-02-30' },
            { ...suppression, expires: '31.12.2026' },
          ],
        },
        'perfscan.config.yaml',
        CTX,
      ),
    );
    expect(err.message).toContain(
      'suppressions[0].expires: 2026-13-01 is not a calendar date; use YYYY-MM-DD',
    );
    expect(issueAt(err, 'suppressions[1].expires').message).toBe(
      '2026-02-30 is not a calendar date; use YYYY-MM-DD',
    );
    expect(issueAt(err, 'suppressions[2].expires').message).toContain('not a date in YYYY-MM-DD form');
    expect(issueAt(err, 'suppressions[0].expires').fix).toContain('month (01-12)');
  });

  it('suppression: unknown check id, missing owner, unknown field with suggestion', () => {
    const { owner: _owner, ...noOwner } = suppression;
    const err = configError(() =>
      parseConfig({ suppressions: [{ ...noOwner, checkId: 'nope', expiry: '2026-01-01' }] }, 'c.yaml', CTX),
    );
    expect(issueAt(err, 'suppressions[0].checkId').message).toBe("unknown check id 'nope'");
    expect(issueAt(err, 'suppressions[0].owner').message).toBe('required field is missing');
    const unknown = issueAt(err, 'suppressions[0].expiry');
    expect(unknown.message).toBe("unknown field 'expiry'");
    expect(unknown.fix).toContain("did you mean 'expires'?");
  });

  it("accepts checkId '*' and quoted account ids; an unquoted YAML number loses its leading zero and is rejected with the fix", () => {
    expect(
      parseConfig({ suppressions: [{ ...suppression, checkId: '*' }] }, 'c.yaml', CTX).suppressions?.[0]
        ?.checkId,
    ).toBe('*');
    const err = configError(() => parseConfigText('targets:\n  accounts: [012345678901]\n', 'c.yaml', CTX));
    expect(issueAt(err, 'targets.accounts[0]').fix).toContain('quote the account id');
  });

  it('attestation: unknown item, non-https link, expires not after date', () => {
    const err = configError(() =>
      parseConfig(
        {
          attestations: [
            { ...attestation, item: 'L2-7' },
            { ...attestation, link: 'http://wiki.example.com/x' },
            { ...attestation, expires: '2026-09-30' },
          ],
        },
        'c.yaml',
        CTX,
      ),
    );
    const item = issueAt(err, 'attestations[0].item');
    expect(item.message).toBe("unknown checklist item 'L2-7'");
    expect(item.fix).toContain('docs/maturity.md');
    expect(issueAt(err, 'attestations[1].link').message).toContain('not an https URL');
    expect(issueAt(err, 'attestations[2].expires').message).toBe(
      'expires 2026-09-30 is not after date 2026-10-01',
    );
  });

  it('windowDays out of range and of the wrong type', () => {
    expect(
      issueAt(
        configError(() => parseConfig({ windowDays: 90 }, 'c', CTX)),
        'windowDays',
      ).fix,
    ).toContain('from 1 to 63');
    expect(
      issueAt(
        configError(() => parseConfig({ windowDays: '14' }, 'c', CTX)),
        'windowDays',
      ).message,
    ).toBe("expected a number, got '14'");
  });

  it('collects all issues of a file at once, one line each', () => {
    const err = configError(() =>
      parseConfig(
        {
          regions: ['mars-1'],
          services: ['s3'],
          windowDays: 0,
          suppressions: [{ ...suppression, expires: '2026-13-01' }],
          colour: true,
        },
        'c.yaml',
        CTX,
      ),
    );
    expect(err.issues.map((i) => i.path).sort()).toEqual([
      'colour',
      'regions[0]',
      'services[0]',
      'suppressions[0].expires',
      'windowDays',
    ]);
    expect(err.message.split('\n')).toHaveLength(5);
    for (const i of err.issues) expect(i.fix.length).toBeGreaterThan(5);
  });

  it('a top-level list is rejected', () => {
    expect(configError(() => parseConfig(['us-east-1'], 'c.yaml', CTX)).issues[0]?.message).toContain(
      'expected a mapping',
    );
  });
});

describe('parseConfigText: syntax errors name the file and position', () => {
  it('invalid JSON', () => {
    const err = configError(() =>
      parseConfigText('{\n  "regions": ["us-east-1",]\n}', 'perfscan.config.json', CTX),
    );
    expect(err.issues).toHaveLength(1);
    expect(err.message).toMatch(/^perfscan\.config\.json: \(file\): invalid JSON at line 2/);
    expect(err.issues[0]?.fix).toContain('JSON syntax');
  });

  it('invalid YAML', () => {
    const err = configError(() =>
      parseConfigText('regions:\n  - us-east-1\n bad: [\n', 'perfscan.config.yaml', CTX),
    );
    expect(err.message).toMatch(/^perfscan\.config\.yaml: \(file\): invalid YAML at line \d+, column \d+/);
  });

  it('YAML duplicate keys are an error, and dates stay strings', () => {
    expect(() => parseConfigText('windowDays: 7\nwindowDays: 8\n', 'c.yml', CTX)).toThrow(ConfigError);
    const cfg = parseConfigText(
      'suppressions:\n  - checkId: "*"\n    resource: i-1\n    reason: r\n    owner: o\n    expires: 2026-12-31\n',
      'c.yml',
      CTX,
    );
    expect(cfg.suppressions?.[0]?.expires).toBe('2026-12-31');
  });

  it('an unsupported extension', () => {
    expect(configError(() => parseConfigText('{}', 'perfscan.toml', CTX)).issues[0]?.fix).toContain(
      '.json, .yaml or .yml',
    );
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perfscan-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the defaults when no config file is present', async () => {
    expect(await loadConfig(undefined, { cwd: dir, context: CTX })).toEqual({});
  });

  it('finds perfscan.config.yaml in the folder', async () => {
    await writeFile(join(dir, 'perfscan.config.yaml'), 'regions: [eu-west-1]\n');
    expect((await loadConfig(undefined, { cwd: dir, context: CTX })).regions).toEqual(['eu-west-1']);
  });

  it('rejects two default files at once', async () => {
    await writeFile(join(dir, 'perfscan.config.yaml'), '{}\n');
    await writeFile(join(dir, 'perfscan.config.json'), '{}\n');
    await expect(loadConfig(undefined, { cwd: dir, context: CTX })).rejects.toThrow(
      /several config files found/,
    );
  });

  it('a --config path that does not exist names the path and the fix', async () => {
    const err = await loadConfig('conf/missing.yaml', { cwd: dir, context: CTX }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('conf/missing.yaml: (file): config file not found');
    expect((err as ConfigError).message).toContain('Fix: check the --config path');
  });

  it('names the file as given in errors', async () => {
    await writeFile(join(dir, 'team.json'), '{"windowDays": 99}');
    await expect(loadConfig('team.json', { cwd: dir, context: CTX })).rejects.toThrow(
      /^team\.json: windowDays: 99 is out of range/,
    );
  });
});

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });
});

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse on validity and points at the first bad character', async () => {
    const { jsonErrorOffset } = await import('#lib/config/schema.js');
    for (const ok of ['{}', '[1, 2.5e3, -0, "a\\u00e9", true, false, null]', ' {"a": {"b": []}} '])
      expect(jsonErrorOffset(ok)).toBeUndefined();
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a": "x')).toBe(8);
  });
});
