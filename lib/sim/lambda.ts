/**
 * Simulated AWS Lambda: functions (ListFunctions, SDK FunctionConfiguration shapes) and their
 * AWS/Lambda metrics. Busy regions hold a deliberate mix of good and bad functions; other regions
 * hold at most one leftover function, as in real accounts.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import {
  awsError,
  createRng,
  hashSeed,
  paginate,
  type SimAccount,
  type SimMetricQuery,
  type SimServiceModule,
} from './core.js';

/** Per-function knobs that drive the simulated metrics (not part of the SDK shape). */
export interface SimLambdaProfile {
  /** Invocations per day; 0 = idle function. */
  dailyInvocations: number;
  /** Typical (average) duration in ms. */
  avgDurationMs: number;
  /** p95 duration in ms. */
  p95DurationMs: number;
  /** Throttled invocations per day. */
  dailyThrottles: number;
  /** Provisioned concurrency allocated on an alias (0 = none); drives ProvisionedConcurrency* metrics. */
  provisionedConcurrency: number;
  /** Peak concurrent executions per hour. */
  peakConcurrency: number;
  /** Reserved concurrency (GetFunctionConcurrency); absent = none. Caps ConcurrentExecutions. */
  reservedConcurrency?: number;
}

export interface LambdaSimState {
  functions: FunctionConfiguration[];
  /** Keyed by FunctionName. */
  profiles: Record<string, SimLambdaProfile>;
}

/** Demo account: about two dozen functions per busy region at scale 1. */
const FUNCTIONS_PER_SCALE = 24;
const RUNTIMES = [
  'nodejs22.x',
  'nodejs20.x',
  'python3.13',
  'python3.12',
  'java21',
  'provided.al2023',
] as const;
const MEMORY_SIZES = [128, 256, 512, 1024, 1769, 2048, 3008] as const;

interface Seed {
  name: string;
  memory: number;
  arch: 'x86_64' | 'arm64';
  runtime?: string;
  timeout: number;
  packageType?: 'Zip' | 'Image';
  profile: SimLambdaProfile;
}

/** The deliberate functions every busy region holds, each exercising one check. */
function deliberate(): Seed[] {
  return [
    // Default 128 MB on x86_64: the memory-default and architecture checks fail.
    {
      name: 'orders-api',
      memory: 128,
      arch: 'x86_64',
      runtime: 'nodejs20.x',
      timeout: 10,
      profile: {
        dailyInvocations: 40_000,
        avgDurationMs: 420,
        p95DurationMs: 1_100,
        dailyThrottles: 0,
        provisionedConcurrency: 0,
        peakConcurrency: 14,
      },
    },
    // Well configured: measured memory on arm64.
    {
      name: 'image-resize',
      memory: 1024,
      arch: 'arm64',
      runtime: 'nodejs22.x',
      timeout: 30,
      profile: {
        dailyInvocations: 12_000,
        avgDurationMs: 380,
        p95DurationMs: 690,
        dailyThrottles: 0,
        provisionedConcurrency: 0,
        peakConcurrency: 9,
      },
    },
    // p95 duration at ~93% of its 30 s timeout. Reserved concurrency 6 as a deliberate rate limit (it writes to a
    // small database): its few throttles happen at that limit, so the throttle check does not call them a failure.
    {
      name: 'report-builder',
      memory: 512,
      arch: 'x86_64',
      runtime: 'python3.12',
      timeout: 30,
      profile: {
        dailyInvocations: 900,
        avgDurationMs: 16_500,
        p95DurationMs: 27_900,
        dailyThrottles: 4,
        provisionedConcurrency: 0,
        peakConcurrency: 6,
        reservedConcurrency: 6,
      },
    },
    // Throttled every day: its bursts exhaust the account's unreserved concurrency (no reservation of its own).
    {
      name: 'ingest-worker',
      memory: 1769,
      arch: 'arm64',
      runtime: 'python3.13',
      timeout: 60,
      profile: {
        dailyInvocations: 250_000,
        avgDurationMs: 210,
        p95DurationMs: 520,
        dailyThrottles: 1_800,
        provisionedConcurrency: 0,
        peakConcurrency: 100,
      },
    },
    // Provisioned concurrency on its live alias (visible in ProvisionedConcurrencyUtilization).
    {
      name: 'checkout-api',
      memory: 2048,
      arch: 'arm64',
      runtime: 'java21',
      timeout: 15,
      profile: {
        dailyInvocations: 300_000,
        avgDurationMs: 95,
        p95DurationMs: 240,
        dailyThrottles: 0,
        provisionedConcurrency: 50,
        peakConcurrency: 44,
      },
    },
    // Container image function: no Runtime in the API answer.
    {
      name: 'ml-scoring',
      memory: 3008,
      arch: 'x86_64',
      timeout: 120,
      packageType: 'Image',
      profile: {
        dailyInvocations: 5_000,
        avgDurationMs: 2_400,
        p95DurationMs: 4_800,
        dailyThrottles: 0,
        provisionedConcurrency: 0,
        peakConcurrency: 12,
      },
    },
  ];
}

