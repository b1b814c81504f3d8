/**
 * Simulated AWS Compute Optimizer. Enrollment is account-wide (GetEnrollmentStatus reports the account's opt-in,
 * whatever the regional endpoint): every region answers Active, or Inactive with Get*Recommendations failing with
 * OptInRequiredException when `options.computeOptimizerEnrolled` is false. Recommendations are regional: they
 * exist where the resources are (the busy regions).
 *
 * Recommendations refer to the other simulated resources (EC2 instances, Auto Scaling groups, EBS
 * volumes, Lambda functions, RDS instances), in SDK shapes, with a deliberate mix of findings:
 * over-provisioned with savings, optimized, under-provisioned. Resources that would lack enough
 * metrics (about one in ten) get no recommendation, as in a real account. Recommended types exist and are
 * current generation, memory reasons appear only where the CloudWatch agent publishes memory, and savings follow
 * approximate list prices, so the figures in messages stay plausible.
 */
import type {
  AutoScalingGroupRecommendation,
  InstanceRecommendation,
  LambdaFunctionRecommendation,
  RDSDBRecommendation,
  VolumeRecommendation,
} from '@aws-sdk/client-compute-optimizer';
import { awsError, hashSeed, paginate, type SimAccount, type SimServiceModule } from './core.js';
import { ec2SimArchetype, ec2SimState } from './ec2.js';
import { ebsSimState } from './ebs.js';
import { lambdaSimState } from './lambda.js';
import { rdsSimState } from './rds.js';
import { autoscalingSimState } from './autoscaling.js';
import { cloudwatchAlarmsSimState } from './cloudwatch-alarms.js';

export interface ComputeOptimizerSimState {
  status: 'Active' | 'Inactive';
  ec2: InstanceRecommendation[];
  asg: AutoScalingGroupRecommendation[];
  ebs: VolumeRecommendation[];
  lambda: LambdaFunctionRecommendation[];
  rds: RDSDBRecommendation[];
}

/** The simulated account's enrollment, the same in every region. */
export function computeOptimizerEnrolled(account: SimAccount): boolean {
  return account.options.computeOptimizerEnrolled !== false;
}

const SIZES = [
  'nano',
  'micro',
  'small',
  'medium',
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
];

/** One size down or up within the family (db.r6i.2xlarge -> db.r6i.xlarge); used for RDS classes. */
function resize(type: string, step: -1 | 1): string {
  const [family, size] = type.split('.');
  const i = SIZES.indexOf(size ?? '');
  if (!family || i < 0) return type;
  const j = Math.min(SIZES.length - 1, Math.max(0, i + step));
  return `${family}.${SIZES[j]}`;
}

function resizeDb(cls: string, step: -1 | 1): string {
  return cls.startsWith('db.') ? `db.${resize(cls.slice(3), step)}` : cls;
}

// ---------------------------------------------------------------- EC2 types and prices

const T_SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const X86_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge'];
const GRAVITON_SIZES = ['medium', ...X86_SIZES];

/**
 * The families the simulation recommends, with the sizes they offer and an approximate us-east-1 on-demand Linux
 * price of the `.large` size in USD per hour (each size step doubles or halves it). Rough figures for plausible
 * savings, not a price list.
 */
const FAMILIES: Record<
  string,
  { sizes: string[]; large: number; class: 't' | 'c' | 'm' | 'r' | 'i'; arm: boolean }
