/**
 * `perfscan run --remote`: start an on-demand execution of the deployed state machine (the same run the
 * weekly schedule starts, with a reason and an optional scope), print its ARN and the equivalent
 * `aws stepfunctions start-execution` line, and with --wait poll until it ends and print the digest.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { DescribeExecutionCommandOutput, SFNClient } from '@aws-sdk/client-sfn';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ServiceName } from '#lib/model/index.js';
import { CredentialsError, EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import { parseRegions, parseServices } from './options.js';
import type { CommandContext, RegisterCommand } from './index.js';

/** The stack names its state machine 'perfscan' (lib/infra/scan-state-machine.ts). */
export const DEFAULT_STATE_MACHINE_NAME = 'perfscan';
/** Same limit as the Plan handler's event schema (functions/plan.ts MAX_REASON_LENGTH). */
export const MAX_REASON_LENGTH = 500;
/** Polls start fast (a small scan ends within a minute) and back off to at most 10 s apart. */
export const FIRST_POLL_MS = 1_000;
export const MAX_POLL_MS = 10_000;

export interface RunRemoteFlags {
  remote?: boolean;
  reason?: string;
  accounts?: string[];
  regions?: string[];
  services?: ServiceName[];
  wait?: boolean;
  stateMachineArn?: string;
  profile?: string;
  region?: string;
  /** Re-judge this stored scan with the deployed checks and config instead of scanning. */
  rescore?: string;
}

/** The deployed Plan's scan id format (functions/shared.ts ScanIdSchema). */
const SCAN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[0-9a-f]{6}(-r[1-9]\d{0,3})?$/;
function parseScanId(v: string): string {
  const id = v.trim();
  if (!SCAN_ID.test(id))
    throw new InvalidArgumentError(
      'Expected a perfscan scan id such as 2026-11-22T06-00-00Z-ab12cd (list them: perfscan report --remote).',
    );
  return id;
}

export interface RunRemoteDeps {
  sfn(opts: { region?: string; profile?: string }): Promise<SFNClient>;
  sts(opts: { region?: string; profile?: string }): Promise<STSClient>;
  /** Optional so older callers keep working; reads the digest's Markdown from the run bucket. */
  s3?(opts: { region?: string; profile?: string }): Promise<S3Client>;
  sleep(ms: number): Promise<void>;
  now(): Date;
}

const clientOpts = (o: { region?: string; profile?: string }) => ({
  ...(o.region ? { region: o.region } : {}),
  ...(o.profile ? { profile: o.profile } : {}),
});

// SDK clients load on use: every other command starts without them.
export const defaultRunRemoteDeps: RunRemoteDeps = {
  sfn: async (o) => new (await import('@aws-sdk/client-sfn')).SFNClient(clientOpts(o)),
  sts: async (o) => new (await import('@aws-sdk/client-sts')).STSClient(clientOpts(o)),
  s3: async (o) => new (await import('@aws-sdk/client-s3')).S3Client(clientOpts(o)),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => new Date(),
};

export function parseAccounts(value: string): string[] {
  const accounts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (accounts.length === 0)
    throw new InvalidArgumentError(
      'Expected a comma-separated list of 12-digit account ids, e.g. 111122223333,444455556666.',
    );
  for (const a of accounts) {
    if (!/^\d{12}$/.test(a))
      throw new InvalidArgumentError(
        `'${a}' is not an AWS account id. Fix: use the 12-digit account id (leading zeros included).`,
      );
  }
  return [...new Set(accounts)];
}

function parseRegion(value: string): string {
  const r = parseRegions(value);
  if (r.length !== 1) throw new InvalidArgumentError('Expected one region code, e.g. eu-west-1.');
  return r[0] as string;
}

const SFN_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

function parseStateMachineArn(value: string): string {
  if (!SFN_ARN.test(value.trim())) {
    throw new InvalidArgumentError(
      `'${value}' is not a state machine ARN. Fix: use arn:aws:states:<region>:<account>:stateMachine:perfscan (stack output StateMachineArn).`,
    );
  }
  return value.trim();
}

function parseReason(value: string): string {
  const r = value.trim();
  if (r === '' || r.length > MAX_REASON_LENGTH)
    throw new InvalidArgumentError(`Expected a reason of 1 to ${MAX_REASON_LENGTH} characters.`);
  return r;
}

