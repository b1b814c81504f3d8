/**
 * Malformed events and bad configuration: each handler fails with a message naming the field, before
 * anything is written (the table stays empty).
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDigestHandler } from '#functions/digest.js';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { fakeAssumeRole, itemCount, recordingTools, simClientsFor } from './helpers.js';

const ssm = mockClient(SSMClient);
let dyn: LocalDynamo;
const sim = createSimulatedAccount();

beforeAll(async () => {
  dyn = await startDynalite('perfscan-events');
});

afterAll(async () => {
  // The point of this file: nothing above wrote a single item.
  expect(await itemCount(dyn.client, dyn.tableName)).toBe(0);
  await dyn?.stop();
  ssm.restore();
});

function handlers(config: unknown = {}) {
  ssm.reset();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(config) } });
  const env = {
    TABLE_NAME: dyn.tableName,
    CONFIG_PARAMETER_NAME: '/perfscan/config',
    AWS_REGION: 'eu-west-1',
    // Never reached: every event here is rejected before anything is read or written.
    RUN_BUCKET: 'perfscan-runs-unused',
  };
  const common = {
    dynamo: dyn.client,
    clientsFor: simClientsFor([sim]),
    assumeRole: fakeAssumeRole(),
    tools: recordingTools().tools,
  };
  return {
    plan: makePlanHandler({ ...common, env: { ...env, TARGET_ACCOUNTS: sim.accountId } }),
    scan: makeScanHandler({
      ...common,
      env,
      ssm: new SSMClient({ region: 'eu-west-1' }),
      clock: () => sim.options.now,
    }),
    digest: makeDigestHandler({
      ...common,
      env,
      ssm: new SSMClient({ region: 'eu-west-1' }),
      clock: () => sim.options.now,
    }),
  };
}

const validPlan = {
  input: { trigger: 'on-demand' },
  executionId: 'arn:aws:states:eu-west-1:111122223333:execution:perfscan:x',
  startedAt: '2026-11-22T06:00:00.000Z',
};

describe('Plan rejects a malformed event, naming the field', () => {
  const cases: [string, unknown, RegExp][] = [
    ['no input', { executionId: 'e', startedAt: validPlan.startedAt }, /^Invalid Plan event: input: /],
    ['no execution id', { input: {}, startedAt: validPlan.startedAt }, /executionId: /],
    ['a start time that is not ISO 8601', { ...validPlan, startedAt: 'last monday' }, /startedAt: /],
    ['an unknown trigger', { ...validPlan, input: { trigger: 'weekly' } }, /input\.trigger: /],
    [
      'an unknown region',
      { ...validPlan, input: { scope: { regions: ['eu-west-1', 'mars-north-1'] } } },
      /input\.scope\.regions\[1\]: 'mars-north-1' is not a known AWS region code/,
    ],
    [
      'an account id that is not 12 digits',
      { ...validPlan, input: { scope: { accounts: ['1234'] } } },
      /input\.scope\.accounts\[0\]: expected a 12-digit AWS account id/,
    ],
    [
      'an unknown service',
      { ...validPlan, input: { scope: { services: ['ec2', 's3'] } } },
      /input\.scope\.services\[1\]: 's3' is not a perfscan service/,
    ],
    [
      'a misspelt scope key',
      { ...validPlan, input: { scopes: { regions: ['eu-west-1'] } } },
      /input\.scopes: /,
    ],
    ['an empty reason', { ...validPlan, input: { reason: '   ' } }, /input\.reason: /],
    [
      'a reason longer than 500 characters',
      { ...validPlan, input: { reason: 'x'.repeat(501) } },
      /input\.reason: /,
    ],
  ];
  it.each(cases)('%s', async (_name, event, message) => {
    const { plan } = handlers();
    const err = await plan(event).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('InvalidEventError');
    expect((err as Error).message).toMatch(message);
  });

  it('an account outside the deployment targets', async () => {
    const { plan } = handlers();
    await expect(plan({ ...validPlan, input: { scope: { accounts: ['999988887777'] } } })).rejects.toThrow(
      /input\.scope\.accounts: 999988887777 not among this deployment's targets \(TARGET_ACCOUNTS\)/,
    );
  });
});

describe('Scan rejects a malformed event, naming the field', () => {
  const cases: [string, unknown, RegExp][] = [
    ['no unit', { scanId: '2026-11-22T06-00-00Z-ab12cd' }, /^Invalid Scan event: unit: /],
    [
      'a unit that is not a key',
      { scanId: '2026-11-22T06-00-00Z-ab12cd', unit: { accountId: '111122223333' } },
      /unit: /,
    ],
    [
      'a unit with an unknown region',
      { scanId: '2026-11-22T06-00-00Z-ab12cd', unit: '111122223333:eu-mars-1' },
      /unit: '111122223333:eu-mars-1' names an unknown AWS region/,
    ],
    [
      'a scan id that could inject a key',
      { scanId: 'x#META', unit: '111122223333:eu-west-1' },
      /scanId: expected a perfscan scan id/,
    ],
    ['not an object', 'scan it', /\(event\): /],
  ];
  it.each(cases)('%s', async (_name, event, message) => {
    const { scan } = handlers();
    await expect(scan(event)).rejects.toThrow(message);
  });

  it('a unit of a scan that was never planned fails without writing', async () => {
    const { scan } = handlers();
    await expect(
      scan({ scanId: '2026-11-22T06-00-00Z-ab12cd', unit: '111122223333:eu-west-1:g' }),
    ).rejects.toThrow(/Scan 2026-11-22T06-00-00Z-ab12cd has no header/);
  });
});

describe('Digest rejects a malformed event, naming the field', () => {
  it('no scan id', async () => {
    const { digest } = handlers();
    await expect(digest({ scan: '2026-11-22T06-00-00Z-ab12cd' })).rejects.toThrow(
      /^Invalid Digest event: scanId: /,
    );
  });

  it('a scan that does not exist', async () => {
    const { digest } = handlers();
    await expect(digest({ scanId: '2026-11-22T06-00-00Z-ab12cd' })).rejects.toThrow(/has no header/);
  });
});

describe('configuration', () => {
  it('an invalid config in SSM fails with the config error, naming the field', async () => {
    const { scan, digest } = handlers({ windowDays: 500, thresholds: 'high' });
    const err = (await scan({
      scanId: '2026-11-22T06-00-00Z-ab12cd',
      unit: '111122223333:eu-west-1:g',
    }).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('ConfigError');
    expect(err.message).toMatch(/SSM parameter \/perfscan\/config: windowDays: /);
    expect(err.message).toMatch(/thresholds/);
    await expect(digest({ scanId: '2026-11-22T06-00-00Z-ab12cd' })).rejects.toThrow(
      /SSM parameter \/perfscan\/config: windowDays/,
    );
  });

  it('a config that is not JSON names the parameter', async () => {
    ssm.reset();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'windowDays: 7' } });
    const scan = makeScanHandler({
      env: { TABLE_NAME: dyn.tableName, CONFIG_PARAMETER_NAME: '/perfscan/config' },
      dynamo: dyn.client,
      ssm: new SSMClient({ region: 'eu-west-1' }),
      tools: recordingTools().tools,
    });
    await expect(
      scan({ scanId: '2026-11-22T06-00-00Z-ab12cd', unit: '111122223333:eu-west-1' }),
    ).rejects.toThrow(/SSM parameter \/perfscan\/config: \(file\): invalid JSON/);
  });

  it('a missing TABLE_NAME is reported at cold start, after the event is validated', async () => {
    const plan = makePlanHandler({ env: {}, tools: recordingTools().tools });
    await expect(plan({})).rejects.toThrow(/Invalid Plan event/);
    await expect(plan(validPlan)).rejects.toThrow(/Invalid function environment:\nTABLE_NAME/);
  });

  it('a bad TARGET_ACCOUNTS or REGIONS value is a clear environment error', async () => {
    const plan = makePlanHandler({
      env: {
        TABLE_NAME: 't',
        RUN_BUCKET: 'perfscan-runs-unused',
        TARGET_ACCOUNTS: '12345,111122223333',
        REGIONS: 'eu-west-9',
      },
      tools: recordingTools().tools,
    });
    await expect(plan(validPlan)).rejects.toThrow(
      /TARGET_ACCOUNTS: '12345' is not a 12-digit account id\nREGIONS: 'eu-west-9'/,
    );
  });
});
