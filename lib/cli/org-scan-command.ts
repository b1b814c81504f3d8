/**
 * `perfscan scan --accounts a,b | --organization --role-name R [--external-id X]`: scan several accounts from
 * the CLI the way the deployed stack does. The member role is assumed in each account (STS AssumeRole with
 * the external id; the caller's own account uses the caller's credentials), accounts are prepared a few at a
 * time and their units scanned with the usual bounded concurrency, into one scan: per-account digests and an
 * organization summary. An account that cannot be assumed is a reported gap, not a failure (exit 3).
 */
import { resolve } from 'node:path';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { SERVICES, type ScanUnit, type UnitSummary } from '#lib/model/index.js';
import { DEFAULT_WINDOW_DAYS, loadConfig } from '#lib/config/schema.js';
import { LocalStore, writeJsonAtomic } from '#lib/store/local.js';
import { createClientFactory, type PerfscanClientFactory } from '#lib/collect/clients.js';
import { callerAccountId, enabledRegions } from '#lib/collect/regions.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { mapLimit } from '#lib/collect/concurrency.js';
import { GLOBAL_HOME_REGION } from '#lib/engine/plan.js';
import { errorText, failedUnitSummary, finalizeHeader, runScan } from '#lib/engine/scan.js';
import type { SimAccount } from '#lib/sim/core.js';
import { assumedRoleCredentials, partitionOfArn, roleArn } from '#lib/integrations/assume.js';
import {
  organizationSummary,
  renderOrganizationSummary,
  type OrgGap,
} from '#lib/integrations/organization.js';
import { digestFor, previousScanOf, writeOutput } from './digest.js';
import { useColor } from './formats.js';
import { CredentialsError, UsageError, type CliIO, type ExitCode } from './io.js';
import { memoryBudgetOf, unitConcurrency } from './options.js';
import { ProgressDisplay } from './progress.js';
import { scanCounts, scanExitCode } from './scan-command.js';
import type { ScanFlags } from './scan.js';

export interface OrgScanFlags extends ScanFlags {
  accounts?: string[];
  organization?: boolean;
  roleName?: string;
  externalId?: string;
  accountConcurrency: number;
}

/** What the caller's own credentials call before any member account: who am I, which accounts, assume. */
const ORG_ACTIONS: ReadonlySet<string> = new Set([
  'sts:GetCallerIdentity',
  'sts:AssumeRole',
  'organizations:ListAccounts',
  'ec2:DescribeRegions',
]);

/** Simulated organization of the CLI's `--simulated` mode: two members besides the managing account. */
export const SIMULATED_MEMBERS = [
  { id: '444455556666', name: 'sim-payments', scale: 1 },
  { id: '777788889999', name: 'sim-search', scale: 0.5 },
];

interface Prepared {
  accountId: string;
  enabledRegions: string[];
  roleArn?: string;
  make(region: string): PerfscanClientFactory;
}

