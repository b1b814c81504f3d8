/**
 * Digest Lambda: roll the digest up from the unit aggregates (each unit diffed against the previous scan and
 * updated its share of the debt register when it ran), streamed account by account, so memory is bounded
 * at any organization size; store the final header, then deliver (Slack and/or email). Everything is stored before delivery, and a
 * delivery failure never throws: it is logged (never the webhook URL), counted in the
 * `DigestDeliveryFailures` metric (the stack alarms on it) and reported in the result.
 * The digest's Markdown goes to the run bucket, never into the state: the result holds its key and the
 * run's status and counts only.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { DigestEnv, parseEnv } from '#lib/config/function-env.js';
import type { PerfscanConfig } from '#lib/config/schema.js';
import { DEFAULT_TOP_N, effectiveStatus } from '#lib/digest/build.js';
import { accountMetricSets, totalMetricSet } from '#lib/digest/metrics.js';
import { rollupUnits } from '#lib/digest/rollup.js';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { renderSlack } from '#lib/digest/render/slack.js';
import type { AccountSection, Digest } from '#lib/digest/types.js';
import { wellArchitectedEnabled } from '#lib/integrations/after-scan.js';
import type { AccountScore } from '#lib/integrations/wa/answers.js';
import type { IntegrationsReport } from '#lib/integrations/after-scan.js';
import { UnitTally, earlierFinishedScans, errorText, failedUnitSummary } from '#lib/engine/scan.js';
import { SERVICES, type Level, type ScanStatus, type ServiceName } from '#lib/model/index.js';
import { sendEmail } from '#lib/notify/email.js';
import { postSlack, readSlackWebhookUrl, type SlackDeliveryOptions } from '#lib/notify/slack.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { debtOutside, storedUnitKeys, type FindingsStore } from '#lib/store/types.js';
import { makeAfterScan, type AfterScanDeps } from './after-scan.js';
import { publishMetricSets } from './score-metrics.js';
import {
  accountSectionsFor,
  digestKeyFor,
  putAccountSection,
  putDigestMarkdown,
  readFailedUnits,
  readUnitList,
} from './run-files.js';
import {
  ScanIdSchema,
  defaultTools,
  loadConfigFromSsm,
  once,
  parseEvent,
  parseUnitKey,
  inHandlerSegment,
  type Tools,
} from './shared.js';

const S3KeySchema = z.string().min(1).max(1024);

export const DigestEvent = z.object({
  scanId: ScanIdSchema,
  /** Plan's unit list in the run bucket: units without a stored summary never reported (failed). */
  unitsKey: S3KeySchema.optional(),
  /** The Map's ResultWriter manifest; null when the Map itself failed. Failed children carry their reason. */
  resultsManifestKey: S3KeySchema.nullable().optional(),
});
export type DigestEvent = z.infer<typeof DigestEvent>;

export type DeliveryState = 'sent' | 'failed' | 'off';

export interface DigestResult {
  scanId: string;
  status: ScanStatus;
  /** Lowest overall level over the scanned accounts; null when no account could be scored. */
  level: Level | null;
  delivered: { slack: DeliveryState; email: DeliveryState };
  /** Why a delivery failed (no secrets in it). */
  deliveryErrors?: string[];
  /** Where the digest's Markdown is (`perfscan run --remote --wait` prints it); never the text itself. */
  markdownObject: { bucket: string; key: string; bytes: number };
  /** Where each account's section is (`<prefix><account>.md` and `.json`), and how many were stored. */
  sections: { bucket: string; prefix: string; accounts: number };
  /** Well-Architected Tool sync after the digest (set when its config switch is on). */
  integrations?: IntegrationsReport;
}

/**
 * Longest Markdown a caller should put anywhere size-limited (the digest itself goes to S3 whole).
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 */
export const MAX_MARKDOWN_BYTES = 200_000;

/**
 * Accounts whose full section the digest itself keeps (the lowest levels, then the most problems): Slack
 * shows about this many in full. Every account's section is stored on its own in the run bucket as it is
 * rolled up, so the Lambda's memory does not grow with the organization.
 */
