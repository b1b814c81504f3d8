/**
 * CDK app. Options come from CDK context (`-c key=value` or cdk.json), for example:
 *   npx cdk deploy Perfscan -c accounts=111111111111,222222222222 -c regions=eu-west-1,us-east-1 \
 *     -c slackSecretName=perfscan/slack-webhook -c emailFrom=perf@example.com -c emailTo=team@example.com
 * and the perfscan config file (`-c config=perfscan.config.yaml`) for thresholds, suppressions, attestations.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '#lib/config/schema.js';
import { SERVICES, type ServiceName } from '#lib/model/index.js';
import { MemberRoleStack } from '#lib/infra/member-role-stack.js';
import { PerfscanStack } from '#lib/infra/perfscan-stack.js';

const app = new App();
const ctx = (key: string): string | undefined => {
  const v = app.node.tryGetContext(key) as unknown;
  return v === undefined || v === null || v === '' ? undefined : String(v);
};
const list = (key: string): string[] | undefined =>
  ctx(key)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const configPath = ctx('config');
const config = configPath ? await loadConfig(configPath) : undefined;
const services = (list('services') ?? config?.services) as ServiceName[] | undefined;
for (const s of services ?? []) {
  if (!(SERVICES as readonly string[]).includes(s))
    throw new Error(`context services: unknown service "${s}"; use one of ${SERVICES.join(', ')}`);
}

new PerfscanStack(app, 'Perfscan', {
  description: 'perfscan: weekly AWS performance-efficiency scans, maturity score and digest',
  scheduleExpression: ctx('schedule') ?? config?.schedule?.expression,
  scheduleTimezone: ctx('timezone') ?? config?.schedule?.timezone,
  accounts: list('accounts') ?? config?.targets?.accounts,
  useOrganizations: (ctx('organizations') ?? String(config?.targets?.organizations ?? false)) === 'true',
  regions: list('regions') ?? config?.regions,
  services,
  memberRoleName: ctx('memberRoleName') ?? config?.targets?.memberRoleName,
  externalId: ctx('externalId') ?? config?.targets?.externalId,
  slackSecretName: ctx('slackSecretName') ?? config?.notify?.slackSecretArn,
  emailFrom: ctx('emailFrom') ?? config?.notify?.email?.from,
  emailTo: list('emailTo') ?? config?.notify?.email?.to,
  alarmEmail: ctx('alarmEmail'),
  maxConcurrency: ctx('maxConcurrency') ? Number(ctx('maxConcurrency')) : undefined,
  // Security Hub export / Well-Architected sync after each scan (off unless the config switches them on).
  integrations: config?.integrations,
  configJson: config
    ? JSON.stringify({
        thresholds: config.thresholds,
        suppressions: config.suppressions,
        attestations: config.attestations,
        windowDays: config.windowDays,
      })
    : undefined,
});

new MemberRoleStack(app, 'PerfscanMemberRole', {
  description:
    'perfscan: read-only role assumed by the scanner (deploy in each member account or via StackSets)',
  scannerRoleArn: ctx('scannerRoleArn'),
  externalId: ctx('externalId') ?? config?.targets?.externalId,
  roleName: ctx('memberRoleName') ?? config?.targets?.memberRoleName,
  services,
});

// cdk-nag's AwsSolutions pack runs at synth; test/infra/nag.test.ts keeps it at zero unacknowledged findings.
if (ctx('nag') !== 'false') Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
