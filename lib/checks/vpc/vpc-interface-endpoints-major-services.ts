import {
  MAJOR_INTERFACE_ENDPOINT_SERVICES,
  OTHER_COMMON_INTERFACE_ENDPOINT_SERVICES,
  vpcEndpointCoverage,
} from '#lib/concepts/endpoints.js';
import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind } from '../absence.js';
import { missingSlice } from '../support.js';

const NEEDS = ['vpc.vpcs', 'vpc.routeTables', 'vpc.endpoints'];
const RESOURCE_TYPE = 'AWS::EC2::VPC';

/**
 * Each VPC with NAT-routed (private) subnets has interface endpoints for every major service API of
 * lib/concepts/endpoints.ts (logs, monitoring, sts), the same rule the score counts for checklist item L4-6 and
 * WAF-PERF-070 L4. Further common endpoints (KMS, Secrets Manager, ECR, Systems Manager) are evidence only.
 */
export const vpcInterfaceEndpointsMajorServices = defineCheck({
  id: 'vpc-interface-endpoints-major-services',
  title: 'VPCs with private workloads have interface endpoints for major AWS service APIs',
  service: 'vpc',
  control: 'WAF-PERF-070',
  severity: 'low',
  rationale:
    'Private workloads that call AWS APIs through a NAT gateway add a hop and NAT processing to every call. ' +
    'Interface endpoints keep the calls inside the VPC. Every private workload calls CloudWatch Logs, CloudWatch ' +
    '(metrics) and STS (credentials): endpoints for these major service APIs in every VPC with private subnets ' +
    'are checklist item L4-6, and in most of them WAF-PERF-070 L4.',
  remediation: {
    change: 'interface-endpoint',
    text:
      'Create interface endpoints (with private DNS) in the NAT-routed VPC for the AWS APIs the workload calls most, ' +
      'starting with the ones listed as missing; share them across VPCs through a central endpoint VPC where many VPCs exist.',
    docs: [
      'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
      'https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
    ],
    impact:
      'API calls stay on the AWS network without the NAT hop; interface endpoints are billed per AZ-hour and per GB.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const vpc = snapshot.vpc;
    if (!vpc) return missingSlice(snapshot, 'vpc', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const v of vpc.vpcs) {
      const natTables = vpc.routeTables.filter((rt) => rt.vpcId === v.vpcId && rt.routesToNatGateway);
      if (natTables.length === 0) continue; // no private workloads reaching out through NAT
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: v.vpcId,
        resourceArn: v.arn,
        resourceName: v.name,
      };
      const c = vpcEndpointCoverage(vpc, v.vpcId);
      const have = c.majorPresent;
      const missing = c.majorMissing;
      const others = OTHER_COMMON_INTERFACE_ENDPOINT_SERVICES.filter((x) => c.interface.includes(x));
      const evidence = [
        {
          label: 'Route tables with a 0.0.0.0/0 route to a NAT gateway',
          value: natTables.length,
          unit: 'count',
          source: 'ec2:DescribeRouteTables',
        },
        {
          label: 'Major services with an interface endpoint',
          value: have.length,
          unit: 'count',
          threshold: `all of ${MAJOR_INTERFACE_ENDPOINT_SERVICES.join(', ')}`,
          source: 'ec2:DescribeVpcEndpoints',
        },
        { label: 'Present', value: have.join(', ') || 'none' },
        { label: 'Missing', value: missing.join(', ') || 'none' },
        { label: 'Other common interface endpoints present', value: others.join(', ') || 'none' },
      ];
      const who = `${v.vpcId}${v.name ? ` (${v.name})` : ''}`;
      const total = MAJOR_INTERFACE_ENDPOINT_SERVICES.length;
      results.push(
        c.hasMajorInterfaceEndpoints
          ? {
              ...base,
              status: 'pass',
              message: `${who} has interface endpoints for ${have.length} of ${total} major service APIs (${have.join(', ')}).`,
              evidence,
            }
          : failUnlessBlind(snapshot, ['vpc.endpoints'], {
              ...base,
              status: 'fail',
              message: `${who} routes private subnets through NAT and has interface endpoints for ${have.length} of ${total} major service APIs; missing: ${missing.join(', ')}.`,
              evidence,
            }),
      );
    }
    return results;
  },
});
