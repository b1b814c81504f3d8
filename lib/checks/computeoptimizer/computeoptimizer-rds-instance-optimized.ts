import { defineCheck, type CheckResult } from '../types.js';
import {
  isEnrolled,
  isRdsStorageRecommendation,
  recommendationEvidence,
  recommendationResult,
} from '../compute-optimizer-results.js';
import { missingSlice } from '../support.js';

const NEEDS = ['computeOptimizer.rds'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/** RDS DB instance class right-sizing is compute sizing (WAF-PERF-010); storage goes to WAF-PERF-090. */
export const computeoptimizerRdsInstanceOptimized = defineCheck({
  id: 'computeoptimizer-rds-instance-optimized',
  title: 'RDS DB instance classes are rated optimized by Compute Optimizer',
  service: 'computeoptimizer',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'Compute Optimizer compares 14 days of CPU, memory, network and I/O of RDS for MySQL, RDS for PostgreSQL and Aurora ' +
    'instances with the available classes. Mostly Optimized recommendations are WAF-PERF-010 L4.',
  remediation: {
    change: 'resize',
    text: 'Modify the DB instance to the top recommended class after checking its performance risk; under-provisioned instances first.',
    docs: [
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-rds-recommendations.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.DBInstance.Modifying.html',
    ],
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const co = snapshot.computeOptimizer;
    if (!co) return missingSlice(snapshot, 'computeoptimizer', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    if (isEnrolled(co)) {
      for (const r of co.recommendations) {
        if (r.kind !== 'rds' || r.resourceArn.includes(':cluster:')) continue;
        results.push(
          isRdsStorageRecommendation(r)
            ? {
                resourceType: RESOURCE_TYPE,
                resourceId: r.resourceId,
                resourceArn: r.resourceArn,
                resourceName: r.resourceId,
                status: 'pass',
                message: `${r.resourceId}: Compute Optimizer rates the DB instance class optimized (only its storage has a finding).`,
                evidence: recommendationEvidence({ ...r, finding: 'optimized (instance class)' }),
              }
            : recommendationResult(r, RESOURCE_TYPE),
        );
      }
    }
    return results;
  },
});
