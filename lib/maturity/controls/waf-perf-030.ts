import { attested, criterion, needs } from '../define.js';
import type { ControlDef } from '../types.js';

/** WAF-PERF-030 Caching: CloudFront distributions with traffic (CachingDisabled behaviors are not a cache), ElastiCache. */
export const WAF_PERF_030: ControlDef = {
  id: 'WAF-PERF-030',
  name: 'Caching',
  levels: {
    1: 'no cache',
    2: 'ad-hoc cache without strategy',
    3: 'strategy documented; hit rate measured',
    4: 'cache hit >= 80% enforced',
    5: 'adaptive TTLs, intelligent warming',
  },
  subject: { measure: 'subject.workloads', none: 'no workloads' },
  criteria: [
    criterion('WAF-PERF-030', 2, 'a cache in use', {
      observe: [needs('caches.inUse', 'one')],
      hint: 'put a cache (CloudFront, ElastiCache) in front of hot reads',
    }),
    criterion('WAF-PERF-030', 3, 'hit rate measured on every cache, and the caching strategy attested', {
      observe: [needs('caches.hitRateMeasured', 'all')],
      attest: 'the caching strategy is documented (layer, TTL, invalidation)',
      items: ['L3-8'],
      hint: 'enable CloudFront additional metrics, then attest WAF-PERF-030:L3 (or L3-8)',
    }),
    criterion('WAF-PERF-030', 4, 'every cache at >= 80% hit rate (CDN static content >= 95%)', {
      observe: [needs('caches.hitRateHigh', 'all')],
      hint: 'raise hit rates: cache keys, TTLs, Origin Shield, cache sizing',
    }),
    attested('WAF-PERF-030', 5, 'adaptive TTLs, intelligent warming (attested)'),
  ],
};
