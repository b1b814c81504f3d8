import type { ControlId, ServiceName, Severity, Status } from './common.js';

/**
 * What kind of change a remediation asks for. Two failing findings on the same resource with a kind in
 * common recommend the same change: the digest shows them as one problem (DESIGN.md "One finding per
 * problem"). So a kind names one change, never a family of unrelated ones: enabling Performance Insights
 * and enabling Enhanced Monitoring are two kinds, while "move to gp3" is `storage-type` whoever says it.
 */
export const CHANGE_KINDS = {
  resize: 'change the size: instance type or DB class size, function memory, volume size or IOPS',
  generation: 'move to a current-generation instance type, DB class or storage generation',
  architecture: 'move to Graviton / arm64',
  'storage-type': 'change the volume or DB storage type (gp2 or magnetic to gp3, io1 to io2)',
  'scaling-policy': 'add or fix a scaling policy (target tracking, min < max)',
  'predictive-scaling': 'add a predictive scaling policy',
  concurrency: 'raise reserved, provisioned or account concurrency',
  timeout: 'profile the function and set its timeout from the measured duration',
  'cache-policy': 'change what and how long a cache keeps (cache key, TTL, memory)',
  compression: 'turn on compression',
  'http-version': 'turn on HTTP/2 and HTTP/3',
  'latency-alarm': 'alarm on latency percentiles',
  'burn-rate-alarm': 'define SLOs and alarm on their burn rate',
  'memory-metrics': 'publish memory metrics (CloudWatch agent)',
  'enhanced-monitoring': 'turn on RDS Enhanced Monitoring',
  'performance-insights': 'turn on Performance Insights / Database Insights',
  'slow-query-log': 'turn on the slow query log',
  'read-scaling': 'add a read replica or RDS Proxy',
  'gateway-endpoint': 'add S3 / DynamoDB gateway endpoints',
  'interface-endpoint': 'add interface endpoints for AWS APIs',
  enrollment: 'opt in to a service (Compute Optimizer)',
} as const;
export type ChangeKind = keyof typeof CHANGE_KINDS;

/** Where a saving comes from; AWS's own figures know the account's discounts, so they win (in this order). */
export const SAVINGS_SOURCES = ['cost-optimization-hub', 'compute-optimizer', 'price-list'] as const;
export type SavingsSource = (typeof SAVINGS_SOURCES)[number];

/** One priced line of a cost: a SKU's on-demand list price times the monthly usage. */
export interface PricedLine {
  /** What is priced, e.g. "gp2 storage" or "m5.xlarge Linux, shared tenancy". */
  item: string;
  sku?: string;
  usdPerUnit: number;
  /** The price list's unit: Hrs, GB-Mo, IOPS-Mo, GiBps-mo, Lambda-GB-Second. */
  unit: string;
  /** Units per month, e.g. 730 (hours), 500 (GB-month), 2,000,000 (GB-seconds). */
  quantity: number;
  monthlyUsd: number;
}

/** How an estimated monthly saving was computed: current cost minus target cost, with every priced line. */
export interface SavingsBasis {
  source: SavingsSource;
  /** The resource as it is, priced (price-list estimates). */
  current?: { label: string; lines: PricedLine[]; monthlyUsd: number };
  /** The resource after the change, priced; the cheapest candidate when several would do. */
  target?: { label: string; lines: PricedLine[]; monthlyUsd: number };
  /** Candidates compared when the target was ambiguous (their monthly cost), cheapest first. */
  candidates?: { label: string; monthlyUsd: number }[];
  /** Hours per month used for hourly prices (730, AWS's convention). */
  hoursPerMonth?: number;
  /** Publication date of the price list the prices come from (YYYY-MM-DD or ISO). */
  priceListDate?: string;
  /** "on-demand list price" (price list) or the AWS source's own wording. */
  priceType: string;
  /** One sentence on what the figure is and is not (an estimate before discounts, usage assumptions). */
  note: string;
}

/** One number (or fact) that decided a finding. */
export interface EvidenceItem {
  /** What was measured or read, in words: "CPU utilization p95 of hourly averages". */
  label: string;
  value: string | number | boolean | null;
  unit?: string; // Percent, GiB, IOPS, MiB, ms, count
  /** CloudWatch metric as Namespace/MetricName, when the evidence is a metric. */
  metric?: string;
  statistic?: string; // Average, p95 of hourly Average, Maximum
  /** e.g. "14 days, 1-hour periods". */
  window?: string;
  /** The threshold compared against, e.g. "<= 10" or "gp3". */
  threshold?: string | number;
  /** API and field the fact came from, e.g. "ec2:DescribeInstanceTypes CurrentGeneration". */
  source?: string;
}

export interface Remediation {
  /** What to do, one or two sentences. */
  text: string;
  /** https links to AWS documentation. */
  docs: string[];
  /** Expected gain where known, e.g. "about 20% cheaper per GB; 3,000 IOPS baseline". */
  impact?: string;
  /**
   * Estimated monthly savings in USD where known: AWS's own figure (Cost Optimization Hub, Compute Optimizer)
   * or perfscan's from the AWS Price List (lib/pricing). `savings` says which and how it was computed.
   */
  estimatedMonthlySavingsUsd?: number;
  /** The basis of `estimatedMonthlySavingsUsd`: its source, and for a price-list estimate the priced SKUs. */
  savings?: SavingsBasis;
  /**
   * The kinds of change it asks for, most specific first: the check's declared kind, or for a Compute
   * Optimizer recommendation the kinds its data shows (m5.xlarge -> m6g.large: resize and architecture).
   * Absent on findings stored before kinds existed: such a finding never merges with another.
   */
  change?: ChangeKind[];
}

export interface Suppression {
  checkId: string; // check id or '*'
  /** Glob on resource id, name or ARN (`*` and `?`). */
  resource: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD; the suppression hides findings until the end of that day (UTC). */
  expires: string;
  accounts?: string[];
  regions?: string[];
}

export interface Finding {
  checkId: string;
  title: string;
  service: ServiceName;
  control: ControlId;
  severity: Severity;
  status: Status;
  accountId: string;
  region: string; // 'global' for global services
  resourceType: string; // CloudFormation-style: AWS::EC2::Instance
  resourceId: string; // '*' for a unit-wide finding
  resourceArn?: string;
  resourceName?: string;
  message: string; // states the actual state with numbers; ends with a period
  evidence: EvidenceItem[];
  remediation: Remediation;
  /** Set when a live suppression hides this finding. */
  suppressedBy?: Suppression;
  /** Set when a matching suppression has expired (the finding shows again). */
  expiredSuppression?: Suppression;
}

/** Deterministic identity of a finding across scans (debt register, DynamoDB sort key). */
export function findingKey(f: Pick<Finding, 'accountId' | 'region' | 'checkId' | 'resourceId'>): string {
  return `${f.accountId}#${f.region}#${f.checkId}#${f.resourceId}`;
}