export const DIGEST_ACCOUNTS_KEPT = DEFAULT_TOP_N;

/** Longest delivery error kept in the result (the result joins the state: keys and counts only). */
const MAX_ERROR_CHARS = 300;

export interface DigestDeps {
  env: Record<string, string | undefined>;
  store?: FindingsStore;
  /** DynamoDB client for the default store (TABLE_NAME, FINDINGS_TTL_DAYS from the environment). */
  dynamo?: DynamoDBClient;
  /** S3 client for the run bucket (RUN_BUCKET). */
  s3?: S3Client;
  ssm?: SSMClient;
  secrets?: SecretsManagerClient;
  ses?: SESv2Client;
  clock: () => Date;
  slackRetry?: SlackDeliveryOptions;
  tools: Tools;
  /** Sections the digest keeps whole (DIGEST_ACCOUNTS_KEPT); every account's is stored on its own anyway. */
  accountsKept?: number;
  /** The Well-Architected sync's client (functions/after-scan.ts); default: made when the switch is on. */
  integrations?: Partial<AfterScanDeps>;
}

/** Cut Markdown at a line boundary to at most `maxBytes` UTF-8 bytes, saying what was left out. */
export function truncateMarkdown(md: string, maxBytes = MAX_MARKDOWN_BYTES): string {
  const bytes = Buffer.byteLength(md, 'utf8');
  if (bytes <= maxBytes) return md;
  const note = (n: number) =>
    `\n\n_(digest truncated: ${n.toLocaleString('en-US')} more bytes; run \`perfscan report\` for the full report)_\n`;
  const budget = maxBytes - Buffer.byteLength(note(bytes), 'utf8');
  let cut = Buffer.from(md, 'utf8').subarray(0, Math.max(0, budget)).toString('utf8');
  // A cut inside a multi-byte character decodes to U+FFFD; cutting at the last line break avoids it and keeps tables whole.
  const nl = cut.lastIndexOf('\n');
  if (nl > 0) cut = cut.slice(0, nl);
  return cut + note(bytes - Buffer.byteLength(cut, 'utf8'));
}

