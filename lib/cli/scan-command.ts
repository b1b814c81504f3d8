/**
 * `perfscan scan`, the work (loaded when the command runs): resolve credentials, the account and its enabled regions first (a failure there
 * exits 2 with nothing written), then run the scan into the local store (each unit updates its share of the
 * debt register and stores its aggregate as it finishes), build the digest from the unit aggregates against
 * the previous scan of the same account, and print it.
 */
import { resolve } from 'node:path';
import {
  SERVICES,
  formatNumber,
  SEVERITY_RANK,
  SEVERITIES,
  type Finding,
  type ScanHeader,
  type Severity,
  type Status,
  type UnitSummary,
  type ScanUnit,
  type ServiceName,
} from '#lib/model/index.js';
import { loadConfig, DEFAULT_WINDOW_DAYS } from '#lib/config/schema.js';
import { LocalStore } from '#lib/store/local.js';
import type { PerfscanClientFactory } from '#lib/collect/clients.js';
import { REGION_TABLE } from '#lib/engine/plan.js';
import type { SimAccount } from '#lib/sim/core.js';
import type { UnitClients } from '#lib/engine/scan.js';
import { digestFor, previousScanOf, useColor, writeOutput } from './digest.js';
import { moreCommand, terminalWidth } from './formats.js';
import { CredentialsError, EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import { memoryBudgetOf, unitConcurrency, type FailOn } from './options.js';
import { ProgressDisplay } from './progress.js';
import type { ScanFlags } from './scan.js';

function errMessage(err: unknown): string {
  if (err instanceof Error) {
    const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
    return `${name}${err.message}`;
  }
  return String(err);
}

/** STS error codes meaning the credentials were found but rejected. */
const REJECTED =
  /InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|UnrecognizedClient|AccessDenied|InvalidAccessKeyId|TokenRefreshRequired|CredentialsProviderError/;

interface AccountContext {
  accountId: string;
  enabledRegions: string[];
  clientsFor(unit: ScanUnit): UnitClients;
  apiCalls(): number;
  /** Close the clients' keep-alive sockets so the process exits promptly. */
  destroy(): void;
  sim?: SimAccount;
}

async function resolveAccount(
  flags: ScanFlags,
  io: CliIO,
  regions: string[] | undefined,
  services: ServiceName[],
): Promise<AccountContext> {
  const { createClientFactory } = await import('#lib/collect/clients.js');
  const { callerAccountId, enabledRegions } = await import('#lib/collect/regions.js');
  const { requiredIamActions } = await import('#lib/collect/registry.js');
  const allowedActions = new Set(requiredIamActions(services));
  const factories: PerfscanClientFactory[] = [];
  // Identify the account from a region that is surely enabled: the configured one (AWS_REGION), else
  // us-east-1, or the first requested region of another partition (China, GovCloud). Never a requested
  // commercial region: it may be an opt-in region that is not enabled, which is what we want to report.
  const homeRegion =
    io.env.AWS_REGION ??
    io.env.AWS_DEFAULT_REGION ??
    regions?.find((r) => REGION_TABLE.some((t) => t.code === r && t.partition !== 'aws')) ??
    'us-east-1';

  let make: (region: string, accountId?: string) => PerfscanClientFactory;
  let sim: SimAccount | undefined;
  const profileName = flags.profile ?? io.env.AWS_PROFILE ?? 'default';
  if (flags.simulated) {
    const { createSimulatedAccount } = await import('#lib/sim/index.js');
    sim = createSimulatedAccount({
      ...(flags.simSeed !== undefined ? { seed: flags.simSeed } : {}),
      ...(flags.simScale !== undefined ? { scale: flags.simScale } : {}),
    });
    const simulator = sim;
    make = (region, accountId) =>
      createClientFactory({ region, simulator, allowedActions, ...(accountId ? { accountId } : {}) });
  } else {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    const credentials = fromNodeProviderChain(flags.profile ? { profile: flags.profile } : {});
    try {
      await credentials();
    } catch (err) {
      throw new CredentialsError(profileName, errMessage(err));
    }
    make = (region, accountId) =>
      createClientFactory({
        region,
        credentials,
        allowedActions,
        ...(flags.profile ? { profile: flags.profile } : {}),
        ...(accountId ? { accountId } : {}),
      });
  }

  const base = make(homeRegion);
  factories.push(base);
  let accountId: string;
  try {
    accountId = await callerAccountId(base);
  } catch (err) {
    const msg = errMessage(err);
    if (REJECTED.test(msg)) throw new CredentialsError(profileName, msg);
    throw new UsageError(
      `Could not identify the AWS account with sts:GetCallerIdentity in ${homeRegion}: ${msg}`,
      'check network access to AWS (and AWS_ENDPOINT_URL if set), or set AWS_REGION to a region your credentials may use',
    );
  }

  let enabled: string[];
  try {
    enabled = await enabledRegions(base);
  } catch (err) {
    if (!regions || regions.length === 0) {
      throw new UsageError(
        `Could not list the enabled regions of account ${accountId} (ec2:DescribeRegions): ${errMessage(err)}`,
        'allow ec2:DescribeRegions (see `perfscan iam-policy`), or name the regions with --regions',
      );
    }
    // The user named the regions; without DescribeRegions we cannot verify them, so trust the list.
    io.stderr.write(
      `perfscan: warning: could not verify the requested regions (ec2:DescribeRegions failed: ${errMessage(err)}); scanning them as given.\n`,
    );
    enabled = [...regions];
  }

  return {
    accountId,
    enabledRegions: enabled,
    ...(sim ? { sim } : {}),
    clientsFor(unit) {
      const f = make(unit.region, unit.accountId);
      factories.push(f);
      return f;
    },
    apiCalls: () => factories.reduce((n, f) => n + f.stats.total(), 0),
    destroy: () => {
      for (const f of factories) f.destroy();
    },
  };
}

export function failingAtOrAbove(findings: Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'none') return [];
  const min = SEVERITY_RANK[failOn];
  return findings.filter((f) => f.status === 'fail' && !f.suppressedBy && SEVERITY_RANK[f.severity] >= min);
}

