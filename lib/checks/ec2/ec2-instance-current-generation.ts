import type { Ec2Instance, Ec2Slice } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { gravitonCounterparts, parseInstanceType, type InstanceTypeParts } from '../instance-families.js';
import { label, missingSlice, sentence } from '../support.js';

const NEEDS = ['ec2.instances', 'ec2.instanceTypes'];
const RESOURCE_TYPE = 'AWS::EC2::Instance';
const SOURCE = 'ec2:DescribeInstanceTypes CurrentGeneration';

/**
 * Current-generation types of the same class and size that the region offers (from the collected
 * DescribeInstanceTypes facts), newest generation first, plus the arm64 families of that class.
 */
function suggestions(instance: Ec2Instance, ec2: Ec2Slice): { x86: string[]; arm: string[] } {
  const parts = parseInstanceType(instance.instanceType);
  if (!parts) return { x86: [], arm: [] };
  const arch = instance.architecture ?? 'x86_64';
  const x86 = Object.values(ec2.instanceTypes)
    .filter((t) => t.currentGeneration && t.architectures.includes(arch))
    .map((t) => parseInstanceType(t.instanceType))
    .filter((p): p is InstanceTypeParts => p !== undefined && p.cls === parts.cls && p.size === parts.size)
    .sort((a, b) => b.generation - a.generation || a.type.localeCompare(b.type))
    .map((p) => p.type)
    .slice(0, 3);
  const arm =
    arch === 'arm64' ? [] : gravitonCounterparts(instance.instanceType, ec2.gravitonFamilies).slice(0, 2);
  return { x86, arm };
}

export const ec2InstanceCurrentGeneration = defineCheck({
  id: 'ec2-instance-current-generation',
  title: 'EC2 instances run current-generation instance types',
  service: 'ec2',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'Previous-generation instance types cost more per unit of performance than current ones and miss newer ' +
    'processors, Nitro networking and EBS bandwidth. Whether a type is previous generation is read live from ' +
    'DescribeInstanceTypes (CurrentGeneration), so a new AWS release changes the result without a code change.',
  remediation: {
    change: 'generation',
    text:
      'Move the instance to a current-generation type of the same class (stop, change the instance type, start; ' +
      'or update the launch template). Check the AMI supports the target (ENA and NVMe drivers for Nitro types).',
    docs: [
      'https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html',
      'https://aws.amazon.com/ec2/previous-generation/',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-resize.html',
    ],
    impact: 'Current generations give more performance per dollar than the generation they replace.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const ec2 = snapshot.ec2;
    if (!ec2) return missingSlice(snapshot, 'ec2', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const inst of ec2.instances) {
      if (inst.state !== 'running') continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: inst.instanceId,
        resourceArn: inst.arn,
        resourceName: inst.name,
      };
      const who = label(inst.instanceId, inst.name);
      const facts = ec2.instanceTypes[inst.instanceType];
      if (!facts) {
        results.push({
          ...base,
          status: 'unknown',
          message: sentence(
            `${who} runs ${inst.instanceType}, which is missing from the DescribeInstanceTypes facts of this region, so its generation is unknown`,
          ),
          evidence: [{ label: 'Instance type', value: inst.instanceType, source: SOURCE }],
        });
        continue;
      }
      const evidence = [
        { label: 'Instance type', value: inst.instanceType, source: 'ec2:DescribeInstances InstanceType' },
        { label: 'Current generation', value: facts.currentGeneration, threshold: 'true', source: SOURCE },
      ];
      if (facts.currentGeneration) {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(`${who} runs ${inst.instanceType}, a current-generation type`),
          evidence,
        });
        continue;
      }
      const { x86, arm } = suggestions(inst, ec2);
      const options = [
        ...(x86.length > 0 ? [`${x86.join(', ')} (same class and size)`] : []),
        ...(arm.length > 0
          ? [`the ${arm.join(' or ')} family (arm64, after validating the software on Graviton)`]
          : []),
      ];
      const impact =
        options.length > 0
          ? `Move to ${options.join(', or ')}.`
          : `No current-generation type of the same class appears in the collected DescribeInstanceTypes facts; pick one from the instance types page.`;
      results.push({
        ...base,
        status: 'fail',
        message: sentence(
          `${who} runs ${inst.instanceType}, a previous-generation type (CurrentGeneration = false)`,
        ),
        evidence,
        impact,
      });
    }
    return results;
  },
});
