/**
 * The perfscan config file (perfscan.config.json / .yaml / .yml): zod-validated, and every problem is
 * reported at once, each with the field path and the fix, so one run of the CLI shows everything to correct.
 * Semantic checks (region codes, check ids, threshold names and ranges, checklist item ids, calendar dates)
 * run inside the schema so structural and semantic errors come out together.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import * as z from 'zod';
import { parseDocument } from 'yaml';
import { SERVICES, type Attestation, type ServiceName, type Suppression } from '#lib/model/index.js';
import type { CheckDefinition } from '#lib/checks/types.js';
import { CHECKS, CHECK_ALIASES } from '#lib/checks/registry.js';
import { knownItemIds } from '#lib/maturity/registry.js';
import { SHARE_SPECS } from '#lib/maturity/shares.js';
import { KNOWN_REGIONS, suggestRegion } from '#lib/engine/plan.js';
import { closest, didYouMean } from '#lib/engine/suggest.js';

// ConfigError and the window limits live in ./basics.ts (no zod or yaml: the CLI starts without them).
import { ConfigError, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, type ConfigIssue } from './basics.js';
export {
  ConfigError,
  DEFAULT_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  formatIssue,
  type ConfigIssue,
} from './basics.js';

export const DEFAULT_CONFIG_FILES = [
  'perfscan.config.json',
  'perfscan.config.yaml',
  'perfscan.config.yml',
] as const;

// ---------------------------------------------------------------- reusable field checks

type Ctx = z.core.$RefinementCtx;

function issue(ctx: Ctx, message: string, fix: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', message, params: { fix }, path });
}

/** A share of the maturity model (0..1), within its documented bounds. */
function shareField(name: keyof typeof SHARE_SPECS) {
  const spec = SHARE_SPECS[name];
  return z
    .number()
    .superRefine((v, ctx) => {
      if (v < spec.min || v > spec.max)
        issue(
          ctx,
          `${v} is outside ${spec.min}..${spec.max} for the "${name}" share`,
          `use a fraction between ${spec.min} and ${spec.max} (default ${spec.default}: ${spec.source})`,
        );
    })
    .optional();
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD (2026-02-30 and 2026-13-01 are rejected). */
export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const calendarDate = z.string().superRefine((v, ctx) => {
  if (!DATE_RE.test(v)) {
    issue(ctx, `'${v}' is not a date in YYYY-MM-DD form`, 'write the date as YYYY-MM-DD, e.g. 2026-12-31');
  } else if (!isCalendarDate(v)) {
    issue(
      ctx,
      `${v} is not a calendar date; use YYYY-MM-DD`,
      'check the month (01-12) and the day (it must exist in that month), e.g. 2026-12-31',
    );
  }
});

const nonEmpty = (what: string) =>
  z.string().superRefine((v, ctx) => {
    if (v.trim() === '') issue(ctx, `${what} is empty`, `write ${what}`);
  });

/** 12-digit account id. YAML reads an unquoted id as a number (and drops a leading zero), so say to quote it. */
const accountId = z.union([z.string(), z.number()]).superRefine((v, ctx) => {
  const s = String(v);
  if (!/^\d{12}$/.test(s)) {
    issue(
      ctx,
      `'${s}' is not a 12-digit AWS account id`,
      typeof v === 'number'
        ? "quote the account id so leading zeros are kept, e.g. '012345678901'"
        : 'use the 12-digit account id',
    );
  }
});

const regionCode = (extra: readonly string[] = []) =>
  z.string().superRefine((v, ctx) => {
    if (KNOWN_REGIONS.includes(v) || extra.includes(v)) return;
    const s = suggestRegion(v);
    issue(
      ctx,
      `'${v}' is not a known AWS region code`,
      s
        ? `use '${s}' (closest known code)`
        : `use a region code such as us-east-1 or eu-west-1 (\`aws ec2 describe-regions\` lists yours)`,
    );
  });

const serviceName = z.string().superRefine((v, ctx) => {
  if ((SERVICES as readonly string[]).includes(v)) return;
  const s = closest(v, SERVICES);
  issue(
    ctx,
    `'${v}' is not a perfscan service`,
    `${s ? `use '${s}'; ` : ''}known services: ${SERVICES.join(', ')}`,
  );
});

function httpsUrl(v: string): boolean {
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- schema

export interface SchemaContext {
  checks: readonly CheckDefinition[];
  aliases: Readonly<Record<string, string>>;
  itemIds: readonly string[];
}

function resolveCheck(ctx: SchemaContext, id: string): CheckDefinition | undefined {
  const current = ctx.aliases[id] ?? id;
  return ctx.checks.find((c) => c.id === current);
}

function unknownCheckFix(ctx: SchemaContext, id: string): string {
  const s = closest(
    id,
    ctx.checks.map((c) => c.id),
  );
  return `${s ? `use '${s}', or ` : 'use '}an id listed by \`perfscan checks\``;
}

export function makeConfigSchema(sctx: SchemaContext) {
  const checkIdOrStar = z.string().superRefine((v, ctx) => {
    if (v === '*' || resolveCheck(sctx, v)) return;
    issue(ctx, `unknown check id '${v}'`, `${unknownCheckFix(sctx, v)} (or '*' for every check)`);
  });

  const thresholds = z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .superRefine((all, ctx) => {
      for (const [checkId, values] of Object.entries(all)) {
        const check = resolveCheck(sctx, checkId);
        if (!check) {
          issue(ctx, `unknown check id '${checkId}'`, unknownCheckFix(sctx, checkId), [checkId]);
          continue;
        }
        const names = Object.keys(check.thresholds);
        for (const [name, value] of Object.entries(values)) {
          const spec = check.thresholds[name];
          if (!spec) {
            issue(
              ctx,
              `check '${check.id}' has no threshold '${name}'`,
              names.length === 0
                ? `remove it: '${check.id}' takes no thresholds`
                : `use one of: ${names.join(', ')}.${didYouMean(name, names)}`.replace(/\.$/, ''),
              [checkId, name],
            );
            continue;
          }
          if (typeof value !== 'number' || !Number.isFinite(value)) {
            issue(
              ctx,
              `expected a number (${spec.unit}), got ${JSON.stringify(value)}`,
              `write a number, e.g. ${spec.default}`,
              [checkId, name],
            );
            continue;
          }
          const lo = spec.min ?? -Infinity;
          const hi = spec.max ?? Infinity;
          if (value < lo || value > hi) {
            issue(
              ctx,
              `${value} is out of range for '${check.id}.${name}' (${spec.unit})`,
              `use a value between ${spec.min ?? '-inf'} and ${spec.max ?? 'inf'} (default ${spec.default}, ${spec.source})`,
              [checkId, name],
            );
          }
        }
      }
    })
    .transform((all) => {
      // Store under the current id, so a renamed check keeps its overrides.
      const out: Record<string, Record<string, number>> = {};
      for (const [checkId, values] of Object.entries(all)) {
        const id = sctx.aliases[checkId] ?? checkId;
        out[id] = { ...out[id], ...(values as Record<string, number>) };
      }
      return out;
    });

  const suppression = z.strictObject({
    checkId: checkIdOrStar,
    resource: nonEmpty('a resource id, name or ARN pattern (glob: * and ?)'),
    reason: nonEmpty('the reason'),
    owner: nonEmpty('the owner (who answers for it)'),
    expires: calendarDate,
    accounts: z.array(accountId).optional(),
    regions: z.array(regionCode(['global'])).optional(),
  });

  const attestation = z
    .strictObject({
      item: z.string().superRefine((v, ctx) => {
        if (sctx.itemIds.includes(v)) return;
        issue(
          ctx,
          `unknown checklist item '${v}'`,
          `${closest(v, sctx.itemIds) ? `use '${closest(v, sctx.itemIds)}', or ` : 'use '}a checklist item (L2-1 .. L4-10) or a control criterion such as WAF-PERF-040:L3 (see docs/maturity.md)`,
        );
      }),
      met: z.boolean().default(true),
      by: nonEmpty('who attests it'),
      date: calendarDate,
      link: z.string().superRefine((v, ctx) => {
        if (!httpsUrl(v))
          issue(
            ctx,
            `'${v}' is not an https URL`,
            'link the evidence (runbook, dashboard, ticket) with an https:// URL',
          );
      }),
      expires: calendarDate,
      note: z.string().optional(),
    })
    .superRefine((a, ctx) => {
      if (a.expires <= a.date) {
        issue(
          ctx,
          `expires ${a.expires} is not after date ${a.date}`,
          'set expires to a later day than date (attestations are re-confirmed, e.g. yearly)',
          ['expires'],
        );
      }
    });

  return z.strictObject({
    regions: z
      .array(regionCode())
      .superRefine((v, ctx) => {
        if (v.length === 0)
          issue(
            ctx,
            'the regions list is empty',
            'omit regions to scan every enabled region, or list at least one',
          );
      })
      .optional(),
    services: z
      .array(serviceName)
      .superRefine((v, ctx) => {
        if (v.length === 0)
          issue(
            ctx,
            'the services list is empty',
            'omit services to scan every service, or list at least one',
          );
      })
      .optional(),
    windowDays: z.number().int().min(1).max(MAX_WINDOW_DAYS).optional(),
    thresholds: thresholds.optional(),
    suppressions: z.array(suppression).optional(),
    attestations: z.array(attestation).optional(),
    // The wording-to-share mapping of the maturity score (docs/maturity.md); `all` is never below 95%.
    maturity: z
      .strictObject({
        shares: z
          .strictObject({
            most: shareField('most'),
            all: shareField('all'),
            rightSized: shareField('rightSized'),
          })
          .optional(),
      })
      .optional(),
    targets: z
      .strictObject({
        accounts: z.array(accountId).optional(),
        organizations: z.boolean().optional(),
        memberRoleName: z
          .string()
          .regex(/^[\w+=,.@-]{1,64}$/)
          .optional(),
        externalId: z
          .string()
          .regex(/^[\w+=,.@:/-]{2,1224}$/)
          .optional(),
      })
      .optional(),
    notify: z
      .strictObject({
        slackSecretArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/)
          .optional(),
        email: z.strictObject({ from: z.email(), to: z.array(z.email()).min(1) }).optional(),
      })
      .optional(),
    savings: z
      .strictObject({
        /**
         * Read AWS Cost Optimization Hub's savings (opt-in; the account must be enrolled): they win over
         * Compute Optimizer's and list-price estimates for the same change (docs/savings.md).
         */
        costOptimizationHub: z.boolean().optional(),
      })
      .optional(),
    integrations: z
      .strictObject({
        securityHub: z
          .strictObject({
            /** Send each scan's failing findings to Security Hub (and archive resolved ones) after the digest. */
            enabled: z.boolean(),
            /** Security Hub region the findings go to (default: the stack's region). */
            region: regionCode().optional(),
          })
          .optional(),
        wellArchitected: z
          .strictObject({
            /** Answer the perfscan lens of a Well-Architected Tool workload after each scan (perfscan wa sync). */
            enabled: z.boolean(),
            /** The workload's name in the Well-Architected Tool (it must exist). */
            workload: z.string().trim().min(3).max(100),
            /** Region of the workload (default: the stack's region). */
            region: regionCode().optional(),
            /** Name of the custom lens (default: perfscan's). */
            lensName: z.string().trim().min(1).max(128).optional(),
          })
          .optional(),
      })
      .optional(),
    schedule: z
      .strictObject({
        expression: z
          .string()
          .regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/),
        timezone: z.string().superRefine((v, ctx) => {
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: v });
          } catch {
            issue(ctx, `'${v}' is not an IANA time zone`, 'use a name such as UTC or Europe/Berlin');
          }
        }),
      })
      .optional(),
  });
}