export function makeRegisterRunRemote(deps: RunRemoteDeps = defaultRunRemoteDeps): RegisterCommand {
  return (program: Command, ctx: CommandContext) => {
    program
      .command('run')
      .description('Start a scan on the deployed stack (Step Functions) and optionally wait for its digest.')
      .option('--remote', 'run on the deployed stack (required; for a local scan use `perfscan scan`)')
      .option(
        '--reason <text>',
        'why this run (stored with the scan and shown in the digest), e.g. "new instance family"',
        parseReason,
      )
      .option(
        '--accounts <list>',
        "comma-separated account ids to scan (default: the stack's targets)",
        parseAccounts,
      )
      .option(
        '--regions <list>',
        "comma-separated regions (default: the stack's regions, else every enabled region)",
        parseRegions,
      )
      .option('--services <list>', "comma-separated services (default: the stack's services)", parseServices)
      .option(
        '--rescore <scanId>',
        'instead of scanning, re-judge this stored scan with the deployed checks and config (no account is read); stored as <scanId>-rN',
        parseScanId,
      )
      .option('--wait', 'wait for the run to end and print its digest (Markdown)')
      .option(
        '--state-machine-arn <arn>',
        'state machine to start (default: perfscan in the account and region of the credentials)',
        parseStateMachineArn,
      )
      .option('--profile <name>', 'AWS profile for the standard credential chain')
      .option(
        '--region <code>',
        "region of the deployed stack (default: AWS_REGION or the profile's region)",
        parseRegion,
      )
      .addHelpText(
        'after',
        '\nExit codes: 0 started (or, with --wait, finished complete); 2 usage error; 3 the digest reports a partial or failed scan;\n4 the execution failed, timed out or was aborted, or an unexpected error.\n',
      )
      .action(async (flags: RunRemoteFlags) => {
        ctx.setExit(await runRemote(flags, ctx.io, deps));
      });
  };
}

export const registerRunRemote: RegisterCommand = makeRegisterRunRemote();

/** POSIX shell single-quoting, for the printed command line. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function errText(err: unknown): string {
  if (err instanceof Error) return `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}`;
  return String(err);
}

const CREDENTIAL_ERRORS =
  /CredentialsProviderError|InvalidClientTokenId|ExpiredToken|UnrecognizedClient|SignatureDoesNotMatch|InvalidAccessKeyId|TokenRefreshRequired|Could not load credentials/;

export interface DigestOutput {
  scanId?: string;
  status?: 'running' | 'complete' | 'partial' | 'failed';
  level?: number | null;
  delivered?: { slack?: string; email?: string };
  deliveryErrors?: string[];
  /** Stacks before the run bucket returned the Markdown in the execution output. */
  markdown?: string;
  /** Where the Digest wrote the Markdown (the execution output holds only this). */
  markdownObject?: { bucket: string; key: string; bytes?: number };
}

export async function runRemote(
  flags: RunRemoteFlags,
  io: CliIO,
  deps: RunRemoteDeps = defaultRunRemoteDeps,
): Promise<ExitCode> {
  if (!flags.remote) {
    throw new UsageError(
      '`perfscan run` starts the deployed scanner and needs --remote',
      'add --remote to start a run of the deployed state machine, or use `perfscan scan` for a local scan',
    );
  }
  const clientConfig = {
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
  };
  const { DescribeExecutionCommand, StartExecutionCommand } = await import('@aws-sdk/client-sfn');
  const sfn = await deps.sfn(clientConfig);
  try {
    let region: string;
    try {
      region = await sfn.config.region();
    } catch {
      throw new UsageError(
        'No AWS region is configured for the deployed stack',
        'pass --region (the region you deployed perfscan to), or set AWS_REGION',
      );
    }
    const arn =
      flags.stateMachineArn ?? (await defaultStateMachineArn(deps, clientConfig, region, flags.profile));

    const scope = {
      ...(flags.accounts ? { accounts: flags.accounts } : {}),
      ...(flags.regions ? { regions: flags.regions } : {}),
      ...(flags.services ? { services: flags.services } : {}),
    };
    let input: {
      trigger?: 'on-demand';
      action?: 'rescore';
      scanId?: string;
      reason?: string;
      scope?: { accounts?: string[]; regions?: string[]; services?: string[] };
    };
    if (flags.rescore) {
      // A rescore re-judges every unit the original stored: it has no scope of its own.
      if (Object.keys(scope).length > 0)
        throw new UsageError(
          '--rescore re-judges the whole stored scan and takes no --accounts, --regions or --services',
          'drop the scope options, or run a new scan with them (without --rescore)',
        );
      input = { action: 'rescore', scanId: flags.rescore };
    } else {
      input = { trigger: 'on-demand' };
      if (Object.keys(scope).length > 0) input.scope = scope;
    }
    if (flags.reason) input.reason = flags.reason;
    const inputJson = JSON.stringify(input);
    // Execution names: 1-80 characters of letters, digits, '-' and '_'.
    const name = `${flags.rescore ? 'rescore' : 'on-demand'}-${deps.now().toISOString().replace(/[:.]/g, '-')}`;

    let executionArn: string;
    try {
      const started = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: arn, name, input: inputJson }),
      );
      if (!started.executionArn) throw new Error('StartExecution returned no execution ARN.');
      executionArn = started.executionArn;
    } catch (err) {
      const msg = errText(err);
      if (/StateMachineDoesNotExist/.test(msg)) {
        throw new UsageError(
          `No perfscan state machine at ${arn}`,
          'deploy the stack first (`npx cdk deploy Perfscan`), or pass --state-machine-arn (stack output StateMachineArn) and --region',
        );
      }
      if (CREDENTIAL_ERRORS.test(msg))
        throw new CredentialsError(flags.profile ?? io.env.AWS_PROFILE ?? 'default', msg);
      throw err;
    }

    const cli = [
      'aws stepfunctions start-execution',
      `--state-machine-arn ${arn}`,
      `--name ${name}`,
      `--input ${shellQuote(inputJson)}`,
      `--region ${region}`,
      ...(flags.profile ? [`--profile ${shellQuote(flags.profile)}`] : []),
    ].join(' ');
    // With --wait, stdout is the digest (pipe it to a file); the run's coordinates go to stderr.
    const info = flags.wait ? io.stderr : io.stdout;
    info.write(`perfscan: started ${executionArn}\n`);
    info.write(`perfscan: the same with the AWS CLI:\n  ${cli}\n`);
    if (!flags.wait) return EXIT.clean;

    const done = await waitForExecution(
      (a) => sfn.send(new DescribeExecutionCommand({ executionArn: a })),
      executionArn,
      deps,
      io,
    );
    return await reportExecution(done, io, async (o) => {
      const s3 = await (deps.s3 ?? defaultRunRemoteDeps.s3!)({ ...clientConfig, region });
      try {
        const { GetObjectCommand } = await import('@aws-sdk/client-s3');
        const r = await s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: o.key }));
        return (await r.Body?.transformToString('utf8')) ?? '';
      } finally {
        s3.destroy();
      }
    });
  } finally {
    sfn.destroy();
  }
}

