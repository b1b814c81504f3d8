import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { requiredIamActions } from '#lib/collect/registry.js';
import { MemberRoleStack } from '#lib/infra/member-role-stack.js';
import { PerfscanStack } from '#lib/infra/perfscan-stack.js';
import { SERVICES } from '#lib/model/index.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Sid?: string };

let app: App;
let stack: PerfscanStack;
let member: MemberRoleStack;
let template: Template;
let memberTemplate: Template;

/** All statements of the inline policies attached to the role of the function whose logical id starts with `prefix`. */
function functionStatements(t: Template, prefix: string): Statement[] {
  const roles = t.findResources('AWS::IAM::Role');
  const roleId = Object.keys(roles).find((id) => id.startsWith(`${prefix}ServiceRole`));
  expect(roleId, `role of ${prefix}`).toBeDefined();
  const policies = t.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId as string))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

beforeAll(() => {
  app = new App();
  stack = new PerfscanStack(app, 'Perfscan', {
    env: { account: '111111111111', region: 'eu-west-1' },
    accounts: ['222222222222'],
    regions: ['eu-west-1', 'us-east-1'],
    slackSecretName: 'perfscan/slack-webhook',
    emailFrom: 'perf@example.com',
    emailTo: ['team@example.com'],
    scheduleTimezone: 'Europe/Berlin',
    maxConcurrency: 8,
    externalId: 'ext-123',
  });
  member = new MemberRoleStack(app, 'Member', {
    env: { account: '222222222222', region: 'eu-west-1' },
    scannerRoleArn: 'arn:aws:iam::111111111111:role/perfscan-scan',
    externalId: 'ext-123',
  });
  template = Template.fromStack(stack);
  memberTemplate = Template.fromStack(member);
  // The first synth with changed sources bundles the three handlers (lib/infra/bundle.ts); later ones reuse them.
}, 400_000);

