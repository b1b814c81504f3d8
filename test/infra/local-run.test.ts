/**
 * The deployed state machine's own definition, executed locally (issue 11.4): the ASL synthesized from
 * PerfscanStack runs in aws-local-stepfunctions with its Lambda Tasks bound to the real handlers, DynamoDB on
 * dynalite and S3 on s3rver. The Pricing function, which the Scan function invokes (not a Task state), is bound
 * the same way by its logical id: the real Pricing handler behind Lambda's Invoke API on 127.0.0.1
 * (test/helpers/local-lambda.ts), reading the simulated Price List with its own role. The Distributed Map's ItemReader/ResultWriter are emulated faithfully
 * (test/helpers/local-sfn.ts says exactly what). A change that breaks the state machine fails here.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDigestHandler } from '#functions/digest.js';
import { makePlanHandler } from '#functions/plan.js';
import { makePricingHandler } from '#functions/pricing.js';
import { makeScanHandler } from '#functions/scan.js';
import { PerfscanStack } from '#lib/infra/perfscan-stack.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startLocalLambda, type LocalLambda } from '#test/helpers/local-lambda.js';
import { runLocally, synthesizedMachine, type LocalRunResult } from '#test/helpers/local-sfn.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { fakeAssumeRole, recordingTools, simClientsFor } from '../functions/helpers.js';

const OWN = '111122223333';
const MEMBER = '222233334444';
/** Its role works when Plan runs and is gone when its unit is scanned. */
const GONE = '333344445555';
const REGION = 'eu-west-1';
const AT = new Date('2026-11-22T06:00:00.000Z');

let dyn: LocalDynamo;
let s3: LocalS3;
let run: LocalRunResult;
let lambda: LocalLambda;
/** The Price List the Pricing function reads (its own account's), and the scanned accounts. */
let priceList: SimAccount;
let scanned: SimAccount[];
/** The Pricing function's logical id in the template (its name here, as the Tasks' functions are). */
let pricingFunction: string;
let template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

beforeAll(async () => {
  [dyn, s3] = await Promise.all([startDynalite('perfscan-local-run'), startS3('perfscan-runs-local')]);
  const app = new App();
  const stack = new PerfscanStack(app, 'Perfscan', {
    env: { account: OWN, region: REGION },
    accounts: [OWN, MEMBER, GONE],
  });
  template = Template.fromStack(stack).toJSON() as typeof template;
  pricingFunction = Object.keys(template.Resources).find(
    (k) => k.startsWith('PricingFunction') && template.Resources[k]?.Type === 'AWS::Lambda::Function',
  )!;
  const machine = synthesizedMachine(template as never, {
    region: REGION,
    accountId: OWN,
    buckets: { RunsBucket: s3.bucket },
  });
  const sims = [
    createSimulatedAccount({ now: AT, enabledRegions: ['us-east-1', 'eu-west-1'] }),
    createSimulatedAccount({
      accountId: MEMBER,
      seed: 7,
      now: AT,
      enabledRegions: ['us-east-1', 'eu-west-1'],
    }),
    createSimulatedAccount({ accountId: GONE, seed: 8, now: AT, enabledRegions: ['eu-west-1'] }),
  ];
  scanned = sims;
  priceList = createSimulatedAccount({ now: AT });
  const common = { TABLE_NAME: dyn.tableName, RUN_BUCKET: s3.bucket, AWS_REGION: REGION };
  lambda = await startLocalLambda({
    [pricingFunction]: makePricingHandler({
      env: { TABLE_NAME: dyn.tableName, PRICING_RATE_PER_SECOND: '5' },
      dynamo: dyn.client,
      clientsFor: simClientsFor([priceList]),
      clock: () => AT,
      tools: recordingTools().tools,
    }) as (e: unknown) => Promise<unknown>,
  });
  const deps = {
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor: simClientsFor(sims),
    tools: recordingTools().tools,
  };
  run = await runLocally({
    machine,
    handlers: {
      PlanFunction: makePlanHandler({
        ...deps,
        assumeRole: fakeAssumeRole(),
        env: { ...common, TARGET_ACCOUNTS: `${OWN},${MEMBER},${GONE}`, SERVICES: 'ebs,vpc' },
      }) as never,
      ScanFunction: makeScanHandler({
        ...deps,
        assumeRole: fakeAssumeRole([GONE]),
        env: { ...common, PRICING_FUNCTION_NAME: pricingFunction },
        lambda: lambda.client,
        clock: () => AT,
      }) as never,
      DigestFunction: makeDigestHandler({ ...deps, env: common, clock: () => AT }) as never,
    },
    s3: s3.client,
    input: { trigger: 'schedule' },
    executionArn: `arn:aws:states:${REGION}:${OWN}:execution:perfscan:weekly-local`,
    startTime: AT,
    region: REGION,
    accountId: OWN,
    localConcurrency: 4,
    retryDelayMs: 0,
  });
}, 400_000);

afterAll(async () => {
  await dyn?.stop();
  await s3?.stop();
  await lambda?.stop();
});

