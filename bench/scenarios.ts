/**
 * Benchmark scenarios: the simulated account at several sizes. The simulator's `scale` multiplies every
 * service's resources (30 EC2 instances, ~45 volumes, 13 DB instances, 24 functions, 6 distributions,
 * 8 cache clusters per busy region at scale 1); `busyRegions` says which regions hold them.
 */
import type { SimFault, SimOptions } from '#lib/sim/core.js';
import { DEFAULT_SIM_OPTIONS } from '#lib/sim/index.js';

export interface Scenario {
  name: string;
  title: string;
  /** Options of createSimulatedAccount. */
  sim: Partial<SimOptions>;
  /** Part of `npm run bench` without --scenario. */
  byDefault: boolean;
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
];

export function scenarioNamed(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario '${name}' (known: ${SCENARIOS.map((x) => x.name).join(', ')})`);
  return s;
}

/** The region of the per-unit memory measurement: the busiest one (Compute Optimizer and SLOs live there). */
export const UNIT_REGION = 'eu-west-1';
