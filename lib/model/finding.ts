import type { ControlId, ServiceName, Severity, Status } from './common.js';

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
  /** Estimated monthly savings in USD where known (Compute Optimizer). */
  estimatedMonthlySavingsUsd?: number;
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
