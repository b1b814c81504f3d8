import type { CheckDefinition } from '../types.js';
import { ec2InstanceCurrentGeneration } from './ec2-instance-current-generation.js';
import { ec2InstanceGraviton } from './ec2-instance-graviton.js';
import { ec2InstanceCpuNotOverprovisioned } from './ec2-instance-cpu-not-overprovisioned.js';
import { ec2InstanceCpuNotSaturated } from './ec2-instance-cpu-not-saturated.js';

export const ec2Checks: readonly CheckDefinition<string>[] = [
  ec2InstanceCurrentGeneration,
  ec2InstanceGraviton,
  ec2InstanceCpuNotOverprovisioned,
  ec2InstanceCpuNotSaturated,
];
