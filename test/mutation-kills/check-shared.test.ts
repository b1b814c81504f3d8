/**
 * The shared check files' mutants left alive by the 2026-12-05 run of `lib/checks/*.ts` (docs/testing.md):
 * Compute Optimizer's evidence, messages and change kinds (compute-optimizer-results.ts), the Graviton
 * attribute rule (instance-families.ts) and RDS class families (rds-instance-facts.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  recommendationChange,
  recommendationEvidence,
  recommendationResult,
} from '#lib/checks/compute-optimizer-results.js';
import { gravitonAttributesFor, parseInstanceType } from '#lib/checks/instance-families.js';
import { dbClassFamily } from '#lib/checks/rds-instance-facts.js';
import type { ComputeOptimizerRecommendation } from '#lib/model/index.js';

const rec = (over: Partial<ComputeOptimizerRecommendation> = {}): ComputeOptimizerRecommendation => ({
  kind: 'ec2',
  resourceArn: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1',
  resourceId: 'i-1',
  finding: 'overprovisioned',
  reasons: [],
  ...over,
});

describe('Compute Optimizer evidence', () => {
  it('every item, with the optional ones when present', () => {
    expect(
      recommendationEvidence(
        rec({
          reasons: ['CPUOverprovisioned', 'MemoryOverprovisioned'],
          current: 'm5.xlarge',
          topOption: 'm6g.large',
          performanceRisk: 2.4,
          estimatedMonthlySavingsUsd: 0,
          lookbackDays: 14,
        }),
      ),
    ).toEqual([
      {
        label: 'Compute Optimizer finding',
        value: 'overprovisioned',
        threshold: 'optimized',
        source: 'compute-optimizer:GetEC2InstanceRecommendations',
      },
      { label: 'Finding reasons', value: 'CPUOverprovisioned, MemoryOverprovisioned' },
      { label: 'Current configuration', value: 'm5.xlarge' },
      { label: 'Top recommended option', value: 'm6g.large' },
      { label: 'Performance risk of the top option (0-4)', value: 2.4, threshold: 'medium' },
      { label: 'Estimated monthly savings of the top option', value: 0, unit: 'USD' },
      { label: 'Lookback period', value: 14, unit: 'days' },
    ]);
  });

  it('without the optional fields: "none given", nulls, and no risk, savings or lookback items', () => {
    expect(recommendationEvidence(rec({ kind: 'lambda' }))).toEqual([
      {
        label: 'Compute Optimizer finding',
        value: 'overprovisioned',
        threshold: 'optimized',
        source: 'compute-optimizer:GetLambdaFunctionRecommendations',
      },
      { label: 'Finding reasons', value: 'none given' },
      { label: 'Current configuration', value: null },
      { label: 'Top recommended option', value: null },
    ]);
  });
});

describe('Compute Optimizer results', () => {
  it('optimized: a pass naming the current configuration when known', () => {
    expect(
      recommendationResult(rec({ finding: 'optimized', current: 'm6g.large' }), 'AWS::EC2::Instance'),
    ).toMatchObject({
      status: 'pass',
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-1',
      resourceArn: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1',
      resourceName: 'i-1',
      message: 'i-1 is rated optimized by Compute Optimizer (m6g.large).',
    });
    const bare = recommendationResult(
      rec({ finding: 'optimized', resourceArn: '' }),
      'AWS::EC2::Instance',
      'web',
    );
    expect(bare.message).toBe('i-1 is rated optimized by Compute Optimizer.');
    expect(bare.resourceArn).toBeUndefined();
    expect(bare.resourceName).toBe('web');
  });

  it('over-provisioned: reasons, the change, risk and savings in the message; savings on the result', () => {
    const r = recommendationResult(
      rec({
        reasons: ['CPUOverprovisioned'],
        current: 'm5.xlarge',
        topOption: 'm6g.large',
        performanceRisk: 1,
        estimatedMonthlySavingsUsd: 42.5,
      }),
      'AWS::EC2::Instance',
    );
    expect(r.status).toBe('fail');
    expect(r.message).toBe(
      'i-1 is over-provisioned per Compute Optimizer (CPUOverprovisioned): m5.xlarge -> m6g.large, performance risk low, saves about USD 42.5 per month.',
    );
    expect(r.estimatedMonthlySavingsUsd).toBe(42.5);
    expect(r.severity).toBeUndefined();
    expect(r.impact).toBeUndefined();
  });

  it('no saving (0 or absent) and the same option: nothing about either in the message or the result', () => {
    for (const estimatedMonthlySavingsUsd of [0, undefined]) {
      const r = recommendationResult(
        rec({
          finding: 'notoptimized',
          current: 'gp2',
          topOption: 'gp2',
          kind: 'ebs',
          ...(estimatedMonthlySavingsUsd === undefined ? {} : { estimatedMonthlySavingsUsd }),
        }),
        'AWS::EC2::Volume',
      );
      expect(r.message).toBe('i-1 is not optimized per Compute Optimizer.');
      expect('estimatedMonthlySavingsUsd' in r).toBe(false);
    }
    // Only one side known: no arrow.
    expect(recommendationResult(rec({ current: 'm5.large' }), 'T').message).toBe(
      'i-1 is over-provisioned per Compute Optimizer.',
    );
    expect(recommendationResult(rec({ topOption: 'm5.large' }), 'T').message).toBe(
      'i-1 is over-provisioned per Compute Optimizer.',
    );
  });

  it('under-provisioned (by finding or by a reason): high severity and the headroom impact', () => {
    const byFinding = recommendationResult(rec({ finding: 'underprovisioned' }), 'T');
    expect(byFinding).toMatchObject({
      status: 'fail',
      severity: 'high',
      impact: 'More headroom for the resource: lower latency and fewer throttled or queued requests.',
      message: 'i-1 is under-provisioned per Compute Optimizer.',
    });
    const byReason = recommendationResult(
      rec({ finding: 'notoptimized', reasons: ['MemoryOverprovisioned', 'CPUUnderprovisioned'] }),
      'T',
    );
    expect(byReason.severity).toBe('high');
    const notUnder = recommendationResult(
      rec({ finding: 'notoptimized', reasons: ['MemoryOverprovisioned', 'x'] }),
      'T',
    );
    expect(notUnder.severity).toBeUndefined();
    expect('impact' in notUnder).toBe(false);
  });

  it('any other finding is unknown, saying so', () => {
    expect(recommendationResult(rec({ finding: 'unavailable' }), 'T')).toMatchObject({
      status: 'unknown',
      message: 'i-1: Compute Optimizer has no recommendation yet (finding unavailable).',
    });
  });
});

describe('Compute Optimizer change kinds', () => {
  const change = (over: Partial<ComputeOptimizerRecommendation>) => recommendationChange(rec(over));
  it('instance types: architecture, generation and size, each from the data', () => {
    expect(change({ current: 'm5.xlarge', topOption: 'm6g.large' })).toEqual([
      'architecture',
      'generation',
      'resize',
    ]);
    expect(change({ finding: 'notoptimized', current: 'm5.large', topOption: 'm6i.large' })).toEqual([
      'generation',
    ]);
    expect(change({ finding: 'notoptimized', current: 'c5n.large', topOption: 'c6gn.large' })).toEqual([
      'architecture',
      'generation',
    ]);
    expect(change({ finding: 'notoptimized', current: 'm6i.large', topOption: 'm6i.xlarge' })).toEqual([
      'resize',
    ]);
    expect(change({ finding: 'notoptimized', current: 'm6i.large', topOption: 'm6i.large' })).toEqual([
      'resize',
    ]);
    expect(change({ finding: 'underprovisioned', current: ' m5.large ', topOption: 'm6i.large' })).toEqual([
      'generation',
      'resize',
    ]);
    expect(change({ finding: 'notoptimized', current: 'inf1.xlarge', topOption: 'inf2.xlarge' })).toEqual([
      'generation',
    ]);
    expect(
      change({ kind: 'rds', finding: 'notoptimized', current: 'db.r5.large', topOption: 'db.r6g.large' }),
    ).toEqual(['architecture', 'generation']);
    expect(change({ current: 'u-6tb1.metal', topOption: 'm6i.large' })).toEqual(['resize']);
    expect(change({ topOption: 'm6i.large' })).toEqual(['resize']);
  });

  it('storage: a different type is storage-type (case-insensitive), the same type resize; functions resize', () => {
    expect(change({ kind: 'ebs', current: 'gp2', topOption: 'gp3' })).toEqual(['storage-type']);
    expect(change({ kind: 'ebs', current: 'GP3', topOption: 'gp3' })).toEqual(['resize']);
    expect(change({ kind: 'ebs', current: 'gp2' })).toEqual(['resize']);
    expect(change({ kind: 'rds', current: 'gp2', topOption: 'gp3' })).toEqual(['storage-type']);
    expect(change({ kind: 'rds', topOption: 'gp3' })).toEqual(['resize']);
    expect(
      change({ kind: 'lambda', finding: 'notoptimized', current: 'm5.large', topOption: 'm6g.large' }),
    ).toEqual(['resize']);
  });
});

describe('instance families', () => {
  it('the Graviton attributes drop a leading processor letter (a, i) only', () => {
    const attrs = (t: string) => gravitonAttributesFor(parseInstanceType(t)!);
    expect(attrs('m5ad.large')).toBe('gd');
    expect(attrs('c6in.large')).toBe('gn');
    expect(attrs('m5.large')).toBe('g');
    expect(attrs('m7i-flex.large')).toBe('g');
    expect(attrs('m6gd.large')).toBeUndefined();
  });

  it('an RDS class family is its first two parts; a name without a dot is kept', () => {
    expect(dbClassFamily('db.m4.large')).toBe('db.m4');
    expect(dbClassFamily('db.m4')).toBe('db.m4');
    expect(dbClassFamily('custom')).toBe('custom');
  });
});
