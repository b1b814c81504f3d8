/**
 * Kills mutants of the VPC checks (npm run mutation; docs/testing.md, 2026-12-06): whole results of each outcome
 * (endpoints missing, present but not associated with every NAT-routed route table, associated through the route
 * table's own list, in another VPC, in a dead state, of the wrong type), the interface-endpoint counts, and the
 * gap that turns a failure into unknown.
 */
import { describe, expect, it } from 'vitest';
import { vpcGatewayEndpointsS3Dynamodb as gateway } from '#lib/checks/vpc/vpc-gateway-endpoints-s3-dynamodb.js';
import { vpcInterfaceEndpointsMajorServices as iface } from '#lib/checks/vpc/vpc-interface-endpoints-major-services.js';
import type { VpcSlice } from '#lib/model/index.js';
import {
  aGapOn,
  aNatGateway,
  aRouteTable,
  aSnapshot,
  aVpc,
  aVpcEndpoint,
  runCheck,
  withGaps,
  TEST_NOW,
} from '#test/builders/index.js';

const OTHER = 'vpc-other';
const snap = (v: Partial<VpcSlice>) => aSnapshot({ vpc: v });

describe('vpc-gateway-endpoints-s3-dynamodb (mutation kills)', () => {
  it('pass, missing, unassociated; other VPCs, public tables, dead or interface endpoints do not count', () => {
    const s = snap({
      vpcs: [aVpc(), aVpc({ vpcId: OTHER, name: undefined }), aVpc({ vpcId: 'vpc-public' })],
      routeTables: [
        aRouteTable(),
        aRouteTable({ routeTableId: 'rtb-private-b', gatewayEndpointIds: ['vpce-s3'] }),
        aRouteTable({ routeTableId: 'rtb-public', routesToNatGateway: false, routesToInternetGateway: true }),
        aRouteTable({ routeTableId: 'rtb-other', vpcId: OTHER }),
        aRouteTable({ routeTableId: 'rtb-pub2', vpcId: 'vpc-public', routesToNatGateway: false }),
      ],
      natGateways: [aNatGateway(), aNatGateway({ natGatewayId: 'nat-other', vpcId: OTHER })],
      endpoints: [
        aVpcEndpoint('s3'),
        aVpcEndpoint('dynamodb', { state: 'Pending' }),
        aVpcEndpoint('dynamodb', {
          vpcEndpointId: 'vpce-ddb-dead',
          state: 'deleted',
          routeTableIds: ['rtb-private-b'],
        }),
        aVpcEndpoint('s3', { vpcEndpointId: 'vpce-s3-other', vpcId: OTHER, routeTableIds: ['rtb-other'] }),
        aVpcEndpoint('dynamodb', {
          vpcEndpointId: 'vpce-ddb-iface',
          vpcId: OTHER,
          type: 'Interface',
          routeTableIds: ['rtb-other'],
        }),
      ],
    });
    expect(runCheck(gateway, s)).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Route tables with a 0.0.0.0/0 route to a NAT gateway",
              "source": "ec2:DescribeRouteTables",
              "value": "rtb-private-a, rtb-private-b",
            },
            {
              "label": "NAT gateways",
              "source": "ec2:DescribeNatGateways",
              "value": "nat-0123456789abcdef0",
            },
            {
              "label": "S3 gateway endpoint",
              "source": "ec2:DescribeVpcEndpoints",
              "threshold": "associated with every NAT-routed route table",
              "value": "vpce-s3",
            },
            {
              "label": "DynamoDB gateway endpoint",
              "source": "ec2:DescribeVpcEndpoints",
              "threshold": "associated with every NAT-routed route table",
              "value": "vpce-dynamodb",
            },
            {
              "label": "NAT-routed route tables without the DynamoDB endpoint",
              "value": "rtb-private-b",
            },
          ],
          "message": "vpc-0a1b2c3d4e5f60718 (app) has 2 NAT-routed route table(s) and the DynamoDB gateway endpoint is not associated with rtb-private-b.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0a1b2c3d4e5f60718",
          "resourceId": "vpc-0a1b2c3d4e5f60718",
          "resourceName": "app",
          "resourceType": "AWS::EC2::VPC",
          "status": "fail",
        },
        {
          "evidence": [
            {
              "label": "Route tables with a 0.0.0.0/0 route to a NAT gateway",
              "source": "ec2:DescribeRouteTables",
              "value": "rtb-other",
            },
            {
              "label": "NAT gateways",
              "source": "ec2:DescribeNatGateways",
              "value": "nat-other",
            },
            {
              "label": "S3 gateway endpoint",
              "source": "ec2:DescribeVpcEndpoints",
              "threshold": "associated with every NAT-routed route table",
              "value": "vpce-s3-other",
            },
            {
              "label": "DynamoDB gateway endpoint",
              "source": "ec2:DescribeVpcEndpoints",
              "threshold": "associated with every NAT-routed route table",
              "value": "none",
            },
          ],
          "message": "vpc-other has 1 NAT-routed route table(s) and no DynamoDB gateway endpoint.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-other",
          "resourceId": "vpc-other",
          "resourceName": undefined,
          "resourceType": "AWS::EC2::VPC",
          "status": "fail",
        },
      ]
    `);
  });

  it('passes with every NAT-routed table associated; a gap on endpoints makes a failure unknown', () => {
    const pass = snap({
      vpcs: [aVpc()],
      routeTables: [aRouteTable()],
      natGateways: [],
      endpoints: [
        aVpcEndpoint('s3'),
        aVpcEndpoint('dynamodb', { type: 'GATEWAY', routeTableIds: ['rtb-private-a'] }),
      ],
    });
    expect(runCheck(gateway, pass)).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Route tables with a 0.0.0.0/0 route to a NAT gateway",
              "source": "ec2:DescribeRouteTables",
              "value": "rtb-private-a",
            },
            {
              "label": "NAT gateways",
              "source": "ec2:DescribeNatGateways",
              "value": "none listed",
            },
            {
              "label": "S3 gateway endpoint",
              "source": "ec2:DescribeVpcEndpoints",
              "threshold": "associated with every NAT-routed route table",
              "value": "vpce-s3",
            },
            {
              "label": "DynamoDB gateway endpoint",
              "source": "ec2:DescribeVpcEndpoints",
              "threshold": "associated with every NAT-routed route table",
              "value": "vpce-dynamodb",
            },
          ],
          "message": "vpc-0a1b2c3d4e5f60718 (app) has 1 NAT-routed route table(s), all with S3 and DynamoDB gateway endpoints.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0a1b2c3d4e5f60718",
          "resourceId": "vpc-0a1b2c3d4e5f60718",
          "resourceName": "app",
          "resourceType": "AWS::EC2::VPC",
          "status": "pass",
        },
      ]
    `);
    const blind = withGaps(snap({ vpcs: [aVpc()], routeTables: [aRouteTable()] }), aGapOn('vpc.endpoints'));
    expect(gateway.evaluate(blind, { thresholds: {}, now: TEST_NOW })[0]?.status).toBe('unknown');
  });
});

