/**
 * After-scan integrations in the stack: off by default (no Security Hub / Well-Architected action anywhere),
 * and each switch adds exactly the actions its code calls to the Digest role, stores the switch with the
 * config the Digest reads, and keeps cdk-nag at zero unacknowledged findings.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HUB_ACTIONS } from '#lib/integrations/securityhub.js';
import { WA_SYNC_ACTIONS } from '#lib/integrations/wa/sync.js';
import { PerfscanStack } from '#lib/infra/perfscan-stack.js';

type Statement = { Action: string | string[]; Resource: unknown; Sid?: string };

function roleStatements(t: Template, prefix: string): Statement[] {
  const roleId = Object.keys(t.findResources('AWS::IAM::Role')).find((id) =>
    id.startsWith(`${prefix}ServiceRole`),
  );
  expect(roleId).toBeDefined();
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId as string))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (s: Statement[]) => s.flatMap((x) => (Array.isArray(x.Action) ? x.Action : [x.Action]));
const allActions = (t: Template) =>
  Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) =>
    actionsOf(p.Properties.PolicyDocument.Statement as Statement[]),
  );
function storedConfig(t: Template): Record<string, unknown> {
  const [param] = Object.values(t.findResources('AWS::SSM::Parameter'));
  return JSON.parse(param?.Properties.Value as string) as Record<string, unknown>;
}

let off: Template;
let on: Template;
let onStack: PerfscanStack;

beforeAll(() => {
  const env = { account: '111111111111', region: 'eu-west-1' };
  off = Template.fromStack(
    new PerfscanStack(new App(), 'Off', { env, configJson: JSON.stringify({ windowDays: 14 }) }),
  );
  onStack = new PerfscanStack(new App(), 'On', {
    env,
    configJson: JSON.stringify({ windowDays: 14 }),
    integrations: {
      securityHub: { enabled: true },
      wellArchitected: { enabled: true, workload: 'Checkout', region: 'eu-central-1' },
    },
  });
  on = Template.fromStack(onStack);
}, 400_000);

describe('after-scan integrations in the stack', () => {
  it('are off by default: no securityhub or wellarchitected action in any policy', () => {
    expect(allActions(off).filter((a) => /^(securityhub|wellarchitected):/.test(a))).toEqual([]);
    expect(storedConfig(off)).toEqual({ windowDays: 14 });
  });

  it('switched on, give the Digest exactly the actions the sync calls', () => {
    const digest = roleStatements(on, 'DigestFunction');
    const wa = digest.find((s) => s.Sid === 'WellArchitectedSync');
    expect([...actionsOf([wa!])].sort()).toEqual([...WA_SYNC_ACTIONS].sort());
    expect(actionsOf(digest).filter((a) => a.includes('*'))).toEqual([]);
    // Only the Digest: the scanner and planner stay read-only.
    for (const fn of ['ScanFunction', 'PlanFunction'])
      expect(
        actionsOf(roleStatements(on, fn)).filter((a) => /^(securityhub|wellarchitected):/.test(a)),
      ).toEqual([]);
  });

  it('store the switches with the config the Digest reads from SSM', () => {
    expect(storedConfig(on)).toEqual({
      windowDays: 14,
      integrations: {
        securityHub: { enabled: true },
        wellArchitected: { enabled: true, workload: 'Checkout', region: 'eu-central-1' },
      },
    });
  });

  it('Security Hub on: an Integrations function with exactly the export actions, a step after Digest that never fails the run', () => {
    const fn = roleStatements(on, 'IntegrationsFunction');
    const hub = fn.find((s) => s.Sid === 'SecurityHubExport');
    expect([...actionsOf([hub!])].sort()).toEqual([...SECURITY_HUB_ACTIONS].sort());
    // It reads the table, it does not write it.
    expect(actionsOf(fn).filter((a) => /^dynamodb:(Put|Delete|Update|BatchWrite)/.test(a))).toEqual([]);
    expect(
      actionsOf(roleStatements(on, 'DigestFunction')).filter((a) => a.startsWith('securityhub:')),
    ).toEqual([]);
    const [sm] = Object.values(on.findResources('AWS::StepFunctions::StateMachine'));
    const def = JSON.stringify(sm?.Properties.DefinitionString);
    expect(def).toContain('\\"Digest\\":{\\"Next\\":\\"ExportToSecurityHub\\"');
    expect(def).toMatch(/ExportToSecurityHub.*Catch.*States\.ALL.*Next\\":\\"Done/);
    // Off: no such function, no such state.
    expect(
      Object.keys(off.findResources('AWS::Lambda::Function')).some((id) =>
        id.startsWith('IntegrationsFunction'),
      ),
    ).toBe(false);
    const [offSm] = Object.values(off.findResources('AWS::StepFunctions::StateMachine'));
    expect(JSON.stringify(offSm?.Properties.DefinitionString)).not.toContain('ExportToSecurityHub');
  });

  it('keep cdk-nag AwsSolutions at zero unacknowledged findings', () => {
    const report = new AwsSolutionsChecks().validateScope(onStack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });
});
