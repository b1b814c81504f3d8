/**
 * The shape of a check: one small file per check, a pure `evaluate` over the snapshot.
 * No AWS SDK, no process.env, no clock here: time and thresholds come in through the context.
 */
import type {
  ChangeKind,
  ControlId,
  EvidenceItem,
  ServiceName,
  Severity,
  SliceId,
  Snapshot,
  Status,
} from '#lib/model/index.js';

export interface ThresholdSpec {
  default: number;
  unit: string; // Percent, days, MiB, count, ratio
  description: string;
  /** Where the default comes from: "Trusted Advisor Qch7DwouX1", "Compute Optimizer docs", "AWS EBS docs". */
  source: string;
  min?: number;
  max?: number;
}

export interface CheckContext<T extends string = string> {
  thresholds: Record<T, number>;
  /** Scan time (ISO), passed in: checks never read the clock. */
  now: string;
}

/** What a check returns for one resource; the engine adds account, region and the check's metadata. */
export interface CheckResult {
  status: Status;
  resourceType: string; // AWS::EC2::Instance
  resourceId: string; // '*' for unit-wide results
  resourceArn?: string;
  resourceName?: string;
  message: string; // states the actual state with numbers; ends with a period
  evidence: EvidenceItem[];
  /** Overrides the check's severity for this resource, when the state decides it (e.g. HTTP/1.1 vs HTTP/2 only). */
  severity?: Severity;
  /** Expected gain for this resource, overrides nothing in the remediation text. */
  impact?: string;
  estimatedMonthlySavingsUsd?: number;
  /** The kinds of change for this resource when its data decides them (Compute Optimizer's top option). */
  change?: ChangeKind[];
}

export interface CheckDefinition<T extends string = string> {
  /** `<service>-<resource>-<desired-state>`, kebab case, permanent. Equals the file name. */
  id: string;
  /** The desired state, not "Ensure ...". */
  title: string;
  service: ServiceName;
  control: ControlId;
  severity: Severity;
  rationale: string;
  /**
   * `change`: what kind of change the remediation is (see CHANGE_KINDS). Two checks failing on the same
   * resource with the same kind recommend the same change and count as one problem in the digest.
   */
  remediation: { text: string; docs: string[]; impact?: string; change: ChangeKind };
  /** Snapshot slices the check reads. A gap on any of them makes the check `unknown`. */
  needs: SliceId[];
  /** Only evaluated in the unit that collects global services. */
  global?: boolean;
  thresholds: Record<T, ThresholdSpec>;
  evaluate(snapshot: Snapshot, ctx: CheckContext<T>): CheckResult[];
}

/** Identity helper that keeps the threshold names typed in a check file. */
export function defineCheck<T extends string = never>(def: CheckDefinition<T>): CheckDefinition<T> {
  return def;
}
