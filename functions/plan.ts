/**
 * Plan Lambda: which (account, region) units this run scans. Targets come from the event's scope, the
 * configured account list, AWS Organizations or the function's own account; regions from each account's
 * enabled regions filtered by the scope. Writes the unit list to the run bucket (the Distributed Map reads
 * it from there with its ItemReader) and a `running` scan header whose size does not depend on the number
 * of units, and returns only the scan id, the list's key and its length. An account whose member role
 * cannot be assumed is recorded as failed units with the reason; the other accounts go on.
 */
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { enabledRegions } from '#lib/collect/regions.js';
import { PlanEnv, parseEnv } from '#lib/config/function-env.js';
import { mapLimit } from '#lib/collect/concurrency.js';
import { GLOBAL_HOME_REGION, planUnits } from '#lib/engine/plan.js';
import { earlierFinishedScans, errorText, failedUnitSummary } from '#lib/engine/scan.js';
import { TOOL_VERSION } from '#lib/engine/version.js';
import { engineFingerprint } from '#lib/engine/fingerprint.js';
import { nextRescoreId, rescoreHeader } from '#lib/integrations/rescore.js';
import {
  SERVICES,
  type ScanHeader,
  type ScanScope,
  type ScanUnit,
  type ServiceName,
  type UnitSummary,
} from '#lib/model/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { storedUnitKeys, type FindingsStore } from '#lib/store/types.js';
import { unitsKeyFor, writeUnitList } from './run-files.js';
import {
  AccountIdSchema,
  InvalidEventError,
  RegionSchema,
  ServiceSchema,
  defaultAssumeRole,
  defaultClientsFor,
  defaultTools,
  memberRoleArn,
  ownIdentity,
  parseEvent,
  scanIdFor,
  traced,
  unitKey,
  type AssumeRole,
  type ClientsFor,
  type Identity,
  inHandlerSegment,
  loadConfigFromSsm,
  ScanIdSchema,
  type Tools,
} from './shared.js';

/** Longest reason kept (it is shown in the digest header; `perfscan run --remote --reason` has the same limit). */
export const MAX_REASON_LENGTH = 500;

export const PlanEvent = z.object({
  input: z.strictObject({
    /**
     * `rescore`: re-judge the stored scan `scanId` with the current checks and config (its stored snapshots,
     * no AWS read of any account): a new scan `<scanId>-rN` of the same units, digested against the original.
     */
    action: z.enum(['scan', 'rescore']).optional(),
    scanId: ScanIdSchema.optional(),
    trigger: z.enum(['schedule', 'on-demand', 'release']).optional(),
    reason: z.string().trim().min(1).max(MAX_REASON_LENGTH).optional(),
    scope: z
      .strictObject({
        accounts: z.array(AccountIdSchema).min(1).optional(),
        regions: z.array(RegionSchema).min(1).optional(),
        services: z.array(ServiceSchema).min(1).optional(),
      })
      .optional(),
    // The Step Functions console pre-fills new executions with {"Comment": "..."}.
    Comment: z.string().optional(),
  }),
  executionId: z.string().min(1),
  startedAt: z.iso.datetime({ offset: true }),
});
export type PlanEvent = z.infer<typeof PlanEvent>;

/** Plan's output in the state: constant size whatever the organization's size. */
export interface PlanResult {
  scanId: string;
  /** Key of the unit list in the run bucket: a JSON array of `{"unit": "account:region[:g]"}`. */
  unitsKey: string;
  /** Units in the list (failed-at-plan units are stored as failed unit summaries, not listed). */
  unitCount: number;
}

/** Plus the region the Lambda runtime sets. */
const PlanHandlerEnv = PlanEnv.extend({
  AWS_REGION: z.string().min(1).optional(),
});