export const ConfigSchema = makeConfigSchema({
  checks: CHECKS,
  aliases: CHECK_ALIASES,
  itemIds: knownItemIds(),
});

type Parsed = z.output<typeof ConfigSchema>;

export type PerfscanConfig = Omit<Parsed, 'services' | 'suppressions' | 'attestations' | 'targets'> & {
  services?: ServiceName[];
  suppressions?: Suppression[];
  attestations?: Attestation[];
  targets?: { accounts?: string[]; organizations?: boolean; memberRoleName?: string; externalId?: string };
};

// ---------------------------------------------------------------- issue formatting

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** The (unwrapped) schema at a path, to name the known fields when a key is unknown. */
function schemaAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let s: z.core.$ZodType | undefined = schema;
  const unwrap = (t: z.core.$ZodType): z.core.$ZodType => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const def = (t as any)._zod.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable')
      return unwrap(def.innerType);
    if (def.type === 'pipe') return unwrap(def.in);
    return t;
  };
  for (const p of path) {
    if (!s) return undefined;
    s = unwrap(s);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const def = (s as any)._zod.def;
    if (def.type === 'object') s = def.shape[p as string];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return undefined;
  }
  return s ? unwrap(s) : undefined;
}

function knownKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(schema, path);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const def = s ? (s as any)._zod.def : undefined;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const FIELD_FIXES: Record<string, string> = {
  windowDays: `use a whole number of days from 1 to ${MAX_WINDOW_DAYS} (default ${DEFAULT_WINDOW_DAYS})`,
  memberRoleName: 'use an IAM role name (letters, digits and +=,.@_-, up to 64 characters)',
  externalId: 'use 2-1224 characters from letters, digits and +=,.@:/-',
  slackSecretArn:
    'use the ARN of the Secrets Manager secret holding the webhook URL (arn:aws:secretsmanager:<region>:<account>:secret:<name>)',
  expression: 'use an EventBridge Scheduler expression such as rate(7 days) or cron(0 6 ? * MON *)',
  from: 'use an email address verified in SES',
  to: 'list at least one email address',
};

