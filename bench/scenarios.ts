/**
 * Benchmark scenarios: the simulated account at several sizes. The simulator's `scale` multiplies every
 * service's resources (30 EC2 instances, ~45 volumes, 13 DB instances, 24 functions, 6 distributions,
 * 8 cache clusters per busy region at scale 1); `busyRegions` says which regions hold them.
 */
import type { SimFault, SimMix, SimOptions } from '#lib/sim/core.js';
import { DEFAULT_SIM_OPTIONS } from '#lib/sim/index.js';

export interface Scenario {
  name: string;
  title: string;
  /** Options of createSimulatedAccount. */
  sim: Partial<SimOptions>;
  /** Part of `npm run bench` without --scenario. */
  byDefault: boolean;
  /**
   * Force a full GC as each unit is stored, to measure the live heap (default true). Off where the scenario
   * measures time: forced collections of a large heap are the benchmark's work, not the scan's.
   */
  liveHeap?: boolean;
  /**
   * Run the simulated account in its own process (bench/sim-process.ts), so the scenario's process is the
   * CLI's alone: its peak RSS, live heap and CPU time hold nothing of the simulator. The process then runs
   * under the heap limit `perfscan scan` sets (lib/cli/heap.ts) unless BENCH_MAX_OLD_SPACE_MB says otherwise.
   */
  simProcess?: boolean;
  /** Force a full GC after each unit is stored and released, and report the live heap then (a table per unit). */
  perUnitHeap?: boolean;
  /** Run the naive peer (bench/peer.ts) over the same account after perfscan. */
  peer?: {
    /** Simulated ms per real ms of the peer's clock (its waits are compressed; its wall time stays exact). */
    clockScale: number;
    /** Regions where the peer reads metrics one by one (default: all); elsewhere it only lists. */
    sampleRegions?: string[];
  };
}

const ALL_THREE = ['eu-west-1', 'us-east-1', 'eu-central-1'];

/**
 * Throttling injected into the demo account: the SDK's standard retry must absorb each (5 attempts), except
 * the last one, which outlasts every attempt and must become a gap, not a failed scan.
 */
export const THROTTLE_FAULTS: SimFault[] = [
  {
    clientName: 'EC2Client',
    commandName: 'DescribeInstancesCommand',
    region: 'eu-west-1',
    kind: 'throttle',
    times: 2,
  },
  {
    clientName: 'CloudWatchClient',
    commandName: 'GetMetricDataCommand',
    region: 'us-east-1',
    kind: 'throttle',
    times: 2,
  },
  {
    clientName: 'LambdaClient',
    commandName: 'ListFunctionsCommand',
    region: 'eu-west-1',
    kind: 'throttle',
    times: 1,
  },
  {
    clientName: 'RDSClient',
    commandName: 'DescribeDBInstancesCommand',
    region: 'us-east-1',
    kind: 'throttle',
    times: 1,
  },
  {
    clientName: 'ComputeOptimizerClient',
    commandName: 'GetEC2InstanceRecommendationsCommand',
    region: 'eu-west-1',
    kind: 'throttle',
    times: 1,
  },
  {
    clientName: 'ElastiCacheClient',
    commandName: 'DescribeCacheClustersCommand',
    region: 'eu-west-1',
    kind: 'throttle',
    times: 5,
  },
];