export interface PlanDeps {
  env: Record<string, string | undefined>;
  store?: FindingsStore;
  /** DynamoDB client for the default store (TABLE_NAME, FINDINGS_TTL_DAYS from the environment). */
  dynamo?: DynamoDBClient;
  /** S3 client for the run bucket (RUN_BUCKET). */
  s3?: S3Client;
  /** SSM client for the config (a rescore records the thresholds it judges with). */
  ssm?: SSMClient;
  clientsFor: ClientsFor;
  assumeRole: AssumeRole;
  organizations?: OrganizationsClient;
  /** Accounts planned at once (each costs an AssumeRole and a DescribeRegions). */
  concurrency: number;
  tools: Tools;
}

/** Only what planning calls: who am I, which regions are enabled. */
const PLAN_ACTIONS: ReadonlySet<string> = new Set(['sts:GetCallerIdentity', 'ec2:DescribeRegions']);

interface AccountPlan {
  accountId: string;
  scan: ScanUnit[];
  failed: { unit: Pick<ScanUnit, 'accountId' | 'region' | 'global'>; reason: string }[];
}

export function makePlanHandler(overrides: Partial<PlanDeps> = {}) {
  const deps: PlanDeps = {
    env: process.env,
    clientsFor: defaultClientsFor,
    assumeRole: defaultAssumeRole,
    concurrency: 10,
    tools: overrides.tools ?? defaultTools(overrides.env ?? process.env),
    ...overrides,
  };
  const { logger, metrics, tracer } = deps.tools;
  let cold:
    | {
        env: z.output<typeof PlanHandlerEnv>;
        store: FindingsStore;
        s3: S3Client;
        ssm: () => SSMClient;
        organizations: () => OrganizationsClient;
      }
    | undefined;

  const init = () => {
    if (cold) return cold;
    const env = parseEnv(PlanHandlerEnv, deps.env);
    const bad = [
      ...env.TARGET_ACCOUNTS.filter((a) => !/^\d{12}$/.test(a)).map(
        (a) => `TARGET_ACCOUNTS: '${a}' is not a 12-digit account id`,
      ),
    ];
    for (const r of env.REGIONS)
      if (!RegionSchema.safeParse(r).success) bad.push(`REGIONS: '${r}' is not a known AWS region code`);
    for (const s of env.SERVICES)
      if (!ServiceSchema.safeParse(s).success) bad.push(`SERVICES: '${s}' is not a perfscan service`);
    if (bad.length > 0) throw new Error(`Invalid function environment:\n${bad.join('\n')}`);
    const store =
      deps.store ??
      new DynamoStore({
        tableName: env.TABLE_NAME,
        client: deps.dynamo ?? tracer.captureAWSv3Client(new DynamoDBClient({})),
      });
    let org: OrganizationsClient | undefined = deps.organizations;
    let ssm: SSMClient | undefined = deps.ssm;
    cold = {
      env,
      store,
      s3: deps.s3 ?? tracer.captureAWSv3Client(new S3Client({})),
      ssm: () => (ssm ??= tracer.captureAWSv3Client(new SSMClient({}))),
      organizations: () => (org ??= tracer.captureAWSv3Client(new OrganizationsClient({}))),
    };
    return cold;
  };

  async function engineOf(ssm: () => SSMClient, name: string | undefined) {
    try {
      const cfg = await loadConfigFromSsm(ssm(), name);
      return engineFingerprint(cfg.thresholds, undefined, TOOL_VERSION);
    } catch (err) {
      logger.warn('config not read at plan time: the scan header records no thresholds', {
        error: errorText(err),
      });
      return undefined;
    }
  }

  return async function handler(event: unknown, context?: Context): Promise<PlanResult> {
    return inHandlerSegment(tracer, 'plan', () => run(event, context));
  };

  async function run(event: unknown, context?: Context): Promise<PlanResult> {
    try {
      // The event first: a malformed one fails before anything is read or written.
      const ev = parseEvent(PlanEvent, event, 'Plan');
      const { env, store, s3, ssm, organizations } = init();
      if (context) logger.addContext(context);
      if (ev.input.action === 'rescore' || ev.input.scanId !== undefined)
        return await planRescore(ev, env, store, s3, ssm);
      const startedAt = new Date(ev.startedAt);
      const scanId = scanIdFor(startedAt, ev.executionId);
      logger.appendKeys({ scanId });
      tracer.putAnnotation('scanId', scanId);

      const scope = ev.input.scope ?? {};
      const deployedServices = (env.SERVICES.length > 0 ? env.SERVICES : [...SERVICES]) as ServiceName[];
      const notDeployed = (scope.services ?? []).filter((s) => !deployedServices.includes(s));
      if (notDeployed.length > 0) {
        throw new InvalidEventError('Plan', [
          {
            path: 'input.scope.services',
            message: `${notDeployed.join(', ')} not deployed: the scanner role only allows ${deployedServices.join(', ')}`,
          },
        ]);
      }
      const services = scope.services ?? deployedServices;
      const regions = scope.regions ?? (env.REGIONS.length > 0 ? env.REGIONS : undefined);
      const homeRegion = env.AWS_REGION ?? 'us-east-1';

      const own = await ownIdentity(context, () =>
        traced(deps.clientsFor({ region: homeRegion, allowedActions: PLAN_ACTIONS }), tracer),
      );
      const targets = await resolveTargets(scope.accounts, env, own, organizations);

      const plans = await mapLimit(targets, deps.concurrency, (accountId) =>
        planAccount({
          accountId,
          own,
          regions,
          homeRegion,
          roleName: env.MEMBER_ROLE_NAME,
          externalId: env.EXTERNAL_ID,
        }),
      );

      const units = plans.flatMap((p) => p.scan.map(unitKey));
      // The list first: a header never points at units that are not written down.
      const unitsKey = unitsKeyFor(scanId);
      const listBytes = await writeUnitList(s3, env.RUN_BUCKET, unitsKey, units);
      const plannedCount = units.length + plans.reduce((n, p) => n + p.failed.length, 0);
      const scopeOut: ScanScope = { accounts: targets, services };
      if (regions) scopeOut.regions = [...regions];
      const header: ScanHeader = {
        scanId,
        startedAt: startedAt.toISOString(),
        trigger: ev.input.trigger ?? 'on-demand',
        ...(ev.input.reason ? { reason: ev.input.reason } : {}),
        scope: scopeOut,
        status: 'running',
        accounts: targets,
        coverage: { unitsPlanned: plannedCount, unitsScanned: 0, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
        toolVersion: TOOL_VERSION,
      };
      // The checks and thresholds this scan is judged with, as the CLI records them: what a later rescore's
      // diff names as the checks' change. Informational: a config the Scan will reject is reported there.
      const engine = await engineOf(ssm, env.CONFIG_PARAMETER_NAME);
      if (engine) header.engine = engine;
      // The scan each unit compares with (diff, `new` marks): the newest finished scan of these accounts.
      const [previous] = await earlierFinishedScans(store, targets, header.startedAt);
      if (previous) header.previousScanId = previous.scanId;
      await store.putScanHeader(header);
      // Units that failed at plan time carry their reason to the digest as failed unit summaries.
      const failedSummaries: UnitSummary[] = plans.flatMap((p) =>
        p.failed.map((f) => failedUnitSummary(scanId, f.unit, services, f.reason, startedAt)),
      );
      for (const s of failedSummaries) await store.putUnit(s, []);

      const failedAccounts = plans.filter((p) => p.failed.length > 0).length;
      metrics.addMetric('UnitsPlanned', MetricUnit.Count, plannedCount);
      metrics.addMetric('PlanFailedUnits', MetricUnit.Count, failedSummaries.length);
      logger.info('planned scan', {
        trigger: header.trigger,
        accounts: targets.length,
        units: units.length,
        unitList: { key: unitsKey, bytes: listBytes },
        failedUnits: failedSummaries.length,
        failedAccounts,
      });
      for (const s of failedSummaries)
        logger.warn('unit failed at plan time', { unit: unitKey(s), reason: s.error });
      return { scanId, unitsKey, unitCount: units.length };
    } catch (err) {
      logger.error('plan failed', { error: errorText(err) });
      throw err;
    } finally {
      metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  }

  /**
   * A rescore: the stored scan's units (those with a stored summary) become the unit list; the header is the
   * original's with a new id `<original>-rN` (a retried Plan finds the one its execution wrote), the current
   * checks' fingerprint, and the original as previous scan. No account is read.
   */
  async function planRescore(
    ev: PlanEvent,
    env: z.output<typeof PlanHandlerEnv>,
    store: FindingsStore,
    s3: S3Client,
    ssm: () => SSMClient,
  ): Promise<PlanResult> {
    const bad = (path: string, message: string) => new InvalidEventError('Plan', [{ path, message }]);
    const { action, scanId: requestedId, scope, trigger } = ev.input;
    if (action !== 'rescore') throw bad('input.action', "scanId is only read with action 'rescore'");
    if (!requestedId)
      throw bad('input.scanId', "required with action 'rescore': the stored scan to re-judge");
    if (scope || trigger)
      throw bad(
        scope ? 'input.scope' : 'input.trigger',
        'a rescore re-judges the stored scan as it was (its units and trigger); leave it out',
      );
    const requested = await store.getScanHeader(requestedId);
    if (!requested)
      throw bad(
        'input.scanId',
        `no scan ${requestedId} in table ${env.TABLE_NAME} (list them: perfscan report --remote)`,
      );
    // A rescore of a rescore re-judges the original.
    const original = requested.rescoreOf ? await store.getScanHeader(requested.rescoreOf.scanId) : requested;
    if (!original) throw bad('input.scanId', `the original of rescore ${requestedId} is gone`);
    if (original.status === 'running')
      throw bad('input.scanId', `scan ${original.scanId} is still running; rescore it when it has finished`);
    logger.appendKeys({ rescoreOf: original.scanId });

    const cfg = await loadConfigFromSsm(ssm(), env.CONFIG_PARAMETER_NAME);
    const mine = (await store.listScans()).find(
      (h) => h.rescoreOf?.scanId === original.scanId && h.rescoreOf.executionId === ev.executionId,
    );
    const scanId = mine?.scanId ?? (await nextRescoreId(store, original));
    logger.appendKeys({ scanId });
    tracer.putAnnotation('scanId', scanId);
    const header = rescoreHeader(original, scanId, {
      engine: engineFingerprint(cfg.thresholds, undefined, TOOL_VERSION),
      toolVersion: TOOL_VERSION,
      executionId: ev.executionId,
    });
    if (ev.input.reason) header.reason = `${ev.input.reason} (${header.reason})`;
    header.coverage = { ...original.coverage, unitsScanned: 0, unitsPartial: 0, unitsFailed: 0, gaps: 0 };

    // Keys only (a few bytes a unit): every unit the original stored, failed ones included (copied as they were).
    const units = (await storedUnitKeys(store, original.scanId)).map((u) => `${u.accountId}:${u.region}`);
    const unitsKey = unitsKeyFor(scanId);
    const listBytes = await writeUnitList(s3, env.RUN_BUCKET, unitsKey, units);
    await store.putScanHeader(header);
    metrics.addMetric('UnitsPlanned', MetricUnit.Count, units.length);
    logger.info('planned rescore', { units: units.length, unitList: { key: unitsKey, bytes: listBytes } });
    return { scanId, unitsKey, unitCount: units.length };
  }

  async function resolveTargets(
    requested: string[] | undefined,
    env: z.output<typeof PlanHandlerEnv>,
    own: Identity,
    organizations: () => OrganizationsClient,
  ): Promise<string[]> {
    const configured =
      env.TARGET_ACCOUNTS.length > 0
        ? env.TARGET_ACCOUNTS
        : env.USE_ORGANIZATIONS
          ? await organizationAccounts(organizations())
          : [own.accountId];
    const source =
      env.TARGET_ACCOUNTS.length > 0
        ? 'TARGET_ACCOUNTS'
        : env.USE_ORGANIZATIONS
          ? "the organization's active accounts"
          : 'this account only';
    if (!requested) return [...new Set(configured)];
    const outside = requested.filter((a) => !configured.includes(a));
    if (outside.length > 0) {
      throw new InvalidEventError('Plan', [
        {
          path: 'input.scope.accounts',
          message: `${outside.join(', ')} not among this deployment's targets (${source}); add it to the stack's accounts first`,
        },
      ]);
    }
    return [...new Set(requested)];
  }

  async function planAccount(a: {
    accountId: string;
    own: Identity;
    regions: string[] | undefined;
    homeRegion: string;
    roleName: string;
    externalId: string | undefined;
  }): Promise<AccountPlan> {
    const isOwn = a.accountId === a.own.accountId;
    const roleArn = isOwn ? undefined : memberRoleArn(a.own.partition, a.accountId, a.roleName);
    // When the account cannot be planned at all, every requested region (or the home region) is a failed unit.
    const allFailed = (reason: string): AccountPlan => {
      const regions = a.regions ?? [a.homeRegion];
      const globalRegion = regions.includes(GLOBAL_HOME_REGION) ? GLOBAL_HOME_REGION : regions[0];
      return {
        accountId: a.accountId,
        scan: [],
        failed: regions.map((region) => ({
          unit: { accountId: a.accountId, region, global: region === globalRegion },
          reason,
        })),
      };
    };
    let credentials: AwsCredentialIdentityProvider | undefined;
    if (roleArn) {
      credentials = deps.assumeRole({
        roleArn,
        region: a.homeRegion,
        sessionName: 'perfscan-plan',
        ...(a.externalId ? { externalId: a.externalId } : {}),
      });
      try {
        await credentials();
      } catch (err) {
        return allFailed(
          `Could not assume ${roleArn}: ${errorText(err)}. Fix: deploy the perfscan member-role stack in ${a.accountId} (trusting the scanner role, same external id).`,
        );
      }
    }
    const clients = traced(
      deps.clientsFor({
        region: a.homeRegion,
        accountId: a.accountId,
        allowedActions: PLAN_ACTIONS,
        ...(credentials ? { credentials } : {}),
      }),
      tracer,
    );
    try {
      let enabled: string[];
      try {
        enabled = await enabledRegions(clients);
      } catch (err) {
        // The regions were named: scan them as given (a disabled one fails its own unit with OptInRequired).
        if (!a.regions)
          return allFailed(
            `Could not list the enabled regions of ${a.accountId} (ec2:DescribeRegions): ${errorText(err)}`,
          );
        logger.warn('could not verify regions; scanning them as given', {
          account: a.accountId,
          error: errorText(err),
        });
        enabled = [...a.regions];
      }
      const usable = a.regions ? a.regions.filter((r) => enabled.includes(r)) : enabled;
      const disabled = a.regions ? a.regions.filter((r) => !enabled.includes(r)) : [];
      const failed = disabled.map((region) => ({
        unit: { accountId: a.accountId, region, global: false },
        reason: `Region ${region} is not enabled in account ${a.accountId}. Fix: enable it, or drop it from the regions to scan.`,
      }));
      if (usable.length === 0 && failed.length === 0)
        return allFailed(`Account ${a.accountId} has no enabled regions to scan.`);
      const scan =
        usable.length > 0
          ? planUnits({
              accountId: a.accountId,
              enabledRegions: enabled,
              regions: usable,
              ...(roleArn ? { roleArn } : {}),
            })
          : [];
      return { accountId: a.accountId, scan, failed };
    } finally {
      clients.destroy();
    }
  }
}

/** The organization's ACTIVE accounts (ListAccounts pages hold at most 20). */
async function organizationAccounts(client: OrganizationsClient): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateListAccounts({ client, pageSize: 20 }, {})) {
    for (const acct of page.Accounts ?? []) {
      // `Status` is being retired in favour of `State` (2026-09); read whichever is present.
      if (acct.Id && (acct.State ?? acct.Status) === 'ACTIVE') out.push(acct.Id);
    }
  }
  return out.sort();
}

export const handler = makePlanHandler();
