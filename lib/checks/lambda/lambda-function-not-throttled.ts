import { defineCheck, type CheckResult } from '../types.js';
import {
  findMetric,
  fmt,
  fmtBeside,
  isNum,
  lambdaFunctionMetric,
  missingSlice,
  roundBeside,
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
 *
 * Severity scales with how much and how often: the throttled share of requests (Throttles / (Invocations +
 * Throttles)) and the days with a throttle. One throttle in 14 days is a low-severity finding, not a high one.
 * Throttles at a function's reserved concurrency are a deliberate rate limit (AWS documents reserved concurrency
 * as a way to cap a function, e.g. to protect a downstream database): reported as a pass that names the limit.
 */
type T = 'maxThrottles' | 'highSharePercent' | 'mediumSharePercent' | 'highDays' | 'mediumDays';

const SOURCE_CONCURRENCY = 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html';
const SOURCE_METRICS = 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html';

export const lambdaFunctionNotThrottled = defineCheck<T>({
  id: 'lambda-function-not-throttled',
  title: 'Lambda functions are not throttled',
  service: 'lambda',
  control: 'WAF-PERF-080',
  severity: 'high',
  rationale:
    'A throttled request is rejected (synchronous callers get HTTP 429) or delayed and retried (asynchronous ' +
    'events): users see errors or latency while the function itself looks healthy. Reserved concurrency set as a ' +
    'deliberate rate limit throttles by design and is not a failure.',
  remediation: {
    change: 'concurrency',
    text:
      "Raise or remove the function's reserved concurrency, request a higher account concurrency quota, add " +
      'provisioned concurrency for predictable peaks, or smooth bursts with a queue.',
    docs: [
      'https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html',
      SOURCE_CONCURRENCY,
      'https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html',
      SOURCE_METRICS,
    ],
    impact: 'Every throttled request served instead of rejected or retried.',
  },
  needs: NEEDS,
  thresholds: {
    maxThrottles: {
      default: 0,
      unit: 'count',
      description: 'Throttled invocations tolerated in the window.',
      source: `perfscan: any throttle is a rejected or delayed request (AWS Lambda concurrency docs, ${SOURCE_CONCURRENCY})`,
      min: 0,
    },
    highSharePercent: {
      default: 1,
      unit: 'Percent',
      description: 'Throttled share of requests at or above which a throttled function is high severity.',
      source: `perfscan heuristic: 1 request in 100 rejected is user-visible; Throttles and Invocations per ${SOURCE_METRICS}`,
      min: 0,
      max: 100,
    },
    mediumSharePercent: {
      default: 0.1,
      unit: 'Percent',
      description:
        'Throttled share of requests at or above which a throttled function is at least medium severity.',
      source: `perfscan heuristic: 1 request in 1,000 rejected; Throttles and Invocations per ${SOURCE_METRICS}`,
      min: 0,
      max: 100,
    },
    highDays: {
      default: 4,
      unit: 'days',
      description: 'Days with throttles at or above which a throttled function is high severity.',
      source:
        'Trusted Advisor convention "on 4 of the last 14 days" (Qch7DwouX1, ZRxQlPsb6c): a recurring problem',
      min: 1,
    },
    mediumDays: {
      default: 2,
      unit: 'days',
      description: 'Days with throttles at or above which a throttled function is at least medium severity.',
      source: 'perfscan heuristic: throttles on more than one day are not a one-off burst',
      min: 1,
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
      // Daily Sum periods: each daily value is that day's throttle count.
      const days = (throttles.dailyMeans ?? []).filter((v) => isNum(v) && v > 0).length;
      const peak = concurrency && isNum(concurrency.max) ? concurrency.max : undefined;
      const reserved = fn.reservedConcurrency;
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
        {
          label: 'Throttled share of requests',
          value: roundBeside(share, [t.highSharePercent, t.mediumSharePercent], 3),
          unit: 'Percent',
          threshold: `high >= ${t.highSharePercent}%, medium >= ${t.mediumSharePercent}%`,
        },
        {
          label: 'Days with throttles',
          value: days,
          unit: 'days',
          metric: `${NS}/Throttles`,
          statistic: 'daily Sum > 0',
          window,
          threshold: `high >= ${t.highDays}, medium >= ${t.mediumDays}`,
        },
        {
          label: 'Peak concurrent executions',
          value: peak ?? null,
          unit: 'count',
          metric: `${NS}/ConcurrentExecutions`,
          statistic: 'Maximum',
          window: windowLabel(concurrency?.windowDays ?? snapshot.window.days, HOUR),
        },
        {
          label: 'Reserved concurrency',
          value: reserved === undefined ? 'not read' : reserved === null ? 'none' : reserved,
          source: 'lambda:GetFunctionConcurrency',
        },
      ];
      if (count <= t.maxThrottles) {
        results.push({
          ...base,
          status: 'pass',
          message: `${fn.functionName} had ${fmt(count, 0)} throttles in ${fmt(invoked, 0)} invocations.`,
          evidence,
        });
        continue;
      }
      const what = `${fn.functionName} was throttled ${fmt(count, 0)} times (${fmtBeside(share, [t.highSharePercent, t.mediumSharePercent], 3)}% of ${fmt(count + invoked, 0)} requests, on ${days} of ${snapshot.window.days} days)`;
      // A deliberate rate limit: throttles where the function ran at its reserved concurrency (0 turns it off).
      if (typeof reserved === 'number' && (reserved === 0 || peak === undefined || peak >= reserved)) {
        results.push({
          ...base,
          status: 'pass',
          message:
            reserved === 0
              ? `${what}: its reserved concurrency is 0, so it is deliberately turned off.`
              : `${what} at its reserved concurrency of ${fmt(reserved, 0)}, a deliberate rate limit (peak ${peak === undefined ? 'not measured' : fmt(peak, 0)}); raise it if these throttles are not intended.`,
          evidence,
        });
        continue;
      }
      const severity =
        share >= t.highSharePercent || days >= t.highDays
          ? ('high' as const)
          : share >= t.mediumSharePercent || days >= t.mediumDays
            ? ('medium' as const)
            : ('low' as const);
      results.push({
        ...base,
        status: 'fail',
        severity,
        message: `${what}.`,
        evidence,
      });
    }
    return results;
  },
});
