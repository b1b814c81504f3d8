import type { EvidenceItem, RdsInstance } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';
import {
  RDS_PREVIOUS_GENERATION_CHECKED,
  RDS_PREVIOUS_GENERATION_FAMILIES,
  RDS_PREVIOUS_GENERATION_SOURCE,
  dbClassFamily,
  parseDbClass,
  type DbClassParts,
} from '../rds-instance-facts.js';

// rds.orderableClasses is not a hard need: where it is missing (denied, or no option for the engine) the check
// falls back to the instance-type facts below, per instance.
const NEEDS = ['rds.instances'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

/**
 * Previous-generation DB instance classes, from live data: a class that RDS no longer offers as orderable for the
 * instance's engine (DescribeOrderableDBInstanceOptions) is previous generation (Trusted Advisor c1qf5bt015).
 * Live data first, so a new AWS release changes the result without a code change. Where the orderable options
 * are missing for the engine (access denied, or RDS answers nothing for an engine version past its support), the
 * check falls back to instance-type facts instead of `unknown`: the dated previous-generation family table
 * (rds-instance-facts.ts) and EC2's CurrentGeneration of the type the class runs on (ec2:DescribeInstanceTypes).
 */

/** The same variant: both standard, or both the same RDS for Oracle preconfigured threads per core and memory. */
function sameVariant(a: DbClassParts, b: DbClassParts): boolean {
  return (
    a.preconfigured?.threadsPerCore === b.preconfigured?.threadsPerCore &&
    a.preconfigured?.memoryRatio === b.preconfigured?.memoryRatio
  );
}

/**
 * Orderable classes of the same family letters, size and variant (an Oracle preconfigured class is only compared
 * with preconfigured classes of the same threads per core and memory ratio), newest generation first (at most 3).
 */
function alternatives(cls: string, orderable: readonly string[]): string[] {
  const cur = parseDbClass(cls);
  if (!cur) return [];
  return orderable
    .map((c) => ({ c, p: parseDbClass(c) }))
    .filter(
      (x): x is { c: string; p: DbClassParts } =>
        x.p !== undefined &&
        x.p.letters === cur.letters &&
        x.p.size === cur.size &&
        x.p.generation > cur.generation &&
        sameVariant(x.p, cur),
    )
    .sort((a, b) => b.p.generation - a.p.generation || a.c.localeCompare(b.c))
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
        results.push(fallback(db, rds.classFacts?.[db.dbInstanceClass], base));
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

/**
 * The verdict from instance-type facts where the orderable options are missing: previous generation when the
 * class's family is in the dated table or EC2 says its type is not current generation; current when EC2 says it
 * is, or the class is a well-formed `db.<family>.<size>` (RDS for Oracle's preconfigured `db.<family>.<size>.tpc<n>.mem<n>x`
 * included: its family decides) outside the table; unknown otherwise.
 */
function fallback(
  db: RdsInstance,
  facts: { currentGeneration: boolean } | undefined,
  base: Pick<CheckResult, 'resourceType' | 'resourceId' | 'resourceArn' | 'resourceName'>,
): CheckResult {
  const family = dbClassFamily(db.dbInstanceClass);
  const inTable = RDS_PREVIOUS_GENERATION_FAMILIES.includes(family);
  const why = `orderable classes for ${db.engine} are not available, judged from instance-type facts`;
  const evidence: EvidenceItem[] = [
    {
      label: 'DB instance class',
      value: db.dbInstanceClass,
      threshold: `family not in the previous-generation table (${RDS_PREVIOUS_GENERATION_FAMILIES.join(', ')})`,
      source: `RDS DB instance classes, checked ${RDS_PREVIOUS_GENERATION_CHECKED} (${RDS_PREVIOUS_GENERATION_SOURCE})`,
    },
    ...(facts
      ? [
          {
            label: 'EC2 CurrentGeneration of the underlying type',
            value: facts.currentGeneration ? 'true' : 'false',
            source: 'ec2:DescribeInstanceTypes',
          },
        ]
      : []),
  ];
  if (inTable || facts?.currentGeneration === false) {
    return {
      ...base,
      status: 'fail',
      message: `${db.dbInstanceId} uses ${db.dbInstanceClass}, a previous-generation class (${why}).`,
      evidence,
    };
  }
  if (facts?.currentGeneration === true || parseDbClass(db.dbInstanceClass) !== undefined) {
    return {
      ...base,
      status: 'pass',
      message: `${db.dbInstanceId} uses ${db.dbInstanceClass}, a current-generation class (${why}).`,
      evidence,
    };
  }
  return {
    ...base,
    status: 'unknown',
    message: `${db.dbInstanceId}: orderable DB instance classes for ${db.engine} were not collected and ${db.dbInstanceClass} is not a recognised class name.`,
    evidence,
  };
}
