/**
 * `perfscan export` on the demo scan: OCSF and ASFF JSON with one record per failing finding and every
 * required field, and `--to securityhub` against a Security Hub stand-in (aws-sdk-client-mock).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalStore } from '#lib/store/local.js';
import type { Finding } from '#lib/model/index.js';
import { ASFF_LIMITS, missingRequired } from '#lib/integrations/asff.js';
import { missingOcsfRequired, type OcsfDetectionFinding } from '#lib/integrations/ocsf.js';
import { fakeSecurityHub } from '../integrations/fake-securityhub.js';
import { runCli } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

let cwd: string;
let failing: Finding[];
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'perfscan-export-'));
  const r = await runCli(['scan', '--simulated', '--out', 'out', '--format', 'json'], cwd);
  expect(r.code).toBe(0);
  const store = new LocalStore(join(cwd, 'out'));
  const [header] = await store.listScans();
  failing = (await store.getFindings(header!.scanId)).filter((f) => f.status === 'fail' && !f.suppressedBy);
  expect(failing.length).toBeGreaterThan(100);
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('perfscan export --format', () => {
  it('ocsf: one OCSF 1.5 Detection Finding per failing finding, required fields present', async () => {
    const r = await runCli(['export', '--format', 'ocsf', '--out', 'out'], cwd);
    expect(r.code).toBe(0);
    const records = JSON.parse(r.stdout) as OcsfDetectionFinding[];
    expect(records).toHaveLength(failing.length);
    for (const rec of records) expect(missingOcsfRequired(rec)).toEqual([]);
    expect(new Set(records.map((x) => x.finding_info.uid)).size).toBe(records.length);
    expect(records[0]).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      type_uid: 200401,
      metadata: { version: '1.5.0', product: { name: 'perfscan' }, profiles: ['cloud', 'datetime'] },
      cloud: { provider: 'AWS', account: { uid: '111122223333', type_id: 10 } },
    });
    expect(r.stderr).toMatch(new RegExp(`exported ${failing.length} failing findings`));
  });

  it('asff: one ASFF record per failing finding, required fields present and within their limits', async () => {
    const r = await runCli(['export', '--format', 'asff', '--out', 'out', '--region', 'eu-west-1'], cwd);
    expect(r.code).toBe(0);
    const records = JSON.parse(r.stdout) as AwsSecurityFinding[];
    expect(records).toHaveLength(failing.length);
    for (const rec of records) {
      expect(missingRequired(rec)).toEqual([]);
      expect(rec.Title!.length).toBeLessThanOrEqual(ASFF_LIMITS.title);
      expect(rec.Description!.length).toBeLessThanOrEqual(ASFF_LIMITS.description);
      expect(rec.Id!.length).toBeLessThanOrEqual(ASFF_LIMITS.id);
      expect(rec.Remediation!.Recommendation!.Text!.length).toBeLessThanOrEqual(
        ASFF_LIMITS.recommendationText,
      );
      expect(rec.ProductArn).toBe('arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default');
      expect(rec.Region!.length).toBeLessThanOrEqual(16);
    }
    expect(new Set(records.map((x) => x.Id)).size).toBe(records.length);
  });

  it('needs exactly one of --format and --to; a bad region or scan id is a usage error', async () => {
    expect((await runCli(['export', '--out', 'out'], cwd)).code).toBe(2);
    expect(
      (await runCli(['export', '--format', 'ocsf', '--to', 'securityhub', '--out', 'out'], cwd)).code,
    ).toBe(2);
    const bad = await runCli(['export', '--format', 'asff', '--region', 'eu-wset-1', '--out', 'out'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/eu-wset-1/);
    const none = await runCli(['export', '--format', 'ocsf', '--scan', 'nope', '--out', 'out'], cwd);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No scan 'nope'/);
  });
});

describe('perfscan export --to securityhub', () => {
  it('sends the failing findings under the default product, and a re-run updates instead of duplicating', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_PROFILE', '');
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({
      Account: '111122223333',
      Arn: 'arn:aws:iam::111122223333:user/ci',
    });
    const hub = fakeSecurityHub();
    try {
      const r1 = await runCli(
        ['export', '--to', 'securityhub', '--region', 'eu-west-1', '--out', 'out'],
        cwd,
      );
      expect(r1.stderr).toMatch(/BatchImportFindings/);
      expect(r1.code).toBe(0);
      expect(r1.stdout).toMatch(
        new RegExp(`${failing.length} failing findings sent \\(${failing.length} new, 0 updated\\)`),
      );
      expect(hub.findings.size).toBe(failing.length);
      expect(hub.imports.every((b) => b.length <= 100)).toBe(true);
      expect(hub.imports).toHaveLength(Math.ceil(failing.length / 100));

      const r2 = await runCli(
        ['export', '--to', 'securityhub', '--region', 'eu-west-1', '--out', 'out'],
        cwd,
      );
      expect(r2.code).toBe(0);
      expect(r2.stdout).toMatch(
        new RegExp(`\\(0 new, ${failing.length} updated\\), 0 resolved findings archived`),
      );
      expect(hub.findings.size).toBe(failing.length);
    } finally {
      hub.mock.restore();
      sts.restore();
      vi.unstubAllEnvs();
    }
  });
});
