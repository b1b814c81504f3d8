/**
 * Shared evaluation of Compute Optimizer recommendations for the computeoptimizer-* checks: one result per
 * recommendation, with Compute Optimizer's own evidence (finding, reasons, current vs top option, performance risk,
 * estimated monthly savings). Pure; imports only the model and the check types.
 */
import type {
  ChangeKind,
  ComputeOptimizerRecommendation,
  ComputeOptimizerSlice,
  EvidenceItem,
  Snapshot,
} from '#lib/model/index.js';
import type { CheckResult } from './types.js';
import { fmt, missingSlice } from './support.js';

/** Compute Optimizer's 0-4 performance risk scale (Compute Optimizer docs, "Performance risk"). */
const RISK = ['very low', 'low', 'medium', 'high', 'very high'];

const SOURCE: Record<ComputeOptimizerRecommendation['kind'], string> = {
  ec2: 'compute-optimizer:GetEC2InstanceRecommendations',
  asg: 'compute-optimizer:GetAutoScalingGroupRecommendations',
  ebs: 'compute-optimizer:GetEBSVolumeRecommendations',
  lambda: 'compute-optimizer:GetLambdaFunctionRecommendations',
  rds: 'compute-optimizer:GetRDSDatabaseRecommendations',
};

export function recommendationEvidence(r: ComputeOptimizerRecommendation): EvidenceItem[] {
  const ev: EvidenceItem[] = [
    { label: 'Compute Optimizer finding', value: r.finding, threshold: 'optimized', source: SOURCE[r.kind] },
    { label: 'Finding reasons', value: r.reasons.join(', ') || 'none given' },
    { label: 'Current configuration', value: r.current ?? null },
    { label: 'Top recommended option', value: r.topOption ?? null },
  ];
  if (r.performanceRisk !== undefined) {
    ev.push({
      label: 'Performance risk of the top option (0-4)',
      value: r.performanceRisk,
      threshold: RISK[Math.round(r.performanceRisk)],
    });
  }
  if (r.estimatedMonthlySavingsUsd !== undefined) {
    ev.push({
      label: 'Estimated monthly savings of the top option',
      value: r.estimatedMonthlySavingsUsd,
      unit: 'USD',
    });
  }
  if (r.lookbackDays !== undefined)
    ev.push({ label: 'Lookback period', value: r.lookbackDays, unit: 'days' });
  return ev;
}

const UNDER = /underprovisioned/i;

/**
 * `m6g.large` / `db.r6gd.xlarge` / `m7i.metal-24xl` -> its generation digit(s), Graviton or not, size (`large`,
 * `xlarge`, `metal-24xl`). `t` is trimmed by the caller.
 */
function parseType(t: string): { generation: number; graviton: boolean; size: string } | undefined {
  const m = /^(?:db\.)?[a-z]+(\d+)([a-z-]*)\.([a-z0-9-]+)$/i.exec(t);
  if (!m) return undefined;
  const [, gen = '', attrs = '', size = ''] = m;
  // Graviton families carry `g` right after the generation: m6g, c7gn, r6gd, t4g (EC2 instance type naming).
  return {
    generation: Number(gen),
    graviton: attrs.startsWith('g'),
    size,
  };
}

/**
 * The kinds of change a recommendation asks for, from its data: a storage type that differs is
 * `storage-type`; an instance type or class whose processor differs is `architecture`, whose generation
 * differs `generation`, and a right-sizing (over/under-provisioned, or another size) `resize`; a function's
 * memory is `resize`. Several kinds when the top option changes several things (m4.xlarge -> m6g.large).
 */
export function recommendationChange(r: ComputeOptimizerRecommendation): ChangeKind[] {
  const current = r.current?.trim();
  const top = r.topOption?.trim();
  const rightsizing = r.finding === 'overprovisioned' || r.finding === 'underprovisioned';
  if (r.kind === 'lambda') return ['resize'];
  if (r.kind === 'ebs' || isRdsStorageRecommendation(r)) {
    return current && top && current.toLowerCase() !== top.toLowerCase() ? ['storage-type'] : ['resize'];
  }
  const a = current ? parseType(current) : undefined;
  const b = top ? parseType(top) : undefined;
  if (!a || !b) return ['resize'];
  const out: ChangeKind[] = [];
  if (a.graviton !== b.graviton) out.push('architecture');
  if (a.generation !== b.generation) out.push('generation');
  if (rightsizing || a.size !== b.size || out.length === 0) out.push('resize');
  return out;
}