function toConfiguration(
  account: SimAccount,
  region: string,
  s: Seed,
  modified: string,
): FunctionConfiguration {
  const arn = `arn:aws:lambda:${region}:${account.accountId}:function:${s.name}`;
  const image = s.packageType === 'Image';
  return {
    FunctionName: s.name,
    FunctionArn: arn,
    ...(image ? {} : { Runtime: s.runtime as FunctionConfiguration['Runtime'], Handler: 'index.handler' }),
    Role: `arn:aws:iam::${account.accountId}:role/${s.name}-role`,
    CodeSize: image ? 0 : 1_000 + (hashSeed(s.name) % 5_000_000),
    Description: '',
    Timeout: s.timeout,
    MemorySize: s.memory,
    LastModified: modified,
    CodeSha256: Buffer.from(s.name).toString('base64'),
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: `00000000-0000-4000-8000-${(hashSeed(s.name) % 1e12).toString().padStart(12, '0')}`,
    PackageType: s.packageType ?? 'Zip',
    Architectures: [s.arch],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${s.name}` },
  };
}

/** The region's simulated functions (memoized; same seed -> same functions). */
export function lambdaSimState(account: SimAccount, region: string): LambdaSimState {
  return account.memo(`lambda:${region}`, (rng) => {
    const seeds: Seed[] = [];
    const mixed = account.mixCount('lambdaFunctions', region);
    if (mixed !== undefined ? mixed > 0 : account.isBusy(region)) {
      const total =
        mixed ?? Math.max(deliberate().length, Math.round(FUNCTIONS_PER_SCALE * account.options.scale));
      seeds.push(...deliberate().slice(0, total));
      for (let i = seeds.length; i < total; i++) {
        const memory = rng.pick(MEMORY_SIZES);
        const avg = rng.int(20, 3_000);
        seeds.push({
          name: `svc-${String(i).padStart(4, '0')}-${rng.pick(['handler', 'consumer', 'api', 'job', 'webhook'])}`,
          memory,
          arch: rng.chance(0.45) ? 'arm64' : 'x86_64',
          runtime: rng.pick(RUNTIMES),
          timeout: rng.pick([3, 10, 30, 60, 300, 900]),
          profile: {
            dailyInvocations: rng.chance(0.15) ? 0 : rng.int(10, 200_000),
            avgDurationMs: avg,
            p95DurationMs: Math.round(avg * (1.3 + rng.next())),
            dailyThrottles: 0,
            provisionedConcurrency: 0,
            peakConcurrency: rng.int(1, 40),
          },
        });
      }
    } else if (account.options.enabledRegions.includes(region)) {
      // One forgotten function, idle, as quiet regions usually have.
      seeds.push({
        name: 'legacy-cleanup',
        memory: 128,
        arch: 'x86_64',
        runtime: 'python3.12',
        timeout: 60,
        profile: {
          dailyInvocations: 1,
          avgDurationMs: 300,
          p95DurationMs: 450,
          dailyThrottles: 0,
          provisionedConcurrency: 0,
          peakConcurrency: 1,
        },
      });
    }
    const base = account.options.now.getTime();
    const functions = seeds.map((s, i) => {
      const modified = new Date(base - (7 + ((i * 37) % 400)) * 86_400_000)
        .toISOString()
        .replace('Z', '+0000');
      return toConfiguration(account, region, s, modified);
    });
    const profiles = Object.fromEntries(seeds.map((s) => [s.name, s.profile]));
    return { functions, profiles };
  });
}

/** Number of periods in [start, end). */
function periodCount(q: SimMetricQuery): number {
  return Math.max(0, Math.ceil((q.end.getTime() - q.start.getTime()) / (q.periodSeconds * 1000)));
}

/** n values of `next()`, in order (a loop: Array.from over `{ length }` reads an index property per point). */
function series(n: number, next: () => number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = next();
  return out;
}

/** AWS/Lambda series for a known function; [] when the series exists but has no data. */
function lambdaMetric(
  q: SimMetricQuery,
  p: SimLambdaProfile,
  timeoutMs: number,
  account: SimAccount,
  region: string,
): (number | null)[] {
  const n = periodCount(q);
  const rng = createRng(
    hashSeed(
      account.options.seed,
      region,
      q.dimensions.FunctionName ?? '',
      q.metricName,
      q.stat,
      q.periodSeconds,
    ),
  );
  const perPeriod = (daily: number) => (daily * q.periodSeconds) / 86_400;
  const jitter = (v: number, spread = 0.15) => v * (1 - spread + 2 * spread * rng.next());
  const invoked = p.dailyInvocations > 0;
  // Lambda publishes its metrics only when the function runs: an idle function has no datapoints at all.
  if (!invoked && ['Invocations', 'Errors', 'Throttles'].includes(q.metricName)) return [];
  switch (q.metricName) {
    case 'Invocations':
      return series(n, () => Math.round(jitter(perPeriod(p.dailyInvocations))));
    case 'Errors':
      return series(n, () => Math.round(perPeriod(p.dailyInvocations) * 0.002 * rng.next()));
    case 'Throttles':
      return series(n, () => Math.round(jitter(perPeriod(p.dailyThrottles), 0.5)));
    case 'Duration': {
      if (!invoked) return [];
      const base =
        q.stat === 'Maximum'
          ? p.p95DurationMs * 1.25
          : /^p9\d/.test(q.stat)
            ? p.p95DurationMs
            : p.avgDurationMs;
      // Lambda stops an invocation at its timeout: no duration statistic exceeds it.
      return series(n, () => Math.min(timeoutMs, Math.round(jitter(base, 0.05))));
    }
    case 'ConcurrentExecutions':
      return invoked
        ? series(n, () =>
            Math.min(
              p.reservedConcurrency ?? Infinity,
              Math.max(1, Math.round(jitter(p.peakConcurrency, 0.3))),
            ),
          )
        : [];
    case 'ProvisionedConcurrencyUtilization':
      if (p.provisionedConcurrency === 0) return [];
      return series(n, () => Math.min(1, jitter(p.peakConcurrency / p.provisionedConcurrency, 0.1)));
    case 'ProvisionedConcurrentExecutions':
      if (p.provisionedConcurrency === 0) return [];
      return series(n, () => Math.min(p.provisionedConcurrency, Math.round(jitter(p.peakConcurrency, 0.1))));
    default:
      return [];
  }
}

/** Function timeouts by name, built once per region's state (a lookup per metric query, not a scan). */
const TIMEOUTS = new WeakMap<LambdaSimState, Map<string, number>>();
function timeoutsOf(state: LambdaSimState): Map<string, number> {
  let m = TIMEOUTS.get(state);
  if (!m) {
    m = new Map();
    for (const f of state.functions)
      if (f.FunctionName && !m.has(f.FunctionName)) m.set(f.FunctionName, f.Timeout ?? 3);
    TIMEOUTS.set(state, m);
  }
  return m;
}

export const lambdaSim: SimServiceModule = {
  clientName: 'LambdaClient',
  handlers: {
    ListFunctionsCommand: (input: { MaxItems?: number }, { account, region }) => {
      const { functions } = lambdaSimState(account, region);
      // MaxItems accepts 1..10,000 but a response never holds more than 50 functions.
      if (input.MaxItems !== undefined && (input.MaxItems < 1 || input.MaxItems > 10_000)) {
        throw awsError(
          'InvalidParameterValueException',
          `MaxItems must be between 1 and 10000, got ${input.MaxItems}.`,
          400,
        );
      }
      const size = input.MaxItems === undefined ? 50 : Math.min(50, input.MaxItems);
      const { page, nextToken } = paginate(
        functions,
        { ...input, MaxItems: size },
        { tokenIn: 'Marker', sizeIn: 'MaxItems', max: 50 },
      );
      return { Functions: page, NextMarker: nextToken };
    },
    GetFunctionConcurrencyCommand: (input: { FunctionName?: string }, { account, region }) => {
      const state = lambdaSimState(account, region);
      const name = (input.FunctionName ?? '').replace(/^arn:aws:lambda:[^:]+:\d+:function:/, '');
      const profile = state.profiles[name];
      if (!profile)
        throw awsError('ResourceNotFoundException', `Function not found: ${input.FunctionName ?? ''}`, 404);
      // The API omits ReservedConcurrentExecutions when none is set.
      return profile.reservedConcurrency === undefined
        ? {}
        : { ReservedConcurrentExecutions: profile.reservedConcurrency };
    },
  },
  metrics(q, { account, region }) {
    if (q.namespace !== 'AWS/Lambda') return undefined;
    // Only the per-function series ({FunctionName}); per-alias series (with Resource) are not simulated.
    const name = q.dimensions.FunctionName;
    if (name === undefined || Object.keys(q.dimensions).length !== 1) return undefined;
    const state = lambdaSimState(account, region);
    const profile = state.profiles[name];
    if (!profile) return undefined;
    const timeout = timeoutsOf(state).get(name) ?? 3;
    return lambdaMetric(q, profile, timeout * 1000, account, region);
  },
};
