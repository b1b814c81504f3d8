import { describe, expect, it } from 'vitest';
import { cloudwatchInstanceMemoryMetricsPresent as check } from '#lib/checks/cloudwatch/cloudwatch-instance-memory-metrics-present.js';
import { aGapOn, aSnapshot, anEc2Instance, runCheck, TEST_NOW, withGaps } from '#test/builders/index.js';

const A = 'i-0aaaaaaaaaaaaaaaa';
const B = 'i-0bbbbbbbbbbbbbbbb';

describe('cloudwatch-instance-memory-metrics-present', () => {
  it('passes instances with the agent memory metric and fails running ones without', () => {
    const snapshot = aSnapshot({
      ec2: {
        instances: [
          anEc2Instance({ instanceId: A }),
          anEc2Instance({ instanceId: B, name: 'batch' }),
          anEc2Instance({ instanceId: 'i-0stopped', state: 'stopped' }),
        ],
      },
      cloudwatch: { agentMemoryInstanceIds: [A] },
    });
    const results = runCheck(check, snapshot);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      [A, 'pass'],
      [B, 'fail'],
    ]);
    expect(results[1]?.message).toBe(
      'i-0bbbbbbbbbbbbbbbb (batch, m5.large) publishes no memory metric: no CloudWatch agent mem_used_percent or Windows memory counter.',
    );
  });

  it('is unknown for an instance launched within the last hour', () => {
    const justLaunched = new Date(Date.parse(TEST_NOW) - 10 * 60 * 1000).toISOString();
    const [r] = runCheck(
      check,
      aSnapshot({ ec2: { instances: [anEc2Instance({ launchTime: justLaunched })] } }),
    );
    expect(r?.status).toBe('unknown');
  });

  it('is unknown, not fail, when the agent metric list has a gap', () => {
    const snapshot = withGaps(
      aSnapshot({ ec2: { instances: [anEc2Instance()] } }),
      aGapOn('cloudwatch.agentMemory'),
    );
    const [r] = runCheck(check, snapshot);
    expect(r?.status).toBe('unknown');
    expect(r?.message).toContain('cloudwatch.agentMemory');
  });
});