describe('vpc-interface-endpoints-major-services (mutation kills)', () => {
  it('pass with all three, fail listing the missing ones and the other common endpoints present', () => {
    const s = snap({
      vpcs: [aVpc(), aVpc({ vpcId: OTHER, name: undefined }), aVpc({ vpcId: 'vpc-public' })],
      routeTables: [
        aRouteTable(),
        aRouteTable({ routeTableId: 'rtb-other', vpcId: OTHER }),
        aRouteTable({ routeTableId: 'rtb-pub', vpcId: 'vpc-public', routesToNatGateway: false }),
      ],
      endpoints: [
        aVpcEndpoint('logs'),
        aVpcEndpoint('monitoring'),
        aVpcEndpoint('sts'),
        aVpcEndpoint('logs', { vpcEndpointId: 'vpce-logs-o', vpcId: OTHER }),
        aVpcEndpoint('ecr.dkr', { vpcId: OTHER }),
        aVpcEndpoint('sts', { vpcEndpointId: 'vpce-sts-dead', vpcId: OTHER, state: 'deleted' }),
      ],
    });
    expect(runCheck(iface, s)).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Route tables with a 0.0.0.0/0 route to a NAT gateway",
              "source": "ec2:DescribeRouteTables",
              "unit": "count",
              "value": 1,
            },
            {
              "label": "Major services with an interface endpoint",
              "source": "ec2:DescribeVpcEndpoints",
              "threshold": "all of logs, monitoring, sts",
              "unit": "count",
              "value": 3,
            },
            {
              "label": "Present",
              "value": "logs, monitoring, sts",
            },
            {
              "label": "Missing",
              "value": "none",
            },
            {
              "label": "Other common interface endpoints present",
              "value": "none",
            },
          ],
          "message": "vpc-0a1b2c3d4e5f60718 (app) has interface endpoints for 3 of 3 major service APIs (logs, monitoring, sts).",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0a1b2c3d4e5f60718",
          "resourceId": "vpc-0a1b2c3d4e5f60718",
          "resourceName": "app",
          "resourceType": "AWS::EC2::VPC",
          "status": "pass",
        },
        {
          "evidence": [
            {
              "label": "Route tables with a 0.0.0.0/0 route to a NAT gateway",
              "source": "ec2:DescribeRouteTables",
              "unit": "count",
              "value": 1,
            },
            {
              "label": "Major services with an interface endpoint",
              "source": "ec2:DescribeVpcEndpoints",
              "threshold": "all of logs, monitoring, sts",
              "unit": "count",
              "value": 1,
            },
            {
              "label": "Present",
              "value": "logs",
            },
            {
              "label": "Missing",
              "value": "monitoring, sts",
            },
            {
              "label": "Other common interface endpoints present",
              "value": "ecr.dkr",
            },
          ],
          "message": "vpc-other routes private subnets through NAT and has interface endpoints for 1 of 3 major service APIs; missing: monitoring, sts.",
          "resourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-other",
          "resourceId": "vpc-other",
          "resourceName": undefined,
          "resourceType": "AWS::EC2::VPC",
          "status": "fail",
        },
      ]
    `);
    const blind = withGaps(snap({ vpcs: [aVpc()], routeTables: [aRouteTable()] }), aGapOn('vpc.endpoints'));
    expect(iface.evaluate(blind, { thresholds: {}, now: TEST_NOW })[0]?.status).toBe('unknown');
  });
});

describe('vpc endpoint checks (more mutation kills)', () => {
  it('a table is covered by any of several endpoints of a service; lists join; empty lists say none', () => {
    const s = snap({
      vpcs: [aVpc()],
      routeTables: [
        aRouteTable(),
        aRouteTable({ routeTableId: 'rtb-private-b' }),
        aRouteTable({ routeTableId: 'rtb-private-c' }),
      ],
      natGateways: [],
      endpoints: [
        aVpcEndpoint('s3', { vpcEndpointId: 'vpce-s3-a', routeTableIds: ['rtb-private-a'] }),
        aVpcEndpoint('s3', { vpcEndpointId: 'vpce-s3-b', routeTableIds: ['rtb-private-b'] }),
        aVpcEndpoint('dynamodb', { routeTableIds: ['rtb-private-a'] }),
      ],
    });
    const [r] = runCheck(gateway, s);
    expect(r?.message).toBe(
      'vpc-0a1b2c3d4e5f60718 (app) has 3 NAT-routed route table(s) and the S3 gateway endpoint is not associated with rtb-private-c; the DynamoDB gateway endpoint is not associated with rtb-private-b, rtb-private-c.',
    );
    expect(r?.evidence.map((e) => [e.label, e.value])).toEqual([
      ['Route tables with a 0.0.0.0/0 route to a NAT gateway', 'rtb-private-a, rtb-private-b, rtb-private-c'],
      ['NAT gateways', 'none listed'],
      ['S3 gateway endpoint', 'vpce-s3-a, vpce-s3-b'],
      ['NAT-routed route tables without the S3 endpoint', 'rtb-private-c'],
      ['DynamoDB gateway endpoint', 'vpce-dynamodb'],
      ['NAT-routed route tables without the DynamoDB endpoint', 'rtb-private-b, rtb-private-c'],
    ]);
    const none = runCheck(gateway, snap({ vpcs: [aVpc()], routeTables: [aRouteTable()], endpoints: [] }))[0];
    expect(none?.evidence.slice(2).map((e) => e.value)).toEqual(['none', 'none']);
  });

  it('a NAT-routed VPC without any interface endpoint: none present, none other', () => {
    const [r] = runCheck(iface, snap({ vpcs: [aVpc()], routeTables: [aRouteTable()], endpoints: [] }));
    expect(r?.evidence.slice(2).map((e) => e.value)).toEqual(['none', 'logs, monitoring, sts', 'none']);
  });
});
