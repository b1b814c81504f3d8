import { describe, expect, it } from 'vitest';
import { vpcGatewayEndpointsS3Dynamodb as check } from '#lib/checks/vpc/vpc-gateway-endpoints-s3-dynamodb.js';
import {
  aGapOn,
  aNatGateway,
  aRouteTable,
  aSnapshot,
  aVpc,
  aVpcEndpoint,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { VpcSlice } from '#lib/model/index.js';

const evaluate = (vpc: Partial<VpcSlice>) =>
  runCheck(
    check,
    aSnapshot({
      vpc: { vpcs: [aVpc()], routeTables: [aRouteTable()], natGateways: [aNatGateway()], ...vpc },
    }),
  );

describe('vpc-gateway-endpoints-s3-dynamodb', () => {
  it('passes a NAT-routed VPC whose private route tables use S3 and DynamoDB gateway endpoints', () => {
    const [r] = evaluate({ endpoints: [aVpcEndpoint('s3'), aVpcEndpoint('dynamodb')] });
    expect(r).toMatchObject({
      status: 'pass',
      resourceType: 'AWS::EC2::VPC',
      resourceId: 'vpc-0a1b2c3d4e5f60718',
    });
    expect(r?.message).toBe(
      'vpc-0a1b2c3d4e5f60718 (app) has 1 NAT-routed route table(s), all with S3 and DynamoDB gateway endpoints.',
    );
  });

  it('fails when the endpoints are missing', () => {
    const [r] = evaluate({ endpoints: [aVpcEndpoint('s3')] });
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'vpc-0a1b2c3d4e5f60718 (app) has 1 NAT-routed route table(s) and no DynamoDB gateway endpoint.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ label: 'NAT gateways', value: 'nat-0123456789abcdef0' }),
    );
  });

  it('fails when an endpoint is not associated with every NAT-routed route table', () => {
    const [r] = evaluate({
      routeTables: [aRouteTable(), aRouteTable({ routeTableId: 'rtb-private-b' })],
      endpoints: [
        aVpcEndpoint('s3'),
        aVpcEndpoint('dynamodb', { routeTableIds: ['rtb-private-a', 'rtb-private-b'] }),
      ],
    });
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('the S3 gateway endpoint is not associated with rtb-private-b');
  });

  it('counts an association seen from the route table side, and ignores interface or deleted endpoints', () => {
    const viaRoute = evaluate({
      routeTables: [aRouteTable({ gatewayEndpointIds: ['vpce-s3'] })],
      endpoints: [aVpcEndpoint('s3', { routeTableIds: [] }), aVpcEndpoint('dynamodb')],
    });
    expect(viaRoute[0]?.status).toBe('pass');
    const wrongKind = evaluate({
      endpoints: [aVpcEndpoint('s3', { type: 'Interface' }), aVpcEndpoint('dynamodb', { state: 'deleted' })],
    });
    expect(wrongKind[0]?.message).toContain('no S3 gateway endpoint; no DynamoDB gateway endpoint');
  });

  it('skips VPCs without a NAT route', () => {
    expect(
      evaluate({ routeTables: [aRouteTable({ routesToNatGateway: false, routesToInternetGateway: true })] }),
    ).toEqual([]);
  });

  it('is unknown, not fail, when the endpoint list has a gap', () => {
    const snapshot = withGaps(
      aSnapshot({ vpc: { vpcs: [aVpc()], routeTables: [aRouteTable()] } }),
      aGapOn('vpc.endpoints'),
    );
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toContain('vpc.endpoints');
  });
});
