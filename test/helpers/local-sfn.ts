/**
 * Run the synthesized state machine definition locally: aws-local-stepfunctions 3 executes the ASL from the
 * CloudFormation template, with each Lambda Task bound to a handler in this process, DynamoDB on dynalite
 * and S3 on s3rver (the caller's clients).
 *
 * aws-local-stepfunctions 3 runs Map states inline only (no ItemReader, ResultWriter, tolerated failures),
 * so each DISTRIBUTED Map state is replaced by a Task of the same name (same InputPath, ResultSelector,
 * ResultPath, OutputPath, Retry, Catch, Next/End) whose local handler emulates the Distributed Map:
 * - ItemReader (`arn:aws:states:::s3:getObject`, InputType JSON): resolves Bucket/Key(.$) against the Map's
 *   input, reads the object from S3 and parses the JSON array (MaxItems honoured);
 * - ItemSelector: `.$` fields resolved against the Map's input (`$...`) or the item context
 *   (`$$.Map.Item.Value...`, `$$.Map.Item.Index`);
 * - ItemProcessor: one child execution per item (a new aws-local-stepfunctions StateMachine), at most
 *   min(MaxConcurrency, `localConcurrency`) at once;
 * - ToleratedFailurePercentage / ToleratedFailureCount: exceeding them fails the Map with
 *   `States.ExceedToleratedFailureThreshold`;
 * - ResultWriter (`arn:aws:states:::s3:putObject`, Bucket + Prefix): writes
 *   `<Prefix>/<mapRunId>/SUCCEEDED_0.json` and `FAILED_0.json` (child executions with Input, Output or
 *   Error/Cause, Status) and `manifest.json` in the layout Step Functions uses, one file per status;
 * - the Map's result is `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }`, as in Step Functions.
 * Lambda Tasks without TimeoutSeconds get the function's own timeout from the template (the library would
 * otherwise stop them after 60 s). A handler's error reaches the ASL as Lambda reports it: `Error` is the
 * error's name, `Cause` a JSON `{errorType, errorMessage}`.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';

// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22+); Node 20 needs the polyfill.
const P = Promise as unknown as { withResolvers?: () => unknown };
if (!P.withResolvers) {
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };
export type LambdaHandler = (event: unknown, context?: unknown) => Promise<unknown>;

export interface SynthesizedMachine {
  /** The ASL with every CloudFormation token resolved. */
  definition: JsonObject;
  /** Function ARN in the definition -> the function's logical id and timeout (seconds). */
  functions: Map<string, { logicalId: string; timeoutSeconds: number }>;
}

/**
 * Resolve the state machine's DefinitionString from a synthesized template: function ARNs become
 * `arn:aws:lambda:<region>:<account>:function:<logicalId>`, bucket refs the given local bucket names.
 */
