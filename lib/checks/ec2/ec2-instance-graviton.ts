import type { Ec2Instance, InstanceTypeInfo } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { familyOf, gravitonCounterparts } from '../instance-families.js';
import { label, missingSlice, sentence } from '../support.js';

const NEEDS = ['ec2.instances', 'ec2.instanceTypes', 'ec2.gravitonFamilies'];
const RESOURCE_TYPE = 'AWS::EC2::Instance';
const GRAVITON_URL = 'https://aws.amazon.com/ec2/graviton/';

type Platform = 'linux' | 'windows' | 'sqlserver' | 'unknown';

/** From Platform / PlatformDetails ("Linux/UNIX", "Red Hat Enterprise Linux", "Windows", ...). */
function platformOf(inst: Ec2Instance): Platform {
  const p = inst.platform?.toLowerCase();
  if (!p) return 'unknown';
  if (p.includes('windows')) return 'windows';
  // SQL Server license-included AMIs are x86-only even on Linux.
  if (p.includes('sql server')) return 'sqlserver';
  if (/linux|unix|ubuntu|red hat|rhel|suse|debian/.test(p)) return 'linux';
  return 'unknown';
}

/** The instance's architecture, else the type's only supported one. */
function architectureOf(inst: Ec2Instance, facts: InstanceTypeInfo | undefined): string | undefined {
  if (inst.architecture) return inst.architecture;
  if (facts && facts.architectures.length === 1) return facts.architectures[0];
  return undefined;
}

export const ec2InstanceGraviton = defineCheck({
  id: 'ec2-instance-graviton',
  title: 'Linux EC2 instances with an arm64 counterpart run on Graviton',
  service: 'ec2',
  control: 'WAF-PERF-010',
  severity: 'low',
  rationale:
    'AWS Graviton (arm64) instances give better price performance than comparable x86 instances for most ' +
    'Linux workloads. Rule: an x86_64 Linux instance is flagged when a family of the same class with the ' +
    'Graviton form of its attributes (drop the processor letter a/i, prefix g: m5 -> m6g/m7g, m6id -> m6gd, ' +
    'c6in -> c6gn, t3 -> t4g) is among the arm64 families DescribeInstanceTypes reports for the region. Only ' +
    'general purpose, burstable, compute, memory and storage classes (m, t, c, r, x, i) are compared; ' +
    'Windows and SQL Server instances are not applicable.',
  remediation: {
    change: 'architecture',
    text:
      'Rebuild the workload for arm64 (an arm64 AMI, arm64 container images, native dependencies) and move it to ' +
      'the suggested Graviton family; test performance before switching production traffic.',
    docs: [
      GRAVITON_URL,
      'https://github.com/aws/aws-graviton-getting-started',
      'https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html',
    ],
    impact: `AWS: Graviton-based instances deliver up to 40% better price performance than comparable x86-based instances (${GRAVITON_URL}).`,
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
      const arch = architectureOf(inst, facts);
      const platform = platformOf(inst);
      const evidence = [
        { label: 'Instance type', value: inst.instanceType, source: 'ec2:DescribeInstances InstanceType' },
        {
          label: 'Architecture',
          value: arch ?? null,
          threshold: 'x86_64',
          source: 'ec2:DescribeInstances Architecture',
        },
        { label: 'Platform', value: inst.platform ?? null, source: 'ec2:DescribeInstances PlatformDetails' },
      ];
      const push = (status: CheckResult['status'], message: string, extra: Partial<CheckResult> = {}) =>
        results.push({ ...base, status, message: sentence(message), evidence, ...extra });

      if (arch === undefined) {
        push(
          'unknown',
          `${who} runs ${inst.instanceType}, but its architecture is not reported and the type facts are missing`,
        );
        continue;
      }
      if (arch === 'arm64') {
        push('pass', `${who} already runs on arm64 (${inst.instanceType})`);
        continue;
      }
      if (arch !== 'x86_64') {
        push('pass', `${who} runs a ${arch} architecture, so the check does not apply`);
        continue;
      }
      if (platform === 'windows') {
        push('pass', `${who} runs Windows, which Graviton does not support, so the check does not apply`);
        continue;
      }
      if (platform === 'sqlserver') {
        push(
          'pass',
          `${who} runs SQL Server (${inst.platform}), which is x86-only, so the check does not apply`,
        );
        continue;
      }
      if (platform === 'unknown') {
        push(
          'pass',
          `${who} does not report a Linux platform (${inst.platform ?? 'none reported'}), so the check does not apply`,
        );
        continue;
      }
      if (ec2.gravitonFamilies.length === 0) {
        push(
          'unknown',
          `${who} runs ${inst.instanceType}, but no arm64 families were collected for this region`,
        );
        continue;
      }
      const counterparts = gravitonCounterparts(inst.instanceType, ec2.gravitonFamilies);
      const family = familyOf(inst.instanceType);
      if (counterparts.length === 0) {
        push(
          'pass',
          `${who} runs ${inst.instanceType}; no arm64 counterpart of the ${family} family is offered in this region`,
        );
        continue;
      }
      const [best] = counterparts;
      push(
        'fail',
        `${who} runs ${inst.instanceType} (x86_64, ${inst.platform}) although the arm64 families ${counterparts.join(', ')} are offered in this region`,
        {
          evidence: [
            ...evidence,
            {
              label: 'arm64 counterparts offered',
              value: counterparts.join(', '),
              source: 'ec2:DescribeInstanceTypes ProcessorInfo.SupportedArchitectures = arm64',
            },
          ],
          impact: `Move ${family} to ${best}: AWS cites up to 40% better price performance for Graviton than comparable x86 instances (${GRAVITON_URL}).`,
        },
      );
    }
    return results;
  },
});
