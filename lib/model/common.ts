/** Shared vocabulary: services, controls, severities, statuses. Imports nothing of ours. */

export const SERVICES = [
  'ec2',
  'ebs',
  'rds',
  'cloudfront',
  'vpc',
  'lambda',
  'autoscaling',
  'elasticache',
  'cloudwatch',
  'computeoptimizer',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Services whose API is global: collected once per account, in the account's global unit. */
export const GLOBAL_SERVICES: readonly ServiceName[] = ['cloudfront'];

export const CONTROL_IDS = [
  'WAF-PERF-010',
  'WAF-PERF-020',
  'WAF-PERF-030',
  'WAF-PERF-040',
  'WAF-PERF-050',
  'WAF-PERF-060',
  'WAF-PERF-070',
  'WAF-PERF-080',
  'WAF-PERF-090',
  'WAF-PERF-100',
] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Higher number = more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export const STATUSES = ['fail', 'pass', 'unknown', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export type Level = 1 | 2 | 3 | 4 | 5;
