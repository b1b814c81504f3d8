/** The simulated account's service modules and its factory. See core.ts for how it plugs into the SDK. */
import { SimAccount, type SimOptions, type SimServiceModule } from './core.js';
import { organizationsSim, stsSim } from './sts.js';
import { ec2Sim } from './ec2.js';
import { ebsSim } from './ebs.js';
import { cloudwatchMetricsSim } from './cloudwatch-metrics.js';
import { devopsGuruSim, rdsSim } from './rds.js';
import { cloudfrontSim } from './cloudfront.js';
import { vpcSim } from './vpc.js';
import { lambdaSim } from './lambda.js';
import { applicationAutoScalingSim, autoscalingSim } from './autoscaling.js';
import { elasticacheSim } from './elasticache.js';
import { applicationSignalsSim, cloudwatchAlarmsSim } from './cloudwatch-alarms.js';
import { computeoptimizerSim } from './computeoptimizer.js';
import { pricingSim } from './pricing.js';

export const SIM_MODULES: readonly SimServiceModule[] = [
  stsSim,
  organizationsSim,
  ec2Sim,
  ebsSim,
  cloudwatchMetricsSim,
  rdsSim,
  devopsGuruSim,
  cloudfrontSim,
  vpcSim,
  lambdaSim,
  autoscalingSim,
  applicationAutoScalingSim,
  elasticacheSim,
  cloudwatchAlarmsSim,
  applicationSignalsSim,
  computeoptimizerSim,
  pricingSim,
];

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  seed: 20261122,
  accountId: '111122223333',
  enabledRegions: ['us-east-1', 'eu-west-1', 'eu-central-1'],
  busyRegions: ['eu-west-1', 'us-east-1'],
  scale: 1,
  faults: [],
  now: new Date('2026-11-22T06:00:00Z'),
};

export function createSimulatedAccount(overrides: Partial<SimOptions> = {}): SimAccount {
  return new SimAccount([...SIM_MODULES], { ...DEFAULT_SIM_OPTIONS, ...overrides });
}

export * from './core.js';
