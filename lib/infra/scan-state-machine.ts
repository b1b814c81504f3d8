/**
 * Plan -> Distributed Map over (account, region) units -> Digest, sized for an organization.
 *
 * Nothing in the state grows with the organization: Plan writes the unit list to the run bucket and returns
 * its key and length; the Map reads the list with an S3 ItemReader and writes each child's result with a
 * ResultWriter (the state keeps only the manifest's key); the Digest writes its Markdown to the bucket and
 * returns its key and the run's status and counts.
 *
 * Concurrency: one unit is one account x region, and AWS API quotas are per account and region, so units
 * never share a quota and run side by side; the Map is bounded only by the Lambda concurrency perfscan may
 * use (`maxConcurrency`, default 1,000: the default account quota). A unit that still fails after its
 * retries fails its child execution; the Map tolerates any number of failed children, and the Digest reports
 * each as a failed unit with the error Step Functions recorded.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  DefinitionBody,
  DistributedMap,
  Fail,
  JsonPath,
  LogLevel,
  Pass,
  Result,
  ResultWriterV2,
  S3JsonItemReader,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  type Chain,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** Results prefix of the Map's ResultWriter (functions/run-files.ts MAP_RESULTS_PREFIX). */
export const MAP_RESULTS_PREFIX = 'map-results';

/**
 * Default Map concurrency: AWS's default Lambda concurrency per account and region. 8,500 units of ~30 s
 * at 1,000 at a time take ~4.3 min of scanning (docs/benchmarks.md models the organization run).
 */
export const DEFAULT_MAX_CONCURRENCY = 1000;

export interface ScanStateMachineProps {
  plan: IFunction;
  scan: IFunction;
  digest: IFunction;
  /**
   * The Security Hub export after the digest (functions/integrations.ts), only when
   * `integrations.securityHub.enabled`: a step after Digest whose failure never fails the run.
   */
  securityHubExport?: IFunction;
  /** Unit list, Map results, digest Markdown. */
  runBucket: IBucket;
  /**
   * Units scanned at once: at most the Lambda concurrency perfscan may use in this account and region
   * (units of different account x regions share no API quota). Default 1,000.
   */
  maxConcurrency?: number;
  /** Fixed name so `perfscan run --remote` can find it (default 'perfscan'). */
  stateMachineName?: string;
}

/** Errors worth retrying: Lambda service hiccups and throttling, with exponential backoff and jitter. */
export const RETRYABLE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'ThrottlingException',
  'States.Timeout',
];

/** ResultWriterV2 renders only with this feature flag; PerfscanStack sets it on itself. */
export const RESULT_WRITER_V2_FLAG = '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2';

export class ScanStateMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: ScanStateMachineProps) {
    super(scope, id);
    const maxConcurrency = props.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 10_000) {
      throw new Error(
        `maxConcurrency: ${maxConcurrency} is not a whole number from 1 to 10,000 (a Distributed Map's limit); use your account's Lambda concurrency for perfscan (default ${DEFAULT_MAX_CONCURRENCY}).`,
      );
    }

    const plan = new LambdaInvoke(this, 'Plan', {
      lambdaFunction: props.plan,
      payload: TaskInput.fromObject({
        'input.$': '$',
        'executionId.$': '$$.Execution.Id',
        'startedAt.$': '$$.Execution.StartTime',
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: '$.plan',
    });
    plan.addRetry({
      errors: RETRYABLE_ERRORS,
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 4,
    });

    const scanUnit = new LambdaInvoke(this, 'ScanUnit', {
      lambdaFunction: props.scan,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      // The child's output (unit status and finding counts) goes to the ResultWriter, not the parent state.
    });
    scanUnit.addRetry({
      errors: RETRYABLE_ERRORS,
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 5,
      maxDelay: Duration.minutes(2),
    });

    const map = new DistributedMap(this, 'ScanUnits', {
      itemReader: new S3JsonItemReader({
        bucket: props.runBucket,
        key: JsonPath.stringAt('$.plan.unitsKey'),
      }),
      itemSelector: {
        'scanId.$': '$.plan.scanId',
        'unit.$': '$$.Map.Item.Value.unit',
      },
      maxConcurrency,
      // Any number of failed units: the Digest reports each one (the run only fails when Plan or Digest does).
      toleratedFailurePercentage: 100,
      resultWriterV2: new ResultWriterV2({ bucket: props.runBucket, prefix: MAP_RESULTS_PREFIX }),
      resultSelector: { 'manifestKey.$': '$.ResultWriterDetails.Key' },
      resultPath: '$.results',
    });
    map.itemProcessor(scanUnit);
    // The Map itself failing (its ItemReader or ResultWriter) still ends in a digest: every unit that did not
    // report is a failed unit. The error is kept for the execution history, bounded by Step Functions.
    const noResults = new Pass(this, 'NoMapResults', {
      comment: 'The Map failed as a whole; the Digest reports the units that did not report as failed.',
      result: Result.fromObject({ manifestKey: null }),
      resultPath: '$.results',
    });
    map.addCatch(noResults, { errors: ['States.ALL'], resultPath: '$.mapError' });

    const digest = new LambdaInvoke(this, 'Digest', {
      lambdaFunction: props.digest,
      payload: TaskInput.fromObject({
        'scanId.$': '$.plan.scanId',
        'unitsKey.$': '$.plan.unitsKey',
        'resultsManifestKey.$': '$.results.manifestKey',
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      // Status, level, delivery and the Markdown's S3 key: never the digest's text.
      resultPath: '$.digest',
    });
    digest.addRetry({
      errors: RETRYABLE_ERRORS,
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 4,
    });

    const failed = new Fail(this, 'RunFailed', {
      cause: 'Plan or Digest failed after retries',
      error: 'PerfscanRunFailed',
    });
    plan.addCatch(failed, { errors: ['States.ALL'] });
    digest.addCatch(failed, { errors: ['States.ALL'] });

    noResults.next(digest);
    const done = new Succeed(this, 'Done');
    let afterDigest: Chain | LambdaInvoke = digest;
    if (props.securityHubExport) {
      const exportStep = new LambdaInvoke(this, 'ExportToSecurityHub', {
        lambdaFunction: props.securityHubExport,
        payload: TaskInput.fromObject({ 'scanId.$': '$.plan.scanId' }),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        // Counts and state only (the export reports its own errors in its result).
        resultPath: '$.securityHub',
      });
      exportStep.addRetry({
        errors: RETRYABLE_ERRORS,
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 4,
      });
      // The scan and its digest are stored and delivered: a failed export is in the history, not a failed run.
      exportStep.addCatch(done, { errors: ['States.ALL'], resultPath: '$.securityHubError' });
      afterDigest = digest.next(exportStep);
    }
    const definition = plan.next(map).next(afterDigest).next(done);

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(definition),
      stateMachineName: props.stateMachineName ?? 'perfscan',
      stateMachineType: StateMachineType.STANDARD,
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }
}
