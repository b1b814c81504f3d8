import { describe, expect, it } from 'vitest';
import { rdsInstanceClassCurrentGeneration as check } from '#lib/checks/rds/rds-instance-class-current-generation.js';
import { aSnapshot, anRdsInstance, runCheck } from '#test/builders/index.js';
import {
  RDS_PREVIOUS_GENERATION_CHECKED,
  RDS_PREVIOUS_GENERATION_SOURCE,
  dbClassFamily,
  parseDbClass,
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

  it("judges RDS for Oracle's preconfigured classes (tpc/mem suffix) by their family, never as unrecognised", () => {
    // No orderable options for the engine: the family decides, as for any class.
    const fallback = (cls: string) =>
      runCheck(
        check,
        aSnapshot({
          rds: {
            instances: [anRdsInstance({ engine: 'oracle-ee', dbInstanceClass: cls })],
            orderableClasses: {},
          },
        }),
      )[0];
    for (const cls of ['db.r5b.xlarge.tpc2.mem4x', 'db.m5.large.tpc1.mem2x', 'db.r5.4xlarge.tpc2.mem2x'])
      expect(fallback(cls)).toMatchObject({
        status: 'pass',
        message: `orders-db uses ${cls}, a current-generation class (orderable classes for oracle-ee are not available, judged from instance-type facts).`,
      });
    // A family in the previous-generation table fails whatever its suffix (a made-up name: AWS never sold one).
    expect(fallback('db.r4.xlarge.tpc2.mem2x')?.status).toBe('fail');
    expect(fallback('db.m7i.metal-24xl')?.status).toBe('pass');

    // With orderable options: offered passes; no longer offered suggests only classes of the same variant.
    const live = (cls: string, orderable: string[]) =>
      runCheck(
        check,
        aSnapshot({
          rds: {
            instances: [anRdsInstance({ engine: 'oracle-ee', dbInstanceClass: cls })],
            orderableClasses: { 'oracle-ee': orderable },
          },
        }),
      )[0];
    const ORACLE = [
      'db.r5b.4xlarge.tpc2.mem2x',
      'db.r6i.4xlarge',
      'db.r7i.4xlarge.tpc2.mem2x',
      'db.r7i.4xlarge.tpc2.mem4x',
    ];
    expect(live('db.r5b.4xlarge.tpc2.mem2x', ORACLE)?.status).toBe('pass');
    expect(live('db.r5.4xlarge.tpc2.mem2x', ORACLE)?.message).toBe(
      'orders-db uses db.r5.4xlarge.tpc2.mem2x, which RDS no longer offers for oracle-ee (previous generation); current options of the same size: db.r7i.4xlarge.tpc2.mem2x.',
    );
    // A standard class is not offered a preconfigured one (more memory, another price) as its like for like.
    expect(live('db.r4.4xlarge', ORACLE)?.message).toBe(
      'orders-db uses db.r4.4xlarge, which RDS no longer offers for oracle-ee (previous generation); current options of the same size: db.r6i.4xlarge.',
    );
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

describe('DB instance class names', () => {
  it('parse to family, letters, generation, attributes and size; Oracle preconfigured classes keep their variant', () => {
    expect(parseDbClass('db.m6g.large')).toEqual({
      family: 'db.m6g',
      letters: 'm',
      generation: 6,
      attributes: 'g',
      size: 'large',
    });
    expect(parseDbClass('db.r5b.4xlarge.tpc2.mem2x')).toEqual({
      family: 'db.r5b',
      letters: 'r',
      generation: 5,
      attributes: 'b',
      size: '4xlarge',
      preconfigured: { threadsPerCore: 2, memoryRatio: 2 },
    });
    expect(parseDbClass('db.m5.large.tpc1.mem2x')).toMatchObject({
      family: 'db.m5',
      size: 'large',
      preconfigured: { threadsPerCore: 1, memoryRatio: 2 },
    });
    expect(parseDbClass('db.x2iedn.16xlarge')).toMatchObject({
      letters: 'x',
      generation: 2,
      attributes: 'iedn',
    });
    expect(parseDbClass('db.m7i.metal-24xl')).toMatchObject({ family: 'db.m7i', size: 'metal-24xl' });
    for (const bad of [
      'db.serverless',
      'custom-class',
      'db.m5',
      'db.m5.large.tpc2',
      'db.m5.large.mem2x',
      'm5.large',
    ])
      expect(parseDbClass(bad)).toBeUndefined();
    expect(dbClassFamily('db.r5b.8xlarge.tpc2.mem3x')).toBe('db.r5b');
  });
});
