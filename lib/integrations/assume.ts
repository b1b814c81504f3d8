/**
 * Credentials of a role in another account (STS AssumeRole with an optional external id), the way the
 * deployed stack reaches member accounts. The STS client is passed in, so the CLI's simulated organization
 * answers the same call the real one does. Credentials are refreshed 5 minutes before they expire.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The partition of an ARN (`arn:aws-cn:...` -> aws-cn); `aws` when it is not an ARN. */
export function partitionOfArn(arn: string | undefined): string {
  const p = arn?.split(':')[1];
  return p && arn?.startsWith('arn:') ? p : 'aws';
}

const REFRESH_MS = 5 * 60_000;

export function assumedRoleCredentials(
  sts: Pick<STSClient, 'send'>,
  opts: {
    roleArn: string;
    externalId?: string;
    sessionName: string;
    durationSeconds?: number;
    now?: () => number;
  },
): AwsCredentialIdentityProvider {
  const now = opts.now ?? Date.now;
  let current: AwsCredentialIdentity | undefined;
  let inflight: Promise<AwsCredentialIdentity> | undefined;
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: opts.roleArn,
        RoleSessionName: opts.sessionName,
        DurationSeconds: opts.durationSeconds ?? 3600,
        ...(opts.externalId ? { ExternalId: opts.externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`STS AssumeRole returned no credentials for ${opts.roleArn}.`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
    };
  };
  return async () => {
    if (current && (!current.expiration || current.expiration.getTime() - now() > REFRESH_MS)) return current;
    inflight ??= fetch().finally(() => (inflight = undefined));
    current = await inflight;
    return current;
  };
}
