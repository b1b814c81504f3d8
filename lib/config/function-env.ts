/**
 * Environment of each Lambda function, one zod schema each, shared by the CDK constructs (which set
 * the variables) and the handlers (which parse them at cold start and fail with a clear message).
 */
import * as z from 'zod';

const csv = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const bool = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

const common = {
  TABLE_NAME: z.string().min(1, 'TABLE_NAME is required: the DynamoDB table of scans and findings'),
  /** SSM parameter holding the perfscan config (thresholds, suppressions, attestations) as JSON. */
  CONFIG_PARAMETER_NAME: z.string().min(1).optional(),
};

/** The run bucket: Plan's unit list, the Map's result files, the digest's Markdown (lib/infra/run-bucket.ts). */
const RUN_BUCKET = z
  .string()
  .min(3, 'RUN_BUCKET is required: the S3 bucket of unit lists, map results and digests');

export const PlanEnv = z.object({
  ...common,
  TARGET_ACCOUNTS: csv,
  USE_ORGANIZATIONS: bool,
  RUN_BUCKET,
  MEMBER_ROLE_NAME: z.string().min(1).default('PerfscanMemberRole'),
  EXTERNAL_ID: z.string().min(2).optional(),
  REGIONS: csv,
  SERVICES: csv,
});
export type PlanEnv = z.infer<typeof PlanEnv>;

export const ScanEnv = z.object({
  ...common,
  MEMBER_ROLE_NAME: z.string().min(1).default('PerfscanMemberRole'),
  EXTERNAL_ID: z.string().min(2).optional(),
  FINDINGS_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  WINDOW_DAYS: z.coerce.number().int().min(1).max(63).default(14),
  /**
   * Where each unit's snapshot is stored (gzip JSON under `snapshots/`, lib/store/snapshots.ts): the run
   * bucket. The stack always sets it; without it no snapshot is kept and the unit cannot be re-judged.
   */
  SNAPSHOT_BUCKET: z
    .string()
    .min(3, 'SNAPSHOT_BUCKET: an S3 bucket name has 3 to 63 characters (the run bucket)')
    .optional(),
  /** The Pricing function (functions/pricing.ts) the Scan asks for list prices; unset: no price-list savings. */
  PRICING_FUNCTION_NAME: z.string().min(1).optional(),
});
export type ScanEnv = z.infer<typeof ScanEnv>;

/** The after-scan Security Hub export (functions/integrations.ts): reads the table, sends from this account. */
export const IntegrationsEnv = z.object({
  ...common,
  AWS_REGION: z.string().min(1).default('us-east-1'),
});
export type IntegrationsEnv = z.infer<typeof IntegrationsEnv>;

export const DigestEnv = z.object({
  ...common,
  RUN_BUCKET,
  SLACK_SECRET_ARN: z.string().min(1).optional(),
  EMAIL_FROM: z.string().email().optional(),
  EMAIL_TO: csv,
  SCHEDULED: bool,
});
export type DigestEnv = z.infer<typeof DigestEnv>;

/** The daily release radar (functions/radar.ts): reads the table's offerings, starts the scan state machine. */
export const RadarEnv = z.object({
  ...common,
  STATE_MACHINE_ARN: z
    .string()
    .regex(/^arn:[a-z-]+:states:/, 'STATE_MACHINE_ARN must be the ARN of the scan state machine'),
  /** Regions to watch (default: every region a scan stored offerings for). */
  REGIONS: csv,
});
export type RadarEnv = z.infer<typeof RadarEnv>;

/** Parse `process.env` with a schema; throws one error naming every bad variable. */
export function parseEnv<T extends z.ZodTypeAny>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid function environment:\n${lines.join('\n')}`);
  }
  return r.data;
}