/** The 17 regions of the reference account (the commercial regions enabled by default, less the newest). */
export const REFERENCE_REGIONS = [
  'us-east-1',
  'eu-west-1',
  'us-west-2',
  'eu-central-1',
  'us-east-2',
  'us-west-1',
  'ca-central-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];

/**
 * The reference account of issue 11: 20,000 instances, 60,000 volumes, 2,000 DB instances, 500
 * distributions, 3,000 VPC endpoints, 10,000 Lambda functions over 17 regions, weighted as real estates are
 * (a home region, a second one, a long tail): us-east-1 30%, eu-west-1 20%, us-west-2 10%, eu-central-1 8%,
 * the 13 others 32% together.
 */
export function referenceMix(divisor = 1): SimMix {
  const w: Record<string, number> = {};
  for (const r of REFERENCE_REGIONS) w[r] = 32 / 13;
  Object.assign(w, { 'us-east-1': 30, 'eu-west-1': 20, 'us-west-2': 10, 'eu-central-1': 8 });
  const n = (x: number) => Math.round(x / divisor);
  return {
    totals: {
      ec2Instances: n(20_000),
      ebsVolumes: n(60_000),
      rdsInstances: n(2_000),
      cloudfrontDistributions: n(500),
      vpcEndpoints: n(3_000),
      lambdaFunctions: n(10_000),
    },
    regionWeights: w,
  };
}

const REFERENCE_SIM: Partial<SimOptions> = {
  ...DEFAULT_SIM_OPTIONS,
  scale: 1,
  enabledRegions: REFERENCE_REGIONS,
  busyRegions: REFERENCE_REGIONS,
  latency: true,
};

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'small',
    title: 'the demo account (scale 1, 2 busy regions of 3)',
    sim: { ...DEFAULT_SIM_OPTIONS },
    byDefault: true,
  },
  {
    name: 'large',
    title: 'scale 30 in 3 busy regions (~2,700 EC2 instances)',
    sim: { ...DEFAULT_SIM_OPTIONS, scale: 30, busyRegions: ALL_THREE },
    byDefault: true,
  },
  {
    name: 'xl',
    title: 'scale 60 in 3 busy regions (~5,400 EC2 instances)',
    sim: { ...DEFAULT_SIM_OPTIONS, scale: 60, busyRegions: ALL_THREE },
    byDefault: true,
  },
  {
    name: 'throttled',
    title: 'the demo account with throttling injected on 6 calls (one outlasts every retry)',
    sim: { ...DEFAULT_SIM_OPTIONS, faults: THROTTLE_FAULTS },
    byDefault: true,
  },
  {
    name: 'reference',
    title:
      'the reference account: 17 regions, 20,000 instances, 60,000 volumes, 2,000 DB instances, 500 distributions, 3,000 endpoints, 10,000 functions; AWS quotas and latency simulated',
    sim: { ...REFERENCE_SIM, mix: referenceMix() },
    byDefault: true,
    liveHeap: false,
    simProcess: true,
    perUnitHeap: true,
    // The peer needs ~290,000 sequential calls here: it reads metrics in 4 tail regions (~10% of the
    // resources) and lists the rest; its full-account figures are derived (bench/scenario.ts peerRun).
    peer: {
      clockScale: 50,
      sampleRegions: ['ap-northeast-3', 'ap-southeast-2', 'sa-east-1', 'eu-north-1'],
    },
  },
  {
    name: 'reference-4th',
    title: 'the reference account at 1/4 of its size (same regions and weights), peer in the sampled regions',
    sim: { ...REFERENCE_SIM, mix: referenceMix(4) },
    byDefault: false,
    liveHeap: false,
    simProcess: true,
    perUnitHeap: true,
    peer: {
      clockScale: 50,
      sampleRegions: ['ap-northeast-3', 'ap-southeast-2', 'sa-east-1', 'eu-north-1'],
    },
  },
  {
    name: 'reference-20th',
    title: 'the reference account at 1/20 of its size (same regions and weights), peer run in full',
    sim: { ...REFERENCE_SIM, mix: referenceMix(20) },
    byDefault: false,
    liveHeap: false,
    simProcess: true,
    perUnitHeap: true,
    peer: { clockScale: 50 },
  },
  {
    name: 'reference-40th',
    title: 'the reference account at 1/40 of its size (same regions and weights), no peer',
    // The simulator in the scan's process (as before bench/sim-process.ts), to compare Price List figures.
    sim: { ...REFERENCE_SIM, mix: referenceMix(40) },
    byDefault: false,
    liveHeap: false,
  },
];

export function scenarioNamed(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario '${name}' (known: ${SCENARIOS.map((x) => x.name).join(', ')})`);
  return s;
}

/** The region of the per-unit memory measurement: the busiest one (Compute Optimizer and SLOs live there). */
export const UNIT_REGION = 'eu-west-1';
