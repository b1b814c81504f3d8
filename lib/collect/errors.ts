/**
 * Failed AWS calls become gaps: the snapshot says what is missing and how to close it, and the checks
 * that need the slice answer `unknown`. Only programming errors (an undeclared IAM action) propagate.
 */
import { isThrottlingError } from '@smithy/service-error-classification';
import type { Gap } from '#lib/model/index.js';
import { REGION_TABLE } from '#lib/model/regions.js';
import type { CollectorContext } from './types.js';

/**
 * A collector called an API whose IAM action it does not declare. Never a gap: the generated policy
 * would miss the action, so the scan must fail loudly in tests and development.
 */
export class UndeclaredActionError extends Error {
  readonly action: string;
  constructor(action: string) {
    super(`${action} is not declared by any collector in this scan (add it to the collector's iamActions).`);
    this.name = 'UndeclaredActionError';
    this.action = action;
  }
}

/** Where a call failed; `action` and `region` default to what the client middleware tagged on the error. */
export interface GapWhere {
  service: Gap['service'];
  slice: string;
  action?: string;
  region?: string;
}

/** Properties the client middleware (clients.ts) attaches to every error of a call. */
export interface TaggedCallError {
  perfscanAction?: string;
  perfscanRegion?: string;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);
const NOT_SUPPORTED = new Set(['UnknownOperationException', 'InvalidAction', 'UnsupportedOperation']);
const TIMEOUT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ETIMEDOUT',
  'ECONNRESET',
]);

/**
 * Regions that an account must opt in to (the opt-in flags of the region table, lib/model/regions.ts).
 * EC2 answers `AuthFailure` there when the region is not enabled, because the credentials are unknown to it.
 */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set(
  REGION_TABLE.filter((r) => r.optIn).map((r) => r.code),
);

function errorName(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [e.name, e.Code, e.code]) if (typeof v === 'string' && v !== 'Error') return v;
  }
  return 'Error';
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

/** True for every service's way of saying the caller lacks the permission. */
export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED.has(errorName(err));
}

/** True when the service has no endpoint in the region (DNS failure or the SDK's UnknownEndpoint). */
export function isEndpointUnavailable(err: unknown): boolean {
  const e = err as { code?: string; name?: string; message?: string } | undefined;
  if (!e) return false;
  return (
    e.code === 'ENOTFOUND' ||
    e.name === 'UnknownEndpoint' ||
    e.name === 'EndpointError' ||
    /ENOTFOUND|getaddrinfo/i.test(e.message ?? '')
  );
}

/** Classify an SDK error into a gap. Throws an `UndeclaredActionError` back: it is never a gap. */
export function toGap(err: unknown, where: GapWhere): Gap {
  if (err instanceof UndeclaredActionError) throw err;
  const tagged = (err && typeof err === 'object' ? err : {}) as TaggedCallError;
  const action = where.action ?? tagged.perfscanAction;
  const region = where.region ?? tagged.perfscanRegion;
  const name = errorName(err);
  const detail = `${name}: ${errorMessage(err)}`.replace(/\s+/g, ' ').trim();
  const base = { service: where.service, slice: where.slice, ...(action ? { action } : {}) };
  const what = action ?? 'a read-only API call';

  if (ACCESS_DENIED.has(name)) {
    return {
      ...base,
      code: 'AccessDenied',
      message: `${what} was denied (${detail}).`,
      hint: `grant ${action ?? 'the missing read-only action'} to the scanning role (see docs/iam-policy.json)`,
    };
  }
  if (name === 'OptInRequiredException') {
    // Compute Optimizer's way of saying the account has not opted in.
    return {
      ...base,
      code: 'NotEnabled',
      message: `${what} needs the service to be enabled for the account (${detail}).`,
      hint: 'opt in to AWS Compute Optimizer (https://docs.aws.amazon.com/compute-optimizer/latest/ug/getting-started.html)',
    };
  }
  if (
    name === 'OptInRequired' ||
    (name === 'AuthFailure' && region !== undefined && OPT_IN_REGIONS.has(region))
  ) {
    return {
      ...base,
      code: 'OptInRequired',
      message: `${region ?? 'The region'} is not enabled for this account (${detail}).`,
      hint: `enable ${region ?? 'the region'} for the account, or leave it out with --regions`,
    };
  }
  if (err && typeof err === 'object' && isThrottlingError(err as never)) {
    return {
      ...base,
      code: 'Throttled',
      message: `${what} stayed throttled after the SDK's retries (${detail}).`,
      hint: 'rerun later or scan fewer accounts/regions in parallel; perfscan already keeps below the documented API rates',
    };
  }
  if (TIMEOUT.has(name)) {
    return {
      ...base,
      code: 'Timeout',
      message: `${what} timed out (${detail}).`,
      hint: 'check network access to the AWS endpoint and rerun',
    };
  }
  if (NOT_SUPPORTED.has(name)) {
    return { ...base, code: 'NotSupported', message: `${what} is not available here (${detail}).` };
  }
  if (name === 'AuthFailure') {
    return {
      ...base,
      code: 'Error',
      message: `${what} failed authentication (${detail}).`,
      hint: 'check the credentials perfscan uses (profile, environment, role)',
    };
  }
  return { ...base, code: 'Error', message: `${what} failed (${detail}).` };
}

/** Run `fn`; on failure record a gap on the context and return undefined. Undeclared actions propagate. */
export async function guard<T>(
  ctx: Pick<CollectorContext, 'gap'>,
  where: GapWhere,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    ctx.gap(toGap(err, where));
    return undefined;
  }
}
