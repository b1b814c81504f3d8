import { defineCheck, type CheckResult } from '../types.js';
import {
  findMetric,
  fmt,
  isNum,
  lambdaFunctionMetric,
  missingSlice,
  round,
  windowLabel,
} from '../support.js';

const NEEDS = ['lambda.functions', 'metrics'];
const RESOURCE_TYPE = 'AWS::Lambda::Function';
const NS = 'AWS/Lambda';
const HOUR = 3600;
const DAY = 86400;

/**
 * Throttled invocations: requests rejected because no concurrency was left (account, reserved or provisioned).
 * A series that was fetched but has no Throttles datapoints while the function was invoked means no throttle
 * happened (a throttle always publishes a datapoint); a series that was not fetched is unknown.
 */
export const lambdaFunctionNotThrottled = defineCheck<'maxThrottles'>({
  id: 'lambda-function-not-throttled',
  title: 'Lambda functions are not throttled',
  service: 'lambda',
  control: 'WAF-PERF-080',
  severity: 'high',
  rationale:
    'A throttled request is rejected (synchronous callers get HTTP 429) or delayed and retried (asynchronous ' +
    'events): users see errors or latency while the function itself looks healthy.',
  remediation: {
    change: 'concurrency',
    text:
      "Raise or remove the function's reserved concurrency, request a higher account concurrency quota, add " +
      'provisioned concurrency for predictable peaks, or smooth bursts with a queue.',
    docs: [
      'https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html',
    ],
    impact: 'Every throttled request served instead of rejected or retried.',
  },
  needs: NEEDS,
  thresholds: {
    maxThrottles: {
      default: 0,
      unit: 'count',
      description: 'Throttled invocations tolerated in the window.',
      source: 'perfscan: any throttle is a rejected or delayed request (AWS Lambda concurrency docs)',
      min: 0,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const lambda = snapshot.lambda;
    if (!lambda) return missingSlice(snapshot, 'lambda', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const fn of lambda.functions) {
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: fn.functionName,
        resourceArn: fn.arn,
        resourceName: fn.functionName,
      };
      const throttles = findMetric(snapshot, lambdaFunctionMetric(fn.functionName, 'Throttles', 'Sum', DAY));
      const invocations = findMetric(
        snapshot,
        lambdaFunctionMetric(fn.functionName, 'Invocations', 'Sum', DAY),
      );
      const concurrency = findMetric(
        snapshot,
        lambdaFunctionMetric(fn.functionName, 'ConcurrentExecutions', 'Maximum', HOUR),
      );
      const invoked = invocations && isNum(invocations.sum) ? invocations.sum : 0;
      const throttled =
        throttles && throttles.datapoints > 0 && isNum(throttles.sum) ? throttles.sum : undefined;
      const window = windowLabel(throttles?.windowDays ?? snapshot.window.days, DAY);
      if (!throttles || (throttled === undefined && invoked === 0)) {
        results.push({
          ...base,
          status: 'unknown',
          message: throttles
            ? `${fn.functionName} had no invocations and no throttles in the window.`
            : `${fn.functionName}: the Throttles series was not collected.`,
          evidence: [
            {
              label: 'Invocations',
              value: invoked,
              unit: 'count',
              metric: `${NS}/Invocations`,
              statistic: 'Sum',
              window,
            },
          ],
        });
        continue;
      }
      const count = throttled ?? 0;
      const share = count + invoked > 0 ? (count / (count + invoked)) * 100 : 0;
      const evidence = [
        {
          label: 'Throttles',
          value: count,
          unit: 'count',
          metric: `${NS}/Throttles`,
          statistic: 'Sum',
          window,
          threshold: `<= ${t.maxThrottles}`,
        },
        {
          label: 'Invocations',
          value: invoked,
          unit: 'count',
          metric: `${NS}/Invocations`,
          statistic: 'Sum',
          window,
        },
        { label: 'Throttled share of requests', value: round(share, 2), unit: 'Percent' },
        {
          label: 'Peak concurrent executions',
          value: concurrency?.max ?? null,
          unit: 'count',
          metric: `${NS}/ConcurrentExecutions`,
          statistic: 'Maximum',
          window: windowLabel(concurrency?.windowDays ?? snapshot.window.days, HOUR),
        },
      ];
      results.push(
        count > t.maxThrottles
          ? {
              ...base,
              status: 'fail',
              message: `${fn.functionName} was throttled ${fmt(count, 0)} times (${fmt(share, 2)}% of ${fmt(count + invoked, 0)} requests) in ${snapshot.window.days} days.`,
              evidence,
            }
          : {
              ...base,
              status: 'pass',
              message: `${fn.functionName} had ${fmt(count, 0)} throttles in ${fmt(invoked, 0)} invocations.`,
              evidence,
            },
      );
    }
    return results;
  },
});