function toIssues(
  schema: z.core.$ZodType,
  raw: unknown,
  zIssues: readonly z.core.$ZodIssue[],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const i of zIssues) {
    const path = formatPath(i.path);
    const last = i.path[i.path.length - 1];
    const fieldFix = typeof last === 'string' ? FIELD_FIXES[last] : undefined;
    switch (i.code) {
      case 'custom':
        out.push({
          path,
          message: i.message,
          fix: String((i.params as { fix?: string } | undefined)?.fix ?? 'correct the value'),
        });
        break;
      case 'unrecognized_keys': {
        const known = knownKeys(schema, i.path);
        for (const key of i.keys) {
          const s = closest(key, known);
          out.push({
            path: formatPath([...i.path, key]),
            message: `unknown field '${key}'`,
            fix: `${s ? `did you mean '${s}'? ` : ''}remove it or use one of: ${known.join(', ')}`,
          });
        }
        break;
      }
      case 'invalid_type': {
        const got = valueAt(raw, i.path);
        if (got === undefined) {
          out.push({ path, message: `required field is missing`, fix: `add ${path} (${i.expected})` });
        } else {
          out.push({
            path,
            message: `expected ${i.expected === 'array' ? 'a list' : `a ${i.expected}`}, got ${typeName(got)}`,
            fix: fieldFix ?? `write ${path} as ${i.expected === 'array' ? 'a list' : `a ${i.expected}`}`,
          });
        }
        break;
      }
      case 'too_small':
      case 'too_big':
        out.push({
          path,
          message: `${typeName(valueAt(raw, i.path))} is out of range (${i.message.replace(/^Too (small|big): /, '')})`,
          fix: fieldFix ?? 'use a value within the range',
        });
        break;
      case 'invalid_format':
        out.push({
          path,
          message: `${typeName(valueAt(raw, i.path))} is not a valid ${i.format === 'regex' ? 'value' : i.format}`,
          fix: fieldFix ?? `use a valid ${i.format}`,
        });
        break;
      default:
        out.push({
          path,
          message: i.message,
          fix: fieldFix ?? 'correct the value (see perfscan.config.example.yaml)',
        });
    }
  }
  return out;
}

