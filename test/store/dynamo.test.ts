import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebtEntry, Finding, ScanHeader, UnitSummary } from '#lib/model/index.js';
import { DynamoStore, keys } from '#lib/store/dynamo.js';
import { updateDebtRegister } from '#lib/digest/debt.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db.stop();
});

const NOW = new Date('2026-11-22T06:00:00Z');
const store = () =>
  new DynamoStore({ tableName: db.tableName, client: db.client, now: () => NOW, backoffMs: () => 1 });

function header(scanId: string, startedAt: string): ScanHeader {
  return {
    scanId,
    startedAt,
    trigger: 'schedule',
    scope: {},
    status: 'complete',
    accounts: ['111122223333'],
    coverage: { unitsPlanned: 1, unitsScanned: 1, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
    toolVersion: 'test',
  };
}

function unit(scanId: string, region = 'eu-west-1'): UnitSummary {
  return {
    scanId,
    accountId: '111122223333',
    region,
    global: false,
    status: 'ok',
    services: ['ebs'],
    resourceCounts: { 'ebs.volumes': 3 },
    findingCounts: { fail: 1, pass: 2, unknown: 0, error: 0 },
    suppressedCount: 0,
    gaps: [],
    apiCalls: 4,
    throttles: 0,
    durationMs: 10,
    facts: {} as UnitSummary['facts'],
  };
}

function finding(resourceId: string, region = 'eu-west-1'): Finding {
  return {
    checkId: 'ebs-volume-type-gp3',
    title: 'EBS volumes use gp3',
    service: 'ebs',
    control: 'WAF-PERF-090',
    severity: 'medium',
    status: 'fail',
    accountId: '111122223333',
    region,
    resourceType: 'AWS::EC2::Volume',
    resourceId,
    resourceName: `<script>alert("${resourceId}")</script>`,
    message: `Volume ${resourceId} is gp2.`,
    evidence: [
      { label: 'Volume type', value: 'gp2', threshold: 'gp3', source: 'ec2:DescribeVolumes VolumeType' },
    ],
    remediation: {
      text: 'Modify the volume to gp3.',
      docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html'],
    },
  };
}

describe('DynamoStore against dynalite', () => {
  it('keeps one partition per unit: findings under UNIT#<scan>#<account>#<region>, keyed <check>#<resource>', async () => {
    const s = store();
    const h = header('2026-11-22T06-00-00Z-keyskk', '2026-11-22T06:00:05.000Z');
    await s.putScanHeader(h);
    await s.putUnit(unit(h.scanId, 'eu-west-1'), [finding('vol-1', 'eu-west-1')]);
    await s.putUnit(unit(h.scanId, 'us-east-1'), [
      finding('vol-2', 'us-east-1'),
      finding('vol-3', 'us-east-1'),
    ]);
    const partition = async (pk: string) =>
      (
        await db.client.send(
          new QueryCommand({
            TableName: db.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: pk } },
          }),
        )
      ).Items ?? [];
    const east = await partition(`UNIT#${h.scanId}#111122223333#us-east-1`);
    expect(east.map((i) => i.sk?.S)).toEqual([
      '#CHECKS',
      'ebs-volume-type-gp3#vol-2',
      'ebs-volume-type-gp3#vol-3',
    ]);
    // The scan's own partition holds the header and one summary per unit, no findings.
    const scan = await partition(`SCAN#${h.scanId}`);
    expect(scan.map((i) => i.sk?.S)).toEqual([
      '#META',
      'UNIT#111122223333#eu-west-1',
      'UNIT#111122223333#us-east-1',
    ]);
    // Read back unit by unit, in unit order.
    const pages: string[][] = [];
    for await (const page of s.findings(h.scanId)) pages.push(page.map((f) => `${f.region}/${f.resourceId}`));
    expect(pages).toEqual([['eu-west-1/vol-1'], ['us-east-1/vol-2', 'us-east-1/vol-3']]);
    expect(await s.unitFindings(h.scanId, { accountId: '111122223333', region: 'us-east-1' })).toEqual([
      finding('vol-2', 'us-east-1'),
      finding('vol-3', 'us-east-1'),
    ]);
  });

  it('stores remediation text and links once per check, and pass results without evidence', async () => {
    const s = store();
    const h = header('2026-11-22T06-00-00Z-compac', '2026-11-22T06:00:06.000Z');
    const pass: Finding = { ...finding('vol-p'), status: 'pass', message: 'Volume vol-p is gp3.' };
    const saving: Finding = {
      ...finding('vol-s'),
      severity: 'high',
      remediation: {
        ...finding('vol-s').remediation,
        estimatedMonthlySavingsUsd: 12.5,
        impact: 'about 20% cheaper',
      },
    };
    await s.putUnit(unit(h.scanId), [finding('vol-1'), pass, saving]);
    const items =
      (
        await db.client.send(
          new QueryCommand({
            TableName: db.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: {
              ':pk': { S: keys.unitPartition(h.scanId, '111122223333', 'eu-west-1') },
            },
          }),
        )
      ).Items ?? [];
    const text = JSON.stringify(items);
    expect(text.split('Modify the volume to gp3.').length - 1).toBe(1);
    expect(text.split('modify-volume-requirements').length - 1).toBe(1);
    const passItem = items.find((i) => i.sk?.S === 'ebs-volume-type-gp3#vol-p');
    expect(passItem?.f?.M?.evidence).toBeUndefined();
    expect(passItem?.status?.S).toBe('pass');
    // Read back: everything a finding said, except a pass result's evidence.
    const back = await s.unitFindings(h.scanId, { accountId: '111122223333', region: 'eu-west-1' });
    expect(back).toEqual([finding('vol-1'), { ...pass, evidence: [] }, saving]);
  });

  it("reads one unit's share of the debt register (its region and, for the global unit, global)", async () => {
    const s = store();
    const entry = (region: string, resourceId: string): DebtEntry => ({
      accountId: '999988887777',
      checkId: 'ebs-volume-type-gp3',
      region,
      resourceId,
      control: 'WAF-PERF-090',
      severity: 'medium',
      title: 't',
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-01T00:00:00.000Z',
      status: 'open',
      reopened: 0,
      lastScanId: 'x',
      ageDays: 0,
    });
    await s.putDebt([entry('eu-west-1', 'a'), entry('us-east-1', 'b'), entry('global', 'c')]);
    const ids = async (regions: string[]) =>
      (await s.getUnitDebt('999988887777', regions)).map((e) => e.resourceId).sort();
    expect(await ids(['eu-west-1'])).toEqual(['a']);
    expect(await ids(['us-east-1', 'global'])).toEqual(['b', 'c']);
    expect(await ids([])).toEqual([]);
    expect((await s.getDebt('999988887777')).map((e) => e.resourceId).sort()).toEqual(['a', 'b', 'c']);
  });

  it('writes a scan twice without duplicates, and a re-run drops findings no longer reported', async () => {
    const s = store();
    const h = header('2026-11-22T06-00-00Z-aaaaaa', '2026-11-22T06:00:00.000Z');
    await s.putScanHeader(h);
    await s.putScanHeader(h);
    const fs = [finding('vol-1'), finding('vol-2'), finding('vol-3')];
    await s.putUnit(unit(h.scanId), fs);
    await s.putUnit(unit(h.scanId), fs);
    expect(await s.getFindings(h.scanId)).toHaveLength(3);
    expect(await s.getUnits(h.scanId)).toHaveLength(1);
    expect((await s.listScans()).filter((x) => x.scanId === h.scanId)).toHaveLength(1);

    await s.putUnit(unit(h.scanId), [finding('vol-1')]);
    const after = await s.getFindings(h.scanId);
    expect(after.map((f) => f.resourceId)).toEqual(['vol-1']);
    expect(after[0]).toEqual(finding('vol-1')); // hostile strings round-trip untouched
  });

  it('sets the TTL on findings only', async () => {
    const s = store();
    const h = header('2026-11-22T06-00-00Z-ttlttl', '2026-11-22T06:00:01.000Z');
    await s.putScanHeader(h);
    await s.putUnit(unit(h.scanId), [finding('vol-9')]);
    const item = await db.client.send(
      new GetItemCommand({
        TableName: db.tableName,
        Key: {
          pk: { S: keys.unitPartition(h.scanId, '111122223333', 'eu-west-1') },
          sk: { S: keys.finding(finding('vol-9')) },
        },
      }),
    );
    expect(Number(item.Item?.expiresAt?.N)).toBe(Math.floor(NOW.getTime() / 1000) + 400 * 86_400);
    const meta = await db.client.send(
      new GetItemCommand({
        TableName: db.tableName,
        Key: { pk: { S: keys.scan(h.scanId) }, sk: { S: '#META' } },
      }),
    );
    expect(meta.Item?.expiresAt).toBeUndefined();
  });

  it('stores 1,000+ findings in batches of 25, several batches in flight', async () => {
    const s = store();
    const h = header('2026-11-22T06-00-00Z-bigbig', '2026-11-22T06:00:02.000Z');
    await s.putScanHeader(h);
    const many = Array.from({ length: 1234 }, (_, i) => finding(`vol-${i}`));
    await s.putUnit(unit(h.scanId), many);
    // 1,234 findings + the unit's check record.
    expect(s.stats.batchWrites).toBe(Math.ceil(1235 / 25));
    expect(s.stats.maxInFlight).toBe(4);
    const back = await s.getFindings(h.scanId);
    expect(back).toHaveLength(1234);
    expect(new Set(back.map((f) => f.resourceId)).size).toBe(1234);
  });

  it('retries unprocessed items until every item is stored', async () => {
    // Make the real server see only part of each of the first batches, and report the rest as
    // UnprocessedItems, exactly as DynamoDB does under throttling.
    let squeezed = 0;
    db.client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { RequestItems?: Record<string, unknown[]> };
        const table = db.tableName;
        const items = input.RequestItems?.[table];
        if (items && items.length > 5 && squeezed < 3) {
          squeezed++;
          const kept = items.slice(0, items.length - 5);
          const dropped = items.slice(items.length - 5);
          const result = await next({ ...args, input: { ...input, RequestItems: { [table]: kept } } });
          (result.output as { UnprocessedItems?: Record<string, unknown[]> }).UnprocessedItems = {
            [table]: dropped,
          };
          return result;
        }
        return next(args);
      },
      { step: 'initialize', name: 'squeezeBatchWrites', priority: 'high' },
    );
    try {
      const s = store();
      const h = header('2026-11-22T06-00-00Z-unproc', '2026-11-22T06:00:03.000Z');
      await s.putScanHeader(h);
      await s.putUnit(
        unit(h.scanId),
        Array.from({ length: 60 }, (_, i) => finding(`vol-u${i}`)),
      );
      expect(squeezed).toBe(3);
      expect(s.stats.unprocessedRetried).toBe(15);
      expect(await s.getFindings(h.scanId)).toHaveLength(60);
    } finally {
      db.client.middlewareStack.remove('squeezeBatchWrites');
    }
  });

  it('lists scans newest first and pages backwards to the previous scan', async () => {
    const s = store();
    const a = header('2026-11-08T06-00-00Z-aaaaa1', '2026-11-08T06:00:00.000Z');
    const b = header('2026-11-15T06-00-00Z-bbbbb2', '2026-11-15T06:00:00.000Z');
    await s.putScanHeader(b);
    await s.putScanHeader(a);
    const all = await s.listScans({ limit: 100 });
    const starts = all.map((x) => x.startedAt);
    expect(starts).toEqual([...starts].sort().reverse());
    const previous = await s.listScans({ limit: 1, before: '2026-11-22T00:00:00.000Z' });
    expect(previous[0]?.scanId).toBe(b.scanId);
    expect(await s.getScanHeader(a.scanId)).toEqual(a);
    expect(await s.getScanHeader('nope')).toBeUndefined();
  });

  it('keeps one debt entry per (check, region, resource) per account', async () => {
    const s = store();
    const entry: DebtEntry = {
      accountId: '111122223333',
      checkId: 'ebs-volume-type-gp3',
      region: 'eu-west-1',
      resourceId: 'vol-1',
      control: 'WAF-PERF-090',
      severity: 'medium',
      title: 'EBS volumes use gp3',
      firstSeen: '2026-11-08T06:00:00.000Z',
      lastSeen: '2026-11-22T06:00:00.000Z',
      status: 'open',
      reopened: 0,
      lastScanId: 'x',
      ageDays: 14,
    };
    await s.putDebt([entry]);
    await s.putDebt([{ ...entry, status: 'resolved', resolvedAt: '2026-11-22T06:00:00.000Z' }]);
    const debt = await s.getDebt('111122223333');
    expect(debt).toHaveLength(1);
    expect(debt[0]?.status).toBe('resolved');
    const raw = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'DEBT#111122223333' } },
      }),
    );
    expect(raw.Items?.[0]?.sk?.S).toBe('ebs-volume-type-gp3#eu-west-1#vol-1');
  });
  it('moves a debt entry new -> persisting -> resolved -> reopened through the store', async () => {
    const s = store();
    const acct = '444455556666';
    const scannedUnit = { accountId: acct, region: 'eu-west-1', status: 'ok', services: ['ebs'], gaps: [] };
    const failing = { ...finding('vol-debt'), accountId: acct };
    const passing = { ...failing, status: 'pass' as const, message: 'Volume vol-debt is gp3.' };
    const run = async (scanId: string, startedAt: string, findings: Finding[]) => {
      const updated = updateDebtRegister(await s.getDebt(acct), findings, {
        scanId,
        startedAt,
        units: [scannedUnit],
      });
      await s.putDebt(updated);
      const stored = await s.getDebt(acct);
      expect(stored).toHaveLength(1);
      return stored[0] as DebtEntry;
    };

    const first = await run('s1', '2026-11-01T06:00:00.000Z', [failing]);
    expect(first).toMatchObject({
      status: 'open',
      firstSeen: '2026-11-01T06:00:00.000Z',
      ageDays: 0,
      reopened: 0,
    });

    const persisting = await run('s2', '2026-11-08T06:00:00.000Z', [failing]);
    expect(persisting).toMatchObject({
      status: 'open',
      firstSeen: '2026-11-01T06:00:00.000Z',
      lastSeen: '2026-11-08T06:00:00.000Z',
      ageDays: 7,
    });

    const resolved = await run('s3', '2026-11-15T06:00:00.000Z', [passing]);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-15T06:00:00.000Z' });

    const reopened = await run('s4', '2026-11-22T06:00:00.000Z', [failing]);
    expect(reopened).toMatchObject({
      status: 'open',
      reopened: 1,
      firstSeen: '2026-11-01T06:00:00.000Z',
      ageDays: 21,
    });
    expect(reopened.resolvedAt).toBeUndefined();
  });
});