> = {
  t3: { sizes: T_SIZES, large: 0.0832, class: 't', arm: false },
  t4g: { sizes: T_SIZES, large: 0.0672, class: 't', arm: true },
  m5: { sizes: X86_SIZES, large: 0.096, class: 'm', arm: false },
  m6i: { sizes: X86_SIZES, large: 0.096, class: 'm', arm: false },
  m7i: { sizes: X86_SIZES, large: 0.1008, class: 'm', arm: false },
  m6g: { sizes: GRAVITON_SIZES, large: 0.077, class: 'm', arm: true },
  m7g: { sizes: GRAVITON_SIZES, large: 0.0816, class: 'm', arm: true },
  c5: { sizes: X86_SIZES, large: 0.085, class: 'c', arm: false },
  c6i: { sizes: X86_SIZES, large: 0.085, class: 'c', arm: false },
  c7i: { sizes: X86_SIZES, large: 0.08925, class: 'c', arm: false },
  c6g: { sizes: GRAVITON_SIZES, large: 0.068, class: 'c', arm: true },
  c7g: { sizes: GRAVITON_SIZES, large: 0.0725, class: 'c', arm: true },
  r5: { sizes: X86_SIZES, large: 0.126, class: 'r', arm: false },
  r6i: { sizes: X86_SIZES, large: 0.126, class: 'r', arm: false },
  r6g: { sizes: GRAVITON_SIZES, large: 0.1008, class: 'r', arm: true },
  r7g: { sizes: GRAVITON_SIZES, large: 0.1071, class: 'r', arm: true },
  i3: { sizes: X86_SIZES, large: 0.156, class: 'i', arm: false },
};
/** Previous-generation (or older burstable) families and the current family recommended instead, with their prices. */
const SUCCESSOR: Record<string, { family: string; large: number }> = {
  t2: { family: 't3', large: 0.0928 },
  m3: { family: 'm5', large: 0.133 },
  m4: { family: 'm5', large: 0.1 },
  c4: { family: 'c5', large: 0.1 },
  r4: { family: 'r5', large: 0.133 },
  i2: { family: 'i3', large: 0.4265 },
};
/** When a family has no smaller size: the class with less memory per vCPU, at the same size. */
const SMALLER_CLASS: Record<string, string | undefined> = { i: 'r', r: 'm', m: 'c', c: 't' };

/** Approximate USD per hour of an EC2 type (see FAMILIES); undefined for an unknown family or size. */
export function ec2HourlyPrice(type: string): number | undefined {
  const [family = '', size = ''] = type.split('.');
  const large = FAMILIES[family]?.large ?? SUCCESSOR[family]?.large;
  const step = SIZES.indexOf(size) - SIZES.indexOf('large');
  if (large === undefined || SIZES.indexOf(size) < 0) return undefined;
  return large * 2 ** step;
}

function familyOfClass(cls: string, arm: boolean): string | undefined {
  const prefer = arm ? ['t4g', 'm7g', 'c7g', 'r7g'] : ['t3', 'm5', 'c5', 'r5', 'i3'];
  return prefer.find((f) => FAMILIES[f]?.class === cls);
}

/**
 * The type Compute Optimizer would recommend one step down (over-provisioned) or up (under-provisioned): the same
 * family, or its current-generation successor, one size away; when that size does not exist, the same size in the
 * next leaner class (r -> m -> c -> t). Undefined when nothing fits.
 */
export function recommendedEc2Type(type: string, step: -1 | 1): string | undefined {
  const [family = '', size = ''] = type.split('.');
  const current = FAMILIES[family] ? family : SUCCESSOR[family]?.family;
  const spec = current ? FAMILIES[current] : undefined;
  if (!current || !spec) return undefined;
  const want = SIZES[SIZES.indexOf(size) + step];
  if (!want) return undefined;
  if (spec.sizes.includes(want)) return `${current}.${want}`;
  if (step > 0) return undefined;
  // No smaller size in the family: same size, leaner class (its offered sizes permitting).
  let cls = SMALLER_CLASS[spec.class];
  while (cls) {
    const f = familyOfClass(cls, spec.arm);
    const s = f ? FAMILIES[f] : undefined;
    if (f && s?.sizes.includes(size) && f !== current) return `${f}.${size}`;
    cls = SMALLER_CLASS[cls];
  }
  return undefined;
}

type Verdict = 'over' | 'optimized' | 'under' | 'none';

/** ~40% over-provisioned, ~35% optimized, ~15% under-provisioned, ~10% without enough data. */
function verdict(id: string): Verdict {
  const h = hashSeed('co', id) % 100;
  return h < 40 ? 'over' : h < 75 ? 'optimized' : h < 90 ? 'under' : 'none';
}

