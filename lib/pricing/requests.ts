/**
 * What perfscan asks the AWS Price List for: one request per SKU a finding's change needs, each with its
 * GetProducts service code and TERM_MATCH filters, and a stable id (the cache key). Pure: no SDK here.
 *
 * Filters follow the Price List attribute names (Billing user guide, "Using the AWS Price List Query API";
 * GetProducts API reference): EC2 instances by regionCode, instanceType, operatingSystem, tenancy,
 * preInstalledSw, capacitystatus, licenseModel; EBS by volumeApiName and productFamily; Lambda duration by
 * group (AWS-Lambda-Duration / AWS-Lambda-Duration-ARM); RDS by databaseEngine and deploymentOption.
 */
import type { ParsedProduct } from './documents.js';

export type PriceRequest =
  | {
      kind: 'ec2-instance';
      region: string;
      instanceType: string;
      /** Price List operatingSystem: Linux | Windows. */
      operatingSystem: 'Linux' | 'Windows';
      /** Price List tenancy: Shared | Dedicated | Host. */
      tenancy: 'Shared' | 'Dedicated';
    }
  | { kind: 'ebs-storage'; region: string; volumeApiName: string }
  | { kind: 'ebs-iops'; region: string; volumeApiName: string }
  | { kind: 'lambda-duration'; region: string; architecture: 'x86_64' | 'arm64' }
  | {
      kind: 'rds-instance';
      region: string;
      instanceType: string;
      /** Price List databaseEngine: MySQL, PostgreSQL, MariaDB, Aurora MySQL, ... */
      databaseEngine: string;
      deploymentOption: 'Single-AZ' | 'Multi-AZ';
    };

export interface ProductQuery {
  ServiceCode: string;
  Filters: { Type: 'TERM_MATCH'; Field: string; Value: string }[];
}

/** The id a price is cached and looked up under, e.g. `ebs-storage|us-east-1|gp2`. */
export function priceId(r: PriceRequest): string {
  switch (r.kind) {
    case 'ec2-instance':
      return ['ec2-instance', r.region, r.instanceType, r.operatingSystem, r.tenancy].join('|');
    case 'ebs-storage':
    case 'ebs-iops':
      return [r.kind, r.region, r.volumeApiName].join('|');
    case 'lambda-duration':
      return [r.kind, r.region, r.architecture].join('|');
    case 'rds-instance':
      return [r.kind, r.region, r.instanceType, r.databaseEngine, r.deploymentOption].join('|');
  }
}

const term = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });

/** The Lambda duration product group per architecture (AWSLambda price list `group` attribute). */
export const LAMBDA_DURATION_GROUP = {
  x86_64: 'AWS-Lambda-Duration',
  arm64: 'AWS-Lambda-Duration-ARM',
} as const;

export function productQuery(r: PriceRequest): ProductQuery {
  switch (r.kind) {
    case 'ec2-instance':
      return {
        ServiceCode: 'AmazonEC2',
        Filters: [
          term('regionCode', r.region),
          term('instanceType', r.instanceType),
          term('operatingSystem', r.operatingSystem),
          term('tenancy', r.tenancy),
          term('preInstalledSw', 'NA'),
          term('capacitystatus', 'Used'),
          term('licenseModel', 'No License required'),
        ],
      };
    case 'ebs-storage':
      return {
        ServiceCode: 'AmazonEC2',
        Filters: [
          term('regionCode', r.region),
          term('volumeApiName', r.volumeApiName),
          term('productFamily', 'Storage'),
        ],
      };
    case 'ebs-iops':
      return {
        ServiceCode: 'AmazonEC2',
        Filters: [
          term('regionCode', r.region),
          term('volumeApiName', r.volumeApiName),
          term('productFamily', 'System Operation'),
          term('group', 'EBS IOPS'),
        ],
      };
    case 'lambda-duration':
      return {
        ServiceCode: 'AWSLambda',
        Filters: [term('regionCode', r.region), term('group', LAMBDA_DURATION_GROUP[r.architecture])],
      };
    case 'rds-instance':
      return {
        ServiceCode: 'AmazonRDS',
        Filters: [
          term('regionCode', r.region),
          term('instanceType', r.instanceType),
          term('databaseEngine', r.databaseEngine),
          term('deploymentOption', r.deploymentOption),
        ],
      };
  }
}

/** The unit each request is priced in (a product in another unit is not the one asked for). */
const EXPECTED_UNIT: Record<PriceRequest['kind'], RegExp> = {
  'ec2-instance': /^Hrs$/i,
  'ebs-storage': /^GB-Mo$/i,
  'ebs-iops': /^IOPS-Mo$/i,
  'lambda-duration': /^(Lambda-)?GB-Second$/i,
  'rds-instance': /^Hrs$/i,
};

/**
 * The on-demand price dimension that answers `r` among the products GetProducts returned: every filter
 * matches the product's attributes (productFamily included), the unit is the expected one, the price is
 * positive; for tiered prices (Lambda duration) the first tier (beginRange 0). Several matching products
 * with different prices are ambiguous: none is chosen (the finding gets no saving and a gap says so).
 */
export function pickPrice(
  r: PriceRequest,
  products: readonly ParsedProduct[],
): { product: ParsedProduct; dimension: ParsedProduct['onDemand'][number] } | 'ambiguous' | undefined {
  const q = productQuery(r);
  const matches: { product: ParsedProduct; dimension: ParsedProduct['onDemand'][number] }[] = [];
  for (const p of products) {
    const ok = q.Filters.every((f) =>
      f.Field === 'productFamily' ? p.productFamily === f.Value : p.attributes[f.Field] === f.Value,
    );
    if (!ok) continue;
    const dims = p.onDemand
      .filter((d) => EXPECTED_UNIT[r.kind].test(d.unit) && d.usd > 0)
      .sort((a, b) => a.beginRange - b.beginRange);
    const first = dims[0];
    if (first) matches.push({ product: p, dimension: first });
  }
  const distinct = new Set(matches.map((m) => m.dimension.usd));
  if (distinct.size > 1) return 'ambiguous';
  return matches[0];
}