// ---------------------------------------------------------------- parse and load

/** Offset of the first JSON syntax error (a strict RFC 8259 scan), or undefined when the text is valid. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const str = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
    else fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : undefined;
  }
}

/** Validate a parsed config document. `source` names it in errors (usually the file name). */
export function parseConfig(raw: unknown, source: string, sctx?: Partial<SchemaContext>): PerfscanConfig {
  const schema = sctx
    ? makeConfigSchema({ checks: CHECKS, aliases: CHECK_ALIASES, itemIds: knownItemIds(), ...sctx })
    : ConfigSchema;
  const doc = raw === null || raw === undefined ? {} : raw;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError(source, [
      {
        path: '(top level)',
        message: `expected a mapping of fields, got ${typeName(doc)}`,
        fix: 'start from perfscan.config.example.yaml',
      },
    ]);
  }
  const r = schema.safeParse(doc);
  if (!r.success) throw new ConfigError(source, toIssues(schema, doc, r.error.issues));
  return r.data as PerfscanConfig;
}

/**
 * Parse file text as JSON or YAML by the extension of `file` (also the name used in errors);
 * syntax errors name the file, line and column.
 */
export function parseConfigText(text: string, file: string, sctx?: Partial<SchemaContext>): PerfscanConfig {
  const source = file;
  const ext = extname(file).toLowerCase();
  let raw: unknown;
  if (ext === '.json') {
    try {
      raw = text.trim() === '' ? {} : JSON.parse(text);
    } catch (err) {
      const msg = (err as Error).message;
      // Node 20 does not always say where; find the offset ourselves so the message is the same everywhere.
      const offset = jsonErrorOffset(text);
      let where = '';
      if (offset !== undefined) {
        const before = text.slice(0, offset);
        const line = before.split('\n').length;
        const col = offset - before.lastIndexOf('\n');
        where = ` at line ${line}, column ${col}`;
      }
      throw new ConfigError(source, [
        {
          path: '(file)',
          message: `invalid JSON${where}: ${msg}`,
          fix: 'correct the JSON syntax (trailing commas and comments are not allowed in .json; use .yaml for comments)',
        },
      ]);
    }
  } else if (ext === '.yaml' || ext === '.yml') {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new ConfigError(
        source,
        doc.errors.map((e) => ({
          path: '(file)',
          message: `invalid YAML${e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : ''}: ${e.message.split('\n')[0]}`,
          fix: 'correct the YAML syntax (indent with spaces; quote values that contain ": " or start with * or &)',
        })),
      );
    }
    raw = doc.toJS();
  } else {
    throw new ConfigError(source, [
      {
        path: '(file)',
        message: `unsupported config file extension '${ext || '(none)'}'`,
        fix: 'name the file perfscan.config.json, .yaml or .yml',
      },
    ]);
  }
  return parseConfig(raw, source, sctx);
}

