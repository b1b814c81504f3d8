/** `perfscan export --to securityhub`: credentials, one Security Hub client per account, the report, the exit code. */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ScanHeader } from '#lib/model/index.js';
import type { LocalStore } from '#lib/store/local.js';
import { assumedRoleCredentials, partitionOfArn, roleArn } from '#lib/integrations/assume.js';
import { defaultProductArn } from '#lib/integrations/asff.js';
import { exportToSecurityHub, type AccountSender } from '#lib/integrations/securityhub.js';
import { CredentialsError, EXIT, type CliIO, type ExitCode } from './io.js';
import type { ExportFlags } from './export.js';

const CLIENT_CONFIG = { maxAttempts: 5, retryMode: 'standard' } as const;

export async function sendScanToSecurityHub(args: {
  store: LocalStore;
  header: ScanHeader;
  region: string;
  flags: ExportFlags;
  io: CliIO;
}): Promise<ExitCode> {
  const { store, header, region, flags, io } = args;
  const credentials = fromNodeProviderChain(flags.profile ? { profile: flags.profile } : {});
  const sts = new STSClient({ region, credentials, ...CLIENT_CONFIG });
  const clients: { destroy(): void }[] = [sts];
  try {
    let caller: { account: string; partition: string };
    try {
      const id = await sts.send(new GetCallerIdentityCommand({}));
      if (!id.Account) throw new Error('STS GetCallerIdentity returned no account id');
      caller = { account: id.Account, partition: partitionOfArn(id.Arn) };
    } catch (err) {
      throw new CredentialsError(flags.profile ?? io.env.AWS_PROFILE ?? 'default', (err as Error).message);
    }
    const senderFor = async (accountId: string): Promise<AccountSender | { skip: string }> => {
      let creds: AwsCredentialIdentityProvider = credentials;
      if (accountId !== caller.account) {
        if (!flags.roleName)
          return {
            skip: `Security Hub takes an account's findings (default product) only from that account; pass --role-name with a role in ${accountId} that allows securityhub:BatchImportFindings and securityhub:GetFindings`,
          };
        const arn = roleArn(caller.partition, accountId, flags.roleName);
        creds = assumedRoleCredentials(sts, {
          roleArn: arn,
          sessionName: 'perfscan-export',
          ...(flags.externalId ? { externalId: flags.externalId } : {}),
        });
        try {
          await creds();
        } catch (err) {
          return { skip: `could not assume ${arn}: ${(err as Error).message}` };
        }
      }
      const client = new SecurityHubClient({ region, credentials: creds, ...CLIENT_CONFIG });
      clients.push(client);
      return { client, productArn: defaultProductArn(accountId, region) };
    };
    const result = await exportToSecurityHub({ store, header, region, senderFor });
    let problems = 0;
    for (const a of result.accounts) {
      if (a.skipped) {
        problems++;
        io.stderr.write(`perfscan: account ${a.accountId} not sent: ${a.skipped}.\n`);
        continue;
      }
      io.stdout.write(
        `${a.accountId}: ${a.sent} failing findings sent (${a.sent - a.updated} new, ${a.updated} updated), ` +
          `${a.archived} resolved findings archived, ${a.keptUnjudged} left as they were (not judged by this scan), ` +
          `${a.failed.length} rejected; product ${a.productArn ?? '-'}\n`,
      );
      for (const f of a.failed.slice(0, 10))
        io.stderr.write(`perfscan: Security Hub rejected ${f.id}: ${f.code} ${f.message}\n`);
      if (a.failed.length > 0) problems++;
    }
    io.stderr.write(
      `perfscan: scan ${header.scanId} exported to Security Hub in ${region}: ${result.batchImportCalls} BatchImportFindings and ${result.getFindingsCalls} GetFindings calls.\n`,
    );
    return problems > 0 ? EXIT.partial : EXIT.clean;
  } finally {
    for (const c of clients) c.destroy();
  }
}
