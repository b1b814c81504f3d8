/**
 * Kills mutants of the computeoptimizer-* checks (npm run mutation; docs/testing.md, 2026-12-06): enrollment
 * states, one result per recommendation of the check's kind only, nothing when not enrolled, and the RDS split
 * between the instance class (clusters left out, a storage-only finding passes the class) and the storage.
 */
import { describe, expect, it } from 'vitest';
import { computeoptimizerAccountEnrolled as enrolled } from '#lib/checks/computeoptimizer/computeoptimizer-account-enrolled.js';
import { computeoptimizerAutoscalingGroupOptimized as asg } from '#lib/checks/computeoptimizer/computeoptimizer-autoscaling-group-optimized.js';
import { computeoptimizerEbsVolumeOptimized as ebs } from '#lib/checks/computeoptimizer/computeoptimizer-ebs-volume-optimized.js';
import { computeoptimizerEc2InstanceOptimized as ec2 } from '#lib/checks/computeoptimizer/computeoptimizer-ec2-instance-optimized.js';
import { computeoptimizerLambdaFunctionOptimized as lambda } from '#lib/checks/computeoptimizer/computeoptimizer-lambda-function-optimized.js';
import { computeoptimizerRdsInstanceOptimized as rdsInstance } from '#lib/checks/computeoptimizer/computeoptimizer-rds-instance-optimized.js';
import { computeoptimizerRdsStorageOptimized as rdsStorage } from '#lib/checks/computeoptimizer/computeoptimizer-rds-storage-optimized.js';
import type { ComputeOptimizerRecommendation, ComputeOptimizerSlice } from '#lib/model/index.js';
import { aRecommendation, aSnapshot, runCheck } from '#test/builders/index.js';

const snap = (co: Partial<ComputeOptimizerSlice> | undefined) => {
  const s = aSnapshot({ computeOptimizer: co ?? {} });
  if (!co) delete s.computeOptimizer;
  return s;
};
const rec = aRecommendation;
const RDS = 'arn:aws:rds:eu-west-1:123456789012';

