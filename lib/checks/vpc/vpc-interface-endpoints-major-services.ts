import type { VpcEndpoint } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind } from '../absence.js';
import { applyGapRule, missingSlice } from '../support.js';

const NEEDS = ['vpc.vpcs', 'vpc.routeTables', 'vpc.endpoints'];
const RESOURCE_TYPE = 'AWS::EC2::VPC';
const LIVE_STATES = new Set(['available', 'pending']);

/**
 * The "major service APIs" of checklist item L4-6: the APIs nearly every private workload calls (credentials,
 * secrets and keys, logs and metrics, container images, instance management). Service name suffixes after
 * `com.amazonaws.<region>.`. Sources (2025): AWS PrivateLink "AWS services that integrate with AWS PrivateLink";
 * Systems Manager docs (ssm, ssmmessages, ec2messages for private instances); Amazon ECR docs (ecr.api, ecr.dkr
 * for private image pulls); CloudWatch and CloudWatch Logs interface endpoint docs.
 */
export const MAJOR_INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
  'sts',
  'kms',
  'secretsmanager',
  'logs',
  'monitoring',
  'ecr.api',
  'ecr.dkr',
  'ssm',
  'ssmmessages',
  'ec2messages',
];

/** com.amazonaws.eu-west-1.ecr.dkr -> ecr.dkr */
const serviceOf = (e: VpcEndpoint) => e.serviceName.split('.').slice(3).join('.').toLowerCase();

export const vpcInterfaceEndpointsMajorServices = defineCheck<'minMajorServices'>({
  id: 'vpc-interface-endpoints-major-services',
  title: 'VPCs with private workloads have interface endpoints for major AWS service APIs',
  service: 'vpc',
  control: 'WAF-PERF-070',
  severity: 'low',
  rationale:
    'Private workloads that call AWS APIs (STS, KMS, Secrets Manager, CloudWatch, ECR, Systems Manager) through a NAT ' +
    'gateway add a hop and NAT processing to every call. Interface endpoints keep the calls inside the VPC. VPC ' +
    'endpoints for the major service APIs are WAF-PERF-070 L4 and checklist item L4-6.',
  remediation: {
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
  thresholds: {
    minMajorServices: {
      default: 1,
      unit: 'count',
      description:
        'Major service APIs (from the list in the check) that need an interface endpoint in a VPC with NAT-routed subnets.',
      source:
        'perfscan: at least one shows endpoints are in use; raise it to require the full list of checklist item L4-6',
      min: 1,
      max: MAJOR_INTERFACE_ENDPOINT_SERVICES.length,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
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
      const present = new Set(
        vpc.endpoints
          .filter(
            (e) =>
              e.vpcId === v.vpcId &&
              e.type.toLowerCase() === 'interface' &&
              LIVE_STATES.has(e.state.toLowerCase()),
          )
          .map(serviceOf),
      );
      const have = MAJOR_INTERFACE_ENDPOINT_SERVICES.filter((s) => present.has(s));
      const missing = MAJOR_INTERFACE_ENDPOINT_SERVICES.filter((s) => !present.has(s));
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
          threshold: `>= ${t.minMajorServices}`,
          source: 'ec2:DescribeVpcEndpoints',
        },
        { label: 'Present', value: have.join(', ') || 'none' },
        { label: 'Missing', value: missing.join(', ') || 'none' },
      ];
      const who = `${v.vpcId}${v.name ? ` (${v.name})` : ''}`;
      const total = MAJOR_INTERFACE_ENDPOINT_SERVICES.length;
      results.push(
        have.length >= t.minMajorServices
          ? {
              ...base,
              status: 'pass',
              message: `${who} has interface endpoints for ${have.length} of ${total} major service APIs (${have.join(', ')}).`,
              evidence,
            }
          : failUnlessBlind(snapshot, ['vpc.endpoints'], {
              ...base,
              status: 'fail',
              message: `${who} routes private subnets through NAT and has interface endpoints for ${have.length} of ${total} major service APIs (needs ${t.minMajorServices}); missing: ${missing.join(', ')}.`,
              evidence,
            }),
      );
    }
    return applyGapRule(snapshot, NEEDS, RESOURCE_TYPE, results);
  },
});
