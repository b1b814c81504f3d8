/**
 * Compute Optimizer collector: enrollment status, then (only when Active) the EC2, Auto Scaling group,
 * EBS, Lambda and RDS recommendations, 1,000 per page (the API maximum for every Get*Recommendations).
 * Enrollment is the account's opt-in, the same from every regional endpoint; recommendations are regional. The
 * status is read in every unit anyway, since it gates that unit's recommendation calls (one cheap call), and the
 * account-level finding comes from the global unit only (computeoptimizer-account-enrolled).
 *
 * Not enrolled is a fact, not a gap: GetEnrollmentStatus answering Inactive/Pending/Failed, or
 * OptInRequiredException, gives `enrollmentStatus` and no recommendation calls (a check turns it into a
 * WAF-PERF-010 finding). AccessDenied and other failures are gaps: `computeOptimizer` when the status is
 * unknown, `computeOptimizer.<kind>` (ec2, asg, ebs, lambda, rds) when one recommendation list failed.
 *
 * Normalization: `finding` lower-cased as returned (EC2/ASG/RDS: optimized | overprovisioned |
 * underprovisioned; EBS/Lambda: optimized | notoptimized, the direction being in `reasons`), the top
 * option is the one ranked 1, `performanceRisk` is that option's 0-4 risk, savings its estimated monthly
 * savings in USD. An RDS recommendation carries the instance finding, or the storage finding when the
 * instance is optimized but the storage is not.
 */
import {
  ComputeOptimizerClient,
  GetAutoScalingGroupRecommendationsCommand,
  GetEBSVolumeRecommendationsCommand,
  GetEC2InstanceRecommendationsCommand,
  GetEnrollmentStatusCommand,
  GetLambdaFunctionRecommendationsCommand,
  GetRDSDatabaseRecommendationsCommand,
  type AutoScalingGroupRecommendation,
  type InstanceRecommendation,
  type LambdaFunctionRecommendation,
  type RDSDBRecommendation,
  type SavingsOpportunity,
  type VolumeRecommendation,
} from '@aws-sdk/client-compute-optimizer';
import type { ComputeOptimizerRecommendation, ComputeOptimizerResourceKind } from '#lib/model/index.js';
import { guard, toGap } from './errors.js';
import type { Collector, CollectorContext } from './types.js';

/** maxResults of every Get*Recommendations call: 0 to 1,000 (Compute Optimizer API model). */
export const CO_PAGE_SIZE = 1000;

function topOf<T extends { rank?: number }>(options: T[] | undefined): T | undefined {
  if (!options || options.length === 0) return undefined;
  return [...options].sort(
    (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER),
  )[0];
}

function usd(s: SavingsOpportunity | undefined): number | undefined {
  return s?.estimatedMonthlySavings?.value;
}

