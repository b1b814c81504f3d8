import { describe, expect, it } from 'vitest';
import {
  DescribeRouteTablesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type DescribeVpcEndpointsCommandOutput,
} from '@aws-sdk/client-ec2';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { simVpcByName, vpcSimState } from '#lib/sim/vpc.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

const REGION = 'eu-west-1';

describe('VPC simulator', () => {
  it('keeps routes, endpoints, subnets and NAT gateways consistent', () => {
    const st = vpcSimState(createSimulatedAccount(), REGION);
    const subnetVpc = new Map(st.subnets.map((s) => [s.SubnetId, s.VpcId]));
    for (const t of st.routeTables) {
      for (const a of t.Associations ?? []) if (a.SubnetId) expect(subnetVpc.get(a.SubnetId)).toBe(t.VpcId);
      for (const r of t.Routes ?? [])
        if (r.NatGatewayId)
          expect(st.natGateways.find((n) => n.NatGatewayId === r.NatGatewayId)?.VpcId).toBe(t.VpcId);
    }
    for (const e of st.endpoints.filter((x) => x.VpcEndpointType === 'Gateway')) {
      for (const rt of e.RouteTableIds ?? []) {
        const table = st.routeTables.find((t) => t.RouteTableId === rt);
        expect(table?.VpcId).toBe(e.VpcId);
        expect(table?.Routes?.some((r) => r.GatewayId === e.VpcEndpointId && r.DestinationPrefixListId)).toBe(
          true,
        );
      }
    }
    for (const n of st.natGateways) expect(subnetVpc.get(n.SubnetId)).toBe(n.VpcId);
    expect(simVpcByName(createSimulatedAccount(), REGION, 'app-staging')).toBeDefined();
  });

  it('holds only the default VPC in quiet regions and more VPCs with scale', () => {
    expect(vpcSimState(createSimulatedAccount(), 'eu-central-1').vpcs).toEqual([
      expect.objectContaining({ IsDefault: true }),
    ]);
    const base = vpcSimState(createSimulatedAccount(), REGION).vpcs.length;
    expect(vpcSimState(createSimulatedAccount({ scale: 3 }), REGION).vpcs.length).toBe(base + 4);
  });

  it('enforces the EC2 page caps (route tables 100) and clamps endpoints at 1000', async () => {
    const client = simClientFactory(createSimulatedAccount(), REGION).get(EC2Client);
    await expect(client.send(new DescribeRouteTablesCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    const out: DescribeVpcEndpointsCommandOutput = await client.send(
      new DescribeVpcEndpointsCommand({ MaxResults: 5000 }),
    );
    expect(out.VpcEndpoints?.length).toBeGreaterThan(0);
    expect(out.VpcEndpoints?.[0]?.State).toBe('available');
  });
});
