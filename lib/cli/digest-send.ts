/**
 * `perfscan digest --send slack|email`: deliver a stored scan's digest (the latest by default), as the
 * deployed stack does. Slack: the incoming-webhook URL is a secret, so it is read from the environment
 * (PERFSCAN_SLACK_WEBHOOK_URL), never from a flag (shell history) and never printed. Email: SES v2 with the
 * standard credential chain (--profile, --region), --from and --to.
 */
import { Option, type Command } from 'commander';
import { EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import type { CommandContext } from './index.js';

export const SEND_TARGETS = ['slack', 'email'] as const;
export const SLACK_WEBHOOK_ENV = 'PERFSCAN_SLACK_WEBHOOK_URL';

export interface DigestSendFlags {
  send: (typeof SEND_TARGETS)[number];
  out: string;
  scan?: string;
  config?: string;
  reportUrl?: string;
  from?: string;
  to?: string;
  profile?: string;
  region?: string;
}

export function registerDigest(program: Command, ctx: CommandContext): void {
  program
    .command('digest')
    .description('Send the digest of a stored scan (latest by default) to Slack or by email; makes no scan.')
    .addOption(new Option('--send <target>', 'where to send it').choices(SEND_TARGETS).makeOptionMandatory())
    .option('--out <dir>', 'folder holding the scan results', '.perfscan')
    .option('--scan <id>', 'scan id (default: the latest finished scan)')
    .option('--config <file>', 'config file, for attestations')
    .option('--report-url <url>', 'Slack: where the HTML report is published; the "more" line links to it')
    .option('--from <address>', 'email: the SES-verified sender')
    .option('--to <addresses>', 'email: comma-separated recipients')
    .option('--profile <name>', 'email: AWS profile for SES')
    .option('--region <region>', 'email: SES region (default: AWS_REGION)')
    .action(async (flags: DigestSendFlags) => {
      ctx.setExit(await digestSendCommand(flags, ctx.io));
    });
}

export async function digestSendCommand(flags: DigestSendFlags, io: CliIO): Promise<ExitCode> {
  if (flags.send === 'slack') {
    const url = io.env[SLACK_WEBHOOK_ENV];
    if (!url || !/^https?:\/\//.test(url))
      throw new UsageError(
        `${SLACK_WEBHOOK_ENV} is not set to a webhook URL`,
        `export ${SLACK_WEBHOOK_ENV}=https://hooks.slack.com/services/... (the URL is a secret: it is never taken from a flag or printed)`,
      );
    const { loadStoredDigest } = await import('./report-command.js');
    const { renderSlack } = await import('#lib/digest/render/slack.js');
    const { postSlack } = await import('#lib/notify/slack.js');
    const { digest, header } = await loadStoredDigest(flags, io);
    await postSlack(url, renderSlack(digest, flags.reportUrl ? { reportUrl: flags.reportUrl } : {}));
    io.stderr.write(`perfscan: sent the digest of scan ${header.scanId} to Slack\n`);
    return EXIT.clean;
  }
  const to = (flags.to ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!flags.from || to.length === 0)
    throw new UsageError(
      '--send email needs --from and --to',
      'add --from sender@example.com --to a@example.com,b@example.com',
    );
  const { loadStoredDigest } = await import('./report-command.js');
  const { renderEmail } = await import('#lib/digest/render/email.js');
  const { sendEmail } = await import('#lib/notify/email.js');
  const { SESv2Client } = await import('@aws-sdk/client-sesv2');
  const { digest, header } = await loadStoredDigest(flags, io);
  const mail = renderEmail(digest);
  const region = flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const client = new SESv2Client({
    ...(region ? { region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
  });
  try {
    const id = await sendEmail(client, { from: flags.from, to, ...mail });
    io.stderr.write(
      `perfscan: sent the digest of scan ${header.scanId} by email (SES message ${id ?? 'sent'})\n`,
    );
  } finally {
    client.destroy();
  }
  return EXIT.clean;
}