/** Savings of `monthlyNow` -> `monthlyAfter` in the SDK shape, or none when nothing is saved. */
function saving(
  monthlyNow: number,
  monthlyAfter: number,
): { savingsOpportunityPercentage: number; estimatedMonthlySavings: { currency: 'USD'; value: number } } {
  const value = Math.round(Math.max(0, monthlyNow - monthlyAfter) * 100) / 100;
  if (value <= 0 || monthlyNow <= 0) return NO_SAVINGS;
  return {
    savingsOpportunityPercentage: Math.round((value / monthlyNow) * 100),
    estimatedMonthlySavings: { currency: 'USD', value },
  };
}

/** Pseudo-random savings for RDS, whose classes the simulation does not price. */
function savings(
  id: string,
  min: number,
  max: number,
): { savingsOpportunityPercentage: number; estimatedMonthlySavings: { currency: 'USD'; value: number } } {
  const value = Math.round((min + ((hashSeed('savings', id) % 1000) / 1000) * (max - min)) * 100) / 100;
  return {
    savingsOpportunityPercentage: 30 + (hashSeed('pct', id) % 30),
    estimatedMonthlySavings: { currency: 'USD', value },
  };
}

const NO_SAVINGS = {
  savingsOpportunityPercentage: 0,
  estimatedMonthlySavings: { currency: 'USD' as const, value: 0 },
};

const HOURS_PER_MONTH = 730;
/** gp2 and gp3 list prices per GiB-month (us-east-1): gp3 is 20% cheaper at its 3,000 IOPS / 125 MiB/s baseline. */
const GP2_GIB_MONTH = 0.1;
const GP3_GIB_MONTH = 0.08;
/** Lambda duration price per GB-second (us-east-1, first tier): x86_64 and arm64. */
const LAMBDA_GB_SECOND = { x86_64: 0.0000166667, arm64: 0.0000133334 };

