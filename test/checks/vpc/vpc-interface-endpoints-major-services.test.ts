import { describe, expect, it } from 'vitest';
import { vpcInterfaceEndpointsMajorServices as check } from '#lib/checks/vpc/vpc-interface-endpoints-major-services.js';
import { MAJOR_INTERFACE_ENDPOINT_SERVICES } from '#lib/concepts/endpoints.js';
import {
  aGapOn,
  aRouteTable,
  aSnapshot,
  aVpc,
  aVpcEndpoint,
  runCheck,
  withGaps,
} from '#test/builders/index.js';
import type { VpcEndpoint } from '#lib/model/index.js';

const evaluate = (endpoints: VpcEndpoint[], thresholds: Record<string, number> = {}) =>
  runCheck(
    check,
    aSnapshot({ vpc: { vpcs: [aVpc()], routeTables: [aRouteTable()], endpoints } }),
    thresholds,
  )[0];

describe('vpc-interface-endpoints-major-services', () => {
  it('fails a NAT-routed VPC with no interface endpoint for a major service (gateway endpoints do not count)', () => {
    const r = evaluate([aVpcEndpoint('s3'), aVpcEndpoint('execute-api')]);
    expect(r).toMatchObject({ status: 'fail' });
    expect(check.severity).toBe('low');
    expect(r?.message).toBe(
      `vpc-0a1b2c3d4e5f60718 (app) routes private subnets through NAT and has interface endpoints for 0 of 3 major service APIs; missing: ${MAJOR_INTERFACE_ENDPOINT_SERVICES.join(', ')}.`,
    );
  });

  it('needs every major service (logs, monitoring, sts): other common endpoints are evidence only', () => {
    const some = evaluate([aVpcEndpoint('ecr.dkr'), aVpcEndpoint('ecr.api'), aVpcEndpoint('logs')]);
    expect(some?.status).toBe('fail');
    expect(some?.message).toBe(
      'vpc-0a1b2c3d4e5f60718 (app) routes private subnets through NAT and has interface endpoints for 1 of 3 major service APIs; missing: monitoring, sts.',
    );
    const all = evaluate(['logs', 'monitoring', 'sts', 'ecr.api'].map((x) => aVpcEndpoint(x)));
    expect(all?.status).toBe('pass');
    expect(all?.message).toBe(
      'vpc-0a1b2c3d4e5f60718 (app) has interface endpoints for 3 of 3 major service APIs (logs, monitoring, sts).',
    );
    expect(all?.evidence.find((e) => e.label === 'Other common interface endpoints present')?.value).toBe(
      'ecr.api',
    );
  });

  it('skips VPCs without NAT-routed subnets', () => {
    const snapshot = aSnapshot({
      vpc: { vpcs: [aVpc()], routeTables: [aRouteTable({ routesToNatGateway: false })] },
    });
    expect(runCheck(check, snapshot)).toEqual([]);
  });

  it('is unknown when the endpoint list has a gap', () => {
    const snapshot = withGaps(
      aSnapshot({ vpc: { vpcs: [aVpc()], routeTables: [aRouteTable()] } }),
      aGapOn('vpc.endpoints'),
    );
    expect(runCheck(check, snapshot)[0]?.status).toBe('unknown');
  });
});