describe('computeoptimizer-account-enrolled (mutation kills)', () => {
  it('active passes, pending is unknown, anything else fails with the opt-in link; whole results', () => {
    expect(runCheck(enrolled, snap({ enrollmentStatus: 'ACTIVE', memberAccountsEnrolled: true })))
      .toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Enrollment status",
              "source": "compute-optimizer:GetEnrollmentStatus",
              "threshold": "Active",
              "value": "ACTIVE",
            },
            {
              "label": "Member accounts enrolled",
              "value": true,
            },
          ],
          "message": "Account 123456789012 is enrolled in Compute Optimizer.",
          "resourceId": "*",
          "resourceName": "123456789012",
          "resourceType": "AWS::::Account",
          "status": "pass",
        },
      ]
    `);
    expect(runCheck(enrolled, snap({ enrollmentStatus: 'Pending' }))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Enrollment status",
              "source": "compute-optimizer:GetEnrollmentStatus",
              "threshold": "Active",
              "value": "Pending",
            },
            {
              "label": "Member accounts enrolled",
              "value": null,
            },
          ],
          "message": "Compute Optimizer enrollment of account 123456789012 is pending.",
          "resourceId": "*",
          "resourceName": "123456789012",
          "resourceType": "AWS::::Account",
          "status": "unknown",
        },
      ]
    `);
    expect(runCheck(enrolled, snap({ enrollmentStatus: 'Inactive' }))).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "label": "Enrollment status",
              "source": "compute-optimizer:GetEnrollmentStatus",
              "threshold": "Active",
              "value": "Inactive",
            },
            {
              "label": "Member accounts enrolled",
              "value": null,
            },
          ],
          "message": "Account 123456789012 is not enrolled in Compute Optimizer (status Inactive); opt in at https://docs.aws.amazon.com/compute-optimizer/latest/ug/getting-started.html.",
          "resourceId": "*",
          "resourceName": "123456789012",
          "resourceType": "AWS::::Account",
          "status": "fail",
        },
      ]
    `);
    expect(runCheck(enrolled, snap(undefined))[0]?.status).toBe('unknown');
  });
});

describe('computeoptimizer recommendation checks (mutation kills)', () => {
  const all: ComputeOptimizerRecommendation[] = [
    rec({ kind: 'ec2', resourceId: 'i-1', finding: 'optimized', reasons: [] }),
    rec({ kind: 'asg', resourceId: 'web-asg', finding: 'notoptimized' }),
    rec({ kind: 'ebs', resourceId: 'vol-1', finding: 'notoptimized', current: 'gp2', topOption: 'gp3' }),
    rec({
      kind: 'lambda',
      resourceId: 'fn',
      finding: 'underprovisioned',
      current: '128 MB',
      topOption: '256 MB',
    }),
    rec({
      kind: 'rds',
      resourceId: 'db1',
      resourceArn: `${RDS}:db:db1`,
      finding: 'overprovisioned',
      current: 'db.r6g.2xlarge',
      topOption: 'db.r6g.xlarge',
    }),
    rec({
      kind: 'rds',
      resourceId: 'db2',
      resourceArn: `${RDS}:db:db2`,
      finding: 'notoptimized',
      current: 'gp2',
      topOption: 'gp3',
    }),
    rec({
      kind: 'rds',
      resourceId: 'cl',
      resourceArn: `${RDS}:cluster:cl`,
      finding: 'optimized',
      current: 'aurora',
      topOption: 'aurora',
    }),
  ];
  const ids = (r: { resourceId: string; status: string; resourceType: string }[]) =>
    r.map((x) => `${x.resourceType} ${x.resourceId} ${x.status}`);

  it('each check reports its own kind only', () => {
    const s = snap({ enrollmentStatus: 'Active', recommendations: all });
    expect(ids(runCheck(ec2, s))).toEqual(['AWS::EC2::Instance i-1 pass']);
    expect(ids(runCheck(asg, s))).toEqual(['AWS::AutoScaling::AutoScalingGroup web-asg fail']);
    expect(ids(runCheck(ebs, s))).toEqual(['AWS::EC2::Volume vol-1 fail']);
    expect(ids(runCheck(lambda, s))).toEqual(['AWS::Lambda::Function fn fail']);
    expect(ids(runCheck(rdsInstance, s))).toEqual([
      'AWS::RDS::DBInstance db1 fail',
      'AWS::RDS::DBInstance db2 pass',
    ]);
    expect(ids(runCheck(rdsStorage, s))).toEqual([
      'AWS::RDS::DBInstance db2 fail',
      'AWS::RDS::DBCluster cl pass',
    ]);
  });

  it('the class check passes an instance whose only finding is its storage: whole result', () => {
    const s = snap({ enrollmentStatus: 'Active', recommendations: all });
    expect(runCheck(rdsInstance, s)[1]).toMatchInlineSnapshot(`
      {
        "evidence": [
          {
            "label": "Compute Optimizer finding",
            "source": "compute-optimizer:GetRDSDatabaseRecommendations",
            "threshold": "optimized",
            "value": "optimized (instance class)",
          },
          {
            "label": "Finding reasons",
            "value": "CPUOverprovisioned, MemoryOverprovisioned",
          },
          {
            "label": "Current configuration",
            "value": "gp2",
          },
          {
            "label": "Top recommended option",
            "value": "gp3",
          },
          {
            "label": "Performance risk of the top option (0-4)",
            "threshold": "low",
            "value": 1,
          },
          {
            "label": "Estimated monthly savings of the top option",
            "unit": "USD",
            "value": 120.5,
          },
          {
            "label": "Lookback period",
            "unit": "days",
            "value": 14,
          },
        ],
        "message": "db2: Compute Optimizer rates the DB instance class optimized (only its storage has a finding).",
        "resourceArn": "arn:aws:rds:eu-west-1:123456789012:db:db2",
        "resourceId": "db2",
        "resourceName": "db2",
        "resourceType": "AWS::RDS::DBInstance",
        "status": "pass",
      }
    `);
  });

  it('reports nothing when not enrolled, and unknown when the slice is missing', () => {
    const s = snap({ enrollmentStatus: 'Inactive', recommendations: all });
    for (const c of [ec2, asg, ebs, lambda, rdsInstance, rdsStorage])
      expect(runCheck(c, s), c.id).toEqual([]);
    for (const c of [ec2, asg, ebs, lambda, rdsInstance, rdsStorage])
      expect(
        runCheck(c, snap(undefined)).map((r) => r.status),
        c.id,
      ).toEqual(['unknown']);
  });
});