export function synthesizedMachine(
  template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> },
  opts: { region: string; accountId: string; buckets: Record<string, string> },
): SynthesizedMachine {
  const entries = Object.entries(template.Resources);
  const sm = entries.find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (!sm) throw new Error('The template has no AWS::StepFunctions::StateMachine.');
  const functions = new Map<string, { logicalId: string; timeoutSeconds: number }>();
  const resolve = (token: unknown): string => {
    if (typeof token === 'string') return token;
    const t = token as Record<string, unknown>;
    if (t.Ref === 'AWS::Partition') return 'aws';
    if (t.Ref === 'AWS::Region') return opts.region;
    if (t.Ref === 'AWS::AccountId') return opts.accountId;
    if (typeof t.Ref === 'string') {
      const bucket = Object.entries(opts.buckets).find(([prefix]) => (t.Ref as string).startsWith(prefix));
      if (bucket) return bucket[1];
    }
    const getAtt = t['Fn::GetAtt'] as [string, string] | undefined;
    if (getAtt && getAtt[1] === 'Arn') {
      const fn = template.Resources[getAtt[0]];
      if (fn?.Type === 'AWS::Lambda::Function') {
        const arn = `arn:aws:lambda:${opts.region}:${opts.accountId}:function:${getAtt[0]}`;
        functions.set(arn, { logicalId: getAtt[0], timeoutSeconds: Number(fn.Properties?.Timeout ?? 3) });
        return arn;
      }
    }
    throw new Error(`Unresolvable token in the state machine definition: ${JSON.stringify(token)}`);
  };
  const body = sm[1].Properties?.DefinitionString as unknown;
  const text =
    typeof body === 'string'
      ? body
      : ((body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map(resolve).join('') as string);
  return { definition: JSON.parse(text) as JsonObject, functions };
}

export interface LocalRunOptions {
  machine: SynthesizedMachine;
  /** Function logical-id prefix (e.g. 'PlanFunction') -> the handler that runs for it. */
  handlers: Record<string, LambdaHandler>;
  s3: S3Client;
  input: JsonObject;
  /** The execution's ARN and start time (the `$$.Execution` context). */
  executionArn: string;
  startTime: Date;
  /** The account the functions run in (their invoked ARN in the Lambda context). */
  region: string;
  accountId: string;
  /** Child executions at once on this machine (min with the Map's MaxConcurrency). */
  localConcurrency: number;
  /** Milliseconds to wait before each retry instead of the ASL's intervals (tests: 0). */
  retryDelayMs?: number;
}

export interface StatePayload {
  state: string;
  /** 'input' | 'output' of a top-level state, or 'item' / 'child-output' inside the Map. */
  kind: string;
  bytes: number;
}

export interface LocalRunResult {
  output: JsonObject;
  /** Top-level state transitions: [name, type]. */
  states: [string, string][];
  /** Every payload seen (top-level state inputs/outputs and each child's input/output). */
  payloads: StatePayload[];
  largestPayload: StatePayload;
  map: {
    items: number;
    succeeded: number;
    failed: number;
    maxInFlight: number;
    retries: number;
    manifestKey?: string;
    wallMs: number;
  };
}

const bytesOf = (v: unknown): number => Buffer.byteLength(JSON.stringify(v ?? null));

/** `$.a.b` / `$$.Map.Item.Value.x` lookups (the only path forms the definition uses). */
function pathGet(root: unknown, path: string, prefix: string): unknown {
  if (path === prefix) return root;
  if (!path.startsWith(`${prefix}.`)) throw new Error(`Unsupported JSONPath in the emulated Map: ${path}`);
  let v = root;
  for (const k of path.slice(prefix.length + 1).split('.')) {
    if (!/^[A-Za-z0-9_]+$/.test(k)) throw new Error(`Unsupported JSONPath in the emulated Map: ${path}`);
    if (v === null || typeof v !== 'object' || !(k in (v as object)))
      throw Object.assign(new Error(`Invalid path '${path}': no field '${k}'`), { name: 'States.Runtime' });
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function selectFields(
  template: JsonObject,
  input: unknown,
  item?: { value: unknown; index: number },
): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(template)) {
    if (!k.endsWith('.$')) {
      out[k] = v && typeof v === 'object' && !Array.isArray(v) ? selectFields(v, input, item) : v;
      continue;
    }
    const p = String(v);
    const key = k.slice(0, -2);
    if (p.startsWith('$$.Map.Item.Value')) out[key] = pathGet(item?.value, p, '$$.Map.Item.Value') as Json;
    else if (p === '$$.Map.Item.Index') out[key] = item?.index ?? null;
    else if (p.startsWith('$')) out[key] = pathGet(input, p, '$') as Json;
    else throw new Error(`Unsupported field ${k}: ${p}`);
  }
  return out;
}

/** A handler error as Lambda reports it to Step Functions. */
function lambdaError(err: unknown): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const out = new Error(JSON.stringify({ errorType: e.name, errorMessage: e.message }));
  out.name = e.name;
  return out;
}

