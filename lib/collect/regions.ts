/** Account-level facts every scan needs first: who we are and which regions are enabled. */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ClientFactory } from './types.js';

/** Regions enabled for the account (DescribeRegions with AllRegions=false), sorted. */
export async function enabledRegions(clients: ClientFactory): Promise<string[]> {
  const out = await clients.get(EC2Client).send(new DescribeRegionsCommand({ AllRegions: false }));
  return (out.Regions ?? [])
    .filter((r) => r.RegionName && r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName as string)
    .sort();
}

/** The account id of the credentials in use (STS GetCallerIdentity). */
export async function callerAccountId(clients: ClientFactory): Promise<string> {
  const out = await clients.get(STSClient).send(new GetCallerIdentityCommand({}));
  if (!out.Account) throw new Error('STS GetCallerIdentity returned no account id.');
  return out.Account;
}
