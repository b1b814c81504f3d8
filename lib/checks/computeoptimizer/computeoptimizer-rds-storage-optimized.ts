import { defineCheck, type CheckResult } from '../types.js';
import {
  isEnrolled,
  isRdsStorageRecommendation,
  recommendationResult,
} from '../compute-optimizer-results.js';
import { missingSlice } from '../support.js';

const NEEDS = ['computeOptimizer.rds'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/**
 * RDS instance storage and Aurora cluster storage findings (WAF-PERF-090). The collector carries the storage finding
 * when the instance class is optimized; a fully optimized recommendation passes; an instance finding hides the
 * storage finding, so those resources get no result here.
 */
export const computeoptimizerRdsStorageOptimized = defineCheck({
  id: 'computeoptimizer-rds-storage-optimized',
  title: 'RDS and Aurora storage is rated optimized by Compute Optimizer',
  service: 'computeoptimizer',
  control: 'WAF-PERF-090',
  severity: 'medium',
  rationale:
    'Compute Optimizer compares storage IOPS, throughput and size with the storage type (gp2/gp3/io1/io2 for RDS, ' +
    'Aurora Standard vs I/O-Optimized for clusters). A fully optimized disk type everywhere is WAF-PERF-090 L4.',
  remediation: {
    change: 'resize',
    text: 'Modify the storage type, IOPS or allocated storage as recommended (Aurora: switch the cluster storage configuration).',
    docs: [
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-rds-recommendations.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Overview.StorageReliability.html',
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
        if (r.kind !== 'rds' || !(isRdsStorageRecommendation(r) || r.finding === 'optimized')) continue;
        const type = r.resourceArn.includes(':cluster:') ? 'AWS::RDS::DBCluster' : RESOURCE_TYPE;
        results.push(recommendationResult(r, type));
      }
    }
    return results;
  },
});