describe('scanner stack', () => {
  it('schedules the state machine weekly in the configured time zone', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('^RunStateMachine') },
        Input: JSON.stringify({ trigger: 'schedule' }),
      }),
    });
  });

  it('fans out over the unit list in S3 with a Distributed Map: ItemReader, ResultWriter, retries, tolerated failures', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const [sm] = Object.values(machines);
    const definition = JSON.parse(
      (sm?.Properties.DefinitionString['Fn::Join'][1] as unknown[])
        .map((p) => (typeof p === 'string' ? p : 'ARN'))
        .join(''),
    );
    expect(definition.StartAt).toBe('Plan');
    const map = definition.States.ScanUnits;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    // The unit list never travels in the state: the Map reads it from the run bucket.
    expect(map.ItemsPath).toBeUndefined();
    expect(map.ItemReader).toMatchObject({
      Resource: 'arn:ARN:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { Bucket: 'ARN', 'Key.$': '$.plan.unitsKey' },
    });
    expect(map.ItemSelector).toEqual({ 'scanId.$': '$.plan.scanId', 'unit.$': '$$.Map.Item.Value.unit' });
    expect(map.ResultWriter).toMatchObject({
      Resource: 'arn:ARN:states:::s3:putObject',
      Parameters: { Bucket: 'ARN', Prefix: 'map-results' },
    });
    // Only the manifest's key joins the state.
    expect(map.ResultSelector).toEqual({ 'manifestKey.$': '$.ResultWriterDetails.Key' });
    expect(map.ResultPath).toBe('$.results');
    expect(map.MaxConcurrency).toBe(8);
    expect(map.ToleratedFailurePercentage).toBe(100);
    const scanUnit = map.ItemProcessor.States.ScanUnit;
    expect(scanUnit.Retry[0]).toMatchObject({ BackoffRate: 2, MaxAttempts: 5, MaxDelaySeconds: 120 });
    expect(scanUnit.Retry[0].ErrorEquals).toEqual(
      expect.arrayContaining(['Lambda.TooManyRequestsException', 'ThrottlingException']),
    );
    // A failed unit fails its child execution (recorded by the ResultWriter), not the run.
    expect(scanUnit.Catch).toBeUndefined();
    expect(map.Catch[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'NoMapResults' });
    expect(definition.States.NoMapResults).toMatchObject({ Result: { manifestKey: null }, Next: 'Digest' });
    expect(definition.States.Plan.Retry[0].BackoffRate).toBe(2);
    expect(definition.States.Digest.Retry[0].BackoffRate).toBe(2);
    expect(definition.States.Digest.Parameters).toEqual({
      'scanId.$': '$.plan.scanId',
      'unitsKey.$': '$.plan.unitsKey',
      'resultsManifestKey.$': '$.results.manifestKey',
    });
    expect(map.Next).toBe('Digest');
  });

  it('bounds the Map by Lambda concurrency (1,000 by default), not by a small fixed number', () => {
    const other = new PerfscanStack(new App(), 'Defaults', {
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    const [sm] = Object.values(Template.fromStack(other).findResources('AWS::StepFunctions::StateMachine'));
    const text = (sm?.Properties.DefinitionString['Fn::Join'][1] as unknown[])
      .map((p) => (typeof p === 'string' ? p : 'ARN'))
      .join('');
    expect(JSON.parse(text).States.ScanUnits.MaxConcurrency).toBe(1000);
    expect(() => new PerfscanStack(new App(), 'Zero', { maxConcurrency: 0 })).toThrow(
      /maxConcurrency: 0 is not a whole number from 1 to 10,000/,
    );
  });

  it('keeps run files in a private, encrypted, TLS-only bucket that expires them', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: Match.objectLike({}),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'runs/', ExpirationInDays: 35, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'map-results/', ExpirationInDays: 35, Status: 'Enabled' }),
          // Unit snapshots live as long as the findings (FINDINGS_TTL_DAYS, default 400): a scan can be re-judged.
          Match.objectLike({ Prefix: 'snapshots/', ExpirationInDays: 400, Status: 'Enabled' }),
        ]),
      },
    });
    // No rule without a prefix: it would expire the snapshots with the run files.
    const [bucket] = Object.values(template.findResources('AWS::S3::Bucket'));
    const rules = bucket?.Properties.LifecycleConfiguration.Rules as {
      Prefix?: string;
      ExpirationInDays?: number;
    }[];
    expect(rules.filter((r) => r.ExpirationInDays !== undefined && !r.Prefix)).toEqual([]);
    const planS3 = actionsOf(functionStatements(template, 'PlanFunction')).filter((a) => a.startsWith('s3:'));
    const digestS3 = actionsOf(functionStatements(template, 'DigestFunction')).filter((a) =>
      a.startsWith('s3:'),
    );
    expect(planS3).toEqual(['s3:PutObject']);
    expect([...new Set(digestS3)].sort()).toEqual(['s3:GetObject', 's3:PutObject']);
  });

  it('creates the table with the DESIGN.md keys, GSI by time, PITR, encryption and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byTime',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
        }),
      ],
    });
  });

  it('runs every function on the newest Node runtime, arm64, traced', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(fns).toHaveLength(5); // plan, scan, digest, pricing, radar
    for (const f of fns) {
      expect(f.Properties.Runtime).toBe('nodejs24.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      // One bundled ESM file per package (lib/infra/bundle.ts), no source map, so no --enable-source-maps.
      expect(f.Properties.Handler).toBe('index.handler');
      const nodeOptions = f.Properties.Environment.Variables.NODE_OPTIONS as string | undefined;
      expect(nodeOptions ?? '').not.toContain('--enable-source-maps');
    }
    // The Digest keeps its heap bounded (rolled up from unit aggregates; V8 would otherwise let garbage pile up).
    const digest = fns.find((f) => f.Properties.Description?.includes('deliver the digest'));
    expect(digest?.Properties.Environment.Variables.NODE_OPTIONS).toBe('--max-old-space-size=384');
    expect(digest?.Properties.MemorySize).toBeGreaterThan(384);
  });

  it('gives the scanner exactly the declared read-only actions, its table, and nothing else', () => {
    const statements = functionStatements(template, 'ScanFunction');
    const actions = actionsOf(statements);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    const declared = new Set(requiredIamActions([...SERVICES]));
    const scannedPrefixes = new Set([...declared].map((a) => a.split(':')[0]));
    const own = /^(dynamodb|xray|ssm|s3):/;
    // lambda:InvokeFunction: the stack's Pricing function only (tested below).
    const invoke = (a: string) => a === 'lambda:InvokeFunction';
    for (const a of actions) {
      if (own.test(a) || a === 'sts:AssumeRole' || invoke(a)) continue;
      expect(declared.has(a), `${a} is not declared by a collector`).toBe(true);
    }
    // No write on scanned services: only Describe/List/Get (and BatchGet) verbs.
    for (const a of actions.filter(
      (x) => scannedPrefixes.has(x.split(':')[0] as string) && x !== 'sts:AssumeRole' && !invoke(x),
    )) {
      expect(a.split(':')[1]).toMatch(/^(Describe|List|Get|BatchGet)/);
    }
    // Every collector action but the Price List's, which the Pricing function reads with its own role.
    expect(actions).not.toContain('pricing:GetProducts');
    expect([...declared].filter((a) => !a.startsWith('pricing:')).every((a) => actions.includes(a))).toBe(
      true,
    );
    const ddb = statements.find((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(JSON.stringify(ddb?.Resource)).toMatch(/ScansTable/);
    const assume = statements.find((s) => actionsOf([s]).includes('sts:AssumeRole'));
    expect(JSON.stringify(assume?.Resource)).toContain(':role/PerfscanMemberRole');
    // Its S3 access: exactly GetObject (a rescore) and PutObject on the snapshots/ prefix of the run bucket.
    const s3 = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
    expect(actionsOf(s3)).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(s3.map((s) => JSON.stringify(s.Resource))).toEqual([
      expect.stringMatching(/RunsBucket.*"\/snapshots\/\*"/),
    ]);
  });

  it('prices through a Pricing function: GetProducts and the price cache partition only; the Scan may invoke it and nothing else', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    const [pricingId, pricing] = Object.entries(fns).find(([id]) => id.startsWith('PricingFunction'))!;
    // Each instance paces itself at its share of the Price List's ~5 requests/s.
    expect(pricing.Properties.ReservedConcurrentExecutions).toBe(2);
    expect(pricing.Properties.Environment.Variables.PRICING_RATE_PER_SECOND).toBe('2.5');
    const statements = functionStatements(template, 'PricingFunction');
    const own = statements.filter((s) => !actionsOf([s]).every((a) => a.startsWith('xray:')));
    expect(own.map((s) => [s.Sid, actionsOf([s]).sort()])).toEqual([
      ['ReadPriceList', ['pricing:GetProducts']],
      ['PriceCache', ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']],
    ]);
    const cache = own.find((s) => s.Sid === 'PriceCache') as Statement & { Condition?: unknown };
    expect(JSON.stringify(cache.Resource)).toMatch(/ScansTable/);
    expect(JSON.stringify(cache.Resource)).not.toContain('index');
    expect(cache.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['PRICE'] } });

    const scan = Object.entries(fns).find(([id]) => id.startsWith('ScanFunction'))![1];
    expect(scan.Properties.Environment.Variables.PRICING_FUNCTION_NAME).toEqual({ Ref: pricingId });
    const invoke = functionStatements(template, 'ScanFunction').filter((s) =>
      actionsOf([s]).includes('lambda:InvokeFunction'),
    );
    expect(invoke).toHaveLength(1);
    expect(actionsOf(invoke)).toEqual(['lambda:InvokeFunction']);
    expect(invoke[0]?.Resource).toEqual({ 'Fn::GetAtt': [pricingId, 'Arn'] });
  });

  it('runs the release radar daily: a Lambda that reads the catalogue and the table, and may start only this state machine', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    const [radarId, radar] = Object.entries(fns).find(([id]) => id.startsWith('RadarFunction'))!;
    expect(radar.Properties.Environment.Variables.STATE_MACHINE_ARN).toEqual({
      Ref: expect.stringMatching(/^RunStateMachine/),
    });
    expect(radar.Properties.Environment.Variables.REGIONS).toBe('eu-west-1,us-east-1');
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 5 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [radarId, 'Arn'] } }),
    });
    const statements = functionStatements(template, 'RadarFunction');
    const actions = actionsOf(statements).filter((a) => !a.startsWith('xray:'));
    // Read-only: the catalogue calls, reads of its own table, and one write-like action on one resource.
    for (const a of actions)
      expect(a).toMatch(
        /^(ec2:Describe|rds:Describe|elasticache:Describe|dynamodb:(BatchGet|Get|Query|Scan|Describe|ConditionCheck)|states:StartExecution$)/,
      );
    const start = statements.filter((s) => actionsOf([s]).includes('states:StartExecution'));
    expect(start).toHaveLength(1);
    expect(start[0]?.Resource).toEqual({ Ref: expect.stringMatching(/^RunStateMachine/) });
  });

  it('leaves the Pricing function unreserved when asked (an account whose Lambda concurrency quota is 10)', () => {
    const s = new PerfscanStack(new App(), 'Unreserved', {
      env: { account: '111111111111', region: 'eu-west-1' },
      pricingConcurrency: false,
    });
    const fns = Template.fromStack(s).findResources('AWS::Lambda::Function');
    const pricing = Object.entries(fns).find(([id]) => id.startsWith('PricingFunction'))![1];
    expect(pricing.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(pricing.Properties.Environment.Variables.PRICING_RATE_PER_SECOND).toBe('5');
    expect(() => new PerfscanStack(new App(), 'Bad', { pricingConcurrency: 0 })).toThrow(
      /pricingConcurrency must be a whole number >= 1 or false \(got 0\)/,
    );
  });

  it('scopes the digest to its secret and SES identity', () => {
    const statements = functionStatements(template, 'DigestFunction');
    const secret = statements.find((s) => actionsOf([s]).includes('secretsmanager:GetSecretValue'));
    expect(JSON.stringify(secret?.Resource)).toContain('secret:perfscan/slack-webhook-??????');
    const ses = statements.find((s) => actionsOf([s]).includes('ses:SendEmail'));
    expect(JSON.stringify(ses?.Resource)).toContain('identity/perf@example.com');
    expect(actionsOf(statements).filter((a) => a.includes('*'))).toEqual([]);
    expect(actionsOf(statements).some((a) => /^(ec2|rds|lambda):/.test(a))).toBe(false);
  });

  it('alarms on failed runs and failed deliveries', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DigestDeliveryFailures',
      Namespace: 'Perfscan',
    });
  });
});