export async function orgScanCommand(flags: OrgScanFlags, io: CliIO): Promise<ExitCode> {
  const started = Date.now();
  if (flags.accounts && flags.organization)
    throw new UsageError('Use either --accounts or --organization', 'drop one of them');
  if (flags.externalId !== undefined && flags.roleName === undefined)
    throw new UsageError(
      '--external-id needs --role-name',
      'add --role-name R (the member role in each account)',
    );
  const config = await loadConfig(flags.config, { cwd: io.cwd });
  const services = flags.services ?? config.services ?? [...SERVICES];
  const regions = flags.regions ?? config.regions;
  const windowDays = flags.windowDays ?? config.windowDays ?? DEFAULT_WINDOW_DAYS;
  const roleName = flags.roleName ?? config.targets?.memberRoleName;
  const externalId = flags.externalId ?? config.targets?.externalId;
  const allowed = new Set(requiredIamActions(services));
  const home = io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? GLOBAL_HOME_REGION;
  const factories: PerfscanClientFactory[] = [];
  const progress = new ProgressDisplay(io.stderr, {
    force: flags.progress === true,
    apiCalls: () => factories.reduce((n, f) => n + f.stats.total(), 0),
  });

  // The caller: simulated management account, or the standard credential chain.
  let sims: Map<string, SimAccount> | undefined;
  let base: PerfscanClientFactory;
  let baseCredentials: AwsCredentialIdentityProvider | undefined;
  let dataNow: Date | undefined;
  const profileName = flags.profile ?? io.env.AWS_PROFILE ?? 'default';
  if (flags.simulated) {
    const { createSimulatedAccount } = await import('#lib/sim/index.js');
    const { hashSeed } = await import('#lib/sim/core.js');
    const seed = flags.simSeed ?? 20261122;
    const members = SIMULATED_MEMBERS.map((m) => ({ id: m.id, name: m.name }));
    const mk = (accountId: string, s: number, scale: number) =>
      createSimulatedAccount({
        accountId,
        seed: s,
        scale: scale * (flags.simScale ?? 1),
        organization: { members },
      });
    const management = mk('111122223333', seed, 1);
    sims = new Map([[management.accountId, management]]);
    for (const m of SIMULATED_MEMBERS) sims.set(m.id, mk(m.id, hashSeed(seed, m.id), m.scale));
    dataNow = management.options.now;
    base = createClientFactory({ region: home, simulator: management, allowedActions: ORG_ACTIONS });
  } else {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    baseCredentials = fromNodeProviderChain(flags.profile ? { profile: flags.profile } : {});
    try {
      await baseCredentials();
    } catch (err) {
      throw new CredentialsError(profileName, errorText(err));
    }
    base = createClientFactory({
      region: home,
      credentials: baseCredentials,
      allowedActions: ORG_ACTIONS,
      ...(flags.profile ? { profile: flags.profile } : {}),
    });
  }
  factories.push(base);

  try {
    progress.status('identifying the caller and the accounts to scan');
    let caller: string;
    let partition = 'aws';
    try {
      caller = await callerAccountId(base);
      const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
      partition = partitionOfArn((await base.get(STSClient).send(new GetCallerIdentityCommand({}))).Arn);
    } catch (err) {
      throw new CredentialsError(profileName, errorText(err));
    }
    const names = new Map<string, string>();
    let targets: string[];
    if (flags.organization) {
      try {
        targets = [];
        for await (const page of paginateListAccounts(
          { client: base.get(OrganizationsClient), pageSize: 20 },
          {},
        )) {
          for (const a of page.Accounts ?? []) {
            if (!a.Id || (a.State ?? a.Status) !== 'ACTIVE') continue;
            targets.push(a.Id);
            if (a.Name) names.set(a.Id, a.Name);
          }
        }
      } catch (err) {
        throw new UsageError(
          `Could not list the organization's accounts (organizations:ListAccounts): ${errorText(err)}`,
          'run from the management account or a delegated administrator, or name the accounts with --accounts',
        );
      }
    } else targets = [...new Set(flags.accounts ?? [])];
    if (targets.some((a) => a !== caller) && !roleName)
      throw new UsageError(
        'Scanning other accounts needs the member role to assume',
        'pass --role-name R (the perfscan member role deployed in each account; `targets.memberRoleName` in the config)',
      );

    // Prepare each account: assume its role, list its enabled regions. A failure is that account's gap.
    progress.status(`preparing ${targets.length} accounts`);
    const gaps: OrgGap[] = [];
    const prepared: Prepared[] = [];
    await mapLimit(targets, flags.accountConcurrency, async (accountId) => {
      const arn = accountId === caller ? undefined : roleArn(partition, accountId, roleName as string);
      let credentials = baseCredentials;
      if (arn) {
        credentials = assumedRoleCredentials(base.get(STSClient), {
          roleArn: arn,
          sessionName: 'perfscan-cli',
          ...(externalId ? { externalId } : {}),
        });
        try {
          await credentials();
        } catch (err) {
          gaps.push({
            accountId,
            ...(names.has(accountId) ? { name: names.get(accountId) } : {}),
            reason: `could not assume ${arn}: ${errorText(err)}. Fix: deploy the perfscan member-role stack in ${accountId} trusting this caller${externalId ? ' with the same external id' : ''}`,
          });
          return;
        }
      }
      const sim = sims?.get(accountId);
      const make = (region: string): PerfscanClientFactory => {
        const f = sim
          ? createClientFactory({ region, simulator: sim, allowedActions: allowed, accountId })
          : createClientFactory({
              region,
              accountId,
              allowedActions: allowed,
              ...(credentials ? { credentials } : {}),
              ...(flags.profile && !arn ? { profile: flags.profile } : {}),
            });
        factories.push(f);
        return f;
      };
      if (flags.simulated && !sim) {
        gaps.push({ accountId, reason: 'not an account of the simulated organization' });
        return;
      }
      let enabled: string[];
      const probe = sim
        ? createClientFactory({ region: home, simulator: sim, allowedActions: ORG_ACTIONS, accountId })
        : createClientFactory({
            region: home,
            accountId,
            allowedActions: ORG_ACTIONS,
            ...(credentials ? { credentials } : {}),
          });
      factories.push(probe);
      try {
        enabled = await enabledRegions(probe);
      } catch (err) {
        if (!regions) {
          gaps.push({
            accountId,
            reason: `could not list its enabled regions (ec2:DescribeRegions): ${errorText(err)}`,
          });
          return;
        }
        enabled = [...regions];
      }
      const usable = regions ? regions.filter((r) => enabled.includes(r)) : enabled;
      if (usable.length === 0) {
        gaps.push({
          accountId,
          reason: `none of the requested regions is enabled (enabled: ${enabled.join(', ')})`,
        });
        return;
      }
      prepared.push({ accountId, enabledRegions: usable, ...(arn ? { roleArn: arn } : {}), make });
    });
    prepared.sort((a, b) => (a.accountId < b.accountId ? -1 : 1));

    const store = new LocalStore(resolve(io.cwd, flags.out));
    const now = new Date();
    const byAccount = new Map(prepared.map((p) => [p.accountId, p]));
    const previous = await previousScanOf(store, [...targets].sort());
    const result = await runScan({
      store,
      ...(previous ? { previous } : {}),
      accounts: prepared.map((p) => ({
        accountId: p.accountId,
        enabledRegions: p.enabledRegions,
        ...(p.roleArn ? { roleArn: p.roleArn } : {}),
      })),
      ...(regions
        ? { regions: regions.filter((r) => prepared.some((p) => p.enabledRegions.includes(r))) }
        : {}),
      services,
      clientsFor: (unit: ScanUnit) => (byAccount.get(unit.accountId) as Prepared).make(unit.region),
      now,
      ...(dataNow ? { dataNow } : {}),
      trigger: flags.simulated ? 'simulated' : 'cli',
      ...(flags.reason ? { reason: flags.reason } : {}),
      windowDays,
      ...(config.thresholds ? { thresholds: config.thresholds } : {}),
      ...(config.suppressions ? { suppressions: config.suppressions } : {}),
      memoryBudget: memoryBudgetOf(flags.memoryBudget),
      metricWorkers:
        flags.metricWorkers === 'auto'
          ? (await import('#lib/collect/metric-workers.js')).autoMetricWorkers()
          : flags.metricWorkers,
      concurrency: unitConcurrency(
        flags.concurrency,
        prepared.flatMap((p) => p.enabledRegions),
      ),
      onProgress: progress.onProgress,
    });
    progress.stop();

    // Accounts that could not be scanned: one failed unit each (home region), carrying the reason.
    const gapUnits: UnitSummary[] = gaps.map((g) =>
      failedUnitSummary(
        result.header.scanId,
        { accountId: g.accountId, region: regions?.[0] ?? home, global: true },
        services,
        g.reason,
        now,
      ),
    );
    for (const u of gapUnits) await store.putUnit(u, []);
    const allAccounts = [...targets].sort();
    const header0 = finalizeHeader(
      {
        ...result.header,
        accounts: allAccounts,
        scope: { ...result.header.scope, accounts: allAccounts },
        coverage: {
          ...result.header.coverage,
          unitsPlanned: result.header.coverage.unitsPlanned + gapUnits.length,
        },
      },
      [...result.units, ...gapUnits],
      new Date(),
    );
    await store.putScanHeader(header0);

    // Each unit updated its share of the debt register as it finished; the digest reads the unit aggregates.
    const digest = await digestFor(store, header0, {
      attestations: config.attestations ?? [],
      now: new Date().toISOString(),
      ...(config.maturity?.shares ? { shares: config.maturity.shares } : {}),
    });

    const scannedIds = new Set(prepared.map((p) => p.accountId));
    const summary = organizationSummary(
      header0.scanId,
      digest.accounts
        .filter((a) => scannedIds.has(a.accountId))
        .map((a) => ({
          accountId: a.accountId,
          ...(names.has(a.accountId) ? { name: names.get(a.accountId) } : {}),
          level: a.summary.overall,
          failing: a.failing,
          failingChecks: a.failingChecks,
          unitsNotComplete: result.units.filter((u) => u.accountId === a.accountId && u.status !== 'ok')
            .length,
        })),
      gaps,
    );
    await writeJsonAtomic(`${store.scanDir(header0.scanId)}/organization.json`, summary);

    const color = useColor(flags.color, io.stdout, io.env);
    if (flags.format === 'json') {
      io.stdout.write(`${JSON.stringify({ ...digest, organization: summary }, null, 2)}\n`);
    } else {
      await writeOutput(io.stdout, flags.format, digest, { store, scanId: header0.scanId }, { color });
      io.stdout.write(`\n${renderOrganizationSummary(summary)}`);
    }
    const apiCalls = factories.reduce((n, f) => n + f.stats.total(), 0);
    io.stderr.write(
      `perfscan: organization scan ${header0.scanId} ${header0.status}: ${summary.scanned}/${summary.accounts} accounts scanned` +
        ` (${gaps.length} not: ${gaps.map((g) => g.accountId).join(', ') || 'none'}), ${header0.coverage.unitsScanned}/${header0.coverage.unitsPlanned} units,` +
        ` ${apiCalls} API calls, ${((Date.now() - started) / 1000).toFixed(1)}s; results in ${store.scanDir(header0.scanId)}\n`,
    );
    return scanExitCode(header0, scanCounts(result), flags.failOn);
  } finally {
    progress.stop();
    for (const f of factories) f.destroy();
  }
}
