/**
 * Plan -> Distributed Map over (account, region) units -> Digest.
 * Payloads stay small: Plan returns the scan id and compact unit keys; findings go to DynamoDB.
 * A unit that fails after its retries is caught inside the map (the digest reports it as failed, from the
 * failed summary it stored or, without one, from the header's plannedUnits), so one broken account never
 * fails the run.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  DistributedMap,
  Fail,
  JsonPath,
  LogLevel,
  Pass,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface ScanStateMachineProps {
  plan: IFunction;
  scan: IFunction;
  digest: IFunction;
  /** Units scanned at once; bounded so one account's API quotas are respected. */
  maxConcurrency: number;
  /** Fixed name so `perfscan run --remote` can find it (default 'perfscan'). */
  stateMachineName?: string;
}

/** Errors worth retrying: Lambda service hiccups and throttling, with exponential backoff. */
export const RETRYABLE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'ThrottlingException',
  'States.Timeout',
];

export class ScanStateMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: ScanStateMachineProps) {
    super(scope, id);

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
    });
    scanUnit.addRetry({
      errors: RETRYABLE_ERRORS,
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 4,
    });
    const unitFailed = new Pass(this, 'UnitFailed', {
      comment:
        'The digest reports the unit as failed (its stored failure, or no summary at all); the run goes on.',
      parameters: { 'unit.$': '$.unit', status: 'failed' },
    });
    scanUnit.addCatch(unitFailed, { errors: ['States.ALL'], resultPath: '$.error' });

    const map = new DistributedMap(this, 'ScanUnits', {
      itemsPath: '$.plan.units',
      itemSelector: {
        'scanId.$': '$.plan.scanId',
        'unit.$': '$$.Map.Item.Value',
      },
      maxConcurrency: props.maxConcurrency,
      toleratedFailurePercentage: 100,
      resultPath: JsonPath.DISCARD,
    });
    map.itemProcessor(scanUnit);

    const digest = new LambdaInvoke(this, 'Digest', {
      lambdaFunction: props.digest,
      payload: TaskInput.fromObject({ 'scanId.$': '$.plan.scanId' }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
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

    const definition = plan.next(map).next(digest).next(new Succeed(this, 'Done'));

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
