/**
 * Cost Optimization Hub (opt-in: config `savings.costOptimizationHub: true`): AWS's own savings estimates for
 * this unit's resources, which know the account's discounts (Savings Plans, Reserved Instances) and so win over
 * Compute Optimizer's figures and perfscan's list-price estimates for the same change (lib/pricing/aws-savings.ts).
 *
 * `ListRecommendations` (the SDK's paginator) in us-east-1, the API's only endpoint, filtered to the unit's
 * account and region, one recommendation per resource (`includeAllRecommendations` false: the hub's own
 * choice among a resource's actions). Only the recommendations of resources with a failing finding are kept.
 * An account that is not enrolled (told by its enrollment status when the call is refused, not by the error's
 * text), a denied call, or a partition without the API is a gap (`pricing` service,
 * slice `pricing.costOptimizationHub`), never a failure of the unit: the other sources still apply.
 */
import {
  AccessDeniedException,
  CostOptimizationHubClient,
  EnrollmentStatus,
  ListEnrollmentStatusesCommand,
  ValidationException,
  paginateListRecommendations,
} from '@aws-sdk/client-cost-optimization-hub';
import type { Gap } from '#lib/model/index.js';
import { UndeclaredActionError, isAccessDenied, toGap } from './errors.js';
import type { ClientFactory } from './types.js';

/**
 * ListRecommendations, and ListEnrollmentStatuses to tell an account that has not opted in from a denied call
 * when the former is refused (see enrollmentOf).
 */
export const COH_IAM_ACTIONS = [
  'cost-optimization-hub:ListRecommendations',
  'cost-optimization-hub:ListEnrollmentStatuses',
] as const;
/** The Cost Optimization Hub API's endpoint (aws partition). */
export const COH_REGION = 'us-east-1';
export const COH_SLICE = 'pricing.costOptimizationHub';

/** What perfscan keeps of a recommendation. */
export interface CohRecommendation {
  recommendationId?: string;
  resourceId?: string;
  resourceArn?: string;
  actionType: string;
  estimatedMonthlySavings: number;
  currencyCode: string;
  currentResourceSummary?: string;
  recommendedResourceSummary?: string;
  lastRefreshTimestamp?: string;
  lookbackDays?: number;
}

export async function readCohRecommendations(
  clients: ClientFactory,
  unit: { accountId: string; region: string },
  /** Resource ids and ARNs with a failing finding: only their recommendations are kept. */
  wanted: ReadonlySet<string>,
): Promise<{ recommendations: CohRecommendation[]; gap?: Gap }> {
  const base = { service: 'pricing' as const, slice: COH_SLICE, action: COH_IAM_ACTIONS[0] };
  if (/^(cn|us-gov|us-iso[a-z]?|eu-isoe)-/.test(unit.region)) {
    return {
      recommendations: [],
      gap: {
        ...base,
        code: 'NotSupported',
        message: `Cost Optimization Hub is not available in the partition of ${unit.region}: its savings are not read there.`,
      },
    };
  }
  const out: CohRecommendation[] = [];
  try {
    const client = clients.get(CostOptimizationHubClient, COH_REGION);
    for await (const page of paginateListRecommendations(
      { client },
      {
        filter: { accountIds: [unit.accountId], regions: [unit.region] },
        includeAllRecommendations: false,
      },
    )) {
      for (const r of page.items ?? []) {
        const matches =
          (r.resourceId !== undefined && wanted.has(r.resourceId)) ||
          (r.resourceArn !== undefined && wanted.has(r.resourceArn));
        if (!matches || !r.actionType || typeof r.estimatedMonthlySavings !== 'number') continue;
        const rec: CohRecommendation = {
          actionType: r.actionType,
          estimatedMonthlySavings: r.estimatedMonthlySavings,
          currencyCode: r.currencyCode ?? 'USD',
        };
        if (r.recommendationId) rec.recommendationId = r.recommendationId;
        if (r.resourceId) rec.resourceId = r.resourceId;
        if (r.resourceArn) rec.resourceArn = r.resourceArn;
        if (r.currentResourceSummary) rec.currentResourceSummary = r.currentResourceSummary;
        if (r.recommendedResourceSummary) rec.recommendedResourceSummary = r.recommendedResourceSummary;
        if (r.lastRefreshTimestamp) rec.lastRefreshTimestamp = r.lastRefreshTimestamp.toISOString();
        if (r.recommendationLookbackPeriodInDays !== undefined)
          rec.lookbackDays = r.recommendationLookbackPeriodInDays;
        out.push(rec);
      }
    }
  } catch (err) {
    const gap = toGap(err, base);
    const text = `${gap.message}`;
    // The hub refuses the recommendations of an account that has not opted in (ListRecommendations' documented
    // client errors: AccessDeniedException, ValidationException): whether that is why is the account's
    // enrollment status (ListEnrollmentStatuses), read when the call is refused that way; never the text.
    const refused = err instanceof AccessDeniedException || err instanceof ValidationException;
    const enrollment = refused ? await enrollmentOf(clients, unit.accountId) : undefined;
    if (enrollment && enrollment.status !== EnrollmentStatus.ACTIVE) {
      return {
        recommendations: [],
        gap: {
          ...gap,
          code: 'OptInRequired',
          message: `The account is not enrolled in Cost Optimization Hub (enrollment status ${enrollment.status}; ListRecommendations answered ${text}). Compute Optimizer's and list-price savings apply instead.`,
          hint: 'enroll the account in Cost Optimization Hub (Billing and Cost Management console, or UpdateEnrollmentStatus), or set savings.costOptimizationHub to false',
        },
      };
    }
    return {
      recommendations: [],
      gap: {
        ...gap,
        message: `${text} Compute Optimizer's and list-price savings apply instead.`,
        ...(isAccessDenied(err)
          ? {
              hint: 'grant cost-optimization-hub:ListRecommendations and cost-optimization-hub:ListEnrollmentStatuses to the scanning role (docs/iam-policy.json)',
            }
          : {}),
      },
    };
  }
  return { recommendations: out };
}

/**
 * The account's Cost Optimization Hub enrollment (`ListEnrollmentStatuses` for the account: `Active` or
 * `Inactive`; no item: never enrolled, `Inactive`), or undefined when it cannot be read (then the refusal is
 * reported as it came).
 */
async function enrollmentOf(
  clients: ClientFactory,
  accountId: string,
): Promise<{ status: string } | undefined> {
  try {
    const client = clients.get(CostOptimizationHubClient, COH_REGION);
    const r = await client.send(new ListEnrollmentStatusesCommand({ accountId }));
    const own = (r.items ?? []).find((i) => i.accountId === undefined || i.accountId === accountId);
    return { status: own?.status ?? EnrollmentStatus.INACTIVE };
  } catch (err) {
    if (err instanceof UndeclaredActionError) throw err;
    return undefined;
  }
}