async function defaultStateMachineArn(
  deps: RunRemoteDeps,
  clientConfig: { region?: string; profile?: string },
  region: string,
  profile?: string,
): Promise<string> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = await deps.sts({ ...clientConfig, region });
  try {
    const id = await sts.send(new GetCallerIdentityCommand({}));
    if (!id.Account) throw new Error('STS GetCallerIdentity returned no account id.');
    const partition = id.Arn?.split(':')[1] || 'aws';
    return `arn:${partition}:states:${region}:${id.Account}:stateMachine:${DEFAULT_STATE_MACHINE_NAME}`;
  } catch (err) {
    const msg = errText(err);
    if (CREDENTIAL_ERRORS.test(msg) || /AccessDenied/.test(msg))
      throw new CredentialsError(profile ?? 'default', msg);
    throw err;
  } finally {
    sts.destroy();
  }
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

async function waitForExecution(
  describe: (executionArn: string) => Promise<DescribeExecutionCommandOutput>,
  executionArn: string,
  deps: RunRemoteDeps,
  io: CliIO,
): Promise<DescribeExecutionCommandOutput> {
  io.stderr.write('perfscan: waiting for the run to finish (Ctrl-C stops waiting, not the run)\n');
  let delay = FIRST_POLL_MS;
  for (;;) {
    const d = await describe(executionArn);
    if (d.status && TERMINAL.has(d.status)) return d;
    await deps.sleep(delay);
    delay = Math.min(MAX_POLL_MS, delay * 2);
  }
}

async function reportExecution(
  d: DescribeExecutionCommandOutput,
  io: CliIO,
  readObject: (o: { bucket: string; key: string }) => Promise<string>,
): Promise<ExitCode> {
  if (d.status !== 'SUCCEEDED') {
    const why = [d.error, d.cause].filter(Boolean).join(': ');
    io.stderr.write(
      `perfscan: run ${d.status}${why ? `: ${why}` : ''}. See the execution in the Step Functions console: ${d.executionArn}\n`,
    );
    return EXIT.internal;
  }
  let digest: DigestOutput | undefined;
  try {
    digest = (JSON.parse(d.output ?? '{}') as { digest?: DigestOutput }).digest;
  } catch {
    digest = undefined;
  }
  if (digest && typeof digest.markdown !== 'string' && digest.markdownObject) {
    try {
      digest.markdown = await readObject(digest.markdownObject);
    } catch (err) {
      io.stderr.write(
        `perfscan: the run succeeded but its digest could not be read from s3://${digest.markdownObject.bucket}/${digest.markdownObject.key}: ${errText(err)}\n`,
      );
      return EXIT.internal;
    }
  }
  if (!digest || typeof digest.markdown !== 'string') {
    io.stderr.write(
      `perfscan: the run succeeded but its output has no digest (is the deployed stack older than this CLI?): ${d.executionArn}\n`,
    );
    return EXIT.internal;
  }
  io.stdout.write(digest.markdown.endsWith('\n') ? digest.markdown : `${digest.markdown}\n`);
  const delivered = digest.delivered
    ? `; Slack ${digest.delivered.slack ?? 'off'}, email ${digest.delivered.email ?? 'off'}`
    : '';
  io.stderr.write(
    `perfscan: scan ${digest.scanId ?? '?'} ${digest.status ?? '?'}, level ${digest.level ?? 'n/a'}${delivered}\n`,
  );
  for (const e of digest.deliveryErrors ?? [])
    io.stderr.write(`perfscan: warning: digest delivery failed: ${e}\n`);
  return digest.status === 'complete' ? EXIT.clean : EXIT.partial;
}
