/**
 * exportToSecurityHub against a Security Hub stand-in (aws-sdk-client-mock): 100 findings a call, stable ids
 * (a re-run updates, never duplicates), resolved findings archived (ARCHIVED + PASSED), unjudged ones kept,
 * transient rejections retried, accounts that cannot send reported.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, ScanHeader, UnitSummary } from '#lib/model/index.js';
import { LocalStore } from '#lib/store/local.js';
import { asffFindingId, defaultProductArn } from '#lib/integrations/asff.js';
import { exportToSecurityHub, type SecurityHubExportOptions } from '#lib/integrations/securityhub.js';
import { ACCOUNT, aFinding, aGap, aHeader, aUnit } from '../digest/builders.js';
import { fakeSecurityHub, type FakeSecurityHub } from './fake-securityhub.js';

const REGION = 'eu-west-1';
const PRODUCT = defaultProductArn(ACCOUNT, REGION);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const vol = (i: number, over: Partial<Finding> = {}) =>
  aFinding({ resourceId: `vol-${String(i).padStart(4, '0')}`, resourceName: `data-${i}`, ...over });

async function putScan(
  store: LocalStore,
  scanId: string,
  startedAt: string,
  units: { unit: Partial<UnitSummary>; findings: Finding[] }[],
): Promise<ScanHeader> {
  const header = aHeader({ scanId, startedAt });
  await store.putScanHeader(header);
  for (const u of units) await store.putUnit(aUnit({ scanId, ...u.unit }), u.findings);
  return header;
}

let hub: FakeSecurityHub;
let store: LocalStore;
beforeEach(async () => {
  hub = fakeSecurityHub();
  const dir = await mkdtemp(join(tmpdir(), 'perfscan-sh-'));
  dirs.push(dir);
  store = new LocalStore(dir);
});
afterEach(() => hub.mock.restore());

function run(header: ScanHeader, over: Partial<SecurityHubExportOptions> = {}) {
  const client = new SecurityHubClient({ region: REGION });
  return exportToSecurityHub({
    store,
    header,
    region: REGION,
    senderFor: async () => ({ client, productArn: PRODUCT }),
    now: () => new Date('2025-06-08T07:00:00Z'),
    sleep: async () => undefined,
    ...over,
  });
}

const FAILING = Array.from({ length: 150 }, (_, i) => vol(i));

async function firstScan(): Promise<ScanHeader> {
  return putScan(store, 'scan-1', '2025-06-01T06:00:00.000Z', [
    {
      unit: { region: 'eu-west-1', global: true },
      findings: [...FAILING, vol(900, { status: 'pass' }), vol(901, { status: 'unknown' })],
    },
    {
      unit: { region: 'us-east-1', global: false },
      findings: [1, 2, 3].map((i) => vol(i, { region: 'us-east-1' })),
    },
  ]);
}

describe('export to Security Hub', () => {
  it('sends every failing finding once, in calls of at most 100, under the default product ARN', async () => {
    const r = await run(await firstScan());
    expect(r.accounts).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, sent: 153, updated: 0, archived: 0, failed: [] }),
    ]);
    expect(hub.imports.every((b) => b.length <= 100)).toBe(true);
    expect(hub.imports.map((b) => b.length)).toEqual([100, 53]);
    expect(hub.findings.size).toBe(153);
    const one = hub.findings.get(`${PRODUCT}|${asffFindingId(vol(7))}`);
    expect(one).toMatchObject({
      ProductArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      AwsAccountId: ACCOUNT,
      RecordState: 'ACTIVE',
      Compliance: { Status: 'FAILED' },
      GeneratorId: 'perfscan/ebs-volume-type-gp3',
      ProductFields: expect.objectContaining({ 'perfscan/Unit': `${ACCOUNT}/eu-west-1` }),
    });
    expect(one?.Workflow).toBeUndefined();
  });

  it('a re-run updates the same findings: no duplicates, CreatedAt kept', async () => {
    const header = await firstScan();
    await run(header);
    const created = hub.findings.get(`${PRODUCT}|${asffFindingId(vol(7))}`)?.CreatedAt;
    const again = await run(header, { now: () => new Date('2025-06-08T08:00:00Z') });
    expect(again.accounts[0]).toMatchObject({ sent: 153, updated: 153, archived: 0 });
    expect(hub.findings.size).toBe(153);
    const after = hub.findings.get(`${PRODUCT}|${asffFindingId(vol(7))}`);
    expect(after?.CreatedAt).toBe(created);
    expect(after?.UpdatedAt).toBe('2025-06-08T08:00:00.000Z');
  });

  it('archives what the next scan resolves (ARCHIVED + PASSED), keeps what it cannot judge', async () => {
    await run(await firstScan());
    // Scan 2: vol-0000 passes, vol-0001 unknown, vol-0002 suppressed, vol-0003 deleted; us-east-1 failed to scan.
    const rest = FAILING.slice(4);
    const scan2 = await putScan(store, 'scan-2', '2025-06-08T06:00:00.000Z', [
      {
        unit: { region: 'eu-west-1', global: true },
        findings: [
          vol(0, { status: 'pass' }),
          vol(1, { status: 'unknown' }),
          vol(2, {
            suppressedBy: {
              checkId: 'ebs-volume-type-gp3',
              resource: 'vol-0002',
              reason: 'migration planned',
              owner: 'sre',
              expires: '2099-12-31',
            },
          }),
          ...rest,
        ],
      },
      { unit: { region: 'us-east-1', global: false, status: 'failed', error: 'AccessDenied' }, findings: [] },
    ]);
    const r = await run(scan2);
    expect(r.accounts[0]).toMatchObject({ sent: 146, updated: 146, archived: 3, keptUnjudged: 4 });
    const get = (f: Finding) => hub.findings.get(`${PRODUCT}|${asffFindingId(f)}`);
    expect(get(vol(0))).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } });
    expect(get(vol(3))).toMatchObject({
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
      ProductFields: expect.objectContaining({ 'perfscan/ArchivedBecause': 'the resource no longer exists' }),
    });
    expect(get(vol(2))).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'FAILED' } });
    expect(get(vol(1))).toMatchObject({ RecordState: 'ACTIVE' });
    expect(get(vol(2, { region: 'us-east-1' }))).toMatchObject({ RecordState: 'ACTIVE' });
    // Nothing perfscan sends changes Workflow (BatchImportFindings cannot, once a finding exists).
    expect(hub.imports.flat().every((f) => f.Workflow === undefined)).toBe(true);
    // A re-run of the same export archives nothing more and duplicates nothing.
    const again = await run(scan2);
    expect(again.accounts[0]).toMatchObject({ archived: 0, sent: 146 });
    expect(hub.findings.size).toBe(153);
  });

  it('a gap on the service keeps a vanished resource active (no data is not a resolution)', async () => {
    await run(await firstScan());
    const scan2 = await putScan(store, 'scan-2', '2025-06-08T06:00:00.000Z', [
      {
        unit: {
          region: 'eu-west-1',
          global: true,
          status: 'partial',
          gaps: [aGap({ service: 'ebs', slice: 'ebs', action: 'ec2:DescribeVolumes' })],
        },
        findings: FAILING.slice(1),
      },
      { unit: { region: 'us-east-1', global: false }, findings: [] },
    ]);
    const r = await run(scan2);
    expect(hub.findings.get(`${PRODUCT}|${asffFindingId(vol(0))}`)?.RecordState).toBe('ACTIVE');
    // us-east-1 was read without a gap and its three resources are gone: archived.
    expect(r.accounts[0]).toMatchObject({ archived: 3, keptUnjudged: 1 });
  });

  it('retries findings rejected with a transient error, reports permanent rejections', async () => {
    const header = await firstScan();
    hub.failNext.set(asffFindingId(vol(5)), { code: 'ThrottlingException', times: 2 });
    hub.failNext.set(asffFindingId(vol(6)), { code: 'InvalidInput', times: 1 });
    const r = await run(header);
    expect(r.accounts[0]?.failed).toEqual([
      { id: asffFindingId(vol(6)), code: 'InvalidInput', message: 'simulated' },
    ]);
    expect(hub.findings.has(`${PRODUCT}|${asffFindingId(vol(5))}`)).toBe(true);
    expect(r.batchImportCalls).toBe(4); // 100 + 53, then vol-0005 twice more
  });

  it('an account that cannot send is reported and nothing is sent for it', async () => {
    const r = await run(await firstScan(), { senderFor: async () => ({ skip: 'no role' }) });
    expect(r.accounts).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, skipped: 'no role', sent: 0 }),
    ]);
    expect(hub.imports).toEqual([]);
  });
});

describe('deployed stack: securityHubAfterScan', () => {
  it('does nothing when the switch is off, exports when it is on', async () => {
    const { securityHubAfterScan } = await import('#lib/integrations/after-scan.js');
    const header = await firstScan();
    const client = new SecurityHubClient({ region: REGION });
    const base = { store, header, stackRegion: 'us-east-1', clientFor: async () => client };
    expect(await securityHubAfterScan({ ...base, config: {} })).toBeUndefined();
    expect(
      await securityHubAfterScan({ ...base, config: { integrations: { securityHub: { enabled: false } } } }),
    ).toBeUndefined();
    expect(hub.imports).toEqual([]);
    const r = await securityHubAfterScan({
      ...base,
      config: { integrations: { securityHub: { enabled: true, region: REGION } } },
    });
    expect(r?.accounts[0]).toMatchObject({ sent: 153, productArn: PRODUCT });
  });
});
