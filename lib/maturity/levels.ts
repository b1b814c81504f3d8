/** The model's levels and the recommended entry path, verbatim (maturity-model.md). */
import type { ControlId, Level } from '#lib/model/index.js';

export interface LevelDef {
  level: Level;
  label: string;
  summary: string;
}

export interface EntryStep {
  weeks: string;
  action: string;
  control: ControlId;
}

export const LEVELS: readonly LevelDef[] = [
  {
    level: 1,
    label: 'Reactive / Undocumented',
    summary: 'no baselines, no SLOs, static capacity, no slow-query logs, no load tests',
  },
  {
    level: 2,
    label: 'Documented & Defined',
    summary:
      'basic metrics, informal targets, some auto-scaling, slow-query logging, manual load tests, some caching',
  },
  {
    level: 3,
    label: 'Enforced & Monitored',
    summary:
      'formal SLOs instrumented, validated auto-scaling, load tests as CI gate, measured cache hit rates, Performance Insights, debt register',
  },
  {
    level: 4,
    label: 'Measured & Automated',
    summary:
      'error budgets, automatic regression detection, optimal storage types everywhere, VPC endpoints + CDN everywhere, serverless profiling',
  },
  {
    level: 5,
    label: 'Optimized & Predictive',
    summary:
      'predictive capacity, fully autonomous scaling, continuous debt paydown, SLOs in ADRs, ML anomaly detection',
  },
];

export const ENTRY_PATH: readonly EntryStep[] = [
  {
    weeks: '1-2',
    action: 'SLO workshop: define P95/P99 targets for all production services; review monitoring stack',
    control: 'WAF-PERF-050',
  },
  {
    weeks: '3-4',
    action: 'Slow query analysis: enable Performance Insights, optimize top-20 queries',
    control: 'WAF-PERF-040',
  },
  {
    weeks: '5-6',
    action: 'Auto-scaling for the three most important stateless services',
    control: 'WAF-PERF-020',
  },
  { weeks: '7-8', action: 'First load test in staging; define acceptance criteria', control: 'WAF-PERF-060' },
  { weeks: '9-10', action: 'Start gp2-to-gp3 migration for all EBS volumes', control: 'WAF-PERF-090' },
  {
    weeks: '11-12',
    action: 'Create the performance debt register: capture known problems, prioritize',
    control: 'WAF-PERF-100',
  },
];

export const ENTRY_PATH_NOTE =
  'Start with measuring (WAF-PERF-050) and database optimization (WAF-PERF-040): these two typically have the highest impact per unit of investment.';
