import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['computeOptimizer'];
const RESOURCE_TYPE = 'AWS::::Account';
const OPT_IN_DOC = 'https://docs.aws.amazon.com/compute-optimizer/latest/ug/getting-started.html';

/**
 * Compute Optimizer enrollment is per account (a management account can enroll its members), so the check runs
 * once per account, in the unit that also collects global services.
 */
export const computeoptimizerAccountEnrolled = defineCheck({
  id: 'computeoptimizer-account-enrolled',
  title: 'The account is enrolled in AWS Compute Optimizer',
  service: 'computeoptimizer',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'Compute Optimizer analyzes 14 days of utilization and recommends right-sized EC2 instances, Auto Scaling groups, ' +
    'EBS volumes, Lambda memory and RDS classes at no charge. Compute Optimizer integrated into sizing is WAF-PERF-010 L4.',
  remediation: {
    change: 'enrollment',
    text:
      'Opt in to Compute Optimizer (console, or `aws compute-optimizer update-enrollment-status --status Active`); from ' +
      'the management account, opt in all member accounts of the organization.',
    docs: [
      OPT_IN_DOC,
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/what-is-compute-optimizer.html',
    ],
    impact:
      'Right-sizing recommendations with estimated savings and performance risk for every supported resource.',
  },
  needs: NEEDS,
  global: true,
  thresholds: {},
  evaluate(snapshot) {
    const co = snapshot.computeOptimizer;
    if (!co) return missingSlice(snapshot, 'computeoptimizer', RESOURCE_TYPE);
    const status = co.enrollmentStatus;
    const evidence = [
      {
        label: 'Enrollment status',
        value: status,
        threshold: 'Active',
        source: 'compute-optimizer:GetEnrollmentStatus',
      },
      { label: 'Member accounts enrolled', value: co.memberAccountsEnrolled ?? null },
    ];
    const base = { resourceType: RESOURCE_TYPE, resourceId: '*', resourceName: snapshot.accountId };
    let result: CheckResult;
    switch (status.toLowerCase()) {
      case 'active':
        result = {
          ...base,
          status: 'pass',
          message: `Account ${snapshot.accountId} is enrolled in Compute Optimizer.`,
          evidence,
        };
        break;
      case 'pending':
        result = {
          ...base,
          status: 'unknown',
          message: `Compute Optimizer enrollment of account ${snapshot.accountId} is pending.`,
          evidence,
        };
        break;
      default:
        result = {
          ...base,
          status: 'fail',
          message: `Account ${snapshot.accountId} is not enrolled in Compute Optimizer (status ${status}); opt in at ${OPT_IN_DOC}.`,
          evidence,
        };
    }
    return [result];
  },
});
