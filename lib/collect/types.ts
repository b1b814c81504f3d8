/**
 * Collector contract. Collectors are the only code that talks to AWS: they take injected clients,
 * list resources with paginators at the maximum page size, queue metric queries on the unit's
 * batcher, and return normalized slices. They never decide anything; a failed call becomes a Gap.
 */
import type { Client } from '@smithy/smithy-client';
import type { Gap, MetricSummary, ServiceName, ServiceSliceKey, Snapshot } from '#lib/model/index.js';

/** Any SDK v3 client class, e.g. EC2Client. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientClass<C> = new (config: any) => C;

export interface ClientFactory {
  /** A client for the unit's account and region (or an explicit region, e.g. us-east-1 for CloudFront). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get<C extends Client<any, any, any, any>>(cls: ClientClass<C>, region?: string): C;
}

export interface MetricRequest {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** Average | Maximum | Minimum | Sum | SampleCount | p95 | p99 ... */
  stat: string;
  periodSeconds: number;
  /**
   * Ids of the resources this series informs, as checks report them (a gap names them when the series cannot
   * be fetched). Default: the dimension values (InstanceId, VolumeId, DBInstanceIdentifier, FunctionName, ...).
   */
  resources?: string[];
}

/** The unit's metric queue: collectors request series; the batcher fetches them all with GetMetricData. */
export interface MetricQueue {
  /** Queue a series; returns its `metricKey`. Duplicate requests are fetched once. */
  request(req: MetricRequest): string;
}

export interface CollectorContext {
  accountId: string;
  region: string;
  globalUnit: boolean;
  clients: ClientFactory;
  metrics: MetricQueue;
  /** Metric window; summaries cover [start, end). */
  window: { start: Date; end: Date; days: number };
  /** Record a gap (AccessDenied, not enabled, ...) instead of throwing. */
  gap(gap: Gap): void;
  /** Bounds per-resource follow-up calls where no batch API exists (e.g. Lambda provisioned concurrency). */
  limits: { maxFollowUpCalls: number };
}

/** The snapshot slice keys a collector may fill. */
export type SliceKey = ServiceSliceKey;

export interface Collector {
  service: ServiceName;
  /** Read-only IAM actions the collector may call, e.g. `ec2:DescribeInstances`. The IAM policy is generated from these. */
  iamActions: readonly string[];
  /** Collected only in the account's global unit (CloudFront). */
  global?: boolean;
  collect(ctx: CollectorContext): Promise<Partial<Pick<Snapshot, SliceKey>>>;
  /**
   * Optional second pass once the unit's metrics are fetched: bounded per-resource reads that only the resources
   * the metrics single out need (e.g. the reserved concurrency of the Lambda functions that throttled). It may
   * complete the slice `collect` returned, in place; failures become gaps.
   */
  followUp?(
    ctx: CollectorContext,
    slice: Partial<Pick<Snapshot, SliceKey>>,
    metrics: Readonly<Record<string, MetricSummary>>,
  ): Promise<void>;
}

export type { MetricSummary };
