/**
 * Kills the mutants the rds-instance-class-current-generation suite left alive (npm run mutation;
 * docs/testing.md): the full results of the orderable and fallback paths, the suggested classes (same letters
 * and size, newer generation only, at most three), class names the parser must reject, and an empty orderable
 * list for the engine.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstanceClassCurrentGeneration as check } from '#lib/checks/rds/rds-instance-class-current-generation.js';
import {
  RDS_PREVIOUS_GENERATION_CHECKED,
  RDS_PREVIOUS_GENERATION_FAMILIES,
  RDS_PREVIOUS_GENERATION_SOURCE,
  dbClassFamily,
} from '#lib/checks/rds-instance-facts.js';
import type { RdsSlice } from '#lib/model/index.js';
import { aSnapshot, anRdsInstance, runCheck } from '#test/builders/index.js';

const ID = 'orders-db';
const BASE = {
  resourceType: 'AWS::RDS::DBInstance',
  resourceId: ID,
  resourceArn: `arn:aws:rds:eu-west-1:123456789012:db:${ID}`,
  resourceName: ID,
};
const run = (cls: string, rds: Partial<RdsSlice> = {}, engine = 'mysql') =>
  runCheck(
    check,
    aSnapshot({ rds: { instances: [anRdsInstance({ dbInstanceClass: cls, engine })], ...rds } }),
  );

const orderableEvidence = (cls: string, count: number, engine = 'mysql') => [
  {
    label: 'DB instance class',
    value: cls,
    threshold: `orderable for ${engine}`,
    source: 'rds:DescribeOrderableDBInstanceOptions',
  },
  { label: `Orderable classes for ${engine}`, value: count, unit: 'count' },
];
const fallbackClass = (cls: string) => ({
  label: 'DB instance class',
  value: cls,
  threshold: `family not in the previous-generation table (${RDS_PREVIOUS_GENERATION_FAMILIES.join(', ')})`,
  source: `RDS DB instance classes, checked ${RDS_PREVIOUS_GENERATION_CHECKED} (${RDS_PREVIOUS_GENERATION_SOURCE})`,
});
const ec2Facts = (value: 'true' | 'false') => ({
  label: 'EC2 CurrentGeneration of the underlying type',
  value,
  source: 'ec2:DescribeInstanceTypes',
});
const WHY = 'orderable classes for mysql are not available, judged from instance-type facts';

describe('rds-instance-class-current-generation (mutation kills)', () => {
  it('the fallback table lists families, each "db.<family>" (what dbClassFamily returns)', () => {
    expect(RDS_PREVIOUS_GENERATION_FAMILIES.join(', ')).toBe(
      'db.m1, db.m2, db.m3, db.m4, db.r3, db.r4, db.t1, db.t2, db.cr1',
    );
    expect(dbClassFamily('db.m4.large')).toBe('db.m4');
    expect(dbClassFamily('db.m5.large.tpc2.mem4x')).toBe('db.m5');
    expect(dbClassFamily('db.m4')).toBe('db.m4');
    expect(dbClassFamily('custom')).toBe('custom');
  });

  describe('orderable options for the engine', () => {
    const ORDERABLE = ['db.m6g.large', 'db.m6i.large', 'db.m7g.large', 'db.m7g.xlarge', 'db.r7g.large'];

    it('pass: the full result', () => {
      expect(run('db.m6g.large', { orderableClasses: { mysql: ORDERABLE } })).toEqual([
        {
          ...BASE,
          status: 'pass',
          message: 'orders-db uses db.m6g.large, a class RDS still offers for mysql.',
          evidence: orderableEvidence('db.m6g.large', 5),
        },
      ]);
    });

    it('fail with suggestions: the full result, suggestions as evidence', () => {
      expect(run('db.m4.large', { orderableClasses: { mysql: ORDERABLE } })).toEqual([
        {
          ...BASE,
          status: 'fail',
          message:
            'orders-db uses db.m4.large, which RDS no longer offers for mysql (previous generation); current options of the same size: db.m7g.large, db.m6g.large, db.m6i.large.',
          evidence: [
            ...orderableEvidence('db.m4.large', 5),
            { label: 'Current classes of the same size', value: 'db.m7g.large, db.m6g.large, db.m6i.large' },
          ],
        },
      ]);
    });

    it('fail without a suggestion: no same-size class of the letters is orderable', () => {
      expect(run('db.m4.2xlarge', { orderableClasses: { mysql: ORDERABLE } })).toEqual([
        {
          ...BASE,
          status: 'fail',
          message:
            'orders-db uses db.m4.2xlarge, which RDS no longer offers for mysql (previous generation).',
          evidence: orderableEvidence('db.m4.2xlarge', 5),
        },
      ]);
    });

    it('suggests only newer generations (not the same or older), at most three, newest first', () => {
      const orderable = [
        'db.m3.large',
        'db.m5.large',
        'db.m6g.large',
        'db.m6i.large',
        'db.m7g.large',
        'db.m8g.large',
      ];
      const [same] = run('db.m5d.large', { orderableClasses: { mysql: orderable } });
      expect(same?.message).toBe(
        'orders-db uses db.m5d.large, which RDS no longer offers for mysql (previous generation); current options of the same size: db.m8g.large, db.m7g.large, db.m6g.large.',
      );
    });

    it('never suggests the same or an older generation, even with room in the three', () => {
      const orderable = ['db.m3.large', 'db.m5.large', 'db.m6g.large'];
      expect(run('db.m5d.large', { orderableClasses: { mysql: orderable } })[0]?.message).toBe(
        'orders-db uses db.m5d.large, which RDS no longer offers for mysql (previous generation); current options of the same size: db.m6g.large.',
      );
    });

    it('parses generations of more than one digit and family letters of more than one letter', () => {
      const [gen] = run('db.m9.large', { orderableClasses: { mysql: ['db.m10.large'] } });
      expect(gen?.message).toMatch(/current options of the same size: db\.m10\.large\.$/);
      const [letters] = run('db.cr1.large', { orderableClasses: { mysql: ['db.cr2.large', 'db.r2.large'] } });
      expect(letters?.message).toMatch(/current options of the same size: db\.cr2\.large\.$/);
    });

    it('a class name outside the db.<family>.<size> pattern gets no suggestion (and does not throw)', () => {
      for (const cls of ['custom-class', 'mydb.m4.large', 'db.m4.large\nextra']) {
        expect(run(cls, { orderableClasses: { mysql: ['db.m7g.large', 'db.m6g.large'] } })).toEqual([
          {
            ...BASE,
            status: 'fail',
            message: `orders-db uses ${cls}, which RDS no longer offers for mysql (previous generation).`,
            evidence: orderableEvidence(cls, 2),
          },
        ]);
      }
    });

    it('an empty orderable list for the engine falls back to the instance-type facts', () => {
      expect(run('db.m6g.large', { orderableClasses: { mysql: [] } })).toEqual([
        {
          ...BASE,
          status: 'pass',
          message: `orders-db uses db.m6g.large, a current-generation class (${WHY}).`,
          evidence: [fallbackClass('db.m6g.large')],
        },
      ]);
    });
  });

  describe('fallback to instance-type facts', () => {
    const facts = (cls: string, currentGeneration: boolean) => ({
      classFacts: { [cls]: { memoryMiB: 8192, vcpus: 2, currentGeneration } },
    });

    it('a family in the table fails; EC2 facts are evidence when known', () => {
      expect(run('db.m4.large')).toEqual([
        {
          ...BASE,
          status: 'fail',
          message: `orders-db uses db.m4.large, a previous-generation class (${WHY}).`,
          evidence: [fallbackClass('db.m4.large')],
        },
      ]);
      expect(run('db.x1.16xlarge', facts('db.x1.16xlarge', false))).toEqual([
        {
          ...BASE,
          status: 'fail',
          message: `orders-db uses db.x1.16xlarge, a previous-generation class (${WHY}).`,
          evidence: [fallbackClass('db.x1.16xlarge'), ec2Facts('false')],
        },
      ]);
    });

    it('EC2 CurrentGeneration=true passes a class whose name the pattern does not know', () => {
      expect(run('db.newfamily.large', facts('db.newfamily.large', true))).toEqual([
        {
          ...BASE,
          status: 'pass',
          message: `orders-db uses db.newfamily.large, a current-generation class (${WHY}).`,
          evidence: [fallbackClass('db.newfamily.large'), ec2Facts('true')],
        },
      ]);
    });

    it('any well-formed db.<letters><generation><suffix>.<size> name outside the table passes', () => {
      for (const cls of [
        'db.m5.large',
        'db.m6gd.xlarge',
        'db.x2iedn.24xlarge',
        'db.ab10.large',
        'db.r6g.12xlarge',
      ])
        expect(run(cls)[0]?.status, cls).toBe('pass');
    });

    it('any other name is unknown, without facts evidence', () => {
      for (const cls of ['db.newfamily.large', 'custom-db.m5.large', 'db.m5.large!', 'db.m5.']) {
        expect(run(cls), cls).toEqual([
          {
            ...BASE,
            status: 'unknown',
            message: `orders-db: orderable DB instance classes for mysql were not collected and ${cls} is not a recognised class name.`,
            evidence: [fallbackClass(cls)],
          },
        ]);
      }
    });
  });
});
