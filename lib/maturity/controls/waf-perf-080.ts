import { attested, criterion, needs } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-080 Serverless & Managed: Lambda functions invoked in the window. */
export const WAF_PERF_080: ControlDef = {
  id: 'WAF-PERF-080',
  name: 'Serverless & Managed',
  levels: {
    1: 'default config; not optimized',
    2: 'memory adjusted without measurement',
    3: 'profiling performed; optimized',
    4: 'provisioned concurrency where needed',
    5: 'cost per invocation optimized',
  },
  subject: { measure: 'subject.functions', none: 'no Lambda functions' },
  criteria: [
    criterion('WAF-PERF-080', 2, 'most invoked functions not at the 128 MB default', {
      observe: [needs('lambda.memoryAdjusted', 'most')],
      hint: 'set each function memory size deliberately (not the 128 MB default)',
    }),
    criterion(
      'WAF-PERF-080',
      3,
      'most invoked functions rated Optimized by Compute Optimizer (no recommendation = not measured)',
      {
        observe: [needs('lambda.optimized', 'most')],
        items: ['L4-8'],
        hint: 'profile memory (Compute Optimizer, Lambda Power Tuning) and apply the recommendations',
      },
    ),
    // Which functions need it (synchronous entry-point functions with cold starts) is not observable without
    // per-function calls (event source mappings, Init Duration in logs): attested.
    attested('WAF-PERF-080', 4, 'provisioned concurrency on every function that needs it (attested)'),
    attested('WAF-PERF-080', 5, 'cost per invocation optimized (attested)'),
  ],
};
