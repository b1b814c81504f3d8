/** Builds the simulated account's state up front, so generating it is not charged to the measured scan. */
import type { SimAccount } from '#lib/sim/core.js';
import { ec2SimState } from '#lib/sim/ec2.js';
import { ebsSimState } from '#lib/sim/ebs.js';
import { rdsSimState } from '#lib/sim/rds.js';
import { cloudfrontSimState } from '#lib/sim/cloudfront.js';
import { vpcSimState } from '#lib/sim/vpc.js';
import { lambdaSimState } from '#lib/sim/lambda.js';
import { autoscalingSimState } from '#lib/sim/autoscaling.js';
import { elasticacheSimState } from '#lib/sim/elasticache.js';
import { applicationSignalsSimState, cloudwatchAlarmsSimState } from '#lib/sim/cloudwatch-alarms.js';
import { computeoptimizerSimState } from '#lib/sim/computeoptimizer.js';

export function pregenerate(sim: SimAccount): void {
  for (const region of sim.options.enabledRegions) {
    ec2SimState(sim, region);
    ebsSimState(sim, region);
    rdsSimState(sim, region);
    vpcSimState(sim, region);
    lambdaSimState(sim, region);
    autoscalingSimState(sim, region);
    elasticacheSimState(sim, region);
    cloudwatchAlarmsSimState(sim, region);
    applicationSignalsSimState(sim, region);
    computeoptimizerSimState(sim, region);
  }
  cloudfrontSimState(sim);
}
