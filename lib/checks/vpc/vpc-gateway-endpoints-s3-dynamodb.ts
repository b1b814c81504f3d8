import type { EvidenceItem, RouteTable, VpcEndpoint } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind } from '../absence.js';
import { missingSlice } from '../support.js';

const NEEDS = ['vpc.vpcs', 'vpc.routeTables', 'vpc.endpoints'];
const RESOURCE_TYPE = 'AWS::EC2::VPC';
const SERVICES = [
  { suffix: 's3', name: 'S3' },
  { suffix: 'dynamodb', name: 'DynamoDB' },
] as const;
const LIVE_STATES = new Set(['available', 'pending']);

/** com.amazonaws.eu-west-1.s3 -> s3 */
const serviceSuffix = (e: VpcEndpoint) =>
  e.serviceName.slice(e.serviceName.lastIndexOf('.') + 1).toLowerCase();
const associated = (e: VpcEndpoint, rt: RouteTable) =>
  e.routeTableIds.includes(rt.routeTableId) || rt.gatewayEndpointIds.includes(e.vpcEndpointId);

/**
 * Private subnets that reach the internet through a NAT gateway should reach S3 and DynamoDB through gateway
 * endpoints instead: same API, no NAT data processing charge, one hop less. Gateway endpoints are free; they work
 * per route table, so every NAT-routed route table needs the association.
 */
export const vpcGatewayEndpointsS3Dynamodb = defineCheck({
  id: 'vpc-gateway-endpoints-s3-dynamodb',
  title: 'VPCs with NAT-routed subnets reach S3 and DynamoDB through gateway endpoints',
  service: 'vpc',
  control: 'WAF-PERF-070',
  severity: 'medium',
  rationale:
    'Without gateway endpoints, S3 and DynamoDB traffic from private subnets goes through the NAT gateway: an extra ' +
    'hop, NAT bandwidth limits and a per-GB data processing charge. S3/DynamoDB gateway endpoints in VPCs with ' +
    'private subnets are the WAF-PERF-070 L3 evidence.',
  remediation: {
    change: 'gateway-endpoint',
    text: 'Create S3 and DynamoDB gateway endpoints in the VPC and associate them with every route table that routes 0.0.0.0/0 to a NAT gateway.',
    docs: [
      'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
      'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html',
      'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-ddb.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-pricing.html',
    ],
    impact:
      'Removes the NAT gateway data processing charge (USD 0.045 per GB in us-east-1) and the NAT hop for S3 and DynamoDB traffic; gateway endpoints cost nothing.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const vpc = snapshot.vpc;
    if (!vpc) return missingSlice(snapshot, 'vpc', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const v of vpc.vpcs) {
      const natTables = vpc.routeTables.filter((rt) => rt.vpcId === v.vpcId && rt.routesToNatGateway);
      if (natTables.length === 0) continue; // no NAT-routed subnets: nothing to save
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: v.vpcId,
        resourceArn: v.arn,
        resourceName: v.name,
      };
      const gateways = vpc.endpoints.filter(
        (e) =>
          e.vpcId === v.vpcId && e.type.toLowerCase() === 'gateway' && LIVE_STATES.has(e.state.toLowerCase()),
      );
      const nats = vpc.natGateways.filter((n) => n.vpcId === v.vpcId).map((n) => n.natGatewayId);
      const evidence: EvidenceItem[] = [
        {
          label: 'Route tables with a 0.0.0.0/0 route to a NAT gateway',
          value: natTables.map((r) => r.routeTableId).join(', '),
          source: 'ec2:DescribeRouteTables',
        },
        { label: 'NAT gateways', value: nats.join(', ') || 'none listed', source: 'ec2:DescribeNatGateways' },
      ];
      const problems: string[] = [];
      for (const svc of SERVICES) {
        const eps = gateways.filter((e) => serviceSuffix(e) === svc.suffix);
        const uncovered = natTables
          .filter((rt) => !eps.some((e) => associated(e, rt)))
          .map((rt) => rt.routeTableId);
        evidence.push({
          label: `${svc.name} gateway endpoint`,
          value: eps.map((e) => e.vpcEndpointId).join(', ') || 'none',
          threshold: 'associated with every NAT-routed route table',
          source: 'ec2:DescribeVpcEndpoints',
        });
        if (eps.length === 0) problems.push(`no ${svc.name} gateway endpoint`);
        else if (uncovered.length > 0) {
          problems.push(`the ${svc.name} gateway endpoint is not associated with ${uncovered.join(', ')}`);
          evidence.push({
            label: `NAT-routed route tables without the ${svc.name} endpoint`,
            value: uncovered.join(', '),
          });
        }
      }
      const where = `${v.vpcId}${v.name ? ` (${v.name})` : ''} has ${natTables.length} NAT-routed route table(s)`;
      results.push(
        problems.length === 0
          ? {
              ...base,
              status: 'pass',
              message: `${where}, all with S3 and DynamoDB gateway endpoints.`,
              evidence,
            }
          : failUnlessBlind(snapshot, ['vpc.endpoints'], {
              ...base,
              status: 'fail',
              message: `${where} and ${problems.join('; ')}.`,
              evidence,
            }),
      );
    }
    return results;
  },
});
