import { defineCheck, type CheckResult } from '../types.js';
import {
  findMetric,
  fmt,
  isNum,
  lambdaFunctionMetric,
  fmtBeside,
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
 * Duration close to the timeout: the p95 (p95 of the hourly p95 values, so one slow hour does not decide) or the
 * longest invocation at 80% or more of the configured timeout. A function that reaches its timeout is killed
 * mid-work; one that runs close to it will once load or a dependency slows down.
 */
export const lambdaFunctionDurationWithinTimeout = defineCheck<'p95PercentOfTimeout' | 'maxPercentOfTimeout'>(
  {
    id: 'lambda-function-duration-within-timeout',
    title: 'Lambda function duration stays well within the timeout',
    service: 'lambda',
    control: 'WAF-PERF-080',
    severity: 'medium',
    rationale:
      'Invocations that hit the timeout fail after being billed for the full duration, and are retried for async ' +
      'events. Duration near the timeout means a slower dependency or a cold start will turn into timeouts.',
    remediation: {
      change: 'timeout',
      text:
        'Profile the function (X-Ray, Lambda Insights, Power Tuning): more memory gives more CPU; set timeouts on ' +
        'downstream calls; then set the function timeout from the measured p99 with headroom.',
      docs: [
        'https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html',
        'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
        'https://docs.aws.amazon.com/lambda/latest/operatorguide/profile-functions.html',
      ],
    },
    needs: NEEDS,
    thresholds: {
      p95PercentOfTimeout: {
        default: 80,
        unit: 'Percent',
        description: 'Flag when the p95 of hourly p95 Duration reaches this share of the timeout.',
        source:
          'perfscan: keep 20% headroom below the timeout (AWS Lambda docs: set the timeout from load-tested duration)',
        min: 1,
        max: 100,
      },
      maxPercentOfTimeout: {
        default: 80,
        unit: 'Percent',
        description: 'Flag when the longest invocation reaches this share of the timeout.',
        source:
          'perfscan: keep 20% headroom below the timeout (AWS Lambda docs: set the timeout from load-tested duration)',
        min: 1,
        max: 100,
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
        const timeoutMs = fn.timeoutSeconds * 1000;
        const invocations = findMetric(
          snapshot,
          lambdaFunctionMetric(fn.functionName, 'Invocations', 'Sum', DAY),
        );
        const p95s = findMetric(snapshot, lambdaFunctionMetric(fn.functionName, 'Duration', 'p95', HOUR));
        const maxes = findMetric(
          snapshot,
          lambdaFunctionMetric(fn.functionName, 'Duration', 'Maximum', HOUR),
        );
        const p95 = p95s && isNum(p95s.p95) ? p95s.p95 : p95s?.max;
        const longest = maxes?.max;
        if (!isNum(invocations?.sum) || invocations.sum === 0 || !isNum(p95) || !isNum(longest)) {
          results.push({
            ...base,
            status: 'unknown',
            message: `${fn.functionName}: ${isNum(invocations?.sum) ? fmt(invocations.sum, 0) : 'no'} invocations and no Duration data in the window, so duration cannot be compared with the ${fn.timeoutSeconds} s timeout.`,
            evidence: [
              {
                label: 'Invocations',
                value: invocations?.sum ?? null,
                unit: 'count',
                metric: `${NS}/Invocations`,
                statistic: 'Sum',
              },
            ],
          });
          continue;
        }
        const p95Share = (p95 / timeoutMs) * 100;
        const maxShare = (longest / timeoutMs) * 100;
        // The limits in ms, for evidence and messages: figures are rounded so they never land on a limit they
        // are below (7,999.6 ms is "just under 8,000 ms", not "8,000 ms").
        const p95LimitMs = (timeoutMs * t.p95PercentOfTimeout) / 100;
        const maxLimitMs = (timeoutMs * t.maxPercentOfTimeout) / 100;
        const window = windowLabel(p95s?.windowDays ?? snapshot.window.days, HOUR);
        const evidence = [
          {
            label: 'Timeout',
            value: fn.timeoutSeconds,
            unit: 'seconds',
            source: 'lambda:ListFunctions Timeout',
          },
          {
            label: 'Duration p95',
            value: roundBeside(p95, p95LimitMs, 0),
            unit: 'ms',
            metric: `${NS}/Duration`,
            statistic: 'p95 of hourly p95',
            window,
            threshold: `< ${t.p95PercentOfTimeout}% of timeout (${fmt(p95LimitMs)} ms)`,
          },
          {
            label: 'Duration maximum',
            value: roundBeside(longest, [maxLimitMs, timeoutMs], 0),
            unit: 'ms',
            metric: `${NS}/Duration`,
            statistic: 'Maximum',
            window,
            threshold: `< ${t.maxPercentOfTimeout}% of timeout (${fmt(maxLimitMs)} ms)`,
          },
          {
            label: 'Invocations',
            value: invocations.sum,
            unit: 'count',
            metric: `${NS}/Invocations`,
            statistic: 'Sum',
            window: windowLabel(invocations.windowDays, DAY),
          },
        ];
        const state =
          `p95 duration ${fmtBeside(p95, p95LimitMs, 0)} ms ` +
          `(${fmtBeside(p95Share, t.p95PercentOfTimeout, 0)}% of the ${fmt(fn.timeoutSeconds)} s timeout), ` +
          `longest ${fmtBeside(longest, [maxLimitMs, timeoutMs], 0)} ms ` +
          `(${fmtBeside(maxShare, [t.maxPercentOfTimeout, 100], 0)}%)`;
        const near = p95Share >= t.p95PercentOfTimeout || maxShare >= t.maxPercentOfTimeout;
        results.push(
          near
            ? {
                ...base,
                status: 'fail',
                ...(maxShare >= 100 ? { severity: 'high' as const } : {}),
                message: `${fn.functionName} runs close to its timeout: ${state}${maxShare >= 100 ? '; invocations reached the timeout' : ''}.`,
                evidence,
              }
            : { ...base, status: 'pass', message: `${fn.functionName}: ${state}.`, evidence },
        );
      }
      return results;
    },
  },
);