export function makeDigestHandler(overrides: Partial<DigestDeps> = {}) {
  const deps: DigestDeps = {
    env: process.env,
    clock: () => new Date(),
    tools: overrides.tools ?? defaultTools(overrides.env ?? process.env),
    ...overrides,
  };
  const { logger, metrics, tracer } = deps.tools;
  const afterScan = makeAfterScan({ region: deps.env.AWS_REGION ?? 'us-east-1', ...deps.integrations });
  let cold:
    | {
        env: z.output<typeof DigestEnv>;
        store: FindingsStore;
        s3: S3Client;
        config: () => Promise<PerfscanConfig>;
        secrets: () => SecretsManagerClient;
        ses: () => SESv2Client;
      }
    | undefined;

  const init = () => {
    if (cold) return cold;
    const env = parseEnv(DigestEnv, deps.env);
    const store =
      deps.store ??
      new DynamoStore({
        tableName: env.TABLE_NAME,
        client: deps.dynamo ?? tracer.captureAWSv3Client(new DynamoDBClient({})),
      });
    const ssm = deps.ssm ?? tracer.captureAWSv3Client(new SSMClient({}));
    let secrets = deps.secrets;
    let ses = deps.ses;
    cold = {
      env,
      store,
      s3: deps.s3 ?? tracer.captureAWSv3Client(new S3Client({})),
      config: once(() => loadConfigFromSsm(ssm, env.CONFIG_PARAMETER_NAME)),
      secrets: () => (secrets ??= tracer.captureAWSv3Client(new SecretsManagerClient({}))),
      ses: () => (ses ??= tracer.captureAWSv3Client(new SESv2Client({}))),
    };
    return cold;
  };

  return async function handler(event: unknown, context?: Context): Promise<DigestResult> {
    return inHandlerSegment(tracer, 'digest', () => run(event, context));
  };

  async function run(event: unknown, context?: Context): Promise<DigestResult> {
    try {
      const ev = parseEvent(DigestEvent, event, 'Digest');
      const { env, store, s3, config, secrets, ses } = init();
      if (context) logger.addContext(context);
      logger.appendKeys({ scanId: ev.scanId });
      tracer.putAnnotation('scanId', ev.scanId);
      const cfg = await config();
      const now = deps.clock();

      const header = await store.getScanHeader(ev.scanId);
      if (!header)
        throw new Error(
          `Scan ${ev.scanId} has no header in table ${env.TABLE_NAME}. Fix: start runs through the state machine (its Plan step writes the header).`,
        );
      // A planned unit without a stored summary never reported (its Lambda failed after retries): stored now
      // as failed, with the error Step Functions recorded for its child execution when the Map wrote one.
      // Only unit keys are held (a few bytes each), never their summaries.
      const services = (header.scope.services ?? [...SERVICES]) as ServiceName[];
      const have = new Set((await storedUnitKeys(store, ev.scanId)).map((u) => `${u.accountId}:${u.region}`));
      const plannedKeys = new Set(header.plannedUnits ?? []);
      if (ev.unitsKey)
        for (const k of await readUnitList(s3, env.RUN_BUCKET, ev.unitsKey)) plannedKeys.add(k);
      const failedChildren = ev.resultsManifestKey
        ? await readFailedUnits(s3, env.RUN_BUCKET, ev.resultsManifestKey)
        : undefined;
      const noResult =
        ev.resultsManifestKey === null
          ? 'No result: the distributed map failed before this unit reported (see the execution history).'
          : 'No result: the Scan Lambda failed after its retries (see the execution history).';
      for (const key of plannedKeys) {
        const unit = parseUnitKey(key);
        if (have.has(`${unit.accountId}:${unit.region}`)) continue;
        const reason = failedChildren?.get(key)?.reason ?? noResult;
        await store.putUnit(failedUnitSummary(ev.scanId, unit, services, reason, now), []);
      }

      // The previous scan is the one Plan chose (each unit diffed against it); the history counts the rest.
      const earlier = await earlierFinishedScans(store, header.accounts, header.startedAt);
      const prevHeader = header.previousScanId
        ? (earlier.find((h) => h.scanId === header.previousScanId) ??
          (await store.getScanHeader(header.previousScanId)))
        : undefined;

      // Each unit updated its share of the debt register and stored its aggregate when it ran: the digest is
      // rolled up from the unit summaries, streamed account by account (bounded memory at any size). Each
      // account's section is stored, and its metrics published, as soon as it is complete; the digest keeps
      // the organization summary and the sections of the accounts needing attention most.
      const tally = new UnitTally();
      const sectionKeys = accountSectionsFor(ev.scanId);
      let lowest: Level | undefined;
      let drops = 0;
      let sectionsStored = 0;
      // The Well-Architected sync answers from every account's score (the one list that grows with the
      // organization, kept only when the sync is on).
      const scores: AccountScore[] | undefined = wellArchitectedEnabled(cfg) ? [] : undefined;
      const onAccount = async (a: AccountSection): Promise<void> => {
        if (tally.accountsScanned.has(a.accountId))
          lowest = Math.min(lowest ?? a.level.current, a.level.current) as Level;
        const m = accountMetricSets(a);
        publishMetricSets(metrics, m.sets);
        drops += m.drops;
        scores?.push({ accountId: a.accountId, score: a.score });
        await putAccountSection(s3, env.RUN_BUCKET, ev.scanId, a);
        sectionsStored++;
      };
      const digest: Digest = await rollupUnits({
        header,
        units: tally.through(store.units(ev.scanId)),
        ...(prevHeader ? { previousHeader: prevHeader, previousUnits: store.units(prevHeader.scanId) } : {}),
        // The register's entries in regions no unit covered (not scanned this time, failed units).
        debtOutside: (accountId, regions) => debtOutside(store, accountId, regions),
        attestations: cfg.attestations ?? [],
        scansInHistory: earlier.length + 1,
        now: now.toISOString(),
        ...(cfg.maturity?.shares ? { shares: cfg.maturity.shares } : {}),
        sections: { keep: deps.accountsKept ?? DIGEST_ACCOUNTS_KEPT, onAccount },
      });
      if (digest.organization) {
        digest.organization.sections = {
          markdown: `s3://${env.RUN_BUCKET}/${sectionKeys.pattern('md')}`,
          json: `s3://${env.RUN_BUCKET}/${sectionKeys.pattern('json')}`,
        };
      }
      let final = tally.finalize(header, now);
      digest.scan.status = effectiveStatus(final.status, digest.coverage);
      digest.scan.finished = final.finishedAt!;
      const only = digest.accounts.length === 1 ? digest.accounts[0] : undefined;
      if (only) final = { ...final, score: only.summary };
      await store.putScanHeader(final);

      const level = lowest ?? null;
      metrics.addMetric('UnitsFailed', MetricUnit.Count, final.coverage.unitsFailed);
      metrics.addMetric('FailingFindings', MetricUnit.Count, final.findingCounts?.fail ?? 0);
      // The score as metrics (docs/metrics.md): each account's were published as its section was stored.
      publishMetricSets(metrics, [totalMetricSet(drops)]);

      // Delivery: after everything is stored; a failure is reported, not thrown.
      const errors: string[] = [];
      const delivered: DigestResult['delivered'] = { slack: 'off', email: 'off' };
      if (env.SLACK_SECRET_ARN) {
        let url: string | undefined;
        try {
          url = await readSlackWebhookUrl(secrets(), env.SLACK_SECRET_ARN);
          await postSlack(url, renderSlack(digest), deps.slackRetry);
          delivered.slack = 'sent';
        } catch (err) {
          delivered.slack = 'failed';
          errors.push(`slack: ${scrub(errorText(err), url)}`);
        }
      }
      if (env.EMAIL_FROM && env.EMAIL_TO.length > 0) {
        try {
          const mail = renderEmail(digest);
          await sendEmail(ses(), {
            from: env.EMAIL_FROM,
            to: env.EMAIL_TO,
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
          });
          delivered.email = 'sent';
        } catch (err) {
          delivered.email = 'failed';
          errors.push(`email: ${errorText(err)}`);
        }
      }
      metrics.addMetric('DigestDeliveryFailures', MetricUnit.Count, errors.length);
      for (const e of errors) logger.error('digest delivery failed', { error: e });
      logger.info('digest built', {
        status: final.status,
        level,
        coverage: final.coverage,
        findings: final.findingCounts,
        previousScanId: prevHeader?.scanId,
        delivered,
      });

      // Well-Architected Tool sync (config switch, off by default): reported, never thrown.
      const integrations = await afterScan(cfg, final, digest, scores);
      if (integrations) logger.info('integrations', { integrations });

      const key = digestKeyFor(ev.scanId);
      const bytes = await putDigestMarkdown(s3, env.RUN_BUCKET, key, renderMarkdown(digest));
      return {
        scanId: ev.scanId,
        status: final.status,
        level,
        delivered,
        ...(errors.length > 0
          ? {
              deliveryErrors: errors.map((e) =>
                e.length > MAX_ERROR_CHARS ? `${e.slice(0, MAX_ERROR_CHARS - 3)}...` : e,
              ),
            }
          : {}),
        markdownObject: { bucket: env.RUN_BUCKET, key, bytes },
        sections: { bucket: env.RUN_BUCKET, prefix: sectionKeys.prefix, accounts: sectionsStored },
        ...(integrations ? { integrations } : {}),
      };
    } catch (err) {
      logger.error('digest failed', { error: errorText(err) });
      throw err;
    } finally {
      metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  }
}

/** The webhook URL is a secret: never let it reach a log line or the execution output. */
function scrub(message: string, url: string | undefined): string {
  let out = url ? message.split(url).join('<webhook URL>') : message;
  out = out.replace(/https:\/\/hooks\.slack\.com\/\S+/g, '<webhook URL>');
  return out;
}

export const handler = makeDigestHandler();
