/**
 * What perfscan asks the AWS Price List for: one request per SKU a finding's change needs, each with its
 * GetProducts service code and TERM_MATCH filters, and a stable id (the cache key); and the plan that answers
 * many requests with one query (`planBatches`: ANY_OF over the one attribute they differ in). Pure: no SDK here.
 *
 * Filters follow the Price List attribute names (Billing user guide, "Using the AWS Price List Query API";
 * GetProducts API reference): EC2 instances by regionCode, instanceType, operatingSystem, tenancy,
 * preInstalledSw, capacitystatus, licenseModel; EBS by volumeApiName, productFamily and group (`EBS IOPS`,
 * io2's `EBS IOPS Tier 2` and `EBS IOPS Tier 3`, magnetic's `EBS I/O Requests`); Lambda duration by
 * group (AWS-Lambda-Duration / AWS-Lambda-Duration-ARM); RDS by databaseEngine and deploymentOption;
 * ElastiCache nodes (AmazonElastiCache) by instanceType, cacheEngine and productFamily `Cache Instance`.
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
  | {
      kind: 'ebs-iops';
      region: string;
      volumeApiName: string;
      /** io2's tiers above 32,000 IOPS (group `EBS IOPS Tier 2` / `Tier 3`); absent: the first (`EBS IOPS`). */
      tier?: 2 | 3;
    }
  /** Magnetic (standard) I/O requests: group `EBS I/O Requests`, priced per I/O (unit `IOs`). */
  | { kind: 'ebs-io-requests'; region: string; volumeApiName: 'standard' }
  | { kind: 'lambda-duration'; region: string; architecture: 'x86_64' | 'arm64' }
  | {
      kind: 'elasticache-node';
      region: string;
      /** Node type, e.g. cache.m6g.large (Price List instanceType). */
      instanceType: string;
      /** Price List cacheEngine: Redis | Memcached | Valkey. */
      cacheEngine: string;
    }
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
    case 'ebs-io-requests':
      return [r.kind, r.region, r.volumeApiName].join('|');
    case 'ebs-iops':
      return [r.kind, r.region, r.volumeApiName, ...(r.tier ? [`tier${r.tier}`] : [])].join('|');
    case 'lambda-duration':
      return [r.kind, r.region, r.architecture].join('|');
    case 'rds-instance':
      return [r.kind, r.region, r.instanceType, r.databaseEngine, r.deploymentOption].join('|');
    case 'elasticache-node':
      return [r.kind, r.region, r.instanceType, r.cacheEngine].join('|');
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
          term('group', r.tier ? `EBS IOPS Tier ${r.tier}` : 'EBS IOPS'),
        ],
      };
    case 'ebs-io-requests':
      return {
        ServiceCode: 'AmazonEC2',
        Filters: [
          term('regionCode', r.region),
          term('volumeApiName', r.volumeApiName),
          term('productFamily', 'System Operation'),
          term('group', 'EBS I/O Requests'),
        ],
      };
    case 'lambda-duration':
      return {
        ServiceCode: 'AWSLambda',
        Filters: [term('regionCode', r.region), term('group', LAMBDA_DURATION_GROUP[r.architecture])],
      };
    case 'elasticache-node':
      return {
        ServiceCode: 'AmazonElastiCache',
        Filters: [
          term('regionCode', r.region),
          term('instanceType', r.instanceType),
          term('cacheEngine', r.cacheEngine),
          term('productFamily', 'Cache Instance'),
        ],
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

/** A GetProducts filter as perfscan sends it: TERM_MATCH for one value, ANY_OF for a comma-separated list. */
export interface ProductFilter {
  Type: 'TERM_MATCH' | 'ANY_OF';
  Field: string;
  Value: string;
}

/** One GetProducts query answering several requests (`requests`, each matched back by pickPrice). */
export interface BatchQuery {
  ServiceCode: string;
  Filters: ProductFilter[];
  requests: PriceRequest[];
}

/**
 * Filter.Value is at most 1,024 characters (GetProducts API reference, "Filter": "Length Constraints: Maximum
 * length of 1024"); an ANY_OF list is that value, its items separated by commas.
 */
export const ANY_OF_MAX_CHARS = 1024;
/**
 * perfscan's own cap on the values of one ANY_OF (AWS documents no count, only the length): each value
 * answers with about one product, so a batch stays within one or two pages of 100 products.
 */
export const ANY_OF_MAX_VALUES = 50;

/**
 * The fewest GetProducts queries that answer `requests` (deduplicated by price id). Generic over request
 * kinds: requests with the same service code and the same filter fields form a group; within a group, for
 * each field in turn, the requests that agree on every other field can share one query with that field as
 * ANY_OF of their values (chunked at ANY_OF_MAX_VALUES values and ANY_OF_MAX_CHARS characters); the field
 * that gives the fewest queries is chosen (e.g. instanceType for EC2 instances of one region, regionCode for
 * the Lambda duration of one architecture). A value containing a comma cannot be listed and is asked alone;
 * a query of one value is a plain TERM_MATCH, exactly the request's own productQuery.
 *
 * Every product a batch returns matches all of its requests' other filters, so each request's answer is
 * pickPrice(request, products) over the batch's products: the same products its own query would return.
 */
export function planBatches(requests: readonly PriceRequest[]): BatchQuery[] {
  const unique = new Map<string, PriceRequest>();
  for (const r of requests) if (!unique.has(priceId(r))) unique.set(priceId(r), r);
  const groups = new Map<string, { r: PriceRequest; q: ProductQuery }[]>();
  for (const r of unique.values()) {
    const q = productQuery(r);
    const sig = JSON.stringify([q.ServiceCode, q.Filters.map((f) => f.Field)]);
    const g = groups.get(sig) ?? [];
    g.push({ r, q });
    groups.set(sig, g);
  }
  const out: BatchQuery[] = [];
  for (const g of groups.values()) {
    const fields = g[0]!.q.Filters.map((f) => f.Field);
    let best: BatchQuery[] | undefined;
    for (let k = 0; k < fields.length; k++) {
      const plan = batchesOn(g, k);
      if (!best || plan.length < best.length) best = plan;
    }
    out.push(...(best ?? []));
  }
  return out;
}

/** The queries for one group when filter `k` becomes ANY_OF among requests agreeing on the others. */
function batchesOn(group: readonly { r: PriceRequest; q: ProductQuery }[], k: number): BatchQuery[] {
  const byRest = new Map<string, { q: ProductQuery; items: { r: PriceRequest; value: string }[] }>();
  const out: BatchQuery[] = [];
  for (const { r, q } of group) {
    const value = q.Filters[k]!.Value;
    if (value.includes(',') || value.length > ANY_OF_MAX_CHARS) {
      out.push({ ServiceCode: q.ServiceCode, Filters: q.Filters.map((f) => ({ ...f })), requests: [r] });
      continue;
    }
    const rest = JSON.stringify(q.Filters.filter((_, i) => i !== k).map((f) => f.Value));
    const e = byRest.get(rest) ?? { q, items: [] };
    e.items.push({ r, value });
    byRest.set(rest, e);
  }
  for (const { q, items } of byRest.values()) {
    // Several requests may share a value (they differ in no filter of this query, only in the price id).
    const values = new Map<string, PriceRequest[]>();
    for (const it of items) values.set(it.value, [...(values.get(it.value) ?? []), it.r]);
    let chunk: string[] = [];
    let chars = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      const Filters: ProductFilter[] = q.Filters.map((f, i) =>
        i !== k
          ? { ...f }
          : chunk.length === 1
            ? { Type: 'TERM_MATCH', Field: f.Field, Value: chunk[0]! }
            : { Type: 'ANY_OF', Field: f.Field, Value: chunk.join(',') },
      );
      out.push({ ServiceCode: q.ServiceCode, Filters, requests: chunk.flatMap((v) => values.get(v)!) });
      chunk = [];
      chars = 0;
    };
    for (const v of values.keys()) {
      const add = v.length + (chunk.length > 0 ? 1 : 0);
      if (chunk.length >= ANY_OF_MAX_VALUES || chars + add > ANY_OF_MAX_CHARS) flush();
      chars += v.length + (chunk.length > 0 ? 1 : 0);
      chunk.push(v);
    }
    flush();
  }
  return out;
}

/** The unit each request is priced in (a product in another unit is not the one asked for). */
const EXPECTED_UNIT: Record<PriceRequest['kind'], RegExp> = {
  'ec2-instance': /^Hrs$/i,
  'ebs-storage': /^GB-Mo$/i,
  'ebs-iops': /^IOPS-Mo$/i,
  'ebs-io-requests': /^IOs$/i,
  'lambda-duration': /^(Lambda-)?GB-Second$/i,
  'rds-instance': /^Hrs$/i,
  'elasticache-node': /^Hrs$/i,
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