/**
 * Load the config: the given file, else perfscan.config.(json|yaml|yml) in `cwd` when present,
 * else the defaults (an empty config).
 */
export async function loadConfig(
  path?: string,
  opts: { cwd?: string; context?: Partial<SchemaContext> } = {},
): Promise<PerfscanConfig> {
  const cwd = opts.cwd ?? process.cwd();
  let file: string | undefined;
  let display = '';
  if (path !== undefined) {
    file = resolve(cwd, path);
    display = path;
    if (!existsSync(file)) {
      throw new ConfigError(path, [
        {
          path: '(file)',
          message: `config file not found (looked for ${file})`,
          fix: 'check the --config path, or omit --config',
        },
      ]);
    }
  } else {
    const found = DEFAULT_CONFIG_FILES.map((f) => resolve(cwd, f)).filter((f) => existsSync(f));
    if (found.length > 1) {
      throw new ConfigError(basename(found[0] as string), [
        {
          path: '(file)',
          message: `several config files found: ${found.map((f) => basename(f)).join(', ')}`,
          fix: 'keep one, or choose with --config FILE',
        },
      ]);
    }
    file = found[0];
    display = file ? basename(file) : '';
  }
  if (file === undefined) return parseConfig({}, 'defaults', opts.context);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(display, [
      {
        path: '(file)',
        message: `cannot read the file: ${(err as Error).message}`,
        fix: 'check the path and its permissions',
      },
    ]);
  }
  return parseConfigText(text, display, opts.context);
}
