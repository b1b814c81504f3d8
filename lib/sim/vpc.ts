/**
 * Simulated VPC networking (EC2 API): VPCs, subnets, route tables, NAT gateways and VPC endpoints.
 *
 * Busy regions hold a default VPC plus deliberate good and bad application VPCs:
 * - `app-prod`: private subnets routed to NAT gateways, S3 + DynamoDB gateway endpoints on the private route
 *   tables, and interface endpoints for the major service APIs (good);
 * - `app-staging`: private subnets routed to a NAT gateway and no endpoints at all (bad: S3/DynamoDB traffic
 *   pays NAT processing, API calls leave the VPC);
 * - `data`: isolated private subnets (no NAT) with an S3 gateway endpoint.
 * `account.options.scale` adds `team-N` VPCs shaped like app-staging. Other regions hold only the default VPC.
 */
import type {
  DescribeNatGatewaysResult,
  DescribeRouteTablesResult,
  DescribeVpcEndpointsResult,
  DescribeVpcsResult,
  NatGateway,
  Route,
  RouteTable,
  State,
  Subnet,
  Tag,
  Vpc,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { awsError, paginate, type SimAccount, type SimRng, type SimServiceModule } from './core.js';

export interface VpcSimState {
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  natGateways: NatGateway[];
  endpoints: VpcEndpoint[];
}

/** Interface endpoints of a well-equipped private VPC (container pulls, logs, credentials, secrets, metrics). */
const INTERFACE_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'logs',
  'sts',
  'secretsmanager',
  'monitoring',
  'ssm',
] as const;

