import { attested } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-060 Load Tests: nothing in the account shows load testing reliably; every level is attested. */
export const WAF_PERF_060: ControlDef = {
  id: 'WAF-PERF-060',
  name: 'Load Tests',
  levels: {
    1: 'no load tests',
    2: 'manual tests before releases',
    3: 'automatic in CI/CD gate',
    4: 'regression detection automatic',
    5: 'continuous + chaos engineering',
  },
  criteria: [
    attested('WAF-PERF-060', 2, 'manual load tests before releases (attested)', ['L2-5']),
    attested('WAF-PERF-060', 3, 'load tests run automatically as a CI/CD gate (attested)', ['L3-6']),
    attested('WAF-PERF-060', 4, 'performance regressions detected automatically (attested)', ['L4-2']),
    attested('WAF-PERF-060', 5, 'continuous load tests and chaos engineering (attested)'),
  ],
};
