/**
 * The default credential chain inside perfscan's Lambda packages: lib/infra/bundle.ts resolves
 * `@aws-sdk/credential-provider-node` (the SDK's default chain, which every client and
 * `fromTemporaryCredentials` fall back on) to this file.
 *
 * The Lambda runtime hands a function its role's credentials in environment variables
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), or, where it runs the function in a
 * container, through the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI).
 * The full chain's profile, SSO, login, process, web-identity and instance-metadata providers (with their
 * nested SSO, SSO-OIDC and sign-in clients: ~90 KB of every package) are never reached there.
 * The CLI and the tests keep the SDK's full chain: only the Lambda bundles use this file.
 */
import { fromEnv, fromHttp } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

type Init = Parameters<typeof fromEnv>[0] & Parameters<typeof fromHttp>[0];

/** As the SDK's: credentials that carry an expiry are refreshed five minutes before it. */
export const credentialsWillNeedRefresh = (c: AwsCredentialIdentity | undefined): boolean =>
  c?.expiration !== undefined;
export const credentialsTreatedAsExpired = (c: AwsCredentialIdentity | undefined): boolean =>
  c?.expiration !== undefined && c.expiration.getTime() - Date.now() < 300_000;

const CONTAINER_ENV = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];

/** The environment's credentials, else the container endpoint's; kept until five minutes before they expire. */
export const defaultProvider = (init: Init = {}): AwsCredentialIdentityProvider => {
  let current: Promise<AwsCredentialIdentity> | undefined;
  const resolve = async (): Promise<AwsCredentialIdentity> => {
    if (process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) return fromEnv(init)();
    if (CONTAINER_ENV.some((k) => process.env[k])) return fromHttp(init)();
    throw Object.assign(
      new Error(
        'No credentials: a perfscan Lambda package reads its role credentials from the Lambda environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_CONTAINER_CREDENTIALS_FULL_URI/_RELATIVE_URI), and none is set.',
      ),
      { name: 'CredentialsProviderError', tryNextLink: false },
    );
  };
  return async () => {
    const have = current ? await current.catch(() => undefined) : undefined;
    if (!have || credentialsTreatedAsExpired(have)) {
      current = resolve();
      current.catch(() => (current = undefined));
      return current;
    }
    return have;
  };
};
