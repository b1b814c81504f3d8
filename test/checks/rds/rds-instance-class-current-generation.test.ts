import { describe, expect, it } from 'vitest';
import { rdsInstanceClassCurrentGeneration as check } from '#lib/checks/rds/rds-instance-class-current-generation.js';
import { aSnapshot, anRdsInstance, runCheck } from '#test/builders/index.js';
import {
  RDS_PREVIOUS_GENERATION_CHECKED,
  RDS_PREVIOUS_GENERATION_SOURCE,
} from '#lib/checks/rds-instance-facts.js';

const ORDERABLE = {
  mysql: ['db.m6g.large', 'db.m6i.large', 'db.m7g.large', 'db.m7g.xlarge', 'db.r7g.large', 'db.t4g.micro'],
};

describe('rds-instance-class-current-generation', () => {
  it('passes a class RDS still offers for the engine', () => {
    const [r] = runCheck(
      check,
      aSnapshot({ rds: { instances: [anRdsInstance()], orderableClasses: ORDERABLE } }),
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe('orders-db uses db.m6g.large, a class RDS still offers for mysql.');
  });

  it('fails a class no longer orderable and suggests newer classes of the same family and size', () => {
    const [r] = runCheck(
      check,
      aSnapshot({
        rds: { instances: [anRdsInstance({ dbInstanceClass: 'db.m4.large' })], orderableClasses: ORDERABLE },
      }),
    );
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      'orders-db uses db.m4.large, which RDS no longer offers for mysql (previous generation); current options of the same size: db.m7g.large, db.m6g.large, db.m6i.large.',
    );
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({ source: 'rds:DescribeOrderableDBInstanceOptions' }),
    );
  });

  it('falls back to instance-type facts where DescribeOrderableDBInstanceOptions has nothing for the engine', () => {
    // Formerly `unknown`: an engine version past its support has no orderable option at all.
    const evaluate = (cls: string, facts?: { currentGeneration: boolean }) =>
      runCheck(
        check,
        aSnapshot({
          rds: {
            instances: [anRdsInstance({ engine: 'postgres', dbInstanceClass: cls })],
            orderableClasses: ORDERABLE,
            ...(facts ? { classFacts: { [cls]: { memoryMiB: 8192, vcpus: 2, ...facts } } } : {}),
          },
        }),
      )[0];
    const old = evaluate('db.m4.large');
    expect(old?.status).toBe('fail');
    expect(old?.message).toBe(
      'orders-db uses db.m4.large, a previous-generation class (orderable classes for postgres are not available, judged from instance-type facts).',
    );
    expect(old?.evidence[0]?.source).toMatch(
      /^RDS DB instance classes, checked \d{4}-\d{2}-\d{2} \(https:\/\/docs\.aws/,
    );
    expect(evaluate('db.r3.large')?.status).toBe('fail');
    expect(evaluate('db.t2.medium')?.status).toBe('fail');
    expect(evaluate('db.m6g.large')?.status).toBe('pass');
    // EC2's CurrentGeneration of the underlying type counts too.
    expect(evaluate('db.x1.16xlarge', { currentGeneration: false })?.status).toBe('fail');
    expect(evaluate('db.r6i.large', { currentGeneration: true })).toMatchObject({
      status: 'pass',
      evidence: expect.arrayContaining([
        expect.objectContaining({ label: 'EC2 CurrentGeneration of the underlying type', value: 'true' }),
      ]),
    });
    // A name outside the convention stays unknown.
    expect(evaluate('custom-class')?.status).toBe('unknown');
  });

  it('falls back the same way when the orderable options were not collected at all (denied)', () => {
    const [r] = runCheck(
      check,
      aSnapshot({ rds: { instances: [anRdsInstance({ dbInstanceClass: 'db.m3.large' })] } }),
    );
    expect(r?.status).toBe('fail');
  });

  it('skips Aurora Serverless v2', () => {
    const results = runCheck(
      check,
      aSnapshot({
        rds: {
          instances: [anRdsInstance({ dbInstanceClass: 'db.serverless' })],
          orderableClasses: ORDERABLE,
        },
      }),
    );
    expect(results).toEqual([]);
  });
});

describe('the previous-generation class table', () => {
  it('was checked against the AWS sources within the last year', () => {
    const ageDays = (Date.now() - Date.parse(RDS_PREVIOUS_GENERATION_CHECKED)) / 86_400_000;
    expect(Number.isNaN(ageDays)).toBe(false);
    expect(ageDays, `re-check ${RDS_PREVIOUS_GENERATION_SOURCE} and update the table's date`).toBeLessThan(
      366,
    );
    expect(ageDays).toBeGreaterThan(-1);
  });
});
