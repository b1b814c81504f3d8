/**
 * What the three handlers share: Powertools tools, event validation, unit keys, the deterministic
 * scan id, credentials for member accounts and the config from SSM.
 * Handlers stay thin: everything that decides something lives in lib/.
 */
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { createClientFactory, type PerfscanClientFactory } from '#lib/collect/clients.js';
import type { RateLimiter } from '#lib/collect/rate-limit.js';
import { ConfigError, parseConfig, type PerfscanConfig } from '#lib/config/schema.js';
import { KNOWN_REGIONS } from '#lib/engine/plan.js';
import { scanIdTime } from '#lib/engine/scan.js';
import { SERVICES, type ScanUnit } from '#lib/model/index.js';

// ---------------------------------------------------------------- Powertools

export interface Tools {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

/** The Powertools trio; namespace and service come from the environment the function construct sets. */
export function defaultTools(env: Record<string, string | undefined> = process.env): Tools {
  return {
    logger: new Logger({ serviceName: 'perfscan' }),
    metrics: new Metrics({
      namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? 'Perfscan',
      serviceName: 'perfscan',
    }),
    tracer: new Tracer({ serviceName: 'perfscan' }),
  };
}

/** Every SDK client the factory creates gets X-Ray tracing (a no-op when tracing is off, e.g. in tests). */
export function traced(factory: PerfscanClientFactory, tracer: Tracer): PerfscanClientFactory {
  const seen = new WeakSet<object>();
  const get = factory.get.bind(factory);
  factory.get = ((cls: never, region?: string) => {
    const client = get(cls, region) as object;
    if (!seen.has(client)) {
      seen.add(client);
      tracer.captureAWSv3Client(client);
    }
    return client;
  }) as PerfscanClientFactory['get'];
  return factory;
}

/**
 * Run the handler body in its own X-Ray subsegment (Lambda's own segment cannot carry annotations),
 * with the cold-start and service annotations, the error as metadata, and always closed.
 */
export async function inHandlerSegment<T>(tracer: Tracer, name: string, fn: () => Promise<T>): Promise<T> {
  if (!tracer.isTracingEnabled()) return fn();
  const parent = tracer.getSegment();
  const sub = parent?.addNewSubsegment(`## ${name}`);
  if (sub) tracer.setSegment(sub);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await fn();
  } catch (err) {
    tracer.addErrorAsMetadata(err as Error);
    throw err;
  } finally {
    if (sub && parent) {
      sub.close();
      tracer.setSegment(parent);
    }
  }
}

// ---------------------------------------------------------------- events

/** A malformed event: thrown before anything is read or written. Not in the state machine's retry list. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  readonly issues: { path: string; message: string }[];
  constructor(handler: string, issues: { path: string; message: string }[]) {
    super(`Invalid ${handler} event: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(event)';
}

export function parseEvent<T extends z.ZodType>(schema: T, event: unknown, handler: string): z.output<T> {
  const r = schema.safeParse(event);
  if (!r.success) {
    throw new InvalidEventError(
      handler,
      r.error.issues.map((i) => ({
        // An unrecognized key is reported at its own path, so the message names the offending field.
        path: formatPath(
          i.code === 'unrecognized_keys' ? [...i.path, ...(i.keys.slice(0, 1) as string[])] : i.path,
        ),
        message: i.message,
      })),
    );
  }
  return r.data;
}

export const AccountIdSchema = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
export const RegionSchema = z.string().refine((r) => KNOWN_REGIONS.includes(r), {
  error: (i) => `'${String(i.input)}' is not a known AWS region code`,
});
export const ServiceSchema = z.enum(SERVICES, {
  error: (i) => `'${String(i.input)}' is not a perfscan service (known: ${SERVICES.join(', ')})`,
});
/** Scan ids as newScanId/scanIdFor make them; nothing else can become a DynamoDB key prefix. */
export const ScanIdSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[0-9a-f]{6}(-r[1-9]\d{0,3})?$/,
    'expected a perfscan scan id such as 2026-11-22T06-00-00Z-ab12cd (a rescore adds -r1, -r2, ...)',
  );

// ---------------------------------------------------------------- unit keys and scan ids

/** Compact unit key for Step Functions payloads and the header's plannedUnits: `account:region[:g]`. */
export function unitKey(unit: Pick<ScanUnit, 'accountId' | 'region' | 'global'>): string {
  return `${unit.accountId}:${unit.region}${unit.global ? ':g' : ''}`;
}

export const UNIT_KEY_RE = /^(\d{12}):([a-z]{2}(?:-[a-z]+)+-\d+)(:g)?$/;

