/**
 * The run bucket: Plan's unit list (read by the Distributed Map's ItemReader), the Map's ResultWriter
 * files, the digest's Markdown, and each unit's snapshot (so a stored scan can be re-judged). Private,
 * encrypted, TLS only. Run files are short-lived (everything in them is also in the table or reproducible);
 * snapshots live as long as the findings they were judged into (the findings' TTL), so a scan whose findings
 * still exist can be rescored.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SNAPSHOTS_PREFIX } from '#lib/store/snapshot-keys.js';
import { MAP_RESULTS_PREFIX } from './scan-state-machine.js';

/** Days a run's files stay (a month covers `perfscan run --remote --wait` and looking into a failed run). */
export const RUN_FILES_DAYS = 35;

/**
 * Prefixes of the run files, each expiring after RUN_FILES_DAYS (`runs/`: unit lists and digests,
 * functions/run-files.ts; the Map's ResultWriter files). A new kind of run file goes under one of these or
 * gets its own entry here: S3 lifecycle rules cannot say "everything but the snapshots".
 */
export const RUN_FILE_PREFIXES = ['runs/', `${MAP_RESULTS_PREFIX}/`] as const;

export interface RunBucketProps {
  /** Days a unit snapshot stays: the findings' TTL (FINDINGS_TTL_DAYS, default 400). */
  snapshotDays: number;
}

export class RunBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: RunBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
      lifecycleRules: [
        ...RUN_FILE_PREFIXES.map((prefix) => ({
          id: `expire-run-files-${prefix.replace(/\/$/, '')}`,
          prefix,
          expiration: Duration.days(RUN_FILES_DAYS),
        })),
        {
          id: 'expire-snapshots-with-findings',
          prefix: `${SNAPSHOTS_PREFIX}/`,
          expiration: Duration.days(props.snapshotDays),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
