/**
 * VPC collector: VPCs, route tables, NAT gateways and VPC endpoints (gateway and interface, with their
 * service names), each listed with the maximum page size, and normalized so the checks can tell which
 * private subnets reach the internet through a NAT gateway and which route tables carry gateway endpoints.
 */
import {
  EC2Client,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  type NatGateway as SdkNatGateway,
  type RouteTable as SdkRouteTable,
  type Vpc as SdkVpc,
  type VpcEndpoint as SdkVpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { NatGateway, RouteTable, Vpc, VpcEndpoint, VpcSlice } from '#lib/model/index.js';
import { guard } from './errors.js';
import { partitionOf, tagsOf } from './ec2.js';
import type { Collector, CollectorContext } from './types.js';

/** MaxResults maxima (EC2 API reference): DescribeVpcs 5-1000, DescribeRouteTables 5-100, DescribeNatGateways 5-1000, DescribeVpcEndpoints 1000. */
export const VPC_PAGE_SIZES = { vpcs: 1000, routeTables: 100, natGateways: 1000, endpoints: 1000 } as const;

export function normalizeVpc(
  v: SdkVpc,
  ctx: Pick<CollectorContext, 'region' | 'accountId'>,
): Vpc | undefined {
  if (!v.VpcId) return undefined;
  const tags = tagsOf(v.Tags);
  return {
    vpcId: v.VpcId,
    arn: `arn:${partitionOf(ctx.region)}:ec2:${ctx.region}:${v.OwnerId ?? ctx.accountId}:vpc/${v.VpcId}`,
    ...(tags.Name ? { name: tags.Name } : {}),
    isDefault: v.IsDefault ?? false,
    ...(v.CidrBlock ? { cidr: v.CidrBlock } : {}),
    tags,
  };
}

const isDefaultRoute = (r: { DestinationCidrBlock?: string; DestinationIpv6CidrBlock?: string }) =>
  r.DestinationCidrBlock === '0.0.0.0/0' || r.DestinationIpv6CidrBlock === '::/0';

export function normalizeRouteTable(t: SdkRouteTable): RouteTable | undefined {
  if (!t.RouteTableId || !t.VpcId) return undefined;
  // Blackhole routes (target deleted) carry no traffic.
  const routes = (t.Routes ?? []).filter((r) => r.State !== 'blackhole');
  return {
    routeTableId: t.RouteTableId,
    vpcId: t.VpcId,
    subnetIds: (t.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
    main: (t.Associations ?? []).some((a) => a.Main === true),
    routesToInternetGateway: routes.some((r) => isDefaultRoute(r) && (r.GatewayId ?? '').startsWith('igw-')),
    routesToNatGateway: routes.some(
      (r) => r.DestinationCidrBlock === '0.0.0.0/0' && (r.NatGatewayId ?? '').startsWith('nat-'),
    ),
    // Gateway endpoints (S3, DynamoDB) appear as prefix-list routes whose target is the vpce- id.
    gatewayEndpointIds: [
      ...new Set(
        routes.flatMap((r) => ((r.GatewayId ?? '').startsWith('vpce-') ? [r.GatewayId as string] : [])),
      ),
    ].sort(),
  };
}

export function normalizeNatGateway(n: SdkNatGateway): NatGateway | undefined {
  if (!n.NatGatewayId || !n.VpcId) return undefined;
  const name = tagsOf(n.Tags).Name;
  return {
    natGatewayId: n.NatGatewayId,
    vpcId: n.VpcId,
    ...(n.SubnetId ? { subnetId: n.SubnetId } : {}),
    state: n.State ?? 'unknown',
    ...(name ? { name } : {}),
  };
}

export function normalizeEndpoint(e: SdkVpcEndpoint): VpcEndpoint | undefined {
  if (!e.VpcEndpointId || !e.VpcId || !e.ServiceName) return undefined;
  return {
    vpcEndpointId: e.VpcEndpointId,
    vpcId: e.VpcId,
    serviceName: e.ServiceName,
    type: e.VpcEndpointType ?? 'Interface',
    // EC2 answers lower case ("available") while the SDK enum is capitalized: normalize.
    state: (e.State ?? 'unknown').toLowerCase(),
    routeTableIds: [...(e.RouteTableIds ?? [])],
    ...(e.PrivateDnsEnabled !== undefined ? { privateDnsEnabled: e.PrivateDnsEnabled } : {}),
  };
}

export const vpcCollector: Collector = {
  service: 'vpc',
  iamActions: [
    'ec2:DescribeVpcs',
    'ec2:DescribeRouteTables',
    'ec2:DescribeNatGateways',
    'ec2:DescribeVpcEndpoints',
  ],
  async collect(ctx) {
    const client = ctx.clients.get(EC2Client);
    const slice: VpcSlice = { vpcs: [], routeTables: [], natGateways: [], endpoints: [] };
    // The four lists are independent: read them in parallel; a failed list is a gap on its own slice.
    await Promise.all([
      guard(ctx, { service: 'vpc', slice: 'vpc.vpcs', action: 'ec2:DescribeVpcs' }, async () => {
        for await (const page of paginateDescribeVpcs({ client, pageSize: VPC_PAGE_SIZES.vpcs }, {})) {
          for (const v of page.Vpcs ?? []) {
            const n = normalizeVpc(v, ctx);
            if (n) slice.vpcs.push(n);
          }
        }
      }),
      guard(
        ctx,
        { service: 'vpc', slice: 'vpc.routeTables', action: 'ec2:DescribeRouteTables' },
        async () => {
          for await (const page of paginateDescribeRouteTables(
            { client, pageSize: VPC_PAGE_SIZES.routeTables },
            {},
          )) {
            for (const t of page.RouteTables ?? []) {
              const n = normalizeRouteTable(t);
              if (n) slice.routeTables.push(n);
            }
          }
        },
      ),
      guard(
        ctx,
        { service: 'vpc', slice: 'vpc.natGateways', action: 'ec2:DescribeNatGateways' },
        async () => {
          for await (const page of paginateDescribeNatGateways(
            { client, pageSize: VPC_PAGE_SIZES.natGateways },
            {},
          )) {
            for (const g of page.NatGateways ?? []) {
              const n = normalizeNatGateway(g);
              if (n) slice.natGateways.push(n); // deleted ones linger ~1 h: `state` lets checks skip them
            }
          }
        },
      ),
      guard(ctx, { service: 'vpc', slice: 'vpc.endpoints', action: 'ec2:DescribeVpcEndpoints' }, async () => {
        for await (const page of paginateDescribeVpcEndpoints(
          { client, pageSize: VPC_PAGE_SIZES.endpoints },
          {},
        )) {
          for (const e of page.VpcEndpoints ?? []) {
            const n = normalizeEndpoint(e);
            if (n) slice.endpoints.push(n);
          }
        }
      }),
    ]);
    return { vpc: slice };
  },
};
