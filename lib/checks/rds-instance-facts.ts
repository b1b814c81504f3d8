/**
 * DB instance facts shared by the RDS checks.
 */
import type { RdsInstance } from '#lib/model/index.js';

/**
 * A stopped (or stopping) DB instance serves no load: its monitoring, logging and storage settings affect no
 * user until it starts again, so the configuration checks do not judge it (no finding), as the CPU checks do.
 * RDS statuses: "Viewing Amazon RDS DB instance status",
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
 */
export function isStoppedDb(db: Pick<RdsInstance, 'status'>): boolean {
  return db.status === 'stopped' || db.status === 'stopping';
}

/** Where the stopped-instance rule comes from, for check rationales. */
export const STOPPED_DB_SOURCE =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html';

/**
 * Previous-generation DB instance class families, for engines where live data (DescribeOrderableDBInstanceOptions)
 * has no answer. Sources, checked on RDS_PREVIOUS_GENERATION_CHECKED: the RDS User Guide "DB instance classes"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html) and its "Supported DB
 * engines for DB instance classes" table, which no longer list db.m1, db.m2, db.m3, db.r3, db.t1 or db.cr1; and the
 * end of support of db.m4, db.r4 and db.t2 for RDS for MySQL, MariaDB, PostgreSQL and SQL Server (auto-migrated to
 * m5, r5 and t3 from June 2024, https://repost.aws/questions/QUPWRLaLp-QC2qDBLLQc20lg). A test fails when this
 * table is more than a year old: re-check the sources and update the date.
 */
export const RDS_PREVIOUS_GENERATION_FAMILIES: readonly string[] = [
  'db.m1',
  'db.m2',
  'db.m3',
  'db.m4',
  'db.r3',
  'db.r4',
  'db.t1',
  'db.t2',
  'db.cr1',
];
export const RDS_PREVIOUS_GENERATION_CHECKED = '2026-12-05';
export const RDS_PREVIOUS_GENERATION_SOURCE =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html';

/** A DB instance class name in parts: `db.r5b.4xlarge.tpc2.mem2x` -> family `db.r5b`, letters `r`, ... */
export interface DbClassParts {
  /** `db.r5b` */
  family: string;
  /** `r` */
  letters: string;
  /** 5 */
  generation: number;
  /** What follows the generation: `b`, `g` (Graviton), `gd`, `iedn`, or empty. */
  attributes: string;
  /** `4xlarge`, `metal`, `metal-24xl` */
  size: string;
  /**
   * RDS for Oracle's preconfigured classes, `<family>.<size>.tpc<threads per core>.mem<ratio>x`: the threads per
   * core and the memory as a multiple of the standard `<family>.<size>` class. Their vCPUs and memory differ from
   * the standard class of the same size, so a same-size or one-size-down move is not like for like.
   */
  preconfigured?: { threadsPerCore: number; memoryRatio: number };
}

/** Where the preconfigured-class naming comes from (RDS User Guide, "RDS for Oracle DB instance classes"). */
export const ORACLE_PRECONFIGURED_SOURCE =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Oracle.Concepts.InstanceClasses.html';

const DB_CLASS_RE = /^db\.(([a-z]+)(\d+)([a-z-]*))\.([a-z0-9]+(?:-[a-z0-9]+)?)(?:\.tpc(\d+)\.mem(\d+)x)?$/;

/**
 * `db.m6g.large`, `db.r6gd.xlarge`, `db.m7i.metal-24xl`, and RDS for Oracle's preconfigured
 * `db.r5b.4xlarge.tpc2.mem2x` / `db.m5.large.tpc1.mem2x` (family and size of the standard class, plus the
 * variant); undefined for anything else (`db.serverless`, a name outside the convention).
 */
export function parseDbClass(dbInstanceClass: string): DbClassParts | undefined {
  const m = DB_CLASS_RE.exec(dbInstanceClass);
  if (!m) return undefined;
  const [, family = '', letters = '', gen = '', attributes = '', size = '', tpc, mem] = m;
  return {
    family: `db.${family}`,
    letters,
    generation: Number(gen),
    attributes,
    size,
    ...(tpc !== undefined && mem !== undefined
      ? { preconfigured: { threadsPerCore: Number(tpc), memoryRatio: Number(mem) } }
      : {}),
  };
}

/** `db.m4.large` -> `db.m4`; `db.r5b.4xlarge.tpc2.mem2x` -> `db.r5b`. */
export function dbClassFamily(dbInstanceClass: string): string {
  const parsed = parseDbClass(dbInstanceClass);
  if (parsed) return parsed.family;
  const parts = dbInstanceClass.split('.');
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : dbInstanceClass;
}
