import { attested, criterion, needs } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-070 Network Performance: VPCs with private subnets; CloudFront distributions. */
export const WAF_PERF_070: ControlDef = {
  id: 'WAF-PERF-070',
  name: 'Network Performance',
  levels: {
    1: 'no topology design',
    2: 'CDN for static content',
    3: 'VPC endpoints + CDN configured',
    4: 'latency baseline measured',
    5: 'anycast, edge computing',
  },
  subject: { measure: 'subject.workloads', none: 'no workloads' },
  criteria: [
    criterion('WAF-PERF-070', 2, 'CloudFront serves static content (an S3 origin on any behavior)', {
      observe: [needs('cloudfront.static', 'one')],
      items: ['L2-6'],
      hint: 'serve static content through CloudFront with an S3 origin',
    }),
    criterion('WAF-PERF-070', 3, 'S3 + DynamoDB gateway endpoints in every VPC with private subnets', {
      observe: [needs('vpc.gatewayEndpoints', 'all', 'unknown')],
      hint: 'add S3 and DynamoDB gateway endpoints to every VPC with private subnets',
    }),
    criterion(
      'WAF-PERF-070',
      4,
      'interface endpoints for logs, monitoring and sts in most VPCs with private subnets, and a latency baseline attested',
      {
        observe: [needs('vpc.majorInterfaceEndpoints', 'most', 'unknown')],
        attest: 'a network latency baseline is measured',
        hint: 'add logs, monitoring and sts interface endpoints, then attest WAF-PERF-070:L4 (latency baseline)',
      },
    ),
    attested('WAF-PERF-070', 5, 'anycast, edge computing (attested)'),
  ],
};
