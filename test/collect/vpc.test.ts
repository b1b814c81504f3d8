import { describe, expect, it } from 'vitest';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { vpcSimState } from '#lib/sim/vpc.js';
import { iamActionFor } from '#lib/collect/iam.js';
import { VPC_PAGE_SIZES, normalizeRouteTable, vpcCollector } from '#lib/collect/vpc.js';
import type { VpcSlice } from '#lib/model/index.js';
import { simCollectorContext } from '#test/helpers/sim-clients.js';

const REGION = 'eu-west-1';

async function collect(account: SimAccount, region = REGION) {
  const ctx = simCollectorContext(account, region);
  const out = await vpcCollector.collect(ctx);
  return { ctx, vpc: out.vpc as VpcSlice };
}

const vpcNamed = (vpc: VpcSlice, name: string) => {
  const v = vpc.vpcs.find((x) => x.name === name);
  if (!v) throw new Error(`no vpc ${name}`);
  return v;
};

describe('vpcCollector over the simulated account', () => {
  it('normalizes VPCs, route tables, NAT gateways and endpoints', async () => {
    const account = createSimulatedAccount();
    const { vpc, ctx } = await collect(account);
    expect(ctx.gaps).toEqual([]);
    expect(ctx.requested).toEqual([]);

    const def = vpc.vpcs.find((v) => v.isDefault);
    expect(def).toMatchObject({ cidr: '172.31.0.0/16', tags: {} });
    const prod = vpcNamed(vpc, 'app-prod');
    expect(prod).toMatchObject({
      isDefault: false,
      cidr: '10.0.0.0/16',
      arn: `arn:aws:ec2:${REGION}:${account.accountId}:vpc/${prod.vpcId}`,
    });

    const prodTables = vpc.routeTables.filter((t) => t.vpcId === prod.vpcId);
    const privateTables = prodTables.filter((t) => t.routesToNatGateway);
    expect(privateTables).toHaveLength(2);
    for (const t of privateTables) {
      expect(t.routesToInternetGateway).toBe(false);
      expect(t.subnetIds).toHaveLength(1);
      expect(t.gatewayEndpointIds).toHaveLength(2);
    }
    expect(prodTables.filter((t) => t.routesToInternetGateway)).toHaveLength(1);
    expect(prodTables.filter((t) => t.main)).toEqual([
      expect.objectContaining({ subnetIds: [], routesToNatGateway: false }),
    ]);

    const prodEndpoints = vpc.endpoints.filter((e) => e.vpcId === prod.vpcId);
    const gateways = prodEndpoints.filter((e) => e.type === 'Gateway');
    expect(gateways.map((e) => e.serviceName).sort()).toEqual([
      `com.amazonaws.${REGION}.dynamodb`,
      `com.amazonaws.${REGION}.s3`,
    ]);
    for (const g of gateways) {
      expect(g.routeTableIds.sort()).toEqual(privateTables.map((t) => t.routeTableId).sort());
      expect(privateTables[0]?.gatewayEndpointIds).toContain(g.vpcEndpointId);
      expect(g.state).toBe('available');
    }
    const interfaces = prodEndpoints
      .filter((e) => e.type === 'Interface')
      .map((e) => e.serviceName.split('.').slice(3).join('.'));
    expect(interfaces).toEqual(
      expect.arrayContaining(['ecr.api', 'ecr.dkr', 'logs', 'sts', 'secretsmanager']),
    );
    expect(prodEndpoints.find((e) => e.type === 'Interface')?.privateDnsEnabled).toBe(true);

    const staging = vpcNamed(vpc, 'app-staging');
    expect(vpc.endpoints.filter((e) => e.vpcId === staging.vpcId)).toEqual([]);
    expect(vpc.natGateways.filter((n) => n.vpcId === staging.vpcId)).toEqual([
      expect.objectContaining({
        state: 'available',
        name: 'app-staging-nat',
        subnetId: expect.stringMatching(/^subnet-/),
      }),
    ]);
    expect(
      vpc.routeTables.some(
        (t) => t.vpcId === staging.vpcId && t.routesToNatGateway && t.gatewayEndpointIds.length === 0,
      ),
    ).toBe(true);
    expect(new Set(account.calls.map((c) => iamActionFor(c.clientName, c.commandName)))).toEqual(
      new Set(vpcCollector.iamActions),
    );
  });

  it('reads routes as AWS returns them (blackholes and IPv6 defaults)', () => {
    const t = normalizeRouteTable({
      RouteTableId: 'rtb-1',
      VpcId: 'vpc-1',
      Associations: [{ Main: false, SubnetId: 'subnet-1' }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0abc', State: 'blackhole' },
        { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-0abc', State: 'active' },
        { DestinationPrefixListId: 'pl-1', GatewayId: 'vpce-0s3', State: 'active' },
      ],
    });
    expect(t).toEqual({
      routeTableId: 'rtb-1',
      vpcId: 'vpc-1',
      subnetIds: ['subnet-1'],
      main: false,
      routesToInternetGateway: true,
      routesToNatGateway: false,
      gatewayEndpointIds: ['vpce-0s3'],
    });
  });

  it('pages each list at its maximum: calls grow with ceil(N / page size)', async () => {
    const account = createSimulatedAccount({ scale: 60 });
    const { vpc } = await collect(account);
    const st = vpcSimState(account, REGION);
    expect(vpc.routeTables).toHaveLength(st.routeTables.length);
    expect(vpc.routeTables.length).toBeGreaterThan(300);
    expect(account.callsTo('DescribeRouteTablesCommand')).toHaveLength(
      Math.ceil(vpc.routeTables.length / VPC_PAGE_SIZES.routeTables),
    );
    expect(account.callsTo('DescribeVpcsCommand')).toHaveLength(
      Math.ceil(vpc.vpcs.length / VPC_PAGE_SIZES.vpcs),
    );
    expect(account.callsTo('DescribeNatGatewaysCommand')).toHaveLength(1);
    expect(account.callsTo('DescribeVpcEndpointsCommand')).toHaveLength(1);
    for (const c of account.calls) {
      const key = {
        DescribeVpcsCommand: 'vpcs',
        DescribeRouteTablesCommand: 'routeTables',
        DescribeNatGatewaysCommand: 'natGateways',
        DescribeVpcEndpointsCommand: 'endpoints',
      }[c.commandName] as keyof typeof VPC_PAGE_SIZES;
      expect(c.input.MaxResults).toBe(VPC_PAGE_SIZES[key]);
    }
  });

  it('records AccessDenied on one list as a gap on that slice only', async () => {
    const account = createSimulatedAccount({
      faults: [{ commandName: 'DescribeVpcEndpointsCommand', kind: 'accessDenied', times: Infinity }],
    });
    const { vpc, ctx } = await collect(account);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        service: 'vpc',
        slice: 'vpc.endpoints',
        code: 'AccessDenied',
        action: 'ec2:DescribeVpcEndpoints',
      }),
    ]);
    expect(vpc.endpoints).toEqual([]);
    expect(vpc.routeTables.length).toBeGreaterThan(0);
  });

  it('sees only the default VPC in a quiet region', async () => {
    const account = createSimulatedAccount();
    const { vpc } = await collect(account, 'eu-central-1');
    expect(vpc.vpcs).toEqual([expect.objectContaining({ isDefault: true })]);
    expect(vpc.natGateways).toEqual([]);
    expect(vpc.endpoints).toEqual([]);
  });
});
