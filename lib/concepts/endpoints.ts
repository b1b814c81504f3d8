/**
 * VPC endpoint concepts.
 * - A VPC with private subnets: a route table sends 0.0.0.0/0 to a NAT gateway (its workloads reach AWS APIs
 *   through NAT unless endpoints exist).
 * - Gateway endpoints: S3 and DynamoDB ("Gateway endpoints", https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html).
 * - The major interface-endpoint services (checklist L4-6, WAF-PERF-070 L4): CloudWatch Logs, CloudWatch
 *   (monitoring) and STS, the APIs every private workload calls for logs, metrics and credentials
 *   ("AWS services that integrate with AWS PrivateLink",
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html). A VPC needs all
 *   three. Further common ones (KMS, Secrets Manager, ECR, Systems Manager) are reported, not required, because
 *   whether a VPC's workloads call them is not observable.
 */
import type { VpcEndpoint, VpcSlice } from '#lib/model/index.js';

export const MAJOR_INTERFACE_ENDPOINT_SERVICES: readonly string[] = ['logs', 'monitoring', 'sts'];

/** Common further interface endpoints, for evidence (Systems Manager, ECR, KMS, Secrets Manager docs). */
export const OTHER_COMMON_INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
  'kms',
  'secretsmanager',
  'ecr.api',
  'ecr.dkr',
  'ssm',
  'ssmmessages',
  'ec2messages',
];

export const GATEWAY_ENDPOINT_SERVICES: readonly string[] = ['s3', 'dynamodb'];

const LIVE = new Set(['available', 'pending']);

/** com.amazonaws.eu-west-1.ecr.dkr -> ecr.dkr */
export function endpointService(serviceName: string): string {
  const parts = serviceName.split('.');
  return parts[0] === 'com' && parts[1] === 'amazonaws'
    ? parts.slice(3).join('.').toLowerCase()
    : serviceName.toLowerCase();
}

function live(e: VpcEndpoint): boolean {
  return LIVE.has(e.state.toLowerCase());
}

/** VPC ids with a route table that sends 0.0.0.0/0 to a NAT gateway. */
export function privateVpcIds(v: VpcSlice): string[] {
  return [...new Set(v.routeTables.filter((r) => r.routesToNatGateway).map((r) => r.vpcId))];
}

export interface VpcEndpointCoverage {
  gateway: string[];
  interface: string[];
  /** Major interface services present / missing. */
  majorPresent: string[];
  majorMissing: string[];
  hasMajorInterfaceEndpoints: boolean;
  hasGatewayEndpoints: boolean;
}

export function vpcEndpointCoverage(v: VpcSlice, vpcId: string): VpcEndpointCoverage {
  const mine = v.endpoints.filter((e) => e.vpcId === vpcId && live(e));
  const gateway = [
    ...new Set(mine.filter((e) => /^gateway$/i.test(e.type)).map((e) => endpointService(e.serviceName))),
  ];
  const iface = [
    ...new Set(mine.filter((e) => /^interface$/i.test(e.type)).map((e) => endpointService(e.serviceName))),
  ];
  const majorPresent = MAJOR_INTERFACE_ENDPOINT_SERVICES.filter((s) => iface.includes(s));
  const majorMissing = MAJOR_INTERFACE_ENDPOINT_SERVICES.filter((s) => !iface.includes(s));
  return {
    gateway,
    interface: iface,
    majorPresent,
    majorMissing,
    hasMajorInterfaceEndpoints: majorMissing.length === 0,
    hasGatewayEndpoints: GATEWAY_ENDPOINT_SERVICES.every((s) => gateway.includes(s)),
  };
}
