/**
 * IAM action names for SDK calls, and the read-only policy generated from the collectors' declarations.
 * The client middleware (clients.ts) maps every command to its action so that a call a collector did not
 * declare fails before it is sent, and API call counts are reported per action.
 */
import type { ServiceName } from '#lib/model/index.js';
import { requiredIamActions } from './registry.js';

/** SDK v3 client class name -> IAM service prefix (the prefix is not derivable from the name for most). */
const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  EC2Client: 'ec2',
  CloudWatchClient: 'cloudwatch',
  RDSClient: 'rds',
  CloudFrontClient: 'cloudfront',
  LambdaClient: 'lambda',
  AutoScalingClient: 'autoscaling',
  ApplicationAutoScalingClient: 'application-autoscaling',
  ElastiCacheClient: 'elasticache',
  ComputeOptimizerClient: 'compute-optimizer',
  CostOptimizationHubClient: 'cost-optimization-hub',
  ApplicationSignalsClient: 'application-signals',
  DevOpsGuruClient: 'devops-guru',
  PricingClient: 'pricing',
  STSClient: 'sts',
  // Used by the deployed stack and the CLI's org mode, not by collectors.
  OrganizationsClient: 'organizations',
  DynamoDBClient: 'dynamodb',
  SecretsManagerClient: 'secretsmanager',
  SFNClient: 'states',
  SESv2Client: 'ses',
};

/**
 * Commands whose IAM action is not the operation name. None of the read APIs perfscan uses differ today;
 * the table keeps the one place to add such a case (keyed `Client:Operation`).
 */
const ACTION_OVERRIDES: Readonly<Record<string, string>> = {};

/** Verbs of read-only actions; anything else must never reach the generated policy. */
const READ_ONLY_VERB = /^(Describe|List|Get|BatchGet|Lookup|Search)[A-Z0-9]/;

export function servicePrefixFor(clientName: string): string {
  const known = SERVICE_PREFIX[clientName];
  if (known) return known;
  // Unknown client: best effort from the class name (FooBarClient -> foo-bar).
  return clientName
    .replace(/Client$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/**
 * ('EC2Client', 'DescribeInstancesCommand') -> 'ec2:DescribeInstances'.
 * Older CloudFront SDK builds named operations after the API version (`ListDistributions2020_05_31`);
 * the IAM action never carries that suffix.
 */
export function iamActionFor(clientName: string, commandName: string): string {
  const operation = commandName.replace(/Command$/, '').replace(/\d{4}_\d{2}_\d{2}$/, '');
  const override = ACTION_OVERRIDES[`${clientName}:${operation}`];
  if (override) return override;
  return `${servicePrefixFor(clientName)}:${operation}`;
}

export function isReadOnlyAction(action: string): boolean {
  const [, name] = action.split(':');
  return name !== undefined && READ_ONLY_VERB.test(name);
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/**
 * The least-privilege, read-only policy for the given services (all by default): one statement per IAM
 * service prefix. Throws when a collector declares a non-read-only action (a programming error).
 * Resource is `*` because these Describe/List/Get actions do not support resource-level permissions.
 */
export function iamPolicyDocument(services?: ServiceName[]): IamPolicyDocument {
  const actions = requiredIamActions(services);
  const bad = actions.filter((a) => !isReadOnlyAction(a));
  if (bad.length > 0) throw new Error(`Collectors declare non-read-only IAM actions: ${bad.join(', ')}.`);
  const byPrefix = new Map<string, string[]>();
  for (const a of actions) {
    const prefix = a.slice(0, a.indexOf(':'));
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), a]);
  }
  return {
    Version: '2012-10-17',
    Statement: [...byPrefix.keys()].sort().map((prefix) => ({
      Sid: `PerfscanRead${prefix
        .split('-')
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join('')}`,
      Effect: 'Allow' as const,
      Action: (byPrefix.get(prefix) ?? []).sort(),
      Resource: '*' as const,
    })),
  };
}
