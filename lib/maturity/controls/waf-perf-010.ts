import { criterion, needs } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-010 Compute Sizing: running EC2 instances. */
export const WAF_PERF_010: ControlDef = {
  id: 'WAF-PERF-010',
  name: 'Compute Sizing',
  levels: {
    1: 'no standard; over-provisioned',
    2: 'experience-based; documented',
    3: 'measured baseline; CI validation',
    4: 'Compute Optimizer integrated',
    5: 'ML-based predictive sizing',
  },
  subject: {
    measure: 'subject.compute',
    none: 'no compute (no running instance, Auto Scaling group or scalable target)',
  },
  criteria: [
    criterion(
      'WAF-PERF-010',
      2,
      'most running instances on current-generation types (live CurrentGeneration)',
      {
        observe: [needs('ec2.currentGeneration', 'most')],
        hint: 'move previous-generation instances to current-generation types',
      },
    ),
    criterion(
      'WAF-PERF-010',
      3,
      'most running instances have memory metrics (CloudWatch agent) and at most 10% are over- or under-provisioned',
      {
        observe: [needs('ec2.memoryMetric', 'most'), needs('ec2.rightSized', 'rightSized')],
        hint: 'install the CloudWatch agent and right-size over/under-provisioned instances',
      },
    ),
    criterion(
      'WAF-PERF-010',
      4,
      'Compute Optimizer enrolled; most running instances rated Optimized (no recommendation = not optimized)',
      {
        observe: [needs('ec2.computeOptimizerOptimized', 'most')],
        hint: 'enroll in Compute Optimizer and apply its EC2 recommendations',
      },
    ),
    criterion('WAF-PERF-010', 5, 'predictive scaling on most groups that carry the load, or attested', {
      observe: [needs('asg.predictive', 'most')],
      orAttested: true,
      attest: 'ML-based predictive sizing',
      hint: 'configure predictive scaling on the groups that carry the load, or attest WAF-PERF-010:L5',
    }),
  ],
};
