/**
 * Simulated AWS Compute Optimizer. The account is enrolled (Active) in the first busy region only;
 * everywhere else GetEnrollmentStatus answers Inactive and Get*Recommendations fail with
 * OptInRequiredException, as for an account that never opted in.
 *
 * Recommendations refer to the other simulated resources (EC2 instances, Auto Scaling groups, EBS
 * volumes, Lambda functions, RDS instances), in SDK shapes, with a deliberate mix of findings:
 * over-provisioned with savings, optimized, under-provisioned. Resources that would lack enough
 * metrics (about one in ten) get no recommendation, as in a real account.
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

export interface ComputeOptimizerSimState {
  status: 'Active' | 'Inactive';
  ec2: InstanceRecommendation[];
  asg: AutoScalingGroupRecommendation[];
  ebs: VolumeRecommendation[];
  lambda: LambdaFunctionRecommendation[];
  rds: RDSDBRecommendation[];
}

/** The region where the simulated account is enrolled: the first busy region. */
export function computeOptimizerRegion(account: SimAccount): string | undefined {
  return account.options.busyRegions[0];
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

/** One size down or up within the family (m5.xlarge -> m5.large / m5.2xlarge). */
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

type Verdict = 'over' | 'optimized' | 'under' | 'none';

/** ~40% over-provisioned, ~35% optimized, ~15% under-provisioned, ~10% without enough data. */
function verdict(id: string): Verdict {
  const h = hashSeed('co', id) % 100;
  return h < 40 ? 'over' : h < 75 ? 'optimized' : h < 90 ? 'under' : 'none';
}

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

function make(account: SimAccount, region: string): ComputeOptimizerSimState {
  const state: ComputeOptimizerSimState = {
    status: 'Inactive',
    ec2: [],
    asg: [],
    ebs: [],
    lambda: [],
    rds: [],
  };
  if (region !== computeOptimizerRegion(account) || !account.options.enabledRegions.includes(region))
    return state;
  state.status = 'Active';
  const refreshed = new Date(account.options.now.getTime() - 86_400_000);
  const acct = account.accountId;

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
    const top = v === 'over' ? resize(type, -1) : v === 'under' ? resize(type, 1) : type;
    state.ec2.push({
      instanceArn: `arn:aws:ec2:${region}:${acct}:instance/${id}`,
      accountId: acct,
      instanceName: i.Tags?.find((t) => t.Key === 'Name')?.Value,
      currentInstanceType: type,
      finding: v === 'over' ? 'Overprovisioned' : v === 'under' ? 'Underprovisioned' : 'Optimized',
      findingReasonCodes:
        v === 'over'
          ? ['CPUOverprovisioned', 'MemoryOverprovisioned']
          : v === 'under'
            ? ['CPUUnderprovisioned']
            : [],
      utilizationMetrics: [
        { name: 'Cpu', statistic: 'Maximum', value: v === 'over' ? 18 : v === 'under' ? 97 : 62 },
      ],
      lookBackPeriodInDays: 14,
      recommendationOptions: [
        {
          instanceType: top,
          performanceRisk: v === 'over' ? 1 : v === 'under' ? 0.5 : 0,
          rank: 1,
          savingsOpportunity: v === 'over' ? savings(id, 15, 220) : NO_SAVINGS,
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
          configuration: {
            ...config,
            instanceType: v === 'over' ? resize(type, -1) : v === 'under' ? resize(type, 1) : type,
          },
          performanceRisk: v === 'over' ? 1.5 : 0,
          rank: 1,
          savingsOpportunity: v === 'over' ? savings(name, 40, 600) : NO_SAVINGS,
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
          savingsOpportunity: gp2 ? savings(id, 1, 40) : NO_SAVINGS,
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
    const v: Verdict = under ? 'under' : verdict(name);
    if (v === 'none') continue;
    const top =
      v === 'under' ? Math.min(10_240, memory * 4) : v === 'over' ? Math.max(128, memory / 2) : memory;
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
        { rank: 1, memorySize: top, savingsOpportunity: v === 'over' ? savings(name, 1, 60) : NO_SAVINGS },
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
