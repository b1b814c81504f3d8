/**
 * The Scan Lambda stores each unit's snapshot as gzip JSON in the run bucket (s3rver), keyed by scan,
 * account and region, before the unit's summary; the snapshot store reads it back and says "absent" for a
 * unit that has none.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import type { Snapshot } from '#lib/model/index.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { S3SnapshotStore, snapshotKey, withSnapshots } from '#lib/store/snapshots.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { fakeAssumeRole, plannedUnits, recordingTools, simClientsFor } from './helpers.js';

const OWN = '111122223333';
let dyn: LocalDynamo;
let s3: LocalS3;
let sim: SimAccount;
let n = 0;

beforeAll(async () => {
  dyn = await startDynalite('perfscan-scan-snapshots');
  s3 = await startS3('perfscan-runs-snapshots');
  sim = createSimulatedAccount();
});
afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
});

async function planAndScan(snapshotBucket: string | undefined) {
  const plan = makePlanHandler({
    env: { TABLE_NAME: dyn.tableName, RUN_BUCKET: s3.bucket, AWS_REGION: 'eu-west-1' },
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor: simClientsFor([sim]),
    assumeRole: fakeAssumeRole(),
    tools: recordingTools().tools,
  });
  const p = await plan({
    input: { scope: { regions: ['eu-west-1'], services: ['ebs', 'ec2'] } },
    executionId: `exec-snap-${++n}`,
    startedAt: '2026-11-22T06:00:00Z',
  });
  const scan = makeScanHandler({
    env: {
      TABLE_NAME: dyn.tableName,
      AWS_REGION: 'eu-west-1',
      ...(snapshotBucket ? { SNAPSHOT_BUCKET: snapshotBucket } : {}),
    },
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor: simClientsFor([sim]),
    assumeRole: fakeAssumeRole(),
    clock: () => sim.options.now,
    tools: recordingTools().tools,
  });
  const units = await plannedUnits(s3, p);
  return { scanId: p.scanId, units, scan };
}

describe('Scan handler snapshots', () => {
  it('stores the unit snapshot as gzip JSON under snapshots/<scan>/<account>/<region>.json.gz', async () => {
    const { scanId, units, scan } = await planAndScan(s3.bucket);
    expect(units).toEqual([`${OWN}:eu-west-1:g`]);
    await scan({ scanId, unit: units[0] });

    const key = `snapshots/${scanId}/${OWN}/eu-west-1.json.gz`;
    expect(snapshotKey(scanId, OWN, 'eu-west-1')).toBe(key);
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `snapshots/${scanId}/` }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
    const obj = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    const raw = await obj.Body!.transformToByteArray();
    // gzip magic bytes, then the snapshot's JSON.
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    const snap = JSON.parse(gunzipSync(raw).toString('utf8')) as Snapshot;
    expect(snap).toMatchObject({ scanId, accountId: OWN, region: 'eu-west-1', globalUnit: true });
    expect(snap.ec2?.instances.length).toBeGreaterThan(0);
    expect(snap.ebs?.volumes.length).toBeGreaterThan(0);
    expect(Object.keys(snap.metrics).length).toBeGreaterThan(0);
    // The compressed object is a fraction of the JSON.
    expect(raw.length).toBeLessThan(JSON.stringify(snap).length / 3);

    // Read back through the store, as a rescore does.
    const store = withSnapshots(
      new DynamoStore({ tableName: dyn.tableName, client: dyn.client }),
      new S3SnapshotStore(s3.client, s3.bucket),
    );
    expect(await store.getSnapshot!(scanId, OWN, 'eu-west-1')).toEqual(snap);
    expect(await store.getSnapshot!(scanId, OWN, 'us-east-1')).toBeUndefined();
    // The table's optional reads pass through the wrapper.
    expect(typeof store.getDebtOutside).toBe('function');
    expect(typeof store.unitKeys).toBe('function');
    expect(await store.unitKeys!(scanId)).toEqual([{ accountId: OWN, region: 'eu-west-1' }]);
    const [unit] = await store.getUnits(scanId);
    expect(unit?.resourceCounts['ec2.instances']).toBe(snap.ec2?.instances.length);
  });

  it('stores no snapshot without SNAPSHOT_BUCKET', async () => {
    const { scanId, units, scan } = await planAndScan(undefined);
    await scan({ scanId, unit: units[0] });
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `snapshots/${scanId}/` }),
    );
    expect(listed.Contents ?? []).toEqual([]);
  });

  it('fails the unit, before its summary is stored, when the snapshot cannot be written', async () => {
    const { scanId, units, scan } = await planAndScan('perfscan-no-such-bucket');
    await expect(scan({ scanId, unit: units[0] })).rejects.toMatchObject({ name: 'NoSuchBucket' });
    const store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
    // No summary: the unit is not reported complete (Step Functions retries it, the digest reports it failed).
    expect(await store.getUnits(scanId)).toEqual([]);
  });

  it('names the bad part of a snapshot key', () => {
    expect(() => snapshotKey('../x', OWN, 'eu-west-1')).toThrow(/scanId '\.\.\/x' is not a plain id/);
    expect(() => snapshotKey('2026-11-22T06-00-00Z-ab12cd', OWN, 'eu/west')).toThrow(/region 'eu\/west'/);
  });
});
