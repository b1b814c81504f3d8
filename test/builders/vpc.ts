import type { NatGateway, RouteTable, Vpc, VpcEndpoint } from '#lib/model/index.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';

export const TEST_VPC_ID = 'vpc-0a1b2c3d4e5f60718';

export function aVpc(overrides: Partial<Vpc> = {}): Vpc {
  const vpcId = overrides.vpcId ?? TEST_VPC_ID;
  return {
    vpcId,
    arn: `arn:aws:ec2:${TEST_REGION}:${TEST_ACCOUNT_ID}:vpc/${vpcId}`,
    name: 'app',
    isDefault: false,
    cidr: '10.0.0.0/16',
    tags: { Name: 'app' },
    ...overrides,
  };
}

/** A private route table: 0.0.0.0/0 to a NAT gateway, no gateway endpoint routes. */
export function aRouteTable(overrides: Partial<RouteTable> = {}): RouteTable {
  return {
    routeTableId: 'rtb-private-a',
    vpcId: TEST_VPC_ID,
    subnetIds: ['subnet-private-a'],
    main: false,
    routesToInternetGateway: false,
    routesToNatGateway: true,
    gatewayEndpointIds: [],
    ...overrides,
  };
}

export function aNatGateway(overrides: Partial<NatGateway> = {}): NatGateway {
  return {
    natGatewayId: 'nat-0123456789abcdef0',
    vpcId: TEST_VPC_ID,
    subnetId: 'subnet-public-a',
    state: 'available',
    ...overrides,
  };
}

/**
 * An available endpoint; `service` is the suffix after `com.amazonaws.<region>.` (s3, dynamodb, ecr.dkr).
 * Gateway endpoints default to the private route table.
 */
export function aVpcEndpoint(service: string, overrides: Partial<VpcEndpoint> = {}): VpcEndpoint {
  const type = overrides.type ?? (service === 's3' || service === 'dynamodb' ? 'Gateway' : 'Interface');
  return {
    vpcEndpointId: `vpce-${service.replace(/\W/g, '')}`,
    vpcId: TEST_VPC_ID,
    serviceName: `com.amazonaws.${TEST_REGION}.${service}`,
    type,
    state: 'available',
    routeTableIds: type === 'Gateway' ? ['rtb-private-a'] : [],
    privateDnsEnabled: type === 'Interface',
    ...overrides,
  };
}
