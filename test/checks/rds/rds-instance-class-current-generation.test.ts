import { describe, expect, it } from 'vitest';
import { rdsInstanceClassCurrentGeneration as check } from '#lib/checks/rds/rds-instance-class-current-generation.js';
import { aSnapshot, anRdsInstance, runCheck } from '#test/builders/index.js';

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

  it('is unknown when orderable classes were not collected, or not for this engine', () => {
    const absent = runCheck(check, aSnapshot({ rds: { instances: [anRdsInstance()] } }));
    expect(absent[0]?.status).toBe('unknown');
    expect(absent[0]?.message).toBe('orders-db: orderable DB instance classes for mysql were not collected.');
    const otherEngine = runCheck(
      check,
      aSnapshot({ rds: { instances: [anRdsInstance({ engine: 'postgres' })], orderableClasses: ORDERABLE } }),
    );
    expect(otherEngine[0]?.status).toBe('unknown');
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