describe('member role stack', () => {
  it('trusts only the scanner role, with the external id', () => {
    memberTemplate.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'PerfscanMemberRole',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { AWS: 'arn:aws:iam::111111111111:role/perfscan-scan' },
            Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } },
          }),
        ],
      },
    });
  });

  it('holds exactly the generated read-only policy', () => {
    const [policy] = Object.values(memberTemplate.findResources('AWS::IAM::ManagedPolicy'));
    const actions = actionsOf(policy?.Properties.PolicyDocument.Statement as Statement[]);
    expect([...actions].sort()).toEqual(requiredIamActions([...SERVICES]));
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });

  it('asks for the scanner role and external id as parameters when deployed by StackSets', () => {
    const standalone = Template.fromStack(new MemberRoleStack(new App(), 'StackSetMember'));
    standalone.hasParameter('ScannerRoleArn', { Type: 'String' });
    standalone.hasParameter('ExternalId', { Type: 'String', NoEcho: true });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports zero unacknowledged findings, and every acknowledgement has a reason', () => {
    for (const s of [stack, member]) {
      const report = new AwsSolutionsChecks().validateScope(s);
      const violations = report.violations.map(
        (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(violations).toEqual([]);
    }
    // Acknowledgements are stored as construct metadata: { "<ruleId>": "<reason>" } (or a list of {id, reason}).
    const acks = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) =>
        Array.isArray(m.data)
          ? (m.data as { id: string; reason?: string }[]).map((a) => [a.id, a.reason] as const)
          : Object.entries(m.data as Record<string, string>),
      );
    expect(acks.length).toBeGreaterThan(10);
    for (const [id, reason] of acks) {
      expect(String(reason ?? '').length, `acknowledgement ${id} needs a reason`).toBeGreaterThan(20);
    }
  });
});
