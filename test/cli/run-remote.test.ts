/** `perfscan run --remote`: the execution input, the default ARN, --wait and its exit codes (SFN and STS mocked). */
import {
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliIO } from '#lib/cli/io.js';
import { MAX_POLL_MS, defaultRunRemoteDeps, runRemote } from '#lib/cli/run-remote.js';
import { startS3 } from '#test/helpers/s3.js';
import { runCli } from './helpers.js';

const sfn = mockClient(SFNClient);
const sts = mockClient(STSClient);
const ACCOUNT = '123456789012';
const EXECUTION = `arn:aws:states:eu-west-1:${ACCOUNT}:execution:perfscan:on-demand-x`;

beforeEach(() => {
  sfn.reset();
  sts.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/me` });
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });
});
afterAll(() => {
  sfn.restore();
  sts.restore();
});

const run = (...args: string[]) => runCli(['run', ...args], process.cwd(), { NO_COLOR: '1' });

function digestOutput(status: string, markdown = '# perfscan digest\n\nscan x · status ' + status + '\n') {
  return JSON.stringify({
    trigger: 'on-demand',
    plan: { scanId: '2026-11-22T06-00-00Z-ab12cd', units: ['111122223333:eu-west-1:g'] },
    digest: {
      scanId: '2026-11-22T06-00-00Z-ab12cd',
      status,
      level: 2,
      delivered: { slack: 'sent', email: 'off' },
      markdown,
    },
  });
}

describe('perfscan run', () => {
  it('without --remote is a usage error pointing to `perfscan scan`', async () => {
    const r = await run('--reason', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs --remote.*Fix: .*use `perfscan scan` for a local scan/s);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('starts an on-demand execution of the default state machine with the reason and scope', async () => {
    const r = await run(
      '--remote',
      '--reason',
      'new instance family',
      '--accounts',
      '111122223333,444455556666',
      '--regions',
      'eu-west-1,us-east-1',
      '--services',
      'ec2,ebs',
      '--region',
      'eu-west-1',
    );
    expect(r.code).toBe(0);
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.stateMachineArn).toBe(`arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:perfscan`);
    expect(input?.name).toMatch(/^on-demand-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/);
    expect(JSON.parse(input?.input ?? '')).toEqual({
      trigger: 'on-demand',
      reason: 'new instance family',
      scope: {
        accounts: ['111122223333', '444455556666'],
        regions: ['eu-west-1', 'us-east-1'],
        services: ['ec2', 'ebs'],
      },
    });
    expect(r.stdout).toContain(`perfscan: started ${EXECUTION}`);
    expect(r.stdout).toContain(
      `aws stepfunctions start-execution --state-machine-arn arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:perfscan --name ${input?.name} --input '${input?.input}' --region eu-west-1`,
    );
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });

  it('without a reason or scope the input is just the trigger; the partition comes from the caller ARN', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: ACCOUNT, Arn: `arn:aws-cn:sts::${ACCOUNT}:assumed-role/Dev/me` });
    const r = await run('--remote', '--region', 'cn-north-1');
    expect(r.code).toBe(0);
    const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(input?.input).toBe('{"trigger":"on-demand"}');
    expect(input?.stateMachineArn).toBe(`arn:aws-cn:states:cn-north-1:${ACCOUNT}:stateMachine:perfscan`);
  });

  it('--rescore starts a rescore of the stored scan (action rescore, the reason kept, no scope)', async () => {
    const r = await run(
      '--remote',
      '--rescore',
      '2026-11-22T06-00-00Z-ab12cd',
      '--reason',
      'thresholds tightened',
      '--region',
      'eu-west-1',
    );
    expect(r.code).toBe(0);
    const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(JSON.parse(input?.input ?? '')).toEqual({
      action: 'rescore',
      scanId: '2026-11-22T06-00-00Z-ab12cd',
      reason: 'thresholds tightened',
    });
    expect(input?.name).toMatch(/^rescore-\d{4}-\d{2}-\d{2}T/);
    expect(r.stdout).toContain(`--input '${input?.input}'`);
  });

  it('--rescore refuses a malformed scan id and a scope, naming the fix, and starts nothing', async () => {
    const bad = await run('--remote', '--rescore', 'latest', '--region', 'eu-west-1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/scan id such as 2026-11-22T06-00-00Z-ab12cd/);
    const scoped = await run(
      '--remote',
      '--rescore',
      '2026-11-22T06-00-00Z-ab12cd',
      '--regions',
      'eu-west-1',
      '--region',
      'eu-west-1',
    );
    expect(scoped.code).toBe(2);
    expect(scoped.stderr).toMatch(
      /takes no --accounts, --regions or --services.*Fix: drop the scope options/s,
    );
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('an explicit --state-machine-arn is used as given (no STS call)', async () => {
    const arn = 'arn:aws:states:us-east-2:210987654321:stateMachine:perfscan-prod';
    const r = await run('--remote', '--state-machine-arn', arn, '--region', 'us-east-2');
    expect(r.code).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.stateMachineArn).toBe(arn);
    expect(sts.calls()).toHaveLength(0);
  });

  it('quotes a reason with an apostrophe for the shell', async () => {
    const r = await run('--remote', '--region', 'eu-west-1', '--reason', "team's migration");
    expect(r.stdout).toContain(`--input '{"trigger":"on-demand","reason":"team'\\''s migration"}'`);
  });

  it.each([
    [['--accounts', '1234'], /'1234' is not an AWS account id/],
    [['--regions', 'eu-west-9'], /'eu-west-9' is not a known AWS region code/],
    [['--services', 'ec2,s3'], /'s3' is not a perfscan service/],
    [['--state-machine-arn', 'perfscan'], /'perfscan' is not a state machine ARN/],
    [['--reason', ' '], /Expected a reason of 1 to 500 characters/],
  ])('rejects %j with exit 2 before calling AWS', async (args, message) => {
    const r = await run('--remote', '--region', 'eu-west-1', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('a state machine that does not exist is a usage error with the fix', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new StateMachineDoesNotExist({ message: 'State Machine Does Not Exist', $metadata: {} }));
    const r = await run('--remote', '--region', 'eu-west-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /No perfscan state machine at arn:aws:states:eu-west-1:123456789012:stateMachine:perfscan.*cdk deploy/,
    );
  });

  it('no region anywhere is a usage error', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/perfscan-config');
    try {
      const r = await run('--remote');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/No AWS region is configured.*--region/s);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('perfscan run --remote --wait', () => {
  it('prints the digest Markdown on stdout and exits 0 for a complete scan', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', output: digestOutput('complete') } as never);
    const r = await run('--remote', '--wait', '--region', 'eu-west-1');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('# perfscan digest\n\nscan x · status complete\n');
    expect(r.stderr).toContain(`perfscan: started ${EXECUTION}`);
    expect(r.stderr).toContain('scan 2026-11-22T06-00-00Z-ab12cd complete, level 2; Slack sent, email off');
  });

  it('exits 3 when the digest reports a partial scan', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', output: digestOutput('partial') } as never);
    const r = await run('--remote', '--wait', '--region', 'eu-west-1');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('status partial');
  });

  it.each(['FAILED', 'TIMED_OUT', 'ABORTED'])(
    'exits 4 on a %s execution, with the error and cause',
    async (status) => {
      sfn.on(DescribeExecutionCommand).resolves({
        executionArn: EXECUTION,
        status,
        error: 'PerfscanRunFailed',
        cause: 'Plan or Digest failed after retries',
      } as never);
      const r = await run('--remote', '--wait', '--region', 'eu-west-1');
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(
        `perfscan: run ${status}: PerfscanRunFailed: Plan or Digest failed after retries`,
      );
      expect(r.stdout).toBe('');
    },
  );

  it('exits 4 when a succeeded execution carries no digest', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', output: '{"plan":{}}' } as never);
    const r = await run('--remote', '--wait', '--region', 'eu-west-1');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/output has no digest/);
  });

  it('polls with backoff, never more than 10 s apart, until the run ends', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', output: digestOutput('complete') } as never);
    const sleeps: number[] = [];
    let stdout = '';
    const io: CliIO = {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      env: {},
      cwd: process.cwd(),
    };
    const code = await runRemote({ remote: true, wait: true, region: 'eu-west-1' }, io, {
      ...defaultRunRemoteDeps,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(code).toBe(0);
    expect(sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(Math.max(...sleeps)).toBe(MAX_POLL_MS);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(7);
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({ executionArn: EXECUTION });
    expect(stdout).toContain('# perfscan digest');
  });

  it('reads the digest from the run bucket when the execution output only names it', async () => {
    const s3 = await startS3('perfscan-runs-cli');
    try {
      const key = 'runs/2026-11-22T06-00-00Z-ab12cd/digest.md';
      const { PutObjectCommand } = await import('@aws-sdk/client-s3');
      await s3.client.send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: '# perfscan digest\n\nfrom S3 · é\n' }),
      );
      const output = JSON.stringify({
        plan: { scanId: '2026-11-22T06-00-00Z-ab12cd', unitsKey: 'runs/x/units.json', unitCount: 1 },
        results: { manifestKey: 'map-results/m/manifest.json' },
        digest: {
          scanId: '2026-11-22T06-00-00Z-ab12cd',
          status: 'complete',
          level: 2,
          delivered: { slack: 'off', email: 'off' },
          markdownObject: { bucket: s3.bucket, key, bytes: 31 },
        },
      });
      sfn
        .on(DescribeExecutionCommand)
        .resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', output } as never);
      let stdout = '';
      let stderr = '';
      const io: CliIO = {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => ((stderr += t), true) },
        env: {},
        cwd: process.cwd(),
      };
      const deps = { ...defaultRunRemoteDeps, sleep: async () => undefined, s3: async () => s3.client };
      expect(await runRemote({ remote: true, wait: true, region: 'eu-west-1' }, io, deps)).toBe(0);
      expect(stdout).toBe('# perfscan digest\n\nfrom S3 · é\n');

      // An object that is gone is a clear error naming it, not an empty digest.
      const gone = JSON.parse(output) as { digest: { markdownObject: { key: string } } };
      gone.digest.markdownObject.key = 'runs/expired/digest.md';
      sfn
        .on(DescribeExecutionCommand)
        .resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', output: JSON.stringify(gone) } as never);
      const fresh = await startS3('perfscan-runs-cli2');
      try {
        const code = await runRemote({ remote: true, wait: true, region: 'eu-west-1' }, io, {
          ...deps,
          s3: async () => fresh.client,
        });
        expect(code).toBe(4);
        expect(stderr).toMatch(
          /digest could not be read from s3:\/\/perfscan-runs-cli\/runs\/expired\/digest\.md/,
        );
      } finally {
        await fresh.stop();
      }
    } finally {
      await s3.stop();
    }
  });
});