/** An RDS recommendation about storage: the collector keeps the storage finding (current = a storage type) only when the instance class is optimized. */
export const isRdsStorageRecommendation = (r: ComputeOptimizerRecommendation) =>
  r.kind === 'rds' && r.current !== undefined && !r.current.startsWith('db.');

/** Maps one recommendation to a result: optimized -> pass, over/under/not optimized -> fail, anything else -> unknown. */
export function recommendationResult(
  r: ComputeOptimizerRecommendation,
  resourceType: string,
  name?: string,
): CheckResult {
  const base = {
    change: recommendationChange(r),
    resourceType,
    resourceId: r.resourceId,
    resourceArn: r.resourceArn || undefined,
    resourceName: name ?? r.resourceId,
  };
  const evidence = recommendationEvidence(r);
  const change =
    r.current && r.topOption && r.current !== r.topOption ? `: ${r.current} -> ${r.topOption}` : '';
  const risk =
    r.performanceRisk !== undefined
      ? `, performance risk ${RISK[Math.round(r.performanceRisk)] ?? r.performanceRisk}`
      : '';
  const savings =
    r.estimatedMonthlySavingsUsd !== undefined && r.estimatedMonthlySavingsUsd > 0
      ? `, saves about USD ${fmt(r.estimatedMonthlySavingsUsd, 2)} per month`
      : '';
  const reasons = r.reasons.length > 0 ? ` (${r.reasons.join(', ')})` : '';
  const under = r.finding === 'underprovisioned' || r.reasons.some((x) => UNDER.test(x));
  switch (r.finding) {
    case 'optimized':
      return {
        ...base,
        status: 'pass',
        message: `${r.resourceId} is rated optimized by Compute Optimizer${r.current ? ` (${r.current})` : ''}.`,
        evidence,
      };
    case 'overprovisioned':
    case 'underprovisioned':
    case 'notoptimized': {
      const what =
        r.finding === 'notoptimized' ? 'not optimized' : r.finding.replace('provisioned', '-provisioned');
      return {
        ...base,
        status: 'fail',
        ...(under ? { severity: 'high' as const } : {}),
        message: `${r.resourceId} is ${what} per Compute Optimizer${reasons}${change}${risk}${savings}.`,
        evidence,
        ...(r.estimatedMonthlySavingsUsd !== undefined && r.estimatedMonthlySavingsUsd > 0
          ? { estimatedMonthlySavingsUsd: r.estimatedMonthlySavingsUsd }
          : {}),
        ...(under
          ? {
              impact: 'More headroom for the resource: lower latency and fewer throttled or queued requests.',
            }
          : {}),
      };
    }
    default:
      return {
        ...base,
        status: 'unknown',
        message: `${r.resourceId}: Compute Optimizer has no recommendation yet (finding ${r.finding}).`,
        evidence,
      };
  }
}

/** Whether the account is enrolled (recommendations exist only then; computeoptimizer-account-enrolled says why not). */
export function isEnrolled(co: Pick<ComputeOptimizerSlice, 'enrollmentStatus'>): boolean {
  return co.enrollmentStatus.toLowerCase() === 'active';
}

/** Results for the recommendations selected by `pick`; none when the account is not enrolled (a separate check says so). */
export function recommendationResults(
  snapshot: Snapshot,
  pick: (r: ComputeOptimizerRecommendation) => boolean,
  resourceType: string,
): CheckResult[] {
  const co = snapshot.computeOptimizer;
  if (!co || !isEnrolled(co)) return [];
  return co.recommendations.filter(pick).map((r) => recommendationResult(r, resourceType));
}

/** The whole `evaluate` of a check that reports every recommendation of one kind (ec2, asg, ebs, lambda). */
export function evaluateRecommendations(
  kind: ComputeOptimizerRecommendation['kind'],
  resourceType: string,
): (snapshot: Snapshot) => CheckResult[] {
  return (snapshot) => {
    if (!snapshot.computeOptimizer) return missingSlice(snapshot, 'computeoptimizer', resourceType);
    return recommendationResults(snapshot, (r) => r.kind === kind, resourceType);
  };
}
