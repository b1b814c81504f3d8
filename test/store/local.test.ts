import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DebtEntry, Finding, ScanHeader, UnitSummary } from '#lib/model/index.js';
import { LocalStore } from '#lib/store/local.js';
import { aSnapshot } from '#test/builders/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const header = (scanId: string, startedAt: string, overrides: Partial<ScanHeader> = {}): ScanHeader => ({
  scanId,
  startedAt,
  trigger: 'cli',
  scope: {},
  status: 'complete',
  accounts: ['111122223333'],
  coverage: { unitsPlanned: 1, unitsScanned: 1, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
  toolVersion: '0.1.0',
  ...overrides,
});

const unit = (scanId: string, region: string): UnitSummary => ({
  scanId,
  accountId: '111122223333',
  region,
  global: region === 'us-east-1',
  status: 'ok',
  services: ['ebs'],
  resourceCounts: { 'ebs.volumes': 2 },
  findingCounts: { fail: 1, pass: 1, unknown: 0, error: 0 },
  suppressedCount: 0,
  gaps: [],
  apiCalls: 3,
  throttles: 0,
  durationMs: 10,
  facts: {} as UnitSummary['facts'],
});

const finding = (region: string, resourceId: string, status: Finding['status'] = 'fail'): Finding => ({
  checkId: 'ebs-volume-type-gp3',
  title: 't',
  service: 'ebs',
  control: 'WAF-PERF-090',
  severity: 'medium',
  status,
  accountId: '111122223333',
  region,
  resourceType: 'AWS::EC2::Volume',
  resourceId,
  message: 'm.',
  evidence: [],
  remediation: { text: 'r', docs: [] },
});

