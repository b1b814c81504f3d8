import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory } from '#lib/collect/clients.js';
import { RADAR_IAM_ACTIONS } from '#lib/collect/offerings.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { runScan } from '#lib/engine/scan.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { LocalStore } from '#lib/store/local.js';
import { makeRadarHandler } from '#functions/radar.js';

const ARN = 'arn:aws:states:eu-west-1:111122223333:stateMachine:perfscan';
const sim = createSimulatedAccount({ enabledRegions: ['eu-west-1'] });
let dir: string;
let store: LocalStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-radar-fn-'));
  store = new LocalStore(dir);
  const allowedActions = new Set(requiredIamActions(['ec2']));
  await runScan({
    store,
    accounts: [{ accountId: sim.accountId, enabledRegions: ['eu-west-1'] }],
    services: ['ec2'],
    clientsFor: (u) => createClientFactory({ region: u.region, simulator: sim, allowedActions }),
    now: new Date(),
    dataNow: sim.options.now,
    trigger: 'cli',
    pricing: false,
  });
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

function handler(sfn: SFNClient) {
  return makeRadarHandler({
    env: { TABLE_NAME: 'unused', STATE_MACHINE_ARN: ARN },
    store,
    sfn,
    clientsFor: (region) =>
      createClientFactory({ region, simulator: sim, allowedActions: new Set(RADAR_IAM_ACTIONS) }),
    now: () => new Date('2026-12-05T05:00:00Z'),
  });
}

describe('the Radar Lambda', () => {
  it('starts no execution when nothing changed, nor for a new family nobody could move to', async () => {
    const sfn = new SFNClient({ region: 'eu-west-1' });
    const mock = mockClient(sfn);
    mock.on(StartExecutionCommand).resolves({ executionArn: `${ARN}:x` });
    expect((await handler(sfn)({})).started).toBe(false);
    // c8gn (network-optimized Graviton): no m/c/r instance here has the `n` attribute.
    sim.options.newFamilies = [{ region: 'eu-west-1', family: 'c8gn', like: 'c7g' }];
    const r = await handler(sfn)({});
    expect(r).toMatchObject({ started: false, newOfferings: 1, resources: 0 });
    expect(mock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('starts exactly one execution with trigger release when a new Graviton family concerns the estate', async () => {
    const sfn = new SFNClient({ region: 'eu-west-1' });
    const mock = mockClient(sfn);
    mock.on(StartExecutionCommand).resolves({ executionArn: `${ARN}:x` });
    sim.options.newFamilies = [{ region: 'eu-west-1', family: 'm8g', like: 'm7g' }];
    const r = await handler(sfn)({});
    expect(r.started).toBe(true);
    const calls = mock.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.stateMachineArn).toBe(ARN);
    expect(input.name).toMatch(/^release-2026-12-05-[0-9a-f]{8}$/);
    const body = JSON.parse(input.input ?? '{}') as { trigger: string; reason: string };
    expect(body.trigger).toBe('release');
    expect(body.reason).toMatch(/^New AWS offering: EC2 m8g in eu-west-1 \(\d+ resources could move\)$/);
  });
});
