import type { EbsVolume } from '#lib/model/index.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';
import { TEST_INSTANCE_ID } from './ec2.js';

export const TEST_VOLUME_ID = 'vol-0123456789abcdef0';

/** An in-use 100 GiB gp3 volume (3,000 IOPS, 125 MiB/s) attached to the test instance. */
export function anEbsVolume(overrides: Partial<EbsVolume> = {}): EbsVolume {
  const volumeId = overrides.volumeId ?? TEST_VOLUME_ID;
  return {
    volumeId,
    arn: `arn:aws:ec2:${TEST_REGION}:${TEST_ACCOUNT_ID}:volume/${volumeId}`,
    name: 'data-1',
    volumeType: 'gp3',
    sizeGiB: 100,
    iops: 3000,
    throughputMiBps: 125,
    state: 'in-use',
    attachments: [{ instanceId: TEST_INSTANCE_ID, device: '/dev/xvdf', state: 'attached' }],
    createTime: '2025-01-10T08:00:00.000Z',
    encrypted: true,
    tags: {},
    ...overrides,
  };
}