describe('the synthesized state machine, run locally over a small organization', () => {
  it('goes Plan -> ScanUnits -> Digest -> Done and succeeds with a partial scan', () => {
    expect(run.states.map(([name]) => name)).toEqual(['Plan', 'ScanUnits', 'Digest', 'Done']);
    expect(run.output.digest).toMatchObject({ status: 'partial', delivered: { slack: 'off', email: 'off' } });
  });

  it('reads the unit list from S3 and scans every unit; the failed unit fails its child, not the run', () => {
    expect(run.map.items).toBe(5); // OWN x2, MEMBER x2, GONE x1
    expect(run.map.succeeded).toBe(4);
    expect(run.map.failed).toBe(1);
    expect(run.map.maxInFlight).toBeGreaterThan(1);
  });

  it('keeps only keys and counts in the state: no unit list, no findings, no digest text', () => {
    const text = JSON.stringify(run.output);
    expect(text).not.toContain('eu-west-1');
    expect(text).not.toContain('# perfscan digest');
    expect(run.output.plan).toEqual({
      scanId: expect.any(String),
      unitsKey: expect.any(String),
      unitCount: 5,
    });
    expect(Object.keys(run.output.results as object)).toEqual(['manifestKey']);
    const top = run.payloads.filter((p) => !p.state.includes('[child]'));
    expect(Math.max(...top.map((p) => p.bytes))).toBeLessThan(2_048);
  });

  it('writes the results with the ResultWriter: the failed unit and its error are in FAILED_0.json', async () => {
    const get = async (key: string) =>
      JSON.parse(
        (await (
          await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))
        ).Body?.transformToString()) ?? 'null',
      ) as Record<string, unknown>;
    const manifest = (await get((run.output.results as { manifestKey: string }).manifestKey)) as {
      ResultFiles: Record<string, { Key: string }[]>;
    };
    expect(manifest.ResultFiles.SUCCEEDED).toHaveLength(1);
    const failed = (await get(manifest.ResultFiles.FAILED?.[0]?.Key as string)) as unknown as {
      Input: string;
      Error: string;
      Cause: string;
    }[];
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0]?.Input as string)).toMatchObject({ unit: `${GONE}:eu-west-1:g` });
    expect(failed[0]?.Error).toBe('AccessDenied');
    expect(JSON.parse(failed[0]?.Cause as string).errorMessage).toMatch(
      /not authorized to perform: sts:AssumeRole/,
    );
  });

  it('the digest reports the failed unit with its reason, and its Markdown is in the run bucket', async () => {
    const store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
    const scanId = (run.output.plan as { scanId: string }).scanId;
    expect(await store.getScanHeader(scanId)).toMatchObject({
      status: 'partial',
      coverage: { unitsPlanned: 5, unitsScanned: 4, unitsFailed: 1 },
    });
    const { bucket, key } = (run.output.digest as { markdownObject: { bucket: string; key: string } })
      .markdownObject;
    const md = await (
      await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body?.transformToString();
    expect(md).toMatch(/^# perfscan digest/);
    expect(md).toContain('Could not assume');
  });
  it('each scanned unit prices its failing findings through the Pricing function; the stored findings carry them', async () => {
    // The deployed Scan function is wired to this function (its name in the environment).
    const scanFn = Object.values(template.Resources)
      .map(
        (r) => (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
      )
      .find((v) => v?.PRICING_FUNCTION_NAME !== undefined);
    expect(scanFn?.PRICING_FUNCTION_NAME).toEqual({ Ref: pricingFunction });

    const store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
    const scanId = (run.output.plan as { scanId: string }).scanId;
    const units = (await store.getUnits(scanId)).filter((u) => u.status !== 'failed');
    expect(units).toHaveLength(4);
    let priced = 0;
    for (const u of units) {
      const findings = await store.unitFindings(scanId, u);
      const gp2 = findings.filter((f) => f.checkId === 'ebs-volume-type-gp3' && f.status === 'fail');
      for (const f of gp2) {
        expect(f.remediation.savings?.source).toBe('price-list');
        expect(f.remediation.estimatedMonthlySavingsUsd).toBeGreaterThan(0);
      }
      priced += gp2.length;
      expect(u.gaps.filter((g) => g.service === 'pricing')).toEqual([]);
    }
    expect(priced).toBeGreaterThan(0);
    // One synchronous invocation per unit with priced findings, all answered; GetProducts in the Pricing
    // function's account only (us-east-1), never with a scanned account's credentials.
    const invocations = lambda.calls.filter((c) => c.name === pricingFunction);
    expect(invocations.length).toBeGreaterThan(0);
    expect(invocations.length).toBeLessThanOrEqual(units.length);
    expect(invocations.every((c) => c.status === 200)).toBe(true);
    expect(priceList.callsTo('GetProductsCommand').every((c) => c.region === 'us-east-1')).toBe(true);
    expect(priceList.callsTo('GetProductsCommand').length).toBeGreaterThan(0);
    for (const sim of scanned) expect(sim.callsTo('GetProductsCommand')).toEqual([]);
    expect(Object.keys(await store.getPrices(['ebs-storage|eu-west-1|gp2']))).toEqual([
      'ebs-storage|eu-west-1|gp2',
    ]);
  });
});
