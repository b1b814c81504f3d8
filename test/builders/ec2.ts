import type { Ec2Instance, InstanceTypeInfo } from '#lib/model/index.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';

export const TEST_INSTANCE_ID = 'i-0123456789abcdef0';

/** A running x86_64 Linux m5.large; the ARN follows the instance id unless given. */
export function anEc2Instance(overrides: Partial<Ec2Instance> = {}): Ec2Instance {
  const instanceId = overrides.instanceId ?? TEST_INSTANCE_ID;
  return {
    instanceId,
    arn: `arn:aws:ec2:${TEST_REGION}:${TEST_ACCOUNT_ID}:instance/${instanceId}`,
    name: 'web-1',
    instanceType: 'm5.large',
    state: 'running',
    architecture: 'x86_64',
    platform: 'Linux/UNIX',
    launchTime: '2025-01-10T08:00:00.000Z',
    ebsOptimized: true,
    tags: { Name: overrides.name ?? 'web-1' },
    ...overrides,
  };
}

/** DescribeInstanceTypes facts; defaults to m5.large (current generation, x86_64, 2 vCPU, 8 GiB). */
export function anInstanceType(overrides: Partial<InstanceTypeInfo> = {}): InstanceTypeInfo {
  return {
    instanceType: 'm5.large',
    currentGeneration: true,
    architectures: ['x86_64'],
    vcpus: 2,
    memoryMiB: 8192,
    burstable: false,
    ebsOptimizedSupport: 'default',
    networkPerformance: 'Up to 10 Gigabit',
    ...overrides,
  };
}

/** The `ec2.instanceTypes` record from a list of type facts. */
export function instanceTypesOf(...types: InstanceTypeInfo[]): Record<string, InstanceTypeInfo> {
  return Object.fromEntries(types.map((t) => [t.instanceType, t]));
}