/** The id after the last '/' of an ARN (instance/i-1, volume/vol-1). */
function afterSlash(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function lower(s: string | undefined): string {
  return (s ?? 'unavailable').toLowerCase();
}

function withoutUndefined(r: ComputeOptimizerRecommendation): ComputeOptimizerRecommendation {
  return Object.fromEntries(
    Object.entries(r).filter(([, v]) => v !== undefined),
  ) as unknown as ComputeOptimizerRecommendation;
}

export function fromEc2(r: InstanceRecommendation): ComputeOptimizerRecommendation | undefined {
  if (!r.instanceArn) return undefined;
  const top = topOf(r.recommendationOptions);
  return withoutUndefined({
    kind: 'ec2',
    resourceArn: r.instanceArn,
    resourceId: afterSlash(r.instanceArn),
    finding: lower(r.finding),
    reasons: [...(r.findingReasonCodes ?? [])],
    current: r.currentInstanceType,
    topOption: top?.instanceType,
    performanceRisk: top?.performanceRisk,
    estimatedMonthlySavingsUsd: usd(top?.savingsOpportunity),
    lookbackDays: r.lookBackPeriodInDays,
  });
}

export function fromAsg(r: AutoScalingGroupRecommendation): ComputeOptimizerRecommendation | undefined {
  if (!r.autoScalingGroupArn && !r.autoScalingGroupName) return undefined;
  const top = topOf(r.recommendationOptions);
  return withoutUndefined({
    kind: 'asg',
    resourceArn: r.autoScalingGroupArn ?? '',
    resourceId: r.autoScalingGroupName ?? afterSlash(r.autoScalingGroupArn ?? ''),
    finding: lower(r.finding),
    reasons: [],
    current: r.currentConfiguration?.instanceType,
    topOption: top?.configuration?.instanceType,
    performanceRisk: top?.performanceRisk,
    estimatedMonthlySavingsUsd: usd(top?.savingsOpportunity),
    lookbackDays: r.lookBackPeriodInDays,
  });
}

export function fromEbs(r: VolumeRecommendation): ComputeOptimizerRecommendation | undefined {
  if (!r.volumeArn) return undefined;
  const top = topOf(r.volumeRecommendationOptions);
  return withoutUndefined({
    kind: 'ebs',
    resourceArn: r.volumeArn,
    resourceId: afterSlash(r.volumeArn),
    finding: lower(r.finding),
    reasons: [],
    current: r.currentConfiguration?.volumeType,
    topOption: top?.configuration?.volumeType,
    performanceRisk: top?.performanceRisk,
    estimatedMonthlySavingsUsd: usd(top?.savingsOpportunity),
    lookbackDays: r.lookBackPeriodInDays,
  });
}

export function fromLambda(r: LambdaFunctionRecommendation): ComputeOptimizerRecommendation | undefined {
  if (!r.functionArn) return undefined;
  // arn:aws:lambda:region:account:function:name[:version]
  const name = r.functionArn.split(':')[6] ?? r.functionArn;
  const top = topOf(r.memorySizeRecommendationOptions);
  return withoutUndefined({
    kind: 'lambda',
    resourceArn: r.functionArn,
    resourceId: name,
    finding: lower(r.finding),
    reasons: [...(r.findingReasonCodes ?? [])],
    current: r.currentMemorySize !== undefined ? `${r.currentMemorySize} MB` : undefined,
    topOption: top?.memorySize !== undefined ? `${top.memorySize} MB` : undefined,
    estimatedMonthlySavingsUsd: usd(top?.savingsOpportunity),
    lookbackDays: r.lookbackPeriodInDays,
  });
}

export function fromRds(r: RDSDBRecommendation): ComputeOptimizerRecommendation | undefined {
  if (!r.resourceArn) return undefined;
  const instanceTop = topOf(r.instanceRecommendationOptions);
  const storageTop = topOf(r.storageRecommendationOptions);
  const instanceOptimized = r.instanceFinding === undefined || r.instanceFinding === 'Optimized';
  const storageDriven =
    instanceOptimized && r.storageFinding !== undefined && r.storageFinding !== 'Optimized';
  return withoutUndefined({
    kind: 'rds',
    resourceArn: r.resourceArn,
    resourceId: r.resourceArn.split(':').pop() ?? r.resourceArn,
    finding: lower(storageDriven ? r.storageFinding : (r.instanceFinding ?? r.storageFinding)),
    reasons: [...(r.instanceFindingReasonCodes ?? []), ...(r.storageFindingReasonCodes ?? [])],
    current: storageDriven ? r.currentStorageConfiguration?.storageType : r.currentDBInstanceClass,
    topOption: storageDriven ? storageTop?.storageConfiguration?.storageType : instanceTop?.dbInstanceClass,
    performanceRisk: storageDriven ? undefined : instanceTop?.performanceRisk,
    estimatedMonthlySavingsUsd: usd(
      storageDriven ? storageTop?.savingsOpportunity : instanceTop?.savingsOpportunity,
    ),
    lookbackDays: r.lookbackPeriodInDays,
  });
}

function isOptInRequired(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return name === 'OptInRequiredException';
}

/**
 * Follow nextToken until the list ends. The SDK ships paginators for Lambda recommendations only, so
 * every kind uses this one loop. A repeated token ends the loop (defensive: never spin on a bad API).
 */
async function list<P extends { nextToken?: string }, R>(
  ctx: CollectorContext,
  kind: ComputeOptimizerResourceKind,
  action: string,
  fetch: (nextToken: string | undefined) => Promise<P>,
  items: (p: P) => R[] | undefined,
  normalize: (r: R) => ComputeOptimizerRecommendation | undefined,
): Promise<ComputeOptimizerRecommendation[]> {
  const out: ComputeOptimizerRecommendation[] = [];
  await guard(ctx, { service: 'computeoptimizer', slice: `computeOptimizer.${kind}`, action }, async () => {
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await fetch(token);
      for (const r of items(page) ?? []) {
        const n = normalize(r);
        if (n) out.push(n);
      }
      token = page.nextToken;
      if (token !== undefined && seen.has(token)) break;
      if (token !== undefined) seen.add(token);
    } while (token);
  });
  return out;
}

