import { describe, expect, it } from 'vitest';
import { iamActionFor, iamPolicyDocument, isReadOnlyAction } from '#lib/collect/iam.js';
import { requiredIamActions } from '#lib/collect/registry.js';

describe('iamActionFor', () => {
  it('maps SDK client and command names to IAM actions', () => {
    expect(iamActionFor('EC2Client', 'DescribeInstancesCommand')).toBe('ec2:DescribeInstances');
    expect(iamActionFor('CloudWatchClient', 'GetMetricDataCommand')).toBe('cloudwatch:GetMetricData');
    expect(iamActionFor('AutoScalingClient', 'DescribePoliciesCommand')).toBe('autoscaling:DescribePolicies');
    expect(iamActionFor('ApplicationAutoScalingClient', 'DescribeScalableTargetsCommand')).toBe(
      'application-autoscaling:DescribeScalableTargets',
    );
    expect(iamActionFor('ComputeOptimizerClient', 'GetEC2InstanceRecommendationsCommand')).toBe(
      'compute-optimizer:GetEC2InstanceRecommendations',
    );
    expect(iamActionFor('ApplicationSignalsClient', 'ListServiceLevelObjectivesCommand')).toBe(
      'application-signals:ListServiceLevelObjectives',
    );
    expect(iamActionFor('DevOpsGuruClient', 'GetResourceCollectionCommand')).toBe(
      'devops-guru:GetResourceCollection',
    );
    expect(iamActionFor('STSClient', 'GetCallerIdentityCommand')).toBe('sts:GetCallerIdentity');
  });

  it('drops the API-version suffix of older CloudFront operation names', () => {
    expect(iamActionFor('CloudFrontClient', 'ListDistributions2020_05_31Command')).toBe(
      'cloudfront:ListDistributions',
    );
    expect(iamActionFor('CloudFrontClient', 'ListDistributionsCommand')).toBe('cloudfront:ListDistributions');
  });
});

describe('iamPolicyDocument', () => {
  it('holds exactly the required actions, read-only, one statement per service prefix', () => {
    const doc = iamPolicyDocument();
    const actions = doc.Statement.flatMap((s) => s.Action).sort();
    expect(actions).toEqual(requiredIamActions());
    const prefixes = doc.Statement.map((s) => s.Action[0]?.split(':')[0]);
    expect(new Set(prefixes).size).toBe(doc.Statement.length);
    for (const s of doc.Statement) {
      expect(s.Effect).toBe('Allow');
      expect(s.Resource).toBe('*');
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
      for (const a of s.Action) {
        expect(isReadOnlyAction(a)).toBe(true);
        expect(a.split(':')[0]).toBe(s.Action[0]?.split(':')[0]);
      }
    }
  });

  it('limits the policy to the requested services plus the base actions', () => {
    const doc = iamPolicyDocument(['ebs']);
    expect(doc.Statement.flatMap((s) => s.Action).sort()).toEqual([
      'cloudwatch:GetMetricData',
      // Cost Optimization Hub's savings, when config savings.costOptimizationHub is on.
      'cost-optimization-hub:ListEnrollmentStatuses',
      'cost-optimization-hub:ListRecommendations',
      'ec2:DescribeRegions',
      'ec2:DescribeVolumes',
      // The AWS Price List, for the savings of failing findings (lib/collect/pricing.ts).
      'pricing:GetProducts',
      'sts:GetCallerIdentity',
    ]);
  });

  it('recognizes mutating actions as not read-only', () => {
    expect(isReadOnlyAction('ec2:DescribeInstances')).toBe(true);
    expect(isReadOnlyAction('ec2:TerminateInstances')).toBe(false);
    expect(isReadOnlyAction('ec2:ModifyVolume')).toBe(false);
    expect(isReadOnlyAction('cloudwatch:GetMetricStatistics')).toBe(true);
  });
});