export const UnitKeySchema = z
  .string()
  .regex(UNIT_KEY_RE, {
    error: "expected a unit key 'account:region' or 'account:region:g', e.g. '111122223333:eu-west-1:g'",
    abort: true,
  })
  .refine((k) => KNOWN_REGIONS.includes(k.split(':')[1] ?? ''), {
    error: (i) => `'${String(i.input)}' names an unknown AWS region`,
  });

export function parseUnitKey(key: string): Pick<ScanUnit, 'accountId' | 'region' | 'global'> {
  const m = UNIT_KEY_RE.exec(key);
  if (!m) throw new Error(`Not a unit key: '${key}' (expected 'account:region' or 'account:region:g').`);
  return { accountId: m[1] as string, region: m[2] as string, global: m[3] !== undefined };
}

/**
 * The scan id of an execution: the same sortable time prefix as newScanId (from the execution's start)
 * plus a short hash of the execution id, so a retried Plan writes the same scan, never a second one.
 */
export function scanIdFor(startedAt: Date, executionId: string): string {
  return `${scanIdTime(startedAt)}-${createHash('sha256').update(executionId).digest('hex').slice(0, 6)}`;
}

// ---------------------------------------------------------------- accounts and credentials

export interface Identity {
  accountId: string;
  partition: string;
}

/** Client factories for one (account, region). Tests inject one answered by the simulated account. */
export type ClientsFor = (opts: {
  region: string;
  /** Undefined for the function's own account before its id is known. */
  accountId?: string;
  credentials?: AwsCredentialIdentityProvider;
  allowedActions: ReadonlySet<string>;
  /** Client-side pacing other than the process-wide shared limiter (the Pricing function's share of 5/s). */
  limiter?: RateLimiter;
}) => PerfscanClientFactory;

export const defaultClientsFor: ClientsFor = (opts) =>
  createClientFactory({
    region: opts.region,
    allowedActions: opts.allowedActions,
    ...(opts.accountId ? { accountId: opts.accountId } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.limiter ? { limiter: opts.limiter } : {}),
  });

/** Credentials of the member role (STS AssumeRole with the external id), refreshed before they expire. */
export type AssumeRole = (opts: {
  roleArn: string;
  externalId?: string;
  region: string;
  sessionName: string;
}) => AwsCredentialIdentityProvider;

export const defaultAssumeRole: AssumeRole = (opts) =>
  fromTemporaryCredentials({
    params: {
      RoleArn: opts.roleArn,
      RoleSessionName: opts.sessionName,
      DurationSeconds: 3600,
      ...(opts.externalId ? { ExternalId: opts.externalId } : {}),
    },
    clientConfig: { region: opts.region },
  });

export function memberRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * The function's own account and partition: from the invoked function ARN when there is a Lambda
 * context (no API call), else STS GetCallerIdentity.
 */
export async function ownIdentity(
  context: Pick<Context, 'invokedFunctionArn'> | undefined,
  clients: () => PerfscanClientFactory,
): Promise<Identity> {
  const arn = context?.invokedFunctionArn?.split(':');
  if (arn && arn.length >= 5 && /^\d{12}$/.test(arn[4] ?? ''))
    return { partition: arn[1] as string, accountId: arn[4] as string };
  const f = clients();
  try {
    const out = await f.get(STSClient).send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new Error('STS GetCallerIdentity returned no account id.');
    return { accountId: out.Account, partition: out.Arn?.split(':')[1] || 'aws' };
  } finally {
    f.destroy();
  }
}

// ---------------------------------------------------------------- config from SSM

/**
 * The perfscan config (thresholds, suppressions, attestations, windowDays) as JSON in an SSM parameter;
 * no parameter name = the defaults. An invalid config throws ConfigError (its message names each field).
 */
export async function loadConfigFromSsm(ssm: SSMClient, name: string | undefined): Promise<PerfscanConfig> {
  if (!name) return parseConfig({}, 'defaults');
  const source = `SSM parameter ${name}`;
  const r = await ssm.send(new GetParameterCommand({ Name: name }));
  const text = r.Parameter?.Value ?? '';
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(source, [
      {
        path: '(file)',
        message: `invalid JSON: ${(err as Error).message}`,
        fix: 'store the config as JSON (cdk deploy -c config=perfscan.config.yaml writes it)',
      },
    ]);
  }
  return parseConfig(raw, source);
}

/** A memoized async value for the container's lifetime; a failure is not cached (the next call retries). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= make().catch((err: unknown) => {
      p = undefined;
      throw err;
    });
    return p;
  };
}
