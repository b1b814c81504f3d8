import { defineCheck, type CheckResult } from '../types.js';
import { failUnlessBlind } from '../absence.js';
import { label, missingSlice } from '../support.js';

const NEEDS = ['ec2.instances', 'cloudwatch.agentMemory'];
const RESOURCE_TYPE = 'AWS::EC2::Instance';
/** The collector lists agent metrics active in the last 3 hours; an instance launched within the last hour may not have published yet. */
const GRACE_MS = 60 * 60 * 1000;

/**
 * EC2 publishes no memory metric: only the CloudWatch agent (mem_used_percent on Linux, Memory % Committed Bytes
 * In Use on Windows) gives one. Without it sizing decisions rest on CPU alone and Compute Optimizer cannot see
 * memory pressure.
 */
export const cloudwatchInstanceMemoryMetricsPresent = defineCheck({
  id: 'cloudwatch-instance-memory-metrics-present',
  title: 'Running EC2 instances publish memory metrics through the CloudWatch agent',
  service: 'cloudwatch',
  control: 'WAF-PERF-010',
  severity: 'low',
  rationale:
    'A measured baseline needs memory as well as CPU: a downsizing based on CPU alone can run the instance out of ' +
    'memory, and Compute Optimizer uses the agent memory metric when present. CPU and memory metrics for running ' +
    'instances are the WAF-PERF-010 L3 evidence and checklist item L2-1.',
  remediation: {
    change: 'memory-metrics',
    text: 'Install the CloudWatch agent (Systems Manager Distributor or State Manager at scale) with the mem_used_percent metric, and append the InstanceId dimension.',
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Install-CloudWatch-Agent.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/metrics-collected-by-CloudWatch-agent.html',
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/metrics.html',
    ],
    impact: 'Memory-aware right-sizing; Compute Optimizer recommendations that account for memory.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot, { now }) {
    const ec2 = snapshot.ec2;
    if (!ec2) return missingSlice(snapshot, 'ec2', RESOURCE_TYPE);
    const cw = snapshot.cloudwatch;
    if (!cw) return missingSlice(snapshot, 'cloudwatch', RESOURCE_TYPE);
    const withMemory = new Set(cw.agentMemoryInstanceIds);
    const nowMs = Date.parse(now);
    const results: CheckResult[] = [];
    for (const inst of ec2.instances) {
      if (inst.state !== 'running') continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: inst.instanceId,
        resourceArn: inst.arn,
        resourceName: inst.name,
      };
      const who = label(inst.instanceId, inst.name);
      const evidence = [
        {
          label: 'CloudWatch agent memory metric',
          value: withMemory.has(inst.instanceId),
          metric: 'CWAgent/mem_used_percent',
          threshold: 'present',
          source: 'cloudwatch:ListMetrics (active in the last 3 hours)',
        },
      ];
      if (withMemory.has(inst.instanceId)) {
        results.push({
          ...base,
          status: 'pass',
          message: `${who} publishes a CloudWatch agent memory metric.`,
          evidence,
        });
      } else if (inst.launchTime && nowMs - Date.parse(inst.launchTime) < GRACE_MS) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${who} was launched less than an hour ago and has not published a memory metric yet.`,
          evidence,
        });
      } else {
        const message = `${inst.instanceId} (${[inst.name, inst.instanceType].filter(Boolean).join(', ')}) publishes no memory metric: no CloudWatch agent mem_used_percent or Windows memory counter.`;
        results.push(
          failUnlessBlind(snapshot, ['cloudwatch.agentMemory'], {
            ...base,
            status: 'fail',
            message,
            evidence,
          }),
        );
      }
    }
    return results;
  },
});
