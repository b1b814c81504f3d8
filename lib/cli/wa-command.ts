/**
 * `perfscan wa lens`: build the lens from the maturity model, check it against the lens format's limits,
 * print it. `perfscan wa sync`: score a stored scan and bring a Well-Architected workload up to date with it.
 */
import { resolve } from 'node:path';
import { WellArchitectedClient } from '@aws-sdk/client-wellarchitected';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { loadConfig } from '#lib/config/schema.js';
import { KNOWN_REGIONS } from '#lib/engine/plan.js';
import { lensAnswers } from '#lib/integrations/wa/answers.js';
import { buildLens, validateLens, LENS_LIMITS } from '#lib/integrations/wa/lens.js';
import { WaSyncError, syncWorkload } from '#lib/integrations/wa/sync.js';
import { LocalStore } from '#lib/store/local.js';
import { digestFor } from './digest.js';
import { CredentialsError, EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import { storedScan } from './stored-scan.js';
import type { WaSyncFlags } from './wa.js';

function lensFor(name: string | undefined, flag: string) {
  if (name !== undefined && (name.trim() === '' || name.length > LENS_LIMITS.lensName))
    throw new UsageError(`${flag} must be 1-${LENS_LIMITS.lensName} characters`, 'pass a shorter lens name');
  return buildLens(name ? { name } : {});
}

export async function waLensCommand(flags: { name?: string }, io: CliIO): Promise<ExitCode> {
  const lens = lensFor(flags.name, '--name');
  const problems = validateLens(lens);
  if (problems.length > 0) {
    io.stderr.write(
      `perfscan: the generated lens breaks the lens format:\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
    );
    return EXIT.internal;
  }
  io.stdout.write(`${JSON.stringify(lens, null, 2)}\n`);
  return EXIT.clean;
}

const CREDENTIAL_ERRORS =
  /CredentialsProviderError|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|could not load credentials/i;

export async function waSyncCommand(
  flags: WaSyncFlags,
  io: CliIO,
  makeClient: (region: string) => WellArchitectedClient = (region) =>
    new WellArchitectedClient({
      region,
      credentials: fromNodeProviderChain(flags.profile ? { profile: flags.profile } : {}),
      maxAttempts: 5,
      retryMode: 'standard',
    }),
): Promise<ExitCode> {
  const workload = flags.workload.trim();
  if (workload.length < 3 || workload.length > 100)
    throw new UsageError(
      `--workload '${flags.workload}' is not a workload name (3-100 characters)`,
      'pass the name of a workload shown in the Well-Architected Tool',
    );
  const region = flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!KNOWN_REGIONS.includes(region))
    throw new UsageError(
      `'${region}' is not a known AWS region code`,
      'pass --region with a code such as eu-west-1',
    );
  const lens = lensFor(flags.lensName, '--lens-name');
  const config = await loadConfig(flags.config, { cwd: io.cwd });
  const store = new LocalStore(resolve(io.cwd, flags.out));
  const header = await storedScan(store, flags.scan, flags.out);
  const digest = await digestFor(store, header, {
    attestations: config.attestations ?? [],
    now: header.finishedAt ?? header.startedAt,
    ...(config.maturity?.shares ? { shares: config.maturity.shares } : {}),
  });
  if (digest.accounts.length === 0)
    throw new UsageError(
      `Scan ${header.scanId} scored no account`,
      'sync a scan that scanned at least one account',
    );
  const client = makeClient(region);
  try {
    const r = await syncWorkload({
      client,
      workloadName: workload,
      lens,
      answers: lensAnswers(
        digest.accounts.map((a) => ({ accountId: a.accountId, score: a.score })),
        header.scanId,
      ),
      scanId: header.scanId,
    });
    const lensLine = {
      imported: `lens imported and published as version ${r.lensVersion}`,
      'new version': `lens changed: version ${r.lensVersion} published`,
      unchanged: `lens unchanged (version ${r.lensVersion})`,
    }[r.lens];
    io.stdout.write(
      [
        `Workload '${workload}' (${r.workloadId}) in ${region}, from scan ${header.scanId}:`,
        `  ${lensLine}; ${r.lensArn}`,
        r.associated
          ? '  lens associated with the workload'
          : r.upgraded
            ? '  lens review upgraded to the new version'
            : '  lens already associated',
        `  ${r.answered} questions answered${r.notApplicable ? ` (${r.notApplicable} not applicable)` : ''}`,
        r.milestone.created
          ? `  milestone '${r.milestone.name}' created (number ${r.milestone.number ?? '?'})`
          : `  milestone '${r.milestone.name}' already there: nothing new recorded`,
      ].join('\n') + '\n',
    );
    return EXIT.clean;
  } catch (err) {
    if (err instanceof WaSyncError) throw new UsageError(err.message, err.fix);
    const e = err as Error;
    if (CREDENTIAL_ERRORS.test(`${e.name} ${e.message}`))
      throw new CredentialsError(flags.profile ?? io.env.AWS_PROFILE ?? 'default', e.message);
    if (e.name === 'AccessDeniedException')
      throw new UsageError(
        `The Well-Architected Tool denied access: ${e.message}`,
        `allow the actions \`perfscan wa sync\` calls (listed in docs/cli.md) to the identity you run it as`,
      );
    throw err;
  } finally {
    client.destroy();
  }
}
