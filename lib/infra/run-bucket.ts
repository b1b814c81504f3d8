/**
 * The run bucket: Plan's unit list (read by the Distributed Map's ItemReader), the Map's ResultWriter
 * files and the digest's Markdown. Private, encrypted, TLS only, and short-lived: everything in it is
 * also in the table or reproducible, so objects expire.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Days a run's files stay (a month covers `perfscan run --remote --wait` and looking into a failed run). */
export const RUN_FILES_DAYS = 35;

export class RunBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
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
        { id: 'expire-run-files', expiration: Duration.days(RUN_FILES_DAYS) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