describe('LocalStore', () => {
  it('creates nothing until the first write', async () => {
    const store = new LocalStore(join(dir, 'out'));
    expect(await store.listScans()).toEqual([]);
    expect(await store.getScanHeader('2026-01-01T00-00-00Z-aaaaaa')).toBeUndefined();
    expect(await store.getUnits('2026-01-01T00-00-00Z-aaaaaa')).toEqual([]);
    expect(await store.getDebt('111122223333')).toEqual([]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('round-trips a scan: header, units, findings and snapshots in the documented layout', async () => {
    const store = new LocalStore(dir);
    const id = '2026-11-22T06-00-00Z-ab12cd';
    const snap = aSnapshot({ scanId: id, accountId: '111122223333', region: 'eu-west-1' });
    await store.putScanHeader(header(id, '2026-11-22T06:00:00.000Z'));
    await store.putUnit(
      unit(id, 'eu-west-1'),
      [finding('eu-west-1', 'vol-1'), finding('eu-west-1', 'vol-2', 'pass')],
      snap,
    );
    await store.putUnit(unit(id, 'us-east-1'), [finding('us-east-1', 'vol-3')]);

    expect(await store.getScanHeader(id)).toEqual(header(id, '2026-11-22T06:00:00.000Z'));
    expect((await store.getUnits(id)).map((u) => u.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect((await store.getFindings(id)).map((f) => f.resourceId).sort()).toEqual([
      'vol-1',
      'vol-2',
      'vol-3',
    ]);
    expect(await store.getSnapshot(id, '111122223333', 'eu-west-1')).toEqual(snap);
    expect(await store.getSnapshot(id, '111122223333', 'us-east-1')).toBeUndefined();

    const scanDir = join(dir, 'scans', id);
    expect((await readdir(scanDir)).sort()).toEqual(['findings', 'header.json', 'snapshots', 'units']);
    expect((await readdir(join(scanDir, 'units'))).sort()).toEqual([
      '111122223333_eu-west-1.json',
      '111122223333_us-east-1.json',
    ]);
    expect(await readdir(join(scanDir, 'snapshots'))).toEqual(['111122223333_eu-west-1.json']);
    // no temporary files left behind
    for (const sub of ['units', 'findings', 'snapshots'])
      expect((await readdir(join(scanDir, sub))).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('re-writing a unit replaces it: no duplicates, removed findings gone (idempotent)', async () => {
    const store = new LocalStore(dir);
    const id = '2026-11-22T06-00-00Z-ab12cd';
    await store.putScanHeader(header(id, '2026-11-22T06:00:00.000Z'));
    await store.putUnit(unit(id, 'eu-west-1'), [
      finding('eu-west-1', 'vol-1'),
      finding('eu-west-1', 'vol-2'),
    ]);
    await store.putUnit(unit(id, 'eu-west-1'), [
      finding('eu-west-1', 'vol-1'),
      finding('eu-west-1', 'vol-1'),
    ]);
    await store.putScanHeader(header(id, '2026-11-22T06:00:00.000Z'));
    expect((await store.getFindings(id)).map((f) => f.resourceId)).toEqual(['vol-1']);
    expect(await store.getUnits(id)).toHaveLength(1);
    expect(await store.listScans()).toHaveLength(1);
  });

  it('ignores findings of a unit whose summary was never written (interrupted write)', async () => {
    const store = new LocalStore(dir);
    const id = '2026-11-22T06-00-00Z-ab12cd';
    await store.putUnit(unit(id, 'eu-west-1'), [finding('eu-west-1', 'vol-1')]);
    await writeFile(
      join(dir, 'scans', id, 'findings', '111122223333_us-east-1.json'),
      JSON.stringify([finding('us-east-1', 'vol-x')]),
    );
    expect((await store.getFindings(id)).map((f) => f.resourceId)).toEqual(['vol-1']);
  });

  it('lists scans newest first, with limit and an exclusive `before` (scan id or ISO time)', async () => {
    const store = new LocalStore(dir);
    const a = header('2026-11-01T06-00-00Z-aaaaaa', '2026-11-01T06:00:00.000Z');
    const b = header('2026-11-08T06-00-00Z-bbbbbb', '2026-11-08T06:00:00.000Z');
    const c = header('2026-11-08T06-00-00Z-000000', '2026-11-08T06:00:00.500Z'); // same second as b, started later
    const d = header('2026-11-15T06-00-00Z-dddddd', '2026-11-15T06:00:00.000Z');
    for (const h of [c, a, d, b]) await store.putScanHeader(h);
    expect((await store.listScans()).map((h) => h.scanId)).toEqual([d.scanId, c.scanId, b.scanId, a.scanId]);
    expect((await store.listScans({ limit: 2 })).map((h) => h.scanId)).toEqual([d.scanId, c.scanId]);
    expect((await store.listScans({ before: c.scanId })).map((h) => h.scanId)).toEqual([b.scanId, a.scanId]);
    expect((await store.listScans({ before: '2026-11-08T06:00:00.000Z' })).map((h) => h.scanId)).toEqual([
      a.scanId,
    ]);
    expect((await store.listScans({ before: d.scanId, limit: 1 })).map((h) => h.scanId)).toEqual([c.scanId]);
  });

  it('upserts the debt register per account by (check, region, resource)', async () => {
    const store = new LocalStore(dir);
    const e = (resourceId: string, status: DebtEntry['status'], accountId = '111122223333'): DebtEntry => ({
      accountId,
      checkId: 'ebs-volume-type-gp3',
      region: 'eu-west-1',
      resourceId,
      control: 'WAF-PERF-090',
      severity: 'medium',
      title: 't',
      firstSeen: '2026-11-01T06:00:00.000Z',
      lastSeen: '2026-11-01T06:00:00.000Z',
      status,
      reopened: 0,
      lastScanId: 's1',
      ageDays: 0,
    });
    await store.putDebt([e('vol-1', 'open'), e('vol-2', 'open'), e('vol-9', 'open', '444455556666')]);
    await store.putDebt([e('vol-1', 'resolved')]);
    await store.putDebt([e('vol-1', 'resolved')]);
    const debt = await store.getDebt('111122223333');
    expect(debt.map((d) => [d.resourceId, d.status])).toEqual([
      ['vol-1', 'resolved'],
      ['vol-2', 'open'],
    ]);
    expect((await store.getDebt('444455556666')).map((d) => d.resourceId)).toEqual(['vol-9']);
    expect(
      JSON.parse(await readFile(join(dir, 'debt', '111122223333', 'eu-west-1.json'), 'utf8')),
    ).toHaveLength(2);
  });

  it('keeps the register one file per region, serializes concurrent updates, and reads a legacy per-account file', async () => {
    const store = new LocalStore(dir);
    const e = (region: string, resourceId: string): DebtEntry => ({
      accountId: '111122223333',
      checkId: 'ebs-volume-type-gp3',
      region,
      resourceId,
      control: 'WAF-PERF-090',
      severity: 'medium',
      title: 't',
      firstSeen: '2026-11-01T06:00:00.000Z',
      lastSeen: '2026-11-01T06:00:00.000Z',
      status: 'open',
      reopened: 0,
      lastScanId: 's1',
      ageDays: 0,
    });
    await mkdir(join(dir, 'debt'), { recursive: true });
    await writeFile(join(dir, 'debt', '111122223333.json'), JSON.stringify([e('ap-south-1', 'old')]));
    // Units of one account finishing together: no update may be lost.
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.putDebt([e('eu-west-1', `vol-${i}`)])));
    await store.putDebt([e('global', 'dist-1')]);
    expect(await store.getUnitDebt('111122223333', ['eu-west-1'])).toHaveLength(20);
    expect(
      (await store.getUnitDebt('111122223333', ['us-east-1', 'global'])).map((x) => x.resourceId),
    ).toEqual(['dist-1']);
    expect((await store.getUnitDebt('111122223333', ['ap-south-1'])).map((x) => x.resourceId)).toEqual([
      'old',
    ]);
    expect(await store.getDebt('111122223333')).toHaveLength(22);
  });

  it('stores remediation once per check and pass results without evidence, and reads them back', async () => {
    const store = new LocalStore(dir);
    const id = '2026-11-22T06-00-00Z-cmpact';
    const fail: Finding = {
      ...finding('eu-west-1', 'vol-1'),
      evidence: [{ label: 'Volume type', value: 'gp2', threshold: 'gp3' }],
      remediation: { text: 'Modify the volume to gp3.', docs: ['https://docs.aws.amazon.com/ebs/'] },
    };
    const pass: Finding = { ...fail, resourceId: 'vol-2', status: 'pass' };
    await store.putUnit(unit(id, 'eu-west-1'), [fail, pass]);
    const text = await readFile(join(dir, 'scans', id, 'findings', '111122223333_eu-west-1.json'), 'utf8');
    expect(text.split(JSON.stringify(fail.remediation.text)).length - 1).toBe(1);
    const back = await store.unitFindings(id, { accountId: '111122223333', region: 'eu-west-1' });
    expect(back).toEqual([fail, { ...pass, evidence: [] }]);
  });

  it('rejects path-like ids', async () => {
    const store = new LocalStore(dir);
    await expect(store.getScanHeader('../etc')).rejects.toThrow(/invalid scan id/);
    await expect(store.putUnit({ ...unit('s1', 'eu-west-1'), accountId: '../x' }, [])).rejects.toThrow(
      /invalid account id/,
    );
  });
});
