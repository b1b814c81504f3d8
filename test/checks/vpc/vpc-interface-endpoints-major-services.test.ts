import { describe, expect, it } from 'vitest';
import {
  MAJOR_INTERFACE_ENDPOINT_SERVICES,
  vpcInterfaceEndpointsMajorServices as check,
} from '#lib/checks/vpc/vpc-interface-endpoints-major-services.js';
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
      `vpc-0a1b2c3d4e5f60718 (app) routes private subnets through NAT and has interface endpoints for 0 of 10 major service APIs (needs 1); missing: ${MAJOR_INTERFACE_ENDPOINT_SERVICES.join(', ')}.`,
    );
  });

  it('passes with one major service endpoint by default, and fails once more are required', () => {
    const endpoints = [aVpcEndpoint('ecr.dkr'), aVpcEndpoint('ecr.api')];
    const r = evaluate(endpoints);
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'vpc-0a1b2c3d4e5f60718 (app) has interface endpoints for 2 of 10 major service APIs (ecr.api, ecr.dkr).',
    );
    expect(evaluate(endpoints, { minMajorServices: 3 })?.status).toBe('fail');
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
