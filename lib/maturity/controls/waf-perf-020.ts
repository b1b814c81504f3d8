import { attested, criterion, needs } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-020 Auto-Scaling: Auto Scaling groups with capacity and scalable targets. */
export const WAF_PERF_020: ControlDef = {
  id: 'WAF-PERF-020',
  name: 'Auto-Scaling',
  levels: {
    1: 'static capacity',
    2: 'ASG configured, not validated',
    3: 'validated by load test',
    4: 'predictive scaling configured',
    5: 'autonomous capacity management',
  },
  subject: {
    measure: 'subject.compute',
    none: 'no compute (no running instance, Auto Scaling group or scalable target)',
  },
  criteria: [
    criterion('WAF-PERF-020', 2, 'at least one Auto Scaling group or scalable target scales (seed wording)', {
      observe: [needs('scaling.scales', 'one')],
      items: ['L2-3'],
      hint: 'add a target tracking scaling policy to an Auto Scaling group or scalable target',
    }),
    criterion(
      'WAF-PERF-020',
      3,
      'every group and scalable target scales (min < max and a policy, or a documented external-scaler tag), and load-test validation is attested',
      {
        observe: [needs('scaling.scales', 'all')],
        attest: 'auto-scaling validated by a load test under realistic load',
        items: ['L3-5'],
        hint: 'make every group scale, then attest WAF-PERF-020:L3 (or L3-5)',
      },
    ),
    criterion('WAF-PERF-020', 4, 'predictive scaling on most cyclic groups (load = the group total CPU)', {
      observe: [needs('asg.cyclicPredictive', 'most')],
      hint: 'configure predictive scaling (ForecastAndScale) on groups with a daily or weekly load cycle',
    }),
    attested('WAF-PERF-020', 5, 'autonomous capacity management (attested)'),
  ],
  capAtTwo: [
    {
      measure: 'ec2.inGroup',
      share: 'most',
      why: 'most running instances are static capacity (in no Auto Scaling group)',
    },
  ],
};