/** What the summary line and the exit code read, summed over the units' aggregates (no finding kept). */
export interface ScanCounts {
  /** Unsuppressed results by status. */
  byStatus: Record<Status, number>;
  suppressed: number;
  /** Failing, unsuppressed findings by severity. */
  failingBySeverity: Record<Severity, number>;
  /** API calls the units made (the digest's coverage line counts these). */
  unitApiCalls: number;
}

export function scanCounts(result: {
  units: readonly UnitSummary[];
  failingBySeverity: Record<Severity, number>;
}): ScanCounts {
  const out: ScanCounts = {
    byStatus: { pass: 0, fail: 0, unknown: 0, error: 0 },
    suppressed: 0,
    failingBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    unitApiCalls: 0,
  };
  for (const u of result.units) {
    for (const [k, n] of Object.entries(u.findingCounts)) out.byStatus[k as Status] += n;
    out.suppressed += u.suppressedCount;
    out.unitApiCalls += u.apiCalls;
  }
  for (const s of SEVERITIES) out.failingBySeverity[s] += result.failingBySeverity[s];
  return out;
}

function countAtOrAbove(failing: Finding[] | ScanCounts, failOn: FailOn): number {
  if (Array.isArray(failing)) return failingAtOrAbove(failing, failOn).length;
  if (failOn === 'none') return 0;
  const min = SEVERITY_RANK[failOn];
  return SEVERITIES.filter((s) => SEVERITY_RANK[s] >= min).reduce(
    (n, s) => n + failing.failingBySeverity[s],
    0,
  );
}

/** Exit code of a finished scan (usage errors never get here). See EXIT in io.ts for the precedence. */
export function scanExitCode(header: ScanHeader, findings: Finding[] | ScanCounts, failOn: FailOn): ExitCode {
  if (countAtOrAbove(findings, failOn) > 0) return EXIT.findings;
  if (header.status !== 'complete') return EXIT.partial;
  return EXIT.clean;
}

function summaryLine(
  header: ScanHeader,
  counts: ScanCounts,
  apiCalls: number,
  seconds: number,
  where: string,
  failOn: FailOn,
): string {
  const c = header.coverage;
  const fails = counts.byStatus.fail;
  const gate = failOn === 'none' ? '' : `, ${countAtOrAbove(counts, failOn)} at or above ${failOn}`;
  // The digest counts the units' calls; the calls before any unit (sts:GetCallerIdentity, ec2:DescribeRegions)
  // are named so that the two figures add up.
  const setup = apiCalls - counts.unitApiCalls;
  const calls =
    setup > 0
      ? `${formatNumber(apiCalls, 0)} API calls (${formatNumber(counts.unitApiCalls, 0)} by the units, ${formatNumber(setup, 0)} to identify the account and list its regions)`
      : `${formatNumber(apiCalls, 0)} API calls`;
  return (
    `perfscan: scan ${header.scanId} ${header.status}: ${c.unitsScanned}/${c.unitsPlanned} units` +
    ` (${c.unitsPartial} partial, ${c.unitsFailed} failed), ${c.gaps} gaps, ${calls},` +
    ` ${fails} failing findings${gate}, ${counts.suppressed} suppressed, ${counts.byStatus.unknown} unknown, ${counts.byStatus.error} errors,` +
    ` ${seconds.toFixed(1)}s; results in ${where}\n`
  );
}

