/** The one DynamoDB table (DESIGN.md "DynamoDB"): on-demand, point-in-time recovery, encrypted, TTL. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '#lib/model/table.js';

export class ScanTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: { retain?: boolean } = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_DESIGN.ttlAttribute,
      deletionProtection: props.retain ?? true,
      removalPolicy: props.retain === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_DESIGN.scansByTime.indexName,
      partitionKey: { name: TABLE_DESIGN.scansByTime.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.scansByTime.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
}