export const computeoptimizerCollector: Collector = {
  service: 'computeoptimizer',
  iamActions: [
    'compute-optimizer:GetEnrollmentStatus',
    'compute-optimizer:GetEC2InstanceRecommendations',
    'compute-optimizer:GetAutoScalingGroupRecommendations',
    'compute-optimizer:GetEBSVolumeRecommendations',
    'compute-optimizer:GetLambdaFunctionRecommendations',
    'compute-optimizer:GetRDSDatabaseRecommendations',
  ],
  async collect(ctx) {
    const client = ctx.clients.get(ComputeOptimizerClient);
    let status: string;
    let memberAccountsEnrolled: boolean | undefined;
    try {
      const out = await client.send(new GetEnrollmentStatusCommand({}));
      status = out.status ?? 'Inactive';
      memberAccountsEnrolled = out.memberAccountsEnrolled;
    } catch (err) {
      if (isOptInRequired(err))
        return { computeOptimizer: { enrollmentStatus: 'Inactive', recommendations: [] } };
      ctx.gap(
        toGap(err, {
          service: 'computeoptimizer',
          slice: 'computeOptimizer',
          action: 'compute-optimizer:GetEnrollmentStatus',
        }),
      );
      return {};
    }
    const base = {
      enrollmentStatus: status,
      ...(memberAccountsEnrolled !== undefined ? { memberAccountsEnrolled } : {}),
    };
    if (status !== 'Active') return { computeOptimizer: { ...base, recommendations: [] } };

    const page = { maxResults: CO_PAGE_SIZE };
    const lists = await Promise.all([
      list(
        ctx,
        'ec2',
        'compute-optimizer:GetEC2InstanceRecommendations',
        (nextToken) => client.send(new GetEC2InstanceRecommendationsCommand({ ...page, nextToken })),
        (x) => x.instanceRecommendations,
        fromEc2,
      ),
      list(
        ctx,
        'asg',
        'compute-optimizer:GetAutoScalingGroupRecommendations',
        (nextToken) => client.send(new GetAutoScalingGroupRecommendationsCommand({ ...page, nextToken })),
        (x) => x.autoScalingGroupRecommendations,
        fromAsg,
      ),
      list(
        ctx,
        'ebs',
        'compute-optimizer:GetEBSVolumeRecommendations',
        (nextToken) => client.send(new GetEBSVolumeRecommendationsCommand({ ...page, nextToken })),
        (x) => x.volumeRecommendations,
        fromEbs,
      ),
      list(
        ctx,
        'lambda',
        'compute-optimizer:GetLambdaFunctionRecommendations',
        (nextToken) => client.send(new GetLambdaFunctionRecommendationsCommand({ ...page, nextToken })),
        (x) => x.lambdaFunctionRecommendations,
        fromLambda,
      ),
      list(
        ctx,
        'rds',
        'compute-optimizer:GetRDSDatabaseRecommendations',
        (nextToken) => client.send(new GetRDSDatabaseRecommendationsCommand({ ...page, nextToken })),
        (x) => x.rdsDBRecommendations,
        fromRds,
      ),
    ]);
    return { computeOptimizer: { ...base, recommendations: lists.flat() } };
  },
};