export async function scanCommand(flags: ScanFlags, io: CliIO): Promise<ExitCode> {
  const started = Date.now();
  if (!flags.simulated && (flags.simSeed !== undefined || flags.simScale !== undefined)) {
    throw new UsageError(
      `${flags.simSeed !== undefined ? '--sim-seed' : '--sim-scale'} only applies to the simulated account`,
      'add --simulated, or drop the option',
    );
  }
  const config = await loadConfig(flags.config, { cwd: io.cwd });
  const services = flags.services ?? config.services ?? [...SERVICES];
  const regions = flags.regions ?? config.regions;
  const windowDays = flags.windowDays ?? config.windowDays ?? DEFAULT_WINDOW_DAYS;
  const out = resolve(io.cwd, flags.out);

  let account: AccountContext | undefined;
  const progress = new ProgressDisplay(io.stderr, {
    force: flags.progress === true || flags.verbose === true,
    quiet: flags.quiet === true,
    lines: flags.verbose === true,
    apiCalls: () => account?.apiCalls() ?? 0,
  });
  try {
    progress.status(
      flags.simulated ? 'preparing the simulated account' : 'loading credentials and identifying the account',
    );
    account = await resolveAccount(flags, io, regions, services);

    const { runScan } = await import('#lib/engine/scan.js');
    const store = new LocalStore(out);
    const now = new Date();
    const previous = await previousScanOf(store, [account.accountId]);
    const result = await runScan({
      store,
      ...(previous ? { previous } : {}),
      accounts: [{ accountId: account.accountId, enabledRegions: account.enabledRegions }],
      ...(regions ? { regions } : {}),
      services,
      clientsFor: account.clientsFor,
      now,
      ...(account.sim ? { dataNow: account.sim.options.now } : {}),
      trigger: flags.simulated ? 'simulated' : 'cli',
      ...(flags.reason ? { reason: flags.reason } : {}),
      windowDays,
      ...(config.thresholds ? { thresholds: config.thresholds } : {}),
      ...(config.suppressions ? { suppressions: config.suppressions } : {}),
      ...(config.savings?.costOptimizationHub ? { costOptimizationHub: true } : {}),
      memoryBudget: memoryBudgetOf(flags.memoryBudget),
      metricWorkers:
        flags.metricWorkers === 'auto'
          ? (await import('#lib/collect/metric-workers.js')).autoMetricWorkers()
          : flags.metricWorkers,
      concurrency: unitConcurrency(flags.concurrency, regions ?? account.enabledRegions),
      onProgress: progress.onProgress,
    });
    progress.stop();

    // The digest from the unit aggregates, against the scan the units compared with.
    const digest = await digestFor(store, result.header, {
      attestations: config.attestations ?? [],
      now: new Date().toISOString(),
      ...(config.maturity?.shares ? { shares: config.maturity.shares } : {}),
    });
    const header: ScanHeader =
      digest.accounts.length === 1 && digest.accounts[0]
        ? { ...result.header, score: digest.accounts[0].summary }
        : result.header;
    await store.putScanHeader(header);

    await writeOutput(
      io.stdout,
      flags.format,
      digest,
      { store, scanId: header.scanId },
      {
        color: useColor(flags.color, io.stdout, io.env),
        width: terminalWidth(io.stdout),
        detail: flags.verbose ? 'full' : 'summary',
        moreCommand: moreCommand(flags.out),
      },
    );
    const counts = scanCounts(result);
    if (!flags.quiet)
      io.stderr.write(
        summaryLine(
          header,
          counts,
          account.apiCalls(),
          (Date.now() - started) / 1000,
          store.scanDir(header.scanId),
          flags.failOn,
        ),
      );
    return scanExitCode(header, counts, flags.failOn);
  } finally {
    progress.stop();
    account?.destroy();
  }
}
