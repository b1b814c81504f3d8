/**
 * The scanner stack: composes the constructs only (table, functions, state machine, schedule,
 * delivery permissions, alarms). Options come from bin/app.ts (CDK context and the config file).
 */
import {
  ArnFormat,
  CfnOutput,
  Duration,
  Stack,
  TimeZone,
  Token,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { ScoreDashboard, levelDropMetric } from './score-dashboard.js';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { RADAR_IAM_ACTIONS } from '#lib/collect/offerings.js';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { requiredIamActions } from '#lib/collect/registry.js';
import type { PerfscanConfig } from '#lib/config/schema.js';
import { SECURITY_HUB_ACTIONS } from '#lib/integrations/securityhub.js';
import { WA_SYNC_ACTIONS } from '#lib/integrations/wa/sync.js';
import type { ServiceName } from '#lib/model/index.js';
import { PerfscanFunction } from './perfscan-function.js';
import { SNAPSHOTS_PREFIX } from '#lib/store/snapshot-keys.js';
import { RUN_FILES_DAYS, RunBucket } from './run-bucket.js';
import { MAP_RESULTS_PREFIX, RESULT_WRITER_V2_FLAG, ScanStateMachine } from './scan-state-machine.js';
import { ScanTable } from './scan-table.js';
import { PRICE_PARTITION } from '#lib/store/price-cache.js';

export interface PerfscanStackProps extends StackProps {
  /** EventBridge Scheduler expression, e.g. `cron(0 6 ? * MON *)` (default: Mondays 06:00). */
  scheduleExpression?: string;
  /** EventBridge Scheduler expression of the daily release radar (default: every day 05:00). */
  radarScheduleExpression?: string;
  /** IANA time zone of the schedule (default UTC). */
  scheduleTimezone?: string;
  /** Member accounts to scan; empty with `useOrganizations` false = this account only. */
  accounts?: string[];
  /** List the organization's active accounts at each run (needs the management or a delegated admin account). */
  useOrganizations?: boolean;
  regions?: string[];
  services?: ServiceName[];
  memberRoleName?: string;
  externalId?: string;
  /** Secrets Manager secret (name or ARN) holding the Slack incoming-webhook URL. */
  slackSecretName?: string;
  emailFrom?: string;
  emailTo?: string[];
  /** Email address subscribed to the run-failure alarm topic. */
  alarmEmail?: string;
  /**
   * Units scanned at once (default 1,000, AWS's default Lambda concurrency): at most the Lambda
   * concurrency perfscan may use here. Each unit is one account x region with its own API quotas.
   */
  maxConcurrency?: number;
  /** perfscan config (thresholds, suppressions, attestations) as JSON, stored in SSM. */
  configJson?: string;
  findingsTtlDays?: number;
  /** Keep the table on stack deletion (default true). */
  retainTable?: boolean;
  /**
   * After-scan integrations (config `integrations`): Security Hub export and Well-Architected sync, off by
   * default. Stored with the config for the Digest; each one that is on adds exactly the IAM actions it calls.
   */
  integrations?: PerfscanConfig['integrations'];
  /**
   * Reserved concurrency of the Pricing function (default 2; `false`: none, e.g. in an account whose Lambda
   * concurrency quota is still 10). Each instance paces GetProducts at 5 / this per second, so the stack stays
   * under the Price List API's ~5 requests/s however many units are scanned at once.
   */
  pricingConcurrency?: number | false;
}

export const DEFAULT_SCHEDULE = 'cron(0 6 ? * MON *)';
/** The release radar: daily at 05:00 (before the weekly scan's hour, so a release scan and the weekly one don't overlap on Mondays). */
export const DEFAULT_RADAR_SCHEDULE = 'cron(0 5 * * ? *)';
export const DEFAULT_MEMBER_ROLE = 'PerfscanMemberRole';
export const DEFAULT_PRICING_CONCURRENCY = 2;
/** The Price List Query API's rate (about 5 requests a second per account). */
const PRICE_LIST_RATE = 5;

export class PerfscanStack extends Stack {
  readonly stateMachineArn: string;

  constructor(scope: Construct, id: string, props: PerfscanStackProps = {}) {
    super(scope, id, props);
    // The Map's ResultWriter (ResultWriterV2) renders only with this flag; set before any child exists.
    this.node.setContext(RESULT_WRITER_V2_FLAG, true);
    const memberRoleName = props.memberRoleName ?? DEFAULT_MEMBER_ROLE;
    const { table } = new ScanTable(this, 'Scans', { retain: props.retainTable ?? true });

    const configJson = props.integrations
      ? JSON.stringify({
          ...(JSON.parse(props.configJson ?? '{}') as object),
          integrations: props.integrations,
        })
      : (props.configJson ?? '{}');
    const configParam = new StringParameter(this, 'Config', {
      description: 'perfscan config (thresholds, suppressions, attestations) as JSON',
      stringValue: configJson,
      tier: configJson.length > 4000 ? ParameterTier.ADVANCED : ParameterTier.STANDARD,
    });
    const findingsTtlDays = props.findingsTtlDays ?? 400;
    // Unit snapshots stay as long as the findings (a scan can be re-judged while its findings exist).
    const { bucket: runBucket } = new RunBucket(this, 'Runs', { snapshotDays: findingsTtlDays });
    const common = { TABLE_NAME: table.tableName, CONFIG_PARAMETER_NAME: configParam.parameterName };

    const plan = new PerfscanFunction(this, 'PlanFunction', {
      handler: 'plan',
      description: 'perfscan: plan the (account, region) units of a run',
      memorySize: 256,
      timeout: Duration.minutes(2),
      environment: {
        ...common,
        RUN_BUCKET: runBucket.bucketName,
        TARGET_ACCOUNTS: (props.accounts ?? []).join(','),
        USE_ORGANIZATIONS: String(props.useOrganizations ?? false),
        MEMBER_ROLE_NAME: memberRoleName,
        REGIONS: (props.regions ?? []).join(','),
        SERVICES: (props.services ?? []).join(','),
        ...(props.externalId ? { EXTERNAL_ID: props.externalId } : {}),
      },
    });
    const scan = new PerfscanFunction(this, 'ScanFunction', {
      handler: 'scan',
      description: 'perfscan: collect, evaluate and store one (account, region) unit',
      // Measured (docs/benchmarks.md): one unit of a 16,000-resource region peaks at ~660 MB RSS.
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: {
        ...common,
        MEMBER_ROLE_NAME: memberRoleName,
        FINDINGS_TTL_DAYS: String(findingsTtlDays),
        SNAPSHOT_BUCKET: runBucket.bucketName,
        ...(props.externalId ? { EXTERNAL_ID: props.externalId } : {}),
      },
    });
    const digest = new PerfscanFunction(this, 'DigestFunction', {
      handler: 'digest',
      description: 'perfscan: score, diff, update the debt register and deliver the digest',
      // The digest is rolled up from unit aggregates, never from findings (lib/digest/rollup.ts). Measured
      // (docs/benchmarks-memory.md): 500 accounts x 17 regions hold at ~190 MB of heap with a 320 MB heap
      // limit, and pile up garbage to 529 MB without one. 1,024 MB for the CPU share (the rollup of a large
      // organization is CPU-bound against the 5-minute timeout), a heap limit to keep the memory bounded.
      memorySize: 1024,
      heapLimitMb: 384,
      timeout: Duration.minutes(5),
      environment: {
        ...common,
        RUN_BUCKET: runBucket.bucketName,
        ...(props.slackSecretName ? { SLACK_SECRET_ARN: props.slackSecretName } : {}),
        ...(props.emailFrom ? { EMAIL_FROM: props.emailFrom } : {}),
        EMAIL_TO: (props.emailTo ?? []).join(','),
      },
    });

    // Pricing: the savings of a unit's failing findings for the Scan (functions/pricing.ts): the Price List
    // client and the estimators do not fit the Scan package. Its own role: scanned accounts need no pricing
    // permission; it reads and writes only the price cache's partition.
    const pricingConcurrency =
      props.pricingConcurrency === false
        ? undefined
        : (props.pricingConcurrency ?? DEFAULT_PRICING_CONCURRENCY);
    if (
      pricingConcurrency !== undefined &&
      !(Number.isInteger(pricingConcurrency) && pricingConcurrency >= 1)
    )
      throw new Error(
        `pricingConcurrency must be a whole number >= 1 or false (got ${String(props.pricingConcurrency)}).`,
      );
    const pricing = new PerfscanFunction(this, 'PricingFunction', {
      handler: 'pricing',
      description: "perfscan: price a unit's failing findings from the AWS Price List (cached in the table)",
      memorySize: 256,
      timeout: Duration.minutes(5),
      ...(pricingConcurrency !== undefined ? { reservedConcurrentExecutions: pricingConcurrency } : {}),
      environment: {
        TABLE_NAME: table.tableName,
        PRICING_RATE_PER_SECOND: String(PRICE_LIST_RATE / (pricingConcurrency ?? 1)),
      },
    });
    pricing.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadPriceList',
        actions: ['pricing:GetProducts'],
        resources: ['*'],
      }),
    );
    pricing.addToRolePolicy(
      new PolicyStatement({
        sid: 'PriceCache',
        actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [PRICE_PARTITION] } },
      }),
    );
    scan.addEnvironment('PRICING_FUNCTION_NAME', pricing.functionName);
    // The unqualified function only (CDK's grantInvoke adds every version and alias, `:*`).
    scan.addToRolePolicy(
      new PolicyStatement({
        sid: 'InvokePricing',
        actions: ['lambda:InvokeFunction'],
        resources: [pricing.functionArn],
      }),
    );

    table.grantReadWriteData(plan);
    table.grantReadWriteData(scan);
    table.grantReadWriteData(digest);
    for (const fn of [plan, scan, digest]) configParam.grantRead(fn);
    // Plan writes the unit list; the Digest reads it and the Map's result files and writes its Markdown.
    // Exact actions on the two prefixes (the bucket's grant* helpers add Abort*/List*/GetBucket* wildcards).
    plan.addToRolePolicy(
      new PolicyStatement({
        sid: 'WriteUnitList',
        actions: ['s3:PutObject'],
        resources: [runBucket.arnForObjects('runs/*')],
      }),
    );
    // Scan stores each unit's snapshot (gzip JSON) under snapshots/, and reads it back in a rescore.
    scan.addToRolePolicy(
      new PolicyStatement({
        sid: 'UnitSnapshots',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [runBucket.arnForObjects(`${SNAPSHOTS_PREFIX}/*`)],
      }),
    );
    digest.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadRunFiles',
        actions: ['s3:GetObject'],
        resources: [runBucket.arnForObjects('runs/*'), runBucket.arnForObjects(`${MAP_RESULTS_PREFIX}/*`)],
      }),
    );
    digest.addToRolePolicy(
      new PolicyStatement({
        sid: 'WriteDigestMarkdown',
        actions: ['s3:PutObject'],
        resources: [runBucket.arnForObjects('runs/*')],
      }),
    );

    const memberRoleArn = this.formatArn({
      service: 'iam',
      region: '',
      account: '*',
      resource: 'role',
      resourceName: memberRoleName,
    });
    // Plan: who to scan and where (enabled regions per account through the member role).
    plan.addToRolePolicy(
      new PolicyStatement({
        sid: 'PlanTargets',
        actions: ['ec2:DescribeRegions', 'sts:GetCallerIdentity'],
        resources: ['*'],
      }),
    );
    plan.addToRolePolicy(
      new PolicyStatement({
        sid: 'AssumeMemberRole',
        actions: ['sts:AssumeRole'],
        resources: [memberRoleArn],
      }),
    );
    if (props.useOrganizations) {
      plan.addToRolePolicy(
        new PolicyStatement({
          sid: 'ListAccounts',
          actions: ['organizations:ListAccounts'],
          resources: ['*'],
        }),
      );
    }
    // Scan: exactly the read-only actions the collectors declare (same list as the member role), but the
    // Price List's: the Pricing function reads it with its own role.
    scan.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadOnlyCollectors',
        actions: requiredIamActions(props.services).filter((a) => !a.startsWith('pricing:')),
        resources: ['*'],
      }),
    );
    scan.addToRolePolicy(
      new PolicyStatement({
        sid: 'AssumeMemberRole',
        actions: ['sts:AssumeRole'],
        resources: [memberRoleArn],
      }),
    );

    if (props.slackSecretName) {
      const secretArn = props.slackSecretName.startsWith('arn:')
        ? props.slackSecretName
        : this.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${props.slackSecretName}-??????`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          });
      digest.addToRolePolicy(
        new PolicyStatement({
          sid: 'ReadSlackWebhook',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secretArn],
        }),
      );
    }
    if (props.emailFrom) {
      const domainOrAddress = props.emailFrom;
      digest.addToRolePolicy(
        new PolicyStatement({
          sid: 'SendDigestEmail',
          actions: ['ses:SendEmail'],
          resources: [
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: domainOrAddress }),
          ],
        }),
      );
    }

    // After-scan integrations: only the actions of the ones switched on (none by default).
    let securityHubExport: PerfscanFunction | undefined;
    if (props.integrations?.securityHub?.enabled) {
      securityHubExport = new PerfscanFunction(this, 'IntegrationsFunction', {
        handler: 'integrations',
        description: "perfscan: send a scan's failing findings to Security Hub and archive resolved ones",
        memorySize: 512,
        timeout: Duration.minutes(15),
        environment: common,
      });
      table.grantReadData(securityHubExport);
      configParam.grantRead(securityHubExport);
      securityHubExport.addToRolePolicy(
        new PolicyStatement({
          sid: 'SecurityHubExport',
          actions: [...SECURITY_HUB_ACTIONS],
          resources: ['*'],
        }),
      );
    }
    if (props.integrations?.wellArchitected?.enabled) {
      digest.addToRolePolicy(
        new PolicyStatement({
          sid: 'WellArchitectedSync',
          actions: [...WA_SYNC_ACTIONS],
          resources: ['*'],
        }),
      );
    }

    const machine = new ScanStateMachine(this, 'Run', {
      plan,
      scan,
      digest,
      runBucket,
      ...(props.maxConcurrency !== undefined ? { maxConcurrency: props.maxConcurrency } : {}),
      ...(securityHubExport ? { securityHubExport } : {}),
    });
    this.stateMachineArn = machine.stateMachine.stateMachineArn;

    new Schedule(this, 'WeeklySchedule', {
      description: 'perfscan: scheduled performance-efficiency scan',
      schedule: ScheduleExpression.expression(
        props.scheduleExpression ?? DEFAULT_SCHEDULE,
        TimeZone.of(props.scheduleTimezone ?? 'UTC'),
      ),
      target: new StepFunctionsStartExecution(machine.stateMachine, {
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 3,
      }),
    });

    // Release radar (functions/radar.ts): daily, it compares what the scanned regions offer now with the
    // offerings the last scan stored and starts a scan with trigger `release` only when a new offering
    // concerns a resource of the estate. Offerings are read in this account (AWS offers the same types to
    // every account of a region); the estate comes from the stored scans.
    const radar = new PerfscanFunction(this, 'RadarFunction', {
      handler: 'radar',
      description: 'perfscan: daily release radar (new offerings that resources could move to)',
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: {
        TABLE_NAME: table.tableName,
        STATE_MACHINE_ARN: machine.stateMachine.stateMachineArn,
        REGIONS: (props.regions ?? []).join(','),
      },
    });
    table.grantReadData(radar);
    radar.addToRolePolicy(
      new PolicyStatement({ sid: 'ReadOfferings', actions: [...RADAR_IAM_ACTIONS], resources: ['*'] }),
    );
    radar.addToRolePolicy(
      new PolicyStatement({
        sid: 'StartReleaseScan',
        actions: ['states:StartExecution'],
        resources: [machine.stateMachine.stateMachineArn],
      }),
    );
    new Schedule(this, 'RadarSchedule', {
      description: 'perfscan: daily release radar',
      schedule: ScheduleExpression.expression(
        props.radarScheduleExpression ?? DEFAULT_RADAR_SCHEDULE,
        TimeZone.of(props.scheduleTimezone ?? 'UTC'),
      ),
      target: new LambdaInvoke(radar, { input: ScheduleTargetInput.fromObject({}), retryAttempts: 2 }),
    });

    // Alarms on the scanner itself: a failed or timed-out run, and a digest that could not be delivered.
    const topic = new Topic(this, 'Alarms', { enforceSSL: true, displayName: 'perfscan alarms' });
    if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const runFailed = new Alarm(this, 'RunFailedAlarm', {
      alarmDescription: 'A perfscan run failed or timed out.',
      metric: machine.stateMachine.metricFailed({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const deliveryFailed = new Alarm(this, 'DigestDeliveryAlarm', {
      alarmDescription: 'A perfscan digest could not be delivered to Slack or email.',
      metric: new Metric({
        namespace: 'Perfscan',
        metricName: 'DigestDeliveryFailures',
        dimensionsMap: { service: 'perfscan' },
        period: Duration.hours(1),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // The score as metrics (the Digest step's EMF, docs/metrics.md): a dashboard, and an alarm on any level drop.
    new ScoreDashboard(this, 'ScoreDashboard');
    const levelDropped = new Alarm(this, 'ControlLevelDropAlarm', {
      alarmDescription:
        "A maturity control's level dropped since the previous scan in an account (perfscan).",
      metric: levelDropMetric(),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const a of [runFailed, deliveryFailed, levelDropped]) a.addAlarmAction(new SnsAction(topic));

    new CfnOutput(this, 'StateMachineArn', { value: machine.stateMachine.stateMachineArn });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'RunBucketName', { value: runBucket.bucketName });
    new CfnOutput(this, 'ScannerRoleArn', { value: scan.role?.roleArn ?? '' });

    this.acknowledgeNagFindings({
      functions: {
        plan,
        scan,
        digest,
        pricing,
        radar,
        ...(securityHubExport ? { integrations: securityHubExport } : {}),
      },
      table,
      machine,
      runBucket,
      memberRoleArnPattern: 'arn:<AWS::Partition>:iam::*:role/' + memberRoleName,
      integrations: props.integrations,
    });
  }

  /** cdk-nag AwsSolutions acknowledgements: exact finding ids (with their bracket suffix), each with its reason. */
  private acknowledgeNagFindings(parts: {
    functions: Record<'plan' | 'scan' | 'digest' | 'pricing' | 'radar', PerfscanFunction> & {
      integrations?: PerfscanFunction;
    };
    table: Table;
    machine: ScanStateMachine;
    runBucket: Bucket;
    memberRoleArnPattern: string;
    integrations: PerfscanStackProps['integrations'];
  }): void {
    const bucketId = this.getLogicalId(parts.runBucket.node.defaultChild as CfnElement);
    Validations.of(parts.runBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: `The run bucket holds perfscan's own files (unit lists, map results, digest Markdown, expiring after ${RUN_FILES_DAYS} days; unit snapshots, expiring with the findings), written and read only by the stack's roles; its API calls are in CloudTrail.`,
    });
    for (const [fn, prefixes] of [
      [parts.functions.plan, ['runs/*']],
      [parts.functions.scan, [`${SNAPSHOTS_PREFIX}/*`]],
      [parts.functions.digest, ['runs/*', `${MAP_RESULTS_PREFIX}/*`]],
    ] as const) {
      for (const prefix of prefixes) {
        Validations.of(fn).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}]`,
          reason:
            'Object keys under this prefix carry the scan id (or the map run id) and, for snapshots, the account and region, known only at run time; the actions are exactly s3:GetObject / s3:PutObject on the run bucket of this stack.',
        });
      }
    }
    const tableArn = `<${this.getLogicalId(parts.table.node.defaultChild as CfnElement)}.Arn>`;
    const fnArn = (fn: PerfscanFunction) => `<${this.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>`;
    for (const [name, fn] of Object.entries(parts.functions)) {
      const v = Validations.of(fn);
      v.acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch Logs.',
      });
      v.acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          name === 'scan'
            ? 'The read-only Describe/List/Get APIs the collectors call have no resource-level permissions; the action list is explicit and generated from the collectors (no wildcard actions), plus X-Ray trace writes.'
            : name === 'plan'
              ? 'ec2:DescribeRegions, sts:GetCallerIdentity and organizations:ListAccounts have no resource-level permissions; plus X-Ray trace writes.'
              : name === 'radar'
                ? 'ec2:DescribeInstanceTypes/DescribeInstanceTypeOfferings, rds:DescribeOrderableDBInstanceOptions and elasticache:DescribeReservedCacheNodesOfferings have no resource-level permissions (read-only catalogue calls); plus X-Ray trace writes.'
                : name === 'pricing'
                  ? 'pricing:GetProducts has no resource-level permissions (the Price List is public); plus X-Ray trace writes.'
                  : name === 'integrations'
                    ? "securityhub:GetFindings reads this account's hub and BatchImportFindings names the product (the account's default product ARN) in each finding, not as a resource; plus X-Ray trace writes."
                    : `X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions.${
                        parts.integrations?.wellArchitected?.enabled
                          ? ' The Well-Architected workload and lens ids are known only at run time (found by name); ListWorkloads/ListLenses/ImportLens take no resource.'
                          : ''
                      }`,
      });
      if (name !== 'pricing')
        v.acknowledge({
          id: `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
          reason: "Query access to the indexes of perfscan's own table (the scans-by-time GSI).",
        });
      if (name === 'plan' || name === 'scan') {
        v.acknowledge({
          id: `AwsSolutions-IAM5[Resource::${parts.memberRoleArnPattern}]`,
          reason:
            'The member role has a fixed name in every scanned account; the account list changes (Organizations), so the account is a wildcard. The member role itself trusts only the scanner role with an external id.',
        });
      }
    }
    // EventBridge Scheduler's role for the radar target (created by LambdaInvoke; CDK's grantInvoke adds `:*`).
    for (const child of this.node.children)
      if (child.node.id.startsWith('SchedulerRoleForTarget'))
        Validations.of(child).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${fnArn(parts.functions.radar)}:*]`,
          reason:
            "The scheduler may invoke any version/alias of perfscan's own radar function (CDK default grant of the Lambda target).",
        });
    const machine = Validations.of(parts.machine);
    for (const fn of Object.values(parts.functions)) {
      machine.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${fnArn(fn)}:*]`,
        reason: "Step Functions may invoke any version/alias of perfscan's own function (CDK default grant).",
      });
    }
    machine.acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${bucketId}>/*]`,
      reason:
        "The Distributed Map's ItemReader reads the unit list and its ResultWriter writes result files under keys chosen at run time (scan id, map run id), in perfscan's own run bucket (CDK's generated policy).",
    });
    machine.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray trace writes by the state machine have no resource-level permissions.',
    });
    const sm = this.getLogicalId(parts.machine.stateMachine.node.defaultChild as CfnElement);
    const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    const execution = `arn:<AWS::Partition>:states:${region}:${account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${sm}"}]}]}`;
    for (const suffix of [':*', '/*:*']) {
      machine.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${execution}${suffix}]`,
        reason:
          'The Distributed Map manages its own child executions (execution ARNs of this state machine only; CDK default policy).',
      });
    }
  }
}