const hex = (rng: SimRng, n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
const nameTag = (name: string, extra: Tag[] = []): Tag[] => [{ Key: 'Name', Value: name }, ...extra];

function build(account: SimAccount, region: string, rng: SimRng): VpcSimState {
  const owner = account.accountId;
  const created = new Date(account.options.now.getTime() - 400 * 86_400_000);
  const st: VpcSimState = { vpcs: [], subnets: [], routeTables: [], natGateways: [], endpoints: [] };
  const azs = ['a', 'b', 'c'].map((s) => `${region}${s}`);
  // Region-specific managed prefix lists of the gateway endpoint services.
  const prefixList = { s3: `pl-${hex(rng, 8)}`, dynamodb: `pl-${hex(rng, 8)}` };

  const addVpc = (name: string, cidr: string, isDefault: boolean): string => {
    const vpcId = `vpc-${hex(rng, 17)}`;
    st.vpcs.push({
      VpcId: vpcId,
      OwnerId: owner,
      CidrBlock: cidr,
      CidrBlockAssociationSet: [
        {
          AssociationId: `vpc-cidr-assoc-${hex(rng, 17)}`,
          CidrBlock: cidr,
          CidrBlockState: { State: 'associated' },
        },
      ],
      DhcpOptionsId: `dopt-${hex(rng, 17)}`,
      InstanceTenancy: 'default',
      IsDefault: isDefault,
      State: 'available',
      Tags: isDefault ? [] : nameTag(name),
    });
    return vpcId;
  };
  const addSubnet = (vpcId: string, name: string, cidr: string, az: string, publicIp: boolean): string => {
    const subnetId = `subnet-${hex(rng, 17)}`;
    st.subnets.push({
      SubnetId: subnetId,
      SubnetArn: `arn:aws:ec2:${region}:${owner}:subnet/${subnetId}`,
      VpcId: vpcId,
      CidrBlock: cidr,
      AvailabilityZone: az,
      AvailableIpAddressCount: 250,
      DefaultForAz: false,
      MapPublicIpOnLaunch: publicIp,
      OwnerId: owner,
      State: 'available',
      Tags: nameTag(name),
    });
    return subnetId;
  };
  const addRouteTable = (
    vpcId: string,
    cidr: string,
    name: string,
    opts: { main?: boolean; subnets?: string[]; routes?: Route[] },
  ): RouteTable => {
    const routeTableId = `rtb-${hex(rng, 17)}`;
    const associations = [
      ...(opts.main
        ? [
            {
              Main: true,
              RouteTableAssociationId: `rtbassoc-${hex(rng, 17)}`,
              RouteTableId: routeTableId,
              AssociationState: { State: 'associated' as const },
            },
          ]
        : []),
      ...(opts.subnets ?? []).map((s) => ({
        Main: false,
        RouteTableAssociationId: `rtbassoc-${hex(rng, 17)}`,
        RouteTableId: routeTableId,
        SubnetId: s,
        AssociationState: { State: 'associated' as const },
      })),
    ];
    const rt: RouteTable = {
      RouteTableId: routeTableId,
      VpcId: vpcId,
      OwnerId: owner,
      Associations: associations,
      PropagatingVgws: [],
      Routes: [
        { DestinationCidrBlock: cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        ...(opts.routes ?? []),
      ],
      Tags: nameTag(name),
    };
    st.routeTables.push(rt);
    return rt;
  };
  const addNat = (vpcId: string, subnetId: string, name: string): string => {
    const natId = `nat-${hex(rng, 17)}`;
    st.natGateways.push({
      NatGatewayId: natId,
      VpcId: vpcId,
      SubnetId: subnetId,
      State: 'available',
      ConnectivityType: 'public',
      CreateTime: created,
      NatGatewayAddresses: [
        {
          AllocationId: `eipalloc-${hex(rng, 17)}`,
          NetworkInterfaceId: `eni-${hex(rng, 17)}`,
          PrivateIp: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(4, 250)}`,
          PublicIp: `54.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
          IsPrimary: true,
          Status: 'succeeded',
        },
      ],
      Tags: nameTag(name),
    });
    return natId;
  };
  const igwRoute = (): Route => ({
    DestinationCidrBlock: '0.0.0.0/0',
    GatewayId: `igw-${hex(rng, 17)}`,
    Origin: 'CreateRoute',
    State: 'active',
  });
  const natRoute = (natId: string): Route => ({
    DestinationCidrBlock: '0.0.0.0/0',
    NatGatewayId: natId,
    Origin: 'CreateRoute',
    State: 'active',
  });
  const addGatewayEndpoint = (vpcId: string, service: 's3' | 'dynamodb', tables: RouteTable[]): void => {
    const id = `vpce-${hex(rng, 17)}`;
    st.endpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'Gateway',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${region}.${service}`,
      // The EC2 API answers endpoint states in lower case, unlike the SDK's enum.
      State: 'available' as State,
      RouteTableIds: tables.map((t) => t.RouteTableId as string),
      SubnetIds: [],
      Groups: [],
      PrivateDnsEnabled: false,
      RequesterManaged: false,
      NetworkInterfaceIds: [],
      DnsEntries: [],
      CreationTimestamp: created,
      OwnerId: owner,
      PolicyDocument:
        '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
      Tags: [],
    });
    for (const t of tables) {
      t.Routes?.push({
        DestinationPrefixListId: prefixList[service],
        GatewayId: id,
        Origin: 'CreateRoute',
        State: 'active',
      });
    }
  };
  const addInterfaceEndpoint = (vpcId: string, service: string, subnets: string[]): void => {
    const id = `vpce-${hex(rng, 17)}`;
    st.endpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'Interface',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${region}.${service}`,
      State: 'available' as State,
      RouteTableIds: [],
      SubnetIds: subnets,
      Groups: [{ GroupId: `sg-${hex(rng, 17)}`, GroupName: 'vpc-endpoints' }],
      IpAddressType: 'ipv4',
      DnsOptions: { DnsRecordIpType: 'ipv4' },
      PrivateDnsEnabled: true,
      RequesterManaged: false,
      NetworkInterfaceIds: subnets.map(() => `eni-${hex(rng, 17)}`),
      DnsEntries: [
        {
          DnsName: `${id}-${hex(rng, 8)}.${service}.${region}.vpce.amazonaws.com`,
          HostedZoneId: 'Z7HUB22UULQXV',
        },
      ],
      CreationTimestamp: created,
      OwnerId: owner,
      Tags: [],
    });
  };

  // The default VPC exists in every enabled region (public subnets on the main route table).
  const defVpc = addVpc('default', '172.31.0.0/16', true);
  const defSubnets = azs.map((az, i) =>
    addSubnet(defVpc, `default-${az}`, `172.31.${i * 16}.0/20`, az, true),
  );
  addRouteTable(defVpc, '172.31.0.0/16', 'default-main', { main: true, routes: [igwRoute()] });
  void defSubnets; // implicitly associated with the main table (DescribeRouteTables does not list them)
  if (!account.isBusy(region)) return st;

  // app-prod: the good example.
  {
    const cidr = '10.0.0.0/16';
    const vpc = addVpc('app-prod', cidr, false);
    const pub = [
      addSubnet(vpc, 'app-prod-public-a', '10.0.0.0/24', azs[0] as string, true),
      addSubnet(vpc, 'app-prod-public-b', '10.0.1.0/24', azs[1] as string, true),
    ];
    const priv = [
      addSubnet(vpc, 'app-prod-private-a', '10.0.10.0/24', azs[0] as string, false),
      addSubnet(vpc, 'app-prod-private-b', '10.0.11.0/24', azs[1] as string, false),
    ];
    addRouteTable(vpc, cidr, 'app-prod-main', { main: true });
    addRouteTable(vpc, cidr, 'app-prod-public', { subnets: pub, routes: [igwRoute()] });
    const natA = addNat(vpc, pub[0] as string, 'app-prod-nat-a');
    const natB = addNat(vpc, pub[1] as string, 'app-prod-nat-b');
    const rtA = addRouteTable(vpc, cidr, 'app-prod-private-a', {
      subnets: [priv[0] as string],
      routes: [natRoute(natA)],
    });
    const rtB = addRouteTable(vpc, cidr, 'app-prod-private-b', {
      subnets: [priv[1] as string],
      routes: [natRoute(natB)],
    });
    addGatewayEndpoint(vpc, 's3', [rtA, rtB]);
    addGatewayEndpoint(vpc, 'dynamodb', [rtA, rtB]);
    for (const svc of INTERFACE_SERVICES) addInterfaceEndpoint(vpc, svc, priv);
  }
  // app-staging (and the team-N VPCs added by scale): NAT and no endpoints.
  const stagingLike = (name: string, second: number) => {
    const cidr = `10.${second}.0.0/16`;
    const vpc = addVpc(name, cidr, false);
    const pub = addSubnet(vpc, `${name}-public-a`, `10.${second}.0.0/24`, azs[0] as string, true);
    const priv = [
      addSubnet(vpc, `${name}-private-a`, `10.${second}.10.0/24`, azs[0] as string, false),
      addSubnet(vpc, `${name}-private-b`, `10.${second}.11.0/24`, azs[1] as string, false),
    ];
    addRouteTable(vpc, cidr, `${name}-main`, { main: true });
    addRouteTable(vpc, cidr, `${name}-public`, { subnets: [pub], routes: [igwRoute()] });
    const nat = addNat(vpc, pub, `${name}-nat`);
    addRouteTable(vpc, cidr, `${name}-private`, { subnets: priv, routes: [natRoute(nat)] });
  };
  stagingLike('app-staging', 1);
  // data: isolated private subnets, no NAT, S3 gateway endpoint only.
  {
    const cidr = '10.2.0.0/16';
    const vpc = addVpc('data', cidr, false);
    const priv = [
      addSubnet(vpc, 'data-private-a', '10.2.10.0/24', azs[0] as string, false),
      addSubnet(vpc, 'data-private-b', '10.2.11.0/24', azs[1] as string, false),
    ];
    addRouteTable(vpc, cidr, 'data-main', { main: true });
    const rt = addRouteTable(vpc, cidr, 'data-private', { subnets: priv });
    addGatewayEndpoint(vpc, 's3', [rt]);
  }
  const extra = Math.max(0, Math.round(2 * (account.options.scale - 1)));
  for (let i = 0; i < extra; i++) stagingLike(`team-${i + 1}`, 10 + (i % 240));
  // With a mix: private VPCs equipped like app-prod (interface endpoints) up to the region's endpoint count.
  const endpointTarget = account.mixCount('vpcEndpoints', region) ?? 0;
  for (let i = 0; st.endpoints.length < endpointTarget; i++) {
    const name = `svc-${i + 1}`;
    const second = 16 + (i % 200);
    const cidr = `10.${second}.0.0/16`;
    const vpc = addVpc(name, cidr, false);
    const priv = [
      addSubnet(vpc, `${name}-private-a`, `10.${second}.10.0/24`, azs[0] as string, false),
      addSubnet(vpc, `${name}-private-b`, `10.${second}.11.0/24`, azs[1] as string, false),
    ];
    addRouteTable(vpc, cidr, `${name}-main`, { main: true });
    const rt = addRouteTable(vpc, cidr, `${name}-private`, { subnets: priv });
    addGatewayEndpoint(vpc, 's3', [rt]);
    for (const svc of INTERFACE_SERVICES) {
      if (st.endpoints.length >= endpointTarget) break;
      addInterfaceEndpoint(vpc, svc, priv);
    }
  }
  return st;
}

