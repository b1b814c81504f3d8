/** Measures over VPCs with private subnets (WAF-PERF-070, checklist L4-6). */
import type { Snapshot, VpcSlice } from '#lib/model/index.js';
import { privateVpcIds, vpcEndpointCoverage, type VpcEndpointCoverage } from '#lib/concepts/endpoints.js';
import type { MeasureDef } from '../types.js';
import { count, tally, USES } from './support.js';

function perPrivateVpc(s: Snapshot, judge: (c: VpcEndpointCoverage) => boolean) {
  const v: VpcSlice | undefined = s.vpc;
  if (!v) return tally(0, 0);
  return count(privateVpcIds(v), (id) => judge(vpcEndpointCoverage(v, id)));
}

export const NETWORK_MEASURES: readonly MeasureDef[] = [
  {
    id: 'vpc.gatewayEndpoints',
    denominator: 'VPCs with private subnets (a route to a NAT gateway)',
    meets: 'have S3 and DynamoDB gateway endpoints',
    sources: ['vpc.network'],
    uses: [USES.vpc],
    tally: ({ snapshot }) => perPrivateVpc(snapshot, (c) => c.hasGatewayEndpoints),
  },
  {
    id: 'vpc.majorInterfaceEndpoints',
    denominator: 'VPCs with private subnets (a route to a NAT gateway)',
    meets: 'have interface endpoints for logs, monitoring and sts',
    sources: ['vpc.network'],
    uses: [USES.vpc],
    tally: ({ snapshot }) => perPrivateVpc(snapshot, (c) => c.hasMajorInterfaceEndpoints),
  },
  {
    id: 'vpc.allEndpoints',
    denominator: 'VPCs with private subnets (a route to a NAT gateway)',
    meets: 'have S3 and DynamoDB gateway endpoints and interface endpoints for logs, monitoring and sts',
    sources: ['vpc.network'],
    uses: [USES.vpc],
    tally: ({ snapshot }) =>
      perPrivateVpc(snapshot, (c) => c.hasGatewayEndpoints && c.hasMajorInterfaceEndpoints),
  },
];
