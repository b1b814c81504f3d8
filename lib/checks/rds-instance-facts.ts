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