export function vpcSimState(account: SimAccount, region: string): VpcSimState {
  return account.memo(`vpc:${region}`, (rng) => build(account, region, rng));
}

/** The VPC named `name` (e.g. `app-prod`) in a busy region, for other modules to place resources in. */
export function simVpcByName(account: SimAccount, region: string, name: string): Vpc | undefined {
  return vpcSimState(account, region).vpcs.find((v) =>
    v.Tags?.some((t) => t.Key === 'Name' && t.Value === name),
  );
}

/** EC2 `Filters` support for the ones our collectors and tests use (`vpc-id`). */
function byFilters<T extends { VpcId?: string | undefined }>(
  items: T[],
  input: { Filters?: { Name?: string; Values?: string[] }[] },
): T[] {
  let out = items;
  for (const f of input.Filters ?? []) {
    if (f.Name === 'vpc-id') out = out.filter((i) => f.Values?.includes(i.VpcId ?? '') ?? false);
    else
      throw awsError(
        'InvalidParameterValue',
        `The filter '${f.Name}' is not supported by the simulator.`,
        400,
      );
  }
  return out;
}

const EC2 = { clientName: 'EC2Client' } as const;

export const vpcSim: SimServiceModule = {
  clientName: 'EC2Client',
  handlers: {
    DescribeVpcsCommand(input, { account, region }) {
      const all = byFilters(vpcSimState(account, region).vpcs, input).filter(
        (v) => !input.VpcIds || input.VpcIds.includes(v.VpcId),
      );
      const { page, nextToken } = paginate(all, input, { min: 5, max: 1000, ...EC2 });
      const out: DescribeVpcsResult = { Vpcs: page, NextToken: nextToken };
      return out as Record<string, unknown>;
    },
    DescribeRouteTablesCommand(input, { account, region }) {
      const all = byFilters(vpcSimState(account, region).routeTables, input);
      const { page, nextToken } = paginate(all, input, { min: 5, max: 100, ...EC2 });
      const out: DescribeRouteTablesResult = { RouteTables: page, NextToken: nextToken };
      return out as Record<string, unknown>;
    },
    DescribeNatGatewaysCommand(input, { account, region }) {
      const filters = (input.Filter ?? []) as { Name?: string; Values?: string[] }[];
      const all = byFilters(vpcSimState(account, region).natGateways, { Filters: filters });
      const { page, nextToken } = paginate(all, input, { min: 5, max: 1000, ...EC2 });
      const out: DescribeNatGatewaysResult = { NatGateways: page, NextToken: nextToken };
      return out as Record<string, unknown>;
    },
    DescribeVpcEndpointsCommand(input, { account, region }) {
      const all = byFilters(vpcSimState(account, region).endpoints, input);
      // "If the value is greater than 1,000, we return only 1,000 items" (EC2 API reference): clamp, do not reject.
      const size = input.MaxResults === undefined ? undefined : Math.min(1000, Number(input.MaxResults));
      const { page, nextToken } = paginate(
        all,
        { ...input, MaxResults: size },
        { min: 1, max: 1000, ...EC2 },
      );
      const out: DescribeVpcEndpointsResult = { VpcEndpoints: page, NextToken: nextToken };
      return out as Record<string, unknown>;
    },
  },
};
