/**
 * Small adversarial accounts for whole-engine tests: a simulated account with no generated resources (no busy
 * region), whose service states are seeded with exactly the resources a test needs, in the SDK's own shapes. The
 * real collectors read them through the real SDK clients; checks, facts and the score run as in a scan.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { SERVICES, type Finding, type Score, type ScanUnit, type Snapshot } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import type { SimLambdaProfile } from '#lib/sim/lambda.js';
import { scanUnit } from '#lib/engine/scan.js';
import { deriveUnitFacts, mergeFacts } from '#lib/maturity/facts.js';
import { scoreAccount } from '#lib/maturity/score.js';

export const REGION = 'us-east-1';
const ACCOUNT = '111122223333';

/**
 * An account with one enabled region and nothing in it but what `seeders` put there (each seeds simulator
 * states; a state is fixed once set, so the empty defaults only fill what the seeders left out).
 */
export function emptyAccount(...seeders: ((account: SimAccount) => void)[]): SimAccount {
  const account = createSimulatedAccount({ enabledRegions: [REGION], busyRegions: [] });
  for (const s of seeders) s(account);
  seed(account, 'cloudfront:global', { distributions: [], traffic: {} });
  seed(account, `lambda:${REGION}`, { functions: [], profiles: {} });
  return account;
}

/** Seeds one simulator state key (before anything reads it; a key already set stays as it is). */
export function seed<T>(account: SimAccount, key: string, state: T): void {
  account.memo(key, () => state);
}

export function aFunction(name: string, memory = 512): FunctionConfiguration {
  return {
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
    Runtime: 'nodejs22.x',
    MemorySize: memory,
    Timeout: 30,
    Architectures: ['arm64'],
    PackageType: 'Zip',
    LastModified: '2026-10-01T00:00:00.000+0000',
  };
}

export const busyProfile: SimLambdaProfile = {
  dailyInvocations: 5_000,
  avgDurationMs: 120,
  p95DurationMs: 300,
  dailyThrottles: 0,
  provisionedConcurrency: 0,
  peakConcurrency: 5,
};

export function seedFunctions(account: SimAccount, fns: FunctionConfiguration[]): void {
  const profiles: Record<string, SimLambdaProfile> = {};
  for (const f of fns) profiles[f.FunctionName ?? ''] = busyProfile;
  seed(account, `lambda:${REGION}`, { functions: fns, profiles });
}

export function seedAlarms(
  account: SimAccount,
  metricAlarms: MetricAlarm[],
  latencyMetrics: {
    Namespace: string;
    MetricName: string;
    Dimensions: { Name: string; Value: string }[];
  }[] = [],
): void {
  seed(account, `cloudwatch-alarms:${REGION}`, {
    metricAlarms,
    compositeAlarms: [],
    agentMetrics: [],
    agentMemoryInstanceIds: [],
    latencyMetrics,
  });
}

export function anAlarm(name: string, over: Partial<MetricAlarm>): MetricAlarm {
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    ActionsEnabled: true,
    AlarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:ops`],
    OKActions: [],
    InsufficientDataActions: [],
    StateValue: 'OK',
    EvaluationPeriods: 3,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 80,
    Period: 300,
    ...over,
  };
}

export interface EngineRun {
  score: Score;
  findings: Finding[];
  snapshot: Snapshot;
}

/** Scan the account (collectors -> checks), derive the facts and score them. */
export async function scanAndScore(account: SimAccount): Promise<EngineRun> {
  const unit: ScanUnit = { accountId: account.accountId, region: REGION, global: true };
  const r = await scanUnit(unit, {
    scanId: 'scenario',
    services: [...SERVICES],
    clients: createClientFactory({ region: REGION, simulator: account }),
    now: account.options.now,
  });
  const facts = mergeFacts([deriveUnitFacts(r.snapshot, r.findings)]);
  const score = scoreAccount({
    facts,
    attestations: [],
    history: { scans: 1, openDebt: 0, debtWithImpact: 0, scheduled: false },
    now: account.options.now.toISOString(),
  });
  return { score, findings: r.findings, snapshot: r.snapshot };
}

export const control = (s: Score, id: string) => {
  const c = s.controls.find((x) => x.control === id);
  if (!c) throw new Error(id);
  return c;
};
export const item = (s: Score, id: string) => {
  const i = [...s.checklists.flatMap((c) => c.items), ...s.controls.flatMap((c) => c.criteria)].find(
    (x) => x.id === id,
  );
  if (!i) throw new Error(id);
  return i;
};