export async function runLocally(opts: LocalRunOptions): Promise<LocalRunResult> {
  const { StateMachine } = await import('aws-local-stepfunctions');
  const { definition, functions } = opts.machine;
  const payloads: StatePayload[] = [];
  const mapStats: LocalRunResult['map'] = {
    items: 0,
    succeeded: 0,
    failed: 0,
    maxInFlight: 0,
    retries: 0,
    wallMs: 0,
  };

  const handlerFor = (arn: string): LambdaHandler => {
    const fn = functions.get(arn);
    if (!fn) throw new Error(`No function for Task resource ${arn}`);
    const entry = Object.entries(opts.handlers).find(([prefix]) => fn.logicalId.startsWith(prefix));
    if (!entry) throw new Error(`No local handler bound for ${fn.logicalId}`);
    const context = {
      invokedFunctionArn: `arn:aws:lambda:${opts.region}:${opts.accountId}:function:${fn.logicalId}`,
      functionName: fn.logicalId,
      awsRequestId: randomUUID(),
    };
    return async (event) => {
      try {
        return await entry[1](event, context);
      } catch (err) {
        throw lambdaError(err);
      }
    };
  };

  /** Lambda Tasks bound to the handlers; Distributed Maps replaced by emulating Tasks. */
  const prepare = (
    states: Record<string, JsonObject>,
    localHandlers: Record<string, (input: unknown) => Promise<unknown>>,
    retryOverrides: Record<string, number>,
  ): Record<string, JsonObject> => {
    const out: Record<string, JsonObject> = {};
    for (const [name, raw] of Object.entries(states)) {
      const state = { ...raw };
      const processor = state.ItemProcessor as JsonObject | undefined;
      if (
        state.Type === 'Map' &&
        (processor?.ProcessorConfig as JsonObject | undefined)?.Mode === 'DISTRIBUTED'
      ) {
        const task: JsonObject = {
          Type: 'Task',
          Resource: `arn:aws:lambda:${opts.region}:${opts.accountId}:function:emulated-distributed-map-${name}`,
          TimeoutSeconds: (definition.TimeoutSeconds as number | undefined) ?? 99_999_999,
        };
        for (const k of [
          'InputPath',
          'ResultSelector',
          'ResultPath',
          'OutputPath',
          'Retry',
          'Catch',
          'Next',
          'End',
        ])
          if (k in state) task[k] = state[k] as Json;
        out[name] = task;
        localHandlers[name] = (input) => emulateDistributedMap(name, state, input);
      } else {
        if (state.Type === 'Task' && typeof state.Resource === 'string' && functions.has(state.Resource)) {
          if (state.TimeoutSeconds === undefined)
            state.TimeoutSeconds = functions.get(state.Resource)?.timeoutSeconds ?? 60;
          const h = handlerFor(state.Resource);
          localHandlers[name] = (input) => h(input);
        } else if (state.Type === 'Task') {
          throw new Error(`Task ${name} calls ${String(state.Resource)}, which has no local binding.`);
        }
        if (opts.retryDelayMs !== undefined && state.Retry) retryOverrides[name] = opts.retryDelayMs;
        out[name] = state;
      }
    }
    return out;
  };

  async function emulateDistributedMap(name: string, state: JsonObject, input: unknown): Promise<JsonObject> {
    const started = performance.now();
    const reader = state.ItemReader as JsonObject | undefined;
    if (!reader || reader.Resource !== 'arn:aws:states:::s3:getObject')
      throw new Error(`Map ${name}: only an S3 getObject ItemReader is emulated.`);
    if ((reader.ReaderConfig as JsonObject | undefined)?.InputType !== 'JSON')
      throw new Error(`Map ${name}: only ReaderConfig.InputType JSON is emulated.`);
    const where = selectFields(reader.Parameters as JsonObject, input) as { Bucket: string; Key: string };
    const obj = await opts.s3.send(new GetObjectCommand({ Bucket: where.Bucket, Key: where.Key }));
    let items = JSON.parse((await obj.Body?.transformToString('utf8')) ?? 'null') as unknown;
    if (!Array.isArray(items))
      throw Object.assign(new Error(`s3://${where.Bucket}/${where.Key} is not a JSON array`), {
        name: 'States.ItemReaderFailed',
      });
    const maxItems = (reader.ReaderConfig as JsonObject).MaxItems as number | undefined;
    if (maxItems) items = (items as unknown[]).slice(0, maxItems);
    const list = items as unknown[];
    mapStats.items += list.length;

    const processor = state.ItemProcessor as JsonObject;
    const childHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    const childRetry: Record<string, number> = {};
    const childStates = prepare(processor.States as Record<string, JsonObject>, childHandlers, childRetry);
    const child = new StateMachine({ StartAt: processor.StartAt as string, States: childStates } as never, {
      validationOptions: { checkArn: false },
    });
    const mapRunId = randomUUID();
    const mapRunArn = `${opts.executionArn.replace(':execution:', ':mapRun:')}/${name}:${mapRunId}`;
    const succeeded: JsonObject[] = [];
    const failed: JsonObject[] = [];
    const concurrency = Math.max(
      1,
      Math.min((state.MaxConcurrency as number) || 10_000, opts.localConcurrency),
    );
    let next = 0;
    let inFlight = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const index = next++;
        if (index >= list.length) return;
        const itemInput = state.ItemSelector
          ? selectFields(state.ItemSelector as JsonObject, input, { value: list[index], index })
          : (list[index] as Json);
        payloads.push({ state: `${name}[child]`, kind: 'item', bytes: bytesOf(itemInput) });
        inFlight++;
        mapStats.maxInFlight = Math.max(mapStats.maxInFlight, inFlight);
        const execution = {
          ExecutionArn: `${mapRunArn}:${index}`,
          Input: JSON.stringify(itemInput),
          InputDetails: { Included: true },
          Name: `${mapRunId}:${index}`,
          StateMachineArn: `${opts.executionArn.split(':execution:')[0]}:stateMachine:${name}`,
          StartDate: new Date().toISOString(),
        };
        const run = child.run(itemInput as never, {
          overrides: {
            taskResourceLocalHandlers: childHandlers as never,
            retryIntervalOverrides: childRetry,
          },
        });
        const logs = (async () => {
          for await (const ev of run.eventLogs) if (ev.type === 'StateRetried') mapStats.retries++;
        })();
        try {
          const output = await run.result;
          payloads.push({ state: `${name}[child]`, kind: 'child-output', bytes: bytesOf(output) });
          succeeded.push({
            ...execution,
            Output: JSON.stringify(output),
            OutputDetails: { Included: true },
            Status: 'SUCCEEDED',
            StopDate: new Date().toISOString(),
          });
          mapStats.succeeded++;
        } catch (err) {
          const cause = (err as { cause?: Error }).cause ?? (err as Error);
          failed.push({
            ...execution,
            Error: cause.name,
            Cause: cause.message,
            Status: 'FAILED',
            StopDate: new Date().toISOString(),
          });
          mapStats.failed++;
        } finally {
          inFlight--;
          await logs.catch(() => undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));

    const tolerancePct = (state.ToleratedFailurePercentage as number | undefined) ?? 0;
    const toleranceCount = state.ToleratedFailureCount as number | undefined;
    const overPct = list.length > 0 && (failed.length / list.length) * 100 > tolerancePct;
    const overCount = toleranceCount !== undefined && failed.length > toleranceCount;
    const exceeded = failed.length > 0 && (toleranceCount !== undefined ? overCount && overPct : overPct);

    let manifestKey: string | undefined;
    const writer = state.ResultWriter as JsonObject | undefined;
    if (writer) {
      if (writer.Resource !== 'arn:aws:states:::s3:putObject')
        throw new Error(`Map ${name}: only an S3 putObject ResultWriter is emulated.`);
      const p = selectFields(writer.Parameters as JsonObject, input) as { Bucket: string; Prefix?: string };
      const base = `${p.Prefix ? `${p.Prefix}/` : ''}${mapRunId}`;
      const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
        SUCCEEDED: [],
        FAILED: [],
        PENDING: [],
      };
      for (const [status, rows] of [
        ['SUCCEEDED', succeeded],
        ['FAILED', failed],
      ] as const) {
        if (rows.length === 0) continue;
        const Key = `${base}/${status}_0.json`;
        const Body = JSON.stringify(rows);
        await opts.s3.send(new PutObjectCommand({ Bucket: p.Bucket, Key, Body }));
        files[status].push({ Key, Size: Buffer.byteLength(Body) });
      }
      manifestKey = `${base}/manifest.json`;
      const manifest = { DestinationBucket: p.Bucket, MapRunArn: mapRunArn, ResultFiles: files };
      await opts.s3.send(
        new PutObjectCommand({ Bucket: p.Bucket, Key: manifestKey, Body: JSON.stringify(manifest) }),
      );
      mapStats.manifestKey = manifestKey;
    }
    mapStats.wallMs += performance.now() - started;
    if (exceeded) {
      throw Object.assign(
        new Error(`${failed.length} of ${list.length} child executions failed (tolerated: ${tolerancePct}%)`),
        { name: 'States.ExceedToleratedFailureThreshold' },
      );
    }
    if (manifestKey)
      return {
        MapRunArn: mapRunArn,
        ResultWriterDetails: {
          Bucket: (writer?.Parameters as JsonObject).Bucket as string,
          Key: manifestKey,
        },
      };
    return succeeded.map((s) => JSON.parse(s.Output as string) as Json) as unknown as JsonObject;
  }

  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  const retryOverrides: Record<string, number> = {};
  const states = prepare(definition.States as Record<string, JsonObject>, handlers, retryOverrides);
  const top = { ...definition, States: states };
  const machine = new StateMachine(top as never, { validationOptions: { checkArn: false } });
  const run = machine.run(opts.input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: retryOverrides },
    context: {
      Execution: {
        Id: opts.executionArn,
        Input: opts.input,
        Name: opts.executionArn.split(':').pop(),
        RoleArn: `arn:aws:iam::${opts.accountId}:role/perfscan-local`,
        StartTime: opts.startTime.toISOString(),
      },
      StateMachine: { Id: opts.executionArn.split(':execution:')[0], Name: 'perfscan' },
    } as never,
  });
  const transitions: [string, string][] = [];
  const logs = (async () => {
    for await (const ev of run.eventLogs) {
      if (ev.type === 'StateEntered') {
        transitions.push([ev.state.name, ev.state.type]);
        payloads.push({ state: ev.state.name, kind: 'input', bytes: bytesOf(ev.state.input) });
      } else if (ev.type === 'StateExited') {
        payloads.push({ state: ev.state.name, kind: 'output', bytes: bytesOf(ev.state.output) });
      }
    }
  })();
  const output = (await run.result) as JsonObject;
  await logs;
  const largestPayload = payloads.reduce((a, b) => (b.bytes > a.bytes ? b : a), {
    state: '',
    kind: '',
    bytes: 0,
  });
  return { output, states: transitions, payloads, largestPayload, map: mapStats };
}
