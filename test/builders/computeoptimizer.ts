import type { ComputeOptimizerRecommendation } from '#lib/model/index.js';
import { TEST_INSTANCE_ID } from './ec2.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from './snapshot.js';

/** An over-provisioned EC2 instance recommendation: m5.2xlarge -> m7g.xlarge, low risk, USD 120.5 a month. */
export function aRecommendation(
  overrides: Partial<ComputeOptimizerRecommendation> = {},
): ComputeOptimizerRecommendation {
  return {
    kind: 'ec2',
    resourceArn: `arn:aws:ec2:${TEST_REGION}:${TEST_ACCOUNT_ID}:instance/${TEST_INSTANCE_ID}`,
    resourceId: TEST_INSTANCE_ID,
    finding: 'overprovisioned',
    reasons: ['CPUOverprovisioned', 'MemoryOverprovisioned'],
    current: 'm5.2xlarge',
    topOption: 'm7g.xlarge',
    performanceRisk: 1,
    estimatedMonthlySavingsUsd: 120.5,
    lookbackDays: 14,
    ...overrides,
  };
}