function make(account: SimAccount, region: string): ComputeOptimizerSimState {
  const state: ComputeOptimizerSimState = {
    status: computeOptimizerEnrolled(account) ? 'Active' : 'Inactive',
    ec2: [],
    asg: [],
    ebs: [],
    lambda: [],
    rds: [],
  };
  if (state.status !== 'Active' || !account.options.enabledRegions.includes(region)) return state;
  const refreshed = new Date(account.options.now.getTime() - 86_400_000);
  const acct = account.accountId;

  const agentMemory = new Set(cloudwatchAlarmsSimState(account, region).agentMemoryInstanceIds);
  for (const i of ec2SimState(account, region).instances) {
    const id = i.InstanceId;
    const type = String(i.InstanceType ?? '');
    if (!id || !type || i.State?.Name !== 'running') continue;
    // Follow the simulated CPU so the EC2 checks and Compute Optimizer agree: idle -> over, saturated -> under;
    // new instances lack the 30 hours of metrics Compute Optimizer needs.
    const archetype = ec2SimArchetype(account, region, id);
    const v: Verdict =
      archetype === 'idle'
        ? 'over'
        : archetype === 'saturated'
          ? 'under'
          : archetype === 'steady' || archetype === 'spiky'
            ? 'optimized'
            : 'none';
    if (v === 'none') continue;
    const top = v === 'optimized' ? type : recommendedEc2Type(type, v === 'over' ? -1 : 1);
    if (!top) continue; // nothing smaller or larger to recommend
    // Compute Optimizer sees memory only through the CloudWatch agent; without it, no memory reason.
    const memory = agentMemory.has(id);
    const [now, after] = [ec2HourlyPrice(type), ec2HourlyPrice(top)];
    state.ec2.push({
      instanceArn: `arn:aws:ec2:${region}:${acct}:instance/${id}`,
      accountId: acct,
      instanceName: i.Tags?.find((t) => t.Key === 'Name')?.Value,
      currentInstanceType: type,
      finding: v === 'over' ? 'Overprovisioned' : v === 'under' ? 'Underprovisioned' : 'Optimized',
      findingReasonCodes:
        v === 'over'
          ? ['CPUOverprovisioned', ...(memory ? ['MemoryOverprovisioned' as const] : [])]
          : v === 'under'
            ? ['CPUUnderprovisioned']
            : [],
      utilizationMetrics: [
        { name: 'Cpu', statistic: 'Maximum', value: v === 'over' ? 18 : v === 'under' ? 97 : 62 },
        ...(memory
          ? [{ name: 'Memory' as const, statistic: 'Maximum' as const, value: v === 'over' ? 21 : 58 }]
          : []),
      ],
      lookBackPeriodInDays: 14,
      recommendationOptions: [
        {
          instanceType: top,
          performanceRisk: v === 'over' ? 1 : v === 'under' ? 0.5 : 0,
          rank: 1,
          savingsOpportunity:
            v === 'over' && now !== undefined && after !== undefined
              ? saving(now * HOURS_PER_MONTH, after * HOURS_PER_MONTH)
              : NO_SAVINGS,
          migrationEffort: 'VeryLow',
        },
      ],
      lastRefreshTimestamp: refreshed,
      currentPerformanceRisk: v === 'under' ? 'High' : 'VeryLow',
      instanceState: 'running',
    });
  }

  for (const g of autoscalingSimState(account, region).groups) {
    const name = g.AutoScalingGroupName ?? '';
    const type = g.Instances?.[0]?.InstanceType ?? 'm5.large';
    const v = verdict(name);
    if (v === 'none') continue;
    const top = v === 'optimized' ? type : recommendedEc2Type(type, v === 'over' ? -1 : 1);
    if (!top) continue;
    const [now, after] = [ec2HourlyPrice(type), ec2HourlyPrice(top)];
    const fleet = (g.DesiredCapacity ?? 1) * HOURS_PER_MONTH;
    const config = { desiredCapacity: g.DesiredCapacity, minSize: g.MinSize, maxSize: g.MaxSize };
    state.asg.push({
      accountId: acct,
      autoScalingGroupArn: g.AutoScalingGroupARN,
      autoScalingGroupName: name,
      finding: v === 'over' ? 'Overprovisioned' : v === 'under' ? 'Underprovisioned' : 'Optimized',
      utilizationMetrics: [
        { name: 'Cpu', statistic: 'Maximum', value: v === 'over' ? 22 : v === 'under' ? 95 : 60 },
      ],
      lookBackPeriodInDays: 14,
      currentConfiguration: { ...config, instanceType: type },
      recommendationOptions: [
        {
          configuration: { ...config, instanceType: top },
          performanceRisk: v === 'over' ? 1.5 : 0,
          rank: 1,
          savingsOpportunity:
            v === 'over' && now !== undefined && after !== undefined
              ? saving(now * fleet, after * fleet)
              : NO_SAVINGS,
        },
      ],
      lastRefreshTimestamp: refreshed,
      currentPerformanceRisk: v === 'under' ? 'High' : 'Low',
    });
  }

  for (const vol of ebsSimState(account, region).volumes) {
    const id = vol.VolumeId;
    if (!id || vol.State !== 'in-use') continue;
    if (verdict(id) === 'none') continue;
    const gp2 = vol.VolumeType === 'gp2';
    const current = {
      volumeType: vol.VolumeType,
      volumeSize: vol.Size,
      volumeBaselineIOPS: vol.Iops,
      volumeBurstIOPS: gp2 ? 3000 : vol.Iops,
      volumeBaselineThroughput: vol.Throughput ?? 125,
      volumeBurstThroughput: vol.Throughput ?? 250,
    };
    state.ebs.push({
      volumeArn: `arn:aws:ec2:${region}:${acct}:volume/${id}`,
      accountId: acct,
      currentConfiguration: current,
      // gp2 -> gp3 is Compute Optimizer's standard EBS recommendation.
      finding: gp2 ? 'NotOptimized' : 'Optimized',
      utilizationMetrics: [{ name: 'VolumeReadOpsPerSecond', statistic: 'Maximum', value: 120 }],
      lookBackPeriodInDays: 14,
      volumeRecommendationOptions: [
        {
          configuration: gp2
            ? {
                ...current,
                volumeType: 'gp3',
                volumeBaselineIOPS: 3000,
                volumeBurstIOPS: 3000,
                volumeBaselineThroughput: 125,
                volumeBurstThroughput: 125,
              }
            : current,
          performanceRisk: 0,
          rank: 1,
          savingsOpportunity: gp2
            ? saving((vol.Size ?? 0) * GP2_GIB_MONTH, (vol.Size ?? 0) * GP3_GIB_MONTH)
            : NO_SAVINGS,
        },
      ],
      lastRefreshTimestamp: refreshed,
      currentPerformanceRisk: 'VeryLow',
    });
  }

  const lambda = lambdaSimState(account, region);
  for (const f of lambda.functions) {
    const name = f.FunctionName ?? '';
    const profile = lambda.profiles[name];
    const memory = f.MemorySize ?? 128;
    // Compute Optimizer covers functions up to 1,792 MB with >= 50 invocations in 14 days (Compute Optimizer docs).
    if (!profile || memory > 1792 || profile.dailyInvocations * 14 < 50) continue;
    const near = profile.p95DurationMs > 0.8 * (f.Timeout ?? 3) * 1000;
    const under = memory === 128 || near;
    const hashed = verdict(name);
    // Less memory lengthens invocations and so raises concurrency: no "over-provisioned" for a function already
    // throttled at its concurrency limit, which would contradict its throttling finding.
    const v: Verdict = under
      ? 'under'
      : hashed === 'over' && profile.dailyThrottles > 0
        ? 'optimized'
        : hashed;
    if (v === 'none') continue;
    // Lambda memory is set in whole MB.
    const top =
      v === 'under'
        ? Math.min(10_240, memory * 4)
        : v === 'over'
          ? Math.max(128, Math.round(memory / 2))
          : memory;
    // Duration cost per month at the current and the recommended memory, same duration (a lower bound).
    const gbSecond = LAMBDA_GB_SECOND[f.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64'];
    const monthly = (mb: number) =>
      profile.dailyInvocations * 30 * (profile.avgDurationMs / 1000) * (mb / 1024) * gbSecond;
    state.lambda.push({
      functionArn: `${f.FunctionArn}:$LATEST`,
      functionVersion: '$LATEST',
      accountId: acct,
      currentMemorySize: memory,
      numberOfInvocations: profile.dailyInvocations * 14,
      utilizationMetrics: [
        { name: 'Duration', statistic: 'Average', value: profile.avgDurationMs },
        {
          name: 'Memory',
          statistic: 'Maximum',
          value: v === 'over' ? memory * 0.3 : v === 'under' ? memory * 0.97 : memory * 0.6,
        },
      ],
      lookbackPeriodInDays: 14,
      lastRefreshTimestamp: refreshed,
      finding: v === 'optimized' ? 'Optimized' : 'NotOptimized',
      findingReasonCodes:
        v === 'over' ? ['MemoryOverprovisioned'] : v === 'under' ? ['MemoryUnderprovisioned'] : [],
      memorySizeRecommendationOptions: [
        {
          rank: 1,
          memorySize: top,
          savingsOpportunity: v === 'over' ? saving(monthly(memory), monthly(top)) : NO_SAVINGS,
        },
      ],
      currentPerformanceRisk: v === 'under' ? 'High' : 'VeryLow',
    });
  }

  const rds = rdsSimState(account, region);
  for (const db of rds.instances) {
    const id = db.DBInstanceIdentifier ?? '';
    const cls = db.DBInstanceClass ?? '';
    if (!id || !cls || db.DBInstanceStatus !== 'available') continue;
    const load = rds.load[id];
    if (!load || load.noData) continue;
    // Follow the simulated CPU so the RDS checks and Compute Optimizer agree.
    const v: Verdict = load.cpu < 15 ? 'over' : load.cpu > 75 ? 'under' : 'optimized';
    state.rds.push({
      resourceArn: db.DBInstanceArn,
      accountId: acct,
      engine: db.Engine,
      engineVersion: db.EngineVersion,
      currentDBInstanceClass: cls,
      currentStorageConfiguration: {
        storageType: db.StorageType,
        allocatedStorage: db.AllocatedStorage,
        iops: db.Iops,
      },
      dbClusterIdentifier: db.DBClusterIdentifier,
      instanceFinding: v === 'over' ? 'Overprovisioned' : v === 'under' ? 'Underprovisioned' : 'Optimized',
      storageFinding: 'Optimized',
      instanceFindingReasonCodes:
        v === 'over' ? ['CPUOverprovisioned'] : v === 'under' ? ['CPUUnderprovisioned'] : [],
      storageFindingReasonCodes: [],
      instanceRecommendationOptions: [
        {
          dbInstanceClass: v === 'over' ? resizeDb(cls, -1) : v === 'under' ? resizeDb(cls, 1) : cls,
          performanceRisk: v === 'over' ? 1 : 0,
          rank: 1,
          savingsOpportunity: v === 'over' ? savings(id, 30, 400) : NO_SAVINGS,
        },
      ],
      storageRecommendationOptions: [],
      utilizationMetrics: [{ name: 'CPU', statistic: 'Maximum', value: load.cpuPeak }],
      lookbackPeriodInDays: 14,
      lastRefreshTimestamp: refreshed,
    });
  }
  return state;
}

export function computeoptimizerSimState(account: SimAccount, region: string): ComputeOptimizerSimState {
  return account.memo(`computeoptimizer:${region}`, () => make(account, region));
}

function enrolled(account: SimAccount, region: string): ComputeOptimizerSimState {
  const state = computeoptimizerSimState(account, region);
  if (state.status !== 'Active')
    throw awsError('OptInRequiredException', 'The account is not opted in to AWS Compute Optimizer.', 403);
  return state;
}

function page<T>(
  items: readonly T[],
  input: Record<string, unknown>,
): { page: T[]; nextToken: string | undefined } {
  // maxResults: up to 1,000 for every Get*Recommendations call (Compute Optimizer API model).
  return paginate(items, input, { tokenIn: 'nextToken', sizeIn: 'maxResults', max: 1000, defaultSize: 1000 });
}

export const computeoptimizerSim: SimServiceModule = {
  clientName: 'ComputeOptimizerClient',
  handlers: {
    GetEnrollmentStatusCommand: (_input, { account, region }) => {
      const s = computeoptimizerSimState(account, region);
      return {
        status: s.status,
        memberAccountsEnrolled: false,
        lastUpdatedTimestamp: new Date(account.options.now.getTime() - 200 * 86_400_000),
        ...(s.status === 'Active' ? { statusReason: '' } : {}),
      };
    },
    GetEC2InstanceRecommendationsCommand: (input, { account, region }) => {
      const { page: p, nextToken } = page(enrolled(account, region).ec2, input);
      return { instanceRecommendations: p, nextToken, errors: [] };
    },
    GetAutoScalingGroupRecommendationsCommand: (input, { account, region }) => {
      const { page: p, nextToken } = page(enrolled(account, region).asg, input);
      return { autoScalingGroupRecommendations: p, nextToken, errors: [] };
    },
    GetEBSVolumeRecommendationsCommand: (input, { account, region }) => {
      const { page: p, nextToken } = page(enrolled(account, region).ebs, input);
      return { volumeRecommendations: p, nextToken, errors: [] };
    },
    GetLambdaFunctionRecommendationsCommand: (input, { account, region }) => {
      const { page: p, nextToken } = page(enrolled(account, region).lambda, input);
      return { lambdaFunctionRecommendations: p, nextToken };
    },
    GetRDSDatabaseRecommendationsCommand: (input, { account, region }) => {
      const { page: p, nextToken } = page(enrolled(account, region).rds, input);
      return { rdsDBRecommendations: p, nextToken, errors: [] };
    },
  },
};
