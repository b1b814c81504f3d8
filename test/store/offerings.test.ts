import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { emptyEstate, type UnitOfferings } from '#lib/model/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { LocalStore } from '#lib/store/local.js';
import type { FindingsStore } from '#lib/store/types.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';

let db: LocalDynamo;
let dir: string;
beforeAll(async () => {
  db = await startDynalite();
  dir = await mkdtemp(join(tmpdir(), 'perfscan-offerings-'));
});
afterAll(async () => {
  await db.stop();
  await rm(dir, { recursive: true, force: true });
});

function offerings(scanId: string, collectedAt: string, types: number): UnitOfferings {
  return {
    schemaVersion: 1,
    scanId,
    accountId: '111122223333',
    region: 'eu-west-1',
    collectedAt,
    // Random names compress badly: enough of them need several parts.
    ec2: Array.from({ length: types }, (_, i) => ({
      type: `x${randomBytes(12).toString('hex')}.${i}xlarge`,
      current: i % 3 !== 0,
      architectures: i % 2 ? ['arm64'] : ['x86_64'],
      manufacturer: i % 2 ? 'AWS' : 'Intel',
    })),
    estate: {
      ...emptyEstate(),
      ec2: [{ type: 'm5.large', architecture: 'x86_64', os: 'Linux', count: 2, ids: ['i-1', 'i-2'] }],
    },
    gaps: [],
  };
}

describe.each([
  [
    'DynamoDB (dynalite)',
    () => new DynamoStore({ tableName: db.tableName, client: db.client, backoffMs: () => 1 }),
  ],
  ['local folder', () => new LocalStore(dir)],
] as [string, () => FindingsStore & { stats?: { largestItemBytes: number } }][])(
  'offerings in the %s store',
  (_name, make) => {
    it('round-trips a large region in items under 100 KB and keeps the latest pointer', async () => {
      const store = make();
      const unit = { accountId: '111122223333', region: 'eu-west-1' };
      const big = offerings('2026-11-29T06-00-00Z-bbbbbb', '2026-11-29T06:00:00.000Z', 12_000);
      await store.putOfferings!(big);
      expect(await store.getOfferings!(big.scanId, unit)).toEqual(big);
      if (store.stats) expect(store.stats.largestItemBytes).toBeLessThan(100_000);
      // An older scan written afterwards (a rerun) does not move the pointer back.
      const old = offerings('2026-11-22T06-00-00Z-aaaaaa', '2026-11-22T06:00:00.000Z', 10);
      await store.putOfferings!(old);
      expect(await store.latestOfferings!()).toEqual([
        { ...unit, scanId: big.scanId, collectedAt: big.collectedAt },
      ]);
      // A smaller rewrite of the same unit leaves no stale part behind.
      const small = { ...big, ec2: big.ec2!.slice(0, 5) };
      await store.putOfferings!(small);
      expect(await store.getOfferings!(big.scanId, unit)).toEqual(small);
      expect(await store.getOfferings!('2026-01-01T00-00-00Z-cccccc', unit)).toBeUndefined();
    });
  },
);
