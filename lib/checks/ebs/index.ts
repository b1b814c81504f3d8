import type { CheckDefinition } from '../types.js';
import { ebsVolumeTypeGp3 } from './ebs-volume-type-gp3.js';
import { ebsVolumeIo1Migrated } from './ebs-volume-io1-migrated.js';
import { ebsVolumeNotMagnetic } from './ebs-volume-not-magnetic.js';
import { ebsVolumeBurstBalanceHealthy } from './ebs-volume-burst-balance-healthy.js';

export const ebsChecks: readonly CheckDefinition<string>[] = [
  ebsVolumeTypeGp3,
  ebsVolumeIo1Migrated,
  ebsVolumeNotMagnetic,
  ebsVolumeBurstBalanceHealthy,
];
