import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['rds.instances', 'rds.orderableClasses'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/**
 * Previous-generation DB instance classes, from live data: a class that RDS no longer offers as orderable for the
 * instance's engine (DescribeOrderableDBInstanceOptions) is previous generation (Trusted Advisor c1qf5bt015).
 * No hard-coded generation list, so a new AWS release changes the result without a code change.
 */

/** db.m5.large -> { letters: 'm', gen: 5, size: 'large' }; db.r6gd.xlarge -> { letters: 'r', gen: 6, size: 'xlarge' }. */
function parseClass(cls: string): { letters: string; gen: number; size: string } | undefined {
  const m = /^db\.([a-z]+)(\d+)[a-z-]*\.(.+)$/.exec(cls);
  return m ? { letters: m[1]!, gen: Number(m[2]), size: m[3]! } : undefined;
}

/** Orderable classes of the same family letters and size, newest generation first (at most 3). */
function alternatives(cls: string, orderable: readonly string[]): string[] {
  const cur = parseClass(cls);
  if (!cur) return [];
  return orderable
    .map((c) => ({ c, p: parseClass(c) }))
    .filter(({ p }) => p && p.letters === cur.letters && p.size === cur.size && p.gen > cur.gen)
    .sort((a, b) => b.p!.gen - a.p!.gen || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map(({ c }) => c);
}

export const rdsInstanceClassCurrentGeneration = defineCheck({
  id: 'rds-instance-class-current-generation',
  title: 'RDS DB instances use a current-generation instance class',
  service: 'rds',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'Previous-generation DB instance classes give less performance per dollar than current ones (Trusted Advisor ' +
    'c1qf5bt015) and lose support over time. Current-generation compute is the WAF-PERF-010 L2 evidence.',
  remediation: {
    change: 'generation',
    text: 'Modify the DB instance to a current-generation class of the same family (Graviton classes ending in "g" where the engine supports them); test in a staging copy first.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.DBInstance.Modifying.html',
    ],
    impact:
      'Better price performance; Graviton classes are typically cheaper per hour than the x86 class of the same size.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const rds = snapshot.rds;
    if (!rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const db of rds.instances) {
      if (db.dbInstanceClass === 'db.serverless') continue; // Aurora Serverless v2 has no class generation
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: db.dbInstanceId,
        resourceArn: db.arn,
        resourceName: db.dbInstanceId,
      };
      const orderable = rds.orderableClasses?.[db.engine];
      if (!orderable || orderable.length === 0) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${db.dbInstanceId}: orderable DB instance classes for ${db.engine} were not collected.`,
          evidence: [{ label: 'DB instance class', value: db.dbInstanceClass }],
        });
        continue;
      }
      const evidence = [
        {
          label: 'DB instance class',
          value: db.dbInstanceClass,
          threshold: `orderable for ${db.engine}`,
          source: 'rds:DescribeOrderableDBInstanceOptions',
        },
        { label: `Orderable classes for ${db.engine}`, value: orderable.length, unit: 'count' },
      ];
      if (orderable.includes(db.dbInstanceClass)) {
        results.push({
          ...base,
          status: 'pass',
          message: `${db.dbInstanceId} uses ${db.dbInstanceClass}, a class RDS still offers for ${db.engine}.`,
          evidence,
        });
        continue;
      }
      const alt = alternatives(db.dbInstanceClass, orderable);
      results.push({
        ...base,
        status: 'fail',
        message:
          `${db.dbInstanceId} uses ${db.dbInstanceClass}, which RDS no longer offers for ${db.engine} (previous generation)` +
          (alt.length > 0 ? `; current options of the same size: ${alt.join(', ')}.` : '.'),
        evidence:
          alt.length > 0
            ? [...evidence, { label: 'Current classes of the same size', value: alt.join(', ') }]
            : evidence,
      });
    }
    return results;
  },
});
